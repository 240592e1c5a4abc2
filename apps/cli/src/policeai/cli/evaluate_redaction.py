"""``policeai evaluate redaction``: how much of a data set's personal data a redaction tool hides.

The tool is called through the plugin host, one request per document, as the gateway would.
A gold personal-data span counts as redacted when every non-space character of it is inside a
redaction (:mod:`policeai.core.evaluation.redaction`); recall is reported per label, for all
personal data, and for the UK identifiers, with 95% Wilson intervals, beside the looser "any
overlap" figure and the precision (the share of redacted characters that are personal data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import msgspec

from policeai.cli.evaluation import evaluation_command, read_dataset, tool_for, write_outputs
from policeai.core.errors import PoliceAIError
from policeai.core.evaluation.dataset import EvalDocument
from policeai.core.evaluation.redaction import (
    PERSONAL_DATA_LABELS,
    UK_IDENTIFIER_LABELS,
    UK_IDENTIFIER_TARGET,
    Count,
    RedactionScore,
    score_redactions,
)
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import Document, RedactionRequest, RedactionResult
from policeai.registry.certification.reliability import wilson_interval

HOOK = "policeai_redact"
CAPABILITY = "redaction"
MEASURE = (
    "a gold personal-data span counts as redacted when every non-space character of it is "
    "inside a redaction; 'any overlap' counts it when at least one character is"
)


def _proportion(count: Count) -> dict[str, Any]:
    figure: dict[str, Any] = {"value": count.value, "redacted": count.hits, "total": count.total}
    if count.total:
        lower, upper = wilson_interval(count.hits, count.total)
        figure["interval95"] = [lower, upper]
    return figure


def build_report(
    score: RedactionScore, *, dataset: Path, sha256: str, tool: str, version: str
) -> dict[str, Any]:
    """The report as plain data: what ``--json`` writes."""
    identifiers = score.count(UK_IDENTIFIER_LABELS)
    return {
        "tool": tool,
        "tool_version": version,
        "dataset": str(dataset),
        "dataset_sha256": sha256,
        "documents": score.documents,
        "measure": MEASURE,
        "personal_data_labels": list(PERSONAL_DATA_LABELS),
        "uk_identifier_labels": list(UK_IDENTIFIER_LABELS),
        "recall": {
            "personal_data": _proportion(score.count()),
            "uk_identifiers": _proportion(identifiers),
            "per_label": {
                label: _proportion(score.count([label])) for label in PERSONAL_DATA_LABELS
            },
        },
        "recall_any_overlap": {
            "personal_data": _proportion(score.count(loose=True)),
            "uk_identifiers": _proportion(score.count(UK_IDENTIFIER_LABELS, loose=True)),
            "per_label": {
                label: _proportion(score.count([label], loose=True))
                for label in PERSONAL_DATA_LABELS
            },
        },
        "uk_identifiers_target": UK_IDENTIFIER_TARGET,
        "uk_identifiers_meet_target": identifiers.total > 0
        and (identifiers.value or 0) >= UK_IDENTIFIER_TARGET,
        "precision": {
            "value": score.precision,
            "redacted_characters": score.redacted_characters,
            "inside_personal_data": score.redacted_inside_personal_data,
        },
        "missed": [
            {"id": o.doc_id, "label": o.label, "start": o.start, "end": o.end, "text": o.text}
            for o in score.missed
        ],
    }


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _redact(host: PluginHost, tool: str, doc: EvalDocument) -> list[dict[str, Any]]:
    """Run the tool on one document; its redactions as spans of the document's text."""
    request = RedactionRequest(case_ref=doc.id, documents=[Document(doc_id=doc.id, text=doc.text)])
    try:
        answer = host.call(tool, HOOK, request=request)
        result = msgspec.convert(msgspec.to_builtins(answer), RedactionResult)
    except msgspec.ValidationError as exc:
        raise PoliceAIError(
            f"{tool} gave an invalid answer for document {doc.id!r}: {exc}"
        ) from None
    except Exception as exc:
        raise PoliceAIError(
            f"{tool} failed on document {doc.id!r}: {type(exc).__name__}: {exc}"
        ) from None
    if [d.doc_id for d in result.documents] != [doc.id]:
        raise PoliceAIError(f"{tool} did not return document {doc.id!r} (and only it)")
    entities = []
    for redaction in result.documents[0].redactions:
        start, end = redaction.source.start, redaction.source.end
        if redaction.source.doc_id != doc.id or not 0 <= start < end <= len(doc.text):
            raise PoliceAIError(
                f"{tool} gave a redaction {start}-{end} outside document {doc.id!r}"
            )
        entities.append(
            {"label": redaction.label, "start": start, "end": end, "text": doc.text[start:end]}
        )
    return entities


@evaluation_command(
    "redaction", tool="redaction", kind="redaction", predicted="redactions ({id, entities})"
)
def redaction(
    dataset: Path, report_path: Path | None, predictions_path: Path | None, tool: str
) -> None:
    """Measure a redaction tool on DATASET: the share of personal data it hides (recall, per
    label, for all personal data and for UK identifiers) and how much it over-redacts."""
    sha256, docs = read_dataset(dataset)
    host = PluginHost()
    manifest = tool_for(host, tool, CAPABILITY, "redact")
    predictions = [{"id": doc.id, "entities": _redact(host, tool, doc)} for doc in docs]
    spans = {p["id"]: [(e["start"], e["end"]) for e in p["entities"]] for p in predictions}
    score = score_redactions(docs, spans)
    report = build_report(
        score, dataset=dataset, sha256=sha256, tool=tool, version=manifest.version
    )
    _print(report, score)
    write_outputs(report, report_path, predictions, predictions_path)


def _print(report: dict[str, Any], score: RedactionScore) -> None:
    recall, loose = report["recall"], report["recall_any_overlap"]
    click.echo(
        f"{report['tool']} {report['tool_version']} on {report['dataset']} "
        f"({report['documents']} documents; SHA-256 {report['dataset_sha256']})"
    )

    def line(name: str, figure: dict[str, Any], overlap: dict[str, Any]) -> str:
        interval = figure.get("interval95")
        around = f" (95% interval {interval[0]:.1%} to {interval[1]:.1%})" if interval else ""
        return (
            f"  {name:<22} {_percent(figure['value']):>7}  {figure['redacted']}/"
            f"{figure['total']}{around}; any overlap {_percent(overlap['value'])}"
        )

    click.echo(line("personal data recall", recall["personal_data"], loose["personal_data"]))
    click.echo(line("UK identifiers recall", recall["uk_identifiers"], loose["uk_identifiers"]))
    verdict = "met" if report["uk_identifiers_meet_target"] else "NOT met"
    click.echo(f"  UK identifiers target  {report['uk_identifiers_target']:.0%}: {verdict}")
    precision = report["precision"]
    click.echo(
        f"  precision              {_percent(precision['value']):>7}  of "
        f"{precision['redacted_characters']} redacted characters are personal data"
    )
    click.echo("  per label:")
    for label in PERSONAL_DATA_LABELS:
        figure = recall["per_label"][label]
        if figure["total"]:
            click.echo(line(f"  {label}", figure, loose["per_label"][label]))
    click.echo(f"  missed: {len(score.missed)} span(s)")
