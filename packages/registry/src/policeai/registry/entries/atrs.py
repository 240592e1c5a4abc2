"""The records an entry and a release carry: the ATRS record (Algorithmic Transparency
Recording Standard v3, Tier 1 and Tier 2) and the model card (Mitchell et al.)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

from policeai.core.plugins.manifest import CompaniesHouseNumber
from policeai.registry.certification.reliability import convert_struct
from policeai.registry.certification.rules import MODEL_CARD_SECTIONS
from policeai.registry.entries.errors import InvalidAtrsRecordError, InvalidModelCardError

Text = Annotated[str, msgspec.Meta(min_length=1)]
Texts = Annotated[list[Text], msgspec.Meta(min_length=1)]
URL_PATTERN = r"^https://[^\s/]+\.[^\s]+$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Url = Annotated[str, msgspec.Meta(pattern=URL_PATTERN)]
Email = Annotated[str, msgspec.Meta(pattern=EMAIL_PATTERN)]
MEANINGS = {
    URL_PATTERN: "an https:// web address",
    EMAIL_PATTERN: "an email address",
    r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$": "a Companies House number (8 digits, or 2 letters and 6)",
    r"^[a-z][a-z0-9-]{1,62}$": "a lower-case identifier (letters, digits and hyphens)",
    r"^\d+\.\d+\.\d+([a-z0-9.+-]*)$": "a version such as 1.2.0",
}


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class Tier1(_Record):
    """Tier 1: the summary for the public."""

    name: Text
    description: Text
    website: Url
    contact_email: Email


class Supplier(_Record):
    """Third-party involvement (2.1.4)."""

    name: Text
    companies_house_number: CompaniesHouseNumber
    role: Text
    procurement_procedure: Text
    data_access_terms: Text


class OwnerAndResponsibility(_Record):  # 2.1
    organisation: Text
    team: Text
    senior_responsible_owner: Text
    supplier: Supplier | None = None


class DescriptionAndRationale(_Record):  # 2.2
    detailed_description: Text
    scope: Text
    benefits: Text
    previous_process: Text
    alternatives_considered: Text


class DecisionMaking(_Record):  # 2.3
    process_integration: Text
    provided_information: Text
    frequency_and_scale: Text
    human_decisions_and_review: Text
    required_training: Text
    appeals_and_review: Text


class ModelSpecification(_Record):  # 2.4.4
    name: Text
    version: Text
    task: Text
    input: Text
    output: Text
    architecture: Text
    performance: Text
    datasets: Texts
    dataset_purposes: Text


class ToolSpecification(_Record):  # 2.4
    system_architecture: Text
    phase: Literal["pre-deployment", "beta/pilot", "production", "retired"]
    maintenance: Text
    models: Annotated[list[ModelSpecification], msgspec.Meta(min_length=1)]


class DataSpecification(_Record):  # 2.5
    source_data_name: Text
    data_modality: Texts
    data_description: Text
    data_quantities: Text
    sensitive_attributes: Text
    completeness_and_representativeness: Text
    data_collection: Text
    data_access_and_storage: Text
    data_sharing_agreements: Text
    source_data_url: str = ""


class ImpactAssessment(_Record):
    name: Text
    description: Text
    completed_on: date
    link: str = ""


class Risk(_Record):
    name: Text
    mitigation: Text


class RisksAndMitigations(_Record):  # 2.6
    impact_assessments: Annotated[list[ImpactAssessment], msgspec.Meta(min_length=1)]
    risks: Annotated[list[Risk], msgspec.Meta(min_length=1)]


class Tier2(_Record):
    """Tier 2: the detail for specialists and auditors."""

    owner_and_responsibility: OwnerAndResponsibility
    description_and_rationale: DescriptionAndRationale
    decision_making: DecisionMaking
    tool_specification: ToolSpecification
    data_specification: DataSpecification
    risks_and_mitigations: RisksAndMitigations


class AtrsRecord(_Record):
    tier1: Tier1
    tier2: Tier2


class ModelCard(_Record):
    """The sections of Mitchell et al. (2019), all required."""

    intended_use: Text
    factors: Texts
    metrics: Texts
    evaluation_data: Text
    training_data: Text
    quantitative_analyses: Text
    ethical_considerations: Text
    caveats_and_recommendations: Text


assert ModelCard.__struct_fields__ == MODEL_CARD_SECTIONS


def validate_atrs(raw: object) -> AtrsRecord:
    return convert_struct(raw, AtrsRecord, InvalidAtrsRecordError, "ATRS record", MEANINGS)


def validate_model_card(raw: object) -> ModelCard:
    return convert_struct(raw, ModelCard, InvalidModelCardError, "model card", MEANINGS)
