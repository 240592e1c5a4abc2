"""HTML pages: the home page and an API reference that needs nothing from the internet."""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request
from litestar.openapi.plugins import OpenAPIRenderPlugin

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
header { background: #0b2545; color: #fff; padding: 1.2rem 2rem; }
header h1 { margin: 0; font-size: 1.6rem; }
header p { margin: .2rem 0 0; color: #c9d6ea; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px;
          padding: 1rem 1.5rem; margin-bottom: 1rem; }
.figure { font-size: 2.4rem; font-weight: 700; color: #0b2545; }
a { color: #0b5cad; }
code { background: #eef1f5; padding: .1rem .3rem; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eef1f5;
         vertical-align: top; }
.method { font-family: monospace; font-weight: 700; }
"""


def page(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        "<header><h1>Police.AI</h1><p>Certified AI tools for policing, on an "
        "event-sourced case record</p></header>"
        f"<main>{body}</main></body></html>"
    )


def home_page(cases: int, forces: int) -> str:
    return page(
        "Police.AI",
        f"""
<section>
  <p>Police.AI is the national platform that tests, certifies and publishes AI tools for
  policing. Forces install only certified tools; officers use them to speed up routine
  recording, and every suggestion a tool makes waits for a person to accept or reject it.
  Every change to a case and every look at personal data is recorded: who, when and why.</p>
</section>
<section>
  <div class="figure">{cases}</div>
  <p>cases recorded, across {forces} force{"" if forces == 1 else "s"}.</p>
</section>
<section>
  <h2>For developers</h2>
  <ul>
    <li><a href="/schema">API reference</a>
        (<a href="/schema/openapi.json">OpenAPI JSON</a>)</li>
    <li><a href="/api/cases">The cases API</a>: sign in with HTTP Basic authentication,
        and say why you are looking with an <code>X-Purpose</code> header.</li>
    <li><a href="/health">Health</a></li>
  </ul>
</section>""",
    )


class ApiReferencePlugin(OpenAPIRenderPlugin):
    """Render the OpenAPI document as a plain HTML page (no scripts, no CDN)."""

    def __init__(self) -> None:
        super().__init__(path="/", favicon="", style="")

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        rows = []
        for path, operations in openapi_schema.get("paths", {}).items():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                summary = operation.get("summary") or operation.get("operationId", "")
                description = operation.get("description") or ""
                rows.append(
                    f"<tr><td class='method'>{escape(method.upper())}</td>"
                    f"<td><code>{escape(path)}</code></td>"
                    f"<td><strong>{escape(summary)}</strong><br>{escape(description)}</td></tr>"
                )
        info = openapi_schema.get("info", {})
        json_url = escape(self.get_openapi_json_route(request))
        body = (
            f"<section><h2>{escape(info.get('title', 'API'))} "
            f"{escape(str(info.get('version', '')))}</h2>"
            f"<p>The machine-readable description: <a href='{json_url}'>"
            "OpenAPI JSON</a>.</p></section>"
            "<section><table><tr><th>method</th><th>path</th><th>what it does</th></tr>"
            + "".join(rows)
            + "</table></section>"
        )
        return page("Police.AI API reference", body).encode()
