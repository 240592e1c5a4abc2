"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policeai.core.settings import get_settings

README = Path(__file__).parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"example-{i}" for i in range(len(BLOCKS))])
def test_a_readme_example_runs(block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POLICEAI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("POLICEAI_SECRET_KEY", "readme")
    get_settings.cache_clear()
    try:
        exec(compile(block, str(README), "exec"), {"__name__": "readme_example"})  # noqa: S102
    finally:
        get_settings.cache_clear()


def test_the_readme_has_examples():
    assert len(BLOCKS) >= 2
