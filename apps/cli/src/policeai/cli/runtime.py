"""What every command shares: the settings, one platform per run, and how to print results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from policeai.core.context import Actor
from policeai.core.errors import PoliceAIError
from policeai.core.platform import Platform
from policeai.core.settings import Settings


class Runtime:
    """Settings read when first needed, and a platform opened once and closed at the end."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._platform: Platform | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.from_env()
        return self._settings

    def platform(self, *, close_at_exit: bool = True) -> Platform:
        if self._platform is None:
            self._platform = Platform(self.settings)
            if close_at_exit:
                click.get_current_context().call_on_close(self._platform.close)
        return self._platform

    def actor(self, username: str, purpose: str) -> Actor:
        """Act as a user of the platform: their force and role come from their user record."""
        user = self.platform().users.get(username)
        if user is None:
            raise PoliceAIError(f"no user named {username!r}: add one with 'policeai users add'")
        if not purpose.strip():
            raise PoliceAIError("say why (--purpose): it is recorded in the access log")
        return Actor(
            user=user["username"], force=user["force"], purpose=purpose.strip(), role=user["role"]
        )


pass_runtime = click.make_pass_decorator(Runtime, ensure=True)


def hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


def echo_table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str, int]]) -> None:
    """Print rows as a plain table: (key, heading, width) per column, values cut to fit."""

    def cell(value: Any, width: int) -> str:
        text = " ".join(str("" if value is None else value).split())
        return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)

    click.echo("  ".join(cell(heading, width) for _, heading, width in columns).rstrip())
    for row in rows:
        click.echo("  ".join(cell(row.get(key), width) for key, _, width in columns).rstrip())
