"""AI tools on a case: run one through the gateway, watch it run (htmx polls the invocation),
and review what it suggested field by field: accept (optionally edited) or reject with a
reason. Nothing a tool suggests is on the record until a person accepts it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, MediaType, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Response

from policeai.core.cases.entities import OBJECT_SUBTYPES, ROLES
from policeai.core.cases.offences import OFFENCES
from policeai.core.context import acting_as
from policeai.core.errors import NotFoundError, PoliceAIError
from policeai.web.ui.casepage import (
    CASE_CAPABILITIES,
    CLASSIFICATIONS,
    FINISHED,
    ONE_DOCUMENT,
    case_page,
    documents_of,
    needs_purpose,
    tool_service,
)
from policeai.web.ui.errors import is_htmx
from policeai.web.ui.forms import MAX_TEXT, Form, form_of
from policeai.web.ui.sessions import CASE_READERS, CASE_WRITERS, allow, flash, purpose_for
from policeai.web.ui.templating import IDENTIFIER_NAMES, page

FormData = URLEncodedBody[dict[str, Any]]
ITEM = "/suggestions/{suggestion_id:str}/items/{item_id:str}"


def tool_request(case: dict[str, Any], capability: str, doc_id: str) -> dict[str, Any]:
    """The tool's input, from the case: the chosen document, or all of them."""
    documents = documents_of(case)
    chosen = next((d for d in documents if d["doc_id"] == doc_id), documents[0])
    document = {"doc_id": chosen["doc_id"], "text": chosen["text"]}
    if capability == "offence_suggestion":
        return {"narrative": chosen["text"]}
    if capability == "record_entry":
        reported = case["reported_at"]
        return {
            "document": document,
            "report_time": getattr(reported, "isoformat", lambda: reported)(),
        }
    if capability == "summarise":
        return {"documents": [{"doc_id": d["doc_id"], "text": d["text"]} for d in documents]}
    return {"case_ref": case["reference"], "documents": [document]}


def _pending_item(
    request: Request[Any, Any, Any], case_id: UUID, suggestion_id: str, item_id: str
) -> dict[str, Any]:
    """The suggested item as the case holds it (the user's force must hold the case)."""
    tools = tool_service(request, purpose_for(request, str(case_id)))
    with acting_as(tools.actor):
        case = tools.platform.cases.load_case(case_id)
    suggestion = case.suggestions.get(suggestion_id)
    if suggestion is None or item_id not in suggestion["items"]:
        raise NotFoundError(f"no suggestion {suggestion_id} item {item_id} on this case")
    return dict(suggestion["items"][item_id])


def _entity_edits(form: Form, value: dict[str, Any]) -> dict[str, Any]:
    edits: dict[str, Any] = {}
    role = form.choice("role", "the role in this case", ROLES)
    if role and role != value.get("role"):
        edits["role"] = role
    if not value.get("identifiers"):
        name = form.text("name", "a name or description", required=True)
        if name != (value.get("name") or ""):
            edits["name"] = name
    if value.get("entity_type") == "object":
        subtype = form.choice("subtype", "what kind of object it is", OBJECT_SUBTYPES)
        if subtype and subtype != value.get("subtype"):
            edits["subtype"] = subtype
    identifiers = dict(value.get("identifiers") or {})
    changed = False
    for kind_name, old in (value.get("identifiers") or {}).items():
        label = f"the {IDENTIFIER_NAMES.get(kind_name, kind_name)}"
        new = form.identifier(f"identifier_{kind_name}", kind_name, label)
        if not new:
            form.fail(f"identifier_{kind_name}", f"Enter {label}, or reject the suggestion")
        elif new != old:
            identifiers[kind_name] = new
            changed = True
    if changed:
        edits["identifiers"] = identifiers
    return edits


def edits_from(form: Form, item: dict[str, Any]) -> dict[str, Any]:
    """What the reviewer changed, field by field, checked as the case will check it."""
    value = item["value"]
    edits: dict[str, Any] = {}
    kind = item["kind"]
    if kind == "offence":
        code = form.choice("code", "the offence", OFFENCES)
        if code and code != value.get("code"):
            edits["code"] = code
    elif kind == "entity":
        edits.update(_entity_edits(form, value))
    elif kind == "document":
        text = form.text("text", "the text", required=True, max_length=MAX_TEXT, strip=False)
        if text != value.get("text"):
            edits["text"] = text
    return edits


class CaseAIPages(Controller):
    """Anyone who works with cases may run a tool their role is allowed (the gateway checks
    the force's installation); only officers and supervisors decide what goes on the record."""

    path = "/cases/{case_id:uuid}"
    guards = [allow(*CASE_READERS)]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/invocations", media_type=MediaType.HTML, sync_to_thread=True)
    def run(
        self, request: Request[Any, Any, Any], case_id: FromPath[UUID], data: FormData
    ) -> Response[Any]:
        """Run a tool on the case through the gateway (which checks the installation, the
        certificate, the role, the classification and the quota), then watch it run."""
        redirect = needs_purpose(request, case_id)
        if redirect is not None:
            return redirect
        form = form_of(data)
        tools = tool_service(request, purpose_for(request, str(case_id)))
        available = {t["plugin_id"]: t for t in tools.tools()}
        plugin_id = form.choice("plugin_id", "a tool", available)
        tool = available.get(plugin_id)
        capabilities = [c for c in (tool["capabilities"] if tool else []) if c in CASE_CAPABILITIES]
        capability = form.choice("capability", "what the tool should do", capabilities)
        classification = form.choice("classification", "the data's classification", CLASSIFICATIONS)
        invoked = None
        if form.ok:
            try:
                case = tools.get_case(case_id)
                doc_id = str(form.get("document") or case["case_id"])
                if capability in ONE_DOCUMENT and doc_id not in {
                    d["doc_id"] for d in documents_of(case)
                }:
                    form.fail("document", "Choose a document of this case")
                else:
                    invoked = tools.invoke(
                        case_id,
                        plugin_id=plugin_id,
                        capability=capability,
                        request=tool_request(case, capability, doc_id),
                        classification=classification,
                    )
            except NotFoundError:
                raise
            except PoliceAIError as exc:
                form.message = str(exc)
        if invoked is None:
            return case_page(request, case_id, forms={"run": form}, status_code=422)
        return Redirect(
            path=f"/cases/{case_id}?invocation={invoked['invocation_id']}#ai-tools", status_code=303
        )

    @get(
        "/invocations/{invocation_id:uuid}",
        media_type=MediaType.HTML,
        sync_to_thread=True,
    )
    def invocation(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[UUID],
        invocation_id: FromPath[UUID],
    ) -> Response[Any]:
        """Where a run has got to. While it runs, a small fragment that polls again; when it
        has finished, the case page (htmx swaps it in for the page's main content)."""
        tools = tool_service(request, purpose_for(request, str(case_id)))
        status = tools.invocation(invocation_id)
        if str(status["case_id"]) != str(case_id):
            raise NotFoundError(f"no invocation {invocation_id} on this case")
        if status["status"] in FINISHED or not is_htmx(request):
            if not is_htmx(request):
                return Redirect(
                    path=f"/cases/{case_id}?invocation={invocation_id}#ai-tools", status_code=303
                )
            return case_page(
                request,
                case_id,
                invocation_id=invocation_id,
                headers={"HX-Retarget": "#main", "HX-Reselect": "#main", "HX-Reswap": "outerHTML"},
            )
        return page(
            request, "cases/_invocation.html", fragment=True, case_id=case_id, invocation=status
        )

    @post(
        f"{ITEM}/accept",
        media_type=MediaType.HTML,
        guards=[allow(*CASE_WRITERS)],
        sync_to_thread=True,
    )
    def accept(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[UUID],
        suggestion_id: FromPath[str],
        item_id: FromPath[str],
        data: FormData,
    ) -> Response[Any]:
        """Accept one suggested item, as suggested or as the reviewer edited it."""
        redirect = needs_purpose(request, case_id)
        if redirect is not None:
            return redirect
        form = form_of(data)
        item = _pending_item(request, case_id, suggestion_id, item_id)
        edits = edits_from(form, item)
        if form.ok:
            tools = tool_service(request, purpose_for(request, str(case_id)))
            try:
                tools.accept(
                    case_id, suggestion_id, item_id, edits=edits, expected_version=form.version()
                )
            except NotFoundError:
                raise
            except PoliceAIError as exc:
                form.message = str(exc)
        if not form.ok:
            key = f"item-{suggestion_id}-{item_id}"
            return case_page(request, case_id, forms={key: form}, status_code=422)
        flash(
            request,
            f"Accepted {item['label']}{' with your edits' if edits else ''}: "
            "it is now on the record.",
        )
        return Redirect(path=f"/cases/{case_id}#suggestions", status_code=303)

    @post(
        f"{ITEM}/reject",
        media_type=MediaType.HTML,
        guards=[allow(*CASE_WRITERS)],
        sync_to_thread=True,
    )
    def reject(
        self,
        request: Request[Any, Any, Any],
        case_id: FromPath[UUID],
        suggestion_id: FromPath[str],
        item_id: FromPath[str],
        data: FormData,
    ) -> Response[Any]:
        """Reject one suggested item, saying why; the record is not changed."""
        redirect = needs_purpose(request, case_id)
        if redirect is not None:
            return redirect
        form = form_of(data)
        item = _pending_item(request, case_id, suggestion_id, item_id)
        reason = form.text("reason", "why you reject it", required=True, max_length=10_000)
        if form.ok:
            tools = tool_service(request, purpose_for(request, str(case_id)))
            try:
                tools.reject(
                    case_id, suggestion_id, item_id, reason=reason, expected_version=form.version()
                )
            except NotFoundError:
                raise
            except PoliceAIError as exc:
                form.message = str(exc)
        if not form.ok:
            key = f"item-{suggestion_id}-{item_id}"
            original = Form({**_defaults(item), "version": form.get("version")}, errors=form.errors)
            original.message = form.message
            original.values["reason"] = form.get("reason")
            return case_page(request, case_id, forms={key: original}, status_code=422)
        flash(request, f"Rejected {item['label']}.")
        return Redirect(path=f"/cases/{case_id}#suggestions", status_code=303)


def _defaults(item: dict[str, Any]) -> dict[str, Any]:
    value = item["value"]
    return {
        "code": value.get("code", ""),
        "role": value.get("role", ""),
        "name": value.get("name", ""),
        "subtype": value.get("subtype") or "",
        "text": value.get("text", ""),
        **{f"identifier_{k}": v for k, v in (value.get("identifiers") or {}).items()},
    }
