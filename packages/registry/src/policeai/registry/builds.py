"""Build a tool's wheel from the source tree it is installed from, reproducibly.

Police.AI's own tools live in this repository's workspace and are installed from their source
trees (PEP 660 editable installs, which record the tree in ``direct_url.json``, PEP 610). To
publish one, the registry builds its wheel with hatchling, the backend the tools declare.
Hatchling builds reproducibly (fixed timestamps, sorted entries), so the same source gives the
same bytes and the same SHA-256 on every machine: the hash a release is certified with can be
checked by anyone who rebuilds it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from urllib.parse import unquote, urlparse

from policeai.core.errors import PoliceAIError
from policeai.registry.wheels import check_filename, sha256_hex

__all__ = ["BuiltWheel", "WheelBuildError", "build_wheel", "source_tree"]


class WheelBuildError(PoliceAIError):
    """The wheel cannot be built: the distribution is not installed from a source tree, or the
    build failed."""


@dataclass(frozen=True)
class BuiltWheel:
    filename: str
    sha256: str
    data: bytes


def source_tree(distribution_name: str) -> Path:
    """The directory ``distribution_name`` is installed from (its ``pyproject.toml``'s)."""
    try:
        dist = distribution(distribution_name)
    except PackageNotFoundError:
        raise WheelBuildError(f"the distribution {distribution_name} is not installed") from None
    raw = dist.read_text("direct_url.json")
    if not raw:
        raise WheelBuildError(
            f"{distribution_name} {dist.version} was installed from a wheel, not a source "
            "tree: there is nothing here to build it from"
        )
    try:
        url = json.loads(raw).get("url", "")
    except (json.JSONDecodeError, AttributeError):
        raise WheelBuildError(f"{distribution_name}'s direct_url.json is not valid") from None
    parsed = urlparse(url)
    root = Path(unquote(parsed.path))
    if parsed.scheme != "file" or not (root / "pyproject.toml").is_file():
        raise WheelBuildError(
            f"{distribution_name} was installed from {url!r}, not a local source tree with a "
            "pyproject.toml"
        )
    return root


def build_wheel(distribution_name: str) -> BuiltWheel:
    """Build the wheel of ``distribution_name`` from its source tree (see the module)."""
    from hatchling.builders.wheel import WheelBuilder

    root = source_tree(distribution_name)
    with tempfile.TemporaryDirectory(prefix="policeai-build-") as directory:
        try:
            paths = list(WheelBuilder(str(root)).build(directory=directory, versions=["standard"]))
        except Exception as exc:  # hatchling raises plain exceptions for bad projects
            raise WheelBuildError(
                f"building the wheel of {distribution_name} from {root} failed: {exc}"
            ) from exc
        if len(paths) != 1:
            raise WheelBuildError(f"building {distribution_name} gave {len(paths)} wheels, not 1")
        path = Path(paths[0])
        data = path.read_bytes()
    return BuiltWheel(check_filename(path.name), sha256_hex(data), data)
