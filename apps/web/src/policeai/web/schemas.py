"""Request and response bodies of the JSON API (msgspec structs)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar
from uuid import UUID

import msgspec
from litestar._openapi.schema_generation.plugins import StructSchemaPlugin
from litestar.openapi.spec import Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition
from msgspec import Meta, Struct

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

S = TypeVar("S", bound=Struct)

Text = Annotated[str, Meta(max_length=100_000)]
Short = Annotated[str, Meta(max_length=500)]


# -- requests ---------------------------------------------------------------------------------


class OpenCase(Struct, forbid_unknown_fields=True):
    narrative: Text
    location: Short
    reported_at: datetime
    reporting_officer: Short | None = None


class NewStatement(Struct, forbid_unknown_fields=True):
    text: Text
    author: Short
    kind: Literal["statement", "document"] = "statement"


class NewEntity(Struct, forbid_unknown_fields=True):
    entity_type: Literal["person", "object", "location", "event"]
    role: Short
    name: Short = ""
    identifiers: dict[str, Short] = msgspec.field(default_factory=dict)
    subtype: Short | None = None


class Classification(Struct, forbid_unknown_fields=True):
    offence_code: Annotated[str, Meta(max_length=10)]


class NewOutcome(Struct, forbid_unknown_fields=True):
    outcome: Annotated[int, Meta(ge=0, le=22)]
    note: Text = ""


class Closing(Struct, forbid_unknown_fields=True):
    reason: Text = ""


# -- responses --------------------------------------------------------------------------------


class Opened(Struct):
    case_id: UUID
    reference: str
    version: int


class Changed(Struct):
    case_id: UUID
    version: int


class StatementAdded(Struct):
    case_id: UUID
    version: int
    statement_id: str


class EntityRecorded(Struct):
    case_id: UUID
    version: int
    entity_id: str


class CaseSummary(Struct):
    case_id: UUID
    reference: str
    force: str
    status: str
    narrative: str
    location: str
    reported_at: datetime
    opened_at: datetime
    crd_due: datetime
    reporting_officer: str
    version: int
    statements_count: int
    entities_count: int
    updated_at: datetime
    classified_at: datetime | None = None
    offence_code: str | None = None
    offence_description: str | None = None
    offence_group: str | None = None
    outcome_code: int | None = None
    outcome_title: str | None = None
    assigned_officer: str | None = None
    closed_at: datetime | None = None


class CaseList(Struct):
    cases: list[CaseSummary]
    limit: int
    offset: int


class Offence(Struct):
    code: str
    description: str
    group: str
    provenance: dict[str, Any]


class Outcome(Struct):
    code: int
    title: str
    note: str


class Statement(Struct):
    statement_id: str
    kind: str
    text: str
    author: str
    sha256: str
    provenance: dict[str, Any]


class Entity(Struct):
    entity_id: str
    entity_type: str
    role: str
    name: str
    identifiers: dict[str, str]
    flags: list[str]
    provenance: dict[str, Any]
    subtype: str | None = None


class SuggestionDecision(Struct):
    outcome: str
    by: str
    edits: dict[str, Any] = msgspec.field(default_factory=dict)
    reason: str | None = None


class SuggestionItem(Struct):
    item_id: str
    kind: str
    label: str
    value: dict[str, Any]
    detail: dict[str, Any] = msgspec.field(default_factory=dict)
    decision: SuggestionDecision | None = None


class Suggestion(Struct):
    """An AI tool's output waiting on a person: nothing in it is on the record until accepted."""

    suggestion_id: str
    capability: str
    invocation: dict[str, Any]
    items: list[SuggestionItem]


class CaseDetail(Struct):
    case_id: UUID
    version: int
    force: str
    reference: str
    status: str
    narrative: str
    location: str
    reported_at: datetime
    opened_at: datetime
    reporting_officer: str
    crd_due: datetime
    crd_overdue: bool
    statements: list[Statement]
    entities: list[Entity]
    assigned_officer: str | None = None
    offence: Offence | None = None
    classified_at: datetime | None = None
    outcome: Outcome | None = None
    suggestions: list[Suggestion] = msgspec.field(default_factory=list)


class HistoryEvent(Struct):
    event: str
    version: int
    at: datetime
    actor: str
    force: str
    purpose: str
    data: dict[str, Any]
    provenance: dict[str, Any] | None = None


class AccessLogEntry(Struct):
    at: datetime
    user: str
    force: str
    role: str
    purpose: str
    action: str
    case_id: UUID
    case_reference: str
    detail: str


class EntityHit(Struct):
    case_id: UUID
    reference: str
    entity_id: str
    entity_type: str
    role: str
    display: str


class Health(Struct):
    status: str
    cases: int
    users: int
    events: int
    projected: int


# -- the OpenAPI description ------------------------------------------------------------------


class StrictBodySchemaPlugin(OpenAPISchemaPlugin):
    """Describe a body that refuses unknown fields (``forbid_unknown_fields``) as such in the
    OpenAPI document (``additionalProperties: false``), so that the document promises no more
    than the API accepts."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return (
            not field_definition.is_union
            and field_definition.is_subclass_of(Struct)
            and bool(field_definition.type_.__struct_config__.forbid_unknown_fields)
        )

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = StructSchemaPlugin().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


# -- conversion -------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Plain keys (SQLAlchemy's are str subclasses) and zoned datetimes (SQLite's are naive,
    stored in UTC), as msgspec wants them."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def to_struct(kind: type[S], data: dict[str, Any]) -> S:
    return msgspec.convert(_plain(data), kind)


def to_structs(kind: type[S], rows: list[dict[str, Any]]) -> list[S]:
    return [to_struct(kind, row) for row in rows]
