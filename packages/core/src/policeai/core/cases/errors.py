"""The case domain's errors: each carries a message fit to show the person who caused it."""

from __future__ import annotations

from policeai.core.errors import PoliceAIError


class CaseError(PoliceAIError):
    """A change the case's rules do not allow."""


class CaseClosedError(CaseError):
    status_code = 409


class NotClassifiedError(CaseError):
    status_code = 409


class NoOutcomeError(CaseError):
    status_code = 409


class InvalidEntityError(CaseError):
    pass


class UnknownEntityError(CaseError):
    status_code = 404


class UnknownSuggestionError(CaseError):
    status_code = 404


class SuggestionDecidedError(CaseError):
    status_code = 409
