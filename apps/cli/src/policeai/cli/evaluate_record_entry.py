"""``policeai evaluate record-entry``: how well a record-entry tool finds a data set's fields.

The tool is called through the plugin host, one request per document with its report time,
as the gateway would. Its fields are scored against the gold spans per label and overall
(micro-averaged) under two matching rules (:mod:`policeai.core.evaluation.metrics`): exact
(same label, start and end) and overlap (same label, spans overlap; each span matched once).
Police.AI's reliability standard for record entry holds the overlap figures to its thresholds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from policeai.cli.evaluation import evaluation_command, read_dataset, tool_for, write_outputs
from policeai.core.errors import PoliceAIError
from policeai.core.evaluation.dataset import LABELS, GoldEntity
from policeai.core.evaluation.metrics import MATCH_MODES, Scores, score_documents
from policeai.core.plugins.host import PluginHost
from policeai.registry.suites.record_entry import (
    CAPABILITY,
    HEADLINE_MATCHING,
    MATCHING_RULES,
    propose_fields,
)


def build_report(
    scores: dict[str, Scores],
    *,
    dataset: Path,
    sha256: str,
    documents: int,
    tool: str,
    version: str,
) -> dict[str, Any]:
    """The report as plain data: what ``--json`` writes."""
    return {
        "tool": tool,
        "tool_version": version,
        "dataset": str(dataset),
        "dataset_sha256": sha256,
        "documents": documents,
        "matching": dict(MATCHING_RULES),
        "standard_matching": HEADLINE_MATCHING,
        **{mode: scores[mode].as_dict() for mode in MATCH_MODES},
    }


@evaluation_command(
    "record-entry", tool="record-entry", kind="record-entry", predicted="fields ({id, entities})"
)
def record_entry(
    dataset: Path, report_path: Path | None, predictions_path: Path | None, tool: str
) -> None:
    """Measure a record-entry tool on DATASET: precision, recall and F1 per label and overall,
    under exact and overlap matching."""
    sha256, docs = read_dataset(dataset)
    host = PluginHost()
    manifest = tool_for(host, tool, CAPABILITY, "propose record fields")
    predicted: dict[str, tuple[GoldEntity, ...]] = {}
    for doc in docs:
        try:
            predicted[doc.id] = propose_fields(host, tool, doc)
        except Exception as exc:
            raise PoliceAIError(
                f"{tool} failed on document {doc.id!r}: {type(exc).__name__}: {exc}"
            ) from None
    scores = score_documents(docs, predicted)
    report = build_report(
        scores,
        dataset=dataset,
        sha256=sha256,
        documents=len(docs),
        tool=tool,
        version=manifest.version,
    )
    _print(report, scores)
    predictions = (
        {
            "id": doc.id,
            "entities": [
                {"label": e.label, "start": e.start, "end": e.end, "text": e.text}
                for e in predicted[doc.id]
            ],
        }
        for doc in docs
    )
    write_outputs(report, report_path, predictions, predictions_path)


def _print(report: dict[str, Any], scores: dict[str, Scores]) -> None:
    click.echo(
        f"{report['tool']} {report['tool_version']} on {report['dataset']} "
        f"({report['documents']} documents; SHA-256 {report['dataset_sha256']})"
    )
    click.echo(f"{'':<16}{'':>6}  {'exact':^22}  {'overlap':^22}")
    click.echo(
        f"{'label':<16}{'gold':>6}  {'P':>6} {'R':>6} {'F1':>6}    {'P':>6} {'R':>6} {'F1':>6}"
    )
    exact, overlap = scores["exact"], scores["overlap"]
    rows = [(label, exact.labels[label], overlap.labels[label]) for label in LABELS]
    rows.append(("overall (micro)", exact.overall, overlap.overall))
    for name, e, o in rows:
        if name != "overall (micro)" and not (e.gold or e.predicted):
            continue
        click.echo(
            f"{name:<16}{e.gold:>6}  {e.precision:>6.3f} {e.recall:>6.3f} {e.f1:>6.3f}    "
            f"{o.precision:>6.3f} {o.recall:>6.3f} {o.f1:>6.3f}"
        )
    click.echo(
        f"Police.AI's standard for record entry uses {HEADLINE_MATCHING} matching "
        f"(overall F1 >= 0.75; recall >= 0.9 for VRM, POSTCODE, PHONE, EMAIL, NINO; "
        f">= 0.8 for PERSON and DOB)."
    )
