"""``policeai evaluate``: measure a record-entry, redaction or offence tool on a labelled data
set in the shared evaluation format (:mod:`policeai.core.evaluation.dataset`).

Each subcommand prints its figures, and can write its report as JSON (what the registry's
reliability step records) and its predictions as JSON Lines.
"""

from __future__ import annotations

import click

from policeai.cli.evaluate_offence import offence
from policeai.cli.evaluate_record_entry import record_entry
from policeai.cli.evaluate_redaction import redaction


@click.group()
def evaluate() -> None:
    """Measure a tool on a labelled data set (JSON Lines, the shared evaluation format)."""


evaluate.add_command(record_entry)
evaluate.add_command(redaction)
evaluate.add_command(offence)
