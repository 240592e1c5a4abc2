"""The record-entry tool's transparency record (ATRS, Tier 1 and Tier 2) and model card.

The figures in the model card were measured with ``policeai evaluate record-entry`` on the
development set (``dev.jsonl``, the only text the rules were tuned on) and on the held-out
test set (``test.jsonl``), both in ``policeai/core/evaluation/data`` and named here by the
SHA-256 of their bytes. The registry's reliability suite ``record-entry-v1`` measures the
held-out set again for each release.
"""

from __future__ import annotations

from typing import Any

from policeai.plugins.record_entry import VERSION
from policeai.plugins.record_entry.extract import MODEL

SITE = "https://police-ai.example/registry/record-entry"
SUITE = "record-entry-v1"
DEV_SET = "record-entry-dev-v1"
TEST_SET = "record-entry-test-v1"
DEV_SHA256 = "b3fd9ff92c828502f1d2ea34d498985e47fd5bd5100b0d24445a553a490b1584"
TEST_SHA256 = "d70d2cb30a090d36e7c5a62e6f2d40c44fa6f4e0cbefc9f59dd68a22e1193480"

#: The factors the figures are disaggregated by (as the reliability suite names them).
FACTORS = ["narrative style", "label"]

ATRS: dict[str, Any] = {
    "tier1": {
        "name": "Record entry",
        "description": (
            "Reads a statement, a 999-call note or an officer's report and proposes the "
            "fields of the crime record it contains (people and their roles, addresses, "
            "vehicles, telephone numbers, times, places, weapons and property values), each "
            "with the words it came from; the officer accepts, corrects or rejects each one."
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
                "UK identifier patterns find postcodes, vehicle registration marks, telephone "
                "numbers (written in E.164 form), e-mail addresses, National Insurance "
                "numbers and sums of money; word rules find people after titles and cues such "
                "as 'caller' or 'my name is', house numbers before a street, weapons and named "
                "places; spaCy's small English model adds names, places and dates, reading a "
                "copy of notes written in capitals or lower case with names re-capitalised. "
                "Times such as 'last night' are resolved against the time of the report in UK "
                "local time. Each field carries its span of text and a confidence."
            ),
            "scope": (
                "Data entry for crime recording in England and Wales: proposing fields for the "
                "officer to check. Not for deciding anything about a person, and not for "
                "searching or profiling."
            ),
            "benefits": (
                "Less re-typing of what a statement or note already says, fewer mistyped "
                "identifiers, and identifiers in one form so that records link up."
            ),
            "previous_process": (
                "The officer or a crime recording clerk reads the narrative and types each "
                "field into the record by hand."
            ),
            "alternatives_considered": (
                "A trained named-entity model: set aside for now because it needs labelled "
                "real crime records to train on; rules and a general-purpose model explain "
                "every field by the text it came from and need no personal data to build."
            ),
        },
        "decision_making": {
            "process_integration": (
                "An officer asks for proposed fields on a statement of a case; they appear "
                "beside the statement, each with its text highlighted, and change nothing "
                "until accepted."
            ),
            "provided_information": (
                "Each field's label, normalised value, text span, confidence and, where "
                "written, a person's role, date of birth, age and address or a vehicle's "
                "make, model and colour."
            ),
            "frequency_and_scale": (
                "On request, once or twice per statement, in forces that install it."
            ),
            "human_decisions_and_review": (
                "The officer accepts, edits or rejects each field, giving a reason for a "
                "rejection; only an accepted field enters the record, naming who accepted it. "
                "Supervisors review the tool's use and acceptance rates across the force."
            ),
            "required_training": (
                "Crime recording training and a short briefing on the tool's limits, in "
                "particular that names and roles must be checked against the statement."
            ),
            "appeals_and_review": (
                "Records are audited by the force crime registrar as any other; a person may "
                "ask the force to correct what is recorded about them."
            ),
        },
        "tool_specification": {
            "system_architecture": (
                "A plugin run by each force's invocation gateway in a separate worker "
                "process, offline on the CPU; every use is recorded against this registry "
                "entry."
            ),
            "phase": "beta/pilot",
            "maintenance": (
                "Rules and word lists reviewed against the reliability suite's misses on each "
                "release; the held-out test set is never used to tune them."
            ),
            "models": [
                {
                    "name": f"spaCy {MODEL} with UK identifier and record-entry rules",
                    "version": VERSION,
                    "task": "Extracting crime-record fields from free text",
                    "input": "One statement, 999-call note or officer's report, and its time",
                    "output": "Labelled text spans with normalised values and confidences",
                    "architecture": (
                        "Regular expressions and word lists, with spaCy's small English "
                        "pipeline (CNN tagger and entity recogniser) for names, places and "
                        "dates, and dateparser for times"
                    ),
                    "performance": (
                        f"Measured by Police.AI's suite {SUITE} on {TEST_SET}: overall F1 "
                        "0.931 under overlap matching (0.872 exact); see the model card and "
                        "the reliability results in this registry entry."
                    ),
                    "datasets": [DEV_SET, TEST_SET],
                    "dataset_purposes": (
                        f"{DEV_SET}: writing and tuning the rules. {TEST_SET}: held-out "
                        "evaluation only. spaCy's model was trained by its authors on "
                        "general English (OntoNotes 5); it was not retrained."
                    ),
                }
            ],
        },
        "data_specification": {
            "source_data_name": f"{DEV_SET} and {TEST_SET}",
            "data_modality": ["text"],
            "data_description": (
                "Fictional 999-call notes (in capitals), witness and victim statements and "
                "officers' reports (in lower case shorthand), each with every field marked "
                "by hand in the shared evaluation format."
            ),
            "data_quantities": (
                "Development: 66 narratives, 436 labelled spans. Held-out test: 48 "
                "narratives, 543 labelled spans; 16 of each narrative style."
            ),
            "sensitive_attributes": (
                "None recorded: the narratives and people are fictional, and telephone "
                "numbers are in Ofcom's ranges for drama."
            ),
            "completeness_and_representativeness": (
                "The development set is set in West Yorkshire. Small: labels with "
                "fewer than 20 spans (National Insurance numbers, e-mail addresses, weapons) "
                "have wide intervals. Real notes are longer and messier than these."
            ),
            "data_collection": "Written for the platform's evaluation.",
            "data_access_and_storage": "Published with the platform's source code.",
            "data_sharing_agreements": "None needed: no real personal data.",
        },
        "risks_and_mitigations": {
            "impact_assessments": [
                {
                    "name": "Data protection impact assessment",
                    "description": (
                        "Demonstration DPIA: statements are personal data in live use; the "
                        "tool keeps nothing, runs inside the force and sends nothing out."
                    ),
                    "completed_on": "2026-01-26",
                }
            ],
            "risks": [
                {
                    "name": "A wrong field is accepted without being checked",
                    "mitigation": (
                        "Nothing enters the record until the officer accepts it; each field "
                        "shows the text it came from and its confidence, and acceptance "
                        "rates are published per force."
                    ),
                },
                {
                    "name": "A person is given the wrong role",
                    "mitigation": (
                        "Roles are proposals read from the words before a name; the officer "
                        "sets the role on acceptance, and the limitation is stated."
                    ),
                },
                {
                    "name": "Names from some backgrounds are missed more often",
                    "mitigation": (
                        "Name lists cover many languages and cues such as 'caller' and 'my "
                        "name is' find names in no list; recall is measured per label and "
                        "narrative style on every release."
                    ),
                },
            ],
        },
    },
}

MODEL_CARD: dict[str, Any] = {
    "intended_use": (
        "Propose crime-record fields from a statement, 999-call note or officer's report, each "
        "with its text, for the recording officer to accept, correct or reject; never to "
        "enter anything into a record without a person deciding."
    ),
    "factors": FACTORS,
    "metrics": [
        "overall micro-averaged F1 under overlap matching (the standard: at least 0.75), with "
        "a 95% bootstrap interval over documents; the same under exact matching for scrutiny",
        "recall per label under overlap matching with a 95% Wilson interval (the standard: at "
        "least 0.9 for VRM, POSTCODE, PHONE, EMAIL and NINO; at least 0.8 for PERSON and DOB)",
        "precision, recall and F1 per label and per narrative style, for scrutiny",
    ],
    "evaluation_data": (
        f"{TEST_SET} (policeai/core/evaluation/data/test.jsonl, SHA-256 {TEST_SHA256}): 48 "
        "held-out fictional narratives, 16 each of 999-call notes, statements and officers' "
        "reports, with 543 labelled spans; never used to tune the tool."
    ),
    "training_data": (
        f"No model was trained. The rules were written and tuned on {DEV_SET} "
        f"(policeai/core/evaluation/data/dev.jsonl, SHA-256 {DEV_SHA256}; 66 narratives, 436 "
        "spans). spaCy's en_core_web_sm was trained by its authors on OntoNotes 5. The name "
        "lists come from the Faker project's person providers (MIT licence)."
    ),
    "quantitative_analyses": (
        "Measured with `policeai evaluate record-entry` and the suite record-entry-v1. "
        "Held-out test set (48 narratives, 543 spans), overlap matching: F1 0.931 (95% "
        "interval 0.914 to 0.946), precision 0.963, recall 0.901; exact matching: F1 0.872 "
        "(0.847 to 0.897), precision 0.902, recall 0.843. Recall by label (overlap): VRM, "
        "POSTCODE, PHONE, EMAIL, NINO, DOB and PROPERTY_VALUE 1.000; ADDRESS 0.941; PERSON "
        "0.866 (0.793 to 0.916); DATETIME 0.872; LOCATION 0.754; WEAPON 0.640. F1 by "
        "narrative style (overlap): 999 calls 0.955, statements 0.931, officers' reports "
        "0.915. Development set (66 narratives, 436 spans; the rules were tuned on it, so "
        "these figures are optimistic): overlap F1 0.990, exact F1 0.983; every standard "
        "label's recall 1.000; LOCATION recall 0.891. Every figure the standard requires "
        "passes on both sets."
    ),
    "ethical_considerations": (
        "A proposed field may be accepted without being read; a name missed or a role "
        "misread could leave a victim or witness out of a record or misdescribe them. Names "
        "outside the name lists depend on cues and capital letters, so recall may differ by "
        "background: it is measured per release. The narratives describe fictional people."
    ),
    "caveats_and_recommendations": (
        "English only; tuned on West Yorkshire-style notes. Weakest on weapons and places "
        "(recall 0.64 and 0.75 on the held-out set) and on names in capitals or lower case "
        "with no cue. Telephone numbers are formatted, not checked to exist; phrases such as "
        "'every day' are left unresolved. Small evaluation sets: several labels' intervals are "
        "wide. The officer must check every field against the text."
    ),
}
