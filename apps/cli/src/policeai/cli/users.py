"""``policeai users``: the people who sign in."""

from __future__ import annotations

import secrets

import click

from policeai.cli.runtime import Runtime, pass_runtime
from policeai.core.users import ROLES


@click.group()
def users() -> None:
    """Users: each belongs to one force and has one role."""


@users.command("add")
@click.option("--username", required=True, help="The name to sign in with.")
@click.option("--force", required=True, help="The force the user belongs to (e.g. demo).")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the user does.")
@click.option("--display-name", required=True, help="The user's name as others see it.")
@click.option(
    "--generate-password",
    is_flag=True,
    help="Generate a password and print it once, instead of asking for one.",
)
@pass_runtime
def add(
    runtime: Runtime,
    username: str,
    force: str,
    role: str,
    display_name: str,
    generate_password: bool,
) -> None:
    """Add a user; asks for the password (at least 12 characters) unless generated."""
    if generate_password:
        password = secrets.token_urlsafe(18)
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    runtime.platform().users.add(
        username=username, force=force, role=role, display_name=display_name, password=password
    )
    click.echo(f"added {role} {username!r} ({display_name}) to force {force!r}")
    if generate_password:
        click.echo(f"password (shown once): {password}")
