"""Dependencies of the API's handlers: the acting user's view of cases and tools, If-Match;
and the check every API request passes first (:func:`refuse_nul_characters`)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import HeaderParameter

from policeai.core.aggregate import nul_character_at
from policeai.core.errors import PoliceAIError
from policeai.web.service import (
    IF_MATCH_PATTERN,
    MAX_PURPOSE_LENGTH,
    CaseService,
    actor_for,
    parse_if_match,
)
from policeai.web.tool_service import ToolService

PurposeHeader = Annotated[
    str | None,
    HeaderParameter(
        name="X-Purpose",
        required=False,
        description="Why you need the data (recorded in the s.62 access log); required "
        "wherever personal data is returned",
        schema_extra={"maxLength": MAX_PURPOSE_LENGTH},
    ),
]
IfMatchHeader = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        description="The case version you last read; the change is refused if it has moved on",
        schema_extra={"pattern": IF_MATCH_PATTERN},
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


# -- before any handler ------------------------------------------------------------------------

#: The only way valid JSON can carry a NUL character: escaped, as this.
ESCAPED_NUL = b"\\u0000"


async def refuse_nul_characters(request: Request[Any, Any, Any]) -> None:
    """Refuse a request with a NUL character (U+0000) in its path, query, headers or JSON
    body, naming where: no record can hold one (PostgreSQL's text cannot), and no lookup or
    search should see one."""
    where = _nul_in_url(request) or _nul_in_headers(request) or await _nul_in_body(request)
    if where:
        raise PoliceAIError(
            f"{where} contains a NUL character (\\u0000), which the platform does not accept: "
            "remove it"
        )


def _nul_in_url(request: Request[Any, Any, Any]) -> str | None:
    if "\x00" in request.scope["path"]:
        return "the path"
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            return f"the query parameter {name.replace(chr(0), '')!r}"
    return None


def _nul_in_headers(request: Request[Any, Any, Any]) -> str | None:
    for name, value in request.headers.items():
        if "\x00" in name or "\x00" in value:
            return f"the header {name.replace(chr(0), '')!r}"
    return None


async def _nul_in_body(request: Request[Any, Any, Any]) -> str | None:
    if request.method in {"GET", "HEAD", "DELETE", "OPTIONS"}:
        return None
    body = await request.body()
    if ESCAPED_NUL not in body:
        return None
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return None  # not JSON: the handler says what is wrong with it
    found = nul_character_at(data, "$")
    return f"the request body at {found}" if found else None
