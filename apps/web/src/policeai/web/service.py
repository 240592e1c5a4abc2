"""The API's use of the platform: every call runs as the signed-in user, for their force."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import distinct, func, select

from policeai.core.cases.views import case_list
from policeai.core.context import Actor, acting_as
from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform

T = TypeVar("T")

DEFAULT_PURPOSE = "case management"
MAX_PURPOSE_LENGTH = 200


class PurposeRequiredError(PoliceAIError):
    """Personal data was asked for without saying why (DPA 2018 s.62 logs the purpose)."""


def actor_for(user: dict[str, Any], purpose: str | None) -> Actor:
    """The signed-in user as an actor: their force and role come from their user record."""
    purpose = (purpose or "").strip()
    if len(purpose) > MAX_PURPOSE_LENGTH:
        raise PoliceAIError(f"the X-Purpose header may be at most {MAX_PURPOSE_LENGTH} characters")
    return Actor(
        user=user["username"],
        force=user["force"],
        purpose=purpose or DEFAULT_PURPOSE,
        role=user["role"],
    )


#: ``If-Match: 3``, ``"3"`` or ``W/"3"``: a version in ASCII digits, at most 18 of them (so
#: that it fits every database's 64-bit integer). An empty header is no header.
IF_MATCH = re.compile(r'(?:W/)?"?([0-9]{1,18})"?')
IF_MATCH_PATTERN = r'^\s*((W/)?"?[0-9]{1,18}"?)?\s*$'


def parse_if_match(value: str | None) -> int | None:
    """The case version a client last saw, from ``If-Match: 3`` (or ``"3"``, ``W/"3"``)."""
    if value is None or not value.strip():
        return None
    match = IF_MATCH.fullmatch(value.strip())
    if match is None:
        raise PoliceAIError(
            f"If-Match must be the case version you last read (a whole number), not {value!r}"
        )
    return int(match.group(1))


class CaseService:
    """Cases as one user sees them: reads and writes go through the platform as that user."""

    def __init__(self, platform: Platform, actor: Actor, *, purpose_given: bool) -> None:
        self.platform = platform
        self.actor = actor
        self.purpose_given = purpose_given

    def _as_actor(self, call: Callable[[], T], *, personal_data: bool = False) -> T:
        if personal_data and not self.purpose_given:
            raise PurposeRequiredError(
                "say why you need this personal data: send your purpose in the X-Purpose "
                "header (for example 'X-Purpose: investigating burglary DEMO/2026/000012'); "
                "it is recorded in the access log"
            )
        with acting_as(self.actor):
            return call()

    # -- reads ------------------------------------------------------------------------------

    def list_cases(self, **filters: Any) -> list[dict[str, Any]]:
        return self.platform.views.list_cases(force=self.actor.force, **filters)

    def get_case(self, case_id: UUID) -> dict[str, Any]:
        return self._as_actor(lambda: self.platform.cases.get_case(case_id), personal_data=True)

    def history(self, case_id: UUID) -> list[dict[str, Any]]:
        return self._as_actor(lambda: self.platform.cases.history(case_id), personal_data=True)

    def access_log(self, case_id: UUID) -> list[dict[str, Any]]:
        def read() -> list[dict[str, Any]]:
            self.platform.cases.case_version(case_id)  # another force's case is not found
            return self.platform.access_log.for_case(case_id, self.actor.force)

        return self._as_actor(read, personal_data=True)

    def cases_for_entity(self, key: str) -> list[dict[str, Any]]:
        return self._as_actor(
            lambda: self.platform.views.cases_for_entity(force=self.actor.force, key=key),
            personal_data=True,
        )

    # -- writes -----------------------------------------------------------------------------

    def open_case(
        self,
        *,
        narrative: str,
        location: str,
        reported_at: datetime,
        reporting_officer: str | None,
    ) -> dict[str, Any]:
        if reported_at.tzinfo is not None:
            reported_at = reported_at.astimezone(UTC)
        return self._as_actor(
            lambda: self.platform.cases.open_case(
                narrative=narrative,
                location=location,
                reported_at=reported_at,
                reporting_officer=reporting_officer,
            )
        )

    def add_statement(
        self, case_id: UUID, *, text: str, author: str, kind: str, expected_version: int | None
    ) -> dict[str, Any]:
        return self._change(
            case_id,
            "statement_id",
            lambda: self.platform.cases.add_statement(
                case_id, text=text, author=author, kind=kind, expected_version=expected_version
            ),
        )

    def record_entity(
        self,
        case_id: UUID,
        *,
        entity_type: str,
        role: str,
        name: str,
        identifiers: dict[str, str],
        subtype: str | None,
        expected_version: int | None,
    ) -> dict[str, Any]:
        return self._change(
            case_id,
            "entity_id",
            lambda: self.platform.cases.record_entity(
                case_id,
                entity_type=entity_type,
                role=role,
                name=name,
                identifiers=identifiers,
                subtype=subtype,
                expected_version=expected_version,
            ),
        )

    def classify(self, case_id: UUID, code: str, *, expected_version: int | None) -> dict[str, Any]:
        return self._change(
            case_id,
            None,
            lambda: self.platform.cases.classify(case_id, code, expected_version=expected_version),
        )

    def record_outcome(
        self, case_id: UUID, code: int, note: str, *, expected_version: int | None
    ) -> dict[str, Any]:
        return self._change(
            case_id,
            None,
            lambda: self.platform.cases.record_outcome(
                case_id, code, note, expected_version=expected_version
            ),
        )

    def close_case(
        self, case_id: UUID, reason: str, *, expected_version: int | None
    ) -> dict[str, Any]:
        return self._change(
            case_id,
            None,
            lambda: self.platform.cases.close_case(
                case_id, reason, expected_version=expected_version
            ),
        )

    def _change(
        self, case_id: UUID, id_name: str | None, command: Callable[[], Any]
    ) -> dict[str, Any]:
        """Run a command on the case as the user; return the new version (and a new id)."""

        def run() -> dict[str, Any]:
            created = command()
            changed = {"case_id": case_id, "version": self.platform.cases.case_version(case_id)}
            return {**changed, id_name: created} if id_name else changed

        return self._as_actor(run)


def figures(platform: Platform) -> dict[str, int]:
    """Counts for the home page and the health check: no personal data."""
    with platform.engine.connect() as conn:
        cases, forces = conn.execute(
            select(func.count(), func.count(distinct(case_list.c.force))).select_from(case_list)
        ).one()
    return {
        "cases": cases,
        "forces": forces,
        "users": platform.users.count(),
        "events": platform.cases.recorder.max_notification_id() or 0,
        "projected": platform.views.max_tracking_id(platform.cases.name) or 0,
    }
