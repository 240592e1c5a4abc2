"""What a cue is, and the pattern fragments the cue modules share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """One thing a narrative can say, and the words and phrases that say it."""

    meaning: str
    lemmas: frozenset[str] = frozenset()
    patterns: tuple[str, ...] = ()
    #: Whether a negation ("not", "nothing", "no", "nil") before the words cancels the cue.
    negatable: bool = True


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


VEHICLE_MAKES = (
    "ford vauxhall vw volkswagen bmw audi mercedes merc toyota nissan honda kia hyundai peugeot "
    "renault citroen skoda seat fiat volvo lexus jaguar tesla mazda suzuki yamaha kawasaki "
    "porsche mitsubishi subaru dacia landrover"
)
VEHICLE_MODELS = (
    "fiesta focus kuga transit corsa astra insignia vivaro golf polo passat octavia fabia "
    "prius yaris qashqai juke micra clio megane sprinter"
)
#: UK registration marks: current, prefix and suffix styles (lower case, spaced or not).
VRM = r"\b(?:[a-z]{2}\d{2} ?[a-z]{3}|[a-z]\d{1,3} ?[a-z]{3}|[a-z]{3} ?\d{1,3}[a-z])\b"
POSS = r"(?:my|his|her|their|our|the|a|an|ip'?s|the ip'?s|the victim'?s|victim'?s)"
PERSON_OBJ = (
    r"(?:me|him|her|them|us|you|ip|the ip|the victim|victim|the man|the woman|the male|the female)"
)
