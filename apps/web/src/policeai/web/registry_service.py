"""The public registry's reads (no sign-in) and the Police.AI certifier's console.

Public reads put together what the registry records (entries, ATRS records, releases, their
certification history and reliability reports) with what forces do with them: which force
installed which release (the installations table) and monthly usage per force (the
``usage_monthly`` table of usage reports where forces have reported, otherwise this platform's
own invocation and decision read models). Nothing personal is published: forces, releases,
roles and counts only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from litestar.datastructures import State
from sqlalchemy import Engine, MetaData, Table, inspect, select

from policeai.core.cases.views import suggestion_items
from policeai.core.catalogue.installations import installations_table
from policeai.core.catalogue.view import catalogue_releases
from policeai.core.context import Actor, acting_as
from policeai.core.invocations.views import invocation_list
from policeai.core.platform import Platform
from policeai.registry.entries import Registry
from policeai.registry.suites import run_release_suite
from policeai.web.registry_http import STATE_KEY

T = TypeVar("T")
USAGE_TABLE = "usage_monthly"


def app_registry(state: State) -> Registry:
    """The app's one registry application, opened by the registry service app.py assembles."""
    registry: Registry = state[STATE_KEY].registry
    return registry


def _month(moment: datetime | str | None) -> str:
    return str(moment)[:7] if moment is not None else "unknown"


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class PublicRegistry:
    """What anyone may read about every AI system in use."""

    def __init__(self, registry: Registry, platform: Platform) -> None:
        self.registry = registry
        self.engine: Engine = platform.engine

    # -- the index ----------------------------------------------------------------------------

    def entries(self) -> list[dict[str, Any]]:
        forces = self._forces_by_plugin()
        summaries = []
        for listed in self.registry.list_entries():
            entry = self.registry.get_entry(listed["entry_id"])
            releases = [self.registry.get_release(r["release_id"]) for r in entry["releases"]]
            summaries.append(
                {
                    **_entry_head(entry, releases),
                    "releases": [_release_summary(r) for r in reversed(releases)],
                    "forces": sorted(forces.get(entry["slug"], set())),
                }
            )
        return summaries

    # -- one entry ----------------------------------------------------------------------------

    def entry(self, slug: str) -> dict[str, Any]:
        entry = self.registry.get_entry_by_slug(slug)
        releases = [self.registry.get_release(r["release_id"]) for r in entry["releases"]]
        by_version = {r["version"]: r for r in releases}
        return {
            **_entry_head(entry, releases),
            "record_version": entry["record_version"],
            "atrs": entry["atrs"],
            "safeguards": _safeguards(entry, releases),
            "releases": [_release_detail(r) for r in reversed(releases)],
            "installations": self.installations(slug, by_version),
            "usage": self.usage(slug, {str(entry["entry_id"])}),
        }

    def atrs_export(self, slug: str) -> dict[str, Any]:
        """The ATRS record as published: Tier 1 and Tier 2, and what it describes."""
        entry = self.registry.get_entry_by_slug(slug)
        return {
            "standard": "Algorithmic Transparency Recording Standard",
            "standard_version": "3.0",
            "registry_entry_id": entry["entry_id"],
            "slug": entry["slug"],
            "record_version": entry["record_version"],
            "registered_at": entry["registered_at"],
            "updated_at": entry["updated_at"],
            "tier1": entry["atrs"]["tier1"],
            "tier2": entry["atrs"]["tier2"],
        }

    # -- what forces do -----------------------------------------------------------------------

    def _forces_by_plugin(self) -> dict[str, set[str]]:
        query = select(installations_table.c.plugin_id, installations_table.c.force)
        found: dict[str, set[str]] = defaultdict(set)
        with self.engine.connect() as conn:
            for plugin_id, force in conn.execute(query):
                found[plugin_id].add(force)
        return found

    def installations(self, slug: str, releases: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        query = (
            select(installations_table)
            .where(installations_table.c.plugin_id == slug)
            .order_by(installations_table.c.force)
        )
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
        return [
            {
                "force": row["force"],
                "version": row["version"],
                "release_standing": releases[row["version"]]["standing"]
                if row["version"] in releases
                else "not in the registry",
                "roles": list(row["roles"]),
                "installed_at": row["installed_at"],
            }
            for row in rows
        ]

    def usage(self, slug: str, entry_ids: set[str]) -> dict[str, Any]:
        """Monthly usage per force: reported by forces where there are reports, otherwise
        this platform's own records of invocations and decisions."""
        with self.engine.connect() as conn:
            catalogued = conn.execute(
                select(catalogue_releases.c.registry_entry_id).where(
                    catalogue_releases.c.plugin_id == slug
                )
            ).scalars()
            ids = entry_ids | {slug} | set(catalogued)
        reported = self._reported_usage(ids)
        if reported:
            return {"source": "usage reports from forces", "months": reported}
        return {"source": "this platform's own records", "months": self._recorded_usage(slug)}

    def _reported_usage(self, ids: set[str]) -> list[dict[str, Any]]:
        if not inspect(self.engine).has_table(USAGE_TABLE):
            return []
        table = Table(USAGE_TABLE, MetaData(), autoload_with=self.engine)
        query = select(table).where(table.c.registry_entry_id.in_(sorted(ids)))
        totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                figures = totals[(row.force, _month(row.month))]
                for name in ("invocations", "completed", "failed", "accepted", "rejected"):
                    figures[name] += int(getattr(row, name, 0) or 0)
        return _usage_rows(totals)

    def _recorded_usage(self, slug: str) -> list[dict[str, Any]]:
        totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        invocations = select(
            invocation_list.c.force, invocation_list.c.requested_at, invocation_list.c.status
        ).where(invocation_list.c.plugin_id == slug)
        decisions = select(
            suggestion_items.c.force, suggestion_items.c.decided_at, suggestion_items.c.decision
        ).where(suggestion_items.c.plugin_id == slug, suggestion_items.c.decision.is_not(None))
        with self.engine.connect() as conn:
            for force, at, status in conn.execute(invocations):
                figures = totals[(force, _month(at))]
                figures["invocations"] += 1
                if status in {"completed", "failed"}:
                    figures[status] += 1
            for force, at, decision in conn.execute(decisions):
                if decision in {"accepted", "rejected"}:
                    totals[(force, _month(at))][decision] += 1
        return _usage_rows(totals)


def _usage_rows(totals: dict[tuple[str, str], dict[str, int]]) -> list[dict[str, Any]]:
    rows = []
    for (force, month), figures in sorted(
        totals.items(), key=lambda item: (item[0][1], item[0][0])
    ):
        decided = figures["accepted"] + figures["rejected"]
        rows.append(
            {
                "force": force,
                "month": month,
                "invocations": figures["invocations"],
                "completed": figures["completed"],
                "failed": figures["failed"],
                "accepted": figures["accepted"],
                "rejected": figures["rejected"],
                "accepted_share": _share(figures["accepted"], decided),
                "rejected_share": _share(figures["rejected"], decided),
            }
        )
    return rows


def _current(releases: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The release that speaks for the entry: the newest certified, else the newest."""
    certified = [r for r in releases if r["standing"] == "certified"]
    return (certified or releases or [None])[-1]


def _entry_head(entry: dict[str, Any], releases: list[dict[str, Any]]) -> dict[str, Any]:
    tier1 = entry["atrs"]["tier1"]
    owner = entry["atrs"]["tier2"]["owner_and_responsibility"]
    current = _current(releases)
    if current is not None:
        publisher = current["manifest"]["publisher"]
        publisher_name, publisher_kind = publisher["name"], publisher["kind"]
    else:
        supplier = owner.get("supplier")
        publisher_name = supplier["name"] if supplier else owner["organisation"]
        publisher_kind = "supplier" if supplier else "owner"
    return {
        "entry_id": entry["entry_id"],
        "slug": entry["slug"],
        "name": entry["name"],
        "description": tier1["description"],
        "organisation": owner["organisation"],
        "publisher": publisher_name,
        "publisher_kind": publisher_kind,
        "registered_at": entry["registered_at"],
        "updated_at": entry["updated_at"],
    }


def _release_summary(release: dict[str, Any]) -> dict[str, Any]:
    certificate = release["certificate"] or {}
    return {
        "release_id": release["release_id"],
        "version": release["version"],
        "status": release["status"],
        "standing": release["standing"],
        "certificate_id": certificate.get("certificate_id"),
        "expires_at": certificate.get("expires_at"),
        "latest_report_passed": release["latest_report_passed"],
    }


def _release_detail(release: dict[str, Any]) -> dict[str, Any]:
    return {
        **_release_summary(release),
        "submitted_at": release["submitted_at"],
        "wheel_filename": release["wheel_filename"],
        "wheel_sha256": release["wheel_sha256"],
        "certificate": release["certificate"],
        "manifest": release["manifest"],
        "model_card": release["model_card"],
        "history": [
            {"event": h["event"], "by": h["certifier"], "reason": h["reason"], "at": h["at"]}
            for h in release["history"]
        ],
        "reports": release["reports"],
        "ledger": release["ledger"],
        "exemptions": release["exemptions"],
    }


def _safeguards(entry: dict[str, Any], releases: list[dict[str, Any]]) -> dict[str, Any]:
    tier2 = entry["atrs"]["tier2"]
    current = _current(releases)
    manifest = current["manifest"] if current else {}
    return {
        "declared_by_release": current["version"] if current else None,
        "human_review_required": manifest.get("human_review_required"),
        "human_decisions_and_review": tier2["decision_making"]["human_decisions_and_review"],
        "known_limitations": manifest.get("known_limitations"),
        "max_classification": manifest.get("max_classification"),
        "data_categories": manifest.get("data_categories", []),
        "risks": tier2["risks_and_mitigations"]["risks"],
        "impact_assessments": tier2["risks_and_mitigations"]["impact_assessments"],
    }


class Console:
    """The certifier's console: every change runs as the signed-in certifier."""

    def __init__(self, registry: Registry, platform: Platform, actor: Actor) -> None:
        self.registry = registry
        self.platform = platform
        self.actor = actor

    def _as_actor(self, call: Callable[[], T]) -> T:
        with acting_as(self.actor):
            return call()

    def register(self, slug: str, atrs: object) -> dict[str, Any]:
        entry_id = self._as_actor(lambda: self.registry.register_entry(slug, atrs))
        return {"entry_id": entry_id, "slug": slug}

    def submit(self, slug: str, **release: Any) -> dict[str, Any]:
        entry = self.registry.get_entry_by_slug(slug)
        release_id = self._as_actor(
            lambda: self.registry.submit_release(entry["entry_id"], **release)
        )
        return self.registry.get_release(release_id)

    def release(self, release_id: UUID) -> dict[str, Any]:
        return self.registry.get_release(release_id)

    def run_suite(self, release_id: UUID) -> dict[str, Any]:
        return self._as_actor(
            lambda: run_release_suite(self.registry, release_id, host=self.platform.host)
        )

    def certify(
        self, release_id: UUID, expires_at: datetime, reason: str, expected: int | None
    ) -> dict[str, Any]:
        self._as_actor(
            lambda: self.registry.certify(release_id, expires_at, reason, expected_version=expected)
        )
        return self.registry.get_release(release_id)

    def change(
        self, action: str, release_id: UUID, reason: str, expected: int | None
    ) -> dict[str, Any]:
        """reject, suspend, reinstate or revoke, with the certifier's reason."""
        command = getattr(self.registry, action)
        return self._as_actor(lambda: command(release_id, reason, expected_version=expected))

    def exempt(
        self, release_id: UUID, rule_id: str, reason: str, expected: int | None
    ) -> dict[str, Any]:
        return self._as_actor(
            lambda: self.registry.exempt_rule(
                release_id, rule_id, reason, expected_version=expected
            )
        )
