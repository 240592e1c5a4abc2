"""Turn the platform's plain data into what the case page shows: the timeline with who did
what and where each fact came from, entities by role, linked cases with their reasons, and the
Crime Recording Decision's deadline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from policeai.core.cases.entities import ROLES
from policeai.web.ui.templating import as_datetime, entity_key_text, relative, when

EVENT_TITLES = {
    "CaseOpened": "Case opened",
    "CrimeClassified": "Crime classified",
    "StatementAdded": "Statement added",
    "EntityRecorded": "Entity recorded",
    "OfficerAssigned": "Officer assigned",
    "OutcomeRecorded": "Outcome recorded",
    "CaseClosed": "Case closed",
    "CaseReopened": "Case reopened",
    "EntityErased": "Personal data erased",
    "SuggestionAdded": "AI suggestions received",
    "SuggestionAccepted": "AI suggestion accepted",
    "SuggestionRejected": "AI suggestion rejected",
}


def short(identifier: Any) -> str:
    return str(identifier)[:8]


def entity_words(entity: dict[str, Any]) -> str:
    """``vehicle DS19KXE`` or ``person Jane Okafor``."""
    kind = entity.get("subtype") or entity.get("entity_type") or "entity"
    shown = entity.get("name") or ", ".join((entity.get("identifiers") or {}).values())
    return f"{kind} {shown}".strip()


def provenance_of(
    provenance: dict[str, Any] | None, name_of: Callable[[str], str]
) -> dict[str, Any]:
    """Where a fact came from: typed by a person, or accepted from which invocation of which
    registry entry (and release and certificate)."""
    if not provenance or provenance.get("source") != "accepted":
        return {"source": "typed", "text": "Typed by a person"}
    invocation = provenance.get("invocation_id", "")
    return {
        "source": "accepted",
        "text": (
            f"Accepted{' with edits' if provenance.get('edited') else ''} by "
            f"{name_of(provenance.get('accepted_by', ''))} from invocation {short(invocation)} of "
            f"{provenance.get('registry_entry_id')} {provenance.get('release_version')} "
            f"(certificate {provenance.get('certificate_id')})"
        ),
        "invocation_id": invocation,
        "registry_entry_id": provenance.get("registry_entry_id"),
        "plugin_id": provenance.get("plugin_id"),
        "release_version": provenance.get("release_version"),
        "certificate_id": provenance.get("certificate_id"),
        "accepted_by": provenance.get("accepted_by"),
    }


def _item_labels(case: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {
        (s["suggestion_id"], item["item_id"]): item["label"]
        for s in case.get("suggestions", [])
        for item in s["items"]
    }


def _entity_summary(data: dict[str, Any], case: dict[str, Any]) -> str:
    entity = {e["entity_id"]: e for e in case.get("entities", [])}.get(data.get("entity_id", ""))
    shown = (
        entity_words(entity)
        if entity
        else f"{data.get('subtype') or data.get('entity_type')} [erased]"
    )
    return f"Recorded {shown} as {data.get('role')}"


def _suggestions_summary(data: dict[str, Any]) -> str:
    invocation = data.get("invocation") or {}
    count = len(data.get("items") or [])
    return (
        f"{invocation.get('plugin_id')} {invocation.get('release_version')} suggested "
        f"{count} item{'' if count == 1 else 's'} (invocation "
        f"{short(invocation.get('invocation_id'))}); nothing is on the record until a "
        "person accepts it"
    )


def _with(prefix: str, value: Any) -> str:
    return prefix + (f": {value}" if value else "")


#: What each event says in the timeline, from its data (and the case, and item labels).
SUMMARIES: dict[str, Callable[[dict[str, Any], dict[str, Any], str], str]] = {
    "CaseOpened": lambda d, c, _: f"Opened {d.get('reference')} at {d.get('location')}",
    "CrimeClassified": lambda d, c, _: (
        f"Classified as {d.get('offence_code')} {d.get('offence_description')}"
    ),
    "StatementAdded": lambda d, c, _: f"Added a {d.get('kind', 'statement')} by {d.get('author')}",
    "EntityRecorded": lambda d, c, _: _entity_summary(d, c),
    "OfficerAssigned": lambda d, c, _: f"Assigned to {d.get('officer')}",
    "OutcomeRecorded": lambda d, c, _: (
        f"Outcome {d.get('outcome_code')}: {d.get('outcome_title')}"
        + (f" ({d['note']})" if d.get("note") else "")
    ),
    "CaseClosed": lambda d, c, _: _with("Closed the case", d.get("reason")),
    "CaseReopened": lambda d, c, _: _with("Reopened the case", d.get("reason")),
    "EntityErased": lambda d, c, _: _with("Erased an entity's personal data", d.get("reason")),
    "SuggestionAdded": lambda d, c, _: _suggestions_summary(d),
    "SuggestionAccepted": lambda d, c, label: (
        f"Accepted the suggestion {label}" + (" with edits" if d.get("edits") else "")
    ),
    "SuggestionRejected": lambda d, c, label: f"Rejected the suggestion {label}: {d.get('reason')}",
}


def _summary(
    event: dict[str, Any], case: dict[str, Any], labels: dict[tuple[str, str], str]
) -> str:
    data = event["data"]
    label = labels.get((data.get("suggestion_id", ""), data.get("item_id", "")), "an item")
    summarise = SUMMARIES.get(event["event"])
    return summarise(data, case, label) if summarise else event["event"]


def timeline(
    history: list[dict[str, Any]], case: dict[str, Any], name_of: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Every event of the case, newest first, with who did it, why, and where facts came from.

    For an accepted or rejected suggestion, the invocation and registry entry come from the
    suggestion it decided."""
    labels = _item_labels(case)
    invocations = {s["suggestion_id"]: s["invocation"] for s in case.get("suggestions", [])}
    rows = []
    for event in history:
        data = event["data"]
        provenance = event.get("provenance")
        source = provenance_of(provenance, name_of) if provenance else None
        if event["event"] == "SuggestionAdded":
            source = _invocation_source(data.get("invocation") or {})
        elif event["event"] in {"SuggestionAccepted", "SuggestionRejected"}:
            source = _invocation_source(invocations.get(data.get("suggestion_id", ""), {}))
        rows.append(
            {
                "version": event["version"],
                "at": event["at"],
                "title": EVENT_TITLES.get(event["event"], event["event"]),
                "event": event["event"],
                "actor": event["actor"],
                "actor_name": name_of(event["actor"]),
                "purpose": event["purpose"],
                "summary": _summary(event, case, labels),
                "source": source,
            }
        )
    return list(reversed(rows))


def _invocation_source(invocation: dict[str, Any]) -> dict[str, Any] | None:
    if not invocation:
        return None
    return {
        "source": "invocation",
        "text": (
            f"Invocation {short(invocation.get('invocation_id'))} of "
            f"{invocation.get('registry_entry_id')} {invocation.get('release_version')} "
            f"(certificate {invocation.get('certificate_id')})"
        ),
        "invocation_id": invocation.get("invocation_id"),
        "registry_entry_id": invocation.get("registry_entry_id"),
        "plugin_id": invocation.get("plugin_id"),
        "release_version": invocation.get("release_version"),
        "certificate_id": invocation.get("certificate_id"),
    }


def entities_by_role(entities: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in entities:
        grouped[entity["role"]].append(entity)
    order = [*ROLES, *sorted(set(grouped) - set(ROLES))]
    return [(role, grouped[role]) for role in order if grouped.get(role)]


def linked_cases(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per linked case, with every reason it is linked."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        linked = found.setdefault(
            str(row["case_id"]),
            {"case_id": row["case_id"], "reference": row["reference"], "reasons": []},
        )
        linked["reasons"].append(
            {
                "shared": entity_key_text(row["key"]),
                "role_here": row["role_here"],
                "role_there": row["role_there"],
                "display": row["display"],
            }
        )
    return sorted(found.values(), key=lambda c: c["reference"])


def crime_recording_decision(case: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The Crime Recording Decision: due 24 hours after the report; made when classified."""
    now = now or datetime.now(UTC)
    due = as_datetime(case["crd_due"])
    made = as_datetime(case.get("classified_at"))
    if made is not None:
        on_time = due is not None and made <= due
        return {
            "state": "made",
            "text": f"Made {when(made)}, {'within' if on_time else 'after'} the 24-hour deadline "
            f"({when(due)})",
            "overdue": False,
        }
    if case.get("crd_overdue"):
        return {
            "state": "overdue",
            "text": f"It was due {when(due)} ({relative(due, now)})",
            "overdue": True,
        }
    return {
        "state": "due",
        "text": f"Due by {when(due)} ({relative(due, now)})",
        "overdue": False,
    }


def quote_source(
    case: dict[str, Any], source: dict[str, Any] | None, margin: int = 40
) -> dict[str, str] | None:
    """The words a suggestion came from, with a little context either side."""
    if not source:
        return None
    doc_id = str(source.get("doc_id", ""))
    texts = {
        str(case["case_id"]): ("the narrative", case["narrative"]),
        "narrative": ("the narrative", case["narrative"]),
    }
    for statement in case.get("statements", []):
        texts[str(statement["statement_id"])] = (
            f"the {statement['kind']} by {statement['author']}",
            statement["text"],
        )
    if doc_id not in texts:
        return None
    where, text = texts[doc_id]
    start, end = int(source.get("start", 0)), int(source.get("end", 0))
    if not 0 <= start <= end <= len(text):
        return None
    return {
        "where": where,
        "before": ("…" if start > margin else "") + text[max(0, start - margin) : start],
        "match": text[start:end],
        "after": text[end : end + margin] + ("…" if end + margin < len(text) else ""),
    }
