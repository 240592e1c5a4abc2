"""The case page, put together for one user: the case as the services return it (read with the
purpose the user stated, so the s.62 log records it), its timeline, linked cases, the AI tools
the user may run and the suggestions waiting for a decision."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.response import Redirect, Response

from policeai.core.cases.entities import ENTITY_TYPES, OBJECT_SUBTYPES, ROLES
from policeai.core.cases.identifiers import IDENTIFIER_KINDS
from policeai.core.cases.offences import OFFENCE_GROUPS, OFFENCES
from policeai.core.cases.outcomes import OUTCOMES
from policeai.core.context import acting_as
from policeai.core.errors import NotFoundError
from policeai.core.platform import Platform
from policeai.web.service import actor_for
from policeai.web.tool_service import ToolService
from policeai.web.ui import present
from policeai.web.ui.forms import PURPOSES, Form
from policeai.web.ui.sessions import CASE_READERS, CASE_WRITERS, purpose_for
from policeai.web.ui.templating import page

#: The capabilities a tool can run on a case from the case page.
CASE_CAPABILITIES = {
    "offence_suggestion": "Suggest offences",
    "record_entry": "Propose record fields",
    "summarise": "Summarise the case",
    "redaction": "Redact a document",
}
#: Capabilities that work on one chosen document (the others take the narrative, or all).
ONE_DOCUMENT = {"offence_suggestion", "record_entry", "redaction"}
CLASSIFICATIONS = ("OFFICIAL", "OFFICIAL-SENSITIVE")
FINISHED = {"completed", "failed"}


def platform_of(request: Request[Any, Any, Any]) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


def tool_service(request: Request[Any, Any, Any], purpose: str | None) -> ToolService:
    """The services as the signed-in user, with the purpose they stated (if any)."""
    return ToolService(
        platform_of(request),
        actor_for(request.user, purpose),
        purpose_given=bool(purpose and purpose.strip()),
    )


def case_reference(request: Request[Any, Any, Any], case_id: UUID) -> str:
    """The case's reference, if the user's force holds the case (not logged: no personal
    data); another force's case is reported exactly as a missing one."""
    platform = platform_of(request)
    with acting_as(actor_for(request.user, None)):
        return str(platform.cases.load_case(case_id).reference)


def needs_purpose(request: Request[Any, Any, Any], case_id: UUID) -> Response[Any] | None:
    """A redirect to the purpose form when the user has not said why they open this case."""
    if purpose_for(request, str(case_id)):
        return None
    return Redirect(path=f"/cases/{case_id}/purpose", status_code=303)


class NameBook:
    """Usernames as people: ``PC 4127 Sarah Okonkwo (officer)``."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.cache: dict[str, str] = {}

    def __call__(self, username: str) -> str:
        if username.startswith("system:"):
            return f"the platform ({username.removeprefix('system:')})"
        if username not in self.cache:
            user = self.platform.users.get(username) if username else None
            self.cache[username] = f"{user['display_name']} ({username})" if user else username
        return self.cache[username]


def offence_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for offence in OFFENCES.values():
        grouped[offence.group].append((offence.code, offence.description))
    return [(group, grouped[group]) for group in OFFENCE_GROUPS if grouped.get(group)]


def outcome_choices() -> list[tuple[int, str]]:
    return [(outcome.code, outcome.title) for outcome in OUTCOMES.values()]


def documents_of(case: dict[str, Any]) -> list[dict[str, str]]:
    """The texts a tool may be run on: the narrative, then each statement and document."""
    docs = [{"doc_id": str(case["case_id"]), "label": "The narrative", "text": case["narrative"]}]
    for number, statement in enumerate(case.get("statements", []), start=1):
        docs.append(
            {
                "doc_id": str(statement["statement_id"]),
                "label": f"{statement['kind'].capitalize()} {number}, by {statement['author']}",
                "text": statement["text"],
            }
        )
    return docs


def _blank_forms(case: dict[str, Any], user: dict[str, Any]) -> dict[str, Form]:
    version = case["version"]
    offence = case.get("offence") or {}
    outcome = case.get("outcome") or {}
    return {
        "statement": Form({"kind": "statement", "version": version}),
        "entity": Form({"entity_type": "person", "role": "victim", "version": version}),
        "classification": Form({"code": offence.get("code", ""), "version": version}),
        "outcome": Form({"outcome": str(outcome.get("code", "")), "version": version}),
        "close": Form({"version": version}),
        "run": Form({"classification": "OFFICIAL", "version": version}),
    }


def _suggestions(case: dict[str, Any], forms: dict[str, Form]) -> list[dict[str, Any]]:
    """Each suggestion with its items; pending items carry their review form."""
    found = []
    for suggestion in case.get("suggestions", []):
        items = []
        for item in suggestion["items"]:
            key = f"item-{suggestion['suggestion_id']}-{item['item_id']}"
            value = item["value"]
            defaults = {
                "code": value.get("code", ""),
                "role": value.get("role", ""),
                "name": value.get("name", ""),
                "subtype": value.get("subtype") or "",
                "text": value.get("text", ""),
                **{f"identifier_{k}": v for k, v in (value.get("identifiers") or {}).items()},
                "version": case["version"],
            }
            source = (item.get("detail") or {}).get("source")
            items.append(
                {
                    **item,
                    "form_key": key,
                    "form": forms.get(key) or Form(defaults),
                    "quote": present.quote_source(case, source),
                }
            )
        pending = [i for i in items if i.get("decision") is None]
        found.append({**suggestion, "items": items, "pending": len(pending)})
    return list(reversed(found))


def case_page(
    request: Request[Any, Any, Any],
    case_id: UUID,
    *,
    forms: dict[str, Form] | None = None,
    invocation_id: UUID | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    """The whole case page (reading it is logged with the user's purpose)."""
    redirect = needs_purpose(request, case_id)
    if redirect is not None:
        return redirect
    platform = platform_of(request)
    user: dict[str, Any] = request.user
    purpose = purpose_for(request, str(case_id))
    tools = tool_service(request, purpose)
    case = tools.get_case(case_id)
    history = tools.history(case_id)
    names = NameBook(platform)
    force = user["force"]
    with acting_as(tools.actor):
        linked_rows = platform.views.linked_cases(force=force, case_id=case_id)
        for linked in {(row["case_id"], row["reference"]) for row in linked_rows}:
            platform.access_log.record(
                action="consultation",
                case_id=linked[0],
                case_reference=linked[1],
                subjects=sorted({r["key"] for r in linked_rows if r["case_id"] == linked[0]}),
                detail=f"shown as a case linked to {case['reference']}",
            )
    can_write = user["role"] in CASE_WRITERS and case["status"] == "open"
    all_forms = {**_blank_forms(case, user), **(forms or {})}
    invocation = None
    if invocation_id is not None:
        try:
            invocation = tools.invocation(invocation_id)
        except NotFoundError:
            invocation = None
        if invocation is not None and str(invocation["case_id"]) != str(case_id):
            invocation = None
    tool_list = [
        {
            **tool,
            "runnable": [c for c in tool["capabilities"] if c in CASE_CAPABILITIES],
        }
        for tool in tools.tools()
    ]
    ai_use = tools.case_tool_use(case_id) if user["role"] == "supervisor" else None
    return page(
        request,
        "cases/detail.html",
        status_code=status_code,
        headers=headers,
        title=f"Case {case['reference']}",
        case=case,
        purpose=purpose,
        purposes=PURPOSES,
        crd=present.crime_recording_decision(case),
        offence_source=present.provenance_of((case.get("offence") or {}).get("provenance"), names),
        statements=[
            {**s, "source": present.provenance_of(s.get("provenance"), names)}
            for s in case.get("statements", [])
        ],
        entity_groups=[
            (
                role,
                [{**e, "source": present.provenance_of(e.get("provenance"), names)} for e in group],
            )
            for role, group in present.entities_by_role(case.get("entities", []))
        ],
        linked=present.linked_cases(linked_rows),
        timeline=present.timeline(history, case, names),
        suggestions=_suggestions(case, all_forms),
        tools=tool_list,
        capability_names=CASE_CAPABILITIES,
        documents=documents_of(case),
        classifications=CLASSIFICATIONS,
        invocation=invocation,
        ai_use=ai_use,
        forms=all_forms,
        blank_run=Form({"classification": "OFFICIAL"}),
        can_write=can_write,
        can_run=user["role"] in CASE_READERS and case["status"] == "open",
        offence_choices=offence_choices(),
        outcome_choices=outcome_choices(),
        names=names,
        entity_types=ENTITY_TYPES,
        entity_roles=ROLES,
        object_subtypes=OBJECT_SUBTYPES,
        identifier_kinds=IDENTIFIER_KINDS,
    )
