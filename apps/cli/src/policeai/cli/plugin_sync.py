"""``policeai plugins sync`` and ``policeai plugins install``: a force takes certified tools
from the Police.AI registry, trusting only what the pinned key signed.

``sync`` fetches the signed catalogue, verifies it with the pinned public key and checks with
a consistency proof that the registry's transparency log only grew since the last sync, then
replaces the force's catalogue view in one transaction (see
:mod:`policeai.registry.sync`). On any failure it prints why, exits non-zero and changes
nothing.

``install NAME==VERSION`` installs a release only if the force's verified catalogue lists it
as certified and current, and only if the downloaded wheel has the SHA-256 the catalogue
gives. The wheel is installed, without its dependencies and without asking any other index,
by ``PYTHON -m pip install --no-deps --no-index WHEEL`` when that interpreter has pip, and
otherwise by ``uv pip install --python PYTHON --no-deps --no-index WHEEL`` (uv from ``$UV`` or
the ``PATH``). ``PYTHON`` is the interpreter running this command unless ``--python`` names
another; ``--target DIR`` installs into a directory instead of the environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from policeai.cli.runtime import Runtime, echo_json, pass_runtime
from policeai.core.errors import PoliceAIError
from policeai.registry.client import RegistryClient
from policeai.registry.sync import installable_release, sync_catalogue
from policeai.registry.wheels import WheelHashError

UNCHANGED = "the force's catalogue view was not changed"
#: A catalogue older than this draws a warning (the registry issues one at least hourly).
STALE_AFTER = timedelta(days=1)


@click.command("sync")
@click.option(
    "--registry",
    "registry_url",
    help="The registry's address (default: $POLICEAI_REGISTRY_URL, http://127.0.0.1:8000).",
)
@click.option(
    "--public-key",
    help="The registry's pinned Ed25519 public key, base64 (default: "
    "$POLICEAI_REGISTRY_PUBLIC_KEY).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_runtime
def sync(runtime: Runtime, registry_url: str | None, public_key: str | None, as_json: bool) -> None:
    """Fetch and verify the signed catalogue and update the force's catalogue view.

    A release the catalogue lists as suspended, revoked or expired, or no longer lists, is
    refused by the gateway from then on.
    """
    settings = runtime.settings
    url = (registry_url or settings.registry_url).strip()
    key = (public_key or settings.registry_public_key).strip()
    if not key:
        raise PoliceAIError(
            "no pinned registry key: set POLICEAI_REGISTRY_PUBLIC_KEY or pass --public-key "
            "(Police.AI's 'policeai registry public-key' prints it)"
        )
    platform = runtime.platform()
    try:
        with RegistryClient(url) as client:
            report = sync_catalogue(platform.engine, client, key)
    except PoliceAIError as exc:
        raise click.ClickException(f"sync failed: {exc} ({UNCHANGED})") from None
    if as_json:
        echo_json(report.to_dict())
        return
    counts = ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items()))
    click.echo(
        f"Synced the Police.AI catalogue from {report.registry_url} (key {report.key_id}, "
        f"issued {report.issued_at:%Y-%m-%d %H:%M:%S} UTC): "
        + (f"releases {counts}." if counts else "it lists no releases.")
    )
    age = datetime.now(UTC) - report.issued_at
    if age > STALE_AFTER:
        click.echo(
            f"warning: the catalogue was issued {age.days} days ago; Police.AI issues a new one "
            "at least hourly: check that you are not being served an old copy"
        )
    if report.previous_size is None:
        click.echo(
            f"First sync: recorded the transparency log at {report.tree_size} leaves; "
            "every later sync must extend it."
        )
    elif report.previous_size == report.tree_size:  # the same catalogue, or a re-issue
        click.echo(
            f"The transparency log is as it was at the last sync ({report.tree_size} leaves, "
            "the same root)."
        )
    else:
        click.echo(
            f"The transparency log grew from {report.previous_size} to {report.tree_size} "
            "leaves: its consistency proof verified."
        )


def installer_command(python: str, wheel: Path, target: Path | None) -> list[str]:
    """The command that installs ``wheel`` alone into ``python``'s environment (or ``target``)."""
    try:
        probe = subprocess.run(  # noqa: S603 - the operator's own interpreter
            [python, "-c", "import pip"], capture_output=True, check=False
        )
    except OSError as exc:
        raise PoliceAIError(f"cannot run the interpreter {python}: {exc.strerror}") from None
    if probe.returncode == 0:
        command = [
            python,
            *("-m", "pip", "install", "--no-deps", "--no-index"),
            *("--disable-pip-version-check", "--no-input"),
        ]
    else:
        uv = os.environ.get("UV") or shutil.which("uv")
        if not uv:
            raise PoliceAIError(
                f"{python} has no pip and no uv is on the PATH: add pip to it "
                "('python -m ensurepip') or put uv on the PATH"
            )
        command = [uv, "pip", "install", "--python", python, "--no-deps", "--no-index"]
    if target is not None:
        command += ["--target", str(target)]
    return [*command, str(wheel)]


@click.command("install")
@click.argument("requirement", metavar="NAME==VERSION")
@click.option(
    "--index-url",
    help="The PEP 503 index to download from (default: $POLICEAI_REGISTRY_URL/simple/).",
)
@click.option(
    "--python",
    "python",
    default=sys.executable,
    show_default="this interpreter",
    help="The interpreter whose environment receives the plugin.",
)
@click.option(
    "--target",
    type=click.Path(file_okay=False, path_type=Path),
    help="Install into this directory instead of the environment.",
)
@pass_runtime
def install(
    runtime: Runtime, requirement: str, index_url: str | None, python: str, target: Path | None
) -> None:
    """Install a certified release (NAME==VERSION; NAME is the plugin id or the project).

    Only a release the force's verified catalogue lists as certified and current, and only a
    wheel whose SHA-256 is the catalogue's; otherwise nothing is installed.
    """
    name, separator, version = (part.strip() for part in requirement.partition("=="))
    if not separator or not name or not version:
        raise PoliceAIError(
            f"give the exact release as NAME==VERSION (e.g. my-tool==1.0.0), not {requirement!r}"
        )
    platform = runtime.platform()
    release = installable_release(
        platform.engine, platform.catalogue, name, version, now=datetime.now(UTC)
    )
    index = index_url or f"{runtime.settings.registry_url.rstrip('/')}/simple/"
    with RegistryClient(index) as client, tempfile.TemporaryDirectory() as directory:
        try:
            url = client.wheel_url(index, release.wheel_filename)
            wheel = client.download_wheel(
                url, Path(directory), release.wheel_filename, release.wheel_sha256
            )
        except WheelHashError as exc:
            raise click.ClickException(f"{exc}; nothing was installed") from None
        except PoliceAIError as exc:
            raise click.ClickException(
                f"cannot download {release.wheel_filename}: {exc}; nothing was installed"
            ) from None
        command = installer_command(python, wheel, target)
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise click.ClickException(
            f"the installer ({' '.join(command[:4])} ...) failed: " + " / ".join(output)
        )
    where = f"into {target}" if target else f"into the environment of {python}"
    click.echo(
        f"Installed {release.plugin_id} {release.version} (certificate {release.certificate_id}, "
        f"wheel SHA-256 {release.wheel_sha256}) {where}."
    )
    click.echo(
        "Restart the server to load it; then enable it for roles with 'policeai tools install'."
    )
