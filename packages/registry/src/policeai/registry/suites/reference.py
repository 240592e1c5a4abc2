"""The labelled reference data the record-work tools' suites run on.

By default that is the held-out evaluation set (``policeai/core/evaluation/data/test.jsonl``):
written apart from the tools and never tuned on. A report names the file by the SHA-256 of its
bytes, so it says exactly what it was measured on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from policeai.core.errors import PoliceAIError
from policeai.core.evaluation.dataset import DEV_SET_PATH, DatasetError, EvalDocument, load_dataset

__all__ = ["STYLES", "TEST_SET_PATH", "ReferenceDataError", "narrative_style", "reference_set"]

#: The held-out evaluation set: no tool is tuned on it.
TEST_SET_PATH = DEV_SET_PATH.with_name("test.jsonl")
#: Document id endings -> narrative style.
STYLES = {"call": "999 call", "statement": "statement", "report": "officer report"}
#: More than this share of upper-case letters: written in capitals, as 999-call notes are.
_CAPITALS = 0.6


class ReferenceDataError(PoliceAIError):
    """The reference data file is missing or malformed."""


def reference_set(path: Path = TEST_SET_PATH) -> tuple[list[EvalDocument], str]:
    """The labelled documents of ``path`` and the SHA-256 of the file's bytes."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReferenceDataError(f"the reference data file {path} is missing") from None
    try:
        docs = load_dataset(path)
    except DatasetError as exc:
        raise ReferenceDataError(f"the reference data file is not valid: {exc}") from None
    if not docs:
        raise ReferenceDataError(f"the reference data file {path} holds no documents")
    return docs, hashlib.sha256(raw).hexdigest()


def narrative_style(doc: EvalDocument | str) -> str:
    """999 call, statement or officer report: from the end of the id ("test-001-call"); for a
    document whose id does not say, from the writing (capitals, all lower case, or neither).
    An id alone that does not say is "other"."""
    doc_id = doc if isinstance(doc, str) else doc.id
    suffix = doc_id.rsplit("-", 1)[-1]
    if suffix in STYLES:
        return STYLES[suffix]
    if isinstance(doc, str):
        return "other"
    letters = [c for c in doc.text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > _CAPITALS:
        return STYLES["call"]
    if doc.text == doc.text.lower():
        return STYLES["report"]
    return STYLES["statement"]
