"""A supervisor's view of all AI use on the force's cases: every invocation of every tool,
who ran it on which case and why, and what people decided about its suggestions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar import Controller, MediaType, Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Response
from sqlalchemy import select

from policeai.core.cases.views import case_list
from policeai.core.invocations.views import invocation_list
from policeai.web.ui.casepage import NameBook, platform_of, tool_service
from policeai.web.ui.forms import PURPOSES, Form, form_of
from policeai.web.ui.sessions import allow, purpose_for, remember_purpose
from policeai.web.ui.templating import page

FormData = URLEncodedBody[dict[str, Any]]
PURPOSE_KEY = "ai-use"
SHOWN = 500


class SupervisionPages(Controller):
    path = "/supervision"
    guards = [allow("supervisor")]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/ai-use", name="ai_use", media_type=MediaType.HTML, sync_to_thread=True)
    def ai_use(self, request: Request[Any, Any, Any]) -> Response[Any]:
        purpose = purpose_for(request, PURPOSE_KEY)
        if not purpose:
            return page(
                request,
                "supervision/purpose.html",
                title="Why are you reviewing AI use?",
                form=Form({"purpose": "Supervising the investigation"}),
                purposes=PURPOSES,
            )
        platform = platform_of(request)
        force = request.user["force"]
        tools = tool_service(request, purpose)
        with platform.engine.connect() as conn:
            entries = sorted(
                conn.execute(
                    select(invocation_list.c.registry_entry_id)
                    .where(invocation_list.c.force == force)
                    .distinct()
                ).scalars()
            )
        invocations: list[dict[str, Any]] = []
        decisions: list[dict[str, Any]] = []
        for entry in entries:
            use = tools.entry_tool_use(entry)
            invocations += use["invocations"]
            decisions += use["decisions"]
        case_ids = {row["case_id"] for row in invocations}
        with platform.engine.connect() as conn:
            references = (
                dict(
                    conn.execute(
                        select(case_list.c.case_id, case_list.c.reference).where(
                            case_list.c.force == force, case_list.c.case_id.in_(case_ids)
                        )
                    ).all()
                )
                if case_ids
                else {}
            )
        by_invocation: dict[str, Counter[str]] = {}
        for decision in decisions:
            counts = by_invocation.setdefault(str(decision["invocation_id"]), Counter())
            counts[decision["decision"] or "waiting"] += 1
        rows = sorted(invocations, key=lambda r: r["requested_at"], reverse=True)
        totals: dict[str, Counter[str]] = {}
        for row in invocations:
            totals.setdefault(row["plugin_id"], Counter())[row["status"]] += 1
        for decision in decisions:
            totals.setdefault(decision["plugin_id"], Counter())[
                decision["decision"] or "waiting"
            ] += 1
        return page(
            request,
            "supervision/ai_use.html",
            title="AI use on the force's cases",
            purpose=purpose,
            rows=[
                {
                    **row,
                    "reference": references.get(row["case_id"], str(row["case_id"])[:8]),
                    "decisions": by_invocation.get(str(row["invocation_id"]), Counter()),
                }
                for row in rows[:SHOWN]
            ],
            total=len(rows),
            shown=SHOWN,
            totals=sorted(totals.items()),
            names=NameBook(platform),
        )

    @post("/ai-use/purpose", media_type=MediaType.HTML, sync_to_thread=True)
    def state_purpose(self, request: Request[Any, Any, Any], data: FormData) -> Response[Any]:
        form = form_of(data)
        purpose = form.purpose()
        if not form.ok:
            return page(
                request,
                "supervision/purpose.html",
                title="Why are you reviewing AI use?",
                form=form,
                purposes=PURPOSES,
                status_code=422,
            )
        remember_purpose(request, PURPOSE_KEY, purpose)
        return Redirect(path="/supervision/ai-use", status_code=303)
