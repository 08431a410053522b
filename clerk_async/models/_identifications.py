"""Identifications a user signs in with: email, phone, Web3 wallet, passkey."""

import attrs

from clerk_async.models._verification import Verification


@attrs.frozen
class IdentificationLink:
    """A pointer from an identification to the account it came from.

    For example, an email address that was imported from a Google sign-in
    links to that external account.
    """

    type: str = ""
    """The kind of linked identification, such as ``oauth_google``.

    Values follow the pattern ``oauth_<provider>``.
    """

    id: str = ""
    """The ID of the linked identification."""


@attrs.frozen
class EmailAddress:
    """An email address belonging to a user."""

    id: str | None = None
    """The email address's identification ID (``idn_…``)."""

    object: str = ""
    """The object type; the known value is ``email_address``."""

    email_address: str = ""
    """The address itself."""

    reserved: bool = False
    """Whether the address is held back so that no other user can claim it."""

    verification: Verification | None = None
    """How the address was verified, or ``None`` if it never was."""

    linked_to: tuple[IdentificationLink, ...] = ()
    """Accounts this address is tied to, such as the OAuth account it came from."""

    matches_sso_connection: bool | None = None
    """Whether the address's domain belongs to an active enterprise connection.

    ``None`` when the API leaves the flag out.
    """

    created_at: int = 0
    """When the address was added, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the address last changed, in milliseconds since the Unix epoch."""


@attrs.frozen
class PhoneNumber:
    """A phone number belonging to a user."""

    id: str | None = None
    """The phone number's identification ID (``idn_…``)."""

    object: str = ""
    """The object type; the known value is ``phone_number``."""

    phone_number: str = ""
    """The number itself, normally in E.164 form such as ``+15551234567``."""

    reserved_for_second_factor: bool | None = None
    """Whether the number serves only as a second factor, not to sign in."""

    default_second_factor: bool | None = None
    """Whether this is the number used first for second-factor codes."""

    reserved: bool = False
    """Whether the number is held back so that no other user can claim it."""

    verification: Verification | None = None
    """How the number was verified, or ``None`` if it never was."""

    linked_to: tuple[IdentificationLink, ...] = ()
    """Accounts this number is tied to."""

    backup_codes: tuple[str, ...] | None = None
    """Backup codes issued along with this number, when the API includes them."""

    created_at: int = 0
    """When the number was added, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the number last changed, in milliseconds since the Unix epoch."""


@attrs.frozen
class Web3Wallet:
    """A Web3 wallet address belonging to a user."""

    id: str | None = None
    """The wallet's identification ID (``idn_…``)."""

    object: str = ""
    """The object type; the known value is ``web3_wallet``."""

    web3_wallet: str = ""
    """The wallet address, for example ``0x…`` for an Ethereum wallet."""

    verification: Verification | None = None
    """How ownership of the wallet was proven, or ``None`` if it never was."""

    created_at: int = 0
    """When the wallet was added, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the wallet last changed, in milliseconds since the Unix epoch."""


@attrs.frozen
class Passkey:
    """A passkey (WebAuthn credential) registered by a user."""

    id: str | None = None
    """The passkey's identification ID (``idn_…``)."""

    object: str = ""
    """The object type; the known value is ``passkey``."""

    name: str = ""
    """The label the passkey is listed under."""

    last_used_at: int = 0
    """When the passkey was last used, in milliseconds since the Unix epoch."""

    verification: Verification | None = None
    """The verification recorded when the passkey was registered, if any."""
