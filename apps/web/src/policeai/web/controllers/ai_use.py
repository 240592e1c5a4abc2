"""AI use on a case: run a tool, see its invocations, accept or reject what it suggested,
and export the case's AI-use record for disclosure."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

from litestar import Controller, MediaType, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from policeai.web.dependencies import DEPENDENCIES, ExpectedVersion, Tools
from policeai.web.schemas import Changed, to_struct
from policeai.web.tool_schemas import (
    Acceptance,
    CaseToolUse,
    InvocationAccepted,
    NewInvocation,
    Rejection,
)

ITEM = "/suggestions/{suggestion_id:str}/items/{item_id:str}"


class CaseAIController(Controller):
    path = "/cases/{case_id:uuid}"
    tags = ["ai tools"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = DEPENDENCIES

    @post(
        "/invocations",
        operation_id="invokeTool",
        status_code=HTTP_202_ACCEPTED,
        sync_to_thread=True,
    )
    def invoke(
        self, tools: Tools, case_id: FromPath[UUID], data: JSONBody[NewInvocation]
    ) -> InvocationAccepted:
        """Run a certified tool on the case. The gateway checks the installation, the
        certificate, your role, the classification and the quota, then runs it in the
        background: poll ``/api/invocations/{id}``. Its output comes back as a suggestion
        that changes nothing until a person accepts it."""
        invoked = tools.invoke(
            case_id,
            plugin_id=data.plugin_id,
            capability=data.capability,
            request=data.input,
            classification=data.classification,
        )
        return to_struct(InvocationAccepted, invoked)

    @get("/invocations", operation_id="listCaseInvocations", sync_to_thread=True)
    def invocations(self, tools: Tools, case_id: FromPath[UUID]) -> CaseToolUse:
        """Every tool run on the case and every decision on its suggestions. Needs
        X-Purpose: reading it is logged as a consultation."""
        return to_struct(CaseToolUse, tools.case_tool_use(case_id))

    @post(
        f"{ITEM}/accept",
        operation_id="acceptSuggestionItem",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
    )
    def accept(
        self,
        tools: Tools,
        case_id: FromPath[UUID],
        suggestion_id: FromPath[str],
        item_id: FromPath[str],
        expected_version: ExpectedVersion,
        data: JSONBody[Acceptance | None] = None,
    ) -> Changed:
        """Accept one suggested item, optionally edited: only now does it enter the record,
        with its provenance (who accepted it, the invocation, the registry entry)."""
        changed = tools.accept(
            case_id,
            suggestion_id,
            item_id,
            edits=data.edits if data else {},
            expected_version=expected_version,
        )
        return to_struct(Changed, changed)

    @post(
        f"{ITEM}/reject",
        operation_id="rejectSuggestionItem",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
    )
    def reject(
        self,
        tools: Tools,
        case_id: FromPath[UUID],
        suggestion_id: FromPath[str],
        item_id: FromPath[str],
        expected_version: ExpectedVersion,
        data: JSONBody[Rejection],
    ) -> Changed:
        """Reject one suggested item, saying why; the record is not changed."""
        changed = tools.reject(
            case_id,
            suggestion_id,
            item_id,
            reason=data.reason,
            expected_version=expected_version,
        )
        return to_struct(Changed, changed)

    @get(
        "/ai-use",
        operation_id="exportAIUse",
        media_type=MediaType.JSON,
        sync_to_thread=True,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=dict[str, Any],
                generate_examples=False,
                description="The AI-use record (a JSON object, in canonical form)",
            )
        },
    )
    def ai_use(self, tools: Tools, case_id: FromPath[UUID]) -> Response[bytes]:
        """The case's AI-use record for disclosure: every invocation and every decision, as
        canonical JSON. Its SHA-256 is in the ``X-Content-SHA256`` header (hex) and the
        ``Digest`` header (``sha-256=``, base64). Needs X-Purpose: it is logged as a
        disclosure."""
        export = tools.ai_use_record(case_id)
        body = export["json"].encode()
        digest = bytes.fromhex(export["sha256"])
        return Response(
            content=body,
            media_type=MediaType.JSON,
            headers={
                "X-Content-SHA256": export["sha256"],
                "Digest": f"sha-256={base64.b64encode(digest).decode()}",
            },
        )
