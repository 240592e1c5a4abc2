"""The JSON API fuzzed from its own OpenAPI description (schemathesis), in process.

Every operation in ``/schema/openapi.json`` gets a fixed number of generated requests, valid
ones and deliberately invalid ones, signed out and signed in (HTTP Basic) as each role of a
demo force that holds cases, a completed AI invocation with its suggestion, a registry entry
with a release, and a case of another force. Path parameters are drawn both from the generator
and from the identifiers of those records, and some requests carry a known-good body, so that
requests reach real cases, suggestions and releases rather than only missing ones.

The properties:

* no response is a server error (5xx);
* no role gets a 2xx from an operation its guards refuse it (:data:`ONLY`), and nobody gets a
  2xx for another force's case or runs a tool the force did not install for their role;
* signed out, every operation under ``/api`` (but the public registry) answers 401;
* every error is JSON with a message (``{"error": ...}``) and no stack trace.

Besides, every response has the content type the description declares, and every 2xx body
matches the description's schema.

Each operation and generation mode runs with a fixed seed and a fixed number of examples
(:data:`EXAMPLES`; ``POLICEAI_FUZZ_EXAMPLES=60`` for a deeper run by hand), so a run is the same
every time; each role runs on its own copy of the seeded data, so the order the roles run in
changes nothing. ``pytest -s`` prints how each operation answered (status counts).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from policeai.core.catalogue.view import CatalogueRelease
from policeai.core.context import Actor, acting_as
from policeai.core.demo import load_demo
from policeai.core.platform import Platform
from policeai.core.settings import Settings
from policeai.registry.demo import demo_atrs, demo_model_card
from policeai.registry.entries.application import Registry, registry_env
from policeai.registry.keys import generate_key, signing_key_path
from policeai.web.app import create_app

ROLES = ("officer", "supervisor", "analyst", "force_admin", "certifier")
DEMO_FORCE = "demo"
TOOL = "keyword-offence-suggester"
TOOL_ENTRY = "police-ai/keyword-offence-suggester"
TOOL_ROLES = ["officer", "supervisor"]
OTHER_FORCE = "other"
OTHER_USER = "pc.other"
OTHER_PASSWORD = "another force's password"

#: Operations a guard keeps to one role (auth.py, controllers/console.py); every other
#: operation under /api is open to any signed-in user of the force.
ONLY: dict[str, str] = {
    "getCaseAccessLog": "supervisor",
    "listEntryInvocations": "supervisor",
    "listPublisherEntryInvocations": "supervisor",
    "getCatalogue": "force_admin",
    "installTool": "force_admin",
    "uninstallTool": "force_admin",
    "getToolUsage": "force_admin",
    "reportUsage": "force_admin",
    "registerEntry": "certifier",
    "submitRelease": "certifier",
    "getConsoleRelease": "certifier",
    "runReliabilitySuite": "certifier",
    "certifyRelease": "certifier",
    "exemptReleaseFromRule": "certifier",
    "rejectRelease": "certifier",
    "suspendRelease": "certifier",
    "reinstateRelease": "certifier",
    "revokeRelease": "certifier",
}
#: Every other operation under /api: open to any signed-in user of the force (the case's
#: force, the tool's installation and the X-Purpose rule are checked by the platform).
EVERYONE = {
    "listCases",
    "openCase",
    "getCase",
    "getCaseHistory",
    "addStatement",
    "recordEntity",
    "classifyCase",
    "recordOutcome",
    "closeCase",
    "casesForEntity",
    "listTools",
    "getInvocation",
    "invokeTool",
    "listCaseInvocations",
    "acceptSuggestionItem",
    "rejectSuggestionItem",
    "exportAIUse",
}
#: Operations open to anyone, signed in or not.
PUBLIC_PREFIXES = ("/api/public/",)

#: Generated requests per operation and generation mode.
EXAMPLES = 15
#: Signed out, where every request to a signed-in operation is refused before it is read.
SIGNED_OUT_EXAMPLES = 5
#: Fewer for operations that are slow by design (a reliability suite run).
FEWER = {"runReliabilitySuite": 3}


def allowed(role: str, operation_id: str) -> bool:
    """Whether the guards let ``role`` use the operation at all."""
    only = ONLY.get(operation_id)
    return only is None or only == role


@dataclass
class Seeded:
    """The seeded data directory and the identifiers of what it holds."""

    data_dir: Path
    passwords: dict[str, str]
    case_id: str
    other_case_id: str
    closed_case_id: str
    invocation_id: str
    suggestion_id: str
    item_ids: list[str]
    release_id: str
    entry_id: str
    wheel_filename: str
    tool_version: str
    manifest: dict[str, Any]


def settings_at(data_dir: Path) -> Settings:
    return Settings.from_env(
        {
            "POLICEAI_DATA_DIR": str(data_dir),
            "POLICEAI_SECRET_KEY": "test-secret",
            "POLICEAI_INVOCATION_CACHE_SECONDS": "0",
        }
    )


def wait_for(platform: Platform, invocation_id: UUID) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        status = platform.gateway.status(invocation_id)
        if status["status"] in {"completed", "failed"} or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def install_tool(platform: Platform) -> None:
    """The built-in tool, certified in the force's catalogue view and installed for officers
    and supervisors."""
    version = platform.host.get(TOOL).manifest.version
    expires = datetime.now(UTC) + timedelta(days=365)
    platform.catalogue.put(
        CatalogueRelease(TOOL, version, TOOL_ENTRY, "LOCAL-FUZZ-0001", "certified", expires)
    )
    platform.installations.install(
        force=DEMO_FORCE,
        plugin_id=TOOL,
        version=version,
        roles=TOOL_ROLES,
        installed_by="force_admin",
        quota_per_day=500,
    )


def register_tool(settings: Settings, platform: Platform) -> tuple[UUID, dict[str, Any]]:
    """The built-in tool registered with the registry and its release submitted (untested)."""
    manifest = msgspec.to_builtins(platform.host.get(TOOL).manifest)
    version = manifest["version"]
    registry = Registry(registry_env(settings))
    try:
        with acting_as(Actor("certifier", DEMO_FORCE, "fuzz seed", role="certifier")):
            entry_id = registry.register_entry(TOOL, demo_atrs())
            release_id = registry.submit_release(
                entry_id,
                version=version,
                wheel_filename=f"{TOOL.replace('-', '_')}-{version}-py3-none-any.whl",
                wheel_sha256=hashlib.sha256(TOOL.encode()).hexdigest(),
                manifest=manifest,
                model_card=demo_model_card(),
            )
        return entry_id, registry.get_release(release_id)
    finally:
        registry.close()


def seed_data(data_dir: Path) -> Seeded:
    settings = settings_at(data_dir)
    generate_key(signing_key_path(settings))
    with Platform(settings) as platform:
        demo = load_demo(platform)
        passwords = {user.username: user.password for user in demo.users}
        platform.users.add(
            username=OTHER_USER,
            force=OTHER_FORCE,
            role="officer",
            display_name="PC Other",
            password=OTHER_PASSWORD,
        )
        with acting_as(Actor(OTHER_USER, OTHER_FORCE, "investigation", role="officer")):
            other = platform.cases.open_case(
                narrative="A bicycle was taken from a shed in another force's area.",
                location="1 Elsewhere Road",
                reported_at=datetime.now(UTC),
            )
        install_tool(platform)
        platform.wait_for_projections()
        listed = platform.views.list_cases(force=DEMO_FORCE, limit=500)
        open_ids = [str(row["case_id"]) for row in listed if row["status"] == "open"]
        closed_ids = [str(row["case_id"]) for row in listed if row["status"] == "closed"]
        case_id = open_ids[0]
        platform.start_jobs()
        with acting_as(Actor("officer", DEMO_FORCE, "fuzz seed", role="officer")):
            narrative = platform.cases.get_case(UUID(case_id))["narrative"]
            invoked = platform.gateway.invoke(
                case_id=UUID(case_id),
                plugin_id=TOOL,
                capability="offence_suggestion",
                request={"narrative": narrative},
            )
            status = wait_for(platform, invoked["invocation_id"])
            assert status["status"] == "completed", status
            (suggestion, *_) = platform.cases.get_case(UUID(case_id))["suggestions"]
        entry_id, release = register_tool(settings, platform)
        platform.wait_for_projections()
    return Seeded(
        data_dir=data_dir,
        passwords=passwords,
        case_id=case_id,
        other_case_id=str(other["case_id"]),
        closed_case_id=closed_ids[0] if closed_ids else open_ids[1],
        invocation_id=str(invoked["invocation_id"]),
        suggestion_id=suggestion["suggestion_id"],
        item_ids=[item["item_id"] for item in suggestion["items"]],
        release_id=str(release["release_id"]),
        entry_id=str(entry_id),
        wheel_filename=release["wheel_filename"],
        tool_version=release["version"],
        manifest=release["manifest"],
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return seed_data(tmp_path_factory.mktemp("fuzz-seed") / "data")


def known_path_parameters(seeded: Seeded) -> dict[str, list[str]]:
    """Real values for each path parameter name, beside whatever the generator makes."""
    publisher, name = TOOL_ENTRY.split("/")
    return {
        "case_id": [seeded.case_id, seeded.closed_case_id, seeded.other_case_id],
        "suggestion_id": [seeded.suggestion_id],
        "item_id": seeded.item_ids[:2],
        "invocation_id": [seeded.invocation_id],
        "release_id": [seeded.release_id],
        "slug": [TOOL],
        "plugin_id": [TOOL],
        "entry_id": [seeded.entry_id, TOOL_ENTRY],
        "publisher": [publisher],
        "name": [name],
        "project": [TOOL],
        "filename": [seeded.wheel_filename],
    }


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@dataclass
class Target:
    """One running copy of the app over its own copy of the seeded data."""

    schema: Any
    platform: Platform


@pytest.fixture
def target(seeded: Seeded, tmp_path: Path) -> Iterator[Target]:
    data_dir = tmp_path / "data"
    shutil.copytree(seeded.data_dir, data_dir)
    platform = Platform(settings_at(data_dir))
    app = create_app(platform)
    try:
        schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
        yield Target(schema=schema, platform=platform)
    finally:
        asgi.shutdown_lifespans()
        platform.close()


# -- checks -----------------------------------------------------------------------------------


def errors_are_json_messages(_ctx: Any, response: Any, case: Any) -> None:
    """An error is ``{"error": "..."}`` and never shows a traceback."""
    if response.status_code < 400:
        return
    text = response.text
    assert "Traceback" not in text, f"a stack trace in {text[:300]!r}"
    assert 'File "' not in text, f"a stack trace in {text[:300]!r}"
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/json"), (
        f"{response.status_code} answered as {content_type!r}, not JSON: {text[:300]!r}"
    )
    body = json.loads(text)
    assert isinstance(body, dict), f"error body is not an object: {text[:300]!r}"
    message = body.get("error")
    assert isinstance(message, str), f"error without a message: {text[:300]!r}"
    assert message.strip(), f"error with an empty message: {text[:300]!r}"


def successes_match_the_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 2xx body is what the OpenAPI description says. (Errors are ``{"error": ...}``, which
    the description does not yet say: see :func:`errors_are_json_messages`.)"""
    if 200 <= response.status_code < 300:
        return response_schema_conformance(ctx, response, case)
    return None


#: Checks on every response: no server error, the declared content type, and successful
#: bodies as described.
ALWAYS = [not_a_server_error, content_type_conformance, successes_match_the_schema]


def role_check(role: str, seeded: Seeded, platform: Platform) -> Callable[..., None]:
    """The check that ``role`` gets a 2xx only where it may."""

    def role_may_use_operation(_ctx: Any, response: Any, case: Any) -> None:
        if not 200 <= response.status_code < 300:
            return
        operation_id = case.operation.definition.raw.get("operationId", "")
        assert allowed(role, operation_id), (
            f"{role} got {response.status_code} from {operation_id}, which only "
            f"{ONLY.get(operation_id)} may use"
        )
        path = case.formatted_path
        assert seeded.other_case_id not in path, (
            f"{role} of {DEMO_FORCE} got {response.status_code} for another force's case"
        )
        if operation_id == "invokeTool":
            installation = platform.installations.get(DEMO_FORCE, str(case.body.get("plugin_id")))
            roles = installation.roles if installation is not None else []
            assert role in roles, f"{role} ran a tool the force did not install for the role"

    return role_may_use_operation


def needs_sign_in(operation: Any) -> bool:
    path = operation.path
    return path.startswith("/api/") and not path.startswith(PUBLIC_PREFIXES)


def signed_out_answers_401(_ctx: Any, response: Any, case: Any) -> None:
    """A valid request to a signed-in operation, signed out, is asked to sign in."""
    assert response.status_code == 401, (
        f"signed out, {case.operation.label} answered {response.status_code}, not 401"
    )
    assert response.headers.get("www-authenticate"), "a 401 without WWW-Authenticate"


def signed_out_gets_nothing(_ctx: Any, response: Any, case: Any) -> None:
    """An invalid one gets 401, or 404 where its path matches no route at all."""
    assert response.status_code in {401, 404}, (
        f"signed out, {case.operation.label} answered {response.status_code}, not 401"
    )


# -- the runs ---------------------------------------------------------------------------------


@dataclass
class Finding:
    operation: str
    mode: str
    error: str


@dataclass
class Run:
    """What one fuzzing run sent (status counts by operation and mode) and found."""

    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)

    def report(self) -> str:
        return "\n\n".join(f"{f.operation} ({f.mode}):\n{f.error}" for f in self.findings)

    def sent(self) -> int:
        return sum(sum(counts.values()) for counts in self.statuses.values())


PURPOSE = {"X-Purpose": "checking the API answers sensibly"}


def known_bodies(seeded: Seeded) -> dict[str, dict[str, Any]]:
    """A valid body for some operations, beside whatever the generator makes, so that
    generated requests also get past validation to the deeper paths (a tool run, an
    installation, a registration)."""
    in_a_year = (datetime.now(UTC) + timedelta(days=365)).isoformat()
    return {
        "openCase": {
            "narrative": "A bicycle was taken from the shed overnight.",
            "location": "2 Shed Lane",
            "reported_at": "2026-01-10T09:30:00Z",
        },
        "addStatement": {"text": "I locked the shed at ten.", "author": "A Witness"},
        "recordEntity": {"entity_type": "person", "role": "witness", "name": "A Witness"},
        "classifyCase": {"offence_code": "28E"},
        "recordOutcome": {"outcome": 18, "note": "no suspect identified"},
        "closeCase": {"reason": "no lines of enquiry left"},
        "invokeTool": {
            "plugin_id": TOOL,
            "capability": "offence_suggestion",
            "input": {"narrative": "Someone stole my bicycle from the shed."},
        },
        "rejectSuggestionItem": {"reason": "the narrative does not support it"},
        "installTool": {
            "plugin_id": TOOL,
            "version": seeded.tool_version,
            "roles": ["officer", "analyst", "force_admin"],
        },
        "registerEntry": {"slug": "fuzzed-tool", "atrs": demo_atrs()},
        "submitRelease": {
            "version": "9.9.9",
            "wheel_filename": "keyword_offence_suggester-9.9.9-py3-none-any.whl",
            "wheel_sha256": "0" * 64,
            "manifest": seeded.manifest,
            "model_card": demo_model_card(),
        },
        "certifyRelease": {"expires_at": in_a_year, "reason": "checked"},
        "exemptReleaseFromRule": {"rule_id": "model-card-complete", "reason": "checked"},
    }


def operation_id_of(operation: Any) -> str:
    return str(operation.definition.raw.get("operationId", operation.label))


def strategy_for(
    operation: Any,
    mode: GenerationMode,
    known: dict[str, list[str]],
    bodies: dict[str, dict[str, Any]],
) -> Any:
    """Requests with a known-good body on the first set of real path parameters (an open case
    of the force, the seeded suggestion or release; valid requests only); with each set of real
    path parameters, with and without a stated purpose; and wholly generated ones."""
    names = [p.name for p in operation.path_parameters]
    path_sets: list[dict[str, str]] = []
    if names and all(n in known for n in names):
        longest = max(len(known[n]) for n in names)
        path_sets = [{n: known[n][i % len(known[n])] for n in names} for i in range(longest)]
    purpose = PURPOSE if any(p.name == "X-Purpose" for p in operation.headers) else None
    # Hypothesis draws from the first strategies more often: the known-good ones come first.
    strategies = []
    body = bodies.get(operation_id_of(operation))
    if body is not None and mode is GenerationMode.POSITIVE:
        path = path_sets[0] if path_sets else None
        strategies.append(
            operation.as_strategy(mode, path_parameters=path, headers=purpose, body=body)
        )
    for path in path_sets:
        if purpose:
            strategies.append(operation.as_strategy(mode, path_parameters=path, headers=purpose))
        strategies.append(operation.as_strategy(mode, path_parameters=path))
    strategies.append(operation.as_strategy(mode))
    return st.one_of(strategies)


def examples_for(operation_id: str, default: int) -> int:
    """``POLICEAI_FUZZ_EXAMPLES`` (else ``default``), for a deeper run by hand."""
    wanted = int(os.environ.get("POLICEAI_FUZZ_EXAMPLES", default))
    return min(wanted, FEWER.get(operation_id, wanted))


def fuzz_operation(
    run: Run,
    operation: Any,
    mode: GenerationMode,
    *,
    who: str,
    headers: dict[str, str],
    checks: list[Callable[..., Any]],
    known: dict[str, list[str]],
    bodies: dict[str, dict[str, Any]],
    examples: int,
) -> None:
    """Fuzz one operation in one mode, with a seed of its own (from ``who``, the operation and
    the mode): the same requests every run, and a failure reproducible alone."""
    operation_id = operation_id_of(operation)
    statuses = run.statuses.setdefault(f"{operation_id} {mode.value}", {})

    @seed(zlib.crc32(f"{who}:{operation_id}:{mode.value}".encode()))
    @settings(
        max_examples=examples_for(operation_id, examples),
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy_for(operation, mode, known, bodies))
    def send(case: Any) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=[*ALWAYS, *checks], headers=headers)

    try:
        send()
    except Unsatisfiable:
        pass  # nothing in the request can be made invalid (no parameters, no body)
    except (Exception, FailureGroup) as exc:  # every failure is collected, then reported
        run.findings.append(Finding(operation_id, mode.value, str(exc)[:3000]))


def fuzz(
    schema: Any,
    *,
    who: str,
    headers: dict[str, str],
    checks: list[Callable[..., Any]],
    modes: tuple[GenerationMode, ...],
    include: Callable[[Any], bool],
    known: dict[str, list[str]],
    bodies: dict[str, dict[str, Any]],
    examples: int = EXAMPLES,
) -> Run:
    """Fuzz every included operation in each mode; collect what fails rather than stopping."""
    run = Run()
    for result in schema.get_all_operations():
        operation = result.ok()
        if include(operation):
            for mode in modes:
                fuzz_operation(
                    run,
                    operation,
                    mode,
                    who=who,
                    headers=headers,
                    checks=checks,
                    known=known,
                    bodies=bodies,
                    examples=examples,
                )
    for name, counts in run.statuses.items():  # shown by pytest -s, or with a failure
        print(f"{who}: {name}: {dict(sorted(counts.items()))}")
    return run


# -- the tests --------------------------------------------------------------------------------


def test_the_role_table_names_every_signed_in_operation(target: Target) -> None:
    """A new operation must be placed in the table (:data:`ONLY` or :data:`EVERYONE`), so the
    fuzzing knows who may use it."""
    signed_in = {
        operation_id_of(result.ok())
        for result in target.schema.get_all_operations()
        if needs_sign_in(result.ok())
    }

    assert signed_in == set(ONLY) | EVERYONE
    assert not set(ONLY) & EVERYONE


def test_signed_out_every_api_operation_asks_you_to_sign_in(seeded: Seeded, target: Target) -> None:
    public = lambda operation: not needs_sign_in(operation)  # noqa: E731
    runs = [
        (GenerationMode.POSITIVE, needs_sign_in, [signed_out_answers_401], SIGNED_OUT_EXAMPLES),
        (GenerationMode.NEGATIVE, needs_sign_in, [signed_out_gets_nothing], SIGNED_OUT_EXAMPLES),
        (GenerationMode.POSITIVE, public, [], EXAMPLES),
        (GenerationMode.NEGATIVE, public, [], EXAMPLES),
    ]
    findings: list[Finding] = []
    for mode, include, checks, examples in runs:
        run = fuzz(
            target.schema,
            who="signed out",
            headers={},
            checks=[*checks, errors_are_json_messages],
            modes=(mode,),
            include=include,
            known=known_path_parameters(seeded),
            bodies={},
            examples=examples,
        )
        assert run.sent() > 0
        findings += run.findings
    assert not findings, Run(findings).report()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_no_server_error_and_only_what_it_may_use(
    role: str, seeded: Seeded, target: Target
) -> None:
    run = fuzz(
        target.schema,
        who=role,
        headers={"Authorization": basic(role, seeded.passwords[role])},
        checks=[role_check(role, seeded, target.platform), errors_are_json_messages],
        modes=(GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
        include=needs_sign_in,
        known=known_path_parameters(seeded),
        bodies=known_bodies(seeded),
    )

    assert not run.findings, run.report()
    # The role got somewhere: a 2xx from at least one operation it may use.
    assert any(any(200 <= status < 300 for status in counts) for counts in run.statuses.values())
