"""Steps and checks the browser tests share."""

from __future__ import annotations

from typing import Any

#: A laptop's and a tablet's (portrait) viewport.
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 768, "height": 1024}
#: A browser set up as an officer's in England would be.
UK = {"locale": "en-GB", "timezone_id": "Europe/London"}


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def fits_without_sideways_scrolling(page: Any) -> bool:
    """Nothing on the page is wider than the window."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
