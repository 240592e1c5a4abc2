"""An officer works a case in a real browser: signs in, records a crime, adds a statement,
runs an AI tool and watches it run, accepts two of its suggestions and rejects one, and sees
the timeline name who accepted what from which invocation; an officer of another force is
refused the case. Also checks what a person would: keyboard use, nothing fetched from
elsewhere, no script errors, and a layout that fits a laptop and a tablet."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import LAPTOP, TABLET, UK, fits_without_sideways_scrolling, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NARRATIVE = (
    "At 21:40 on Friday Mr Tom Baker forced the rear door of 14 Orchard Way, Demoton DS4 7QT "
    "and took my bicycle and a laptop. A silver Ford Focus DS19 KXE was waiting outside and "
    "the driver phoned him on 07700 900123. I want the burglary recorded."
)
#: Reports any Content-Security-Policy violation to the console, naming the element.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  "CSP violation: " + event.violatedDirective + " by " +
  (event.target && event.target.outerHTML ? event.target.outerHTML.slice(0, 200) : "")));
"""
STATEMENT = "I saw the silver car drive off towards the ring road at about 21:45."


@pytest.fixture
def watched(live_server: Any, browser: Any) -> Any:
    """A browser tab at laptop size whose console errors, failed requests and requests to
    any other address are collected."""
    context = browser.new_context(viewport=LAPTOP, base_url=live_server.base_url, **UK)
    page = context.new_page()
    page.add_init_script(CSP_REPORTER)
    page.problems = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and page.problems.append(f"{message.text} at {message.location} on {page.url}")
        ),  # type: ignore[attr-defined]
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda request: (
            request.url.startswith(live_server.base_url)
            or request.url.startswith("data:")
            or page.problems.append(f"request to another address: {request.url}")
        ),  # type: ignore[attr-defined]
    )
    yield page
    context.close()


def test_an_officer_records_a_crime_and_reviews_an_ai_tools_suggestions(
    live_server: Any, watched: Any
) -> None:
    from playwright.sync_api import expect

    page = watched
    page.goto("/")
    live_server.shot(page, "01-home")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    sign_in(page, "officer", live_server.passwords["officer"])
    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()
    expect(page.get_by_text("Signed in as PC 4127 Sarah Okonkwo.")).to_be_visible()
    live_server.shot(page, "02-case-list")

    # Filter the list: htmx swaps the results in place and keeps the URL in step.
    page.get_by_label("Status").select_option("closed")
    expect(page).to_have_url(re.compile(r"status=closed"))
    expect(page.locator("#results")).to_be_visible()

    # Record a crime.
    page.get_by_role("link", name="Record a crime").first.click()
    page.get_by_label("What was reported").fill(NARRATIVE)
    page.get_by_label("Where it happened").fill("14 Orchard Way, Demoton")
    page.get_by_label("When it was reported").fill("2026-01-09T21:50")
    page.get_by_label("Investigating this crime").check()
    live_server.shot(page, "03-record-a-crime")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_text(re.compile(r"Opened case DEMO/\d{4}/\d+\."))).to_be_visible()
    case_url = page.url
    assert "Investigating this crime" in page.inner_text(".purpose-line")

    # Add a statement.
    page.get_by_text("Add a statement or document").click()
    page.get_by_label("Who made or wrote it").fill("Mary Cole (victim)")
    page.get_by_label("Its text").fill(STATEMENT)
    page.get_by_role("button", name="Add it").click()
    expect(page.get_by_text("Statement by Mary Cole (victim) added.")).to_be_visible()
    expect(page.locator("#statements")).to_contain_text(STATEMENT)

    # Run the tool on the narrative: progress is shown while a worker runs it.
    tool = page.locator("article.tool", has=page.get_by_role("heading", name=live_server.tool_name))
    expect(tool).to_contain_text(live_server.registry_entry)
    expect(tool.get_by_role("link", name="public record")).to_have_attribute(
        "href", f"/registry/{live_server.tool}"
    )
    tool.get_by_role("button", name=f"Run {live_server.tool_name}").click()
    expect(page.locator("#invocation")).to_be_visible()
    expect(page.get_by_text("The tool has finished")).to_be_visible(timeout=120_000)
    invocation = re.search(r"invocation ([0-9a-f]{8})", page.inner_text("#invocation")).group(1)
    live_server.shot(page, "04-case-with-suggestions")

    # Accept the first two suggestions as suggested; reject the third, saying why.
    pending = page.locator("li.suggestion-item:not(.decided)")
    assert pending.count() >= 3, "the tool suggested fewer than three items"
    labels = [pending.nth(i).locator("h4").inner_text() for i in range(3)]

    def item_of(label: str) -> Any:
        heading = page.get_by_role("heading", name=label, exact=True)
        return page.locator("li.suggestion-item", has=heading)

    for label in labels[:2]:
        item_of(label).get_by_role("button", name="Accept").click()
        expect(page.locator(".flashes")).to_contain_text(f"Accepted {label}")
    item_of(labels[2]).get_by_label("Why reject it").fill("not in the report")
    item_of(labels[2]).get_by_role("button", name="Reject").click()
    expect(page.locator(".flashes")).to_contain_text(f"Rejected {labels[2]}.")

    # The timeline names who accepted what, from which invocation of which registry entry.
    timeline = page.locator("#timeline")
    for label in labels[:2]:
        accepted = timeline.locator("li", has_text=f"Accepted the suggestion {label}")
        expect(accepted).to_contain_text("By PC 4127 Sarah Okonkwo (officer)")
        expect(accepted).to_contain_text(f"Invocation {invocation} of {live_server.registry_entry}")
    expect(timeline.locator("li", has_text=f"Rejected the suggestion {labels[2]}")).to_contain_text(
        "not in the report"
    )
    facts = timeline.locator(
        "li", has_text=f"Accepted by PC 4127 Sarah Okonkwo (officer) from invocation {invocation}"
    )
    assert facts.count() == 2, "each accepted fact names the invocation it came from"
    live_server.shot(page, "05-case-timeline")
    assert fits_without_sideways_scrolling(page)

    # On a tablet the same page still fits, with the case at a glance first.
    page.set_viewport_size(TABLET)
    page.goto(case_url)
    assert fits_without_sideways_scrolling(page)
    live_server.shot(page, "06-case-on-a-tablet", full_page=False)
    page.set_viewport_size(LAPTOP)
    assert page.problems == [], "\n".join(page.problems)  # type: ignore[attr-defined]

    # An officer of another force is refused the case, and learns nothing from the refusal.
    other = page.context.browser.new_context(viewport=LAPTOP, base_url=live_server.base_url, **UK)
    try:
        stranger = other.new_page()
        sign_in(stranger, "pc.smith", live_server.passwords["pc.smith"])
        response = stranger.goto(case_url)
        assert response is not None
        assert response.status == 404
        expect(stranger.get_by_role("heading", name="Not found")).to_be_visible()
        text = stranger.inner_text("body")
        assert "Orchard Way" not in text
        assert "Tom Baker" not in text
        live_server.shot(stranger, "07-another-force-refused")
    finally:
        other.close()


def test_the_force_admin_and_certifier_pages_render(live_server: Any, watched: Any) -> None:
    from playwright.sync_api import expect

    page = watched
    sign_in(page, "force_admin", live_server.passwords["force_admin"])
    expect(page.get_by_role("heading", name="The force's AI tools")).to_be_visible()
    expect(page.locator("#installed")).to_contain_text(live_server.tool_name)
    live_server.shot(page, "08-force-admin-tools")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    sign_in(page, "certifier", live_server.passwords["certifier"])
    expect(page.get_by_role("heading", name="Police.AI console")).to_be_visible()
    live_server.shot(page, "09-console")
    assert page.problems == [], "\n".join(page.problems)  # type: ignore[attr-defined]
