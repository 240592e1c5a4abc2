"""Cases: list, open, read, change, and see who did what (history) and who looked (s.62)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from policeai.web.auth import supervisor_only
from policeai.web.dependencies import DEPENDENCIES, ExpectedVersion, Service
from policeai.web.schemas import (
    AccessLogEntry,
    CaseDetail,
    CaseList,
    CaseSummary,
    Changed,
    Classification,
    Closing,
    EntityRecorded,
    HistoryEvent,
    NewEntity,
    NewOutcome,
    NewStatement,
    OpenCase,
    Opened,
    StatementAdded,
    to_struct,
    to_structs,
)

Status = Annotated[Literal["open", "closed"] | None, QueryParameter(description="open or closed")]
Limit = Annotated[int, QueryParameter(ge=1, le=500)]
#: Any larger offset is past every case there could be, and past what a database can take.
Offset = Annotated[int, QueryParameter(ge=0, le=2**31 - 1)]


class CaseController(Controller):
    path = "/cases"
    tags = ["cases"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = DEPENDENCIES

    @get("/", operation_id="listCases", sync_to_thread=True)
    def list_cases(
        self,
        service: Service,
        status: Status = None,
        offence: FromQuery[str | None] = None,
        officer: FromQuery[str | None] = None,
        reported_from: FromQuery[datetime | None] = None,
        reported_to: FromQuery[datetime | None] = None,
        q: FromQuery[str | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> CaseList:
        """Your force's cases, newest report first; ``q`` searches narratives and statements."""
        rows = service.list_cases(
            status=status,
            offence=offence,
            officer=officer,
            reported_from=reported_from,
            reported_to=reported_to,
            search=q,
            limit=limit,
            offset=offset,
        )
        return CaseList(cases=to_structs(CaseSummary, rows), limit=limit, offset=offset)

    @post("/", operation_id="openCase", sync_to_thread=True)
    def open_case(self, service: Service, data: JSONBody[OpenCase]) -> Opened:
        """Open a case; it gets the force's next crime reference number."""
        opened = service.open_case(
            narrative=data.narrative,
            location=data.location,
            reported_at=data.reported_at,
            reporting_officer=data.reporting_officer,
        )
        return to_struct(Opened, opened)

    @get("/{case_id:uuid}", operation_id="getCase", sync_to_thread=True)
    def get_case(self, service: Service, case_id: FromPath[UUID]) -> CaseDetail:
        """The whole case. Needs X-Purpose: reading it is logged as a consultation."""
        return to_struct(CaseDetail, service.get_case(case_id))

    @get("/{case_id:uuid}/history", operation_id="getCaseHistory", sync_to_thread=True)
    def history(self, service: Service, case_id: FromPath[UUID]) -> list[HistoryEvent]:
        """Every change to the case: what, who, when, why. Needs X-Purpose."""
        return to_structs(HistoryEvent, service.history(case_id))

    @get(
        "/{case_id:uuid}/access-log",
        operation_id="getCaseAccessLog",
        guards=[supervisor_only],
        sync_to_thread=True,
    )
    def access_log(self, service: Service, case_id: FromPath[UUID]) -> list[AccessLogEntry]:
        """Who consulted, changed or disclosed the case, when and why (supervisors only)."""
        return to_structs(AccessLogEntry, service.access_log(case_id))

    @post("/{case_id:uuid}/statements", operation_id="addStatement", sync_to_thread=True)
    def add_statement(
        self,
        service: Service,
        case_id: FromPath[UUID],
        data: JSONBody[NewStatement],
        expected_version: ExpectedVersion,
    ) -> StatementAdded:
        """Add a statement or document to the case."""
        added = service.add_statement(
            case_id,
            text=data.text,
            author=data.author,
            kind=data.kind,
            expected_version=expected_version,
        )
        return to_struct(StatementAdded, added)

    @post("/{case_id:uuid}/entities", operation_id="recordEntity", sync_to_thread=True)
    def record_entity(
        self,
        service: Service,
        case_id: FromPath[UUID],
        data: JSONBody[NewEntity],
        expected_version: ExpectedVersion,
    ) -> EntityRecorded:
        """Record a person, object, location or event, with its role and identifiers."""
        recorded = service.record_entity(
            case_id,
            entity_type=data.entity_type,
            role=data.role,
            name=data.name,
            identifiers=data.identifiers,
            subtype=data.subtype,
            expected_version=expected_version,
        )
        return to_struct(EntityRecorded, recorded)

    @post(
        "/{case_id:uuid}/classification",
        operation_id="classifyCase",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
    )
    def classify(
        self,
        service: Service,
        case_id: FromPath[UUID],
        data: JSONBody[Classification],
        expected_version: ExpectedVersion,
    ) -> Changed:
        """Classify the crime with a Home Office offence code."""
        changed = service.classify(case_id, data.offence_code, expected_version=expected_version)
        return to_struct(Changed, changed)

    @post(
        "/{case_id:uuid}/outcome",
        operation_id="recordOutcome",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
    )
    def record_outcome(
        self,
        service: Service,
        case_id: FromPath[UUID],
        data: JSONBody[NewOutcome],
        expected_version: ExpectedVersion,
    ) -> Changed:
        """Record a Home Office outcome type (0-22)."""
        changed = service.record_outcome(
            case_id, data.outcome, data.note, expected_version=expected_version
        )
        return to_struct(Changed, changed)

    @post(
        "/{case_id:uuid}/close",
        operation_id="closeCase",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
    )
    def close(
        self,
        service: Service,
        case_id: FromPath[UUID],
        expected_version: ExpectedVersion,
        data: JSONBody[Closing | None] = None,
    ) -> Changed:
        """Close the case; it needs a final outcome first."""
        reason = data.reason if data else ""
        changed = service.close_case(case_id, reason, expected_version=expected_version)
        return to_struct(Changed, changed)
