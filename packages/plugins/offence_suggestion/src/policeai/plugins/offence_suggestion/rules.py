"""The offence rules: for each Home Office classification, the cues that speak for it and
against it, with their weights, and the distinctions the Home Office Counting Rules draw.

A classification's score is the sum of the weights of its rules that hold. Only a
classification with at least one rule that quotes the narrative is suggested, so every
suggestion can be checked against the words that led to it. The weights are set by hand: a
classification's defining combination (property taken *with* force or a threat, for robbery)
weighs about 3 to 4, a supporting cue about 1, and a cue that points elsewhere counts against.

Distinctions drawn (HOCR):

- burglary residential (28E, 28F, 29A) and business and community (30C, 30D) by the building
  entered; a shed or garage counts with the home it belongs to, an allotment shed does not;
  attempted when entry failed or nothing was taken; aggravated with a weapon;
- robbery (34A business, 34B personal property) is a theft with force or the threat of force
  against a person; a snatch without it is theft from the person (39);
- theft *from* a vehicle (45) and theft *of* one (48); interfering with vehicles (126);
- assault with injury (8N) when an injury is described, without injury (105A) when none is or
  it is said there was none; serious or intended harm (5D); on a constable (8S, 104);
- harassment (8L) is repeated unwanted contact; stalking (8Q) is harassment with following,
  watching, loitering or turning up; a single offensive message is malicious communications;
- criminal damage by what was damaged: a home (58A), another building (58B), a vehicle (58C),
  anything else (58D);
- a blade or point carried in public (10D) and other offensive weapons (10C).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from policeai.plugins.offence_suggestion.evidence import VIOLENCE, Evidence, Match, meaning

#: How far apart (in words) two cues may be and still describe the same act.
CLOSE = 8
SAME_EVENT = 15


Held = tuple[str, list[Match]]


@dataclass(frozen=True)
class Has:
    """The narrative says ``cue`` (not negated)."""

    cue: str

    def test(self, evidence: Evidence) -> Held | None:
        found = evidence.first(self.cue)
        return (meaning(self.cue), [found]) if found else None


@dataclass(frozen=True)
class Several:
    """The narrative says ``cue`` in at least ``count`` different words or phrases."""

    cue: str
    count: int = 2

    def test(self, evidence: Evidence) -> Held | None:
        distinct: dict[str, Match] = {}
        for match in evidence.found.get(self.cue, ()):
            distinct.setdefault(match.text.lower(), match)
        if len(distinct) < self.count:
            return None
        return f"several {meaning(self.cue)}", list(distinct.values())


@dataclass(frozen=True)
class Near:
    """The narrative says ``a`` and ``b`` within ``window`` words of each other."""

    a: str
    b: str
    window: int = CLOSE

    def test(self, evidence: Evidence) -> Held | None:
        pair = evidence.near(self.a, self.b, self.window)
        return (f"{meaning(self.a)}, with {meaning(self.b)}", list(pair)) if pair else None


@dataclass(frozen=True)
class Closest:
    """Of the ``targets`` found within ``window`` words of an ``a`` match, ``target`` is the
    closest: what was damaged is the thing named nearest the damage."""

    a: str
    target: str
    targets: tuple[str, ...]
    window: int = 12

    def test(self, evidence: Evidence) -> Held | None:
        best: tuple[int, str, Match, Match] | None = None
        for candidate in self.targets:
            pair = evidence.near(self.a, candidate, self.window)
            if pair is None:
                continue
            gap = max(0, max(pair[0].first, pair[1].first) - min(pair[0].last, pair[1].last))
            if best is None or gap < best[0]:
                best = (gap, candidate, *pair)
        if best is None or best[1] != self.target:
            return None
        return f"{meaning(self.a)}, to {meaning(self.target)}", [best[2], best[3]]


@dataclass(frozen=True)
class Lacks:
    """The narrative does not say ``cue`` (quotes nothing, so never suggests by itself)."""

    cue: str

    def test(self, evidence: Evidence) -> Held | None:
        return None if evidence.has(self.cue) else (f"no mention of {meaning(self.cue)}", [])


@dataclass(frozen=True)
class All:
    """Every one of ``parts`` holds."""

    parts: tuple[Condition, ...]

    def test(self, evidence: Evidence) -> Held | None:
        descriptions: list[str] = []
        quoted: list[Match] = []
        for part in self.parts:
            held = part.test(evidence)
            if held is None:
                return None
            descriptions.append(held[0])
            quoted += held[1]
        return "; ".join(descriptions), quoted


@dataclass(frozen=True)
class Any:
    """The first of ``parts`` that holds."""

    parts: tuple[Condition, ...]

    def test(self, evidence: Evidence) -> Held | None:
        return next((held for part in self.parts if (held := part.test(evidence))), None)


Condition = Has | Several | Near | Closest | Lacks | All | Any


def has_all(*cues: str) -> All:
    return All(tuple(Has(cue) for cue in cues))


def any_of(*cues: str) -> Any:
    return Any(tuple(Has(cue) for cue in cues))


TAKEN = any_of("take", "missing")
FORCED_THEFT = Any(
    (
        Near("take", "threat", SAME_EVENT),
        Near("take", "force_person", SAME_EVENT),
        Near("take", VIOLENCE, SAME_EVENT),
    )
)
ENTRY_TO_VEHICLE = Near("entry", "vehicle", 6)
ROBBERY = Any((FORCED_THEFT, Has("robbery_word")))
Rules = list[tuple[float, Condition]]


def _burglary(building: str, other: str) -> Rules:
    """What burglary of one kind of building (``building``, not ``other``) rests on."""
    return [
        (3.0, Near("entry", building, 12)),
        (1.5, Has("entry")),
        (1.0, All((Has("entry"), TAKEN))),
        (2.5, All((Near("found_open", building, 12), TAKEN))),
        (3.5, All((Has("forced_opening"), Has("take"), Lacks("vehicle")))),
        (1.0, All((Has("forced_opening"), Has("take"), Has(building)))),
        (-2.5, Near("forced_opening", "vehicle", 6)),
        (1.0, All((Near("take", building, SAME_EVENT), Lacks("vehicle"), Lacks("shop")))),
        (-1.0, Has(other)),
        (-2.5, ENTRY_TO_VEHICLE),
        (-1.5, Has("shoplift")),
        (-1.5, Has("interfering")),
    ]


ATTEMPT: Rules = [
    (2.0, All((Has("entry"), any_of("attempt", "no_theft")))),
    (1.0, has_all("attempt", "no_theft")),
    (-1.5, Has("take")),
    (-1.0, Lacks("attempt")),
]
COMPLETED: Rules = [(-0.8, Has("attempt")), (-1.5, Has("no_theft"))]


TARGETS = ("dwelling", "nondwelling", "vehicle", "vehicle_part", "target_other", "outbuilding")


def _damage(*targets: str) -> Rules:
    """Criminal damage to one kind of property: the one named closest to the damage."""
    return [
        (2.0, Has("damage")),
        (2.5, Any(tuple(Closest("damage", target, TARGETS) for target in targets))),
        (0.5, Any(tuple(Near("damage", target, 2 * SAME_EVENT) for target in targets))),
        (-2.0, Has("take")),
        (-1.0, Has("entry")),
        (-1.0, Has(VIOLENCE)),
    ]


def _robbery(business: float) -> Rules:
    return [
        (3.5, FORCED_THEFT),
        (3.0, Has("robbery_word")),
        (1.0, All((any_of("robbery_word", "take"), Has("threat")))),
        (
            0.5,
            All((any_of("robbery_word", "take"), any_of("blade", "firearm", "improvised_weapon"))),
        ),
        (business, All((ROBBERY, Has("business_property")))),
        (-2.0, Near("entry", "dwelling", 12)),
        (-1.0, Has("shoplift")),
    ]


def _theft(core: Rules) -> Rules:
    """A theft other than robbery: force or a threat used to steal makes it a robbery."""
    return [*core, (-2.5, FORCED_THEFT), (-1.5, Has("robbery_word"))]


def _weapon(core: Rules) -> Rules:
    """Possession of a weapon: a weapon used in an assault or robbery is counted there."""
    return [*core, (-1.0, Has(VIOLENCE)), (-2.0, FORCED_THEFT), (-1.0, Has("robbery_word"))]


RULES: dict[str, Rules] = {
    # -- burglary ------------------------------------------------------------------------
    "28E": [
        *_burglary("dwelling", "nondwelling"),
        (1.0, All((Near("entry", "outbuilding", CLOSE), Lacks("nondwelling")))),
        *COMPLETED,
    ],
    "28F": [*_burglary("dwelling", "nondwelling"), *ATTEMPT],
    "29A": [
        *_burglary("dwelling", "nondwelling"),
        (3.0, All((Has("entry"), Has("dwelling"), any_of("blade", "firearm")))),
        (1.0, All((Has("entry"), any_of("threat", VIOLENCE)))),
        (-3.0, Lacks("blade")),
        *COMPLETED,
    ],
    "30C": [
        *_burglary("nondwelling", "dwelling"),
        (1.0, All((Near("entry", "outbuilding", CLOSE), Has("nondwelling")))),
        *COMPLETED,
    ],
    "30D": [*_burglary("nondwelling", "dwelling"), *ATTEMPT],
    # -- robbery -------------------------------------------------------------------------
    "34B": _robbery(-1.0),
    "34A": [*_robbery(1.5), (-1.5, Lacks("business_property"))],
    # -- theft ---------------------------------------------------------------------------
    "39": _theft(
        [
            (2.5, Has("snatch")),
            (1.0, Near("take", "snatch", 12)),
            (1.5, has_all("take", "crowded_place")),
            (-1.5, Has("entry")),
            (-1.0, Has("shoplift")),
        ]
    ),
    "40": _theft(
        [
            (3.0, has_all("residents", "take")),
            (0.5, has_all("dwelling", "take")),
            (-2.0, Has("entry")),
        ]
    ),
    "44": _theft(
        [
            (3.5, Near("take", "bike", CLOSE)),
            (2.0, Near("missing", "bike", CLOSE)),
            (1.0, All((Has("bike"), TAKEN))),
        ]
    ),
    "45": _theft(
        [
            (3.0, All((Has("from_vehicle"), TAKEN))),
            (3.0, Has("catalytic")),
            (2.5, ENTRY_TO_VEHICLE),
            (1.0, Near("take", "vehicle", SAME_EVENT)),
            (
                3.0,
                All(
                    (
                        Any((Near("damage", "vehicle_part", 6), Near("damage", "vehicle", 6))),
                        Has("take"),
                    )
                ),
            ),
            (1.5, All((Near("vehicle_contents", "vehicle", SAME_EVENT), Has("take")))),
            (
                2.5,
                All(
                    (
                        Has("vehicle"),
                        any_of("forced_opening", "damage"),
                        Has("take"),
                        Lacks("dwelling"),
                        Lacks("nondwelling"),
                    )
                ),
            ),
        ]
    ),
    "48": _theft(
        [
            (3.5, Has("vehicle_taken")),
            (1.0, Near("take", "vehicle", 1)),
            (1.0, Near("missing", "vehicle", 3)),
            (2.5, has_all("parked_vehicle", "missing")),
            (1.0, Near("take", "vehicle", SAME_EVENT)),
        ]
    ),
    "126": [
        (3.5, Has("interfering")),
        (1.0, has_all("interfering", "vehicle")),
        (-1.0, Has("take")),
    ],
    "46": _theft(
        [
            (3.5, Has("shoplift")),
            (3.0, has_all("shop", "take")),
            (2.5, has_all("shop", "concealing")),
            (0.5, has_all("shop", "shoplift")),
            (-1.0, Has("making_off")),
        ]
    ),
    "49A": _theft(
        [
            (3.0, has_all("without_paying", "making_off")),
            (1.0, Has("without_paying")),
            (-1.5, Has("shop")),
        ]
    ),
    "49": _theft([(2.0, Has("take")), (1.0, Has("missing"))]),
    "54": [(3.5, Has("handling"))],
    # -- violence against the person -----------------------------------------------------
    "8N": [
        (2.5, Has(VIOLENCE)),
        (2.5, has_all(VIOLENCE, "injury")),
        (2.0, has_all("fight", "injury")),
        (0.5, has_all(VIOLENCE, "weapon_used")),
        (0.5, has_all(VIOLENCE, "domestic")),
        (-2.5, Has("no_injury")),
        (-1.0, Has("constable")),
    ],
    "5D": [
        (2.0, Has(VIOLENCE)),
        (3.0, All((Has("serious_injury"), any_of(VIOLENCE, "fight", "injury")))),
        (1.0, has_all(VIOLENCE, "weapon_used")),
        (1.0, has_all("blade", VIOLENCE)),
        (-1.5, Has("no_injury")),
        (-1.5, Lacks("serious_injury")),
    ],
    "105A": [
        (2.5, Has(VIOLENCE)),
        (2.5, All((any_of(VIOLENCE, "fight", "spit"), Has("no_injury")))),
        (2.5, Has("spit")),
        (-1.5, Has("injury")),
        (-1.0, Has("constable")),
    ],
    "8S": [
        (3.5, Has("constable")),
        (1.5, has_all("constable", "injury")),
        (-2.0, Has("no_injury")),
    ],
    "104": [
        (3.5, Has("constable")),
        (1.0, has_all("constable", "no_injury")),
        (-1.5, Has("injury")),
    ],
    "8P": [
        (3.5, has_all("racial", VIOLENCE)),
        (1.0, has_all("racial", "injury")),
        (-2.0, Has("no_injury")),
    ],
    "105B": [
        (3.5, has_all("racial", VIOLENCE)),
        (1.0, has_all("racial", "no_injury")),
        (-1.0, Has("injury")),
    ],
    "3B": [(4.0, Has("threat_kill")), (0.5, has_all("threat_kill", "domestic"))],
    "36": [(4.0, Has("kidnap"))],
    "2": [(4.5, Has("attempted_murder"))],
    # -- stalking and harassment ---------------------------------------------------------
    "8L": [
        (2.5, Has("repeated_contact")),
        (1.0, All((Has("repeated_contact"), any_of("domestic", "neighbour")))),
        (1.0, has_all("repeated_contact", "communication")),
        (0.5, has_all("repeated_contact", "stalking")),
        (1.0, has_all("stalking", "communication")),
    ],
    "8Q": [
        (2.5, Has("stalking")),
        (1.5, has_all("stalking", "repeated_contact")),
        (0.5, has_all("stalking", "domestic")),
    ],
    "8R": [(3.0, Has("communication")), (0.5, has_all("communication", "repeated_contact"))],
    "8M": [(3.5, has_all("racial", "repeated_contact"))],
    # -- public order --------------------------------------------------------------------
    "9A": [(2.5, Has("disorder")), (0.5, has_all("disorder", "group")), (-1.0, Has("racial"))],
    "9B": [(4.0, has_all("racial", "disorder")), (1.0, has_all("racial", "group"))],
    "62A": [
        (3.0, Has("violent_disorder")),
        (2.0, has_all("group", "fight")),
        (1.0, has_all("group", "disorder")),
    ],
    # -- criminal damage and arson -------------------------------------------------------
    "58A": [*_damage("dwelling", "outbuilding"), (0.5, has_all("damage", "dwelling"))],
    "58B": [*_damage("nondwelling"), (0.5, has_all("damage", "nondwelling"))],
    "58C": [*_damage("vehicle", "vehicle_part"), (0.5, has_all("damage", "vehicle"))],
    "58D": _damage("target_other"),
    "56B": [(3.5, Has("arson")), (-1.5, Has("endanger_life"))],
    "56A": [(3.0, Has("arson")), (2.5, has_all("arson", "endanger_life"))],
    "59": [(3.5, Has("threat_damage"))],
    # -- drugs ---------------------------------------------------------------------------
    "92A": [
        (3.0, Has("supply")),
        (2.0, has_all("supply_signs", "drug")),
        (2.0, Several("supply_signs")),
        (1.0, All((Has("drug"), any_of("supply", "supply_signs")))),
    ],
    "92D": [
        (2.0, Has("hard_drug")),
        (1.5, has_all("hard_drug", "possession")),
        (-1.5, Has("supply")),
        (-1.0, Has("supply_signs")),
    ],
    "92E": [
        (2.0, Has("cannabis")),
        (1.5, has_all("cannabis", "possession")),
        (-1.5, Has("supply")),
        (-1.0, Has("supply_signs")),
    ],
    # -- possession of weapons -----------------------------------------------------------
    "10D": _weapon(
        [
            (2.5, Has("blade")),
            (1.5, has_all("blade", "carrying")),
            (1.0, has_all("blade", "possession")),
        ]
    ),
    "10C": _weapon(
        [
            (3.0, Has("offensive_weapon")),
            (1.0, Has("improvised_weapon")),
            (1.5, All((any_of("offensive_weapon", "improvised_weapon"), Has("carrying")))),
        ]
    ),
    "10B": [(3.0, Has("firearm")), (1.0, has_all("firearm", "carrying"))],
    "10A": [(2.0, Has("firearm")), (2.0, All((Has("firearm"), any_of("threat", VIOLENCE))))],
    # -- fraud ---------------------------------------------------------------------------
    "53C": [(2.0, Has("fraud")), (2.0, has_all("fraud", "card")), (0.8, has_all("card", "take"))],
    "53D": [(3.0, Has("fraud")), (-0.5, Has("card"))],
    "53F": [(3.0, All((Has("position"), any_of("fraud", "take"))))],
    "33A": [(3.5, Has("fraud_articles"))],
    # -- sexual offences -----------------------------------------------------------------
    "20A": [
        (3.0, Has("sexual_touching")),
        (0.5, has_all("sexual_touching", "female")),
        (-1.0, Has("rape")),
    ],
    "17A": [
        (3.0, Has("sexual_touching")),
        (0.5, has_all("sexual_touching", "male")),
        (-0.8, Has("female")),
        (-1.0, Has("rape")),
    ],
    "19C": [(4.0, Has("rape")), (0.5, has_all("rape", "female"))],
    "19F": [(4.0, Has("rape")), (0.5, has_all("rape", "male")), (-0.8, Has("female"))],
    "88A": [(4.0, Has("grooming"))],
    # -- other crimes against society ----------------------------------------------------
    "79": [(3.5, Has("perverting"))],
    "80": [(4.0, Has("absconding"))],
}

#: A classification is suggested only if a rule of at least this weight quotes the narrative.
MIN_QUOTED_WEIGHT = 1.0


@dataclass(frozen=True)
class Ranked:
    """A classification's score and the rules that made it, heaviest first."""

    code: str
    raw: float
    score: float
    reasons: tuple[tuple[float, str, tuple[Match, ...]], ...]


def _quote(matches: Sequence[Match]) -> str:
    seen: list[str] = []
    for match in matches:
        words = " ".join(match.text.split())
        if words and words not in seen:
            seen.append(words)
    return ", ".join(f"'{w}'" for w in seen)


def reason_text(ranked: Ranked, limit: int = 3) -> str:
    """The reason an officer reads: what the narrative says, in its own words, and the
    strongest point against."""
    parts: list[str] = []
    quoted: set[tuple[int, int]] = set()
    for weight, description, matches in ranked.reasons:
        spans = {(m.start, m.end) for m in matches}
        if weight <= 0 or len(parts) == limit or (spans and spans <= quoted):
            continue
        quoted |= spans
        parts.append(f"{description} ({_quote(matches)})" if matches else description)
    against = [
        f"{description} ({_quote(matches)})"
        for weight, description, matches in ranked.reasons
        if weight < 0 and matches
    ]
    text = "; ".join(parts)
    if against:
        text += "; but " + against[-1]
    return text[0].upper() + text[1:]


def rank(evidence: Evidence, temperature: float = 1.5) -> list[Ranked]:
    """Every classification with a rule that quotes the narrative, best first; each score is
    its share of a softmax over them and a 'none of these' option."""
    scored: list[tuple[float, str, list[tuple[float, str, tuple[Match, ...]]]]] = []
    for code, rules in RULES.items():
        raw = 0.0
        fired: list[tuple[float, str, tuple[Match, ...]]] = []
        for weight, condition in rules:
            held = condition.test(evidence)
            if held is None:
                continue
            raw += weight
            fired.append((weight, held[0], tuple(held[1])))
        if raw > 0 and any(w >= MIN_QUOTED_WEIGHT and quoted for w, _, quoted in fired):
            fired.sort(key=lambda item: -item[0])
            scored.append((raw, code, fired))
    scored.sort(key=lambda item: -item[0])
    none_of_these = math.exp(2.0 / temperature)
    denominator = none_of_these + sum(math.exp(raw / temperature) for raw, _, _ in scored)
    return [
        Ranked(code, raw, math.exp(raw / temperature) / denominator, tuple(fired))
        for raw, code, fired in scored
    ]
