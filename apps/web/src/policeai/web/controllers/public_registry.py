"""The public registry, for anyone, with no sign-in: HTML pages under ``/registry/`` and the
same records as JSON under ``/api/public/registry/`` (mounted outside the signed-in API)."""

from __future__ import annotations

from litestar import Controller, MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from policeai.core.errors import NotFoundError
from policeai.web.registry_pages import entry_page, index_page, not_found_page
from policeai.web.registry_schemas import AtrsExport, EntryDetail, EntrySummary
from policeai.web.registry_service import PublicRegistry, app_registry
from policeai.web.schemas import to_struct, to_structs


def provide_public_registry(state: State) -> PublicRegistry:
    return PublicRegistry(app_registry(state), state.platform)


PUBLIC = {"public": Provide(provide_public_registry, sync_to_thread=False)}
Public = NamedDependency[PublicRegistry]


def html_not_found(_request: Request, exc: NotFoundError) -> Response[str]:
    return Response(not_found_page(str(exc)), status_code=404, media_type=MediaType.HTML)


class PublicRegistryPages(Controller):
    path = "/registry"
    tags = ["public registry"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = PUBLIC
    exception_handlers = {NotFoundError: html_not_found}  # noqa: RUF012 - read by Litestar
    include_in_schema = False

    @get("/", operation_id="registryIndexPage", media_type=MediaType.HTML, sync_to_thread=True)
    def index(self, public: Public) -> str:
        """Every AI system in the registry: publisher, releases' certification, forces."""
        return index_page(public.entries())

    @get(
        "/{slug:str}",
        operation_id="registryEntryPage",
        media_type=MediaType.HTML,
        sync_to_thread=True,
    )
    def entry(self, public: Public, slug: FromPath[str]) -> str:
        """One AI system: ATRS record, releases, history, reliability charts, safeguards,
        installations and monthly usage."""
        return entry_page(public.entry(slug))


class PublicRegistryApi(Controller):
    path = "/api/public/registry"
    tags = ["public registry"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = PUBLIC
    security = []  # noqa: RUF012 - no sign-in: the registry is public

    @get("/", operation_id="listRegistryEntries", sync_to_thread=True)
    def entries(self, public: Public) -> list[EntrySummary]:
        """Every AI system in the registry (no sign-in): its publisher, each release's
        certification standing and the forces that installed it."""
        return to_structs(EntrySummary, public.entries())

    @get("/{slug:str}", operation_id="getRegistryEntry", sync_to_thread=True)
    def entry(self, public: Public, slug: FromPath[str]) -> EntryDetail:
        """One AI system (no sign-in): ATRS record, releases with certification history and
        reliability reports, safeguards, installations by force and monthly usage."""
        return to_struct(EntryDetail, public.entry(slug))

    @get("/{slug:str}/atrs.json", operation_id="exportAtrsRecord", sync_to_thread=True)
    def atrs(self, public: Public, slug: FromPath[str]) -> Response[AtrsExport]:
        """The system's ATRS record (Tier 1 and Tier 2) as JSON, to download (no sign-in)."""
        record = to_struct(AtrsExport, public.atrs_export(slug))
        disposition = f'attachment; filename="{record.slug}-atrs.json"'
        return Response(record, headers={"Content-Disposition": disposition})
