"""The registry as Police.AI's certifiers live it, on SQLite and on PostgreSQL.

A vendor's tool is registered with its ATRS record, a release is submitted with its wheel's
hash, manifest and model card, Police.AI tests it and a certifier certifies, suspends,
reinstates or revokes it; certificates run out. Every test runs on both backends through the
``backend`` fixture (the PostgreSQL variant is marked ``postgres``).
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from policeai.core.context import Actor, acting_as
from policeai.core.errors import ConflictError, ForbiddenError, NotFoundError
from policeai.core.plugins.manifest import InvalidManifestError
from policeai.core.settings import Settings
from policeai.registry.certification import (
    MODEL_CARD_SECTIONS,
    STANDARDS,
    Group,
    InvalidReportError,
    ReliabilityReport,
    UnknownRuleError,
    bootstrap_interval,
    f1_score,
    proportion_metric,
    sample_metric,
    standard_shortfalls,
    validate_report,
    wilson_interval,
)
from policeai.registry.entries import (
    DuplicateReleaseError,
    DuplicateSlugError,
    IllegalTransitionError,
    InvalidAtrsRecordError,
    InvalidModelCardError,
    InvalidReleaseError,
    ModelCard,
    Registry,
    RegistryError,
    registry_env,
)

NOW = datetime.now(UTC)
SLUG = "keyword-offence-suggester"
CERTIFIER = Actor("dr.carver", "policeai", "certification", role="certifier")
VENDOR = Actor("vendor.okafor", "policeai", "release submission", role="officer")
WHEEL_SHA = hashlib.sha256(b"the wheel's bytes").hexdigest()
DATA_SHA = hashlib.sha256(b"reference narratives v3").hexdigest()

ATRS: dict[str, Any] = {
    "tier1": {
        "name": "Keyword offence suggester",
        "description": "Suggests Home Office offence classifications for a crime narrative.",
        "website": "https://registry.police.ai/tools/keyword-offence-suggester",
        "contact_email": "certification@police.ai.example",
    },
    "tier2": {
        "owner_and_responsibility": {
            "organisation": "Police.AI",
            "team": "Crime recording tools",
            "senior_responsible_owner": "Head of Crime Recording, Police.AI",
            "supplier": {
                "name": "Demoshire Analytics Ltd",
                "companies_house_number": "12345678",
                "role": "Built and maintains the keyword rules",
                "procurement_procedure": "Open competition under the G-Cloud 14 framework",
                "data_access_terms": "No access to live force data; reference data only",
            },
        },
        "description_and_rationale": {
            "detailed_description": "Scores each offence by keywords found in the narrative.",
            "scope": "Crime recording in England and Wales; not for charging decisions.",
            "benefits": "Faster, more consistent Crime Recording Decisions.",
            "previous_process": "Officers chose the classification from a long list.",
            "alternatives_considered": "A trained classifier, rejected for explainability.",
        },
        "decision_making": {
            "process_integration": "Offered beside the case's classification field.",
            "provided_information": "Up to three offences, each with the words that matched.",
            "frequency_and_scale": "About 6 million recorded crimes a year across 43 forces.",
            "human_decisions_and_review": "The recording officer accepts or rejects each one.",
            "required_training": "The NCRS module and a 20-minute tool briefing.",
            "appeals_and_review": "Force crime registrars audit classifications monthly.",
        },
        "tool_specification": {
            "system_architecture": "A Python plugin run by the force's invocation gateway.",
            "phase": "production",
            "maintenance": "Keyword lists reviewed each quarter against HOCR changes.",
            "models": [
                {
                    "name": "keyword rules",
                    "version": "1.2.0",
                    "task": "Offence classification suggestion",
                    "input": "Crime narrative text",
                    "output": "Ranked offence codes with reasons",
                    "architecture": "Keyword matching with normalised scores",
                    "performance": "Top-3 accuracy 0.86 (95% CI 0.81-0.90)",
                    "datasets": ["Police.AI reference narratives v3"],
                    "dataset_purposes": "Evaluation only; the rules are hand-written",
                }
            ],
        },
        "data_specification": {
            "source_data_name": "Police.AI reference narratives v3",
            "data_modality": ["text"],
            "data_description": "Fictional narratives written by crime registrars.",
            "data_quantities": "200 narratives",
            "sensitive_attributes": "None: the narratives are fictional",
            "completeness_and_representativeness": "Covers the 20 most recorded offences.",
            "data_collection": "Written for the purpose in 2025",
            "data_access_and_storage": "Held by Police.AI; available to auditors",
            "data_sharing_agreements": "None needed",
        },
        "risks_and_mitigations": {
            "impact_assessments": [
                {
                    "name": "DPIA",
                    "description": "Data protection impact assessment",
                    "completed_on": "2025-11-03",
                    "link": "https://registry.police.ai/dpia/keyword-offence-suggester",
                }
            ],
            "risks": [
                {
                    "name": "Misclassification accepted without thought",
                    "mitigation": "Suggestions are never applied without a person accepting.",
                }
            ],
        },
    },
}

MODEL_CARD: dict[str, Any] = {
    "intended_use": "Suggest offence classifications to the recording officer.",
    "factors": ["narrative length", "victim sex"],
    "metrics": ["top-3 accuracy with a 95% Wilson interval"],
    "evaluation_data": "Police.AI reference narratives v3 (200 narratives).",
    "training_data": "None: hand-written keyword rules.",
    "quantitative_analyses": "Top-3 accuracy overall and by narrative length and sex.",
    "ethical_considerations": "A wrong suggestion may anchor the officer's judgement.",
    "caveats_and_recommendations": (
        "It matches keywords only, so it misses negation and context: the officer decides."
    ),
}


def manifest(version: str = "1.2.0", **changes: Any) -> dict[str, Any]:
    return {
        "id": SLUG,
        "version": version,
        "name": "Keyword offence suggester",
        "publisher": {
            "name": "Demoshire Analytics Ltd",
            "kind": "supplier",
            "companies_house_number": "12345678",
        },
        "capabilities": ["offence_suggestion"],
        "data_categories": ["personal"],
        "max_classification": "OFFICIAL-SENSITIVE",
        "model_name": "keyword rules",
        "model_version": version,
        "intended_use": "Suggest offence classifications for the recording officer.",
        "known_limitations": "Matches keywords only: no negation, context or intent.",
        "human_review_required": True,
        **changes,
    }


def report(correct: int = 172, *, factors: tuple[str, ...] = ("narrative length", "victim sex")):
    """A reliability report of top-3 accuracy over 200 narratives, by the given factors."""
    groups = []
    for factor in factors:
        for group, (hits, n) in {"a": (86, 100), "b": (correct - 86, 100)}.items():
            metric = proportion_metric("top3_accuracy", hits, n, threshold=0.8, required=False)
            groups.append(Group(factor=factor, group=group, n=n, metrics=[metric]))
    return ReliabilityReport(
        suite="offence-suggestion-v1",
        dataset="Police.AI reference narratives v3",
        dataset_sha256=DATA_SHA,
        run_at=NOW,
        metrics=[proportion_metric("top3_accuracy", correct, 200, threshold=0.8)],
        groups=groups,
    )


def wheel(version: str = "1.2.0") -> str:
    return f"keyword_offence_suggester-{version}-py3-none-any.whl"


@pytest.fixture
def registry(backend: str, settings_for: Callable[..., Settings]) -> Iterator[Registry]:
    app = Registry(registry_env(settings_for(backend)))
    yield app
    app.close()


def register(registry: Registry, slug: str = SLUG) -> Any:
    with acting_as(VENDOR):
        return registry.register_entry(slug, ATRS)


def submit(registry: Registry, entry_id: Any, version: str = "1.2.0", **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "version": version,
        "wheel_filename": wheel(version),
        "wheel_sha256": WHEEL_SHA,
        "manifest": manifest(version),
        "model_card": MODEL_CARD,
        **changes,
    }
    with acting_as(VENDOR):
        return registry.submit_release(entry_id, **fields)


def certified_release(registry: Registry, version: str = "1.2.0", days: int = 365) -> Any:
    release_id = submit(registry, register_once(registry), version)
    with acting_as(CERTIFIER):
        registry.record_test(release_id, report())
        registry.certify(release_id, NOW + timedelta(days=days), "meets the standard")
    return release_id


def register_once(registry: Registry) -> Any:
    try:
        return registry.get_entry_by_slug(SLUG)["entry_id"]
    except NotFoundError:
        return register(registry)


# -- the story --------------------------------------------------------------------------------


def test_a_release_is_registered_tested_certified_suspended_reinstated_and_revoked(registry):
    entry_id = register(registry)
    entry = registry.get_entry_by_slug(SLUG)
    assert entry["entry_id"] == entry_id
    assert entry["name"] == "Keyword offence suggester"
    assert entry["atrs"]["tier2"]["owner_and_responsibility"]["supplier"]["name"] == (
        "Demoshire Analytics Ltd"
    )

    release_id = submit(registry, entry_id)
    release = registry.get_release(release_id)
    assert release["status"] == "submitted"
    assert release["manifest"]["id"] == SLUG
    assert release["history"][0]["event"] == "ReleaseSubmitted"
    assert release["history"][0]["certifier"] == "vendor.okafor"
    assert registry.get_entry(entry_id)["releases"][0]["version"] == "1.2.0"

    with acting_as(CERTIFIER):
        with pytest.raises(
            IllegalTransitionError,
            match=f"^release 1.2.0 of {SLUG} cannot be certified: "
            "it has no passing reliability report$",
        ):
            registry.certify(release_id, NOW + timedelta(days=365), "looks fine")

        tested = registry.record_test(release_id, report(correct=140))
        assert tested["status"] == "tested"
        assert tested["latest_report_passed"] is False
        with pytest.raises(IllegalTransitionError, match=r"the latest fails: top3_accuracy 0\.7"):
            registry.certify(release_id, NOW + timedelta(days=365), "looks fine")

        registry.record_test(release_id, report(), reason="rerun on the corrected rules")
        expires = NOW + timedelta(days=365)
        certificate_id = registry.certify(release_id, expires, "meets the standard")

    release = registry.get_release(release_id)
    assert release["standing"] == "certified"
    assert release["certificate"]["certificate_id"] == certificate_id
    assert release["certificate"]["expires_at"] == expires
    assert [r["passed"] for r in release["reports"]] == [False, True]
    catalogue = registry.certified_releases()
    assert [(c["plugin_id"], c["version"], c["certificate_id"]) for c in catalogue] == [
        (SLUG, "1.2.0", certificate_id)
    ]
    assert catalogue[0]["wheel_sha256"] == WHEEL_SHA

    with acting_as(CERTIFIER):
        assert registry.suspend(release_id, "complaint under review")["standing"] == "suspended"
        assert registry.certified_releases() == []
        assert registry.reinstate(release_id, "complaint not upheld")["standing"] == "certified"
        revoked = registry.revoke(release_id, "supplier withdrew support")
    assert revoked["standing"] == "revoked"
    assert registry.certified_releases() == []
    assert [(h["event"], h["certifier"], h["reason"]) for h in revoked["history"]] == [
        ("ReleaseSubmitted", "vendor.okafor", "submitted for certification"),
        (
            "ReliabilityTested",
            "dr.carver",
            "offence-suggestion-v1 on Police.AI reference narratives v3: fails",
        ),
        ("ReliabilityTested", "dr.carver", "rerun on the corrected rules"),
        ("Certified", "dr.carver", "meets the standard"),
        ("Suspended", "dr.carver", "complaint under review"),
        ("Reinstated", "dr.carver", "complaint not upheld"),
        ("Revoked", "dr.carver", "supplier withdrew support"),
    ]
    times = [h["at"] for h in revoked["history"]]
    assert times == sorted(times)


def test_a_certificate_past_its_expiry_reads_as_expired_and_the_sweep_records_it(registry):
    release_id = certified_release(registry, "1.3.0", days=30)
    later = NOW + timedelta(days=31)

    assert registry.get_release(release_id)["standing"] == "certified"
    assert registry.get_release(release_id, now=later)["standing"] == "expired"
    assert registry.certified_releases(later) == []
    assert len(registry.certified_releases()) == 1

    with acting_as(CERTIFIER):
        with pytest.raises(IllegalTransitionError, match="it is expired"):
            registry.suspend(release_id, "too late", now=later)
        with pytest.raises(IllegalTransitionError, match="certificate runs until"):
            registry.expire(release_id)
        assert registry.expire_certificates(later) == [release_id]
        assert registry.expire_certificates(later) == []
    release = registry.get_release(release_id)
    assert release["status"] == "expired"
    assert release["history"][-1]["event"] == "CertificateExpired"


def test_the_sqlite_registry_keeps_its_own_file(settings_for):
    settings = settings_for("sqlite")
    env = registry_env(settings)
    assert Path(env["REGISTRY_SQLITE_DBNAME"]) == settings.data_dir / "registry.db"
    app = Registry(env)
    register(app)
    app.close()
    assert (settings.data_dir / "registry.db").exists()


# -- illegal transitions ------------------------------------------------------------------------


def _state(registry: Registry, state: str) -> Any:
    """A release brought to ``state``."""
    release_id = submit(registry, register_once(registry), "2.0.0")
    with acting_as(CERTIFIER):
        if state == "submitted":
            return release_id
        registry.record_test(release_id, report())
        if state == "tested":
            return release_id
        if state == "rejected":
            registry.reject(release_id, "not needed")
            return release_id
        registry.certify(release_id, NOW + timedelta(days=90), "meets the standard")
        if state == "suspended":
            registry.suspend(release_id, "under review")
        if state == "revoked":
            registry.revoke(release_id, "withdrawn")
    return release_id


ILLEGAL = [
    ("submitted", "suspend", "cannot be suspended: it is only submitted"),
    ("submitted", "reinstate", "cannot be reinstated: it is only submitted"),
    ("submitted", "revoke", "cannot be revoked: it is only submitted"),
    ("submitted", "expire", "cannot be expired: it is only submitted"),
    ("tested", "suspend", "cannot be suspended: it is tested but not certified"),
    ("tested", "revoke", "cannot be revoked: it is tested but not certified"),
    ("rejected", "certify", "cannot be certified: it is rejected"),
    ("rejected", "record_test", "cannot be tested: it is rejected"),
    ("rejected", "reject", "cannot be rejected: it is rejected"),
    ("rejected", "exempt_rule", "cannot be exempted from a rule: it is rejected"),
    ("certified", "certify", "cannot be certified: it is already certified"),
    ("certified", "reject", "cannot be rejected: it is already certified"),
    ("certified", "reinstate", "cannot be reinstated: it is already certified"),
    ("certified", "record_test", "cannot be tested: it is already certified"),
    ("suspended", "suspend", "cannot be suspended: it is suspended"),
    ("suspended", "certify", "cannot be certified: it is suspended"),
    ("revoked", "reinstate", "cannot be reinstated: it is revoked"),
    ("revoked", "suspend", "cannot be suspended: it is revoked"),
    ("revoked", "revoke", "cannot be revoked: it is revoked"),
    ("revoked", "certify", "cannot be certified: it is revoked"),
]


@pytest.mark.parametrize(("state", "step", "message"), ILLEGAL)
def test_an_illegal_step_is_refused_in_words_a_certifier_understands(
    registry, state, step, message
):
    release_id = _state(registry, state)
    before = registry.get_release(release_id)
    calls = {
        "certify": lambda: registry.certify(release_id, NOW + timedelta(days=9), "ok"),
        "record_test": lambda: registry.record_test(release_id, report()),
        "exempt_rule": lambda: registry.exempt_rule(release_id, "groups-large-enough", "small"),
        "expire": lambda: registry.expire(release_id),
    }
    call = calls.get(step, lambda: getattr(registry, step)(release_id, "a reason"))
    with acting_as(CERTIFIER), pytest.raises(IllegalTransitionError, match=message) as refused:
        call()
    assert str(refused.value).startswith(f"release {before['version']} of {SLUG} ")
    assert registry.get_release(release_id)["record_version"] == before["record_version"]


def test_certification_needs_a_future_expiry_a_reason_and_a_certifier(registry):
    release_id = _state(registry, "tested")
    with acting_as(CERTIFIER):
        with pytest.raises(IllegalTransitionError, match="is not in the future"):
            registry.certify(release_id, NOW - timedelta(days=1), "ok")
        with pytest.raises(IllegalTransitionError, match="three years at most"):
            registry.certify(release_id, NOW + timedelta(days=4 * 365), "ok")
        with pytest.raises(RegistryError, match="time zone"):
            registry.certify(release_id, datetime(2030, 1, 1), "ok")  # noqa: DTZ001 - a naive time is the error tested
        with pytest.raises(RegistryError, match="give a reason for certifying"):
            registry.certify(release_id, NOW + timedelta(days=9), "  ")
    with acting_as(VENDOR), pytest.raises(ForbiddenError, match=r"only a Police.AI certifier"):
        registry.certify(release_id, NOW + timedelta(days=9), "my own tool is fine")
    with acting_as(VENDOR), pytest.raises(ForbiddenError):
        registry.record_test(release_id, report())


def test_a_suspended_release_whose_certificate_ran_out_cannot_be_reinstated(registry):
    release_id = _state(registry, "suspended")
    with acting_as(CERTIFIER):
        with pytest.raises(IllegalTransitionError, match=r"expired on .* while it was suspended"):
            registry.reinstate(release_id, "cleared", now=NOW + timedelta(days=91))
        registry.record_test(release_id, report(correct=150), reason="retest after complaint")
        with pytest.raises(IllegalTransitionError, match="no passing reliability report"):
            registry.reinstate(release_id, "cleared")
        assert registry.revoke(release_id, "fails on retest")["status"] == "revoked"


def test_a_change_on_a_stale_version_is_refused(registry):
    release_id = _state(registry, "certified")
    seen = registry.get_release(release_id)["record_version"]
    with acting_as(CERTIFIER):
        registry.suspend(release_id, "complaint", expected_version=seen)
        with pytest.raises(ConflictError, match="changed since you opened it"):
            registry.revoke(release_id, "withdrawn", expected_version=seen)
    entry_id = register_once(registry)
    version = registry.get_entry(entry_id)["record_version"]
    with acting_as(VENDOR):
        registry.update_atrs(entry_id, ATRS, reason="new contact", expected_version=version)
        with pytest.raises(ConflictError):
            registry.update_atrs(entry_id, ATRS, reason="again", expected_version=version)


# -- validation -------------------------------------------------------------------------------


def _without(data: dict[str, Any], path: str, value: Any = ...) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = changed
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("tier1.website", ..., r"missing required field `website` - at `\$.tier1`"),
        ("tier1.website", "http://x.example", r"Expected an https:// web address - at `\$.tier1"),
        ("tier1.contact_email", "nobody", r"an email address - at `\$.tier1.contact_email`"),
        ("tier2.owner_and_responsibility.team", "  ", r"not be blank - at `\$.tier2.owner_and"),
        (
            "tier2.owner_and_responsibility.supplier.companies_house_number",
            "123",
            r"a Companies House number .* - at `\$.tier2.owner_and_responsibility.supplier",
        ),
        ("tier2.tool_specification.models", [], r"length >= 1 - at `\$.tier2.tool_spec"),
        ("tier2.tool_specification.phase", "live", r"at `\$.tier2.tool_specification.phase`"),
        ("tier2.decision_making.appeals_and_review", ..., r"`appeals_and_review`"),
        ("tier2.risks_and_mitigations.risks", [], r"at `\$.tier2.risks_and_mitigations.risks`"),
        ("tier1.colour", "blue", r"unknown field `colour`"),
    ],
)
def test_an_invalid_atrs_record_is_refused_naming_the_field(registry, path, value, message):
    with acting_as(VENDOR), pytest.raises(InvalidAtrsRecordError, match=message):
        registry.register_entry(SLUG, _without(ATRS, path, value))
    with pytest.raises(NotFoundError):
        registry.get_entry_by_slug(SLUG)


@pytest.mark.parametrize("section", MODEL_CARD_SECTIONS)
def test_every_model_card_section_is_required(registry, section):
    entry_id = register(registry)
    with pytest.raises(InvalidModelCardError, match=f"missing required field `{section}`"):
        submit(registry, entry_id, model_card=_without(MODEL_CARD, section))
    assert registry.get_entry(entry_id)["releases"] == []


def test_a_blank_model_card_section_is_refused(registry):
    entry_id = register(registry)
    blank = _without(MODEL_CARD, "ethical_considerations", " ")
    with pytest.raises(InvalidModelCardError, match=r"blank - at `\$.ethical_considerations`"):
        submit(registry, entry_id, model_card=blank)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (
            {"manifest": manifest(publisher={"name": "X Ltd", "kind": "supplier"})},
            InvalidManifestError,
            "companies_house_number",
        ),
        (
            {"manifest": manifest(human_review_required="yes")},
            InvalidManifestError,
            r"human_review_required",
        ),
        ({"manifest": manifest(id="another-tool")}, InvalidManifestError, r"\$.id"),
        ({"manifest": manifest("1.2.1")}, InvalidManifestError, r"1.2.1 .* - at `\$.version`"),
        ({"wheel_filename": "tool.zip"}, InvalidReleaseError, "PEP 427"),
        ({"wheel_filename": wheel("1.0.0")}, InvalidReleaseError, "is version 1.0.0, not 1.2.0"),
        ({"wheel_sha256": "ABC"}, InvalidReleaseError, "64 lower-case hexadecimal"),
    ],
)
def test_an_invalid_release_is_refused_naming_the_field(registry, changes, error, message):
    entry_id = register(registry)
    with pytest.raises(error, match=message):
        submit(registry, entry_id, **changes)


def test_slugs_and_versions_are_unique(registry):
    entry_id = register(registry)
    with pytest.raises(DuplicateSlugError, match="already taken"):
        register(registry)
    with acting_as(VENDOR), pytest.raises(RegistryError, match="lower-case identifier"):
        registry.register_entry("Bad Slug", ATRS)
    submit(registry, entry_id)
    with pytest.raises(DuplicateReleaseError, match=r"already has a release 1.2.0"):
        submit(registry, entry_id)
    assert [e["slug"] for e in registry.list_entries()] == [SLUG]


def test_two_registrations_of_one_slug_at_once_exactly_one_wins(registry):
    # The second application instance stands for another process on the same database.
    apps = [registry, Registry(registry.env)]
    both_checked = threading.Barrier(2)
    for app in apps:
        original = app._slug_index

        def slow_index(slug, original=original):
            found = original(slug)
            both_checked.wait(timeout=10)  # both have seen the slug free
            return found

        app._slug_index = slow_index

    def attempt(app: Registry) -> str:
        try:
            register(app)
        except DuplicateSlugError:
            return "refused"
        return "registered"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(attempt, apps))
    apps[1].close()
    assert outcomes == ["refused", "registered"]
    assert len(registry.list_entries()) == 1


def test_an_inconsistent_reliability_report_is_refused(registry):
    release_id = _state(registry, "submitted")
    good = validate_report(report()).metrics[0]
    outside = {**_plain(good), "lower": 0.9, "upper": 0.95}
    wrong_verdict = {**_plain(good), "passed": False}
    base = _plain(report())
    with acting_as(CERTIFIER):
        with pytest.raises(InvalidReportError, match=r"does not contain its value .* `\$.metrics"):
            registry.record_test(release_id, {**base, "metrics": [outside]})
        with pytest.raises(InvalidReportError, match=r"marked failed, but 0.86 >= 0.8 is true"):
            registry.record_test(release_id, {**base, "metrics": [wrong_verdict]})
        with pytest.raises(InvalidReportError, match=r"a SHA-256 digest .* `\$.dataset_sha256`"):
            registry.record_test(release_id, {**base, "dataset_sha256": "nope"})
        with pytest.raises(InvalidReportError, match=r"`\$.run_at`"):
            registry.record_test(release_id, {**base, "run_at": "2026-01-01T10:00:00"})
    assert registry.get_release(release_id)["status"] == "submitted"


def _plain(struct: Any) -> dict[str, Any]:
    return msgspec.to_builtins(struct)


# -- the rule ledger ----------------------------------------------------------------------------


def test_the_ledger_shows_each_rule_done_todo_or_exempt(registry):
    release_id = _state(registry, "submitted")
    rows = {r["rule_id"]: r for r in registry.get_release(release_id)["ledger"]}
    assert rows["manifest-valid"]["status"] == "done"
    assert rows["model-card-complete"]["status"] == "done"
    assert rows["supplier-companies-house-number"]["status"] == "done"
    assert rows["reliability-report-passing"]["status"] == "todo"
    assert rows["reliability-report-passing"]["detail"] == "no reliability report has been recorded"
    assert {r["tier"] for r in rows.values()} == {"mandatory", "recommended"}

    with acting_as(CERTIFIER):
        # A report by narrative length only: the model card also names victim sex.
        registry.record_test(release_id, report(factors=("narrative length",)))
        with pytest.raises(
            IllegalTransitionError,
            match=r"mandatory rules are not met: disaggregated-results-present \(the report has "
            r"no results by victim sex",
        ):
            registry.certify(release_id, NOW + timedelta(days=90), "ok")
        with pytest.raises(RegistryError, match="reliability-report-passing cannot be exempted"):
            registry.exempt_rule(release_id, "reliability-report-passing", "trust me")
        with pytest.raises(UnknownRuleError, match="no certification rule 'be-nice'"):
            registry.exempt_rule(release_id, "be-nice", "why not")
        with pytest.raises(RegistryError, match="give a reason"):
            registry.exempt_rule(release_id, "disaggregated-results-present", "")
        exempted = registry.exempt_rule(
            release_id, "disaggregated-results-present", "victim sex is not recorded in v3 data"
        )
        with pytest.raises(RegistryError, match="already exempt"):
            registry.exempt_rule(release_id, "disaggregated-results-present", "again")
        registry.certify(release_id, NOW + timedelta(days=90), "meets the standard")

    rows = {r["rule_id"]: r for r in exempted["ledger"]}
    assert rows["disaggregated-results-present"]["status"] == "exempt"
    assert rows["disaggregated-results-present"]["detail"] == (
        "exempted by dr.carver: victim sex is not recorded in v3 data"
    )
    assert exempted["exemptions"]["disaggregated-results-present"]["by"] == "dr.carver"
    assert exempted["history"][-1]["event"] == "RuleExempted"
    assert rows["reliability-report-passing"]["status"] == "done"
    assert rows["groups-large-enough"]["status"] == "done"


def test_a_supplier_must_match_the_atrs_record_and_meet_the_capability_standard(registry):
    entry_id = register(registry)
    other = manifest(
        publisher={"name": "X Ltd", "kind": "supplier", "companies_house_number": "SC123456"}
    )
    release_id = submit(registry, entry_id, manifest=other)
    weak = report()
    weak_metric = proportion_metric("top3_accuracy", 150, 200, threshold=0.7)
    weak = ReliabilityReport(**{**_struct_fields(weak), "metrics": [weak_metric]})
    with acting_as(CERTIFIER):
        rows = {r["rule_id"]: r for r in registry.record_test(release_id, weak)["ledger"]}
    assert rows["supplier-companies-house-number"]["status"] == "todo"
    assert (
        "differs from the manifest's SC123456" in rows["supplier-companies-house-number"]["detail"]
    )
    assert rows["capability-standards-met"]["detail"] == (
        "offence_suggestion: top3_accuracy was held to 0.7, weaker than the standard's 0.8"
    )


def _struct_fields(struct: Any) -> dict[str, Any]:
    return {name: getattr(struct, name) for name in struct.__struct_fields__}


# -- intervals and standards ----------------------------------------------------------------


def test_the_wilson_interval_matches_known_values():
    lower, upper = wilson_interval(8, 10)
    assert (round(lower, 3), round(upper, 3)) == (0.490, 0.943)
    assert wilson_interval(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(10, 10)[0] == pytest.approx(0.7225, abs=1e-4)
    with pytest.raises(ValueError, match="at least one trial"):
        wilson_interval(0, 0)


def test_the_bootstrap_interval_is_reproducible_and_contains_the_estimate():
    scores = [0.6, 0.7, 0.8, 0.9, 1.0, 0.75, 0.85, 0.65, 0.95, 0.7]
    first = bootstrap_interval(scores)
    assert first == bootstrap_interval(scores)
    assert first[0] < sum(scores) / len(scores) < first[1]

    documents = [(8, 1, 2), (5, 0, 1), (9, 3, 0), (4, 2, 2), (7, 1, 1)]

    def micro_f1(sample):
        return f1_score(*(sum(d[i] for d in sample) for i in range(3)))

    f1 = sample_metric("f1", documents, micro_f1, threshold=0.75)
    assert f1.value == pytest.approx(f1_score(33, 7, 6))
    assert f1.lower <= f1.value <= f1.upper
    assert f1.passed


def test_standards_are_data_and_placeholders_are_marked():
    record_entry = {s.metric: s.threshold for s in STANDARDS["record_entry"]}
    assert record_entry["f1"] == 0.75
    assert record_entry["recall:NINO"] == 0.9
    assert record_entry["recall:DOB"] == 0.8
    assert all(s.placeholder for s in STANDARDS["lfr_adapter"])
    assert "policy choice" in STANDARDS["offence_suggestion"][0].rationale
    assert standard_shortfalls(validate_report(report()), ["redaction"]) == [
        "redaction: recall:personal_data was not measured (needs recall:personal_data >= 0.95)"
    ]


def test_the_model_card_struct_has_mitchells_sections():
    assert ModelCard.__struct_fields__ == MODEL_CARD_SECTIONS
