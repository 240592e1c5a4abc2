"""The tool's transparency records: its ATRS record (Tier 1 and Tier 2) and its release's
model card, with the figures measured on this release.

Figures (release 1.0.0, measured by the commands named; accuracy is the share of narratives
whose classification was among the suggestions, with 95% Wilson intervals):

- Police.AI's suite ``offence-suggestion-v1`` on ``demoshire-narratives-v1`` (60 narratives,
  exact Home Office code): top-1 68.3% (55.8-78.7%), top-3 83.3% (72.0-90.7%);
- ``policeai evaluate offence`` on the held-out evaluation test set (48 narratives, offence
  category): top-1 81.2% (68.1-89.8%), top-3 89.6% (77.8-95.5%);
- the same on the development set the rules were written against (66 narratives): top-1
  93.9% (85.4-97.6%), top-3 98.5% (91.9-99.7%) - a figure of fit, not of accuracy on new text.
"""

from __future__ import annotations

from typing import Any

from policeai.plugins.offence_suggestion import VERSION
from policeai.plugins.offence_suggestion.language import MODEL

SITE = "https://police-ai.example/registry/offence-suggester"
SUITE = "offence-suggestion-v1"
DATASET = "demoshire-narratives-v1"
FIGURES = (
    f"On {DATASET} (60 narratives, exact code, suite {SUITE}): top-1 68.3% (95% interval "
    "55.8-78.7%), top-3 83.3% (72.0-90.7%). On the held-out evaluation test set (48 "
    "narratives, offence category): top-1 81.2% (68.1-89.8%), top-3 89.6% (77.8-95.5%)."
)

ATRS: dict[str, Any] = {
    "tier1": {
        "name": "Offence suggester",
        "description": (
            "Suggests up to three Home Office offence classifications for a crime narrative, "
            "ranked, each with the narrative's own words that led to it; the recording officer "
            "chooses."
        ),
        "website": SITE,
        "contact_email": "certification@police-ai.example",
    },
    "tier2": {
        "owner_and_responsibility": {
            "organisation": "Police.AI",
            "team": "Crime recording tools",
            "senior_responsible_owner": "Head of Crime Recording Tools, Police.AI",
        },
        "description_and_rationale": {
            "detailed_description": (
                "The narrative is parsed by a small English language model (spaCy) for word "
                "lemmas, negation and who did what to whom. Written cue rules find what the "
                "narrative says (property taken, force or a threat against a person, entry to a "
                "home or to business premises, an injury, damage to a vehicle...) and weigh "
                "them for each classification, drawing the distinctions of the Home Office "
                "Counting Rules: dwelling or business burglary, robbery or theft, theft from or "
                "of a vehicle, harassment or stalking, assault with or without injury, a blade "
                "carried in public. The best-weighted classifications are suggested with the "
                "words that led to each."
            ),
            "scope": (
                "Crime recording in England and Wales: suggesting a classification for the "
                "Crime Recording Decision. Not for charging, risk or any decision about a "
                "person."
            ),
            "benefits": (
                "Quicker and more consistent classification of routine crimes, with the "
                "reason for each suggestion shown so the officer can check it."
            ),
            "previous_process": (
                "The officer chooses the classification from the Home Office Counting Rules "
                "list unaided; force crime registrars audit a sample."
            ),
            "alternatives_considered": (
                "Keyword matching (Police.AI's demonstration tool): set aside as it misses "
                "negation and who did what to whom (top-3 63.3% on the same reference "
                "narratives). A trained text classifier: set aside for now because it needs "
                "labelled narratives about real people and cannot show its reasons as words "
                "of the narrative."
            ),
        },
        "decision_making": {
            "process_integration": (
                "An officer asks for suggestions on a case; they appear beside the case's "
                "classification and change nothing until accepted."
            ),
            "provided_information": (
                "Up to three offence codes with descriptions, offence groups, scores and the "
                "words of the narrative that led to each, and the strongest point against."
            ),
            "frequency_and_scale": (
                "On request, once or twice per recorded crime, in forces that install it."
            ),
            "human_decisions_and_review": (
                "The recording officer accepts or rejects each suggestion, with a reason for a "
                "rejection; only an accepted suggestion enters the record, naming who accepted "
                "it. Supervisors review the tool's use across the force."
            ),
            "required_training": (
                "National Crime Recording Standard training and a short briefing on the tool's "
                "limits."
            ),
            "appeals_and_review": (
                "Classifications are audited by the force crime registrar as any other; a "
                "person may ask the force to review how their crime was recorded."
            ),
        },
        "tool_specification": {
            "system_architecture": (
                "A plugin run by each force's invocation gateway in a separate worker process, "
                "offline on the CPU; every use is recorded against this registry entry."
            ),
            "phase": "beta/pilot",
            "maintenance": (
                "Cue rules reviewed against changes to the counting rules and against the "
                "suggestions officers reject."
            ),
            "models": [
                {
                    "name": f"spaCy {MODEL} with weighted offence cue rules",
                    "version": VERSION,
                    "task": "Offence classification suggestion",
                    "input": "Crime narrative text (English)",
                    "output": (
                        "Ranked Home Office offence codes, each with the words that led to it"
                    ),
                    "architecture": (
                        "spaCy small English pipeline (tagger, parser, lemmatiser, named "
                        "entities) and hand-weighted cue rules per classification"
                    ),
                    "performance": FIGURES,
                    "datasets": [
                        DATASET,
                        "policeai-evaluation-test",
                        "policeai-evaluation-dev",
                    ],
                    "dataset_purposes": (
                        f"{DATASET} and the evaluation test set: evaluation only. The rules were "
                        "written and checked against the evaluation development set; no weight "
                        "was fitted on the reference or test narratives."
                    ),
                }
            ],
        },
        "data_specification": {
            "source_data_name": DATASET,
            "data_modality": ["text"],
            "data_description": (
                "Fictional crime narratives of the Demoshire demonstration force, each with "
                "the offence classification a crime registrar would give; and fictional 999 "
                "call logs, statements and officer reports of the evaluation sets, each with "
                "an offence category."
            ),
            "data_quantities": (
                "60 reference narratives with an offence code; 48 test and 66 development "
                "narratives with an offence category"
            ),
            "sensitive_attributes": "None: the narratives and people are fictional.",
            "completeness_and_representativeness": (
                "Weighted to theft and burglary, as recorded crime is; several offence groups "
                "have fewer than five reference narratives, so their figures are uncertain. "
                "Sexual offences, fraud and rarer classifications are barely represented."
            ),
            "data_collection": "Written for the demonstration force and the evaluation sets.",
            "data_access_and_storage": "Published with the platform's source code.",
            "data_sharing_agreements": "None needed: no real personal data.",
        },
        "risks_and_mitigations": {
            "impact_assessments": [
                {
                    "name": "Data protection impact assessment",
                    "description": (
                        "Demonstration DPIA: narratives are personal data in live use; the tool "
                        "runs inside the force, offline, and keeps nothing."
                    ),
                    "completed_on": "2026-01-26",
                }
            ],
            "risks": [
                {
                    "name": "A wrong suggestion is accepted without thought",
                    "mitigation": (
                        "Nothing enters the record until the officer accepts it, each "
                        "suggestion quotes the words that led to it and the point against it, "
                        "and acceptance rates are published per force."
                    ),
                },
                {
                    "name": "A negation or an unusual phrasing is missed",
                    "mitigation": (
                        "Simple negation is handled and stated as a limit; the officer reads "
                        "the narrative and the quoted words."
                    ),
                },
                {
                    "name": "Narratives in some styles are classified less well",
                    "mitigation": (
                        "Accuracy is reported per offence group and narrative length; a kind of "
                        "narrative that falls short is a reason to withdraw the tool for it."
                    ),
                },
            ],
        },
    },
}

MODEL_CARD: dict[str, Any] = {
    "intended_use": (
        "Suggest Home Office offence classifications for a crime narrative for the recording "
        "officer to choose from; never to classify without a person deciding."
    ),
    # As Police.AI's suite names them: results must be reported by every factor listed here.
    "factors": ["offence group", "narrative length"],
    "metrics": [
        "top-3 accuracy (the standard: at least 80%) with a 95% Wilson interval",
        "top-1 accuracy and accuracy at ranks 1 to 5, for scrutiny",
        "top-1 and top-3 accuracy against the offence category on the evaluation test set",
    ],
    "evaluation_data": (
        f"{DATASET}: the demonstration force's 60 narratives with an offence code, named by the "
        "SHA-256 of the file; and the held-out evaluation test set (48 narratives: 999 call "
        "logs, statements and officer reports, each with an offence category)."
    ),
    "training_data": (
        "None fitted: the cue rules and their weights are written by hand and were checked "
        "against the 66-narrative evaluation development set only."
    ),
    "quantitative_analyses": (
        FIGURES + " On the development set the rules were written against: top-1 93.9%, "
        "top-3 98.5% (fit, not accuracy on new text). The keyword baseline on the reference "
        "narratives: top-1 46.7%, top-3 63.3%."
    ),
    "ethical_considerations": (
        "A confident-looking suggestion may anchor the officer's judgement; every suggestion "
        "therefore quotes the narrative. The narratives describe fictional people only."
    ),
    "caveats_and_recommendations": (
        "Written rules cover about 60 common classifications and the ways of saying them seen "
        "in development; an unusual phrasing may give no suggestion or a wrong one. Simple "
        "negation is understood, intent, consent and ownership only as far as the words say. "
        "The officer must read the narrative and decide."
    ),
}
