"""The case web app: server-rendered pages (Jinja templates, htmx) for officers, supervisors,
analysts, force administrators and Police.AI certifiers, signed in with a session cookie.

:func:`build_ui` gives :func:`policeai.web.app.create_app` everything the pages need: their
routers, the session and sign-in throttle stores, the CSRF and template configuration and the
app-level middleware.
"""

from __future__ import annotations

from policeai.web.ui.setup import WebUI, build_ui

__all__ = ["WebUI", "build_ui"]
