"""Home Office offence classifications (Home Office Counting Rules, "HOCR").

A commonly recorded subset of the notifiable offence classifications, each with the
ONS / Home Office offence group it is counted under. Codes and descriptions follow the
classification lists published with the police recorded crime open data tables. Burglary and
vehicle offences are counted in "Theft offences", as the ONS groups them. Since 2013 most fraud
is recorded centrally by Action Fraud under NFIB classes; the police 53-series fraud classes
listed here remain for frauds a force investigates itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from policeai.core.errors import PoliceAIError

__all__ = [
    "OFFENCES",
    "OFFENCE_GROUPS",
    "Offence",
    "UnknownOffenceError",
    "get_offence",
]

VIOLENCE = "Violence against the person"
SEXUAL = "Sexual offences"
ROBBERY = "Robbery"
THEFT = "Theft offences"
DAMAGE = "Criminal damage and arson"
DRUGS = "Drug offences"
WEAPONS = "Possession of weapons offences"
PUBLIC_ORDER = "Public order offences"
SOCIETY = "Miscellaneous crimes against society"
FRAUD = "Fraud offences"

OFFENCE_GROUPS: tuple[str, ...] = (
    VIOLENCE,
    SEXUAL,
    ROBBERY,
    THEFT,
    DAMAGE,
    DRUGS,
    WEAPONS,
    PUBLIC_ORDER,
    SOCIETY,
    FRAUD,
)


class UnknownOffenceError(PoliceAIError):
    """The offence code is not a Home Office classification this platform knows."""


@dataclass(frozen=True, slots=True)
class Offence:
    """One Home Office offence classification."""

    code: str
    description: str
    group: str

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


_CLASSIFICATIONS: tuple[tuple[str, str, str], ...] = (
    # Violence against the person: violence with injury
    ("2", "Attempted murder", VIOLENCE),
    ("5D", "Assault with intent to cause serious harm", VIOLENCE),
    ("8N", "Assault with injury", VIOLENCE),
    ("8P", "Racially or religiously aggravated assault with injury", VIOLENCE),
    ("8S", "Assault with injury on a constable", VIOLENCE),
    # Violence against the person: violence without injury
    ("3B", "Threats to kill", VIOLENCE),
    ("36", "Kidnapping", VIOLENCE),
    ("104", "Assault without injury on a constable", VIOLENCE),
    ("105A", "Assault without injury", VIOLENCE),
    ("105B", "Racially or religiously aggravated assault without injury", VIOLENCE),
    # Violence against the person: stalking and harassment
    ("8L", "Harassment", VIOLENCE),
    ("8M", "Racially or religiously aggravated harassment", VIOLENCE),
    ("8Q", "Stalking", VIOLENCE),
    ("8R", "Malicious communications", VIOLENCE),
    # Sexual offences
    ("17A", "Sexual assault on a male aged 13 and over", SEXUAL),
    ("19C", "Rape of a female aged 16 and over", SEXUAL),
    ("19F", "Rape of a male aged 16 and over", SEXUAL),
    ("20A", "Sexual assault on a female aged 13 and over", SEXUAL),
    ("88A", "Sexual grooming", SEXUAL),
    # Robbery
    ("34A", "Robbery of business property", ROBBERY),
    ("34B", "Robbery of personal property", ROBBERY),
    # Theft offences: burglary
    ("28E", "Burglary - residential", THEFT),
    ("28F", "Attempted burglary - residential", THEFT),
    ("29A", "Aggravated burglary - residential", THEFT),
    ("30C", "Burglary - business and community", THEFT),
    ("30D", "Attempted burglary - business and community", THEFT),
    # Theft offences: vehicle offences
    ("45", "Theft from a vehicle", THEFT),
    ("48", "Theft or unauthorised taking of a motor vehicle", THEFT),
    ("126", "Interfering with a motor vehicle", THEFT),
    # Theft offences: other theft
    ("39", "Theft from the person", THEFT),
    ("40", "Theft in a dwelling other than from an automatic machine or meter", THEFT),
    ("44", "Theft or unauthorised taking of a pedal cycle", THEFT),
    ("46", "Shoplifting", THEFT),
    ("49", "Other theft", THEFT),
    ("49A", "Making off without payment", THEFT),
    # Criminal damage and arson
    ("56A", "Arson endangering life", DAMAGE),
    ("56B", "Arson not endangering life", DAMAGE),
    ("58A", "Criminal damage to a dwelling", DAMAGE),
    ("58B", "Criminal damage to a building other than a dwelling", DAMAGE),
    ("58C", "Criminal damage to a vehicle", DAMAGE),
    ("58D", "Other criminal damage", DAMAGE),
    # Drug offences
    ("92A", "Trafficking in controlled drugs", DRUGS),
    ("92D", "Possession of controlled drugs (excluding cannabis)", DRUGS),
    ("92E", "Possession of controlled drugs (cannabis)", DRUGS),
    # Possession of weapons offences
    ("10A", "Possession of firearms with intent", WEAPONS),
    ("10B", "Possession of firearms offences", WEAPONS),
    ("10C", "Possession of other weapons", WEAPONS),
    ("10D", "Possession of article with blade or point", WEAPONS),
    # Public order offences
    ("9A", "Public fear, alarm or distress", PUBLIC_ORDER),
    ("9B", "Racially or religiously aggravated public fear, alarm or distress", PUBLIC_ORDER),
    ("62A", "Violent disorder", PUBLIC_ORDER),
    # Miscellaneous crimes against society
    ("33A", "Making, supplying or possessing articles for use in fraud", SOCIETY),
    ("54", "Handling stolen goods", SOCIETY),
    ("59", "Threat or possession with intent to commit criminal damage", SOCIETY),
    ("79", "Perverting the course of justice", SOCIETY),
    ("80", "Absconding from lawful custody", SOCIETY),
    # Fraud offences (police-recorded classes)
    (
        "53C",
        "Fraud by false representation: cheque, plastic card and online bank accounts",
        FRAUD,
    ),
    ("53D", "Fraud by false representation: other frauds", FRAUD),
    ("53F", "Fraud by abuse of position", FRAUD),
)

OFFENCES: dict[str, Offence] = {
    code: Offence(code=code, description=description, group=group)
    for code, description, group in _CLASSIFICATIONS
}


def get_offence(code: str) -> Offence:
    """Return the classification for ``code``, matched case-insensitively after a strip."""
    key = str(code).strip().upper()
    offence = OFFENCES.get(key)
    if offence is None:
        raise UnknownOffenceError(
            f"unknown Home Office offence code {code!r}: see the offence list"
        )
    return offence
