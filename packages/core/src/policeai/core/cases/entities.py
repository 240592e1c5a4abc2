"""POLE entities on a case: their types and roles, validation, and the keys that link them."""

from __future__ import annotations

from typing import Any

from policeai.core.cases.errors import InvalidEntityError
from policeai.core.cases.identifiers import IDENTIFIER_KINDS, normalise_identifier, normalise_vrm

ENTITY_TYPES = ("person", "object", "location", "event")
OBJECT_SUBTYPES = ("vehicle", "phone", "weapon", "property", "document", "other")
ROLES = (
    "victim",
    "suspect",
    "witness",
    "reporter",
    "offender",
    "owner",
    "scene",
    "other",
)


def validate_entity(
    *,
    entity_type: str | None,
    role: str | None,
    name: str | None,
    subtype: str | None,
    identifiers: dict[str, str] | None,
) -> tuple[dict[str, str], list[str]]:
    """Check an entity and normalise its identifiers; return them and any flags."""
    if entity_type not in ENTITY_TYPES:
        raise InvalidEntityError(
            f"unknown entity type {entity_type!r}: use one of {', '.join(ENTITY_TYPES)}"
        )
    if role not in ROLES:
        raise InvalidEntityError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if entity_type == "object" and subtype not in OBJECT_SUBTYPES:
        raise InvalidEntityError(f"an object needs a subtype, one of {', '.join(OBJECT_SUBTYPES)}")
    normalised: dict[str, str] = {}
    flags: list[str] = []
    for kind, raw in (identifiers or {}).items():
        if kind not in IDENTIFIER_KINDS:
            raise InvalidEntityError(
                f"unknown identifier {kind!r}: use one of {', '.join(IDENTIFIER_KINDS)}"
            )
        if raw is None or not str(raw).strip():
            continue
        normalised[kind] = normalise_identifier(kind, str(raw))
        if kind == "vrm" and normalise_vrm(str(raw)).unusual:
            flags.append(f"unusual registration mark {normalised[kind]}: check it")
    if not (name or "").strip() and not normalised:
        raise InvalidEntityError("an entity needs a name or at least one identifier")
    return normalised, flags


def entity_keys(entity: dict[str, Any]) -> list[str]:
    """The keys that link an entity across cases: its identifiers, and a person's name.

    A date of birth alone links nothing; with a name it makes the person key precise.
    """
    if entity.get("erased"):
        return []
    identifiers = entity.get("identifiers", {})
    keys = [f"{kind}:{value}" for kind, value in sorted(identifiers.items()) if kind != "dob"]
    name = " ".join(entity.get("name", "").split()).casefold()
    if entity.get("entity_type") == "person" and name:
        dob = identifiers.get("dob")
        keys.append(f"person:{name}|{dob}" if dob else f"person:{name}")
    return keys
