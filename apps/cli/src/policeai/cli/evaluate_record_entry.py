"""``policeai evaluate record-entry``: how well a record-entry tool finds a data set's fields.

The tool is called through the plugin host, one request per document with its report time,
as the gateway would. Its fields are scored against the gold spans per label and overall
(micro-averaged) under two matching rules (:mod:`policeai.core.evaluation.metrics`): exact
(same label, start and end) and overlap (same label, spans overlap; each span matched once).
Police.AI's reliability standard for record entry holds the overlap figures to its thresholds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import click

from policeai.core.errors import PoliceAIError
from policeai.core.evaluation.dataset import LABELS, DatasetError, GoldEntity, load_dataset
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


@click.command("record-entry")
@click.argument("dataset", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--json",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here as JSON.",
)
@click.option(
    "--predictions",
    "predictions_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the tool's fields here as JSON Lines ({id, entities}).",
)
@click.option(
    "--tool",
    default="record-entry",
    show_default=True,
    help="The id of the installed record-entry plugin to measure.",
)
def record_entry(
    dataset: Path, report_path: Path | None, predictions_path: Path | None, tool: str
) -> None:
    """Measure a record-entry tool on DATASET: precision, recall and F1 per label and overall,
    under exact and overlap matching."""
    try:
        raw = dataset.read_bytes()
        docs = load_dataset(dataset)
    except DatasetError as exc:
        raise click.ClickException(f"the data set is not valid: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot read the data set {dataset}: {exc.strerror}") from None
    if not docs:
        raise click.ClickException(f"the data set {dataset} holds no documents")
    host = PluginHost()
    if tool not in host.loaded and tool in host.refused:
        raise click.ClickException(f"the tool {tool!r} could not be loaded: {host.refused[tool]}")
    manifest = host.get(tool).manifest
    if CAPABILITY not in manifest.capabilities:
        raise click.ClickException(
            f"the tool {tool!r} does not propose record fields (its capabilities: "
            f"{', '.join(manifest.capabilities)})"
        )

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
        sha256=hashlib.sha256(raw).hexdigest(),
        documents=len(docs),
        tool=tool,
        version=manifest.version,
    )
    _print(report, scores)
    if report_path is not None:
        report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"report written to {report_path}")
    if predictions_path is not None:
        lines = [
            json.dumps(
                {
                    "id": doc.id,
                    "entities": [
                        {"label": e.label, "start": e.start, "end": e.end, "text": e.text}
                        for e in predicted[doc.id]
                    ],
                },
                ensure_ascii=False,
            )
            + "\n"
            for doc in docs
        ]
        predictions_path.write_text("".join(lines), encoding="utf-8")
        click.echo(f"predictions written to {predictions_path}")


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
