"""Transparency log benchmark: appends, and proofs from stored hashes against recomputing them.

Run: ``.venv/bin/python benchmarks/transparency_log.py [--backends sqlite,postgres] [--quick]
[--leaves N] [--json PATH]``. SQLite files live in a temporary directory; PostgreSQL
(``POLICEAI_TEST_POSTGRES``, default ``postgresql://postgres@127.0.0.1:5432/test``) gets a
fresh schema per run, dropped at the end; without a server it is skipped. The signing key is
generated into the temporary directory: every append signs a checkpoint, as in production.

On each backend:

1. entries appended per second by ``TransparencyLog.append`` (one entry per transaction) and
   by ``append_many`` (1,000 per transaction), beside the baseline of inserting the same bytes
   into a plain table (autoincrement id, entry, time) with the same transaction sizes, the two
   taking turns transaction by transaction so that other load on the machine slows both alike;
2. the log is then filled to ``--leaves`` leaves (1,000,000; ``--quick``: 100,000) with
   ``append_many`` in batches of ``--batch`` (50,000), and, at that size:
3. inclusion proof generation (``log.inclusion_proof(index)``) and verification
   (``merkle.verify_inclusion``) for ``--samples`` (100) random indexes, and consistency proof
   generation (``log.consistency_proof(old, new)`` between random past tree sizes) and
   verification (``merkle.verify_consistency``); medians.

The baseline for proofs is recomputing the same proof from all the leaves, with
``merkle.inclusion_proof(entries, index)`` and ``merkle.consistency_proof(entries[:new],
old)`` over the entries held in memory (no database read counted), as a log without stored
subtree hashes must. It takes seconds a proof at a million leaves, so it runs for the first
``--baseline-samples`` (7; ``--quick``: 10) of the same random indexes and sizes, once per
run (it does not depend on the backend), and its proofs are compared with the log's. The
baseline's verification is that of its own proofs (the same bytes). Entries are shaped like
real ``InvocationDigest`` leaves (canonical JSON, 533 bytes), each one distinct. Ratios are
ours' cost over the baseline's (time per entry, or per proof), so below 1.00x is faster. No
figure is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Column, Engine, Integer, LargeBinary, MetaData, Table, insert

from policeai.core.database import UTCDateTime, make_engine, metadata
from policeai.registry import merkle
from policeai.registry.keys import generate_key
from policeai.registry.transparency import TransparencyLog, encode_leaf, invocation_digest

POSTGRES_URL = os.environ.get("POLICEAI_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
APPEND_BATCH = 1000
WARM_UP = 20
VERIFY_REPEATS = 20

bare_metadata = MetaData()
bare_leaves = Table(
    "bench_bare_leaves",
    bare_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry", LargeBinary, nullable=False),
    Column("appended_at", UTCDateTime(), nullable=False),
)


@dataclass
class Result:
    backend: str
    measure: str
    unit: str
    ours: float
    baseline: float | None
    ratio: float | None
    note: str = ""


@dataclass
class Config:
    leaves: int
    build_batch: int
    single_n: int
    batch_n: int
    samples: int
    baseline_samples: int
    seed: int = 6962
    quick: bool = False


@dataclass
class ProofTimes:
    """Median generation (ms) and verification (µs) times of one kind of proof, and the proofs."""

    generate_ms: float
    verify_us: float
    verified: int
    proofs: dict[Any, list[bytes]]


@dataclass
class Baseline:
    """The baseline: proofs recomputed from all entries, and the roots the proofs need."""

    root: bytes
    roots: dict[int, bytes]
    inclusion: ProofTimes
    consistency: ProofTimes


# -- entries ----------------------------------------------------------------------------------


def make_entries(n: int) -> list[bytes]:
    """``n`` distinct entries shaped like real ``InvocationDigest`` leaves."""
    record, _salt = invocation_digest(
        force="demo",
        registry_entry_id=uuid.UUID(int=1),
        release_version="1.4.2",
        certificate_id="PAI-0123456789AB",
        invocation_id=uuid.UUID(int=0),
        requested_at=datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC),
        finished_at=datetime(2025, 3, 1, 9, 30, 16, 654321, tzinfo=UTC),
        status="completed",
        purpose_code="investigation",
        input_digest="ab" * 32,
        output_digest="cd" * 32,
    )
    template = encode_leaf(record).replace(str(uuid.UUID(int=0)).encode(), b"%s")
    return [template % str(uuid.UUID(int=i)).encode() for i in range(n)]


# -- helpers ----------------------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bare_append(engine: Engine, entries: list[bytes]) -> None:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(bare_leaves), [{"entry": e, "appended_at": now} for e in entries])


def append_rates(
    log: TransparencyLog, engine: Engine, entries: list[bytes], per_txn: int
) -> tuple[float, float]:
    """Entries/second of the log and of the bare table, taking turns transaction by transaction."""
    totals = [0.0, 0.0]
    for step, start in enumerate(range(0, len(entries), per_txn)):
        chunk = entries[start : start + per_txn]
        for side in (0, 1) if step % 2 == 0 else (1, 0):
            if side == 0:
                ours = log.append if per_txn == 1 else log.append_many
                seconds, _ = timed(lambda f=ours, c=chunk: f(c[0] if per_txn == 1 else c))
            else:
                seconds, _ = timed(lambda c=chunk: bare_append(engine, c))
            totals[side] += seconds
    return len(entries) / totals[0], len(entries) / totals[1]


def sample_cases(cfg: Config) -> tuple[list[int], list[tuple[int, int]]]:
    """Random leaf indexes, and random (old, new) tree sizes with ``0 < old < new <= leaves``."""
    rng = random.Random(cfg.seed)
    indexes = [rng.randrange(cfg.leaves) for _ in range(cfg.samples)]
    pairs = []
    for _ in range(cfg.samples):
        new = rng.randint(2, cfg.leaves)
        pairs.append((rng.randint(1, new - 1), new))
    return indexes, pairs


def prefix_roots(entries: list[bytes], sizes: set[int]) -> dict[int, bytes]:
    """``MTH(entries[:size])`` for each size, in one pass (a compact range, as the log keeps)."""
    roots, levels, hashes = {}, [], []
    for count, entry in enumerate(entries, start=1):
        level, digest = 0, merkle.leaf_hash(entry)
        while levels and levels[-1] == level:
            levels.pop()
            digest = hashlib.sha256(b"\x01" + hashes.pop() + digest).digest()
            level += 1
        levels.append(level)
        hashes.append(digest)
        if count in sizes:
            root = hashes[-1]
            for left in reversed(hashes[:-1]):
                root = hashlib.sha256(b"\x01" + left + root).digest()
            roots[count] = root
    return roots


def time_proofs(
    cases: list[Any],
    generate: Callable[[Any], list[bytes]],
    verify: Callable[[Any, list[bytes]], bool],
) -> ProofTimes:
    """Generate a proof for each case, then verify it (VERIFY_REPEATS times: it takes µs)."""
    generate_s, verify_s, verified, proofs = [], [], 0, {}
    for case in cases:
        seconds, proof = timed(lambda c=case: generate(c))
        generate_s.append(seconds)
        proofs[case] = proof
        seconds, oks = timed(lambda c=case, p=proof: [verify(c, p) for _ in range(VERIFY_REPEATS)])
        verify_s.append(seconds / VERIFY_REPEATS)
        verified += all(oks)
    return ProofTimes(
        statistics.median(generate_s) * 1000,
        statistics.median(verify_s) * 1e6,
        verified,
        proofs,
    )


def inclusion_verifier(entries: list[bytes], size: int, root: bytes) -> Callable[..., bool]:
    def verify(index: int, proof: list[bytes]) -> bool:
        leaf = merkle.leaf_hash(entries[index])
        return merkle.verify_inclusion(leaf, index, size, proof, root)

    return verify


def consistency_verifier(roots: dict[int, bytes]) -> Callable[..., bool]:
    def verify(pair: tuple[int, int], proof: list[bytes]) -> bool:
        old, new = pair
        return merkle.verify_consistency(old, new, roots[old], roots[new], proof)

    return verify


# -- the measures -----------------------------------------------------------------------------


def measure_baseline(entries: list[bytes], cfg: Config) -> Baseline:
    """Recompute the first proofs of the random samples from all entries, as a bare log must."""
    indexes, pairs = sample_cases(cfg)
    indexes, pairs = indexes[: cfg.baseline_samples], pairs[: cfg.baseline_samples]
    roots = prefix_roots(entries, {size for pair in pairs for size in pair} | {len(entries)})
    root = roots[len(entries)]
    inclusion = time_proofs(
        indexes,
        lambda index: merkle.inclusion_proof(entries, index),
        inclusion_verifier(entries, len(entries), root),
    )
    consistency = time_proofs(
        pairs,
        lambda pair: merkle.consistency_proof(entries[: pair[1]], pair[0]),
        consistency_verifier(roots),
    )
    return Baseline(root, roots, inclusion, consistency)


def measure_appends(
    backend: str, engine: Engine, log: TransparencyLog, entries: list[bytes], cfg: Config
) -> list[Result]:
    """Append rates against the bare table, then fill the log to cfg.leaves."""
    append_rates(log, engine, entries[:WARM_UP], 1)  # connections, statement caches, head row
    print(HEADER)
    position, results = WARM_UP, []
    for n, per_txn in ((cfg.single_n, 1), (cfg.batch_n, APPEND_BATCH)):
        ours, bare = append_rates(log, engine, entries[position : position + n], per_txn)
        label = f"append, {per_txn:,} {'entry' if per_txn == 1 else 'entries'}/txn (n={n:,})"
        results.append(Result(backend, label, "entries/s", ours, bare, bare / ours, "bare INSERT"))
        print(format_row(results[-1]), flush=True)
        position += n
    built = cfg.leaves - position
    started = time.perf_counter()
    for start in range(position, cfg.leaves, cfg.build_batch):
        log.append_many(entries[start : min(start + cfg.build_batch, cfg.leaves)])
    seconds = time.perf_counter() - started
    label = f"build to {cfg.leaves:,} leaves ({cfg.build_batch:,}/txn)"
    note = f"{seconds:.1f} s for {built:,} leaves"
    results.append(Result(backend, label, "entries/s", built / seconds, None, None, note))
    print(format_row(results[-1]), flush=True)
    return results


def measure_proofs(
    backend: str, log: TransparencyLog, entries: list[bytes], cfg: Config, base: Baseline
) -> list[Result]:
    """Proofs from the log's stored hashes against the baseline's recomputed ones."""
    size, root = log.size(), log.root()
    indexes, pairs = sample_cases(cfg)
    sizes = {s for pair in pairs for s in pair}
    roots = {s: log.root(s) for s in sizes}
    roots_ok = all(roots[s] == base.roots[s] for s in base.roots if s in roots)
    print(
        f"{backend}: {size:,} leaves; root equals merkle's over all entries: "
        f"{size == cfg.leaves and root == base.root}; past roots equal: {roots_ok}"
    )
    results = []
    for kind, ours, theirs in (
        (
            "inclusion",
            time_proofs(indexes, log.inclusion_proof, inclusion_verifier(entries, size, root)),
            base.inclusion,
        ),
        (
            "consistency",
            time_proofs(pairs, lambda p: log.consistency_proof(*p), consistency_verifier(roots)),
            base.consistency,
        ),
    ):
        n, equal = len(ours.proofs), sum(ours.proofs[c] == p for c, p in theirs.proofs.items())
        gen, ver = ours.generate_ms, ours.verify_us
        results += [
            Result(
                backend,
                f"{kind} proof, generate (n={n}, baseline {len(theirs.proofs)})",
                "ms",
                gen,
                theirs.generate_ms,
                gen / theirs.generate_ms,
                f"{equal}/{len(theirs.proofs)} equal to the baseline's",
            ),
            Result(
                backend,
                f"{kind} proof, verify (n={n}, baseline {len(theirs.proofs)})",
                "µs",
                ver,
                theirs.verify_us,
                ver / theirs.verify_us,
                f"{ours.verified}/{n} verified",
            ),
        ]
        for result in results[-2:]:
            print(format_row(result), flush=True)
    return results


# -- backends ---------------------------------------------------------------------------------


@contextmanager
def sqlite_engine(tmp: Path) -> Iterator[Engine]:
    tmp.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{tmp / 'records.db'}")
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_engine(tmp: Path) -> Iterator[Engine]:
    schema = f"bench_{uuid.uuid4().hex[:12]}_tlog"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        sqlalchemy_url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
        engine = make_engine(f"{sqlalchemy_url}?options=-csearch_path%3D{schema}")
        try:
            yield engine
        finally:
            engine.dispose()
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def postgres_answers() -> bool:
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


# -- output and entry point -------------------------------------------------------------------

HEADER = f"{'backend':<9}{'measure':<52}{'ours':>16}{'baseline':>16}{'ratio':>9}  note"


def format_row(r: Result) -> str:
    fmt = "{:,.0f} " if r.unit == "entries/s" else "{:,.3f} "
    unit = "/s" if r.unit == "entries/s" else r.unit
    ours = fmt.format(r.ours) + unit
    base = "-" if r.baseline is None else fmt.format(r.baseline) + unit
    ratio = "-" if r.ratio is None else f"{r.ratio:.4f}x" if r.ratio < 0.01 else f"{r.ratio:.2f}x"
    return f"{r.backend:<9}{r.measure:<52}{ours:>16}{base:>16}{ratio:>9}  {r.note}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--quick", action="store_true", help="100,000 leaves, about a minute")
    parser.add_argument("--leaves", type=int, help="tree size for the proofs (1,000,000)")
    parser.add_argument("--batch", type=int, default=50_000, help="entries per build transaction")
    parser.add_argument("--samples", type=int, default=100, help="random proofs per measure")
    parser.add_argument("--baseline-samples", type=int, help="baseline proofs (7; quick 10)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    quick = args.quick
    cfg = Config(
        leaves=args.leaves or (100_000 if quick else 1_000_000),
        build_batch=args.batch,
        single_n=300 if quick else 1000,
        batch_n=5 * APPEND_BATCH if quick else 20 * APPEND_BATCH,
        samples=args.samples,
        baseline_samples=args.baseline_samples or (10 if quick else 7),
        quick=quick,
    )
    cfg.baseline_samples = min(cfg.baseline_samples, cfg.samples)
    if cfg.leaves < cfg.single_n + cfg.batch_n + 20:
        raise SystemExit(f"--leaves must be at least {cfg.single_n + cfg.batch_n + 20:,}")
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    print(
        f"Transparency log benchmark: Python {sys.version.split()[0]}, SQLAlchemy "
        f"{package_version('sqlalchemy')}, {cfg.leaves:,} leaves{' (quick)' if quick else ''}, "
        f"{os.cpu_count()} CPUs\n"
        "appends: ours = TransparencyLog (leaf + subtree hashes + head + signed checkpoint), "
        "baseline = plain INSERT; ratio = ours' cost / baseline's cost\n"
        f"proofs: ours from stored subtree hashes; baseline = merkle.*_proof recomputed from all "
        f"{cfg.leaves:,} entries in memory ({cfg.baseline_samples} samples, measured once); "
        "verify rows check the same proof bytes on both sides, so their ratio shows only noise"
    )
    started = time.perf_counter()
    seconds, entries = timed(lambda: make_entries(cfg.leaves))
    print(f"{len(entries):,} entries of {len(entries[0])} bytes made in {seconds:.1f} s")
    cached: list[Baseline] = []

    def baseline() -> Baseline:
        if not cached:
            seconds, base = timed(lambda: measure_baseline(entries, cfg))
            print(f"baseline: {cfg.baseline_samples} proofs of each kind in {seconds:.1f} s")
            cached.append(base)
        return cached[0]

    results: list[Result] = []
    with ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="policeai-bench-tlog-"))
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        key = generate_key(tmp / "police-ai-signing-key.pem")
        for backend in backends:
            if backend == "postgres" and not postgres_answers():
                print(f"postgres: skipped, no server answers at {POSTGRES_URL}")
                continue
            if backend not in {"sqlite", "postgres"}:
                print(f"{backend}: skipped, unknown backend (use sqlite, postgres)")
                continue
            engines = sqlite_engine if backend == "sqlite" else postgres_engine
            with engines(tmp / backend) as engine:
                metadata.create_all(engine)
                bare_metadata.create_all(engine)
                log = TransparencyLog(engine, signing_key=key)
                results += measure_appends(backend, engine, log, entries, cfg)
                results += measure_proofs(backend, log, entries, cfg, baseline())
    print(f"total {time.perf_counter() - started:.1f} s")
    if args.json:
        payload = {
            "python": sys.version.split()[0],
            "sqlalchemy": package_version("sqlalchemy"),
            "config": asdict(cfg),
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2))
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
