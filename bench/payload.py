"""The body every benchmark decodes: one full Clerk User, as the API sends it.

The user is written out by hand so that its values look like a real account
(two email addresses, one of them linked to a Google account, a phone number
reserved for two-factor sign-in, a Google and a GitHub account, metadata with
some content, millisecond timestamps). :func:`check_against_spec` then walks
the published OpenAPI schema of ``User`` and of every nested object the
payload holds, and names any property the payload lacks, so the benchmark
never decodes a thinner user than the API returns.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "USER_ID",
    "SpecCheck",
    "check_against_spec",
    "find_spec",
    "user_json",
    "user_payload",
]

USER_ID = "user_2V7JJKmoA9HqzHhfMqK5cpgLl56"
"""The id of the user the benchmark bans, and of the payload's first user."""

_CREATED_AT = 1_709_891_424_137
"""2024-03-08, in milliseconds since the Unix epoch."""

_UPDATED_AT = 1_747_045_812_506
"""2025-05-12, the moment of the ban."""

_DAY_MS = 86_400_000


def _ident(prefix: str, index: int, salt: str) -> str:
    """A Clerk-looking id: ``prefix_``, then 27 characters unique to ``index``."""
    return f"{prefix}_{salt[:13]}{index:014d}"


def user_payload(index: int = 0) -> dict[str, Any]:
    """A full User object in the wire's snake_case shape.

    Different values of ``index`` give users with different ids, email
    addresses, names and timestamps (for the memory benchmark, where equal
    strings would be shared); index 0 is the user with id :data:`USER_ID`.
    """
    user_id = USER_ID if index == 0 else _ident("user", index, "2V7JJKmoA9Hqz")
    first_email_id = _ident("idn", index, "2V7JKzmTqF3Xw")
    second_email_id = _ident("idn", index, "2W1bQ8rLcM5Hy")
    phone_id = _ident("idn", index, "2V7JLp0RbX9Dk")
    google_id = _ident("idn", index, "2V7JMa4HsW2Pe")
    github_id = _ident("idn", index, "2W1bR3uNdV7Jz")
    name = f"ada.lovelace{index}" if index else "ada.lovelace"
    created_at = _CREATED_AT + index * 1_000
    updated_at = _UPDATED_AT + index * 1_000
    github_avatar = f"https://avatars.githubusercontent.com/u/{5_820_000 + index}?v=4"
    image = (
        "https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJodHRwczovL2ltYWdlcy5j"
        f"bGVyay5kZXYvb2F1dGhfZ29vZ2xlL2ltZ18yVjdKTmEwMTIzNDU2Nzg5In0{index}"
    )

    return {
        "id": user_id,
        "object": "user",
        "external_id": f"crm-{4_100_000 + index}",
        "primary_email_address_id": first_email_id,
        "primary_phone_number_id": phone_id,
        "primary_web3_wallet_id": None,
        "username": name.replace(".", "_"),
        "first_name": "Ada",
        "last_name": "Lovelace",
        "locale": "en-GB",
        "profile_image_url": image,
        "image_url": image,
        "has_image": True,
        "public_metadata": {
            "plan": "team",
            "roles": ["admin", "billing"],
            "onboarding": {"completed": True, "steps": 5},
        },
        "private_metadata": {
            "stripe_customer_id": f"cus_Q1w2E3r4T5y{index:06d}",
            "seats": 12,
            "ban_reason": "chargeback fraud, ticket 88231",
        },
        "unsafe_metadata": {"theme": "dark", "newsletter": False},
        "email_addresses": [
            {
                "id": first_email_id,
                "object": "email_address",
                "email_address": f"{name}@example.com",
                "reserved": False,
                "verification": {
                    "object": "verification_otp",
                    "status": "verified",
                    "strategy": "email_code",
                    "attempts": 1,
                    "expire_at": created_at + 600_000,
                    "channel": None,
                    "verified_at_client": "client_2V7JKzmTqF3XwQ1r8sLcM5HyZ0d",
                },
                "linked_to": [{"type": "oauth_google", "id": google_id}],
                "matches_sso_connection": False,
                "created_at": created_at,
                "updated_at": updated_at,
            },
            {
                "id": second_email_id,
                "object": "email_address",
                "email_address": f"{name}@analytical-engine.dev",
                "reserved": False,
                "verification": {
                    "object": "verification_from_oauth",
                    "status": "verified",
                    "strategy": "from_oauth_github",
                    "error": None,
                    "attempts": None,
                    "expire_at": None,
                    "verified_at_client": None,
                },
                "linked_to": [{"type": "oauth_github", "id": github_id}],
                "matches_sso_connection": False,
                "created_at": created_at + 40 * _DAY_MS,
                "updated_at": updated_at,
            },
        ],
        "phone_numbers": [
            {
                "id": phone_id,
                "object": "phone_number",
                "phone_number": f"+4420794{index:05d}"[:13],
                "reserved_for_second_factor": True,
                "default_second_factor": True,
                "reserved": False,
                "verification": {
                    "object": "verification_otp",
                    "status": "verified",
                    "strategy": "phone_code",
                    "attempts": 2,
                    "expire_at": created_at + 2 * _DAY_MS,
                    "channel": "sms",
                    "verified_at_client": None,
                },
                "linked_to": [],
                "backup_codes": None,
                "created_at": created_at + _DAY_MS,
                "updated_at": updated_at,
            }
        ],
        "web3_wallets": [],
        "passkeys": [],
        "password_enabled": True,
        "two_factor_enabled": True,
        "totp_enabled": False,
        "backup_code_enabled": True,
        "mfa_enabled_at": created_at + 2 * _DAY_MS,
        "mfa_disabled_at": None,
        "password_last_updated_at": created_at + 90 * _DAY_MS,
        "external_accounts": [
            {
                "object": "external_account",
                "id": _ident("eac", index, "2V7JMa4HsW2Pe"),
                "provider": "oauth_google",
                "identification_id": google_id,
                "provider_user_id": f"1048{index:017d}",
                "approved_scopes": (
                    "email https://www.googleapis.com/auth/userinfo.email "
                    "https://www.googleapis.com/auth/userinfo.profile openid profile"
                ),
                "email_address": f"{name}@example.com",
                "email_address_verified": True,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "avatar_url": f"https://lh3.googleusercontent.com/a/ACg8ocK{index}=s96-c",
                "image_url": image,
                "username": None,
                "phone_number": None,
                "public_metadata": {},
                "label": None,
                "created_at": created_at,
                "updated_at": updated_at,
                "verification": {
                    "object": "verification_oauth",
                    "status": "verified",
                    "strategy": "oauth_google",
                    "external_verification_redirect_url": None,
                    "error": None,
                    "expire_at": created_at + 600_000,
                    "attempts": None,
                    "verified_at_client": None,
                },
            },
            {
                "object": "external_account",
                "id": _ident("eac", index, "2W1bR3uNdV7Jz"),
                "provider": "oauth_github",
                "identification_id": github_id,
                "provider_user_id": str(5_820_000 + index),
                "approved_scopes": "read:user user:email",
                "email_address": f"{name}@analytical-engine.dev",
                "email_address_verified": None,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "avatar_url": github_avatar,
                "image_url": github_avatar,
                "username": name.replace(".", "-"),
                "phone_number": None,
                "public_metadata": {"github_org": "analytical-engine"},
                "label": None,
                "created_at": created_at + 40 * _DAY_MS,
                "updated_at": updated_at,
                "verification": {
                    "object": "verification_oauth",
                    "status": "verified",
                    "strategy": "oauth_github",
                    "external_verification_redirect_url": None,
                    "error": None,
                    "expire_at": created_at + 40 * _DAY_MS + 600_000,
                    "attempts": None,
                    "verified_at_client": None,
                },
            },
        ],
        "saml_accounts": [],
        "enterprise_accounts": [],
        "organization_memberships": [],
        "last_sign_in_at": updated_at - _DAY_MS,
        "banned": True,
        "locked": False,
        "deprovisioned": False,
        "lockout_expires_in_seconds": None,
        "verification_attempts_remaining": 100,
        "updated_at": updated_at,
        "created_at": created_at,
        "delete_self_enabled": True,
        "create_organization_enabled": True,
        "create_organizations_limit": None,
        "last_active_at": updated_at - _DAY_MS,
        "legal_accepted_at": created_at,
        "bypass_client_trust": False,
        "scim": None,
    }


def user_json(index: int = 0) -> bytes:
    """:func:`user_payload` serialised compactly, as the API sends it."""
    return json.dumps(user_payload(index), separators=(",", ":")).encode()


def find_spec() -> Path | None:
    """The Backend API's OpenAPI document, if this checkout can reach it.

    ``CLERK_BAPI_SPEC`` names it explicitly; otherwise the newest
    ``shared/spec/bapi-*.yml`` beside the repository is used.
    """
    explicit = os.environ.get("CLERK_BAPI_SPEC")
    if explicit:
        return Path(explicit)
    shared = Path(__file__).resolve().parents[2] / "shared" / "spec"
    found = sorted(shared.glob("bapi-*.yml"))
    return found[-1] if found else None


class SpecCheck:
    """What :func:`check_against_spec` found."""

    def __init__(self, spec: str, properties: int, missing: list[str]) -> None:
        self.spec = spec
        self.properties = properties
        self.missing = missing

    def as_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "properties_checked": self.properties,
            "missing": self.missing,
        }


def check_against_spec(spec_path: Path) -> SpecCheck:
    """Compare :func:`user_payload` with the spec's ``User`` schema.

    Every property of ``User``, and of every object nested in the payload
    (chosen by its ``object`` discriminator where the schema offers several
    shapes), must be present; a nullable one may be ``null``.
    """
    # Only needed here (listed in the nox bench session); it ships no types.
    import yaml  # type: ignore[import-untyped]

    with spec_path.open(encoding="utf-8") as file:
        spec = yaml.safe_load(file)
    schemas: dict[str, Any] = spec["components"]["schemas"]
    checked = 0
    missing: list[str] = []
    for where, present, properties in _walk(
        user_payload(), schemas["User"], schemas, "User"
    ):
        checked += len(properties)
        missing.extend(f"{where}.{name}" for name in properties if name not in present)
    return SpecCheck(spec_path.name, checked, missing)


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` and single-member ``allOf`` down to a concrete schema."""
    while True:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        elif len(schema.get("allOf", ())) == 1 and "properties" not in schema:
            schema = schema["allOf"][0]
        else:
            return schema


def _variant(
    value: dict[str, Any], schema: dict[str, Any], schemas: dict[str, Any]
) -> dict[str, Any]:
    """The member of a ``oneOf``/``anyOf`` whose ``object`` enum fits ``value``."""
    members = [
        _resolve(m, schemas) for m in schema.get("oneOf", schema.get("anyOf", []))
    ]
    if not members:
        return schema
    for member in members:
        kind = member.get("properties", {}).get("object", {})
        if value.get("object") in kind.get("enum", ()):
            return member
    raise ValueError(f"no schema variant fits object={value.get('object')!r}")


def _walk(
    value: Any, schema: dict[str, Any], schemas: dict[str, Any], where: str
) -> Iterator[tuple[str, dict[str, Any], list[str]]]:
    """Yield (path, object, its schema's property names) for each nested object."""
    schema = _resolve(schema, schemas)
    if isinstance(value, list):
        for position, item in enumerate(value):
            yield from _walk(
                item, schema.get("items", {}), schemas, f"{where}[{position}]"
            )
        return
    if not isinstance(value, dict):
        return
    schema = _variant(value, schema, schemas)
    properties: dict[str, Any] = schema.get("properties", {})
    if not properties:
        return  # free-form metadata: its keys are the application's own
    yield where, value, list(properties)
    for name, sub in properties.items():
        if value.get(name) is not None:
            yield from _walk(value[name], sub, schemas, f"{where}.{name}")
