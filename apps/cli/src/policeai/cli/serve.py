"""``policeai serve``: run the web application."""

from __future__ import annotations

import click

from policeai.cli.demo import load_and_report
from policeai.cli.registry import ensure_signing_key
from policeai.cli.runtime import Runtime, pass_runtime


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    envvar="PORT",
    default=8000,
    show_default=True,
    help="Port to listen on (default: $PORT if set, else 8000).",
)
@click.option(
    "--load-demo",
    is_flag=True,
    help="Load the demo force, its users and cases first (only on the first start).",
)
@pass_runtime
def serve(runtime: Runtime, host: str, port: int, load_demo: bool) -> None:
    """Run the web application (API, OpenAPI reference at /schema) until stopped."""
    import uvicorn

    from policeai.web.app import create_app

    # The app closes the platform when it shuts down.
    platform = runtime.platform(close_at_exit=False)
    try:
        if load_demo:
            ensure_signing_key(platform.settings)  # the registry's key, on the first start
            load_and_report(platform)
        app = create_app(platform)
    except BaseException:
        platform.close()
        raise
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104 - compared, not bound
    click.echo(f"Police.AI is starting at http://{shown}:{port}/  (API reference: /schema)")
    click.echo("Press Ctrl+C to stop.")
    uvicorn.run(app, host=host, port=port, log_level="info")
