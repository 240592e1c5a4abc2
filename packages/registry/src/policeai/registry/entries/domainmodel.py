"""Registry entries (one per AI system, with its ATRS record) and their releases' certification.

Entry events: EntryRegistered, AtrsRecordUpdated, ReleaseListed. Release events:
ReleaseSubmitted, ReliabilityTested, RuleExempted, Certified, Rejected, Suspended,
Reinstated, Revoked, CertificateExpired. Every release event names the actor (the vendor's
submitter, then the certifier) and a reason, and is kept in the release's history.

Certification: submitted -> tested -> certified | rejected; certified -> suspended ->
reinstated (certified) | revoked; a certified release past its expiry reads as expired, and a
sweep may record CertificateExpired.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any, NoReturn

import msgspec
from eventsourcing.domain import event

from policeai.core.aggregate import NAMESPACE, PoliceAggregate
from policeai.core.plugins.manifest import (
    InvalidManifestError,
    validate_manifest,
)
from policeai.registry.certification.reliability import (
    SHA256_PATTERN,
    ReliabilityReport,
    validate_report,
)
from policeai.registry.certification.rules import (
    get_rule,
    outstanding,
)
from policeai.registry.certification.rules import ledger as rule_ledger
from policeai.registry.entries.atrs import (
    validate_atrs,
    validate_model_card,
)
from policeai.registry.entries.errors import (
    DuplicateReleaseError,
    IllegalTransitionError,
    InvalidReleaseError,
    RegistryError,
)

#: Policy: a certificate runs for at most three years before the tool is tested again.
MAX_CERTIFICATE_PERIOD = timedelta(days=3 * 366)
SLUG_PATTERN = r"^[a-z][a-z0-9-]{1,62}$"
#: A wheel's file name (PEP 427): name-version(-build)-python-abi-platform.whl
WHEEL = re.compile(
    r"^(?P<name>[A-Za-z0-9_.]+)-(?P<version>[^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$"
)


def _plain(struct: msgspec.Struct) -> dict[str, Any]:
    return msgspec.to_builtins(struct)


def _reason(reason: str, what: str) -> str:
    if not reason or not reason.strip():
        raise RegistryError(f"give a reason {what}: it is recorded and published")
    return reason.strip()


# -- aggregates -------------------------------------------------------------------------------


class RegistryEntry(PoliceAggregate):
    """One AI system in the public registry, with its ATRS record and its releases."""

    @event("EntryRegistered")
    def __init__(self, slug: str, atrs: dict[str, Any]) -> None:
        self.slug = slug
        self.atrs = atrs
        self.releases: dict[str, uuid.UUID] = {}

    @classmethod
    def register(cls, slug: str, atrs: object) -> RegistryEntry:
        if not isinstance(slug, str) or not re.match(SLUG_PATTERN, slug):
            raise RegistryError(
                f"the slug {slug!r} must be a lower-case identifier of 2 to 63 letters, digits "
                "and hyphens, starting with a letter (the plugin's manifest id)"
            )
        return cls(slug=slug, atrs=_plain(validate_atrs(atrs)))

    @property
    def name(self) -> str:
        return self.atrs["tier1"]["name"]

    def update_atrs(self, atrs: object, reason: str) -> None:
        record = _plain(validate_atrs(atrs))
        self._atrs_updated(atrs=record, reason=_reason(reason, "for changing the ATRS record"))

    @event("AtrsRecordUpdated")
    def _atrs_updated(self, atrs: dict[str, Any], reason: str) -> None:
        self.atrs = atrs

    def check_new_version(self, version: str) -> None:
        if version in self.releases:
            raise DuplicateReleaseError(
                f"{self.slug} already has a release {version}: a release never changes; "
                "submit the fix as a new version"
            )

    def list_release(self, release_id: uuid.UUID, version: str) -> None:
        self.check_new_version(version)
        self._release_listed(release_id=release_id, version=version)

    @event("ReleaseListed")
    def _release_listed(self, release_id: uuid.UUID, version: str) -> None:
        self.releases[version] = release_id


class EntrySlug(PoliceAggregate):
    """Index aggregate: slug -> entry id (uuid5 of the slug), saved with the entry."""

    @staticmethod
    def create_id(slug: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"registry-slug/{slug}")

    @event("SlugIndexed")
    def __init__(self, slug: str, entry_id: uuid.UUID) -> None:
        self.slug = slug
        self.entry_id = entry_id


#: How a release's state reads in a refusal: "release 1.2.0 of x cannot be suspended: it is ..."
STATE_WORDS = {
    "submitted": "only submitted, not yet tested",
    "tested": "tested but not certified",
    "certified": "already certified",
    "rejected": "rejected, and stays so: the vendor may submit a new version",
    "suspended": "suspended: reinstate or revoke it",
    "revoked": "revoked, and stays so: the vendor may submit a new version",
    "expired": "expired: its certificate ran out; the vendor may submit a new version",
}


class Release(PoliceAggregate):
    """A release of an entry: its wheel, manifest, model card, reports and certification."""

    class Event(PoliceAggregate.Event):
        """Every release event is a step of its history: what, who (the actor), why, when."""

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.history.append(
                {
                    "event": type(self).__name__,
                    "certifier": self.actor,
                    "reason": getattr(self, "reason", ""),
                    "at": self.timestamp,
                }
            )

    class ReleaseSubmitted(Event, PoliceAggregate.Created):
        entry_id: uuid.UUID
        slug: str
        version: str
        wheel_filename: str
        wheel_sha256: str
        manifest: dict[str, Any]
        model_card: dict[str, Any]
        reason: str

    class Certified(Event):
        reason: str
        certificate_id: str
        expires_at: datetime

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.certificate["issued_at"] = self.timestamp

    class RuleExempted(Event):
        rule_id: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.exemptions[self.rule_id] = {
                "reason": self.reason,
                "by": self.actor,
                "at": self.timestamp,
            }

    @staticmethod
    def create_id(entry_id: uuid.UUID, version: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"registry-release/{entry_id}/{version}")

    @event(ReleaseSubmitted)
    def __init__(
        self,
        *,
        entry_id: uuid.UUID,
        slug: str,
        version: str,
        wheel_filename: str,
        wheel_sha256: str,
        manifest: dict[str, Any],
        model_card: dict[str, Any],
        reason: str,
    ) -> None:
        self.entry_id = entry_id
        self.slug = slug
        self.release_version = version
        self.wheel_filename = wheel_filename
        self.wheel_sha256 = wheel_sha256
        self.manifest = manifest
        self.model_card = model_card
        self.status = "submitted"
        self.reports: list[dict[str, Any]] = []
        self.certificate: dict[str, Any] | None = None
        self.exemptions: dict[str, dict[str, Any]] = {}
        self.history: list[dict[str, Any]] = []

    @classmethod
    def submit(
        cls,
        entry: RegistryEntry,
        *,
        version: str,
        wheel_filename: str,
        wheel_sha256: str,
        manifest: object,
        model_card: object,
    ) -> Release:
        entry.check_new_version(version)
        checked = validate_manifest(manifest)
        if checked.id != entry.slug:
            raise InvalidManifestError(
                f"invalid plugin manifest: its id {checked.id!r} is not the entry's slug "
                f"{entry.slug!r} - at `$.id`"
            )
        if checked.version != version:
            raise InvalidManifestError(
                f"invalid plugin manifest: its version {checked.version} is not the release's "
                f"version {version} - at `$.version`"
            )
        match = WHEEL.match(wheel_filename or "")
        if match is None:
            raise InvalidReleaseError(
                f"the wheel filename {wheel_filename!r} is not a wheel's name "
                "(name-version-python-abi-platform.whl, PEP 427)"
            )
        if match["version"] != version:
            raise InvalidReleaseError(
                f"the wheel {wheel_filename} is version {match['version']}, not {version}"
            )
        if not re.match(SHA256_PATTERN, wheel_sha256 or ""):
            raise InvalidReleaseError(
                "the wheel's SHA-256 must be 64 lower-case hexadecimal digits"
            )
        return cls(
            entry_id=entry.id,
            slug=entry.slug,
            version=version,
            wheel_filename=wheel_filename,
            wheel_sha256=wheel_sha256,
            manifest=_plain(checked),
            model_card=_plain(validate_model_card(model_card)),
            reason="submitted for certification",
        )

    # -- derived facts ------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return f"release {self.release_version} of {self.slug}"

    @property
    def latest_report(self) -> dict[str, Any] | None:
        return self.reports[-1] if self.reports else None

    def latest_failures(self) -> list[str] | None:
        """The latest report's failing required metrics; ``None`` when there is no report."""
        latest = self.latest_report
        return None if latest is None else validate_report(latest).failures()

    def standing(self, now: datetime) -> str:
        """The state as a force sees it at ``now``: a certificate past its expiry is expired."""
        if (
            self.status == "certified"
            and self.certificate is not None
            and now >= self.certificate["expires_at"]
        ):
            return "expired"
        return self.status

    def ledger(self, atrs: dict[str, Any] | None) -> list[dict[str, Any]]:
        return rule_ledger(self, atrs)

    # -- invariants ---------------------------------------------------------------------------

    def _refuse(self, verb: str, why: str) -> NoReturn:
        raise IllegalTransitionError(f"{self.label} cannot be {verb}: {why}")

    def check_standing(self, verb: str, allowed: set[str], now: datetime) -> None:
        standing = self.standing(now)
        if standing not in allowed:
            self._refuse(verb, f"it is {STATE_WORDS[standing]}")

    def check_passing_report(self, verb: str) -> None:
        failures = self.latest_failures()
        if failures is None:
            self._refuse(verb, "it has no passing reliability report")
        if failures:
            self._refuse(
                verb,
                f"it has no passing reliability report (the latest fails: {'; '.join(failures)})",
            )

    def check_mandatory_rules(self, verb: str, atrs: dict[str, Any] | None) -> None:
        todo = outstanding(self.ledger(atrs))
        if todo:
            self._refuse(
                verb,
                "mandatory rules are not met: "
                + "; ".join(f"{r['rule_id']} ({r['detail']})" for r in todo),
            )

    # -- commands -----------------------------------------------------------------------------

    def record_test(self, report: object, reason: str, now: datetime) -> ReliabilityReport:
        self.check_standing("tested", {"submitted", "tested", "suspended"}, now)
        checked = validate_report(report)
        verdict = "passes" if checked.passed else "fails"
        why = reason.strip() or f"{checked.suite} on {checked.dataset}: {verdict}"
        self._tested(report=_plain(checked), reason=why)
        return checked

    @event("ReliabilityTested")
    def _tested(self, report: dict[str, Any], reason: str) -> None:
        self.reports.append(report)
        if self.status == "submitted":
            self.status = "tested"

    def exempt(self, rule_id: str, reason: str, now: datetime) -> None:
        rule = get_rule(rule_id)
        self.check_standing("exempted from a rule", {"submitted", "tested"}, now)
        if not rule.exemptable:
            raise RegistryError(
                f"rule {rule_id} cannot be exempted: no release is certified without it"
            )
        if rule_id in self.exemptions:
            raise RegistryError(f"{self.label} is already exempt from {rule_id}")
        self._exempted(rule_id=rule_id, reason=_reason(reason, f"for exempting {rule_id}"))

    @event(RuleExempted)
    def _exempted(self, rule_id: str, reason: str) -> None:
        pass

    def certify(
        self,
        *,
        expires_at: datetime,
        reason: str,
        now: datetime,
        atrs: dict[str, Any] | None,
    ) -> str:
        verb = "certified"
        if self.standing(now) in {"submitted", "tested"}:
            self.check_passing_report(verb)
        self.check_standing(verb, {"tested"}, now)
        self.check_mandatory_rules(verb, atrs)
        if expires_at.tzinfo is None or expires_at.utcoffset() is None:
            raise RegistryError("the expiry must include a time zone (for example 2027-06-30Z)")
        if expires_at <= now:
            self._refuse(verb, f"its expiry {expires_at:%Y-%m-%d} is not in the future")
        if expires_at > now + MAX_CERTIFICATE_PERIOD:
            self._refuse(verb, "a certificate may run for three years at most (policy)")
        certificate_id = f"PAI-{uuid.uuid4().hex[:12].upper()}"
        self._certified(
            reason=_reason(reason, "for certifying"),
            certificate_id=certificate_id,
            expires_at=expires_at,
        )
        return certificate_id

    @event(Certified)
    def _certified(self, reason: str, certificate_id: str, expires_at: datetime) -> None:
        self.status = "certified"
        self.certificate = {"certificate_id": certificate_id, "expires_at": expires_at}

    def reject(self, reason: str, now: datetime) -> None:
        self.check_standing("rejected", {"submitted", "tested"}, now)
        self._rejected(reason=_reason(reason, "for rejecting"))

    @event("Rejected")
    def _rejected(self, reason: str) -> None:
        self.status = "rejected"

    def suspend(self, reason: str, now: datetime) -> None:
        self.check_standing("suspended", {"certified"}, now)
        self._suspended(reason=_reason(reason, "for suspending"))

    @event("Suspended")
    def _suspended(self, reason: str) -> None:
        self.status = "suspended"

    def reinstate(self, reason: str, now: datetime) -> None:
        self.check_standing("reinstated", {"suspended"}, now)
        assert self.certificate is not None
        if now >= self.certificate["expires_at"]:
            self._refuse(
                "reinstated",
                f"its certificate expired on {self.certificate['expires_at']:%Y-%m-%d} while "
                "it was suspended; the vendor may submit a new version",
            )
        self.check_passing_report("reinstated")
        self._reinstated(reason=_reason(reason, "for reinstating"))

    @event("Reinstated")
    def _reinstated(self, reason: str) -> None:
        self.status = "certified"

    def revoke(self, reason: str, now: datetime) -> None:
        if self.status not in {"certified", "suspended", "expired"}:
            self._refuse("revoked", f"it is {STATE_WORDS[self.status]}")
        self._revoked(reason=_reason(reason, "for revoking"))

    @event("Revoked")
    def _revoked(self, reason: str) -> None:
        self.status = "revoked"

    def expire(self, reason: str, now: datetime) -> None:
        if self.status not in {"certified", "suspended"}:
            self._refuse("expired", f"it is {STATE_WORDS[self.status]}")
        assert self.certificate is not None
        if now < self.certificate["expires_at"]:
            self._refuse(
                "expired",
                f"its certificate runs until {self.certificate['expires_at']:%Y-%m-%d %H:%M %Z}",
            )
        self._expired(reason=_reason(reason, "for recording the expiry"))

    @event("CertificateExpired")
    def _expired(self, reason: str) -> None:
        self.status = "expired"
