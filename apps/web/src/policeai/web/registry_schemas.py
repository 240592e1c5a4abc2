"""Bodies of the public registry's JSON API and of the certifier's console (msgspec)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from msgspec import Meta, Struct

Short = Annotated[str, Meta(max_length=500)]
Reason = Annotated[str, Meta(max_length=5_000)]

# -- the public registry ----------------------------------------------------------------------


class ReleaseSummary(Struct):
    release_id: UUID
    version: str
    status: str
    standing: str
    certificate_id: str | None
    expires_at: datetime | None
    latest_report_passed: bool | None


class EntrySummary(Struct):
    entry_id: UUID
    slug: str
    name: str
    description: str
    organisation: str
    publisher: str
    publisher_kind: str
    registered_at: datetime
    updated_at: datetime
    releases: list[ReleaseSummary]
    forces: list[str]


class HistoryStep(Struct):
    event: str
    by: str
    reason: str
    at: datetime


class PublicRelease(Struct):
    release_id: UUID
    version: str
    status: str
    standing: str
    certificate_id: str | None
    expires_at: datetime | None
    latest_report_passed: bool | None
    submitted_at: datetime
    wheel_filename: str
    wheel_sha256: str
    certificate: dict[str, Any] | None
    manifest: dict[str, Any]
    model_card: dict[str, Any]
    history: list[HistoryStep]
    reports: list[dict[str, Any]]
    ledger: list[dict[str, Any]]
    exemptions: dict[str, Any]


class Safeguards(Struct):
    declared_by_release: str | None
    human_review_required: bool | None
    human_decisions_and_review: str
    known_limitations: str | None
    max_classification: str | None
    data_categories: list[str]
    risks: list[dict[str, Any]]
    impact_assessments: list[dict[str, Any]]


class ForceInstallation(Struct):
    force: str
    version: str
    release_standing: str
    roles: list[str]
    installed_at: datetime


class MonthlyUsage(Struct):
    force: str
    month: str
    invocations: int
    completed: int
    failed: int
    accepted: int
    rejected: int
    accepted_share: float | None
    rejected_share: float | None


class Usage(Struct):
    source: str
    months: list[MonthlyUsage]


class EntryDetail(Struct):
    entry_id: UUID
    slug: str
    name: str
    description: str
    organisation: str
    publisher: str
    publisher_kind: str
    registered_at: datetime
    updated_at: datetime
    record_version: int
    atrs: dict[str, Any]
    safeguards: Safeguards
    releases: list[PublicRelease]
    installations: list[ForceInstallation]
    usage: Usage


class AtrsExport(Struct):
    standard: str
    standard_version: str
    registry_entry_id: UUID
    slug: str
    record_version: int
    registered_at: datetime
    updated_at: datetime
    tier1: dict[str, Any]
    tier2: dict[str, Any]


# -- the certifier's console ------------------------------------------------------------------


class NewEntry(Struct, forbid_unknown_fields=True):
    slug: Short
    atrs: dict[str, Any]


class NewRelease(Struct, forbid_unknown_fields=True):
    version: Short
    wheel_filename: Short
    wheel_sha256: Short
    manifest: dict[str, Any]
    model_card: dict[str, Any]


class Certification(Struct, forbid_unknown_fields=True):
    expires_at: datetime
    reason: Reason


class Decision(Struct, forbid_unknown_fields=True):
    reason: Reason


class Exemption(Struct, forbid_unknown_fields=True):
    rule_id: Short
    reason: Reason


class EntryRegistered(Struct):
    entry_id: UUID
    slug: str


class ConsoleRelease(Struct):
    """A release as the certifier sees it: state, certificate, reports, history, ledger."""

    release_id: UUID
    record_version: int
    entry_id: UUID
    slug: str
    version: str
    wheel_filename: str
    wheel_sha256: str
    manifest: dict[str, Any]
    model_card: dict[str, Any]
    status: str
    standing: str
    certificate: dict[str, Any] | None
    reports: list[dict[str, Any]]
    latest_report_passed: bool | None
    exemptions: dict[str, Any]
    history: list[dict[str, Any]]
    ledger: list[dict[str, Any]]
    submitted_at: datetime
