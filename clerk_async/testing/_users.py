"""User wire dicts: building them to the spec's ``User`` schema, changing them.

Everything here works on plain, JSON-serialisable dicts in the wire's
snake_case shape, exactly what Clerk sends: timestamps are integers in
milliseconds, nested identifications carry a ``verification`` object and a
``linked_to`` list. The changes (ban, lock, metadata merge, credentials) are
made the way Clerk makes them. Nothing here knows about HTTP.
"""

from __future__ import annotations

import copy
import json
import secrets
import string
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = [
    "IDENTIFICATION_LISTS",
    "LOCKOUT_SECONDS",
    "USER_FIELDS",
    "VERIFICATION_ATTEMPTS",
    "admin_verification",
    "apply_credentials",
    "build_user",
    "email_address_entry",
    "identifiers",
    "merge_metadata",
    "new_id",
    "now_ms",
    "otp_verification",
    "phone_number_entry",
    "primary_value",
    "set_banned",
    "set_locked",
    "touch",
    "web3_wallet_entry",
]

#: How long a lock lasts, as reported in ``lockout_expires_in_seconds``
#: (Clerk's default lockout duration).
LOCKOUT_SECONDS = 3600

#: ``verification_attempts_remaining`` of a user who is not locked out.
VERIFICATION_ATTEMPTS = 100

#: Every property of the spec's ``User`` schema, in the order Clerk sends them.
USER_FIELDS = (
    "id",
    "object",
    "external_id",
    "primary_email_address_id",
    "primary_phone_number_id",
    "primary_web3_wallet_id",
    "username",
    "first_name",
    "last_name",
    "locale",
    "profile_image_url",
    "image_url",
    "has_image",
    "public_metadata",
    "private_metadata",
    "unsafe_metadata",
    "email_addresses",
    "phone_numbers",
    "web3_wallets",
    "passkeys",
    "password_enabled",
    "two_factor_enabled",
    "totp_enabled",
    "backup_code_enabled",
    "mfa_enabled_at",
    "mfa_disabled_at",
    "password_last_updated_at",
    "external_accounts",
    "saml_accounts",
    "enterprise_accounts",
    "organization_memberships",
    "last_sign_in_at",
    "banned",
    "locked",
    "deprovisioned",
    "lockout_expires_in_seconds",
    "verification_attempts_remaining",
    "updated_at",
    "created_at",
    "delete_self_enabled",
    "create_organization_enabled",
    "create_organizations_limit",
    "last_active_at",
    "legal_accepted_at",
    "bypass_client_trust",
    "scim",
)

_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_DEFAULT_IMAGE_URL = "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9"
_OTP_LIFETIME_MS = 10 * 60 * 1000
_OAUTH_SCOPES = "email openid profile"
#: The list of a user that holds each kind of identification.
IDENTIFICATION_LISTS = {
    "email_address": "email_addresses",
    "phone_number": "phone_numbers",
    "web3_wallet": "web3_wallets",
}
_LIST_FIELDS = frozenset({*IDENTIFICATION_LISTS.values(), "external_accounts"})


def new_id(prefix: str) -> str:
    """Return a Clerk-looking object id: ``prefix_`` and 27 random base62 chars."""
    return prefix + "_" + "".join(secrets.choice(_BASE62) for _ in range(27))


def now_ms() -> int:
    """Return the current time as Clerk writes it: integer milliseconds."""
    return time.time_ns() // 1_000_000


def touch(user: dict[str, Any]) -> None:
    """Move ``updated_at`` forward to now, and always by at least 1 ms."""
    user["updated_at"] = max(now_ms(), int(user.get("updated_at") or 0) + 1)


def otp_verification(strategy: str, *, now: int) -> dict[str, Any]:
    """A verified ``verification_otp`` object, as left by a user's sign-up."""
    return {
        "object": "verification_otp",
        "status": "verified",
        "strategy": strategy,
        "attempts": 1,
        "expire_at": now + _OTP_LIFETIME_MS,
    }


def admin_verification() -> dict[str, Any]:
    """A ``verification_admin`` object, as set when BAPI creates an address."""
    return {
        "object": "verification_admin",
        "status": "verified",
        "strategy": "admin",
        "attempts": None,
        "expire_at": None,
    }


def email_address_entry(
    address: str,
    *,
    now: int,
    verification: dict[str, Any] | None,
    reserved: bool = False,
) -> dict[str, Any]:
    """An ``EmailAddress`` wire dict with a fresh ``idn_`` id."""
    return {
        "id": new_id("idn"),
        "object": "email_address",
        "email_address": address,
        "reserved": reserved,
        "verification": verification,
        "linked_to": [],
        "matches_sso_connection": False,
        "created_at": now,
        "updated_at": now,
    }


def phone_number_entry(
    number: str,
    *,
    now: int,
    verification: dict[str, Any] | None,
    reserved: bool = False,
) -> dict[str, Any]:
    """A ``PhoneNumber`` wire dict with a fresh ``idn_`` id."""
    return {
        "id": new_id("idn"),
        "object": "phone_number",
        "phone_number": number,
        "reserved_for_second_factor": False,
        "default_second_factor": False,
        "reserved": reserved,
        "verification": verification,
        "linked_to": [],
        "backup_codes": None,
        "created_at": now,
        "updated_at": now,
    }


def web3_wallet_entry(address: str, *, now: int) -> dict[str, Any]:
    """A ``Web3Wallet`` wire dict with a fresh ``idn_`` id."""
    return {
        "id": new_id("idn"),
        "object": "web3_wallet",
        "web3_wallet": address,
        "verification": admin_verification(),
        "created_at": now,
        "updated_at": now,
    }


def _external_account_entry(
    provider: str, user: Mapping[str, Any], *, now: int
) -> dict[str, Any]:
    """An OAuth ``ExternalAccountWithVerification`` for the user's primary email."""
    return {
        "object": "external_account",
        "id": new_id("eac"),
        "provider": provider,
        "identification_id": new_id("idn"),
        "provider_user_id": "".join(secrets.choice(string.digits) for _ in range(21)),
        "approved_scopes": _OAUTH_SCOPES,
        "email_address": primary_value(user, "email_address") or "",
        "email_address_verified": True,
        "first_name": user.get("first_name") or "",
        "last_name": user.get("last_name") or "",
        "avatar_url": _DEFAULT_IMAGE_URL,
        "image_url": _DEFAULT_IMAGE_URL,
        "username": None,
        "phone_number": None,
        "public_metadata": {},
        "label": None,
        "created_at": now,
        "updated_at": now,
        "verification": {
            "object": "verification_oauth",
            "status": "verified",
            "strategy": provider,
            "attempts": None,
            "expire_at": now + _OTP_LIFETIME_MS,
        },
    }


def _complete(
    items: Iterable[str | Mapping[str, Any]],
    make: Callable[[str], dict[str, Any]],
    *,
    key: str,
    closed: bool,
) -> list[dict[str, Any]]:
    """Turn shorthand strings and partial dicts into full wire dicts.

    A string is the entry's ``key`` field (the address, number or provider);
    a dict overrides the defaults made from its ``key`` field. When the
    schema is ``closed`` (no additional properties), unknown keys are refused.
    """
    completed = []
    for item in items:
        if isinstance(item, str):
            completed.append(make(item))
            continue
        entry = make(str(item.get(key, "")))
        unknown = sorted(set(item) - set(entry))
        if closed and unknown:
            raise TypeError(f"unknown keys {', '.join(unknown)} in {dict(item)!r}")
        entry.update(copy.deepcopy(dict(item)))
        completed.append(entry)
    return completed


def build_user(
    fields: Mapping[str, Any],
    *,
    seeded: bool,
) -> dict[str, Any]:
    """Build a complete ``User`` wire dict from some of its fields.

    Every key of ``fields`` must be a property of the spec's ``User`` schema;
    the rest get defaults: a seeded user is a "Jane Doe" with one verified
    email address unless told otherwise, a created one has no name and no
    email address unless told otherwise. The list fields ``email_addresses``,
    ``phone_numbers``, ``web3_wallets`` and ``external_accounts`` accept
    shorthand strings (an address, a number, a wallet, an OAuth provider such
    as ``"oauth_google"``) or partial dicts, completed with defaults.
    An external account is linked (``linked_to``) to the user's email address
    that it shares. ``primary_*_id`` default to the first entry of each list.

    Args:
        fields: Wire fields that override the defaults.
        seeded: True for users seeded by a test (a name, an email address,
            identifications verified by an OTP as after a sign-up), False for
            users created through BAPI (nothing but what ``fields`` gives,
            identifications verified by ``admin``).

    Returns:
        A new dict; nothing in it is shared with ``fields``.

    Raises:
        TypeError: A key is not a ``User`` property, or a value is not
            JSON-serialisable.
    """
    unknown = sorted(set(fields) - set(USER_FIELDS))
    if unknown:
        raise TypeError(f"not properties of a Clerk User: {', '.join(unknown)}")
    try:
        json.dumps(fields)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"user fields must be JSON-serialisable: {exc}") from exc

    now = now_ms()
    user_id = fields.get("id") or new_id("user")
    if not isinstance(user_id, str):
        raise TypeError(f"a user id is a string, not {user_id!r}")
    first_name = fields.get("first_name", "Jane" if seeded else None)
    last_name = fields.get("last_name", "Doe" if seeded else None)
    default_emails = []
    if seeded:
        name = f"{first_name or 'user'}.{last_name or 'doe'}".lower()
        default_emails.append(f"{name}+{secrets.token_hex(4)}@example.com")

    def verification(strategy: str) -> dict[str, Any]:
        if seeded:
            return otp_verification(strategy, now=now)
        return admin_verification()

    email_addresses = _complete(
        fields.get("email_addresses", default_emails),
        lambda address: email_address_entry(
            address, now=now, verification=verification("email_code")
        ),
        key="email_address",
        closed=True,
    )
    phone_numbers = _complete(
        fields.get("phone_numbers", []),
        lambda number: phone_number_entry(
            number, now=now, verification=verification("phone_code")
        ),
        key="phone_number",
        closed=True,
    )
    web3_wallets = _complete(
        fields.get("web3_wallets", []),
        lambda address: web3_wallet_entry(address, now=now),
        key="web3_wallet",
        closed=True,
    )

    user: dict[str, Any] = {
        "id": user_id,
        "object": "user",
        "external_id": None,
        "primary_email_address_id": _first_id(email_addresses),
        "primary_phone_number_id": _first_id(phone_numbers),
        "primary_web3_wallet_id": _first_id(web3_wallets),
        "username": None,
        "first_name": first_name,
        "last_name": last_name,
        "locale": None,
        "profile_image_url": _DEFAULT_IMAGE_URL,
        "image_url": _DEFAULT_IMAGE_URL,
        "has_image": False,
        "public_metadata": {},
        "private_metadata": {},
        "unsafe_metadata": {},
        "email_addresses": email_addresses,
        "phone_numbers": phone_numbers,
        "web3_wallets": web3_wallets,
        "passkeys": [],
        "password_enabled": False,
        "two_factor_enabled": False,
        "totp_enabled": False,
        "backup_code_enabled": False,
        "mfa_enabled_at": None,
        "mfa_disabled_at": None,
        "password_last_updated_at": None,
        "external_accounts": [],
        "saml_accounts": [],
        "enterprise_accounts": [],
        "last_sign_in_at": None,
        "banned": False,
        "locked": False,
        "deprovisioned": False,
        "lockout_expires_in_seconds": None,
        "verification_attempts_remaining": VERIFICATION_ATTEMPTS,
        "updated_at": now,
        "created_at": now,
        "delete_self_enabled": True,
        "create_organization_enabled": True,
        "create_organizations_limit": None,
        "last_active_at": None,
        "legal_accepted_at": None,
        "bypass_client_trust": False,
    }
    user.update(
        (key, copy.deepcopy(value))
        for key, value in fields.items()
        if key not in _LIST_FIELDS
    )
    user["external_accounts"] = _complete(
        fields.get("external_accounts", []),
        lambda provider: _external_account_entry(provider, user, now=now),
        key="provider",
        closed=False,
    )
    _link_external_accounts(user)
    return user


def _first_id(entries: list[dict[str, Any]]) -> str | None:
    """The id of the first entry, which Clerk makes the primary one."""
    return str(entries[0]["id"]) if entries else None


def _link_external_accounts(user: dict[str, Any]) -> None:
    """Add each external account to ``linked_to`` of the email it shares."""
    for account in user["external_accounts"]:
        for entry in user["email_addresses"]:
            same = entry["email_address"].lower() == account["email_address"].lower()
            link = {"type": account["provider"], "id": account["id"]}
            if same and link not in entry["linked_to"]:
                entry["linked_to"].append(link)


def set_banned(user: dict[str, Any], *, banned: bool) -> None:
    """Ban or unban the user."""
    user["banned"] = banned
    touch(user)


def set_locked(user: dict[str, Any], *, locked: bool) -> None:
    """Lock the user out (for :data:`LOCKOUT_SECONDS`) or unlock them."""
    user["locked"] = locked
    if locked:
        user["lockout_expires_in_seconds"] = LOCKOUT_SECONDS
        user["verification_attempts_remaining"] = 0
    else:
        user["lockout_expires_in_seconds"] = None
        user["verification_attempts_remaining"] = VERIFICATION_ATTEMPTS
    touch(user)


def merge_metadata(
    current: Mapping[str, Any], patch: Mapping[str, Any]
) -> dict[str, Any]:
    """Clerk's metadata merge: objects merge at every depth, null deletes a key."""
    merged = dict(current)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict):
            base = merged.get(key)
            merged[key] = merge_metadata(base if isinstance(base, dict) else {}, value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def apply_credentials(user: dict[str, Any], body: Mapping[str, Any]) -> None:
    """Reflect a create or update body's password, TOTP secret, backup codes."""
    now = now_ms()
    if body.get("password") is not None or body.get("password_digest"):
        user["password_enabled"] = True
        user["password_last_updated_at"] = now
    if body.get("totp_secret"):
        user["totp_enabled"] = True
    if body.get("backup_codes"):
        user["backup_code_enabled"] = True
    second_factor = user["totp_enabled"] or user["backup_code_enabled"]
    if second_factor and not user["two_factor_enabled"]:
        user["two_factor_enabled"] = True
        user["mfa_enabled_at"] = now


def identifiers(user: Mapping[str, Any], kind: str) -> set[str]:
    """The user's identifiers of one kind, in lower case.

    ``kind`` is ``email_address``, ``phone_number``, ``web3_wallet``, or a
    scalar field such as ``username`` or ``external_id``.
    """
    entries = IDENTIFICATION_LISTS.get(kind)
    if entries is not None:
        return {str(entry[kind]).lower() for entry in user.get(entries) or []}
    value = user.get(kind)
    return {value.lower()} if isinstance(value, str) else set()


def primary_value(user: Mapping[str, Any], kind: str) -> str | None:
    """The user's primary ``email_address``, ``phone_number`` or ``web3_wallet``."""
    primary_id = user.get(f"primary_{kind}_id")
    for entry in user.get(IDENTIFICATION_LISTS[kind]) or []:
        if entry["id"] == primary_id:
            return str(entry[kind])
    return None
