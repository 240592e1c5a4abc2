"""AI tools: the certified tools your force installed for your role, and one invocation's
status."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath

from policeai.web.dependencies import DEPENDENCIES, Tools
from policeai.web.schemas import to_struct, to_structs
from policeai.web.tool_schemas import InvocationStatus, Tool


class ToolController(Controller):
    path = "/tools"
    tags = ["ai tools"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = DEPENDENCIES

    @get("/", operation_id="listTools", sync_to_thread=True)
    def list_tools(self, tools: Tools) -> list[Tool]:
        """The tools your force installed that your role may use, each with its registry
        entry, certificate and standing in the force's catalogue."""
        return to_structs(Tool, tools.tools())


class InvocationController(Controller):
    path = "/invocations"
    tags = ["ai tools"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = DEPENDENCIES

    @get("/{invocation_id:uuid}", operation_id="getInvocation", sync_to_thread=True)
    def get_invocation(self, tools: Tools, invocation_id: FromPath[UUID]) -> InvocationStatus:
        """Where an invocation is (requested, queued, running, completed or failed), and why
        it failed if it did. Poll it after running a tool."""
        return to_struct(InvocationStatus, tools.invocation(invocation_id))
