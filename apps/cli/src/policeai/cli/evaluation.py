"""What the ``policeai evaluate`` commands share: their arguments and options, reading the data
set, finding the tool, and writing the report and the predictions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from policeai.core.evaluation.dataset import DatasetError, EvalDocument, load_dataset
from policeai.core.plugins.host import PluginHost
from policeai.core.plugins.manifest import Manifest

F = TypeVar("F", bound=Callable[..., Any])


def evaluation_command(name: str, *, tool: str, kind: str, predicted: str) -> Callable[[F], F]:
    """A ``policeai evaluate NAME DATASET [--json] [--predictions] [--tool]`` command.

    ``kind`` says what the tool is ("record-entry"), ``predicted`` what ``--predictions``
    writes ("fields ... ({id, entities})")."""

    def decorate(function: F) -> F:
        for option in reversed(
            (
                click.command(name),
                click.argument("dataset", type=click.Path(dir_okay=False, path_type=Path)),
                click.option(
                    "--json",
                    "report_path",
                    type=click.Path(dir_okay=False, path_type=Path),
                    help="Write the report here as JSON.",
                ),
                click.option(
                    "--predictions",
                    "predictions_path",
                    type=click.Path(dir_okay=False, path_type=Path),
                    help=f"Write the tool's {predicted} here as JSON Lines.",
                ),
                click.option(
                    "--tool",
                    default=tool,
                    show_default=True,
                    help=f"The id of the installed {kind} plugin to measure.",
                ),
            )
        ):
            function = option(function)
        return function

    return decorate


def read_dataset(dataset: Path) -> tuple[str, list[EvalDocument]]:
    """The data set file's SHA-256 and its documents; a clear error if it is unusable."""
    try:
        raw = dataset.read_bytes()
        docs = load_dataset(dataset)
    except DatasetError as exc:
        raise click.ClickException(f"the data set is not valid: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot read the data set {dataset}: {exc.strerror}") from None
    if not docs:
        raise click.ClickException(f"the data set {dataset} holds no documents")
    return hashlib.sha256(raw).hexdigest(), docs


def tool_for(host: PluginHost, tool: str, capability: str, does: str) -> Manifest:
    """The manifest of ``tool``, which must be loaded and have ``capability``."""
    if tool not in host.loaded and tool in host.refused:
        raise click.ClickException(f"the tool {tool!r} could not be loaded: {host.refused[tool]}")
    manifest = host.get(tool).manifest
    if capability not in manifest.capabilities:
        raise click.ClickException(
            f"the tool {tool!r} does not {does} (its capabilities: "
            f"{', '.join(manifest.capabilities)})"
        )
    return manifest


def write_outputs(
    report: dict[str, Any],
    report_path: Path | None,
    predictions: Iterable[dict[str, Any]],
    predictions_path: Path | None,
) -> None:
    """Write the report (JSON) and the predictions (JSON Lines) where asked, and say so."""
    if report_path is not None:
        report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"report written to {report_path}")
    if predictions_path is not None:
        predictions_path.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions),
            encoding="utf-8",
        )
        click.echo(f"predictions written to {predictions_path}")
