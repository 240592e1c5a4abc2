"""Request and response bodies of the AI tools API (msgspec structs)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta, Struct

PluginId = Annotated[str, Meta(min_length=1, max_length=64)]
Version = Annotated[str, Meta(min_length=1, max_length=40)]
Quota = Annotated[int, Meta(ge=0)]


# -- requests ---------------------------------------------------------------------------------


class NewInvocation(Struct, forbid_unknown_fields=True):
    plugin_id: PluginId
    capability: Literal["summarise", "record_entry", "offence_suggestion", "redaction"]
    input: dict[str, Any]
    classification: Annotated[str, Meta(min_length=1, max_length=30)] = "OFFICIAL"


class Acceptance(Struct, forbid_unknown_fields=True):
    edits: dict[str, Any] = msgspec.field(default_factory=dict)


class Rejection(Struct, forbid_unknown_fields=True):
    reason: Annotated[str, Meta(min_length=1, max_length=10_000)]


class NewInstallation(Struct, forbid_unknown_fields=True):
    plugin_id: PluginId
    version: Version
    roles: Annotated[list[Annotated[str, Meta(max_length=30)]], Meta(min_length=1)]
    quota_per_day: Quota | None = None
    quota_per_month: Quota | None = None


# -- responses --------------------------------------------------------------------------------


class Tool(Struct):
    plugin_id: str
    name: str
    version: str
    capabilities: list[str]
    status: str
    standing: str
    available: bool
    human_review_required: bool
    registry_entry_id: str | None = None
    certificate_id: str | None = None
    certificate_expires_at: datetime | None = None
    max_classification: str | None = None
    intended_use: str | None = None
    known_limitations: str | None = None
    quota_per_day: int | None = None
    quota_per_month: int | None = None


class InvocationAccepted(Struct):
    invocation_id: UUID
    status: str
    registry_entry_id: str
    release_version: str
    certificate_id: str
    from_cache: str | None = None
    not_before: datetime | None = None


class InvocationError(Struct):
    error_class: str
    message: str


class InvocationStatus(Struct):
    invocation_id: UUID
    case_id: UUID
    status: str
    registry_entry_id: str
    release_version: str
    certificate_id: str
    from_cache: str | None = None
    not_before: datetime | None = None
    error: InvocationError | None = None


class InvocationRecord(Struct):
    invocation_id: UUID
    case_id: UUID
    plugin_id: str
    capability: str
    hook: str
    registry_entry_id: str
    release_version: str
    certificate_id: str
    classification: str
    requested_by: str
    purpose: str
    requested_at: datetime
    status: str
    input_digest: str
    output_digest: str | None = None
    duration_ms: float | None = None
    model_version: str | None = None
    from_cache: str | None = None
    error_class: str | None = None
    error_message: str | None = None
    not_before: datetime | None = None
    finished_at: datetime | None = None


class Decision(Struct):
    suggestion_id: str
    item_id: str
    case_id: UUID
    invocation_id: str
    registry_entry_id: str
    plugin_id: str
    kind: str
    label: str
    decision: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    edited: bool | None = None


class CaseToolUse(Struct):
    invocations: list[InvocationRecord]
    decisions: list[Decision]


class EntryToolUse(Struct):
    registry_entry_id: str
    invocations: list[InvocationRecord]
    decisions: list[Decision]


class CatalogueEntry(Struct):
    plugin_id: str
    version: str
    registry_entry_id: str
    certificate_id: str
    status: str
    standing: str
    expires_at: datetime
    runs_here: bool
    installed_version: str | None = None
    wheel_sha256: str | None = None


class Installed(Struct):
    force: str
    plugin_id: str
    version: str
    roles: list[str]
    installed_by: str
    installed_at: datetime
    quota_per_day: int | None = None
    quota_per_month: int | None = None


class Usage(Struct):
    plugin_id: str
    status: str
    count: int
