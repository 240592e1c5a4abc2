"""The invocation gateway with the in-process runner: every check, every recording, every
failure a plugin can have, and the human decision that alone puts AI output on the record.

Runs on SQLite and PostgreSQL. The misbehaving tools live in ``misbehaving_plugins``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from policeai.core.cases.domainmodel import SuggestionDecidedError
from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.context import Actor, acting_as
from policeai.core.errors import NotFoundError
from policeai.core.invocations.gateway import InvalidInputError, InvocationRefusedError
from policeai.core.platform import Platform

TOOLS = ["good", "raising", "hanging", "self-killing", "wrong-shape", "unencodable"]
EXTRA = ",".join(f"misbehaving_plugins:{name.title().replace('-', '')}Plugin" for name in TOOLS)
OFFICER = Actor("pc.jones", "demo", "investigation", role="officer")
ANALYST = Actor("an.lee", "demo", "analysis", role="analyst")
REQUEST = {"narrative": "My bike was stolen from outside the station."}


@pytest.fixture
def gateway_platform(backend, settings_for):
    settings = settings_for(
        backend,
        POLICEAI_EXTRA_PLUGINS=EXTRA,
        POLICEAI_PLUGIN_TIMEOUT="2",
        POLICEAI_INVOCATION_CACHE_SECONDS="0",
    )
    with Platform(settings) as platform:
        expires = datetime.now(UTC) + timedelta(days=365)
        for plugin_id in [*TOOLS, "keyword-offence-suggester"]:
            version = platform.host.get(plugin_id).manifest.version
            platform.catalogue.put(
                CatalogueRelease(
                    plugin_id,
                    version,
                    f"entry-{plugin_id}",
                    f"cert-{plugin_id}",
                    "certified",
                    expires,
                )
            )
            platform.installations.install(
                force="demo",
                plugin_id=plugin_id,
                version=version,
                roles=["officer", "supervisor"],
                installed_by="admin",
            )
        platform.start_jobs()
        platform.start_projections()
        yield platform


def open_case(platform) -> str:
    return platform.cases.open_case(
        narrative="Bicycle stolen from the rack at the station",
        reported_at=datetime.now(UTC) - timedelta(hours=1),
        location="Station Road",
    )["case_id"]


def run(platform, case_id, plugin_id="good", request=REQUEST, **kwargs) -> dict:
    result = platform.gateway.invoke(
        case_id=case_id,
        plugin_id=plugin_id,
        capability="offence_suggestion",
        request=request,
        **kwargs,
    )
    platform.gateway.runner.join()
    return platform.gateway.status(result["invocation_id"])


def test_a_completed_invocation_is_recorded_and_offered_not_recorded(gateway_platform):
    platform = gateway_platform
    with acting_as(OFFICER):
        case_id = open_case(platform)
        version_before = platform.cases.case_version(case_id)
        status = run(platform, case_id, "keyword-offence-suggester")
        case = platform.cases.get_case(case_id)

    assert status["status"] == "completed"
    assert status["registry_entry_id"] == "entry-keyword-offence-suggester"
    assert status["certificate_id"] == "cert-keyword-offence-suggester"
    # The output is on the case as a suggestion only: no classification yet.
    assert case["offence"] is None
    (suggestion,) = case["suggestions"]
    assert suggestion["items"][0]["value"] == {"code": "44"}
    assert suggestion["items"][0]["decision"] is None
    assert case["version"] == version_before + 1

    platform.wait_for_projections()
    (row,) = platform.invocation_views.for_case(force="demo", case_id=case_id)
    assert row["requested_by"] == "pc.jones"
    assert row["purpose"] == "investigation"
    # The digest is of the validated input as the tool receives it, defaults included.
    canonical = json.dumps({**REQUEST, "limit": 3}, separators=(",", ":"))
    assert row["input_digest"] == hashlib.sha256(canonical.encode()).hexdigest()
    assert row["output_digest"]
    assert row["duration_ms"] >= 0
    assert row["model_version"] == "1.0.0"


def test_only_a_persons_acceptance_puts_a_suggestion_on_the_record(gateway_platform):
    platform = gateway_platform
    with acting_as(OFFICER):
        case_id = open_case(platform)
        status = run(platform, case_id, "keyword-offence-suggester")
        (suggestion,) = platform.cases.get_case(case_id)["suggestions"]
        item = suggestion["items"][0]
        platform.cases.accept_suggestion(case_id, suggestion["suggestion_id"], item["item_id"])
        case = platform.cases.get_case(case_id)
        history = platform.cases.history(case_id)
        with pytest.raises(SuggestionDecidedError, match=r"already accepted by pc\.jones"):
            platform.cases.reject_suggestion(
                case_id, suggestion["suggestion_id"], item["item_id"], reason="changed my mind"
            )

    assert case["offence"]["code"] == "44"
    classified = next(e for e in history if e["event"] == "CrimeClassified")
    assert classified["provenance"]["source"] == "accepted"
    assert classified["provenance"]["accepted_by"] == "pc.jones"
    assert classified["provenance"]["invocation_id"] == str(status["invocation_id"])
    assert classified["provenance"]["registry_entry_id"] == "entry-keyword-offence-suggester"
    assert [e["event"] for e in history][-2:] == ["SuggestionAccepted", "CrimeClassified"]


def test_a_rejection_names_who_and_why_and_changes_no_fact(gateway_platform):
    platform = gateway_platform
    with acting_as(OFFICER):
        case_id = open_case(platform)
        run(platform, case_id)
        (suggestion,) = platform.cases.get_case(case_id)["suggestions"]
        platform.cases.reject_suggestion(
            case_id, suggestion["suggestion_id"], "1", reason="the bicycle was borrowed, not stolen"
        )
        case = platform.cases.get_case(case_id)
    assert case["offence"] is None
    decision = case["suggestions"][0]["items"][0]["decision"]
    assert decision == {
        "outcome": "rejected",
        "by": "pc.jones",
        "edits": {},
        "reason": "the bicycle was borrowed, not stolen",
    }
    platform.wait_for_projections()
    (row,) = platform.views.decisions(force="demo", case_id=case_id)
    assert (row["decision"], row["decided_by"], row["registry_entry_id"]) == (
        "rejected",
        "pc.jones",
        "entry-good",
    )


@pytest.mark.parametrize(
    ("plugin_id", "error_class"),
    [
        ("raising", "ValueError"),
        ("hanging", "PluginTimeout"),
        ("self-killing", "PluginCrashed"),
        ("wrong-shape", "InvalidOutput"),
        ("unencodable", "UnencodableOutput"),
    ],
)
def test_a_failing_tool_leaves_a_failed_invocation_and_an_unchanged_case(
    gateway_platform, plugin_id, error_class
):
    platform = gateway_platform
    with acting_as(OFFICER):
        case_id = open_case(platform)
        before = platform.cases.get_case(case_id)
        status = run(platform, case_id, plugin_id)
        after = platform.cases.get_case(case_id)
        # The worker carries on: the next invocation on the same runner succeeds.
        assert run(platform, case_id, "good")["status"] == "completed"

    assert status["status"] == "failed"
    assert status["error"]["error_class"] == error_class
    assert status["error"]["message"]
    assert after["version"] == before["version"]
    assert after["suggestions"] == []


def test_a_run_cut_short_by_a_dead_worker_is_recorded_as_failed(gateway_platform):
    platform = gateway_platform
    platform.gateway.runner.close()
    platform.gateway.runner = None  # nothing runs it: we play the worker that dies
    with acting_as(OFFICER):
        case_id = open_case(platform)
        invocation_id = platform.gateway.invoke(
            case_id=case_id, plugin_id="good", capability="offence_suggestion", request=REQUEST
        )["invocation_id"]
    invocation = platform.cases.repository.get(invocation_id)
    with acting_as(Actor("system:gateway", "demo", "test")):
        invocation.start(worker="doomed:1")
        platform.cases.save(invocation)  # ... and then the worker is killed

    from policeai.core.invocations.executor import PluginExecutor

    with PluginExecutor() as executor:
        assert platform.gateway.execute(invocation_id, executor) == "failed"
    with acting_as(OFFICER):
        status = platform.gateway.status(invocation_id)
        assert platform.cases.get_case(case_id)["suggestions"] == []
    assert status["error"]["error_class"] == "Interrupted"


def test_the_gateway_refuses_what_the_force_has_not_allowed(gateway_platform):
    platform = gateway_platform
    with acting_as(OFFICER):
        case_id = open_case(platform)
    invoke = platform.gateway.invoke

    with acting_as(ANALYST), pytest.raises(InvocationRefusedError, match="analyst role"):
        invoke(case_id=case_id, plugin_id="good", capability="offence_suggestion", request=REQUEST)

    with acting_as(OFFICER):
        with pytest.raises(InvocationRefusedError, match="OFFICIAL-SENSITIVE, not SECRET"):
            invoke(
                case_id=case_id,
                plugin_id="good",
                capability="offence_suggestion",
                request=REQUEST,
                classification="SECRET",
            )
        platform.installations.uninstall("demo", "raising")
        with pytest.raises(InvocationRefusedError, match="not installed"):
            invoke(
                case_id=case_id,
                plugin_id="raising",
                capability="offence_suggestion",
                request=REQUEST,
            )
        platform.installations.install(
            force="demo",
            plugin_id="raising",
            version="0.9.0",
            roles=["officer"],
            installed_by="admin",
        )
        with pytest.raises(InvocationRefusedError, match="exact installed release"):
            invoke(
                case_id=case_id,
                plugin_id="raising",
                capability="offence_suggestion",
                request=REQUEST,
            )
        with pytest.raises(InvalidInputError, match="narrative"):
            invoke(
                case_id=case_id,
                plugin_id="good",
                capability="offence_suggestion",
                request={"narrative": 42},
            )
        with pytest.raises(InvalidInputError, match="unknown capability"):
            invoke(case_id=case_id, plugin_id="good", capability="telepathy", request=REQUEST)
        assert platform.cases.get_case(case_id)["suggestions"] == []


@pytest.mark.parametrize("status", ["suspended", "revoked"])
def test_a_suspended_revoked_or_expired_certificate_stops_the_tool(gateway_platform, status):
    platform = gateway_platform
    version = platform.host.get("good").manifest.version
    with acting_as(OFFICER):
        case_id = open_case(platform)
        platform.catalogue.set_status("good", version, status)
        with pytest.raises(
            InvocationRefusedError, match=f"cert-good of good {version} is {status}"
        ):
            platform.gateway.invoke(
                case_id=case_id,
                plugin_id="good",
                capability="offence_suggestion",
                request=REQUEST,
            )
        release = platform.catalogue.release("good", version)
        platform.catalogue.put(
            CatalogueRelease(
                **{
                    **release.to_dict(),
                    "status": "certified",
                    "expires_at": datetime.now(UTC) - timedelta(seconds=1),
                }
            )
        )
        with pytest.raises(InvocationRefusedError, match="is expired"):
            platform.gateway.invoke(
                case_id=case_id,
                plugin_id="good",
                capability="offence_suggestion",
                request=REQUEST,
            )


def test_over_quota_a_request_is_queued_and_runs_when_the_period_rolls_over(gateway_platform):
    platform = gateway_platform
    version = platform.host.get("good").manifest.version
    platform.installations.install(
        force="demo",
        plugin_id="good",
        version=version,
        roles=["officer"],
        installed_by="admin",
        quota_per_day=2,
    )
    with acting_as(OFFICER):
        case_id = open_case(platform)
        first, second = (run(platform, case_id) for _ in range(2))
        third = platform.gateway.invoke(
            case_id=case_id, plugin_id="good", capability="offence_suggestion", request=REQUEST
        )
    assert [first["status"], second["status"], third["status"]] == [
        "completed",
        "completed",
        "queued",
    ]
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert third["not_before"] <= tomorrow
    platform.wait_for_projections()
    assert platform.gateway.release_queued() == []  # still today

    platform.gateway.clock = lambda: tomorrow
    platform.wait_for_projections()
    assert platform.gateway.release_queued() == [third["invocation_id"]]
    platform.gateway.runner.join()
    with acting_as(OFFICER):
        assert platform.gateway.status(third["invocation_id"])["status"] == "completed"


def test_an_identical_request_within_the_window_is_served_from_cache(gateway_platform):
    platform = gateway_platform
    platform.gateway.config = type(platform.gateway.config)(timeout_s=2, cache_window_s=600)
    with acting_as(OFFICER):
        case_id = open_case(platform)
        first = run(platform, case_id)
        platform.wait_for_projections()
        second = run(platform, case_id)
        other = run(platform, case_id, request={"narrative": "A different story"})
        case = platform.cases.get_case(case_id)
    assert first["from_cache"] is None
    assert second["from_cache"] == str(first["invocation_id"])
    assert other["from_cache"] is None
    assert len(case["suggestions"]) == 3


def test_the_ai_use_record_exports_with_its_digest(gateway_platform):
    platform = gateway_platform
    with acting_as(OFFICER):
        case_id = open_case(platform)
        run(platform, case_id, "keyword-offence-suggester")
        run(platform, case_id, "raising")
        (suggestion,) = platform.cases.get_case(case_id)["suggestions"]
        platform.cases.accept_suggestion(case_id, suggestion["suggestion_id"], "1")
        platform.wait_for_projections()
        export = platform.gateway.ai_use_record(case_id)

    assert export["sha256"] == hashlib.sha256(export["json"].encode()).hexdigest()
    record = export["record"]
    assert [i["status"] for i in record["invocations"]] == ["completed", "failed"]
    assert record["suggestions"][0]["items"][0]["decision"]["by"] == "pc.jones"
    assert platform.invocation_views.for_entry("entry-raising", force="demo")[0]["error_class"]
    disclosure = platform.access_log.for_case(case_id, "demo")[-1]
    assert disclosure["action"] == "disclosure"


def test_another_force_cannot_see_an_invocation(gateway_platform, other_force_officer):
    platform = gateway_platform
    with acting_as(OFFICER):
        status = run(platform, open_case(platform))
    with acting_as(other_force_officer), pytest.raises(NotFoundError):
        platform.gateway.status(status["invocation_id"])


def fail_first_save_matching(platform, monkeypatch, matches) -> dict[str, int]:
    """Make the first save whose objects ``matches`` raise IntegrityError, taking their
    pending events first as the library does; return the count of conflicts left."""
    from eventsourcing.persistence import IntegrityError

    real_save = platform.cases.save
    conflicts = {"left": 1}

    def save_with_one_conflict(*objs, **kwargs):
        if conflicts["left"] and any(matches(o) for o in objs):
            conflicts["left"] -= 1
            for o in objs:
                if hasattr(o, "collect_events"):
                    o.collect_events()
            raise IntegrityError("simulated concurrent change")
        return real_save(*objs, **kwargs)

    monkeypatch.setattr(platform.cases, "save", save_with_one_conflict)
    return conflicts


def test_a_conflict_on_the_case_while_completing_loses_nothing(gateway_platform, monkeypatch):
    """An officer changing the case at the moment the suggestion is saved makes the gateway
    retry; the retry must still save the invocation's completion, not only the suggestion."""
    platform = gateway_platform
    conflicts = fail_first_save_matching(
        platform, monkeypatch, lambda o: getattr(o, "suggestions", None) is not None
    )
    with acting_as(OFFICER):
        case_id = open_case(platform)
        status = run(platform, case_id)
        case = platform.cases.get_case(case_id)
    assert conflicts["left"] == 0
    assert status["status"] == "completed"
    assert len(case["suggestions"]) == 1


def test_a_quota_race_keeps_the_request_recorded(gateway_platform, monkeypatch):
    platform = gateway_platform
    version = platform.host.get("good").manifest.version
    platform.installations.install(
        force="demo",
        plugin_id="good",
        version=version,
        roles=["officer"],
        installed_by="admin",
        quota_per_day=5,
    )
    conflicts = fail_first_save_matching(
        platform, monkeypatch, lambda o: type(o).__name__ == "QuotaCounter"
    )
    with acting_as(OFFICER):
        case_id = open_case(platform)
        status = run(platform, case_id)
    assert conflicts["left"] == 0
    assert status["status"] == "completed"
