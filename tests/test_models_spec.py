"""The model classes match the schemas of Clerk's OpenAPI document."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from clerk_async import models
from clerk_async.models._base import EMPTY_METADATA

VERIFICATION_PREFIX = "verification_"

# Each public model and the spec schema it mirrors; ``None`` stands for the
# union of every ``verification_*`` schema.
MODEL_SCHEMAS: list[tuple[type[Any], str | None]] = [
    (models.User, "User"),
    (models.EmailAddress, "EmailAddress"),
    (models.PhoneNumber, "PhoneNumber"),
    (models.Web3Wallet, "Web3Wallet"),
    (models.Passkey, "Passkey"),
    (models.ExternalAccount, "ExternalAccountWithVerification"),
    (models.SAMLAccount, "SAMLAccount"),
    (models.SAMLAccountConnection, "SAMLAccountConnection"),
    (models.EnterpriseAccount, "EnterpriseAccount"),
    (models.EnterpriseAccountConnection, "EnterpriseAccountConnection"),
    (models.OrganizationMembership, "OrganizationMembership"),
    (models.Organization, "Organization"),
    (
        models.OrganizationMembershipPublicUserData,
        "OrganizationMembershipPublicUserData",
    ),
    (models.SCIMUserMetadata, "SCIMUserMetadata"),
    (models.IdentificationLink, "IdentificationLink"),
    (models.Verification, None),
    (models.DeletedObject, "DeletedObject"),
    (models.TotalCount, "TotalCount"),
]

MODELS = [model for model, _ in MODEL_SCHEMAS]

by_schema = pytest.mark.parametrize(
    ("model", "schema_name"),
    MODEL_SCHEMAS,
    ids=[model.__name__ for model in MODELS],
)
by_model = pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)


def schemas_for(spec: dict[str, Any], schema_name: str | None) -> list[dict[str, Any]]:
    """The spec schemas a model covers: one, or all verification variants."""
    schemas: dict[str, dict[str, Any]] = spec["components"]["schemas"]
    if schema_name is not None:
        return [schemas[schema_name]]
    return [s for name, s in schemas.items() if name.startswith(VERIFICATION_PREFIX)]


def spec_properties(schemas: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every property of the given schemas, by name (the first definition wins)."""
    properties: dict[str, dict[str, Any]] = {}
    for schema in schemas:
        for name, prop in schema["properties"].items():
            properties.setdefault(name, prop)
    return properties


def is_optional(schemas: list[dict[str, Any]], name: str) -> bool:
    """Whether any schema may omit the property or send it as null."""
    for schema in schemas:
        prop = schema["properties"].get(name)
        if prop is None or prop.get("nullable", False):
            return True
        if name not in schema.get("required", []):
            return True
    return False


def is_free_form(prop: dict[str, Any]) -> bool:
    """Whether a property is an open object such as ``public_metadata``."""
    composed = {"$ref", "oneOf", "allOf", "anyOf", "properties"} & prop.keys()
    return (
        prop.get("type") == "object"
        and prop.get("additionalProperties") is True
        and not composed
    )


def build(model: type[Any]) -> Any:
    """An instance of the model made from as few arguments as it accepts."""
    if model is models.User:
        return models.User(id="user_123")
    return model()


def test_verification_union_covers_known_variants(spec: dict[str, Any]) -> None:
    """Verification is the union of all eleven known verification schemas."""
    names = {
        name
        for name in spec["components"]["schemas"]
        if name.startswith(VERIFICATION_PREFIX)
    }

    assert names >= {
        "verification_otp",
        "verification_admin",
        "verification_from_oauth",
        "verification_ticket",
        "verification_saml",
        "verification_email_link",
        "verification_scim",
        "verification_oauth",
        "verification_google_one_tap",
        "verification_passkey",
        "verification_web3",
    }


@by_schema
def test_fields_are_the_spec_properties(
    spec: dict[str, Any], model: type[Any], schema_name: str | None
) -> None:
    """A model has one attribute per spec property, under its wire name."""
    expected = set(spec_properties(schemas_for(spec, schema_name)))

    fields = {field.name for field in attrs.fields(model)}

    assert fields == expected


@by_model
def test_builds_from_minimal_arguments(model: type[Any]) -> None:
    """Every model builds with no arguments, except User which needs an id."""
    obj = build(model)

    assert isinstance(obj, model)


def test_user_requires_id() -> None:
    """User cannot be built without an id."""
    with pytest.raises(TypeError, match="id"):
        models.User()  # type: ignore[call-arg]


@by_schema
def test_optional_properties_default_to_none(
    spec: dict[str, Any], model: type[Any], schema_name: str | None
) -> None:
    """A property the spec lets be null or absent defaults to None."""
    schemas = schemas_for(spec, schema_name)
    properties = spec_properties(schemas)

    for field in attrs.fields(model):
        prop = properties[field.name]
        if is_optional(schemas, field.name) and not is_free_form(prop):
            assert field.default is None, field.name


@by_schema
def test_required_properties_have_neutral_defaults(
    spec: dict[str, Any], model: type[Any], schema_name: str | None
) -> None:
    """A property the spec requires and never nulls gets a non-None default."""
    schemas = schemas_for(spec, schema_name)

    for field in attrs.fields(model):
        if field.name == "id" and model is models.User:
            assert field.default is attrs.NOTHING
        elif not is_optional(schemas, field.name):
            assert field.default is not None, field.name


@by_schema
def test_metadata_defaults_to_empty_mapping(
    spec: dict[str, Any], model: type[Any], schema_name: str | None
) -> None:
    """A free-form metadata object defaults to the shared empty mapping."""
    properties = spec_properties(schemas_for(spec, schema_name))

    for field in attrs.fields(model):
        if is_free_form(properties[field.name]):
            assert field.default is EMPTY_METADATA, field.name


@by_model
def test_frozen_and_slotted(model: type[Any]) -> None:
    """Models are slotted and refuse attribute assignment."""
    obj = build(model)
    first = attrs.fields(model)[0].name

    assert "__slots__" in model.__dict__
    assert not hasattr(obj, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, first, None)


def test_exports_every_model() -> None:
    """The models package exports exactly the model classes."""
    assert sorted(models.__all__) == sorted(m.__name__ for m in MODELS)
