"""The cues the tool looks for in a narrative: words (by lemma) and phrases (patterns over the
lower-cased text), each with what it means in words an officer can check.

A cue says one thing about what happened ("property was taken", "a home", "force against a
person"); the offence rules (:mod:`.rules`) weigh cues and their combinations. Patterns are
regular expressions over the lower-cased narrative and may span several words; police
shorthand (``s/o``, ``ip``, ``veh``, ``o/s``, ``w/o``, statute sections) is written into them.
Verbs whose meaning depends on who did what to whom (a kick to a person is an assault, to a car
it is damage; "taken to hospital" is not a theft) are resolved by :mod:`.evidence` from the
dependency parse, using the word lists at the end of this module.
"""

from __future__ import annotations

from policeai.plugins.offence_suggestion.cue import Cue, words
from policeai.plugins.offence_suggestion.cues_conduct import CONDUCT_CUES
from policeai.plugins.offence_suggestion.cues_property import PROPERTY_CUES

__all__ = ["CUES", "Cue", "words"]

#: Every cue, by name (:mod:`.cues_property` and :mod:`.cues_conduct`).
CUES: dict[str, Cue] = {**PROPERTY_CUES, **CONDUCT_CUES}

# -- word lists for who did what to whom (used with the dependency parse) --------------------

#: Verbs of violence; whether each is an assault or damage depends on what it was done to.
VIOLENT_VERBS = words(
    "punch kick hit headbutt head-butt stamp slap strike beat attack assault push shove bite "
    "strangle choke throttle stab batter thump smack elbow knee glass bottle whack kick batter "
    "scratch smash break"
)
#: Violent verbs that are an assault whatever their object (never done to a thing).
PERSONAL_VERBS = words(
    "punch headbutt head-butt slap assault strangle choke throttle stab batter thump attack bite"
)
PERSON_WORDS = words(
    "i me him her them us you he she they we ip victim man woman male female boy girl lad "
    "lads child son daughter wife husband partner girlfriend boyfriend friend mother mum dad "
    "father brother sister neighbour staff officer pc constable guard driver passenger "
    "customer someone people person manager marshal doorman bouncer cashier student pupil "
    "teacher nurse paramedic myself himself herself colleague members"
)
BODY_PARTS = words(
    "head face nose jaw arm leg back body rib ribs eye mouth neck chest stomach ear cheek lip "
    "shoulder hand throat skull"
)
THING_WORDS = words(
    "door window car van vehicle mirror windscreen tyre fence gate wall shutter glass bin "
    "panel bonnet wheel screen sign light camera shed garage property bike"
)
#: Uses of "take" that are not a theft ("taken to hospital", "took a statement").
TAKE_NOT_THEFT = words(
    "to into place part photo photos picture pictures statement statements details note "
    "notes care ill off advantage control charge time hold look seat aim cover"
)
