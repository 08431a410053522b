"""Accounts a user signs in through: OAuth, SAML and enterprise connections."""

from collections.abc import Mapping
from typing import Any

import attrs

from clerk_async.models._base import EMPTY_METADATA
from clerk_async.models._verification import Verification


@attrs.frozen
class ExternalAccount:
    """An account at an OAuth provider (Google, GitHub, …) linked to a user.

    The API may send keys beyond the ones modelled here; they are ignored.
    """

    object: str = ""
    """The object type.

    Known values: ``external_account``, ``facebook_account`` and
    ``google_account``.
    """

    id: str = ""
    """The external account's identification ID (``idn_…``)."""

    provider: str = ""
    """The OAuth provider, for example ``oauth_google``."""

    identification_id: str = ""
    """The ID of the identification this account is attached to."""

    provider_user_id: str = attrs.field(default="", metadata={"camel": "externalId"})
    """The user's ID at the provider.

    Its camelCase name is ``externalId``, as in Clerk's JavaScript SDK, not
    ``providerUserId``.
    """

    approved_scopes: str = ""
    """The OAuth scopes the user granted, separated by spaces."""

    email_address: str = ""
    """The email address the provider reported for the user."""

    email_address_verified: bool | None = None
    """Whether the provider said the email address was verified when linked.

    ``None`` means unknown, as with older accounts or custom providers.
    """

    first_name: str = ""
    """The first name the provider reported."""

    last_name: str = ""
    """The last name the provider reported."""

    avatar_url: str | None = None
    """The provider's profile picture URL. Deprecated: use ``image_url``."""

    image_url: str | None = None
    """The URL of the account's profile image, if there is one."""

    username: str | None = None
    """The username at the provider, if it has one."""

    phone_number: str | None = None
    """The phone number the provider reported, if any."""

    public_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data stored on this account, readable from the frontend."""

    label: str | None = None
    """An optional label that tells apart several accounts at one provider."""

    created_at: int = 0
    """When the account was linked, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the account last changed, in milliseconds since the Unix epoch."""

    verification: Verification | None = None
    """The OAuth or Google One Tap verification of the account, if any."""


@attrs.frozen
class SAMLAccountConnection:
    """The SAML connection a SAML account signs in through."""

    id: str = ""
    """The connection's ID."""

    name: str = ""
    """The connection's display name."""

    domain: str | None = None
    """The single email domain of the connection. Deprecated: use ``domains``."""

    domains: tuple[str, ...] | None = None
    """The email domains served by the connection."""

    active: bool = False
    """Whether users can currently sign in through the connection."""

    provider: str = ""
    """The identity provider, for example ``saml_okta``."""

    sync_user_attributes: bool = False
    """Whether user attributes are refreshed from the provider at each sign-in."""

    allow_subdomains: bool | None = None
    """Whether subdomains of the connection's domains are accepted too."""

    allow_idp_initiated: bool | None = None
    """Whether sign-ins started at the identity provider are accepted."""

    disable_additional_identifications: bool | None = None
    """Whether users of this connection may not add further identifications."""

    created_at: int = 0
    """When the connection was created, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the connection last changed, in milliseconds since the Unix epoch."""


@attrs.frozen
class SAMLAccount:
    """An account at a SAML identity provider linked to a user."""

    id: str = ""
    """The SAML account's ID."""

    object: str = ""
    """The object type; the known value is ``saml_account``."""

    provider: str = ""
    """The identity provider, for example ``saml_okta``."""

    active: bool = False
    """Whether the account can currently be used to sign in."""

    email_address: str = ""
    """The email address the account signs in with."""

    first_name: str | None = None
    """The first name from the identity provider, if given."""

    last_name: str | None = None
    """The last name from the identity provider, if given."""

    provider_user_id: str | None = None
    """The user's ID at the identity provider, if known."""

    last_authenticated_at: int | None = None
    """When the account last signed in, in milliseconds since the Unix epoch.

    ``None`` if it never has.
    """

    public_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data stored on this account, readable from the frontend."""

    verification: Verification | None = None
    """The SAML or ticket verification of the account, if any."""

    saml_connection: SAMLAccountConnection | None = None
    """The connection the account belongs to, if the API includes it."""


@attrs.frozen
class EnterpriseAccountConnection:
    """The enterprise connection (SAML or OAuth) an enterprise account uses."""

    id: str = ""
    """The connection's ID."""

    protocol: str = ""
    """The protocol of the connection; known values are ``saml`` and ``oauth``."""

    provider: str = ""
    """The identity provider behind the connection."""

    name: str = ""
    """The connection's display name."""

    logo_public_url: str | None = None
    """A public URL of the provider's logo, if one is set."""

    domain: str | None = None
    """The single email domain of the connection. Deprecated: use ``domains``."""

    domains: tuple[str, ...] | None = None
    """The email domains served by the connection."""

    active: bool = False
    """Whether users can currently sign in through the connection."""

    sync_user_attributes: bool = False
    """Whether user attributes are refreshed from the provider at each sign-in."""

    allow_subdomains: bool = False
    """Whether subdomains of the connection's domains are accepted too."""

    allow_idp_initiated: bool = False
    """Whether sign-ins started at the identity provider are accepted."""

    disable_additional_identifications: bool = False
    """Whether users of this connection may not add further identifications."""

    created_at: int = 0
    """When the connection was created, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the connection last changed, in milliseconds since the Unix epoch."""


@attrs.frozen
class EnterpriseAccount:
    """An account at an enterprise identity provider linked to a user."""

    id: str = ""
    """The enterprise account's ID."""

    object: str = ""
    """The object type; the known value is ``enterprise_account``."""

    protocol: str | None = None
    """The protocol used to sign in; known values are ``oauth`` and ``saml``."""

    provider: str = ""
    """The identity provider behind the account."""

    active: bool = False
    """Whether the account can currently be used to sign in."""

    email_address: str = ""
    """The email address the account signs in with."""

    first_name: str | None = None
    """The first name from the identity provider, if given."""

    last_name: str | None = None
    """The last name from the identity provider, if given."""

    provider_user_id: str | None = None
    """The user's ID at the identity provider, if known."""

    enterprise_connection_id: str | None = None
    """The ID of the enterprise connection the account belongs to, if any."""

    public_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data stored on this account, readable from the frontend."""

    verification: Verification | None = None
    """The ticket, SAML or OAuth verification of the account, if any."""

    enterprise_connection: EnterpriseAccountConnection | None = None
    """The connection the account belongs to, if the API includes it."""

    last_authenticated_at: int | None = None
    """When the account last signed in, in milliseconds since the Unix epoch.

    ``None`` if it never has.
    """
