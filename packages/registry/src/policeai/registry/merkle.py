"""Merkle tree hashing, proofs and proof verification as RFC 6962 / RFC 9162 define them.

This module is the public verification API of the registry's transparency log. It needs
nothing but the Python standard library, so an auditor can copy it and check the log's
tree heads and proofs without installing (or trusting) the rest of the platform.

Hashing (RFC 6962 section 2.1, RFC 9162 section 2.1.1), with SHA-256 as ``HASH``:

* the hash of the empty tree is ``HASH()``, SHA-256 of the empty string;
* a leaf is ``HASH(0x00 || entry)``;
* an interior node is ``HASH(0x01 || left || right)``, where a tree of ``n > 1`` entries is
  split at ``k``, the largest power of two smaller than ``n``: the left subtree holds the
  first ``k`` entries and the right subtree the remaining ``n - k``.

Proofs are lists of 32-byte node hashes, ordered from the leaf level upwards, exactly as
RFC 6962's ``PATH(m, D[n])`` and ``PROOF(m, D[n])`` produce them. The two verifiers follow
the step-by-step algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2. They return ``False``
for every input they cannot accept, malformed or not, and never raise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = [
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "root_hash",
    "verify_consistency",
    "verify_inclusion",
]

_HASH_SIZE = 32
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"
_EMPTY_ROOT = hashlib.sha256(b"").digest()
# RFC 9162 carries tree sizes and leaf indexes as uint64.
_MAX_TREE_SIZE = 2**64 - 1


def leaf_hash(entry: bytes) -> bytes:
    """Return the RFC 6962 leaf hash of ``entry``: ``SHA-256(0x00 || entry)``.

    Raises:
        TypeError: ``entry`` is not a bytes-like object.
    """
    digest = hashlib.sha256(_LEAF_PREFIX)
    digest.update(entry)
    return digest.digest()


def _node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 6962 interior node hash ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(size: int) -> int:
    """Return the largest power of two strictly smaller than ``size`` (``size >= 2``)."""
    return 1 << ((size - 1).bit_length() - 1)


def _subtree_root(hashes: Sequence[bytes], start: int, end: int) -> bytes:
    """Return ``MTH(D[start:end])`` from the leaf hashes of ``D``, without recursion.

    Pairing neighbours level by level and carrying a lone last node up unchanged builds
    the same tree as RFC 6962's split at the largest power of two below the size: each
    left subtree is a complete tree of ``k`` leaves, so only the right edge ever has an
    unpaired node.
    """
    if start == end:
        return _EMPTY_ROOT
    sha256, prefix = hashlib.sha256, _NODE_PREFIX
    level = list(hashes[start:end])
    while len(level) > 1:
        paired = [
            sha256(prefix + left + right).digest()
            for left, right in zip(level[0::2], level[1::2], strict=False)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _leaf_hashes(entries: Sequence[bytes]) -> list[bytes]:
    """Return the leaf hashes of ``entries``, in order (the hot loop of every computation)."""
    sha256, prefix = hashlib.sha256, _LEAF_PREFIX
    try:
        return [sha256(prefix + entry).digest() for entry in entries]
    except TypeError:  # bytes-like entries that do not concatenate, such as memoryview
        return [leaf_hash(entry) for entry in entries]


def root_hash(entries: Sequence[bytes]) -> bytes:
    """Return the Merkle Tree Hash ``MTH(D[n])`` of the raw ``entries`` (not their hashes).

    The root of the empty tree is SHA-256 of the empty string. The computation is iterative
    and linear in the number of entries: a million entries take a few seconds at most.

    Raises:
        TypeError: an entry is not a bytes-like object.
    """
    hashes = _leaf_hashes(entries)
    return _subtree_root(hashes, 0, len(hashes))


def _require_int(value: object, name: str) -> None:
    """Raise TypeError unless ``value`` is an int (and not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")


def inclusion_proof(entries: Sequence[bytes], index: int) -> list[bytes]:
    """Return the audit path ``PATH(index, D[n])`` of RFC 6962 section 2.1.1.

    The path lists, from the leaf level upwards, the hashes of the sibling subtrees needed
    to recompute the root from the leaf at ``index``. A tree of one entry has an empty path.

    Raises:
        ValueError: ``index`` is not in ``range(len(entries))``.
        TypeError: ``index`` is not an int, or an entry is not a bytes-like object.
    """
    _require_int(index, "index")
    size = len(entries)
    if not 0 <= index < size:
        raise ValueError(f"index {index} is out of range for a tree of {size} entries")
    hashes = _leaf_hashes(entries)
    # PATH(m, D[lo:hi]) = PATH(m, D[lo:lo+k]) : MTH(D[lo+k:hi])   if m < lo + k
    #                   = PATH(m, D[lo+k:hi]) : MTH(D[lo:lo+k])   otherwise.
    # Walking down from the root collects the siblings top-down; the path lists them
    # bottom-up, so reverse at the end.
    siblings: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        middle = start + _split(end - start)
        if index < middle:
            siblings.append(_subtree_root(hashes, middle, end))
            end = middle
        else:
            siblings.append(_subtree_root(hashes, start, middle))
            start = middle
    siblings.reverse()
    return siblings


def consistency_proof(entries: Sequence[bytes], old_size: int) -> list[bytes]:
    """Return the consistency proof ``PROOF(old_size, D[n])`` of RFC 6962 section 2.1.2.

    The proof shows that the tree of the first ``old_size`` entries is a prefix of the tree
    of all ``n = len(entries)`` entries; it is ``SUBPROOF(old_size, D[n], true)``. For
    ``old_size`` 0 (everything extends the empty tree) and ``old_size == n`` (a tree is
    consistent with itself) the proof is empty.

    Raises:
        ValueError: ``old_size`` is negative or greater than ``len(entries)``.
        TypeError: ``old_size`` is not an int, or an entry is not a bytes-like object.
    """
    _require_int(old_size, "old_size")
    size = len(entries)
    if not 0 <= old_size <= size:
        raise ValueError(f"old_size {old_size} is out of range for a tree of {size} entries")
    if old_size in (0, size):
        return []
    hashes = _leaf_hashes(entries)
    # SUBPROOF(m, D[m], true)  = {}
    # SUBPROOF(m, D[m], false) = {MTH(D[m])}
    # SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])          if m <= k
    #                      = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  if m > k
    # As for the audit path, the nodes come out top-down and the proof lists them bottom-up.
    nodes: list[bytes] = []
    start, end, remaining, whole_old_tree = 0, size, old_size, True
    while remaining != end - start:
        middle = start + _split(end - start)
        if remaining <= middle - start:
            nodes.append(_subtree_root(hashes, middle, end))
            end = middle
        else:
            nodes.append(_subtree_root(hashes, start, middle))
            remaining -= middle - start
            start = middle
            whole_old_tree = False
    if not whole_old_tree:
        nodes.append(_subtree_root(hashes, start, end))
    nodes.reverse()
    return nodes


def _is_size(value: object) -> bool:
    """Tell whether ``value`` is a plain int in RFC 9162's uint64 range."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_TREE_SIZE


def _is_hash(value: object) -> bool:
    """Tell whether ``value`` is a 32-byte ``bytes`` or ``bytearray``."""
    return isinstance(value, bytes | bytearray) and len(value) == _HASH_SIZE


def _as_hashes(proof: object) -> list[bytes] | None:
    """Return the proof as a list of 32-byte ``bytes``, or None if it is not such a list."""
    if isinstance(proof, str | bytes | bytearray | memoryview) or not isinstance(proof, Sequence):
        return None
    try:
        nodes = list(proof)
    except Exception:  # a Sequence with a broken __iter__/__getitem__ is just bad input
        return None
    if not all(_is_hash(node) for node in nodes):
        return None
    return [bytes(node) for node in nodes]


def _inclusion_root_matches(
    hash_: bytes, leaf_index: int, tree_size: int, inclusion_path: list[bytes], root_hash_: bytes
) -> bool:
    """Run RFC 9162 section 2.1.3.2 on well-formed input, with the RFC's names."""
    # 1. If leaf_index is greater than or equal to tree_size, fail.
    if leaf_index >= tree_size:
        return False
    # 2. Set fn to leaf_index and sn to tree_size - 1.
    fn, sn = leaf_index, tree_size - 1
    # 3. Set r to hash.
    r = hash_
    # 4. For each value p in the inclusion_path array:
    for p in inclusion_path:
        # a. If sn is 0, stop the iteration and fail.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            # i. Set r to HASH(0x01 || p || r).
            r = _node_hash(p, r)
            # ii. If the LSB of fn is not set, right-shift both fn and sn equally
            #     until either the LSB of fn is set or fn is 0.
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            # Otherwise: i. Set r to HASH(0x01 || r || p).
            r = _node_hash(r, p)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 5. The proof holds if sn is 0 and r equals root_hash.
    return sn == 0 and r == root_hash_


def verify_inclusion(
    leaf_hash: bytes,
    index: int,
    tree_size: int,
    proof: Sequence[bytes],
    root: bytes,
) -> bool:
    """Tell whether ``proof`` proves the leaf ``leaf_hash`` is at ``index`` in ``root``'s tree.

    ``leaf_hash`` is the leaf's hash (see the function :func:`leaf_hash`), ``root`` the
    root hash of the tree of ``tree_size`` entries, and ``proof`` the leaf's audit path.
    This is the algorithm of RFC 9162 section 2.1.3.2, step by step. It accepts exactly
    what that algorithm accepts, which includes a claimed ``tree_size`` other than the one
    the proof was made for when both sizes give the same path from the leaf to the root.

    Returns False, never raising, for any input it cannot accept: wrong types, sizes or
    indexes outside ``0 .. 2**64 - 1`` (RFC 9162's uint64), ``index >= tree_size``, and
    hashes or proof nodes that are not 32 bytes.
    """
    path = _as_hashes(proof)
    if (
        path is None
        or not (_is_size(index) and _is_size(tree_size))
        or not (_is_hash(leaf_hash) and _is_hash(root))
    ):
        return False
    return _inclusion_root_matches(bytes(leaf_hash), index, tree_size, path, bytes(root))


def _consistency_roots_match(
    first: int, second: int, first_hash: bytes, second_hash: bytes, consistency_path: list[bytes]
) -> bool:
    """Run RFC 9162 section 2.1.4.2 on well-formed input with ``0 < first < second``."""
    # 1. If consistency_path is an empty array, stop and fail.
    if not consistency_path:
        return False
    # 2. If first is an exact power of 2, prepend first_hash to the consistency_path array.
    if first & (first - 1) == 0:
        consistency_path = [first_hash, *consistency_path]
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, right-shift both fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. Set both fr and sr to the first value in the consistency_path array.
    fr = sr = consistency_path[0]
    # 6. For each subsequent value c in the consistency_path array:
    for c in consistency_path[1:]:
        # a. If sn is 0, stop the iteration and fail.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            # i. Set fr to HASH(0x01 || c || fr).
            fr = _node_hash(c, fr)
            # ii. Set sr to HASH(0x01 || c || sr).
            sr = _node_hash(c, sr)
            # iii. If the LSB of fn is not set, right-shift both fn and sn equally
            #      until either the LSB of fn is set or fn is 0.
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            # Otherwise: i. Set sr to HASH(0x01 || sr || c).
            sr = _node_hash(sr, c)
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 7. Verify that fr equals first_hash, sr equals second_hash, and sn is 0.
    return fr == first_hash and sr == second_hash and sn == 0


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> bool:
    """Tell whether ``proof`` proves the tree ``new_size``, ``new_root`` extends an older one.

    The older tree head is ``old_size``, ``old_root``.

    For ``0 < old_size < new_size`` this is the algorithm of RFC 9162 section 2.1.4.2,
    step by step. The RFC states that algorithm only for that range; the edge cases are:

    * ``old_size == new_size``: consistent exactly when the proof is empty and the roots
      are equal (the proof of a tree against itself, ``SUBPROOF(n, D[n], true)``, is empty);
    * ``old_size == 0``: every tree extends the empty tree, so the proof must be empty;
      and the root of a tree of size 0 can only be the empty tree's, SHA-256 of the empty
      string (``MTH({})``), so ``old_root`` must be that (and ``new_root`` too if
      ``new_size`` is also 0).

    Returns False, never raising, for any input it cannot accept: wrong types, sizes
    outside ``0 .. 2**64 - 1`` (RFC 9162's uint64), ``old_size > new_size``, and roots or
    proof nodes that are not 32 bytes.
    """
    path = _as_hashes(proof)
    if (
        path is None
        or not (_is_size(old_size) and _is_size(new_size))
        or not (_is_hash(old_root) and _is_hash(new_root))
        or old_size > new_size
    ):
        return False
    first_hash, second_hash = bytes(old_root), bytes(new_root)
    if old_size == 0 and first_hash != _EMPTY_ROOT:
        return False
    if old_size == new_size:
        return not path and first_hash == second_hash
    if old_size == 0:
        return not path
    return _consistency_roots_match(old_size, new_size, first_hash, second_hash, path)
