"""Registry entries: how one certified tool has been used across the force (supervisors)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath

from policeai.web.auth import supervisor_reviews_tools
from policeai.web.dependencies import DEPENDENCIES, Tools
from policeai.web.schemas import to_struct
from policeai.web.tool_schemas import EntryToolUse


class RegistryEntryController(Controller):
    path = "/registry-entries"
    tags = ["ai tools"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = DEPENDENCIES
    guards = [supervisor_reviews_tools]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/{entry_id:str}/invocations", operation_id="listEntryInvocations", sync_to_thread=True)
    def invocations(self, tools: Tools, entry_id: FromPath[str]) -> EntryToolUse:
        """Every invocation of the registry entry in your force and every decision on its
        suggestions (supervisors only). Needs X-Purpose."""
        return to_struct(EntryToolUse, tools.entry_tool_use(entry_id))

    @get(
        "/{publisher:str}/{name:str}/invocations",
        operation_id="listPublisherEntryInvocations",
        sync_to_thread=True,
    )
    def publisher_invocations(
        self, tools: Tools, publisher: FromPath[str], name: FromPath[str]
    ) -> EntryToolUse:
        """The same, for an entry id of the form ``publisher/name`` (such as
        ``police-ai/keyword-offence-suggester``), which a path cannot carry as one segment."""
        return to_struct(EntryToolUse, tools.entry_tool_use(f"{publisher}/{name}"))
