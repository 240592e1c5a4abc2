"""``policeai registry``: Police.AI's side of publishing, the signing key and the wheels.

* ``keygen`` makes the Ed25519 key that signs the catalogue and every checkpoint of the
  transparency log; it lives in a file outside the database (mode 0600) and is never
  replaced by this command. Forces pin its public key (``POLICEAI_REGISTRY_PUBLIC_KEY``).
* ``public-key`` prints the public key and key id of the key in place.
* ``publish-wheel`` stores a submitted release's wheel in the wheel store, if its SHA-256 is
  the one the release was submitted with; it is served once the release is certified.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import click

from policeai.cli.runtime import Runtime, pass_runtime
from policeai.core.errors import NotFoundError
from policeai.core.settings import Settings
from policeai.registry.entries.application import Registry, registry_env
from policeai.registry.keys import (
    generate_key,
    key_id,
    load_signing_key,
    public_key_b64,
    signing_key_path,
)
from policeai.registry.wheels import WHEELS_DIR, WheelStore


def ensure_signing_key(settings: Settings) -> Path | None:
    """Generate the signing key if there is none (the embedded default's first start).

    Returns the path of a key made now, or None if one was there already.
    """
    path = signing_key_path(settings)
    if path.exists():
        return None
    key = generate_key(path)
    click.echo(f"Generated the Police.AI signing key at {path} (mode 0600).")
    click.echo(f"  public key: {public_key_b64(key)}   key id: {key_id(key)}")
    click.echo(f"  forces pin it: POLICEAI_REGISTRY_PUBLIC_KEY={public_key_b64(key)}")
    return path


@click.group()
def registry() -> None:
    """Police.AI's registry: the signing key and the certified releases' wheels."""


@registry.command("keygen")
@click.option(
    "--path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the key (default: $POLICEAI_SIGNING_KEY, else "
    "<data dir>/police-ai-signing-key.pem).",
)
@pass_runtime
def keygen(runtime: Runtime, path: Path | None) -> None:
    """Generate the Ed25519 key that signs the catalogue and the log's checkpoints.

    Refuses to replace an existing key: every signature it made would stop verifying.
    """
    path = path or signing_key_path(runtime.settings)
    key = generate_key(path)
    click.echo(f"Generated the Police.AI signing key at {path} (mode 0600; keep it safe).")
    click.echo(f"public key: {public_key_b64(key)}")
    click.echo(f"key id:     {key_id(key)}")
    click.echo(f"Forces pin it: POLICEAI_REGISTRY_PUBLIC_KEY={public_key_b64(key)}")


@registry.command("public-key")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), help="The key file.")
@pass_runtime
def public_key(runtime: Runtime, path: Path | None) -> None:
    """Print the public key and key id of the signing key (what forces pin)."""
    key = load_signing_key(path or signing_key_path(runtime.settings))
    click.echo(f"public key: {public_key_b64(key)}")
    click.echo(f"key id:     {key_id(key)}")


def _find_entry(app: Registry, entry: str) -> dict[str, Any]:
    try:
        return app.get_entry(UUID(entry))
    except ValueError:
        return app.get_entry_by_slug(entry)


@registry.command("publish-wheel")
@click.argument("entry")
@click.argument("version")
@click.argument("wheel", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_runtime
def publish_wheel(runtime: Runtime, entry: str, version: str, wheel: Path) -> None:
    """Store the wheel of release VERSION of ENTRY (a slug or an entry id).

    The file must have the SHA-256 the release was submitted with; it is stored under the
    release's wheel file name and served at /simple/ while the release is certified.
    """
    app = Registry(registry_env(runtime.settings))
    try:
        found = _find_entry(app, entry)
        releases = [r for r in found["releases"] if r["version"] == version]
        if not releases:
            raise NotFoundError(f"the registry entry {found['slug']} has no release {version}")
        release = app.get_release(releases[0]["release_id"])
    finally:
        app.close()
    store = WheelStore(runtime.settings.data_dir / WHEELS_DIR)
    stored = store.store_wheel(wheel, release["wheel_sha256"], filename=release["wheel_filename"])
    click.echo(
        f"Stored {release['wheel_filename']} (SHA-256 {release['wheel_sha256']}) at {stored}; "
        f"it is served at /simple/ while {release['slug']} {version} is certified "
        f"(now {release['standing']})."
    )
