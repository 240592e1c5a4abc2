"""The platform's error base: every error a user may see derives from :class:`PoliceAIError`."""


class PoliceAIError(Exception):
    """An error with a message fit to show to the person who caused it."""

    status_code = 400


class NotFoundError(PoliceAIError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    status_code = 404


class ConflictError(PoliceAIError):
    """Someone else changed the same record first; reload and try again."""

    status_code = 409


class ForbiddenError(PoliceAIError):
    """The caller may not do this."""

    status_code = 403
