"""The plugin interface: manifests, the host, the contract kit and the hooks themselves."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from policeai.core.plugins import hookimpl, hookspecs
from policeai.core.plugins.builtin import keyword_offences
from policeai.core.plugins.host import PluginHost, hook_signatures
from policeai.core.plugins.manifest import InvalidManifestError, Manifest, validate_manifest
from policeai.core.plugins.testing import PluginContractTests
from policeai.core.plugins.types import (
    Document,
    LfrAdjudication,
    LfrAlert,
    LfrDeploymentReport,
    OffenceSuggestionRequest,
    OffenceSuggestions,
    ProposedField,
    ProposedFields,
    Receipt,
    RecordEntryRequest,
    RedactedDocument,
    Redaction,
    RedactionRequest,
    RedactionResult,
    Span,
    SummariseRequest,
    Summary,
    SummarySentence,
)

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
HOOKS = sorted(hook_signatures())


class TestKeywordOffenceSuggester(PluginContractTests):
    plugin_id = "keyword-offence-suggester"
    sample_inputs = {  # noqa: RUF012 - read-only class data of the contract kit
        "policeai_suggest_offences": OffenceSuggestionRequest(
            narrative="Someone broke into the house overnight and stole a laptop."
        )
    }
    bad_inputs = {  # noqa: RUF012
        "policeai_suggest_offences": OffenceSuggestionRequest(narrative="   ")
    }


def test_the_keyword_suggester_ranks_offences_and_says_why():
    host = PluginHost()
    result = host.call(
        "keyword-offence-suggester",
        "policeai_suggest_offences",
        request=OffenceSuggestionRequest(narrative="My bike was stolen from outside the shop"),
    )
    assert [s.code for s in result.suggestions][:1] == ["44"]
    assert "'bike'" in result.suggestions[0].reason
    assert len(result.suggestions) <= 3


def manifest_data(**changes) -> dict:
    data = msgspec.to_builtins(keyword_offences.policeai_manifest())
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "Not An Id"}, "$.id"),
        ({"version": "one"}, "$.version"),
        ({"capabilities": []}, "$.capabilities"),
        ({"capabilities": ["mind_reading"]}, "$.capabilities"),
        ({"max_classification": "SECRET"}, "$.max_classification"),
        ({"data_categories": ["gossip"]}, "$.data_categories"),
        ({"human_review_required": "yes"}, "$.human_review_required"),
        ({"publisher": {"name": "Acme Ltd", "kind": "supplier"}}, "companies_house_number"),
        ({"config": [{"name": "api-key", "type": "bytes", "description": "x"}]}, "$.config"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_an_invalid_manifest_is_refused_with_the_field_named(changes, field):
    with pytest.raises(InvalidManifestError, match=re_escape(field)):
        validate_manifest(manifest_data(**changes))


def re_escape(text: str) -> str:
    import re

    return re.escape(text)


def test_a_supplier_manifest_with_its_companies_house_number_is_accepted():
    manifest = validate_manifest(
        manifest_data(
            publisher={"name": "Acme Ltd", "kind": "supplier", "companies_house_number": "01234567"}
        )
    )
    assert manifest.publisher.companies_house_number == "01234567"
    assert manifest.allows_classification("OFFICIAL")
    assert not manifest.allows_classification("SECRET")


class BrokenManifestPlugin:
    @hookimpl
    def policeai_manifest(self):
        return {"id": "broken"}


class MissingHookPlugin:
    @hookimpl
    def policeai_manifest(self):
        return manifest_data(id="missing-hook", capabilities=["summarise"])


def test_the_host_refuses_a_bad_plugin_and_keeps_the_rest():
    host = PluginHost()
    assert host.register("broken", BrokenManifestPlugin()) is None
    assert host.register("missing", MissingHookPlugin()) is None
    assert "`version`" in host.refused["broken"]
    assert "policeai_summarise" in host.refused["missing"]
    assert "keyword-offence-suggester" in host.loaded
    assert not {"broken", "missing-hook"} & set(host.loaded)


def test_an_entry_point_that_cannot_be_imported_is_refused(monkeypatch):
    from importlib.metadata import EntryPoint

    from policeai.core.plugins import host as host_module

    real = host_module.entry_points

    def with_a_broken_one(group):
        broken = EntryPoint("gone", "policeai_no_such_module.plugin", group)
        return [*real(group=group), broken]

    monkeypatch.setattr(host_module, "entry_points", with_a_broken_one)
    host = PluginHost()
    assert "cannot be imported" in host.refused["gone"]
    assert "policeai_no_such_module" in host.refused["gone"]
    assert "keyword-offence-suggester" in host.loaded


class ReferencePlugin:
    """Implements every hook trivially, to check the interface end to end."""

    @hookimpl
    def policeai_manifest(self):
        return manifest_data(
            id="reference",
            capabilities=[
                "summarise",
                "record_entry",
                "offence_suggestion",
                "redaction",
                "lfr_adapter",
            ],
            data_categories=["personal", "biometric"],
        )

    @hookimpl
    def policeai_summarise(self, request):
        doc = request.documents[0]
        end = doc.text.find(".") + 1 or len(doc.text)
        return Summary([SummarySentence(doc.text[:end], Span(doc.doc_id, 0, end))])

    @hookimpl
    def policeai_propose_record_fields(self, request):
        doc = request.document
        start = doc.text.index("DS19")
        return ProposedFields(
            [ProposedField("VRM", "DS19KXE", Span(doc.doc_id, start, start + 8), "DS19 KXE", 0.9)]
        )

    @hookimpl
    def policeai_suggest_offences(self, request):
        return OffenceSuggestions([])

    @hookimpl
    def policeai_redact(self, request):
        return RedactionResult(
            [
                RedactedDocument(
                    d.doc_id,
                    "[PERSON-1] called.",
                    [Redaction("PERSON", Span(d.doc_id, 0, 3), "[PERSON-1]")],
                )
                for d in request.documents
            ]
        )

    @hookimpl
    def policeai_lfr_alert(self, alert):
        return Receipt(accepted=True, reference=alert.alert_id)

    @hookimpl
    def policeai_lfr_adjudication(self, adjudication):
        return Receipt(accepted=True, reference=adjudication.alert_id)

    @hookimpl
    def policeai_lfr_deployment_report(self, report):
        ok = report.true_alerts + report.false_alerts <= report.alerts
        return Receipt(accepted=ok, message="" if ok else "more adjudications than alerts")


SAMPLES = {
    "policeai_summarise": SummariseRequest([Document("s1", "Jo was hit. She fell.")]),
    "policeai_propose_record_fields": RecordEntryRequest(
        Document("s1", "A car DS19 KXE drove off."), NOW
    ),
    "policeai_suggest_offences": OffenceSuggestionRequest("a theft"),
    "policeai_redact": RedactionRequest("DEMO/2026/000001", [Document("s1", "Jo called.")]),
    "policeai_lfr_alert": LfrAlert("dep-1", "al-1", "wl-7", 0.71, 0.6, NOW, "crop-1"),
    "policeai_lfr_adjudication": LfrAdjudication("dep-1", "al-1", "pc.jones", "false_alert", NOW),
    "policeai_lfr_deployment_report": LfrDeploymentReport("dep-1", NOW, NOW, 5000, 2, 1, 1),
}


@pytest.mark.parametrize("hook", [h for h in HOOKS if h != "policeai_manifest"])
def test_every_hook_answers_through_the_host_with_its_declared_types(hook):
    host = PluginHost(load_entry_points=False)
    assert host.register("reference", ReferencePlugin()) is not None, host.refused
    signature = hook_signatures()[hook]
    sample = SAMPLES[hook]
    assert isinstance(sample, signature.input_type)
    # Inputs cross the worker boundary as JSON: they decode back to the same value.
    assert msgspec.json.decode(msgspec.json.encode(sample), type=signature.input_type) == sample
    result = host.call("reference", hook, **{signature.argument: sample})
    assert isinstance(result, signature.output_type)


def test_the_manifest_hook_returns_a_manifest():
    host = PluginHost(load_entry_points=False)
    loaded = host.register("reference", ReferencePlugin())
    assert isinstance(loaded.manifest, Manifest)


def test_a_call_reaches_only_the_named_plugin():
    host = PluginHost()
    host.register("reference", ReferencePlugin())
    result = host.call(
        "reference", "policeai_suggest_offences", request=SAMPLES["policeai_suggest_offences"]
    )
    assert result == OffenceSuggestions([])


# -- meta-tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook))
    assert doc
    assert "Return" in doc or "Accept" in doc, f"{hook}'s docstring must say what to return"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    tests = Path(__file__).parent.parent
    sources = (
        "\n".join(
            p.read_text()
            for p in tests.rglob("test_*.py")
            if p.resolve() != Path(__file__).resolve()
        )
        + SAMPLES_SOURCE
    )
    assert f'"{hook}"' in sources or f"def {hook}" in sources, f"no test exercises {hook}"


SAMPLES_SOURCE = inspect.getsource(ReferencePlugin)


def test_hook_names_carry_the_project_prefix_and_the_host_loads_cleanly():
    host = PluginHost()
    assert all(h.startswith("policeai_") for h in HOOKS)
    host.pm.check_pending()
