"""The fake's JSON conforms to Clerk's OpenAPI spec."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from _fake_http import send
from _spec_schema import SpecSchemas

from clerk_async.testing import FakeClerk


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeClerk]:
    """One fake (thread mode) for the module; tests seed their own users."""
    with FakeClerk() as fake:
        yield fake


@pytest.fixture(scope="module")
def schemas(spec: dict[str, Any]) -> SpecSchemas:
    """The spec's component schemas as JSON Schema validators."""
    return SpecSchemas(spec)


def fetch_json(fake: FakeClerk, method: str, path: str, body: Any = None) -> Any:
    """Send an authenticated request under the base URL; decode any answer."""
    return send(fake, method, "/v1" + path, json=body).json()


def assert_valid(schemas: SpecSchemas, name: str, instance: Any) -> None:
    """Fail with every schema violation listed."""
    errors = sorted(
        schemas.validator(name).iter_errors(instance), key=lambda e: list(e.path)
    )
    assert not errors, "\n".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors
    )


def test_banned_user_conforms(fake: FakeClerk, schemas: SpecSchemas) -> None:
    """The User returned by a ban validates against the spec's User schema."""
    user = fake.add_user()

    banned = fetch_json(fake, "POST", f"/users/{user['id']}/ban")

    assert banned["banned"] is True
    assert_valid(schemas, "User", banned)


def test_user_with_external_accounts_conforms(
    fake: FakeClerk, schemas: SpecSchemas
) -> None:
    """A seeded user with external accounts, phones and wallets validates."""
    user = fake.add_user(
        email_addresses=["ada@example.com", "ada@work.example"],
        phone_numbers=["+15555550100"],
        web3_wallets=["0x0123456789abcdef0123456789abcdef01234567"],
        external_accounts=[
            "oauth_google",
            {"provider": "oauth_github", "email_address": "ada@work.example"},
        ],
        public_metadata={"plan": "pro"},
    )

    fetched = fetch_json(fake, "GET", f"/users/{user['id']}")

    linked = [entry["linked_to"] for entry in fetched["email_addresses"]]
    assert [len(links) for links in linked] == [1, 1]
    assert_valid(schemas, "User", fetched)


def test_locked_user_conforms(fake: FakeClerk, schemas: SpecSchemas) -> None:
    """A locked user, with its lockout fields set, validates."""
    user = fake.add_user()

    assert_valid(schemas, "User", fetch_json(fake, "POST", f"/users/{user['id']}/lock"))


def test_created_user_conforms(fake: FakeClerk, schemas: SpecSchemas) -> None:
    """A user created through the API, with a reserved address, validates."""
    created = fetch_json(
        fake,
        "POST",
        "/users",
        {
            "email_address": ["grace@example.com", "hopper@example.com"],
            "email_address_identification_status": ["verified", "reserved"],
            "phone_number": ["+15555550111"],
            "username": "grace",
            "password": "correct horse battery",
            "totp_secret": "AICJ3HCXKO4KOU6NDHKHSKJP",
            "created_at": "2024-10-29T12:00:00.000Z",
        },
    )

    assert created["email_addresses"][1]["verification"] is None
    assert_valid(schemas, "User", created)


def test_user_list_conforms(fake: FakeClerk, schemas: SpecSchemas) -> None:
    """Every User of a list validates."""
    fake.add_user()

    users = fetch_json(fake, "GET", "/users?limit=500")

    assert users
    for user in users:
        assert_valid(schemas, "User", user)


def test_other_answers_conform(fake: FakeClerk, schemas: SpecSchemas) -> None:
    """TotalCount, DeletedObject and ClerkErrors answers validate."""
    user = fake.add_user()

    assert_valid(schemas, "TotalCount", fetch_json(fake, "GET", "/users/count"))
    assert_valid(
        schemas, "DeletedObject", fetch_json(fake, "DELETE", f"/users/{user['id']}")
    )
    assert_valid(
        schemas, "ClerkErrors", fetch_json(fake, "GET", f"/users/{user['id']}")
    )
    assert_valid(schemas, "ClerkErrors", fetch_json(fake, "POST", "/users", {"x": 1}))


def test_validator_rejects_a_broken_user(fake: FakeClerk, schemas: SpecSchemas) -> None:
    """The translated schema is not vacuous: a bad User fails validation."""
    user = fake.add_user()
    del user["banned"]
    user["email_addresses"][0]["verification"]["object"] = "verification_nope"

    with pytest.raises(jsonschema.ValidationError):
        schemas.validator("User").validate(user)


def test_nullable_translation_accepts_null(schemas: SpecSchemas) -> None:
    """A nullable property accepts null, and a non-nullable one refuses it."""
    check = schemas.validator("verification_admin")
    base = {"object": "verification_admin", "status": "verified", "strategy": "admin"}

    check.validate({**base, "attempts": None, "expire_at": None})
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**base, "status": None, "attempts": None, "expire_at": None})
