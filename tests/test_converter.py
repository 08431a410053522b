"""Structuring Clerk JSON into models: both namings, leniency, round trips."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import attrs
import pytest

from clerk_async import structure, unstructure
from clerk_async._converter import decoder
from clerk_async.models import (
    EmailAddress,
    ExternalAccount,
    IdentificationLink,
    User,
    Verification,
)

IMAGE_URL = (
    "https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJodHRwczovL2ltYWdlcy5jbGVy"
    "ay5kZXYvb2F1dGhfZ29vZ2xlL2ltZ18yVjdKSkhvdXlnbDNLRXRaUjlRRlFNbnVDU2cuanBlZyJ9"
)
SCOPES = (
    "email https://www.googleapis.com/auth/userinfo.email "
    "https://www.googleapis.com/auth/userinfo.profile openid profile"
)


def seed_user_camel() -> dict[str, Any]:
    """The user printed by ``clerkClient.users.banUser`` in Clerk's JS docs.

    Keys the JavaScript SDK printed as ``undefined`` are absent; the nested
    values it elided (``[_Verification]``, ``[Array]``) are filled in.
    """
    verification = {"status": "verified", "strategy": "from_oauth_google"}
    return {
        "id": "user_2V7JJKmoA9HqzHhfMqK5cpgLl56",
        "passwordEnabled": False,
        "totpEnabled": False,
        "backupCodeEnabled": False,
        "twoFactorEnabled": False,
        "banned": True,
        "createdAt": 1694181111181,
        "updatedAt": 1708101775581,
        "imageUrl": IMAGE_URL,
        "hasImage": True,
        "primaryEmailAddressId": "idn_2V7JJ2R3O7KWHjCmUuEOJESHlPz",
        "primaryPhoneNumberId": None,
        "primaryWeb3WalletId": None,
        "lastSignInAt": 1708101739595,
        "externalId": None,
        "username": None,
        "firstName": "Alexis",
        "lastName": "Aguilar",
        "publicMetadata": {},
        "privateMetadata": {},
        "unsafeMetadata": {},
        "emailAddresses": [
            {
                "id": "idn_2V7JJ2R3O7KWHjCmUuEOJESHlPz",
                "emailAddress": "alexis@clerk.dev",
                "verification": verification,
                "linkedTo": [
                    {"id": "idn_2V7JJ4xpXyj0mazg3lsLYOUit9t", "type": "oauth_google"}
                ],
            }
        ],
        "phoneNumbers": [],
        "web3Wallets": [],
        "externalAccounts": [
            {
                "id": "idn_2V7JJ4xpXyj0mazg3lsLYOUit9t",
                "approvedScopes": SCOPES,
                "emailAddress": "alexis@clerk.dev",
                "username": None,
                "publicMetadata": {},
                "label": None,
                "verification": verification,
            }
        ],
        "lastActiveAt": 1708041600000,
        "createOrganizationEnabled": True,
    }


def seed_user_wire() -> dict[str, Any]:
    """The same user in the wire's snake_case shape."""
    verification = {"status": "verified", "strategy": "from_oauth_google"}
    return {
        "id": "user_2V7JJKmoA9HqzHhfMqK5cpgLl56",
        "password_enabled": False,
        "totp_enabled": False,
        "backup_code_enabled": False,
        "two_factor_enabled": False,
        "banned": True,
        "created_at": 1694181111181,
        "updated_at": 1708101775581,
        "image_url": IMAGE_URL,
        "has_image": True,
        "primary_email_address_id": "idn_2V7JJ2R3O7KWHjCmUuEOJESHlPz",
        "primary_phone_number_id": None,
        "primary_web3_wallet_id": None,
        "last_sign_in_at": 1708101739595,
        "external_id": None,
        "username": None,
        "first_name": "Alexis",
        "last_name": "Aguilar",
        "public_metadata": {},
        "private_metadata": {},
        "unsafe_metadata": {},
        "email_addresses": [
            {
                "id": "idn_2V7JJ2R3O7KWHjCmUuEOJESHlPz",
                "email_address": "alexis@clerk.dev",
                "verification": verification,
                "linked_to": [
                    {"id": "idn_2V7JJ4xpXyj0mazg3lsLYOUit9t", "type": "oauth_google"}
                ],
            }
        ],
        "phone_numbers": [],
        "web3_wallets": [],
        "external_accounts": [
            {
                "id": "idn_2V7JJ4xpXyj0mazg3lsLYOUit9t",
                "approved_scopes": SCOPES,
                "email_address": "alexis@clerk.dev",
                "username": None,
                "public_metadata": {},
                "label": None,
                "verification": verification,
            }
        ],
        "last_active_at": 1708041600000,
        "create_organization_enabled": True,
    }


def test_seed_example_in_camel_case_gives_every_value() -> None:
    """The JS SDK's printed user structures with each value where it belongs."""
    user = structure(seed_user_camel(), User)

    assert user.id == "user_2V7JJKmoA9HqzHhfMqK5cpgLl56"
    assert user.password_enabled is False
    assert user.totp_enabled is False
    assert user.backup_code_enabled is False
    assert user.two_factor_enabled is False
    assert user.banned is True
    assert user.created_at == 1694181111181
    assert user.updated_at == 1708101775581
    assert user.image_url == IMAGE_URL
    assert user.has_image is True
    assert user.primary_email_address_id == "idn_2V7JJ2R3O7KWHjCmUuEOJESHlPz"
    assert user.primary_phone_number_id is None
    assert user.primary_web3_wallet_id is None
    assert user.last_sign_in_at == 1708101739595
    assert user.external_id is None
    assert user.username is None
    assert user.first_name == "Alexis"
    assert user.last_name == "Aguilar"
    assert user.public_metadata == {}
    assert user.private_metadata == {}
    assert user.unsafe_metadata == {}
    assert user.phone_numbers == ()
    assert user.web3_wallets == ()
    assert user.last_active_at == 1708041600000
    assert user.create_organization_enabled is True

    verification = Verification(status="verified", strategy="from_oauth_google")
    assert user.email_addresses == (
        EmailAddress(
            id="idn_2V7JJ2R3O7KWHjCmUuEOJESHlPz",
            email_address="alexis@clerk.dev",
            verification=verification,
            linked_to=(
                IdentificationLink(
                    id="idn_2V7JJ4xpXyj0mazg3lsLYOUit9t", type="oauth_google"
                ),
            ),
        ),
    )
    assert user.external_accounts == (
        ExternalAccount(
            id="idn_2V7JJ4xpXyj0mazg3lsLYOUit9t",
            approved_scopes=SCOPES,
            email_address="alexis@clerk.dev",
            username=None,
            label=None,
            verification=verification,
        ),
    )


def test_camel_and_snake_shapes_give_equal_objects() -> None:
    """structure() gives the same User for the JS SDK's shape and the wire's."""
    assert structure(seed_user_camel(), User) == structure(seed_user_wire(), User)


def test_snake_round_trip_is_lossless() -> None:
    """unstructure(structure(x)) structures back to an equal object."""
    user = structure(seed_user_wire(), User)
    wire = unstructure(user)
    assert "email_addresses" in wire
    assert structure(wire, User) == user


def test_camel_round_trip_is_lossless() -> None:
    """unstructure(..., camel=True) gives JS names and structures back equal."""
    user = structure(seed_user_wire(), User)
    camel = unstructure(user, camel=True)
    assert camel["emailAddresses"][0]["linkedTo"][0]["type"] == "oauth_google"
    assert camel["externalAccounts"][0]["externalId"] == ""
    assert "email_addresses" not in camel
    assert structure(camel, User) == user


def test_javascript_names_that_are_not_plain_camel_case() -> None:
    """externalId (provider_user_id) and externalVerificationRedirectURL map."""
    account = structure(
        {
            "id": "eac_1",
            "externalId": "1234",
            "approvedScopes": "email",
            "verification": {
                "status": "unverified",
                "externalVerificationRedirectURL": "https://x.test/cb",
            },
        },
        ExternalAccount,
    )
    assert account.provider_user_id == "1234"
    assert account.verification is not None
    assert account.verification.external_verification_redirect_url == (
        "https://x.test/cb"
    )


def test_unstructure_gives_the_wire_shape_with_json_types() -> None:
    """Tuples become lists and metadata mappings plain dicts."""
    user = User(id="user_1")
    wire = unstructure(user)
    assert wire["id"] == "user_1"
    assert wire["email_addresses"] == []
    assert type(wire["public_metadata"]) is dict
    assert set(wire) == {f.name for f in attrs.fields(User)}


def test_metadata_keys_are_never_renamed() -> None:
    """camel=True leaves the application's own metadata keys alone."""
    user = User(id="user_1", public_metadata={"plan_tier": {"seat_count": 3}})
    assert unstructure(user, camel=True)["publicMetadata"] == {
        "plan_tier": {"seat_count": 3}
    }


def test_missing_fields_take_documented_defaults() -> None:
    """A user with only an id structures; lists are empty, flags false."""
    user = structure({"id": "user_1"}, User)
    assert user == User(id="user_1")
    assert user.email_addresses == ()
    assert user.banned is False
    assert user.first_name is None
    assert user.public_metadata == {}


def test_null_where_the_spec_says_non_null_takes_the_default() -> None:
    """null for a non-nullable field does not fail: the default is used."""
    data = seed_user_wire()
    data.update(
        banned=None,
        email_addresses=None,
        public_metadata=None,
        created_at=None,
        password_enabled=None,
    )
    user = structure(data, User)
    assert user.banned is False
    assert user.email_addresses == ()
    assert user.public_metadata == {}
    assert user.created_at == 0
    assert user.password_enabled is False


def test_unknown_keys_are_ignored_at_every_level() -> None:
    """New fields, top-level and nested, do not fail or leak into the model."""
    data = seed_user_wire()
    data["brand_new_field"] = {"x": 1}
    data["email_addresses"][0]["another_new_field"] = [1, 2]
    data["email_addresses"][0]["verification"]["future"] = True
    assert structure(data, User) == structure(seed_user_wire(), User)


def test_unknown_enum_values_are_kept_as_strings() -> None:
    """A verification status or strategy Clerk adds later stays as given."""
    data = seed_user_wire()
    data["email_addresses"][0]["verification"] = {
        "status": "quantum_verified",
        "strategy": "carrier_pigeon",
        "object": "verification_pigeon",
    }
    email = structure(data, User).email_addresses[0]
    assert email.verification is not None
    assert email.verification.status == "quantum_verified"
    assert email.verification.strategy == "carrier_pigeon"


def test_timestamps_stay_integer_milliseconds() -> None:
    """created_at is the wire's int, not a datetime."""
    user = structure(seed_user_wire(), User)
    assert type(user.created_at) is int
    assert user.created_at == 1694181111181


def test_structure_does_not_mutate_its_input() -> None:
    """The payload dict is left as it was."""
    data = seed_user_wire()
    before = copy.deepcopy(data)
    structure(data, User)
    assert data == before


def test_structure_accepts_a_list_of_users() -> None:
    """list[User] structures each element, in either shape."""
    users = structure([seed_user_camel(), seed_user_camel()], list[User])
    assert len(users) == 2
    assert users[0] == structure(seed_user_wire(), User)


@pytest.mark.parametrize("payload", [[], "user", 3, None, True])
def test_the_call_decoder_refuses_anything_but_an_object(payload: Any) -> None:
    """The per-call decoder names what it got instead of a JSON object."""
    with pytest.raises(TypeError, match="expected a JSON object"):
        decoder(User)(payload)


def test_the_call_decoder_requires_an_id() -> None:
    """A user object without an id is not a user."""
    with pytest.raises(KeyError):
        decoder(User)({"first_name": "x"})


def test_models_are_frozen() -> None:
    """Structured models cannot be changed in place."""
    user = structure(seed_user_wire(), User)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        user.banned = False  # type: ignore[misc]


@pytest.mark.parametrize(
    "payload", [{"id": "user_1"}, seed_user_wire()], ids=["defaults", "full"]
)
def test_models_pickle_and_deep_copy(payload: dict[str, Any]) -> None:
    """Users survive pickle and deepcopy, default metadata included."""
    user = structure(payload, User)
    assert pickle.loads(pickle.dumps(user)) == user  # noqa: S301 - our own bytes
    assert copy.deepcopy(user) == user
    assert copy.deepcopy(User(id="u")).public_metadata == {}
