"""The user, the central object of the Users API."""

from collections.abc import Mapping
from typing import Any

import attrs

from clerk_async.models._accounts import (
    EnterpriseAccount,
    ExternalAccount,
    SAMLAccount,
)
from clerk_async.models._base import EMPTY_METADATA
from clerk_async.models._identifications import (
    EmailAddress,
    Passkey,
    PhoneNumber,
    Web3Wallet,
)
from clerk_async.models._organizations import OrganizationMembership


@attrs.frozen
class SCIMUserMetadata:
    """How a user provisioned from a directory (SCIM) is tied to that directory.

    Clerk only sends this in some webhook events, so ``User.scim`` being
    ``None`` does not prove that no directory manages the user.
    """

    directory_id: str = ""
    """The ID of the directory the user was provisioned from."""

    directory_enabled: bool | None = None
    """Whether the directory is enabled; the API leaves it out (``None``) when not."""

    external_id: str | None = None
    """The user's ID in the directory, if it reported one."""


@attrs.frozen
class User:
    """A user of a Clerk application, with identifications and accounts.

    Only ``id`` is required. Every other attribute has a default, so that a
    response lacking a field still structures.
    """

    id: str
    """The user's ID (``user_…``)."""

    object: str = ""
    """The object type; the known value is ``user``."""

    external_id: str | None = None
    """An ID of your choosing that ties the user to your own records, if set."""

    primary_email_address_id: str | None = None
    """The ID of the user's primary email address, if any."""

    primary_phone_number_id: str | None = None
    """The ID of the user's primary phone number, if any."""

    primary_web3_wallet_id: str | None = None
    """The ID of the user's primary Web3 wallet, if any."""

    username: str | None = None
    """The user's username, if set."""

    first_name: str | None = None
    """The user's first name, if set."""

    last_name: str | None = None
    """The user's last name, if set."""

    locale: str | None = None
    """The user's preferred locale, such as ``en-US``, if set."""

    profile_image_url: str | None = None
    """The user's profile image URL. Deprecated: use ``image_url``."""

    image_url: str | None = None
    """The URL of the user's profile image, or a generated placeholder."""

    has_image: bool = False
    """Whether the user has uploaded a profile image."""

    public_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data readable from the frontend and writable only by the backend."""

    private_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data that only the backend can read and write."""

    unsafe_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data that the frontend can both read and write."""

    email_addresses: tuple[EmailAddress, ...] = ()
    """All of the user's email addresses."""

    phone_numbers: tuple[PhoneNumber, ...] = ()
    """All of the user's phone numbers."""

    web3_wallets: tuple[Web3Wallet, ...] = ()
    """All of the user's Web3 wallets."""

    passkeys: tuple[Passkey, ...] = ()
    """All of the user's passkeys."""

    password_enabled: bool = False
    """Whether the user has a password set."""

    two_factor_enabled: bool = False
    """Whether any second factor is turned on for the user."""

    totp_enabled: bool = False
    """Whether the user has an authenticator app (TOTP) set up."""

    backup_code_enabled: bool = False
    """Whether the user has backup codes set up."""

    mfa_enabled_at: int | None = None
    """When MFA was last turned on, in milliseconds since the Unix epoch.

    Not cleared when MFA is turned off later; ``None`` if it never was on.
    """

    mfa_disabled_at: int | None = None
    """When MFA was last turned off, in milliseconds since the Unix epoch.

    Not cleared when MFA is turned on again; ``None`` if it never was off.
    """

    password_last_updated_at: int | None = None
    """When the password last changed, in milliseconds since the Unix epoch."""

    external_accounts: tuple[ExternalAccount, ...] = ()
    """The OAuth accounts linked to the user."""

    saml_accounts: tuple[SAMLAccount, ...] = ()
    """The SAML accounts linked to the user."""

    enterprise_accounts: tuple[EnterpriseAccount, ...] = ()
    """The enterprise accounts linked to the user."""

    organization_memberships: tuple[OrganizationMembership, ...] | None = None
    """The user's organization memberships, when the response includes them."""

    last_sign_in_at: int | None = None
    """When the user last signed in, in milliseconds since the Unix epoch.

    ``None`` if the user never has.
    """

    banned: bool = False
    """Whether the user is banned: their sessions are revoked and sign-in refused."""

    locked: bool = False
    """Whether the user is currently locked out of signing in."""

    deprovisioned: bool | None = None
    """Whether the user was deprovisioned and may no longer sign in, if reported."""

    lockout_expires_in_seconds: int | None = None
    """Seconds left until a locked user is unlocked.

    ``None`` for a locked user means the lock does not expire on its own.
    """

    verification_attempts_remaining: int | None = None
    """Failed verifications the user may still make before being locked.

    ``None`` when lockout is turned off for the application. A user locked
    through the API can still have attempts left.
    """

    updated_at: int = 0
    """When the user last changed, in milliseconds since the Unix epoch."""

    created_at: int = 0
    """When the user was created, in milliseconds since the Unix epoch."""

    delete_self_enabled: bool = False
    """Whether the user may delete their own account from the frontend."""

    create_organization_enabled: bool = False
    """Whether the user may create organizations from the frontend."""

    create_organizations_limit: int | None = None
    """How many organizations the user may create; ``0`` means no limit."""

    last_active_at: int | None = None
    """When the user was last active, in milliseconds since the Unix epoch.

    Precise to the day only.
    """

    legal_accepted_at: int | None = None
    """When the user accepted the legal terms, in milliseconds since the Unix epoch."""

    bypass_client_trust: bool | None = None
    """Whether the user skips device trust checks when signing in.

    ``None`` when the API leaves it out, which it documents as ``False``.
    """

    scim: SCIMUserMetadata | None = None
    """The user's directory (SCIM) link, if the response carries one."""
