"""A force reports its AI invocations to Police.AI, on SQLite and on PostgreSQL.

Officers of the demo force run the certified keyword offence suggester on two cases and
decide on its suggestions; one run fails. The force administrator builds the usage report:
one salted digest per finished invocation of a registry release, the force keeping the
salts, and monthly figures per registry entry. The registry logs each digest as a leaf (once,
however often it is sent) and stores the figures for the public pages. The leaves verify
against a signed checkpoint and open with the kept salts; they hold nothing personal.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient

from policeai.cli.main import cli
from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.context import Actor, acting_as, current_actor
from policeai.core.errors import ForbiddenError
from policeai.core.invocations.domainmodel import Invocation
from policeai.core.platform import Platform
from policeai.core.plugins.manifest import CAPABILITY_HOOKS
from policeai.core.settings import Settings
from policeai.registry import merkle
from policeai.registry.keys import generate_key, public_key_b64, signing_key_path
from policeai.registry.transparency import (
    InvocationDigest,
    TransparencyLog,
    decode_leaf,
    verify_checkpoint,
    verify_commitment,
)
from policeai.registry.usage import (
    UsageReport,
    UsageReportError,
    build_usage_report,
    encode_report,
    kept_salt,
    monthly_usage,
    receive_usage_report,
    record_receipt,
)

TOOL = "keyword-offence-suggester"
ENTRY_ID = uuid.UUID("6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f")
CERTIFICATE = "PAI-0A1B2C3D4E5F"
OFFICER = Actor("pc.jones", "demo", "investigating a bicycle theft", role="officer")
ADMIN = Actor("tom.admin", "demo", "monthly usage report", role="force_admin")
OTHER_OFFICER = Actor("pc.smith", "other", "investigation", role="officer")
NARRATIVE = "Bicycle stolen from the rack at the station by a man in a red jacket"
LOCATION = "Station Road, Demoton"
PASSWORD = "correct horse battery"
DIGEST_FIELDS = {
    "type",
    "force",
    "registry_entry_id",
    "release_version",
    "certificate_id",
    "invocation_id",
    "requested_at",
    "finished_at",
    "status",
    "purpose_code",
    "input_commitment",
    "output_commitment",
}


@dataclass
class Force:
    platform: Platform
    log: TransparencyLog
    public_key: str
    version: str
    completed: list[UUID]
    failed: UUID
    local: UUID
    cases: list[UUID]


def open_case(platform: Platform) -> UUID:
    return platform.cases.open_case(
        narrative=NARRATIVE, reported_at=datetime.now(UTC) - timedelta(hours=1), location=LOCATION
    )["case_id"]


def run_tool(platform: Platform, case_id: UUID) -> UUID:
    result = platform.gateway.invoke(
        case_id=case_id,
        plugin_id=TOOL,
        capability="offence_suggestion",
        request={"narrative": NARRATIVE},
    )
    platform.gateway.runner.join()
    return result["invocation_id"]


def recorded_invocation(
    platform: Platform, case_id: UUID, *, entry: str, certificate: str, fail: bool, version: str
) -> UUID:
    """An invocation recorded as the gateway records one (the runner's part done by hand)."""
    invocation = Invocation(
        force=current_actor().force,
        case_id=case_id,
        plugin_id=TOOL,
        capability="offence_suggestion",
        hook=CAPABILITY_HOOKS["offence_suggestion"][0],
        registry_entry_id=entry,
        release_version=version,
        certificate_id=certificate,
        classification="OFFICIAL",
        input_digest=hashlib.sha256(b"the payload").hexdigest(),
        payload="{}",
        timeout_s=30.0,
    )
    invocation.start("test-worker")
    if fail:
        invocation.fail(error_class="TimeoutError", message="took too long", duration_ms=3e4)
    else:
        invocation.complete(
            output="{}",
            output_digest=hashlib.sha256(b"{}").hexdigest(),
            duration_ms=5.0,
            model_version="1.0.0",
        )
    platform.cases.save(invocation)
    return invocation.id


def certify_locally(platform: Platform, force: str, entry: str, certificate: str) -> str:
    version = platform.host.get(TOOL).manifest.version
    platform.catalogue.put(
        CatalogueRelease(
            TOOL, version, entry, certificate, "certified", datetime.now(UTC) + timedelta(days=90)
        )
    )
    platform.installations.install(
        force=force, plugin_id=TOOL, version=version, roles=["officer"], installed_by="admin"
    )
    return version


@pytest.fixture
def force(backend: str, settings_for: Callable[..., Settings], tmp_path: Path) -> Iterator[Force]:
    settings = settings_for(backend, POLICEAI_INVOCATION_CACHE_SECONDS="0")
    with Platform(settings) as platform:
        version = certify_locally(platform, "demo", str(ENTRY_ID), CERTIFICATE)
        platform.installations.install(
            force="other", plugin_id=TOOL, version=version, roles=["officer"], installed_by="a"
        )
        platform.start_jobs()
        platform.start_projections()
        with acting_as(OFFICER):
            cases = [open_case(platform), open_case(platform)]
            completed = [run_tool(platform, case_id) for case_id in cases]
            for case_id, decide in zip(cases, ("accept", "reject"), strict=True):
                (suggestion,) = platform.cases.get_case(case_id)["suggestions"]
                item = suggestion["items"][0]["item_id"]
                if decide == "accept":
                    platform.cases.accept_suggestion(case_id, suggestion["suggestion_id"], item)
                else:
                    platform.cases.reject_suggestion(
                        case_id, suggestion["suggestion_id"], item, reason="not a theft"
                    )
            failed = recorded_invocation(
                platform,
                cases[0],
                entry=str(ENTRY_ID),
                certificate=CERTIFICATE,
                fail=True,
                version=version,
            )
            local = recorded_invocation(
                platform,
                cases[1],
                entry="police-ai/keyword-offence-suggester",
                certificate="PAI-CERT-0001",
                fail=False,
                version=version,
            )
        with acting_as(OTHER_OFFICER):
            run_tool(platform, open_case(platform))
        key = generate_key(signing_key_path(settings))
        log = TransparencyLog(platform.engine, signing_key=key)
        yield Force(platform, log, public_key_b64(key), version, completed, failed, local, cases)


def report_as_admin(platform: Platform, since: Any = None) -> tuple[UsageReport, dict[UUID, bytes]]:
    with acting_as(ADMIN):
        return build_usage_report(platform, since)


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    names = ("invocations", "completed", "failed", "accepted", "rejected")
    return {name: sum(row[name] for row in rows) for name in names}


# -- the story --------------------------------------------------------------------------------


def test_a_report_logs_one_digest_per_finished_invocation_that_opens_with_the_kept_salt(force):
    platform, log = force.platform, force.log
    report, salts = report_as_admin(platform)

    by_id = {d.invocation_id: d for d in report.digests}
    assert set(by_id) == {*force.completed, force.failed}
    assert report.force == "demo"
    assert report.skipped == 1  # the local catalogue entry's invocation is not the registry's
    assert set(salts) == set(by_id)

    receipt = receive_usage_report(encode_report(report), log, platform.engine)  # as sent
    assert receipt.appended == 3
    assert receipt.already_logged == 0
    assert record_receipt(platform.engine, receipt) == 3

    checkpoint = verify_checkpoint(log.latest_checkpoint(), force.public_key)
    assert checkpoint is not None
    assert checkpoint.tree_size == log.size() == 3
    for leaf in receipt.leaves:
        entry = log.leaf(leaf.leaf_index).entry
        digest = decode_leaf(entry)
        assert digest == by_id[leaf.invocation_id]
        proof = log.inclusion_proof(leaf.leaf_index, checkpoint.tree_size)
        assert merkle.verify_inclusion(
            merkle.leaf_hash(entry),
            leaf.leaf_index,
            checkpoint.tree_size,
            proof,
            checkpoint.root_hash,
        )
        # The force opens the commitments with the salt it kept; nobody else can.
        row = platform.invocation_views.get(leaf.invocation_id)
        salt, leaf_index = kept_salt(platform.engine, leaf.invocation_id)
        assert leaf_index == leaf.leaf_index
        assert salt == salts[leaf.invocation_id]
        assert verify_commitment(digest.input_commitment, row["input_digest"], salt)
        assert not verify_commitment(digest.input_commitment, row["input_digest"], b"x" * 32)
        assert digest.registry_entry_id == ENTRY_ID
        assert digest.certificate_id == CERTIFICATE
        assert digest.release_version == force.version
        assert digest.purpose_code == "offence_suggestion"
        assert digest.requested_at == row["requested_at"]
        assert digest.finished_at == row["finished_at"]
        if digest.status == "completed":
            assert verify_commitment(digest.output_commitment, row["output_digest"], salt)
        else:
            assert digest.invocation_id == force.failed
            assert digest.status == "failed"
            assert digest.output_commitment is None


def test_no_leaf_holds_personal_data(force):
    platform, log = force.platform, force.log
    report, _ = report_as_admin(platform)
    receive_usage_report(report, log, platform.engine)

    for index in range(log.size()):
        entry = log.leaf(index).entry
        assert isinstance(decode_leaf(entry), InvocationDigest)
        assert set(json.loads(entry)) == DIGEST_FIELDS
        text = entry.decode()
        for private in (
            OFFICER.user,
            OFFICER.purpose,
            NARRATIVE,
            "Bicycle",
            LOCATION,
            "not a theft",
            *(str(case_id) for case_id in force.cases),
            *(row["input_digest"] for row in platform.invocation_views.for_entry(str(ENTRY_ID))),
            *(
                row["output_digest"]
                for row in platform.invocation_views.for_entry(str(ENTRY_ID))
                if row["output_digest"]
            ),
        ):
            assert private not in text


def test_the_monthly_figures_count_invocations_and_decisions(force):
    platform = force.platform
    report, _ = report_as_admin(platform)
    receipt = receive_usage_report(report, force.log, platform.engine)

    rows = monthly_usage(platform.engine, registry_entry_id=ENTRY_ID)
    assert {row["force"] for row in rows} == {"demo"}
    assert {row["registry_entry_id"] for row in rows} == {str(ENTRY_ID)}
    this_month = datetime.now(UTC).strftime("%Y-%m")
    assert {row["month"] for row in rows} <= {
        this_month,
        (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m"),
    }
    assert receipt.months == len(rows)
    # The local entry's run is not a registry entry's; the other force's is not demo's.
    assert totals(rows) == {
        "invocations": 3,
        "completed": 2,
        "failed": 1,
        "accepted": 1,
        "rejected": 1,
    }
    assert monthly_usage(platform.engine, force="other") == []


def test_sending_again_is_idempotent_and_figures_are_replaced_not_added(force):
    platform, log = force.platform, force.log
    report, salts = report_as_admin(platform)
    first = receive_usage_report(report, log, platform.engine)
    size = log.size()

    again = receive_usage_report(report, log, platform.engine)
    assert again.appended == 0
    assert again.already_logged == 3
    assert again.leaves == first.leaves
    assert log.size() == size

    # Built again, the report reuses the kept salts: the very same leaves, none appended.
    rebuilt, rebuilt_salts = report_as_admin(platform, datetime(2000, 1, 1, tzinfo=UTC))
    assert rebuilt.digests == report.digests
    assert rebuilt_salts == salts
    assert receive_usage_report(rebuilt, log, platform.engine).appended == 0
    assert log.size() == size
    assert totals(monthly_usage(platform.engine))["invocations"] == 3

    # Once the force kept the receipt, the default report holds only what is new.
    record_receipt(platform.engine, first)
    assert report_as_admin(platform)[0].digests == []
    with acting_as(OFFICER):
        newer = run_tool(platform, force.cases[0])
    latest, _ = report_as_admin(platform)
    assert [d.invocation_id for d in latest.digests] == [newer]
    by_notification, _ = report_as_admin(platform, report.up_to_notification)
    assert [d.invocation_id for d in by_notification.digests] == [newer]
    receipt = receive_usage_report(latest, log, platform.engine)
    assert (receipt.appended, log.size()) == (1, size + 1)
    assert totals(monthly_usage(platform.engine))["invocations"] == 4


def test_the_same_report_sent_at_the_same_moment_is_logged_once(force):
    platform, log = force.platform, force.log
    report, _ = report_as_admin(platform)
    body = encode_report(report)
    with ThreadPoolExecutor(max_workers=4) as pool:
        receipts = list(
            pool.map(lambda _: receive_usage_report(body, log, platform.engine), range(4))
        )

    assert sum(receipt.appended for receipt in receipts) == 3
    assert log.size() == 3
    assert all(receipt.leaves == receipts[0].leaves for receipt in receipts)


def test_only_a_force_administrator_reports_and_only_for_their_force(force):
    platform, log = force.platform, force.log
    with acting_as(OFFICER), pytest.raises(ForbiddenError, match="only a force administrator"):
        build_usage_report(platform)

    report, _ = report_as_admin(platform)
    forged = json.loads(encode_report(report))
    forged["force"] = "other"
    with pytest.raises(UsageReportError, match="another force's invocation"):
        receive_usage_report(forged, log, platform.engine)

    receive_usage_report(report, log, platform.engine)
    stolen = json.loads(encode_report(report))
    stolen["force"] = "other"
    for digest in stolen["digests"]:
        digest["force"] = "other"
    with pytest.raises(UsageReportError, match="reported by another force"):
        receive_usage_report(stolen, log, platform.engine)

    personal = json.loads(encode_report(report))
    personal["digests"][0]["purpose_code"] = "call 07700 900123"
    with pytest.raises(UsageReportError, match="purpose_code"):
        receive_usage_report(personal, log, platform.engine)
    assert log.size() == 3


def test_an_entry_slug_is_reported_under_the_uuid_of_the_forces_verified_catalogue(
    force, monkeypatch
):
    platform = force.platform
    with acting_as(OFFICER):
        slugged = recorded_invocation(
            platform,
            force.cases[0],
            entry=TOOL,
            certificate=CERTIFICATE,
            fail=False,
            version=force.version,
        )
    catalogue = {"releases": [{"registry_entry_id": TOOL, "entry_id": str(ENTRY_ID)}]}
    synced = SimpleNamespace(catalogue=json.dumps(catalogue))
    monkeypatch.setattr("policeai.registry.sync.last_sync", lambda _engine: synced)
    report, _ = report_as_admin(platform)
    (digest,) = [d for d in report.digests if d.invocation_id == slugged]
    assert digest.registry_entry_id == ENTRY_ID


# -- over HTTP and from the command line ------------------------------------------------------


def _auth(username: str, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_force_administrator_posts_the_report_to_the_registry(force):
    from policeai.web.app import create_app

    platform = force.platform
    for username, force_name, role in (
        ("tom.admin", "demo", "force_admin"),
        ("pc.jones", "demo", "officer"),
        ("ann.other", "other", "force_admin"),
    ):
        platform.users.add(
            username=username,
            force=force_name,
            role=role,
            display_name=username,
            password=PASSWORD,
        )
    report, _ = report_as_admin(platform)
    body = encode_report(report)
    path = "/api/registry/usage-reports"
    with TestClient(create_app(platform)) as client:
        assert client.post(path, content=body, headers=_auth("pc.jones")).status_code == 403
        refused = client.post(path, content=body, headers=_auth("ann.other"))
        assert refused.status_code == 403
        assert "their own force" in refused.json()["error"]
        answer = client.post(path, content=body, headers=_auth("tom.admin"))
        assert answer.status_code == 200, answer.text
        receipt = answer.json()
        assert (receipt["appended"], receipt["already_logged"]) == (3, 0)
        again = client.post(path, content=body, headers=_auth("tom.admin")).json()
        assert (again["appended"], again["already_logged"]) == (0, 3)
        assert again["leaves"] == receipt["leaves"]
        bad = client.post(path, content=b'{"force": "demo"}', headers=_auth("tom.admin"))
        assert bad.status_code == 400
    assert record_receipt(platform.engine, receipt) == 3
    assert totals(monthly_usage(platform.engine))["accepted"] == 1


@pytest.mark.parametrize("backend", ["sqlite"])
def test_report_usage_sends_the_report_to_a_remote_registry(force, monkeypatch):
    """``--registry URL``: the report goes over HTTP, signed in as the force administrator."""
    from policeai.web.app import create_app

    platform = force.platform
    platform.users.add(
        username="tom.admin",
        force="demo",
        role="force_admin",
        display_name="Tom",
        password=PASSWORD,
    )
    env = {
        "POLICEAI_DATA_DIR": str(platform.settings.data_dir),
        "POLICEAI_SECRET_KEY": "test-secret",
        "POLICEAI_PASSWORD": PASSWORD,
    }
    sent: list[str] = []
    with TestClient(create_app(platform)) as client:

        def post(url: str, *, content: bytes, auth: tuple[str, str], **_: Any) -> Any:
            sent.append(url)
            path = url.removeprefix("http://registry.example")
            return client.post(path, content=content, headers=_auth(*auth))

        monkeypatch.setattr("policeai.cli.usage_report.httpx.post", post)
        args = ["registry", "report-usage", "--user", "tom.admin"]
        remote = [*args, "--registry", "http://registry.example/"]
        result = CliRunner().invoke(cli, remote, env=env)
        assert result.exit_code == 0, result.output
        assert "to http://registry.example/: 3 new leaves, 0 already logged" in result.output
        assert "3 leaf index(es) kept beside the salts" in result.output
        assert sent == ["http://registry.example/api/registry/usage-reports"]

        wrong = CliRunner().invoke(cli, remote, env={**env, "POLICEAI_PASSWORD": "wrong" * 3})
        assert wrong.exit_code == 1
        assert "the registry refused the usage report (401)" in wrong.output
    assert force.log.size() == 3


@pytest.mark.parametrize("backend", ["sqlite"])
def test_report_usage_on_the_embedded_default(force, settings_for):
    platform = force.platform
    platform.users.add(
        username="tom.admin",
        force="demo",
        role="force_admin",
        display_name="Tom",
        password=PASSWORD,
    )
    env = {
        "POLICEAI_DATA_DIR": str(platform.settings.data_dir),
        "POLICEAI_SECRET_KEY": "test-secret",
    }
    runner = CliRunner()
    result = runner.invoke(cli, ["registry", "report-usage", "--user", "tom.admin"], env=env)
    assert result.exit_code == 0, result.output
    assert "demo: 3 invocation digest(s) reported to this platform's registry: 3 new leaves" in (
        result.output
    )
    assert "1 finished invocation(s) not reported" in result.output
    assert force.log.size() == 3

    again = runner.invoke(cli, ["registry", "report-usage", "--user", "tom.admin"], env=env)
    assert again.exit_code == 0, again.output
    assert "demo: 0 invocation digest(s)" in again.output
    assert force.log.size() == 3

    officer = runner.invoke(cli, ["registry", "report-usage", "--user", "nobody"], env=env)
    assert officer.exit_code == 1
    assert "no user named 'nobody'" in officer.output
