"""The manifest every plugin carries, validated when the plugin is loaded."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from policeai.core.errors import PoliceAIError

Capability = Literal["summarise", "record_entry", "offence_suggestion", "redaction", "lfr_adapter"]
DataCategory = Literal["personal", "special_category", "biometric"]
Classification = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]
CLASSIFICATION_ORDER = ("OFFICIAL", "OFFICIAL-SENSITIVE")

#: Which hook each capability obliges a plugin to implement.
CAPABILITY_HOOKS: dict[str, tuple[str, ...]] = {
    "summarise": ("policeai_summarise",),
    "record_entry": ("policeai_propose_record_fields",),
    "offence_suggestion": ("policeai_suggest_offences",),
    "redaction": ("policeai_redact",),
    "lfr_adapter": (
        "policeai_lfr_alert",
        "policeai_lfr_adjudication",
        "policeai_lfr_deployment_report",
    ),
}

Identifier = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9-]{1,62}$")]
Version = Annotated[str, msgspec.Meta(pattern=r"^\d+\.\d+\.\d+([a-z0-9.+-]*)$")]
CompaniesHouseNumber = Annotated[str, msgspec.Meta(pattern=r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")]
Text = Annotated[str, msgspec.Meta(min_length=1)]


class InvalidManifestError(PoliceAIError):
    """A plugin's manifest is missing a field or has a wrong value; the message names it."""


class ConfigItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Identifier
    type: Literal["str", "int", "float", "bool"]
    description: Text
    required: bool = False
    secret: bool = False


class Publisher(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Text
    kind: Literal["supplier", "police", "police.ai"]
    companies_house_number: CompaniesHouseNumber | None = None


class Manifest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Identifier
    version: Version
    name: Text
    publisher: Publisher
    capabilities: Annotated[list[Capability], msgspec.Meta(min_length=1)]
    data_categories: list[DataCategory]
    max_classification: Classification
    model_name: Text
    model_version: Text
    intended_use: Text
    known_limitations: Text
    human_review_required: bool
    config: list[ConfigItem] = msgspec.field(default_factory=list)

    def allows_classification(self, classification: str) -> bool:
        return classification in CLASSIFICATION_ORDER and CLASSIFICATION_ORDER.index(
            classification
        ) <= CLASSIFICATION_ORDER.index(self.max_classification)


def validate_manifest(raw: object) -> Manifest:
    """Validate a manifest given as a :class:`Manifest` or as plain data (e.g. from JSON)."""
    if isinstance(raw, Manifest):
        raw = msgspec.to_builtins(raw)
    try:
        manifest = msgspec.convert(raw, Manifest)
    except msgspec.ValidationError as error:
        # msgspec names the field: "Expected `str`, got `int` - at `$.publisher.name`".
        raise InvalidManifestError(f"invalid plugin manifest: {error}") from None
    if manifest.publisher.kind == "supplier" and not manifest.publisher.companies_house_number:
        raise InvalidManifestError(
            "invalid plugin manifest: a supplier must give its Companies House number"
            " - at `$.publisher.companies_house_number`"
        )
    if len(set(manifest.capabilities)) != len(manifest.capabilities):
        raise InvalidManifestError(
            "invalid plugin manifest: a capability is listed twice - at `$.capabilities`"
        )
    return manifest
