"""Dependencies of the API's handlers: the acting user's view of cases and tools, If-Match."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import HeaderParameter

from policeai.web.service import CaseService, actor_for, parse_if_match
from policeai.web.tool_service import ToolService

PurposeHeader = Annotated[
    str | None,
    HeaderParameter(
        name="X-Purpose",
        required=False,
        description="Why you need the data (recorded in the s.62 access log); required "
        "wherever personal data is returned",
    ),
]
IfMatchHeader = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        description="The case version you last read; the change is refused if it has moved on",
    ),
]


def provide_service(
    request: Request[Any, Any, Any], state: State, purpose: PurposeHeader
) -> CaseService:
    return CaseService(
        state.platform,
        actor_for(request.user, purpose),
        purpose_given=bool(purpose and purpose.strip()),
    )


def provide_tool_service(
    request: Request[Any, Any, Any], state: State, purpose: PurposeHeader
) -> ToolService:
    return ToolService(
        state.platform,
        actor_for(request.user, purpose),
        purpose_given=bool(purpose and purpose.strip()),
    )


def provide_expected_version(if_match: IfMatchHeader) -> int | None:
    return parse_if_match(if_match)


DEPENDENCIES = {
    "service": Provide(provide_service, sync_to_thread=False),
    "tools": Provide(provide_tool_service, sync_to_thread=False),
    "expected_version": Provide(provide_expected_version, sync_to_thread=False),
}

#: How handlers ask for the dependencies above.
Service = NamedDependency[CaseService]
Tools = NamedDependency[ToolService]
ExpectedVersion = NamedDependency[int | None]
