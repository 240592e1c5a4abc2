"""Every hook a Police.AI tool may implement. Names carry the project's prefix.

The invocation gateway calls these hooks, one plugin at a time, with validated typed input;
it validates what comes back before anything reaches a case. Arguments belong to the
gateway: a plugin must not keep or mutate them. A plugin returns ``None`` from a hook it
does not implement for this input, and raises ``ValueError`` for input it cannot handle,
with a message a person can act on. Hooks evolve only by gaining arguments.
"""

from __future__ import annotations

from policeai.core.plugins import hookspec
from policeai.core.plugins.manifest import Manifest
from policeai.core.plugins.types import (
    LfrAdjudication,
    LfrAlert,
    LfrDeploymentReport,
    OffenceSuggestionRequest,
    OffenceSuggestions,
    ProposedFields,
    Receipt,
    RecordEntryRequest,
    RedactionRequest,
    RedactionResult,
    SummariseRequest,
    Summary,
)


@hookspec
def policeai_manifest() -> Manifest:
    """Return the plugin's manifest: who publishes it, what it does, what data it may see.

    Called once when the plugin is loaded; the manifest is validated and a plugin whose
    manifest is invalid is refused with a message naming the field.
    """


@hookspec(firstresult=True)
def policeai_summarise(request: SummariseRequest) -> Summary | None:
    """Summarise the request's documents (capability ``summarise``).

    Return a :class:`Summary` whose every sentence points at the span of its source
    sentence; keep who, what, when and where.
    """


@hookspec(firstresult=True)
def policeai_propose_record_fields(request: RecordEntryRequest) -> ProposedFields | None:
    """Propose crime-record fields from free text (capability ``record_entry``).

    Return :class:`ProposedFields`; every field carries the text span it came from and a
    confidence in [0, 1]. Relative times are resolved against ``request.report_time``.
    """


@hookspec(firstresult=True)
def policeai_suggest_offences(request: OffenceSuggestionRequest) -> OffenceSuggestions | None:
    """Suggest Home Office offence classifications for a narrative (``offence_suggestion``).

    Return at most ``request.limit`` suggestions, best first, each with its reason, for the
    officer to choose from.
    """


@hookspec(firstresult=True)
def policeai_redact(request: RedactionRequest) -> RedactionResult | None:
    """Redact personal data from documents for disclosure (capability ``redaction``).

    Return every document with its redactions; the same person must get the same
    pseudonym across the case's documents. Raise rather than return a partial result:
    redaction fails closed.
    """


@hookspec(firstresult=True)
def policeai_lfr_alert(alert: LfrAlert) -> Receipt | None:
    """Accept an alert from an LFR edge device (capability ``lfr_adapter``).

    Return a :class:`Receipt` saying whether the alert was accepted and under what reference.
    """


@hookspec(firstresult=True)
def policeai_lfr_adjudication(adjudication: LfrAdjudication) -> Receipt | None:
    """Accept a trained officer's adjudication of an LFR alert (capability ``lfr_adapter``)."""


@hookspec(firstresult=True)
def policeai_lfr_deployment_report(report: LfrDeploymentReport) -> Receipt | None:
    """Accept an LFR deployment's figures: faces seen, alerts, true and false alerts."""
