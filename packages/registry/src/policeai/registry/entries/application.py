"""The registry application: register entries, submit releases, test and certify them.

Construct it from an eventsourcing environment, as :class:`policeai.core.cases.application.
Cases` is: ``Registry(registry_env(settings))``. On SQLite the registry keeps its own file
(``REGISTRY_SQLITE_DBNAME``); on PostgreSQL the library names its tables after the app
(``registry_events``). Commands need an actor (:func:`policeai.core.context.acting_as`);
certification steps need the ``certifier`` role. Every method returns ids or plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from policeai.core.context import current_actor
from policeai.core.errors import ConflictError, ForbiddenError, NotFoundError
from policeai.core.persistence import StartsAlongsideOthers
from policeai.core.settings import Settings
from policeai.registry.certification.reliability import validate_report
from policeai.registry.entries.domainmodel import EntrySlug, RegistryEntry, Release
from policeai.registry.entries.errors import DuplicateSlugError

A = TypeVar("A", RegistryEntry, Release)
T = TypeVar("T")
CERTIFIER = "certifier"
PAGE = 500


def registry_env(settings: Settings) -> dict[str, str]:
    """The registry's event store environment: the platform's, with a file of its own on
    SQLite (``<data dir>/registry.db``)."""
    env = settings.event_store_env()
    if env.get("SQLITE_DBNAME", ":memory:") != ":memory:":
        settings.ensure_data_dir()
        env["REGISTRY_SQLITE_DBNAME"] = str(Path(settings.data_dir) / "registry.db")
    return env


class Registry(StartsAlongsideOthers, Application[UUID]):
    """Police.AI's registry of AI systems, their releases and their certification."""

    name = "registry"

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)

    # -- entries ------------------------------------------------------------------------------

    def register_entry(self, slug: str, atrs: object) -> UUID:
        """Register an AI system under a unique slug (its plugin id) with its ATRS record."""
        if self._slug_index(slug) is not None:
            raise _slug_taken(slug)
        entry = RegistryEntry.register(slug, atrs)
        index = EntrySlug(slug=slug, entry_id=entry.id)
        try:
            self.save(entry, index)
        except IntegrityError:
            raise _slug_taken(slug) from None
        return entry.id

    def update_atrs(
        self,
        entry_id: UUID,
        atrs: object,
        *,
        reason: str,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        entry = self._load(entry_id, RegistryEntry)
        _check_version(entry, expected_version, f"the entry {entry.slug}")
        entry.update_atrs(atrs, reason)
        self._save(f"the entry {entry.slug}", entry)
        return self.get_entry(entry_id)

    def get_entry(self, entry_id: UUID, *, now: datetime | None = None) -> dict[str, Any]:
        entry = self._load(entry_id, RegistryEntry)
        now = now or datetime.now(UTC)
        releases = [self._load(rid, Release) for rid in entry.releases.values()]
        return {
            "entry_id": entry.id,
            "record_version": entry.version,
            "slug": entry.slug,
            "name": entry.name,
            "atrs": entry.atrs,
            "registered_at": entry.created_on,
            "updated_at": entry.modified_on,
            "releases": [
                {
                    "release_id": r.id,
                    "version": r.release_version,
                    "status": r.status,
                    "standing": r.standing(now),
                    "certificate": r.certificate,
                }
                for r in releases
            ],
        }

    def get_entry_by_slug(self, slug: str, *, now: datetime | None = None) -> dict[str, Any]:
        index = self._slug_index(slug)
        if index is None:
            raise NotFoundError(f"no registry entry has the slug {slug!r}")
        return self.get_entry(index.entry_id, now=now)

    def list_entries(self) -> list[dict[str, Any]]:
        """Every entry's id, slug and name, in the order they were registered."""
        entries = (self._load(i, RegistryEntry) for i in self._originators(RegistryEntry))
        return [{"entry_id": e.id, "slug": e.slug, "name": e.name} for e in entries]

    # -- releases -----------------------------------------------------------------------------

    def submit_release(
        self,
        entry_id: UUID,
        version: str,
        wheel_filename: str,
        wheel_sha256: str,
        manifest: object,
        model_card: object,
    ) -> UUID:
        """Submit a vendor's release (wheel, manifest, model card) for certification."""
        entry = self._load(entry_id, RegistryEntry)
        release = Release.submit(
            entry,
            version=version,
            wheel_filename=wheel_filename,
            wheel_sha256=wheel_sha256,
            manifest=manifest,
            model_card=model_card,
        )
        entry.list_release(release.id, version)
        self._save(f"the entry {entry.slug}", entry, release)
        return release.id

    def get_release(self, release_id: UUID, *, now: datetime | None = None) -> dict[str, Any]:
        """The release as plain data: state, certificate, reports, history and rule ledger."""
        release = self._load(release_id, Release)
        entry = self._load(release.entry_id, RegistryEntry)
        return release_to_dict(release, now or datetime.now(UTC), entry.atrs)

    def record_test(
        self,
        release_id: UUID,
        report: object,
        *,
        reason: str = "",
        now: datetime | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Record the reliability report Police.AI measured for the release."""
        return self._transition(
            release_id, expected_version, lambda r, n: r.record_test(report, reason, n), now
        )

    def certify(
        self,
        release_id: UUID,
        expires_at: datetime,
        reason: str,
        *,
        now: datetime | None = None,
        expected_version: int | None = None,
    ) -> str:
        """Certify a tested release until ``expires_at``; return the certificate id."""
        self._require_certifier("certify")
        release = self._load(release_id, Release)
        _check_version(release, expected_version, release.label)
        atrs = self._load(release.entry_id, RegistryEntry).atrs
        certificate_id = release.certify(
            expires_at=expires_at, reason=reason, now=now or datetime.now(UTC), atrs=atrs
        )
        self._save(release.label, release)
        return certificate_id

    def reject(
        self,
        release_id: UUID,
        reason: str,
        *,
        now: datetime | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        return self._transition(release_id, expected_version, lambda r, n: r.reject(reason, n), now)

    def suspend(
        self,
        release_id: UUID,
        reason: str,
        *,
        now: datetime | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        return self._transition(
            release_id, expected_version, lambda r, n: r.suspend(reason, n), now
        )

    def reinstate(
        self,
        release_id: UUID,
        reason: str,
        *,
        now: datetime | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        return self._transition(
            release_id, expected_version, lambda r, n: r.reinstate(reason, n), now
        )

    def revoke(
        self,
        release_id: UUID,
        reason: str,
        *,
        now: datetime | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        return self._transition(release_id, expected_version, lambda r, n: r.revoke(reason, n), now)

    def exempt_rule(
        self,
        release_id: UUID,
        rule_id: str,
        reason: str,
        *,
        now: datetime | None = None,
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """Exempt the release from a certification rule, with the certifier's reason."""
        return self._transition(
            release_id, expected_version, lambda r, n: r.exempt(rule_id, reason, n), now
        )

    def expire(
        self,
        release_id: UUID,
        *,
        now: datetime | None = None,
        reason: str = "the certificate's expiry date has passed",
    ) -> dict[str, Any]:
        """Record ``CertificateExpired`` for a release whose certificate has run out."""
        return self._transition(release_id, None, lambda r, n: r.expire(reason, n), now)

    def expire_certificates(self, now: datetime | None = None) -> list[UUID]:
        """The sweep: record ``CertificateExpired`` on every release past its expiry."""
        now = now or datetime.now(UTC)
        expired = []
        for release in self._releases():
            certificate = release.certificate or {}
            past_expiry = "expires_at" in certificate and now >= certificate["expires_at"]
            if release.status in {"certified", "suspended"} and past_expiry:
                self.expire(release.id, now=now)
                expired.append(release.id)
        return expired

    def certified_releases(self, now: datetime | None = None) -> list[dict[str, Any]]:
        """The catalogue: every release whose certificate is current at ``now``."""
        now = now or datetime.now(UTC)
        return [
            {
                "plugin_id": r.manifest["id"],
                "version": r.release_version,
                "registry_entry_id": str(r.entry_id),
                "release_id": str(r.id),
                "certificate_id": r.certificate["certificate_id"],
                "status": "certified",
                "expires_at": r.certificate["expires_at"],
                "wheel_filename": r.wheel_filename,
                "wheel_sha256": r.wheel_sha256,
            }
            for r in self._releases()
            if r.certificate is not None and r.standing(now) == "certified"
        ]

    # -- internals ----------------------------------------------------------------------------

    def _releases(self) -> Iterator[Release]:
        return (self._load(i, Release) for i in self._originators(Release))

    def _originators(self, kind: type[RegistryEntry | Release]) -> Iterator[UUID]:
        """Ids of every aggregate of a kind, from its creation events in the notification log.

        Fine for a national registry's few thousand releases; a projection would serve more.
        """
        created = (
            RegistryEntry.EntryRegistered if kind is RegistryEntry else Release.ReleaseSubmitted
        )
        start = 1
        while True:
            page = self.recorder.select_notifications(start, PAGE, topics=[get_topic(created)])
            yield from (notification.originator_id for notification in page)
            if len(page) < PAGE:
                return
            start = page[-1].id + 1

    def _transition(
        self,
        release_id: UUID,
        expected_version: int | None,
        command: Callable[[Release, datetime], Any],
        now: datetime | None = None,
    ) -> dict[str, Any]:
        self._require_certifier("change the certification of")
        release = self._load(release_id, Release)
        _check_version(release, expected_version, release.label)
        command(release, now or datetime.now(UTC))
        self._save(release.label, release)
        return self.get_release(release_id, now=now)

    def _require_certifier(self, verb: str) -> None:
        actor = current_actor()
        if actor.role != CERTIFIER:
            raise ForbiddenError(
                f"only a Police.AI certifier may {verb} a release; {actor.user} acts as "
                f"{actor.role}"
            )

    def _slug_index(self, slug: str) -> EntrySlug | None:
        try:
            return self.repository.get(EntrySlug.create_id(slug))
        except AggregateNotFoundError:
            return None

    def _load(self, aggregate_id: UUID, kind: type[A]) -> A:
        noun = "registry entry" if kind is RegistryEntry else "release"
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(f"no {noun} {aggregate_id}") from None
        if not isinstance(aggregate, kind):
            raise NotFoundError(f"no {noun} {aggregate_id}")
        return aggregate

    def _save(self, what: str, *aggregates: RegistryEntry | Release) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConflictError(
                f"{what} was changed by someone else at the same moment: nothing of yours was "
                "saved; reload it and make your change again"
            ) from None


def _slug_taken(slug: str) -> DuplicateSlugError:
    return DuplicateSlugError(f"the slug {slug!r} is already taken by another registry entry")


def _check_version(aggregate: RegistryEntry | Release, expected: int | None, what: str) -> None:
    if expected is not None and aggregate.version != expected:
        raise ConflictError(
            f"{what} changed since you opened it (version {expected}, now "
            f"{aggregate.version}): nothing of yours was saved; reload it and try again"
        )


def release_to_dict(release: Release, now: datetime, atrs: dict[str, Any] | None) -> dict[str, Any]:
    reports = [
        {"report": report, "passed": not validate_report(report).failures()}
        for report in release.reports
    ]
    return {
        "release_id": release.id,
        "record_version": release.version,
        "entry_id": release.entry_id,
        "slug": release.slug,
        "version": release.release_version,
        "wheel_filename": release.wheel_filename,
        "wheel_sha256": release.wheel_sha256,
        "manifest": release.manifest,
        "model_card": release.model_card,
        "status": release.status,
        "standing": release.standing(now),
        "certificate": dict(release.certificate) if release.certificate else None,
        "reports": reports,
        "latest_report_passed": reports[-1]["passed"] if reports else None,
        "exemptions": dict(release.exemptions),
        "history": [dict(step) for step in release.history],
        "ledger": release.ledger(atrs),
        "submitted_at": release.created_on,
    }
