"""The registry's domain errors."""

from __future__ import annotations

from policeai.core.errors import PoliceAIError


class RegistryError(PoliceAIError):
    """A change the registry's rules do not allow."""


class InvalidAtrsRecordError(RegistryError):
    """An ATRS record is missing a field or has a wrong value; the message names it."""


class InvalidModelCardError(RegistryError):
    """A model card is missing a section or has a wrong value; the message names it."""


class InvalidReleaseError(RegistryError):
    """A release's version, wheel or hash is wrong, or its manifest does not fit the entry."""


class DuplicateSlugError(RegistryError):
    status_code = 409


class DuplicateReleaseError(RegistryError):
    status_code = 409


class IllegalTransitionError(RegistryError):
    """A certification step the release's state does not allow."""

    status_code = 409
