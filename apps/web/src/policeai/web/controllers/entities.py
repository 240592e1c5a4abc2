"""Entities: which of your force's cases a person, vehicle, phone or place appears in."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from policeai.web.dependencies import DEPENDENCIES, Service
from policeai.web.schemas import EntityHit, to_structs

Key = Annotated[
    str,
    QueryParameter(
        min_length=3,
        max_length=300,
        description="an entity key such as vrm:DS19KXE, phone:+447700900123, "
        "postcode:DS4 7QT or person:jane okafor|1987-03-14",
    ),
]


class EntityController(Controller):
    path = "/entities"
    tags = ["entities"]  # noqa: RUF012 - Litestar reads it as a class attribute
    dependencies = DEPENDENCIES

    @get("/", operation_id="casesForEntity", sync_to_thread=True)
    def cases_for_entity(self, service: Service, key: Key) -> list[EntityHit]:
        """Every case (and role) the entity appears in. Needs X-Purpose."""
        return to_structs(EntityHit, service.cases_for_entity(key))
