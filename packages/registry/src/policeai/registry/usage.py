"""Forces report their AI invocations to Police.AI: digests into the log, figures for the public.

**Force side.** :func:`build_usage_report` reads the force's invocation read model and makes
one :class:`InvocationDigest` per finished invocation (completed or failed) of a release the
registry certified: the entry's UUID, the release, the certificate, times, the status, the
capability used (the purpose code) and salted commitments to the input and output digests.
The salt of each record is made once and kept in the force's own table,
``usage_report_salts``, before the report leaves the force: with it the force can later show
an auditor what a logged commitment commits to; the registry never sees it. Building a report
again reuses the kept salts, so an invocation always gives the same leaf. The report also
carries the force's monthly figures per registry entry (invocations, completed and failed by
the month requested; accepted and rejected suggestion items by the month decided), as full
totals, never deltas, so that a later report corrects an earlier one.

Invocations of releases that are not in the registry (a force's local catalogue entries, such
as the demo tool's) are not reported; the report counts them in ``skipped``. An invocation's
registry entry is its recorded ``registry_entry_id`` when that is a UUID, or the UUID the
force's last verified catalogue gives for that entry's slug.

**Registry side.** :func:`receive_usage_report` appends each digest as a leaf, once per
invocation id however often it is sent (the leaf and the ``usage_report_leaves`` row that
remembers it commit together), upserts the monthly figures into ``usage_monthly`` for the
public pages, and answers with every digest's leaf index, so the force can fetch inclusion
proofs later (:func:`record_receipt` keeps them beside the salts).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Uuid,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from policeai.core.context import current_actor
from policeai.core.database import UTCDateTime, metadata
from policeai.core.errors import ForbiddenError, PoliceAIError
from policeai.core.invocations.domainmodel import FINISHED, Invocation
from policeai.core.invocations.views import invocation_list
from policeai.registry.transparency.leaves import (
    InvocationDigest,
    encode_leaf,
    invocation_digest,
    new_salt,
)
from policeai.registry.transparency.log import TransparencyLog

if TYPE_CHECKING:
    from policeai.core.platform import Platform

__all__ = [
    "LeafReceipt",
    "UsageMonth",
    "UsageReceipt",
    "UsageReport",
    "UsageReportError",
    "build_usage_report",
    "decode_report",
    "encode_report",
    "kept_salt",
    "monthly_usage",
    "receive_usage_report",
    "record_receipt",
    "usage_monthly",
    "usage_report_leaves",
    "usage_report_salts",
]

FORCE_ADMIN = "force_admin"
_PAGE = 1000
_FORCE_PATTERN = r"^[A-Za-z][A-Za-z0-9_.:-]{0,49}$"
_CERTIFICATE = re.compile(r"[A-Z]{2,10}-[0-9A-F]{8,32}")
_VERSION = re.compile(r"\d+\.\d+\.\d+[a-z0-9.+-]*")
_FINISHED_TOPICS = [
    get_topic(Invocation.InvocationCompleted),
    get_topic(Invocation.InvocationFailed),
]

_FIGURES = ("invocations", "completed", "failed", "accepted", "rejected")

Count = Annotated[int, msgspec.Meta(ge=0)]

# -- tables -----------------------------------------------------------------------------------

#: Force side: the salt of each reported invocation's commitments, and its leaf once logged.
usage_report_salts = Table(
    "usage_report_salts",
    metadata,
    Column("invocation_id", Uuid, primary_key=True),
    Column("force", String(50), nullable=False),
    Column("salt", LargeBinary(32), nullable=False),
    Column("kept_at", UTCDateTime(), nullable=False),
    Column("leaf_index", BigInteger),
)

#: Registry side: the leaf each reported invocation became (one per invocation id).
usage_report_leaves = Table(
    "usage_report_leaves",
    metadata,
    Column("invocation_id", Uuid, primary_key=True),
    Column("force", String(50), nullable=False),
    Column("leaf_index", BigInteger, nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
)

#: Registry side: each force's monthly figures per registry entry, for the public pages.
usage_monthly = Table(
    "usage_monthly",
    metadata,
    Column("force", String(50), nullable=False),
    Column("registry_entry_id", String(64), nullable=False),
    Column("month", String(7), nullable=False),
    Column("invocations", Integer, nullable=False),
    Column("completed", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("force", "registry_entry_id", "month"),
)

_FORCE_TABLES = [usage_report_salts]
_REGISTRY_TABLES = [usage_report_leaves, usage_monthly]

# -- the report -------------------------------------------------------------------------------


class UsageReportError(PoliceAIError):
    """A usage report that is malformed or not the sender's to send."""


class UsageMonth(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A force's figures for one registry entry in one month (``YYYY-MM``, UTC)."""

    registry_entry_id: UUID
    month: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    invocations: Count
    completed: Count
    failed: Count
    accepted: Count
    rejected: Count


class UsageReport(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a force sends: its digests, its monthly figures, and what it left out."""

    force: Annotated[str, msgspec.Meta(pattern=_FORCE_PATTERN)]
    generated_at: Annotated[datetime, msgspec.Meta(tz=True)]
    #: The force's event log position the digests cover (pass it as ``since`` next time).
    up_to_notification: Count | None
    digests: list[InvocationDigest]
    months: list[UsageMonth]
    #: Finished invocations left out: their release is not in the registry.
    skipped: Count = 0


class LeafReceipt(msgspec.Struct, frozen=True, kw_only=True):
    invocation_id: UUID
    leaf_index: int


class UsageReceipt(msgspec.Struct, frozen=True, kw_only=True):
    """The registry's answer: every digest's leaf, and what the report changed."""

    force: str
    leaves: list[LeafReceipt]
    appended: int
    already_logged: int
    months: int
    tree_size: int


def encode_report(report: UsageReport) -> bytes:
    return msgspec.json.encode(report)


def decode_report(data: bytes | str | Mapping[str, Any] | UsageReport) -> UsageReport:
    """A report from JSON (or its decoded object), checked throughout.

    Raises:
        UsageReportError: the report is malformed, or a digest holds what a leaf may not.
    """
    if isinstance(data, UsageReport):
        return data
    try:
        if isinstance(data, Mapping):
            return msgspec.convert(data, UsageReport, strict=False)
        return msgspec.json.decode(data, type=UsageReport)
    except msgspec.ValidationError as exc:
        raise UsageReportError(f"the usage report is not valid: {exc}") from None
    except msgspec.DecodeError:
        raise UsageReportError("the usage report is not valid JSON") from None


# -- force side -------------------------------------------------------------------------------


def build_usage_report(
    platform: Platform, since: int | datetime | None = None
) -> tuple[UsageReport, dict[UUID, bytes]]:
    """The acting force administrator's usage report, and the salts of its digests.

    ``since`` picks the invocations: a notification id of the force's event log (those that
    finished after it: pass the last report's ``up_to_notification``), a time (those that
    finished at or after it), or None (every finished invocation the registry has not yet
    acknowledged, see :func:`record_receipt`). The monthly figures always cover every month.

    Raises:
        ForbiddenError: the actor is not a force administrator.
    """
    actor = current_actor()
    if actor.role != FORCE_ADMIN:
        raise ForbiddenError(
            f"only a force administrator may report the force's AI usage; {actor.user} acts "
            f"as {actor.role}"
        )
    force = actor.force
    if not re.match(_FORCE_PATTERN, force):
        raise UsageReportError(
            f"the force name {force!r} is not a code (a letter, then letters, digits, '_', "
            "'.', ':' or '-'): the transparency log holds codes only"
        )
    engine = platform.engine
    metadata.create_all(engine, tables=_FORCE_TABLES)
    head = platform.cases.recorder.max_notification_id() or 0
    platform.wait_for_projections()
    rows = _finished_rows(platform, force, since, head)
    entries = _entry_ids(engine)
    reportable, skipped = [], 0
    for row in rows:
        entry_id = _entry_uuid(row["registry_entry_id"], entries)
        if (
            entry_id is None
            or not _CERTIFICATE.fullmatch(row["certificate_id"])
            or not _VERSION.fullmatch(row["release_version"])
        ):
            skipped += 1
            continue
        reportable.append((row, entry_id))
    salts = _keep_salts(engine, force, [row["invocation_id"] for row, _ in reportable])
    digests = []
    for row, entry_id in reportable:
        record, _ = invocation_digest(
            force=force,
            registry_entry_id=entry_id,
            release_version=row["release_version"],
            certificate_id=row["certificate_id"],
            invocation_id=row["invocation_id"],
            requested_at=row["requested_at"],
            finished_at=row["finished_at"],
            status=row["status"],
            purpose_code=row["capability"],
            input_digest=row["input_digest"],
            output_digest=row["output_digest"] if row["status"] == "completed" else None,
            salt=salts[row["invocation_id"]],
        )
        digests.append(record)
    report = UsageReport(
        force=force,
        generated_at=datetime.now(UTC),
        up_to_notification=head,
        digests=digests,
        months=_months(platform, force, entries),
        skipped=skipped,
    )
    return report, {d.invocation_id: salts[d.invocation_id] for d in digests}


def _finished_rows(
    platform: Platform, force: str, since: int | datetime | None, head: int
) -> list[dict[str, Any]]:
    query = select(invocation_list).where(
        invocation_list.c.force == force, invocation_list.c.status.in_(FINISHED)
    )
    if isinstance(since, datetime):
        queries = [query.where(invocation_list.c.finished_at >= since)]
    elif since is None:
        acknowledged = select(usage_report_salts.c.invocation_id).where(
            usage_report_salts.c.leaf_index.is_not(None)
        )
        queries = [query.where(invocation_list.c.invocation_id.not_in(acknowledged))]
    elif isinstance(since, int) and not isinstance(since, bool):
        ids = _finished_since(platform, since, head)
        queries = [query.where(invocation_list.c.invocation_id.in_(c)) for c in _chunks(ids)]
    else:
        raise TypeError("since must be a notification id, a datetime or None")
    with platform.engine.connect() as conn:
        rows = [dict(row._mapping) for q in queries for row in conn.execute(q)]
    return sorted(rows, key=lambda row: (row["finished_at"], str(row["invocation_id"])))


def _finished_since(platform: Platform, since: int, head: int) -> list[UUID]:
    """Invocations that finished after notification ``since`` (up to ``head``)."""
    recorder, ids, start = platform.cases.recorder, [], since + 1
    while start <= head:
        page = recorder.select_notifications(start, _PAGE, stop=head, topics=_FINISHED_TOPICS)
        ids.extend(notification.originator_id for notification in page)
        if len(page) < _PAGE:
            break
        start = page[-1].id + 1
    return ids


def _entry_ids(engine: Engine) -> dict[str, UUID]:
    """Slug -> entry UUID from the force's last verified catalogue (empty before a sync)."""
    from policeai.registry.sync import last_sync  # the sync's HTTP client loads only here

    state = last_sync(engine)
    if state is None:
        return {}
    found: dict[str, UUID] = {}
    try:
        releases = json.loads(state.catalogue)["releases"]
        for release in releases:
            found[str(release["registry_entry_id"])] = UUID(str(release["entry_id"]))
    except (ValueError, TypeError, KeyError):
        return found
    return found


def _entry_uuid(value: str, entries: Mapping[str, UUID]) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return entries.get(value)


def _keep_salts(engine: Engine, force: str, invocation_ids: list[UUID]) -> dict[UUID, bytes]:
    """The kept salt of each invocation, making and keeping one for those that have none.

    Kept before the report leaves the force, so a commitment in the log always has its salt.
    """
    found: dict[UUID, bytes] = {}
    for chunk in _chunks(invocation_ids):
        wanted = select(usage_report_salts.c.invocation_id, usage_report_salts.c.salt).where(
            usage_report_salts.c.invocation_id.in_(chunk)
        )
        with engine.begin() as conn:
            kept = {row.invocation_id for row in conn.execute(wanted)}
            now = datetime.now(UTC)
            new = [
                {"invocation_id": i, "force": force, "salt": new_salt(), "kept_at": now}
                for i in chunk
                if i not in kept
            ]
            if new:  # a report built at the same moment may keep one first: that one wins
                conn.execute(_insert(engine, usage_report_salts).on_conflict_do_nothing(), new)
            found.update((row.invocation_id, bytes(row.salt)) for row in conn.execute(wanted))
    return found


def _month(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def _months(platform: Platform, force: str, entries: Mapping[str, UUID]) -> list[UsageMonth]:
    """The force's figures per registry entry and month, over its whole history."""
    counts: dict[tuple[UUID, str], Counter[str]] = {}
    query = select(
        invocation_list.c.registry_entry_id,
        invocation_list.c.requested_at,
        invocation_list.c.status,
    ).where(invocation_list.c.force == force)
    with platform.engine.connect() as conn:
        for entry, requested_at, status in conn.execute(query):
            entry_id = _entry_uuid(entry, entries)
            if entry_id is not None:
                figures = counts.setdefault((entry_id, _month(requested_at)), Counter())
                figures["invocations"] += 1
                figures[status] += 1
    for item in platform.views.decisions(force=force):
        entry_id = _entry_uuid(item["registry_entry_id"], entries)
        decision, decided_at = item["decision"], item["decided_at"]
        if entry_id is not None and decision in {"accepted", "rejected"} and decided_at:
            counts.setdefault((entry_id, _month(decided_at)), Counter())[decision] += 1
    return [
        UsageMonth(
            registry_entry_id=entry_id,
            month=month,
            **{name: figures[name] for name in _FIGURES},
        )
        for (entry_id, month), figures in sorted(
            counts.items(), key=lambda kv: (kv[0][1], str(kv[0][0]))
        )
    ]


def record_receipt(engine: Engine, receipt: UsageReceipt | Mapping[str, Any]) -> int:
    """Keep the leaf index the registry gave each reported invocation; how many were new."""
    if not isinstance(receipt, UsageReceipt):
        try:
            receipt = msgspec.convert(receipt, UsageReceipt, strict=False)
        except msgspec.ValidationError as exc:
            raise UsageReportError(f"the registry's receipt is not valid: {exc}") from None
    metadata.create_all(engine, tables=_FORCE_TABLES)
    table, recorded = usage_report_salts, 0
    with engine.begin() as conn:
        for leaf in receipt.leaves:
            recorded += conn.execute(
                update(table)
                .where(table.c.invocation_id == leaf.invocation_id, table.c.leaf_index.is_(None))
                .values(leaf_index=leaf.leaf_index)
            ).rowcount
    return recorded


def kept_salt(engine: Engine, invocation_id: UUID) -> tuple[bytes, int | None] | None:
    """The salt the force kept for an invocation's commitments and its leaf index, if any."""
    metadata.create_all(engine, tables=_FORCE_TABLES)
    query = select(usage_report_salts.c.salt, usage_report_salts.c.leaf_index).where(
        usage_report_salts.c.invocation_id == invocation_id
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else (bytes(row.salt), row.leaf_index)


# -- registry side ----------------------------------------------------------------------------


def receive_usage_report(
    report: UsageReport | bytes | str | Mapping[str, Any], log: TransparencyLog, engine: Engine
) -> UsageReceipt:
    """Log a force's digests (once per invocation id) and store its monthly figures.

    ``engine`` is the registry's database, the one ``log`` is on: a digest's leaf and the row
    that remembers it commit together. Sending the same report (or an overlapping one)
    again appends nothing new and answers with the same leaf indexes.

    Raises:
        UsageReportError: the report is malformed, a digest is another force's, or an
            invocation id was already reported by another force.
    """
    report = decode_report(report)
    if log.engine is not engine:
        raise ValueError("the usage report's tables must be in the transparency log's database")
    digests: dict[UUID, InvocationDigest] = {}
    for digest in report.digests:
        if digest.force != report.force:
            raise UsageReportError(
                f"the usage report of {report.force} holds a digest of another force's "
                f"invocation ({digest.invocation_id})"
            )
        digests.setdefault(digest.invocation_id, digest)
    metadata.create_all(engine, tables=_REGISTRY_TABLES)
    leaves, appended = _append_digests(report.force, list(digests.values()), log, engine)
    months = _store_months(engine, report)
    return UsageReceipt(
        force=report.force,
        leaves=[LeafReceipt(invocation_id=i, leaf_index=leaves[i]) for i in digests],
        appended=appended,
        already_logged=len(digests) - appended,
        months=months,
        tree_size=log.size(),
    )


def _logged(engine: Engine, force: str, invocation_ids: Iterable[UUID]) -> dict[UUID, int]:
    found: dict[UUID, int] = {}
    table = usage_report_leaves
    for chunk in _chunks(list(invocation_ids)):
        query = select(table.c.invocation_id, table.c.force, table.c.leaf_index).where(
            table.c.invocation_id.in_(chunk)
        )
        with engine.connect() as conn:
            for row in conn.execute(query):
                if row.force != force:
                    raise UsageReportError(
                        f"invocation {row.invocation_id} was reported by another force"
                    )
                found[row.invocation_id] = int(row.leaf_index)
    return found


def _append_digests(
    force: str, digests: list[InvocationDigest], log: TransparencyLog, engine: Engine
) -> tuple[dict[UUID, int], int]:
    """Each digest's leaf index, appending those not logged yet; how many were appended."""
    for attempt in range(3):
        leaves = _logged(engine, force, (d.invocation_id for d in digests))
        new = [d for d in digests if d.invocation_id not in leaves]
        if not new:
            return leaves, 0

        def remember(
            conn: Connection, indexes: list[int], new: list[InvocationDigest] = new
        ) -> None:
            received = datetime.now(UTC)
            rows = [
                {
                    "invocation_id": d.invocation_id,
                    "force": force,
                    "leaf_index": index,
                    "received_at": received,
                }
                for d, index in zip(new, indexes, strict=True)
            ]
            conn.execute(usage_report_leaves.insert(), rows)

        try:
            indexes = log.append_many([encode_leaf(d) for d in new], before_commit=remember)
        except IntegrityError:
            # The same invocations arrived at the same moment and were logged first: the
            # append was rolled back; look again.
            if attempt == 2:
                raise
            continue
        leaves.update((d.invocation_id, index) for d, index in zip(new, indexes, strict=True))
        return leaves, len(new)
    raise AssertionError("unreachable")  # pragma: no cover


def _store_months(engine: Engine, report: UsageReport) -> int:
    now = datetime.now(UTC)
    rows = {
        (str(m.registry_entry_id), m.month): {
            "force": report.force,
            "registry_entry_id": str(m.registry_entry_id),
            "month": m.month,
            **{name: getattr(m, name) for name in _FIGURES},
            "updated_at": now,
        }
        for m in report.months
    }
    if not rows:
        return 0
    statement = _insert(engine, usage_monthly)
    statement = statement.on_conflict_do_update(
        index_elements=["force", "registry_entry_id", "month"],
        set_={name: statement.excluded[name] for name in (*_FIGURES, "updated_at")},
    )
    with engine.begin() as conn:
        conn.execute(statement, list(rows.values()))
    return len(rows)


def monthly_usage(
    engine: Engine, *, registry_entry_id: UUID | str | None = None, force: str | None = None
) -> list[dict[str, Any]]:
    """The stored monthly figures, by month, entry and force: for the public pages."""
    metadata.create_all(engine, tables=_REGISTRY_TABLES)
    query = select(usage_monthly)
    if registry_entry_id is not None:
        query = query.where(usage_monthly.c.registry_entry_id == str(registry_entry_id))
    if force is not None:
        query = query.where(usage_monthly.c.force == force)
    query = query.order_by(
        usage_monthly.c.month, usage_monthly.c.registry_entry_id, usage_monthly.c.force
    )
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


# -- helpers ----------------------------------------------------------------------------------


def _insert(engine: Engine, table: Table) -> Any:
    return (sqlite_insert if engine.dialect.name == "sqlite" else pg_insert)(table)


def _chunks(items: list[UUID], size: int = 500) -> Iterable[list[UUID]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
