"""Case pages: the list with filters and search, opening a case, stating a purpose, the case
page, and the forms that change a case (statement, entity, classification, outcome, close)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from litestar import Controller, MediaType, Request, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Response

from policeai.core.cases.entities import ENTITY_TYPES, OBJECT_SUBTYPES, ROLES
from policeai.core.cases.identifiers import IDENTIFIER_KINDS
from policeai.core.cases.offences import OFFENCES
from policeai.core.cases.outcomes import OUTCOMES
from policeai.core.errors import NotFoundError, PoliceAIError
from policeai.web.ui.casepage import (
    case_page,
    case_reference,
    needs_purpose,
    offence_choices,
    tool_service,
)
from policeai.web.ui.forms import MAX_TEXT, PURPOSES, Form, form_of
from policeai.web.ui.present import crime_recording_decision
from policeai.web.ui.sessions import (
    CASE_READERS,
    CASE_WRITERS,
    allow,
    flash,
    purpose_for,
    remember_purpose,
)
from policeai.web.ui.templating import IDENTIFIER_NAMES, LONDON, page, when_input

FormData = URLEncodedBody[dict[str, Any]]
PAGE_SIZE = 25
STATUSES = ("open", "closed")
OPENING_PURPOSE = "Recording or updating the crime record"


def _filters(request: Request[Any, Any, Any]) -> tuple[Form, dict[str, Any]]:
    """The case list's filters from the query string, checked."""
    query = request.query_params
    form = Form(
        {k: query.get(k, "") for k in ("status", "offence", "officer", "q", "from", "to", "page")}
    )
    filters: dict[str, Any] = {}
    status = form.choice("status", "a status", STATUSES, required=False)
    filters["status"] = status or None
    offence = str(form.get("offence")).strip().upper()
    if offence and offence not in OFFENCES:
        form.fail("offence", "Choose an offence from the list")
    filters["offence"] = offence or None
    filters["officer"] = form.text("officer", "an officer's username", max_length=100) or None
    filters["search"] = form.text("q", "words to search for", max_length=200) or None
    for name, label, key in (
        ("from", "the first date", "reported_from"),
        ("to", "the last date", "reported_to"),
    ):
        raw = str(form.get(name)).strip()
        if not raw:
            continue
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            form.fail(name, f"Enter {label} as a date, for example 2026-01-31")
            continue
        start = datetime.combine(day, time(), tzinfo=LONDON)
        filters[key] = (start + timedelta(days=1) if name == "to" else start).astimezone(UTC)
    number = form.number("page", "the page number", minimum=1, maximum=10_000) or 1
    filters["offset"] = (number - 1) * PAGE_SIZE
    filters["limit"] = PAGE_SIZE
    return form, filters


def _change(
    request: Request[Any, Any, Any],
    case_id: UUID,
    form: Form,
    form_name: str,
    action: Callable[[Any], Any],
    done: str,
    anchor: str,
) -> Response[Any]:
    """Run a change as the user, if the form is valid; on success go back to the case with a
    message, otherwise show the case again with the form as typed and what is wrong."""
    redirect = needs_purpose(request, case_id)
    if redirect is not None:
        return redirect
    if form.ok:
        tools = tool_service(request, purpose_for(request, str(case_id)))
        try:
            action(tools)
        except NotFoundError:
            raise
        except PoliceAIError as exc:
            form.message = str(exc)
    if not form.ok:
        return case_page(request, case_id, forms={form_name: form}, status_code=422)
    flash(request, done)
    return Redirect(path=f"/cases/{case_id}#{anchor}", status_code=303)


class CasePages(Controller):
    path = "/cases"
    guards = [allow(*CASE_READERS)]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", name="cases", media_type=MediaType.HTML, sync_to_thread=True)
    def list_cases(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The force's cases, newest report first, with filters and full-text search."""
        form, filters = _filters(request)
        rows: list[dict[str, Any]] = []
        if form.ok:
            tools = tool_service(request, None)
            rows = tools.list_cases(**filters)
        current = (filters["offset"] // PAGE_SIZE) + 1
        return page(
            request,
            "cases/list.html",
            title="Cases",
            form=form,
            rows=[
                {**row, "crd": crime_recording_decision({**row, "crd_overdue": _overdue(row)})}
                for row in rows
            ],
            statuses=STATUSES,
            offence_choices=offence_choices(),
            page_number=current,
            has_next=len(rows) == PAGE_SIZE,
            query=_query_without_page(request),
            can_write=request.user["role"] in CASE_WRITERS,
        )

    @get("/new", name="new_case", media_type=MediaType.HTML, guards=[allow(*CASE_WRITERS)])
    async def new_case(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = Form({"reported_at": when_input(datetime.now(UTC)), "purpose": OPENING_PURPOSE})
        return page(request, "cases/new.html", title="Record a crime", form=form, purposes=PURPOSES)

    @post("/", media_type=MediaType.HTML, guards=[allow(*CASE_WRITERS)], sync_to_thread=True)
    def open_case(self, request: Request[Any, Any, Any], data: FormData) -> Response[Any]:
        """Open a case: it gets the force's next crime reference number."""
        form = form_of(data)
        narrative = form.text("narrative", "what was reported", required=True, max_length=MAX_TEXT)
        location = form.text("location", "where it happened", required=True)
        reported_at = form.local_datetime("reported_at", "when it was reported")
        if reported_at is not None and reported_at > datetime.now(UTC) + timedelta(minutes=5):
            form.fail("reported_at", "The time it was reported cannot be in the future")
        officer = form.text("reporting_officer", "the reporting officer", max_length=100)
        purpose = form.purpose()
        opened = None
        if form.ok and reported_at is not None:
            try:
                opened = tool_service(request, purpose).open_case(
                    narrative=narrative,
                    location=location,
                    reported_at=reported_at,
                    reporting_officer=officer or None,
                )
            except PoliceAIError as exc:
                form.message = str(exc)
        if opened is None:
            return page(
                request,
                "cases/new.html",
                title="Record a crime",
                form=form,
                purposes=PURPOSES,
                status_code=422,
            )
        remember_purpose(request, str(opened["case_id"]), purpose)
        flash(request, f"Opened case {opened['reference']}.")
        return Redirect(path=f"/cases/{opened['case_id']}", status_code=303)

    @get("/{case_id:uuid}", name="case", media_type=MediaType.HTML, sync_to_thread=True)
    def case(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[UUID],
        invocation: FromQuery[UUID | None] = None,
    ) -> Response[Any]:
        """The case page; the first time in a session, the user says why they open it."""
        return case_page(request, case_id, invocation_id=invocation)

    @get("/{case_id:uuid}/purpose", media_type=MediaType.HTML, sync_to_thread=True)
    def purpose_form(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID]
    ) -> Response[Any]:
        reference = case_reference(request, case_id)
        current = purpose_for(request, str(case_id)) or ""
        values = (
            {"purpose": current}
            if current in PURPOSES
            else {"purpose": "other" if current else "", "purpose_other": current}
        )
        return page(
            request,
            "cases/purpose.html",
            title=f"Why are you opening {reference}?",
            reference=reference,
            case_id=case_id,
            form=Form(values),
            purposes=PURPOSES,
        )

    @post("/{case_id:uuid}/purpose", media_type=MediaType.HTML, sync_to_thread=True)
    def state_purpose(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        reference = case_reference(request, case_id)
        form = form_of(data)
        purpose = form.purpose()
        if not form.ok:
            return page(
                request,
                "cases/purpose.html",
                title=f"Why are you opening {reference}?",
                reference=reference,
                case_id=case_id,
                form=form,
                purposes=PURPOSES,
                status_code=422,
            )
        remember_purpose(request, str(case_id), purpose)
        return Redirect(path=f"/cases/{case_id}", status_code=303)

    @post("/{case_id:uuid}/statements", guards=[allow(*CASE_WRITERS)], sync_to_thread=True)
    def add_statement(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        form = form_of(data)
        text = form.text(
            "text", "the statement's text", required=True, max_length=MAX_TEXT, strip=False
        )
        author = form.text("author", "who made or wrote it", required=True)
        kind = form.choice(
            "kind", "whether it is a statement or a document", ("statement", "document")
        )
        return _change(
            request,
            case_id,
            form,
            "statement",
            lambda tools: tools.add_statement(
                case_id, text=text, author=author, kind=kind, expected_version=form.version()
            ),
            f"{kind.capitalize()} by {author} added.",
            "statements",
        )

    @post("/{case_id:uuid}/entities", guards=[allow(*CASE_WRITERS)], sync_to_thread=True)
    def record_entity(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        form = form_of(data)
        entity_type = form.choice("entity_type", "what kind of entity it is", ENTITY_TYPES)
        subtype = None
        if entity_type == "object":
            subtype = form.choice("subtype", "what kind of object it is", OBJECT_SUBTYPES)
        role = form.choice("role", "the role in this case", ROLES)
        name = form.text("name", "a name or description")
        identifiers = {}
        for kind in IDENTIFIER_KINDS:
            value = form.identifier(
                f"identifier_{kind}", kind, f"the {IDENTIFIER_NAMES.get(kind, kind)}"
            )
            if value:
                identifiers[kind] = value
        if form.ok and not name and not identifiers:
            form.fail("name", "Enter a name or description, or at least one identifier")
        return _change(
            request,
            case_id,
            form,
            "entity",
            lambda tools: tools.record_entity(
                case_id,
                entity_type=entity_type,
                role=role,
                name=name,
                identifiers=identifiers,
                subtype=subtype,
                expected_version=form.version(),
            ),
            f"Recorded {subtype or entity_type} "
            f"{name or ', '.join(identifiers.values())} as {role}.",
            "entities",
        )

    @post("/{case_id:uuid}/classification", guards=[allow(*CASE_WRITERS)], sync_to_thread=True)
    def classify(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        form = form_of(data)
        code = form.choice("code", "the offence", OFFENCES)
        return _change(
            request,
            case_id,
            form,
            "classification",
            lambda tools: tools.classify(case_id, code, expected_version=form.version()),
            f"Classified as {code} {OFFENCES[code].description}." if code in OFFENCES else "",
            "classification",
        )

    @post("/{case_id:uuid}/outcome", guards=[allow(*CASE_WRITERS)], sync_to_thread=True)
    def record_outcome(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        form = form_of(data)
        code = form.choice("outcome", "the outcome", [str(c) for c in OUTCOMES])
        note = form.text("note", "a note", max_length=10_000)
        number = int(code) if code.isdigit() else 0
        return _change(
            request,
            case_id,
            form,
            "outcome",
            lambda tools: tools.record_outcome(
                case_id, number, note, expected_version=form.version()
            ),
            f"Outcome {number} recorded: {OUTCOMES[number].title}." if number in OUTCOMES else "",
            "outcome",
        )

    @post("/{case_id:uuid}/close", guards=[allow(*CASE_WRITERS)], sync_to_thread=True)
    def close(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        form = form_of(data)
        reason = form.text("reason", "why the case is closed", required=True, max_length=10_000)
        return _change(
            request,
            case_id,
            form,
            "close",
            lambda tools: tools.close_case(case_id, reason, expected_version=form.version()),
            "Case closed.",
            "outcome",
        )

    @get(
        "/{case_id:uuid}/access-log",
        media_type=MediaType.HTML,
        guards=[allow("supervisor")],
        sync_to_thread=True,
    )
    def access_log(self, request: Request[Any, Any, Any], case_id: FromPath[UUID]) -> Response[Any]:
        """Who consulted, changed or disclosed the case, when and why (DPA 2018 s.62)."""
        redirect = needs_purpose(request, case_id)
        if redirect is not None:
            return redirect
        tools = tool_service(request, purpose_for(request, str(case_id)))
        entries = tools.access_log(case_id)
        return page(
            request,
            "cases/access_log.html",
            title=f"Access log of {case_reference(request, case_id)}",
            reference=case_reference(request, case_id),
            case_id=case_id,
            entries=list(reversed(entries)),
        )


def _overdue(row: dict[str, Any]) -> bool:
    due = row.get("crd_due")
    if due is None or row.get("classified_at"):
        return False
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    return datetime.now(UTC) > due


def _query_without_page(request: Request[Any, Any, Any]) -> str:
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in request.query_params.items() if k != "page" and v]
    return urlencode(pairs)
