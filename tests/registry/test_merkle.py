"""The transparency log's Merkle tree API against RFC 6962 / RFC 9162 and published vectors.

Four kinds of check:

* published test vectors of the Certificate Transparency implementations (the values and
  the "corrupted proof" probes of transparency-dev/merkle, which carries Google Trillian's
  and certificate-transparency-go's Merkle code and test data);
* exhaustive round trips over every tree of 1 to 64 entries, with the trees, audit paths
  and consistency proofs also compared to a straight transcription of RFC 6962's
  recursive definitions;
* mutations (bit flips, truncations, extensions, wrong indexes and sizes), where a wrong
  claimed size is judged by a step-by-step transcription of RFC 9162's pseudo-code in this
  file, since that algorithm accepts some wrong sizes and the module must match it exactly;
* garbage inputs, chosen by hand and by hypothesis, which the verifiers must reject
  without raising.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policeai.registry.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

# ---------------------------------------------------------------------------------------
# Published test vectors.
#
# Source: https://github.com/transparency-dev/merkle (the Merkle library split out of
# google/trillian, which certificate-transparency-go also uses), files
#   testonly/constants.go       (commit 582a6ad190b6848f1d26f8bf08ddef29955d9db1):
#       LeafInputs, NodeHashes, RootHashes, EmptyRootHash
#   proof/verify_test.go        (commit 02194e9afb6c1d95b5381350007963aa70fff472):
#       inclusionProofs and consistencyProofs (there with 1-based leaf numbers; here
#       converted to 0-based indexes), roots, and the probes of corruptInclusionProof,
#       corruptConsistencyProof, TestVerifyInclusion and TestVerifyInclusionSingleEntry
#   testonly/reference_test.go  (commit 141d627eab770a7e9a2514f46a8b6338e6d90874):
#       TestRefInclusionProof and TestRefConsistencyProof
# The same values are in google/trillian merkle/testonly/constants.go and
# merkle/log_verifier_test.go.
# ---------------------------------------------------------------------------------------

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]

# NodeHashes()[0]: the leaf hashes of LEAF_INPUTS.
LEAF_HASHES = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]

# NodeHashes()[1..3]: the complete interior subtrees, by level then position.
INTERIOR_NODE_HASHES = {
    (1, 0): "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    (1, 1): "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    (1, 2): "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    (1, 3): "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    (2, 0): "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    (2, 1): "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    (3, 0): "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}

EMPTY_ROOT_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

# RootHashes(): the root of the tree of the first n LEAF_INPUTS, n = 0..8.
ROOT_HASHES = [
    EMPTY_ROOT_HEX,
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# (index, tree size, audit path): verify_test.go's inclusionProofs (leaf - 1) and
# reference_test.go's TestRefInclusionProof.
INCLUSION_VECTORS: list[tuple[int, int, list[str]]] = [
    (0, 1, []),
    (0, 2, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"]),
    (1, 2, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

# (old size, new size, consistency proof): verify_test.go's consistencyProofs and
# reference_test.go's TestRefConsistencyProof.
CONSISTENCY_VECTORS: list[tuple[int, int, list[str]]] = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

# verify_test.go's sha256SomeHash: a 32-byte value that is no node of these trees.
SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
EMPTY_ROOT = bytes.fromhex(EMPTY_ROOT_HEX)


def _hexes(hashes: Sequence[str]) -> list[bytes]:
    return [bytes.fromhex(h) for h in hashes]


# ---------------------------------------------------------------------------------------
# Independent references, transcribed from the RFCs and sharing no code with the module.
# ---------------------------------------------------------------------------------------


def _ref_hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _ref_leaf(entry: bytes) -> bytes:
    return _ref_hash(b"\x00" + entry)


def _ref_node(left: bytes, right: bytes) -> bytes:
    return _ref_hash(b"\x01" + left + right)


def _ref_k(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _ref_mth(d: Sequence[bytes]) -> bytes:
    """RFC 6962 section 2.1: MTH(D[n])."""
    n = len(d)
    if n == 0:
        return _ref_hash(b"")
    if n == 1:
        return _ref_leaf(d[0])
    k = _ref_k(n)
    return _ref_node(_ref_mth(d[:k]), _ref_mth(d[k:]))


def _ref_path(m: int, d: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 section 2.1.1: PATH(m, D[n])."""
    n = len(d)
    if n == 1:
        return []
    k = _ref_k(n)
    if m < k:
        return [*_ref_path(m, d[:k]), _ref_mth(d[k:])]
    return [*_ref_path(m - k, d[k:]), _ref_mth(d[:k])]


def _ref_subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    """RFC 6962 section 2.1.2: SUBPROOF(m, D[n], b)."""
    n = len(d)
    if m == n:
        return [] if b else [_ref_mth(d)]
    k = _ref_k(n)
    if m <= k:
        return [*_ref_subproof(m, d[:k], b), _ref_mth(d[k:])]
    return [*_ref_subproof(m - k, d[k:], False), _ref_mth(d[:k])]


def _rfc9162_verify_inclusion(
    leaf_index: int, tree_size: int, hash_: bytes, inclusion_path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2, Verifying an Inclusion Proof, step by step."""
    ok = True
    # 1. Compare leaf_index from the inclusion_proof to tree_size. If leaf_index is
    #    greater than or equal to tree_size, then fail the proof verification.
    if leaf_index >= tree_size:
        ok = False
    else:
        # 2. Set fn to leaf_index and sn to tree_size - 1.
        fn = leaf_index
        sn = tree_size - 1
        # 3. Set r to hash.
        r = hash_
        # 4. For each value p in the inclusion_path array:
        for p in inclusion_path:
            # a. If sn is 0, then stop the iteration and fail the proof verification.
            if sn == 0:
                ok = False
                break
            # b. If LSB(fn) is set, or if fn is equal to sn, then:
            if fn % 2 == 1 or fn == sn:
                # i. Set r to HASH(0x01 || p || r).
                r = _ref_hash(b"\x01" + p + r)
                # ii. If LSB(fn) is not set, then right-shift both fn and sn equally
                #     until either LSB(fn) is set or fn is 0.
                if fn % 2 == 0:
                    while not (fn % 2 == 1 or fn == 0):
                        fn = fn // 2
                        sn = sn // 2
            # Otherwise:
            else:
                # i. Set r to HASH(0x01 || r || p).
                r = _ref_hash(b"\x01" + r + p)
            # c. Finally, right-shift both fn and sn one time.
            fn = fn // 2
            sn = sn // 2
        # 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r
        #    and the root_hash are equal, then the log has proven the inclusion of hash.
        #    Otherwise, fail the proof verification.
        if ok:
            ok = sn == 0 and r == root
    return ok


_POWERS_OF_TWO = frozenset(2**i for i in range(65))


def _rfc9162_verify_consistency(
    first: int,
    second: int,
    first_hash: bytes,
    second_hash: bytes,
    consistency_path: Sequence[bytes],
) -> bool:
    """RFC 9162 section 2.1.4.2 for its stated precondition 0 < first < second."""
    assert 0 < first < second
    path = list(consistency_path)
    ok = True
    # 1. If consistency_path is an empty array, stop and fail the proof verification.
    if not path:
        ok = False
    else:
        # 2. If first is an exact power of 2, then prepend first_hash to the
        #    consistency_path array.
        if first in _POWERS_OF_TWO:
            path = [first_hash, *path]
        # 3. Set fn to first - 1 and sn to second - 1.
        fn = first - 1
        sn = second - 1
        # 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn)
        #    is not set.
        while fn % 2 == 1:
            fn = fn // 2
            sn = sn // 2
        # 5. Set both fr and sr to the first value in the consistency_path array.
        fr = path[0]
        sr = path[0]
        # 6. For each subsequent value c in the consistency_path array:
        for c in path[1:]:
            # a. If sn is 0, then stop the iteration and fail the proof verification.
            if sn == 0:
                ok = False
                break
            # b. If LSB(fn) is set, or if fn is equal to sn, then:
            if fn % 2 == 1 or fn == sn:
                # i. Set fr to HASH(0x01 || c || fr).
                fr = _ref_hash(b"\x01" + c + fr)
                # ii. Set sr to HASH(0x01 || c || sr).
                sr = _ref_hash(b"\x01" + c + sr)
                # iii. If LSB(fn) is not set, then right-shift both fn and sn equally
                #      until either LSB(fn) is set or fn is 0.
                if fn % 2 == 0:
                    while not (fn % 2 == 1 or fn == 0):
                        fn = fn // 2
                        sn = sn // 2
            # Otherwise:
            else:
                # i. Set sr to HASH(0x01 || sr || c).
                sr = _ref_hash(b"\x01" + sr + c)
            # c. Finally, right-shift both fn and sn one time.
            fn = fn // 2
            sn = sn // 2
        # 7. After completing iterating through the consistency_path array as described
        #    above, verify that the fr calculated is equal to the first_hash supplied,
        #    that the sr calculated is equal to the second_hash value supplied, and that
        #    sn is 0.
        if ok:
            ok = fr == first_hash and sr == second_hash and sn == 0
    return ok


# ---------------------------------------------------------------------------------------
# Trees used by the exhaustive and mutation tests.
# ---------------------------------------------------------------------------------------

MAX_EXHAUSTIVE = 64
MAX_MATRIX = 20
# Distinct entries of assorted lengths, the empty one first.
ENTRIES = [b""] + [b"entry %d" % i + b"." * (i % 5) for i in range(1, MAX_EXHAUSTIVE + 1)]


@cache
def _root(size: int) -> bytes:
    return root_hash(ENTRIES[:size])


@cache
def _leaf(index: int) -> bytes:
    return leaf_hash(ENTRIES[index])


@cache
def _inclusion(index: int, size: int) -> tuple[bytes, ...]:
    return tuple(inclusion_proof(ENTRIES[:size], index))


@cache
def _consistency(old_size: int, new_size: int) -> tuple[bytes, ...]:
    return tuple(consistency_proof(ENTRIES[:new_size], old_size))


def _flip(value: bytes, bit: int) -> bytes:
    flipped = bytearray(value)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


# A handful of bit positions spread over the 32 bytes: first, last and some in between.
SAMPLE_BITS = (0, 7, 8 * 13 + 3, 8 * 31 + 7)
ALL_BITS = range(256)


# ---------------------------------------------------------------------------------------
# Published vectors.
# ---------------------------------------------------------------------------------------


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert root_hash([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


def test_leaf_hashes_match_published_node_hashes() -> None:
    assert [leaf_hash(entry).hex() for entry in LEAF_INPUTS] == LEAF_HASHES


@pytest.mark.parametrize("size", range(9))
def test_root_hashes_match_published_values(size: int) -> None:
    assert root_hash(LEAF_INPUTS[:size]).hex() == ROOT_HASHES[size]


def test_eight_leaf_root() -> None:
    assert root_hash(LEAF_INPUTS).hex() == (
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    )


@pytest.mark.parametrize(("level", "position"), sorted(INTERIOR_NODE_HASHES))
def test_complete_subtrees_match_published_node_hashes(level: int, position: int) -> None:
    width = 2**level
    subtree = LEAF_INPUTS[position * width : (position + 1) * width]
    assert root_hash(subtree).hex() == INTERIOR_NODE_HASHES[level, position]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_published_vectors(index: int, size: int, path: list[str]) -> None:
    proof = inclusion_proof(LEAF_INPUTS[:size], index)
    assert [node.hex() for node in proof] == path
    root = bytes.fromhex(ROOT_HASHES[size])
    assert verify_inclusion(leaf_hash(LEAF_INPUTS[index]), index, size, _hexes(path), root)


@pytest.mark.parametrize(("old_size", "new_size", "proof_hex"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_published_vectors(
    old_size: int, new_size: int, proof_hex: list[str]
) -> None:
    proof = consistency_proof(LEAF_INPUTS[:new_size], old_size)
    assert [node.hex() for node in proof] == proof_hex
    old_root = bytes.fromhex(ROOT_HASHES[old_size])
    new_root = bytes.fromhex(ROOT_HASHES[new_size])
    assert verify_consistency(old_size, new_size, old_root, new_root, _hexes(proof_hex))


def _published_inclusion_probes(
    index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes
) -> list[tuple[str, int, int, bytes, bytes, list[bytes]]]:
    """verify_test.go's corruptInclusionProof: (what, index, size, root, leaf, proof)."""
    probes = [
        ("leafIndex - 1", index - 1, size, root, leaf, proof),
        ("leafIndex + 1", index + 1, size, root, leaf, proof),
        ("leafIndex ^ 2", index ^ 2, size, root, leaf, proof),
        ("treeSize * 2", index, size * 2, root, leaf, proof),
        ("treeSize / 2", index, size // 2, root, leaf, proof),
        ("wrong leaf", index, size, root, b"WrongLeaf", proof),
        ("empty root", index, size, EMPTY_ROOT, leaf, proof),
        ("random root", index, size, SOME_HASH, leaf, proof),
        ("trailing garbage", index, size, root, leaf, [*proof, b""]),
        ("trailing root", index, size, root, leaf, [*proof, root]),
        ("preceding garbage", index, size, root, leaf, [b"", *proof]),
        ("preceding root", index, size, root, leaf, [root, *proof]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 8]) + wrong[i][1:]
        probes.append((f"modified proof[{i}] bit 3", index, size, root, leaf, wrong))
    if proof:
        probes.append(("removed component", index, size, root, leaf, proof[:-1]))
    if len(proof) > 1:
        inserted = [proof[0], SOME_HASH, *proof[1:]]
        probes.append(("inserted component", index, size, root, leaf, inserted))
    return probes


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION_VECTORS)
def test_published_corrupted_inclusion_probes_fail(index: int, size: int, path: list[str]) -> None:
    root = bytes.fromhex(ROOT_HASHES[size])
    leaf = leaf_hash(LEAF_INPUTS[index])
    accepted = [
        what
        for what, i, n, r, lh, proof in _published_inclusion_probes(
            index, size, _hexes(path), root, leaf
        )
        if verify_inclusion(lh, i, n, proof, r)
    ]
    assert accepted == []


def _published_consistency_probes(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: list[bytes]
) -> list[tuple[str, int, int, bytes, bytes, list[bytes]]]:
    """verify_test.go's corruptConsistencyProof: (what, size1, size2, root1, root2, proof)."""
    probes = [
        ("size1 - 1", size1 - 1, size2, root1, root2, proof),
        ("size1 + 1", size1 + 1, size2, root1, root2, proof),
        ("size1 ^ 2", size1 ^ 2, size2, root1, root2, proof),
        ("size2 * 2", size1, size2 * 2, root1, root2, proof),
        ("size2 / 2", size1, size2 // 2, root1, root2, proof),
        ("wrong root1", size1, size2, b"WrongRoot", root2, proof),
        ("wrong root2", size1, size2, root1, b"WrongRoot", proof),
        ("swapped roots", size1, size2, root2, root1, proof),
        ("empty proof", size1, size2, root1, root2, []),
        ("trailing garbage", size1, size2, root1, root2, [*proof, b""]),
        ("trailing root1", size1, size2, root1, root2, [*proof, root1]),
        ("trailing root2", size1, size2, root1, root2, [*proof, root2]),
        ("preceding garbage", size1, size2, root1, root2, [b"", *proof]),
        ("preceding root1", size1, size2, root1, root2, [root1, *proof]),
        ("preceding root2", size1, size2, root1, root2, [root2, *proof]),
        ("preceding proof[0]", size1, size2, root1, root2, [proof[0], *proof]),
        ("truncated proof", size1, size2, root1, root2, proof[:-1]),
    ]
    for i in range(len(proof)):
        wrong = list(proof)
        wrong[i] = bytes([wrong[i][0] ^ 16]) + wrong[i][1:]
        probes.append((f"modified proof[{i}] bit 4", size1, size2, root1, root2, wrong))
    return probes


@pytest.mark.parametrize(
    ("old_size", "new_size", "proof_hex"), [v for v in CONSISTENCY_VECTORS if v[2]]
)
def test_published_corrupted_consistency_probes_fail(
    old_size: int, new_size: int, proof_hex: list[str]
) -> None:
    root1 = bytes.fromhex(ROOT_HASHES[old_size])
    root2 = bytes.fromhex(ROOT_HASHES[new_size])
    accepted = [
        what
        for what, s1, s2, r1, r2, proof in _published_consistency_probes(
            old_size, new_size, root1, root2, _hexes(proof_hex)
        )
        if verify_consistency(s1, s2, r1, r2, proof)
    ]
    assert accepted == []


@pytest.mark.parametrize(("index", "size"), [(0, 0), (0, 1), (1, 0), (2, 1)])
def test_published_invalid_inclusion_probes(index: int, size: int) -> None:
    # verify_test.go's TestVerifyInclusion: an empty proof with bad roots or leaves.
    assert not verify_inclusion(SOME_HASH, index, size, [], b"")
    assert not verify_inclusion(b"", index, size, [], EMPTY_ROOT)
    assert not verify_inclusion(SOME_HASH, index, size, [], EMPTY_ROOT)


def test_published_single_entry_probes() -> None:
    # verify_test.go's TestVerifyInclusionSingleEntry: leaf hash == root, empty proof.
    single = leaf_hash(b"data")
    assert root_hash([b"data"]) == single
    assert verify_inclusion(single, 0, 1, [], single)
    assert not verify_inclusion(b"", 0, 1, [], single)
    assert not verify_inclusion(single, 0, 1, [], b"")
    assert not verify_inclusion(b"", 0, 1, [], b"")


# ---------------------------------------------------------------------------------------
# Exhaustive round trips and agreement with RFC 6962's recursive definitions.
# ---------------------------------------------------------------------------------------


def test_root_hash_matches_the_recursive_definition() -> None:
    for size in range(MAX_EXHAUSTIVE + 1):
        assert _root(size) == _ref_mth(ENTRIES[:size]), size


def test_proofs_match_the_recursive_definitions() -> None:
    for size in range(1, MAX_EXHAUSTIVE + 1):
        for index in range(size):
            assert list(_inclusion(index, size)) == _ref_path(index, ENTRIES[:size])
    # The recursive reference is slow; every old size of trees up to 40 entries will do.
    for size in range(1, 41):
        for old_size in range(1, size + 1):
            expected = _ref_subproof(old_size, ENTRIES[:size], True)
            assert list(_consistency(old_size, size)) == expected, (old_size, size)


def test_every_inclusion_proof_verifies() -> None:
    for size in range(1, MAX_EXHAUSTIVE + 1):
        for index in range(size):
            proof = list(_inclusion(index, size))
            assert verify_inclusion(_leaf(index), index, size, proof, _root(size)), (index, size)


def test_every_consistency_proof_verifies() -> None:
    for new_size in range(1, MAX_EXHAUSTIVE + 1):
        for old_size in range(1, new_size + 1):
            proof = list(_consistency(old_size, new_size))
            assert verify_consistency(old_size, new_size, _root(old_size), _root(new_size), proof)
        assert _consistency(new_size, new_size) == ()


def test_consistency_with_the_empty_tree() -> None:
    for size in range(MAX_EXHAUSTIVE + 1):
        assert consistency_proof(ENTRIES[:size], 0) == []
        assert verify_consistency(0, size, EMPTY_ROOT, _root(size), [])
        # A size-0 tree head with any other root is not the empty tree.
        assert not verify_consistency(0, size, SOME_HASH, _root(size), [])
        # The empty tree needs no proof; one given is rejected.
        assert not verify_consistency(0, size, EMPTY_ROOT, _root(size), [SOME_HASH])
    assert not verify_consistency(0, 0, EMPTY_ROOT, SOME_HASH, [])


def test_equal_sizes_need_an_empty_proof_and_equal_roots() -> None:
    for size in range(1, 17):
        root = _root(size)
        assert verify_consistency(size, size, root, root, [])
        assert not verify_consistency(size, size, root, _root(size - 1), [])
        assert not verify_consistency(size, size, root, root, [root])
        assert not verify_consistency(size, size, root, root, [SOME_HASH])


def test_generation_rejects_out_of_range_arguments() -> None:
    entries = ENTRIES[:5]
    for index in (-1, 5, 6, 10**30):
        with pytest.raises(ValueError, match="out of range"):
            inclusion_proof(entries, index)
    with pytest.raises(ValueError, match="out of range"):
        inclusion_proof([], 0)
    for old_size in (-1, 6, 10**30):
        with pytest.raises(ValueError, match="out of range"):
            consistency_proof(entries, old_size)
    assert consistency_proof(entries, 5) == []
    assert consistency_proof([], 0) == []
    with pytest.raises(TypeError):
        inclusion_proof(entries, "1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        consistency_proof(entries, 1.0)  # type: ignore[arg-type]


def test_bytes_like_entries_hash_like_bytes() -> None:
    as_bytes = root_hash(LEAF_INPUTS)
    assert root_hash([bytearray(e) for e in LEAF_INPUTS]) == as_bytes
    assert root_hash([memoryview(e) for e in LEAF_INPUTS]) == as_bytes
    with pytest.raises(TypeError):
        root_hash(["not bytes"])  # type: ignore[list-item]


def _same_entry_root(size: int, entry: bytes) -> bytes:
    """MTH of ``size`` copies of ``entry``, in O(log^2 size) hashes via RFC 6962's split."""

    @cache
    def mth(n: int) -> bytes:
        if n == 1:
            return _ref_leaf(entry)
        k = _ref_k(n)
        return _ref_node(mth(k), mth(n - k))

    return mth(size)


def test_root_of_a_million_entries_is_fast_and_right() -> None:
    size, entry = 1_000_000, b"registry entry"
    started = time.perf_counter()
    root = root_hash([entry] * size)
    elapsed = time.perf_counter() - started
    assert root == _same_entry_root(size, entry)
    # About two seconds on an idle developer machine; the bound catches a regression to
    # list-copying recursion, not ordinary machine load.
    assert elapsed < 15, f"root_hash of {size} entries took {elapsed:.1f} s"


# ---------------------------------------------------------------------------------------
# Mutations.
# ---------------------------------------------------------------------------------------


def _inclusion_mutants(index: int, size: int, bits: Sequence[int]) -> list[tuple[str, tuple]]:
    """Corrupted (leaf, index, size, proof, root) argument tuples for one true proof."""
    leaf, root, proof = _leaf(index), _root(size), list(_inclusion(index, size))
    mutants: list[tuple[str, tuple]] = []
    for bit in bits:
        mutants.append((f"leaf bit {bit}", (_flip(leaf, bit), index, size, proof, root)))
        mutants.append((f"root bit {bit}", (leaf, index, size, proof, _flip(root, bit))))
        for i in range(len(proof)):
            wrong = [*proof[:i], _flip(proof[i], bit), *proof[i + 1 :]]
            mutants.append((f"proof[{i}] bit {bit}", (leaf, index, size, wrong, root)))
    if proof:
        mutants.append(("dropped last", (leaf, index, size, proof[:-1], root)))
        mutants.append(("dropped first", (leaf, index, size, proof[1:], root)))
    for extra in (bytes(32), root, leaf, SOME_HASH):
        mutants.append(("appended", (leaf, index, size, [*proof, extra], root)))
        mutants.append(("prepended", (leaf, index, size, [extra, *proof], root)))
    if len(proof) > 1:
        mutants.append(("swapped", (leaf, index, size, [proof[1], proof[0], *proof[2:]], root)))
    for other in range(size):
        if other != index:
            mutants.append((f"index {other}", (leaf, other, size, proof, root)))
            mutants.append((f"leaf of {other}", (_leaf(other), index, size, proof, root)))
    return mutants


def _consistency_mutants(old: int, new: int, bits: Sequence[int]) -> list[tuple[str, tuple]]:
    """Corrupted (old, new, old_root, new_root, proof) argument tuples for one true proof."""
    root1, root2, proof = _root(old), _root(new), list(_consistency(old, new))
    mutants: list[tuple[str, tuple]] = []
    for bit in bits:
        mutants.append((f"old root bit {bit}", (old, new, _flip(root1, bit), root2, proof)))
        mutants.append((f"new root bit {bit}", (old, new, root1, _flip(root2, bit), proof)))
        for i in range(len(proof)):
            wrong = [*proof[:i], _flip(proof[i], bit), *proof[i + 1 :]]
            mutants.append((f"proof[{i}] bit {bit}", (old, new, root1, root2, wrong)))
    mutants.append(("dropped last", (old, new, root1, root2, proof[:-1])))
    mutants.append(("dropped first", (old, new, root1, root2, proof[1:])))
    mutants.append(("empty", (old, new, root1, root2, [])))
    mutants.append(("swapped roots", (old, new, root2, root1, proof)))
    for extra in (bytes(32), root1, root2, proof[0], SOME_HASH):
        mutants.append(("appended", (old, new, root1, root2, [*proof, extra])))
        mutants.append(("prepended", (old, new, root1, root2, [extra, *proof])))
    if len(proof) > 1:
        mutants.append(("swapped", (old, new, root1, root2, [proof[1], proof[0], *proof[2:]])))
    return mutants


def _accepted(verify: Callable[..., bool], mutants: list[tuple[str, tuple]]) -> list[str]:
    return [what for what, args in mutants if verify(*args)]


def test_inclusion_mutations_fail() -> None:
    for size in range(1, MAX_MATRIX + 1):
        for index in range(size):
            mutants = _inclusion_mutants(index, size, SAMPLE_BITS)
            assert _accepted(verify_inclusion, mutants) == [], (index, size)


def test_inclusion_every_single_bit_flip_fails() -> None:
    for index, size in ((0, 1), (6, 13), (12, 13), (31, 32), (32, 33)):
        mutants = _inclusion_mutants(index, size, ALL_BITS)
        assert _accepted(verify_inclusion, mutants) == [], (index, size)


def test_consistency_mutations_fail() -> None:
    for new in range(2, MAX_MATRIX + 1):
        for old in range(1, new):
            mutants = _consistency_mutants(old, new, SAMPLE_BITS)
            assert _accepted(verify_consistency, mutants) == [], (old, new)


def test_consistency_every_single_bit_flip_fails() -> None:
    for old, new in ((1, 2), (4, 13), (5, 13), (16, 33), (31, 32)):
        mutants = _consistency_mutants(old, new, ALL_BITS)
        assert _accepted(verify_consistency, mutants) == [], (old, new)


def test_wrong_claimed_index_or_size_is_judged_as_rfc_9162_judges_it() -> None:
    # For each true proof, every claimed (index, size) pair near it, including indexes and
    # sizes past the tree; the module must answer exactly what RFC 9162's algorithm does.
    accepted_otherwise = set()
    for size in range(1, MAX_MATRIX + 1):
        root = _root(size)
        for index in range(size):
            leaf, proof = _leaf(index), list(_inclusion(index, size))
            for claimed_index in range(size + 2):
                for claimed_size in range(2 * size + 3):
                    expected = _rfc9162_verify_inclusion(
                        claimed_index, claimed_size, leaf, proof, root
                    )
                    got = verify_inclusion(leaf, claimed_index, claimed_size, proof, root)
                    assert got is expected, (index, size, claimed_index, claimed_size)
                    if got and (claimed_index, claimed_size) != (index, size):
                        # Against the true size, only the true index passes.
                        assert claimed_size != size, (index, size, claimed_index)
                        accepted_otherwise.add((index, size, claimed_index, claimed_size))
    # RFC 9162's algorithm only checks that the claimed (index, size) gives the path the
    # proof's shape, so it accepts some other pairs, and so must the module. The path of
    # leaf 0 in a tree of 4 is two right-hand siblings, as it is in a tree of 3; the path
    # of leaf 1 of 2 is one left-hand sibling, as is that of leaf 2 of 3.
    assert (0, 4, 0, 3) in accepted_otherwise
    assert verify_inclusion(_leaf(0), 0, 3, list(_inclusion(0, 4)), _root(4))
    assert (1, 2, 2, 3) in accepted_otherwise
    assert verify_inclusion(_leaf(1), 2, 3, list(_inclusion(1, 2)), _root(2))


def test_wrong_claimed_sizes_in_consistency_are_judged_as_rfc_9162_judges_them() -> None:
    wrongly_sized_accepted = set()
    for new in range(2, MAX_MATRIX + 1):
        for old in range(1, new):
            root1, root2, proof = _root(old), _root(new), list(_consistency(old, new))
            for claimed_new in range(2, MAX_MATRIX + 3):
                for claimed_old in range(1, claimed_new):
                    expected = _rfc9162_verify_consistency(
                        claimed_old, claimed_new, root1, root2, proof
                    )
                    got = verify_consistency(claimed_old, claimed_new, root1, root2, proof)
                    assert got is expected, (old, new, claimed_old, claimed_new)
                    if got and (claimed_old, claimed_new) != (old, new):
                        wrongly_sized_accepted.add((old, new, claimed_old, claimed_new))
    # As with inclusion, the algorithm accepts some other sizes: the proof from 1 to 2
    # entries, [leaf 1], also checks out as a proof from 2 to 3 for the same two roots.
    assert (1, 2, 2, 3) in wrongly_sized_accepted


# ---------------------------------------------------------------------------------------
# Garbage in, False out, no exceptions.
# ---------------------------------------------------------------------------------------

GOOD_LEAF = _leaf(2)
GOOD_PROOF = list(_inclusion(2, 5))
GOOD_ROOT = _root(5)
GOOD_OLD_ROOT = _root(3)
GOOD_CONSISTENCY = list(_consistency(3, 5))


class _BrokenSequence(Sequence[bytes]):
    """A Sequence whose every access raises."""

    def __len__(self) -> int:
        raise RuntimeError("broken")

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        raise RuntimeError("broken")


BAD_SIZES = [None, "3", 3.0, True, False, -1, -(2**70), 2**64, 2**70, b"\x03", [3], 3j]
BAD_HASHES = [
    None,
    "",
    "a" * 32,
    GOOD_ROOT.hex(),
    0,
    GOOD_ROOT[:31],
    GOOD_ROOT + b"\x00",
    b"",
    bytearray(31),
    [GOOD_ROOT],
    memoryview(GOOD_ROOT),
]
BAD_PROOFS = [
    None,
    "",
    "abc",
    b"",
    GOOD_ROOT,
    bytearray(GOOD_ROOT),
    42,
    {GOOD_ROOT: 1},
    {GOOD_ROOT},
    iter(GOOD_PROOF),
    [*GOOD_PROOF[:-1], GOOD_PROOF[-1][:31]],
    [*GOOD_PROOF, None],
    [*GOOD_PROOF, "x" * 32],
    [*GOOD_PROOF, b""],
    [GOOD_PROOF],
    _BrokenSequence(),
]


def test_the_good_arguments_are_good() -> None:
    assert verify_inclusion(GOOD_LEAF, 2, 5, GOOD_PROOF, GOOD_ROOT)
    assert verify_inclusion(bytearray(GOOD_LEAF), 2, 5, tuple(GOOD_PROOF), bytearray(GOOD_ROOT))
    assert verify_consistency(3, 5, GOOD_OLD_ROOT, GOOD_ROOT, GOOD_CONSISTENCY)
    assert verify_consistency(3, 5, GOOD_OLD_ROOT, GOOD_ROOT, tuple(GOOD_CONSISTENCY))


@pytest.mark.parametrize("bad", BAD_SIZES, ids=repr)
def test_bad_sizes_and_indexes_are_rejected(bad: object) -> None:
    assert verify_inclusion(GOOD_LEAF, bad, 5, GOOD_PROOF, GOOD_ROOT) is False  # type: ignore[arg-type]
    assert verify_inclusion(GOOD_LEAF, 2, bad, GOOD_PROOF, GOOD_ROOT) is False  # type: ignore[arg-type]
    assert verify_consistency(bad, 5, GOOD_OLD_ROOT, GOOD_ROOT, GOOD_CONSISTENCY) is False  # type: ignore[arg-type]
    assert verify_consistency(3, bad, GOOD_OLD_ROOT, GOOD_ROOT, GOOD_CONSISTENCY) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", BAD_HASHES, ids=repr)
def test_bad_hashes_are_rejected(bad: object) -> None:
    assert verify_inclusion(bad, 2, 5, GOOD_PROOF, GOOD_ROOT) is False  # type: ignore[arg-type]
    assert verify_inclusion(GOOD_LEAF, 2, 5, GOOD_PROOF, bad) is False  # type: ignore[arg-type]
    assert verify_consistency(3, 5, bad, GOOD_ROOT, GOOD_CONSISTENCY) is False  # type: ignore[arg-type]
    assert verify_consistency(3, 5, GOOD_OLD_ROOT, bad, GOOD_CONSISTENCY) is False  # type: ignore[arg-type]
    assert verify_consistency(0, 0, bad, bad, []) is False  # type: ignore[arg-type]
    assert verify_consistency(5, 5, bad, bad, []) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", BAD_PROOFS, ids=repr)
def test_bad_proofs_are_rejected(bad: object) -> None:
    assert verify_inclusion(GOOD_LEAF, 2, 5, bad, GOOD_ROOT) is False  # type: ignore[arg-type]
    assert verify_consistency(3, 5, GOOD_OLD_ROOT, GOOD_ROOT, bad) is False  # type: ignore[arg-type]
    assert verify_consistency(5, 5, GOOD_ROOT, GOOD_ROOT, bad) is False  # type: ignore[arg-type]
    assert verify_consistency(0, 5, EMPTY_ROOT, GOOD_ROOT, bad) is False  # type: ignore[arg-type]


def test_out_of_order_sizes_are_rejected() -> None:
    assert not verify_inclusion(GOOD_LEAF, 5, 5, GOOD_PROOF, GOOD_ROOT)
    assert not verify_inclusion(GOOD_LEAF, 2**64 - 1, 2**64 - 1, GOOD_PROOF, GOOD_ROOT)
    assert not verify_consistency(5, 3, GOOD_ROOT, GOOD_OLD_ROOT, GOOD_CONSISTENCY)
    assert not verify_consistency(6, 5, GOOD_ROOT, GOOD_ROOT, [])
    assert not verify_consistency(2**64 - 1, 2**64 - 1, GOOD_ROOT, GOOD_ROOT, [SOME_HASH])


def test_huge_but_valid_sizes_run_quickly_and_fail() -> None:
    # The bit walk is bounded by the proof's length, whatever the sizes.
    top = 2**64 - 1
    assert not verify_inclusion(GOOD_LEAF, top - 1, top, GOOD_PROOF * 30, GOOD_ROOT)
    assert not verify_consistency(2**63, top, GOOD_OLD_ROOT, GOOD_ROOT, GOOD_CONSISTENCY * 30)
    assert not verify_consistency(2**63 - 1, top, GOOD_OLD_ROOT, GOOD_ROOT, GOOD_CONSISTENCY)


_anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.binary(max_size=40),
    st.lists(st.binary(min_size=30, max_size=34), max_size=6),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=33)), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.binary(min_size=32, max_size=32)),
)
_bad_size = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(max_value=-1),
    st.integers(min_value=2**64),
    st.floats(),
    st.text(max_size=5),
    st.binary(max_size=5),
)
_bad_hash = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=40),
    st.binary(max_size=31),
    st.binary(min_size=33, max_size=64),
    st.lists(st.binary(min_size=32, max_size=32), max_size=2),
)
_bad_proof = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=40),
    st.binary(max_size=64),
    st.lists(st.binary(min_size=32, max_size=32), max_size=4).flatmap(
        lambda good: st.tuples(
            st.integers(min_value=0, max_value=len(good)),
            st.one_of(st.none(), st.text(max_size=32), st.binary(max_size=31), st.integers()),
        ).map(lambda spot: [*good[: spot[0]], spot[1], *good[spot[0] :]])
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.tuples(_anything, _anything, _anything, _anything, _anything))
def test_verifiers_never_raise_on_anything(args: tuple) -> None:
    assert isinstance(verify_inclusion(*args), bool)
    assert isinstance(verify_consistency(*args), bool)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(min_value=0, max_value=4))
def test_verifiers_reject_any_bad_argument(data: st.DataObject, which: int) -> None:
    good_inclusion: list[object] = [GOOD_LEAF, 2, 5, GOOD_PROOF, GOOD_ROOT]
    bad_inclusion = [_bad_hash, _bad_size, _bad_size, _bad_proof, _bad_hash]
    good_inclusion[which] = data.draw(bad_inclusion[which])
    assert verify_inclusion(*good_inclusion) is False  # type: ignore[arg-type]

    good_consistency: list[object] = [3, 5, GOOD_OLD_ROOT, GOOD_ROOT, GOOD_CONSISTENCY]
    bad_consistency = [_bad_size, _bad_size, _bad_hash, _bad_hash, _bad_proof]
    good_consistency[which] = data.draw(bad_consistency[which])
    assert verify_consistency(*good_consistency) is False  # type: ignore[arg-type]


_hash32 = st.binary(min_size=32, max_size=32)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**64 - 1),
    st.integers(min_value=0, max_value=2**64 - 1),
    _hash32,
    st.lists(_hash32, max_size=70),
    _hash32,
)
def test_random_well_formed_inclusion_matches_the_rfc(
    index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes
) -> None:
    expected = _rfc9162_verify_inclusion(index, size, leaf, proof, root)
    assert verify_inclusion(leaf, index, size, proof, root) is expected


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=2**64 - 2),
    st.integers(min_value=1, max_value=2**64 - 1),
    _hash32,
    _hash32,
    st.lists(_hash32, max_size=70),
)
def test_random_well_formed_consistency_matches_the_rfc(
    old: int, new: int, root1: bytes, root2: bytes, proof: list[bytes]
) -> None:
    old, new = min(old, new), max(old, new)
    if old == new:
        new += 1
    expected = _rfc9162_verify_consistency(old, new, root1, root2, proof)
    assert verify_consistency(old, new, root1, root2, proof) is expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=12), min_size=1, max_size=40), st.data())
def test_random_trees_prove_and_verify(entries: list[bytes], data: st.DataObject) -> None:
    size = len(entries)
    root = root_hash(entries)
    assert root == _ref_mth(entries)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof = inclusion_proof(entries, index)
    assert verify_inclusion(leaf_hash(entries[index]), index, size, proof, root)
    old = data.draw(st.integers(min_value=0, max_value=size))
    old_root = root_hash(entries[:old])
    assert verify_consistency(old, size, old_root, root, consistency_proof(entries, old))
