"""The analyser: Microsoft Presidio with the spaCy model and UK recognisers, on one text.

The analyser engine's recognisers are chosen, not Presidio's defaults: spaCy's named-entity
recogniser for names (run on a case-restored copy of the text, see :mod:`.text`), Presidio's
UK recognisers (postcode, registration mark, National Insurance, NHS, passport and driving
licence numbers), its payment card, IBAN and IP address recognisers (all checksummed or
strict), and this tool's own recognisers for UK postcodes, registration marks, telephone
numbers, National Insurance numbers, e-mail addresses, dates of birth, street addresses and
names. Presidio's United States recognisers (SSN, driving licence, bank, passport, ITIN) are
left out: they fire on UK numbers. So are its e-mail, URL, date and telephone recognisers,
which this tool replaces (the first two fetch a public suffix list over the network).
"""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngine, NlpEngineProvider, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    IpRecognizer,
    NhsRecognizer,
    UkDrivingLicenceRecognizer,
    UkNinoRecognizer,
    UkPassportRecognizer,
    UkPostcodeRecognizer,
    UkVehicleRegistrationRecognizer,
)

from policeai.plugins.redaction import MODEL
from policeai.plugins.redaction.addresses import UkAddressRecogniser
from policeai.plugins.redaction.dates import CANDIDATE, DateOfBirthRecogniser
from policeai.plugins.redaction.lexicon import Lexicon
from policeai.plugins.redaction.names import ModelNameRecogniser, UkNameRecogniser
from policeai.plugins.redaction.recognisers import (
    EmailRecogniser,
    UkNinoRecogniser,
    UkPhoneRecogniser,
    UkPostcodeRecogniser,
    UkVrmRecogniser,
)
from policeai.plugins.redaction.text import restore_case

LANGUAGE = "en"
#: A finding scoring below this is not redacted (a date of birth candidate may still be).
THRESHOLD = 0.4

#: Presidio's entity names -> the labels of this tool's redactions.
LABELS = {
    "UK_POSTCODE": "POSTCODE",
    "UK_VEHICLE_REGISTRATION": "VRM",
    "UK_NINO": "NINO",
    "UK_NHS": "NHS_NUMBER",
    "UK_PASSPORT": "PASSPORT",
    "UK_DRIVING_LICENCE": "DRIVING_LICENCE",
    "CREDIT_CARD": "PAYMENT_CARD",
    "IBAN_CODE": "BANK_ACCOUNT",
    "IP_ADDRESS": "IP_ADDRESS",
}
#: Which label keeps a character two findings claim: the first in this order.
PRIORITY = (
    "EMAIL",
    "NINO",
    "PHONE",
    "POSTCODE",
    "VRM",
    "PAYMENT_CARD",
    "BANK_ACCOUNT",
    "NHS_NUMBER",
    "PASSPORT",
    "DRIVING_LICENCE",
    "IP_ADDRESS",
    "DOB",
    "ADDRESS",
    "PERSON",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """Personal data found in a text: its label, where it is (end exclusive), the score."""

    label: str
    start: int
    end: int
    score: float


#: The model's entity labels other than PERSON: dates, places and organisations are not
#: redacted (a street address is found by its own recogniser).
_OTHER_MODEL_LABELS = (
    "CARDINAL",
    "DATE",
    "EVENT",
    "FAC",
    "GPE",
    "LANGUAGE",
    "LAW",
    "LOC",
    "MONEY",
    "NORP",
    "ORDINAL",
    "ORG",
    "PERCENT",
    "PRODUCT",
    "QUANTITY",
    "TIME",
    "WORK_OF_ART",
)


def create_nlp_engine() -> NlpEngine:
    """Presidio's spaCy engine on the installed model; only PERSON entities are kept."""
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": LANGUAGE, "model_name": MODEL}],
            "ner_model_configuration": {
                "model_to_presidio_entity_mapping": {"PERSON": "PERSON"},
                "labels_to_ignore": list(_OTHER_MODEL_LABELS),
                "low_score_entity_names": [],
            },
        }
    )
    return provider.create_engine()


class Analyser:
    """Finds personal data in one text. Build once: loading the model takes seconds."""

    def __init__(self, nlp_engine: NlpEngine | None = None) -> None:
        self.nlp_engine = nlp_engine or create_nlp_engine()
        if not isinstance(self.nlp_engine, SpacyNlpEngine) or not self.nlp_engine.nlp:
            raise TypeError("the analyser needs Presidio's spaCy engine, loaded")
        self.lexicon = Lexicon.from_pipeline(self.nlp_engine.nlp[LANGUAGE])
        recognisers = [
            ModelNameRecogniser(self.lexicon),
            UkNameRecogniser(self.lexicon),
            UkAddressRecogniser(self.lexicon),
            DateOfBirthRecogniser(),
            UkPostcodeRecogniser(),
            UkVrmRecogniser(self.lexicon),
            UkNinoRecogniser(),
            UkPhoneRecogniser(),
            EmailRecogniser(),
            UkPostcodeRecognizer(),
            UkVehicleRegistrationRecognizer(),
            UkNinoRecognizer(),
            NhsRecognizer(),
            UkPassportRecognizer(),
            UkDrivingLicenceRecognizer(),
            CreditCardRecognizer(),
            IbanRecognizer(),
            IpRecognizer(),
        ]
        registry = RecognizerRegistry(recognizers=recognisers, supported_languages=[LANGUAGE])
        self.analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=self.nlp_engine, supported_languages=[LANGUAGE]
        )

    def find(self, text: str) -> list[Finding]:
        """Every finding in ``text`` at or above the threshold, offsets into ``text``."""
        restored = restore_case(text, self.lexicon)
        artifacts = self.nlp_engine.process_text(restored, LANGUAGE)
        results = self.analyzer.analyze(
            text=text, language=LANGUAGE, nlp_artifacts=artifacts, score_threshold=0.0
        )
        findings: list[Finding] = []
        for result in results:
            finding = self._finding(result)
            if finding is not None:
                findings.append(finding)
        return self._dates_after_names(text, findings)

    @staticmethod
    def _finding(result: RecognizerResult) -> Finding | None:
        label = LABELS.get(result.entity_type, result.entity_type)
        if result.score < THRESHOLD and not (label == "DOB" and result.score >= CANDIDATE):
            return None
        return Finding(label, result.start, result.end, result.score)

    @staticmethod
    def _dates_after_names(text: str, findings: list[Finding]) -> list[Finding]:
        """A full date right after a name is that person's date of birth; other low-scoring
        dates are dropped."""
        name_ends = {f.end for f in findings if f.label == "PERSON"}
        kept = []
        for finding in findings:
            if finding.label == "DOB" and finding.score < THRESHOLD:
                gap_start = finding.start
                while gap_start > 0 and text[gap_start - 1] in " ,:-(":
                    gap_start -= 1
                if gap_start not in name_ends or finding.start - gap_start > 3:
                    continue
            kept.append(finding)
        return kept
