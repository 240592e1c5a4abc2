"""Police.AI's own tools are published as wheels built from their source, reproducibly."""

from __future__ import annotations

import io
import zipfile

import pytest

from policeai.registry.builds import WheelBuildError, build_wheel, source_tree
from policeai.registry.wheels import sha256_hex

TOOL_DISTRIBUTION = "policeai-summariser"


def test_a_tool_is_built_from_its_source_tree_with_the_same_bytes_each_time() -> None:
    first = build_wheel(TOOL_DISTRIBUTION)
    second = build_wheel(TOOL_DISTRIBUTION)

    assert first.filename == "policeai_summariser-1.0.0-py3-none-any.whl"
    assert first.data == second.data
    assert first.sha256 == sha256_hex(first.data)
    with zipfile.ZipFile(io.BytesIO(first.data)) as wheel:
        names = wheel.namelist()
        entry_points = wheel.read("policeai_summariser-1.0.0.dist-info/entry_points.txt")
    assert "[policeai.plugins]" in entry_points.decode()
    assert all(not name.endswith(".pyc") for name in names)
    assert any(name.startswith("policeai/plugins/summarisation/") for name in names)
    assert (source_tree(TOOL_DISTRIBUTION) / "pyproject.toml").is_file()


@pytest.mark.parametrize(
    ("distribution", "message"),
    [
        ("msgspec", "installed from a wheel, not a source tree"),
        ("policeai-no-such-tool", "is not installed"),
    ],
)
def test_what_cannot_be_built_is_refused_with_the_reason(distribution: str, message: str) -> None:
    with pytest.raises(WheelBuildError, match=message):
        build_wheel(distribution)
