"""``policeai evaluate offence``: how often an offence suggestion tool's suggestions fall in a
data set's offence categories.

The tool is called through the plugin host on each document's text, as the gateway would, for
as many suggestions as an officer is shown (three). Each suggested Home Office code is mapped to
its evaluation category (:data:`policeai.core.evaluation.offence.CODE_CATEGORIES`); top-1 and
top-3 accuracy are reported overall and per gold category, each with a 95% Wilson interval.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import click

from policeai.core.cases.offences import UnknownOffenceError
from policeai.core.errors import PoliceAIError
from policeai.core.evaluation.dataset import DatasetError, EvalDocument, load_dataset
from policeai.core.evaluation.offence import (
    CODE_CATEGORIES,
    RANKS,
    Hits,
    OffenceScores,
    category_of,
    score_offences,
)
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.types import OffenceSuggestionRequest, OffenceSuggestions
from policeai.registry.certification.reliability import wilson_interval

CAPABILITY = "offence_suggestion"
HOOK = "policeai_suggest_offences"


def suggest(host: PluginHost, tool: str, doc: EvalDocument) -> list[dict[str, Any]]:
    """The tool's ranked suggestions for one document, each with its evaluation category."""
    request = OffenceSuggestionRequest(narrative=doc.text, limit=max(RANKS))
    answer = host.call(tool, HOOK, request=request)
    if not isinstance(answer, OffenceSuggestions):
        raise TypeError(f"the tool answered {type(answer).__name__}, not OffenceSuggestions")
    suggestions = []
    for s in answer.suggestions:
        try:
            category = category_of(s.code)
        except UnknownOffenceError:
            category = None  # not a classification this platform knows: in no category
        suggestions.append(
            {"code": s.code, "group": s.group, "category": category, "score": s.score}
        )
    return suggestions


def _figures(hits: Hits) -> dict[str, Any]:
    figures: dict[str, Any] = {"n": hits.n}
    for k in sorted(hits.hits):
        lower, upper = wilson_interval(hits.hits[k], hits.n)
        figures[f"top{k}_hits"] = hits.hits[k]
        figures[f"top{k}_accuracy"] = hits.accuracy(k)
        figures[f"top{k}_interval"] = [lower, upper]
    return figures


def build_report(
    scores: OffenceScores,
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
        "unlabelled": scores.unlabelled,
        "ranks": list(scores.ranks),
        "confidence": 0.95,
        "interval": "Wilson score interval",
        "overall": _figures(scores.overall),
        "categories": {name: _figures(hits) for name, hits in scores.categories.items()},
        "category_of_code": dict(CODE_CATEGORIES),
    }


@click.command("offence")
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
    help="Write the tool's suggestions here as JSON Lines ({id, suggestions}).",
)
@click.option(
    "--tool",
    default="offence-suggester",
    show_default=True,
    help="The id of the installed offence suggestion plugin to measure.",
)
def offence(
    dataset: Path, report_path: Path | None, predictions_path: Path | None, tool: str
) -> None:
    """Measure an offence suggestion tool on DATASET: top-1 and top-3 accuracy against each
    document's offence category, overall and per category, with 95% Wilson intervals."""
    try:
        raw = dataset.read_bytes()
        docs = load_dataset(dataset)
    except DatasetError as exc:
        raise click.ClickException(f"the data set is not valid: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot read the data set {dataset}: {exc.strerror}") from None
    if not any(doc.offence_category for doc in docs):
        raise click.ClickException(
            f"the data set {dataset} holds no document with an offence_category to score against"
        )
    host = PluginHost()
    if tool not in host.loaded and tool in host.refused:
        raise click.ClickException(f"the tool {tool!r} could not be loaded: {host.refused[tool]}")
    manifest = host.get(tool).manifest
    if CAPABILITY not in manifest.capabilities:
        raise click.ClickException(
            f"the tool {tool!r} does not suggest offences (its capabilities: "
            f"{', '.join(manifest.capabilities)})"
        )

    predicted: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        try:
            predicted[doc.id] = suggest(host, tool, doc)
        except Exception as exc:
            raise PoliceAIError(
                f"{tool} failed on document {doc.id!r}: {type(exc).__name__}: {exc}"
            ) from None
    scores = score_offences(
        docs, {key: [s["category"] for s in found] for key, found in predicted.items()}
    )
    report = build_report(
        scores,
        dataset=dataset,
        sha256=hashlib.sha256(raw).hexdigest(),
        documents=len(docs),
        tool=tool,
        version=manifest.version,
    )
    _print(report)
    if report_path is not None:
        report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"report written to {report_path}")
    if predictions_path is not None:
        lines = [
            json.dumps({"id": doc.id, "suggestions": predicted[doc.id]}, ensure_ascii=False) + "\n"
            for doc in docs
        ]
        predictions_path.write_text("".join(lines), encoding="utf-8")
        click.echo(f"predictions written to {predictions_path}")


def _cell(figures: dict[str, Any], k: int) -> str:
    lower, upper = figures[f"top{k}_interval"]
    return f"{figures[f'top{k}_accuracy']:>6.1%} ({lower:.0%}-{upper:.0%})"


def _print(report: dict[str, Any]) -> None:
    scored = report["overall"]["n"]
    click.echo(
        f"{report['tool']} {report['tool_version']} on {report['dataset']} "
        f"({report['documents']} documents, {scored} with an offence category; "
        f"SHA-256 {report['dataset_sha256']})"
    )
    ranks = report["ranks"]
    header = "".join(f"  {f'top-{k} (95% interval)':<20}" for k in ranks)
    click.echo(f"{'category':<16}{'n':>4}{header}".rstrip())
    rows = [*report["categories"].items(), ("overall", report["overall"])]
    for name, figures in rows:
        cells = "".join(f"  {_cell(figures, k):<20}" for k in ranks)
        click.echo(f"{name:<16}{figures['n']:>4}{cells}".rstrip())
    if report["unlabelled"]:
        click.echo(f"{report['unlabelled']} document(s) without an offence category not scored")
    click.echo(
        "A suggestion counts when its Home Office code falls in the document's category; "
        "top-3 is what the officer is shown (Police.AI's standard: top-3 >= 80% on its "
        "reference narratives)."
    )
