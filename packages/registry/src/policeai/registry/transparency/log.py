"""The transparency log: an append-only Merkle tree (RFC 6962 / RFC 9162) in SQL tables.

Four tables, created by ``policeai.core.database.metadata.create_all``:

* ``transparency_leaves``: one row a leaf: its index, leaf hash, entry bytes and append time;
* ``transparency_nodes``: the hash of every complete subtree of two or more leaves, keyed by
  ``(level, idx)``: the subtree of the ``2**level`` leaves from ``idx * 2**level`` (level 0,
  the leaf hashes themselves, is read from ``transparency_leaves``);
* ``transparency_head``: one row, the current tree size, root hash and *frontier* (the roots
  of the complete subtrees the tree of that size splits into, largest first);
* ``transparency_checkpoints``: a signed checkpoint for every tree size the log published.

An append writes the new leaves, the subtree hashes they complete and the new head (and
checkpoint) in one transaction, holding the log's write lock: ``SELECT ... FOR UPDATE`` of the
head row on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite. Appends are thereby serialised across
threads and processes, so indexes are dense, ``0 .. n-1``, in commit order.

Every subtree the RFC's root, ``PATH`` and ``PROOF`` recursions need, for any tree size up to
the current one, is either a complete subtree (one stored hash) or a range that ends at that
size and splits into at most ``log2(n)`` complete ones. So roots and proofs for any size are
folded from O(log n) stored hashes, read in at most two queries; no leaf is ever rehashed. The
results equal :mod:`policeai.registry.merkle`'s functions over the same entries, and verify
with its ``verify_inclusion`` and ``verify_consistency``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    LargeBinary,
    Select,
    SmallInteger,
    String,
    Table,
    Text,
    and_,
    bindparam,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from policeai.core.database import UTCDateTime, metadata
from policeai.core.errors import PoliceAIError
from policeai.registry.keys import key_id
from policeai.registry.transparency.checkpoints import DEFAULT_ORIGIN, check_origin, sign_checkpoint

__all__ = [
    "LogLeaf",
    "LogRangeError",
    "TransparencyLog",
    "checkpoints_table",
    "head_table",
    "leaves_table",
    "nodes_table",
]

_INDEX = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: the rowid itself
_EMPTY_ROOT = hashlib.sha256(b"").digest()
_HEAD_ID = 1

leaves_table = Table(
    "transparency_leaves",
    metadata,
    Column("idx", _INDEX, primary_key=True, autoincrement=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
    Column("entry", LargeBinary, nullable=False),
    Column("appended_at", UTCDateTime(), nullable=False),
)

nodes_table = Table(
    "transparency_nodes",
    metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
    sqlite_with_rowid=False,
)

head_table = Table(
    "transparency_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("frontier", LargeBinary, nullable=False),
)

checkpoints_table = Table(
    "transparency_checkpoints",
    metadata,
    Column("tree_size", _INDEX, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("signed_at", UTCDateTime(), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("note", Text, nullable=False),
)


# Statements built once: building them per call costs more than SQLite takes to run them.
_LOCK_HEAD = (
    select(head_table.c.size, head_table.c.frontier)
    .where(head_table.c.id == _HEAD_ID)
    .with_for_update()
)
_READ_HEAD = select(head_table.c.size, head_table.c.root_hash).where(head_table.c.id == _HEAD_ID)
_UPDATE_HEAD = update(head_table).where(head_table.c.id == _HEAD_ID)
_INSERT_LEAVES = insert(leaves_table)
_INSERT_NODES = insert(nodes_table)
_INSERT_CHECKPOINT = insert(checkpoints_table)


_LEAF_HASHES = select(leaves_table.c.idx, leaves_table.c.leaf_hash).where(
    leaves_table.c.idx.in_(bindparam("idxs", expanding=True))
)


@functools.cache
def _nodes_query(levels: int) -> Select[tuple[int, int, bytes]]:
    """Stored subtree hashes at ``levels`` levels: ``level = :levelK AND idx IN :idxK``, ORed.

    Both backends search the primary key with this (SQLite would scan the table for a
    row-value IN), and its shape depends only on the number of levels, so at most 64
    statements exist and SQLAlchemy compiles each once.
    """
    condition = or_(
        *(
            and_(
                nodes_table.c.level == bindparam(f"level{k}"),
                nodes_table.c.idx.in_(bindparam(f"idx{k}", expanding=True)),
            )
            for k in range(levels)
        )
    )
    return select(nodes_table.c.level, nodes_table.c.idx, nodes_table.c.hash).where(condition)


class LogRangeError(PoliceAIError, ValueError):
    """A leaf index or tree size beyond the log (or negative)."""


@dataclass(frozen=True)
class LogLeaf:
    index: int
    entry: bytes
    leaf_hash: bytes
    appended_at: datetime


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _levels(size: int) -> list[int]:
    """The levels of the complete subtrees a tree of ``size`` leaves splits into, largest first."""
    return [level for level in range(size.bit_length() - 1, -1, -1) if size >> level & 1]


def _blocks(start: int, end: int) -> list[tuple[int, int]]:
    """The complete subtrees ``(level, idx)`` that ``[start, end)`` splits into, largest first.

    ``start`` is a multiple of a power of two at least ``end - start``, as it is for every
    range of the RFC's recursions; so ``MTH(D[start:end])`` folds them from the right.
    """
    blocks, position = [], start
    for level in _levels(end - start):
        blocks.append((level, position >> level))
        position += 1 << level
    return blocks


def _fold(hashes: list[bytes]) -> bytes:
    root = hashes[-1]
    for left in reversed(hashes[:-1]):
        root = _node(left, root)
    return root


def _split(size: int) -> int:
    return 1 << ((size - 1).bit_length() - 1)


def _inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The subtrees whose hashes make ``PATH(index, D[size])``, bottom-up (as merkle.py)."""
    ranges, start, end = [], 0, size
    while end - start > 1:
        middle = start + _split(end - start)
        if index < middle:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start = middle
    ranges.reverse()
    return ranges


def _consistency_ranges(old_size: int, size: int) -> list[tuple[int, int]]:
    """The subtrees whose hashes make ``PROOF(old_size, D[size])``, bottom-up (as merkle.py)."""
    if old_size in (0, size):
        return []
    ranges, start, end, remaining, whole_old_tree = [], 0, size, old_size, True
    while remaining != end - start:
        middle = start + _split(end - start)
        if remaining <= middle - start:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            remaining -= middle - start
            start = middle
            whole_old_tree = False
    if not whole_old_tree:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def _check_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


class TransparencyLog:
    """The append-only Merkle log on ``engine`` (SQLite or PostgreSQL).

    With a ``signing_key``, every append signs a checkpoint for the tree size it publishes,
    in the same transaction (see :mod:`.checkpoints`); without one, none is stored.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        signing_key: Ed25519PrivateKey | None = None,
        origin: str = DEFAULT_ORIGIN,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        check_origin(origin)
        self.engine = engine
        self.origin = origin
        self._key = signing_key
        self._key_id = key_id(signing_key) if signing_key is not None else ""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._sqlite = engine.dialect.name == "sqlite"

    # -- writing ------------------------------------------------------------------------------

    def append(self, entry: bytes) -> int:
        """Append one entry; its leaf index."""
        return self.append_many([entry])[0]

    def append_many(
        self,
        entries: Iterable[bytes],
        *,
        before_commit: Callable[[Connection, list[int]], None] | None = None,
    ) -> list[int]:
        """Append entries in one transaction, in order; their leaf indexes (consecutive).

        ``before_commit``, if given, is called with the transaction's connection and the new
        indexes after the log's rows are written and before they commit, holding the log's
        write lock: what it writes commits with the leaves, or not at all (an exception it
        raises rolls the whole append back and propagates; with no entries it is not called).
        A projection writes its tracking position there, so each event is a leaf exactly once.
        """
        batch = [bytes(entry) for entry in self._checked(entries)]
        if not batch:
            return []
        sha256 = hashlib.sha256
        # Leaf hashes do not depend on the position: compute them before taking the lock.
        leaf_hashes = [sha256(b"\x00" + entry).digest() for entry in batch]
        with self._writing() as conn:
            size, frontier = self._lock_head(conn)
            now = self._clock()  # under the lock, so times follow the index order
            levels = _levels(size)
            hashes = [frontier[32 * i : 32 * i + 32] for i in range(len(levels))]
            leaf_rows, node_rows = [], []
            for offset, (entry, leaf) in enumerate(zip(batch, leaf_hashes, strict=True)):
                leaf_rows.append(
                    {"idx": size + offset, "leaf_hash": leaf, "entry": entry, "appended_at": now}
                )
                digest, level, count = leaf, 0, size + offset + 1
                while levels and levels[-1] == level:
                    levels.pop()
                    digest = sha256(b"\x01" + hashes.pop() + digest).digest()
                    level += 1
                    node_rows.append({"level": level, "idx": (count >> level) - 1, "hash": digest})
                levels.append(level)
                hashes.append(digest)
            new_size, root = size + len(batch), _fold(hashes)
            head = {"size": new_size, "root_hash": root, "frontier": b"".join(hashes)}
            conn.execute(_UPDATE_HEAD, head)
            conn.execute(_INSERT_LEAVES, leaf_rows)
            if node_rows:
                conn.execute(_INSERT_NODES, node_rows)
            if self._key is not None:
                note = sign_checkpoint(self._key, self.origin, new_size, root, now)
                checkpoint = {"tree_size": new_size, "root_hash": root, "signed_at": now}
                conn.execute(
                    _INSERT_CHECKPOINT, {**checkpoint, "key_id": self._key_id, "note": note}
                )
            if before_commit is not None:
                before_commit(conn, list(range(size, new_size)))
        return list(range(size, new_size))

    @staticmethod
    def _checked(entries: Iterable[bytes]) -> Iterator[bytes]:
        for entry in entries:
            if not isinstance(entry, bytes | bytearray | memoryview):
                raise TypeError(f"a log entry must be bytes, not {type(entry).__name__}")
            yield entry

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A transaction that holds the log's write lock once :meth:`_lock_head` ran."""
        with self.engine.connect() as conn:
            if self._sqlite:
                # Take SQLite's write lock now (waiting up to the busy timeout), not at the
                # first write: two deferred transactions could both read the same head.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execution_options(isolation_level="READ COMMITTED")
            yield conn
            conn.commit()

    def _lock_head(self, conn: Connection) -> tuple[int, bytes]:
        """Lock the head row (creating it for an empty log); the size and frontier."""
        row = conn.execute(_LOCK_HEAD).first()
        if row is None:
            dialect_insert = sqlite_insert if self._sqlite else pg_insert
            conn.execute(
                dialect_insert(head_table)
                .values(id=_HEAD_ID, size=0, root_hash=_EMPTY_ROOT, frontier=b"")
                .on_conflict_do_nothing()
            )
            row = conn.execute(_LOCK_HEAD).one()
        size, frontier = int(row.size), bytes(row.frontier)
        if len(frontier) != 32 * len(_levels(size)):
            raise RuntimeError(f"the transparency log's head is corrupt at size {size}")
        return size, frontier

    # -- reading ------------------------------------------------------------------------------

    def size(self) -> int:
        """The number of leaves (the latest published tree size)."""
        with self.engine.connect() as conn:
            return self._head(conn)[0]

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the tree of the first ``size`` leaves (default: all)."""
        with self.engine.connect() as conn:
            current, root = self._head(conn)
            size = self._tree_size(size, current, "size")
            if size == current:
                return root
            if size == 0:
                return _EMPTY_ROOT
            return self._range_hashes(conn, [(0, size)])[0]

    def leaf(self, index: int) -> LogLeaf:
        """The leaf at ``index``: its entry, leaf hash and append time."""
        _check_int(index, "index")
        row = None
        if index >= 0:
            with self.engine.connect() as conn:
                query = select(leaves_table).where(leaves_table.c.idx == index)
                row = conn.execute(query).first()
        if row is None:
            raise LogRangeError(f"the transparency log has no leaf {index}")
        return LogLeaf(int(row.idx), bytes(row.entry), bytes(row.leaf_hash), row.appended_at)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """``PATH(index, D[size])``: the audit path of leaf ``index`` in the tree of ``size``."""
        _check_int(index, "index")
        with self.engine.connect() as conn:
            size = self._tree_size(size, self._head(conn)[0], "size")
            if not 0 <= index < size:
                raise LogRangeError(f"index {index} is out of range for a tree of {size} leaves")
            return self._range_hashes(conn, _inclusion_ranges(index, size))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """``PROOF(old_size, D[new_size])``: the tree of ``new_size`` extends ``old_size``'s."""
        _check_int(old_size, "old_size")
        with self.engine.connect() as conn:
            new_size = self._tree_size(new_size, self._head(conn)[0], "new_size")
            if not 0 <= old_size <= new_size:
                raise LogRangeError(
                    f"old_size {old_size} is out of range for a tree of {new_size} leaves"
                )
            return self._range_hashes(conn, _consistency_ranges(old_size, new_size))

    def latest_checkpoint(self) -> str | None:
        """The signed checkpoint of the latest tree size, or None if none was signed."""
        query = select(checkpoints_table.c.note).order_by(checkpoints_table.c.tree_size.desc())
        with self.engine.connect() as conn:
            return conn.execute(query.limit(1)).scalar()

    def checkpoint(self, size: int) -> str | None:
        """The signed checkpoint of tree size ``size``, or None if that size has none."""
        query = select(checkpoints_table.c.note).where(checkpoints_table.c.tree_size == size)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def _head(self, conn: Connection) -> tuple[int, bytes]:
        row = conn.execute(_READ_HEAD).first()
        return (0, _EMPTY_ROOT) if row is None else (int(row.size), bytes(row.root_hash))

    @staticmethod
    def _tree_size(size: int | None, current: int, name: str) -> int:
        if size is None:
            return current
        _check_int(size, name)
        if not 0 <= size <= current:
            raise LogRangeError(f"{name} {size} is out of range: the log has {current} leaves")
        return size

    def _range_hashes(self, conn: Connection, ranges: list[tuple[int, int]]) -> list[bytes]:
        """``MTH(D[start:end])`` of each range, from the stored subtree hashes."""
        plans = [_blocks(start, end) for start, end in ranges]
        wanted = {block for plan in plans for block in plan}
        found: dict[tuple[int, int], bytes] = {}
        leaf_indexes = [idx for level, idx in wanted if level == 0]
        node_keys = [key for key in wanted if key[0] > 0]
        if leaf_indexes:
            for idx, digest in conn.execute(_LEAF_HASHES, {"idxs": leaf_indexes}):
                found[0, int(idx)] = bytes(digest)
        if node_keys:
            by_level: dict[int, list[int]] = {}
            for level, idx in node_keys:
                by_level.setdefault(level, []).append(idx)
            params: dict[str, object] = {}
            for k, (level, idxs) in enumerate(by_level.items()):
                params[f"level{k}"], params[f"idx{k}"] = level, idxs
            for level, idx, digest in conn.execute(_nodes_query(len(by_level)), params):
                found[int(level), int(idx)] = bytes(digest)
        if len(found) != len(wanted):
            missing = sorted(wanted - found.keys())[:3]
            raise RuntimeError(f"the transparency log is missing subtree hashes {missing}")
        return [_fold([found[block] for block in plan]) for plan in plans]
