"""Registry entries: one per AI system, with its ATRS record, its releases and their
certification (see :mod:`.domainmodel` for the events and :mod:`.application` for the use
cases)."""

from policeai.registry.entries.application import Registry, registry_env, release_to_dict
from policeai.registry.entries.atrs import (
    AtrsRecord,
    ModelCard,
    validate_atrs,
    validate_model_card,
)
from policeai.registry.entries.domainmodel import EntrySlug, RegistryEntry, Release
from policeai.registry.entries.errors import (
    DuplicateReleaseError,
    DuplicateSlugError,
    IllegalTransitionError,
    InvalidAtrsRecordError,
    InvalidModelCardError,
    InvalidReleaseError,
    RegistryError,
)

__all__ = [
    "AtrsRecord",
    "DuplicateReleaseError",
    "DuplicateSlugError",
    "EntrySlug",
    "IllegalTransitionError",
    "InvalidAtrsRecordError",
    "InvalidModelCardError",
    "InvalidReleaseError",
    "ModelCard",
    "Registry",
    "RegistryEntry",
    "RegistryError",
    "Release",
    "registry_env",
    "release_to_dict",
    "validate_atrs",
    "validate_model_card",
]
