"""``policeai evaluate offence``: how often an offence suggestion tool's suggestions fall in a
data set's offence categories.

The tool is called through the plugin host on each document's text, as the gateway would, for
as many suggestions as an officer is shown (three). Each suggested Home Office code is mapped to
its evaluation category (:data:`policeai.core.evaluation.offence.CODE_CATEGORIES`); top-1 and
top-3 accuracy are reported overall and per gold category, each with a 95% Wilson interval.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from policeai.cli.evaluation import evaluation_command, read_dataset, tool_for, write_outputs
from policeai.core.cases.offences import UnknownOffenceError
from policeai.core.errors import PoliceAIError
from policeai.core.evaluation.dataset import EvalDocument
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


@evaluation_command(
    "offence",
    tool="offence-suggester",
    kind="offence suggestion",
    predicted="suggestions ({id, suggestions})",
)
def offence(
    dataset: Path, report_path: Path | None, predictions_path: Path | None, tool: str
) -> None:
    """Measure an offence suggestion tool on DATASET: top-1 and top-3 accuracy against each
    document's offence category, overall and per category, with 95% Wilson intervals."""
    sha256, docs = read_dataset(dataset)
    if not any(doc.offence_category for doc in docs):
        raise click.ClickException(
            f"the data set {dataset} holds no document with an offence_category to score against"
        )
    host = PluginHost()
    manifest = tool_for(host, tool, CAPABILITY, "suggest offences")
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
        sha256=sha256,
        documents=len(docs),
        tool=tool,
        version=manifest.version,
    )
    _print(report)
    predictions = ({"id": doc.id, "suggestions": predicted[doc.id]} for doc in docs)
    write_outputs(report, report_path, predictions, predictions_path)


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
