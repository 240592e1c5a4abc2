"""The home page and the health check (no sign-in, no personal data)."""

from __future__ import annotations

from litestar import Controller, MediaType, get
from litestar.datastructures import State

from policeai.web.pages import home_page
from policeai.web.schemas import Health
from policeai.web.service import figures


class SiteController(Controller):
    path = "/"
    tags = ["site"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", operation_id="home", media_type=MediaType.HTML, sync_to_thread=True)
    def home(self, state: State) -> str:
        """What the platform is, how many cases it holds, and where the API is."""
        counts = figures(state.platform)
        return home_page(counts["cases"], counts["forces"])

    @get("/health", operation_id="health", sync_to_thread=True)
    def health(self, state: State) -> Health:
        """Whether the platform answers, with counts and how far the read models have got."""
        counts = figures(state.platform)
        return Health(status="ok", **{k: v for k, v in counts.items() if k != "forces"})
