"""The registry's transparency log: an append-only Merkle log with signed checkpoints.

* :mod:`.log`: the log in SQL tables, with roots and proofs for any tree size;
* :mod:`.leaves`: the records it holds (identifiers, times, codes, salted commitments);
* :mod:`.checkpoints`: signed tree heads in the C2SP checkpoint note format.

Proofs verify with :mod:`policeai.registry.merkle`'s ``verify_inclusion`` and
``verify_consistency``.
"""

from policeai.registry.transparency.checkpoints import (
    DEFAULT_ORIGIN,
    Checkpoint,
    sign_checkpoint,
    verify_checkpoint,
)
from policeai.registry.transparency.leaves import (
    InvocationDigest,
    LeafError,
    PersonalDataError,
    RegistryChange,
    commit,
    decode_leaf,
    encode_leaf,
    invocation_digest,
    new_salt,
    verify_commitment,
)
from policeai.registry.transparency.log import LogLeaf, LogRangeError, TransparencyLog

__all__ = [
    "DEFAULT_ORIGIN",
    "Checkpoint",
    "InvocationDigest",
    "LeafError",
    "LogLeaf",
    "LogRangeError",
    "PersonalDataError",
    "RegistryChange",
    "TransparencyLog",
    "commit",
    "decode_leaf",
    "encode_leaf",
    "invocation_digest",
    "new_salt",
    "sign_checkpoint",
    "verify_checkpoint",
    "verify_commitment",
]
