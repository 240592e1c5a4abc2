"""The tool's transparency records: its ATRS record (Tier 1 and Tier 2) and its release's
model card, with the figures measured on this release.

Figures (release 1.0.0, Police.AI's suite ``summarisation-v1`` on the held-out evaluation test
set, 48 narratives summarised alone and 15 multi-document cases; 95% Wilson intervals, a
bootstrap interval for the compression ratio):

- source attribution 100% (98.1-100%) of summary sentences;
- coverage of the gold people 57.0% (50.3-63.5%), times 72.7% (65.3-79.0%), places 73.9%
  (67.1-79.7%), all three 67.1% (63.1-70.9%);
- compression ratio (summary characters over source characters) 0.607 (0.568-0.650).

The first sentences of each document (the same segmentation, as many as the tool may give)
cover 58.7% (54.5-62.7%) at a compression ratio of 0.634.
"""

from __future__ import annotations

from typing import Any

from policeai.plugins.summarisation import VERSION
from policeai.plugins.summarisation.language import MODEL

SITE = "https://police-ai.example/registry/summariser"
SUITE = "summarisation-v1"
DATASET = "policeai-evaluation-test"
FIGURES = (
    f"On {DATASET} (suite {SUITE}: 48 narratives alone, 15 multi-document cases): source "
    "attribution 100% (95% interval 98.1-100%); coverage of gold people 57.0% (50.3-63.5%), "
    "times 72.7% (65.3-79.0%), places 73.9% (67.1-79.7%), all 67.1% (63.1-70.9%); compression "
    "ratio 0.607 (0.568-0.650). Taking the first sentences instead covers 58.7% (54.5-62.7%) "
    "at a ratio of 0.634."
)

ATRS: dict[str, Any] = {
    "tier1": {
        "name": "Summariser",
        "description": (
            "Summarises a long statement or a case's documents by choosing the sentences that "
            "say who, what, when and where; each sentence cites the exact place in the document "
            "it comes from."
        ),
        "website": SITE,
        "contact_email": "certification@police-ai.example",
    },
    "tier2": {
        "owner_and_responsibility": {
            "organisation": "Police.AI",
            "team": "Investigation support tools",
            "senior_responsible_owner": "Head of Investigation Support Tools, Police.AI",
        },
        "description_and_rationale": {
            "detailed_description": (
                "A small English language model (spaCy) finds the sentences of each document, "
                "with a fallback that splits text typed without punctuation at the words that "
                "start a new clause in control-room logs. Each sentence is described by the "
                "people, times, places and offence actions it mentions (named entities and "
                "patterns for police text). Sentences are chosen one at a time for what they "
                "add that the summary does not yet say, less a penalty for repeating a chosen "
                "sentence, and returned in the documents' order, copied exactly."
            ),
            "scope": (
                "Reading support for officers and supervisors reviewing a case. Not a record of "
                "what a witness said: the statements themselves remain the record."
            ),
            "benefits": (
                "Quicker review of long statements and of cases with several documents, with "
                "every sentence traceable to its source."
            ),
            "previous_process": "The officer reads every document in full.",
            "alternatives_considered": (
                "A generative summariser: set aside because it may state what no document says "
                "and cannot cite an exact source for each sentence. Taking the first sentences: "
                "covers fewer of the people, times and places (58.7% against 67.1%)."
            ),
        },
        "decision_making": {
            "process_integration": (
                "An officer asks for a summary of a case's documents; it is offered as a "
                "document for the case and enters it only when the officer accepts it."
            ),
            "provided_information": (
                "Up to the requested number of sentences, each with the document and character "
                "span it comes from."
            ),
            "frequency_and_scale": "On request, when a case is reviewed or handed over.",
            "human_decisions_and_review": (
                "The officer reads the summary against its sources and accepts or rejects it; "
                "no decision about a person is taken from the summary."
            ),
            "required_training": "A short briefing on what an extractive summary leaves out.",
            "appeals_and_review": (
                "The source documents remain on the case; a summary can be rejected or "
                "replaced at any time."
            ),
        },
        "tool_specification": {
            "system_architecture": (
                "A plugin run by each force's invocation gateway in a separate worker process, "
                "offline on the CPU; every use is recorded against this registry entry."
            ),
            "phase": "beta/pilot",
            "maintenance": "Patterns for times and places reviewed as police text changes.",
            "models": [
                {
                    "name": f"spaCy {MODEL} with greedy who-what-when-where selection",
                    "version": VERSION,
                    "task": "Extractive summarisation",
                    "input": "One or more documents of a case (English text)",
                    "output": "Sentences copied from the documents, each with its source span",
                    "architecture": (
                        "spaCy small English pipeline (parser, named entities, lemmatiser), "
                        "patterns for times and places, greedy coverage selection with a "
                        "redundancy penalty"
                    ),
                    "performance": FIGURES,
                    "datasets": [DATASET, "policeai-evaluation-dev"],
                    "dataset_purposes": (
                        "The evaluation test set: evaluation only. The selection weights were "
                        "set by hand and checked on the development set."
                    ),
                }
            ],
        },
        "data_specification": {
            "source_data_name": DATASET,
            "data_modality": ["text"],
            "data_description": (
                "Fictional 999 call logs, witness statements and officer reports, each with its "
                "people, times, places and addresses marked."
            ),
            "data_quantities": "48 test narratives (and 66 development narratives)",
            "sensitive_attributes": "None: the narratives and people are fictional.",
            "completeness_and_representativeness": (
                "Short narratives (about 50 words) in three styles; long statements and real "
                "case files are not represented, so figures for them are not known."
            ),
            "data_collection": "Written for the evaluation sets.",
            "data_access_and_storage": "Published with the platform's source code.",
            "data_sharing_agreements": "None needed: no real personal data.",
        },
        "risks_and_mitigations": {
            "impact_assessments": [
                {
                    "name": "Data protection impact assessment",
                    "description": (
                        "Demonstration DPIA: statements are personal data in live use; the tool "
                        "runs inside the force, offline, and keeps nothing."
                    ),
                    "completed_on": "2026-01-26",
                }
            ],
            "risks": [
                {
                    "name": "A fact that matters is left out",
                    "mitigation": (
                        "The summary is a reading aid beside its sources, never a replacement; "
                        "coverage is measured and published."
                    ),
                },
                {
                    "name": "A sentence is read out of its context",
                    "mitigation": (
                        "Every sentence cites its source span, so the officer can read it in "
                        "place; sentences are given in the documents' order."
                    ),
                },
            ],
        },
    },
}

MODEL_CARD: dict[str, Any] = {
    "intended_use": (
        "Summarise a statement or a case's documents for an officer or supervisor reviewing "
        "the case, each sentence citing its source; never a substitute for the documents."
    ),
    # As Police.AI's suite names them: results must be reported by every factor listed here.
    "factors": ["request", "narrative style"],
    "metrics": [
        "source attribution (the standard: 100% of sentences) with a 95% Wilson interval",
        "coverage of gold people, times and places, with 95% Wilson intervals",
        "compression ratio with a bootstrap interval",
    ],
    "evaluation_data": (
        f"{DATASET}: the held-out evaluation test set of 48 narratives (999 call logs, "
        "statements and officer reports), summarised alone and as 15 multi-document cases."
    ),
    "training_data": (
        "None fitted: selection weights and patterns are written by hand and were checked on "
        "the evaluation development set only."
    ),
    "quantitative_analyses": FIGURES,
    "ethical_considerations": (
        "What a summary leaves out can shape how a case is seen; the summary is offered "
        "beside its sources and the officer decides whether to keep it."
    ),
    "caveats_and_recommendations": (
        "Extractive: it copies sentences and cannot resolve 'he' or 'she' across them. People, "
        "times and places are found by a small general model and patterns, and missed more "
        "often in text typed in capitals. Figures come from short fictional narratives. Read "
        "the sources before relying on the summary."
    ),
}
