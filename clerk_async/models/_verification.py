"""The verification state attached to identifications and accounts."""

from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen
class Verification:
    """How, and whether, an identification or account has been verified.

    The API sends one of several verification shapes (one-time code, admin,
    OAuth, SAML, ticket, email link, SCIM, Web3, passkey, Google One Tap, and
    more over time). This single class holds every attribute any of them can
    carry; those a shape does not use stay ``None``.
    """

    object: str | None = None
    """Which kind of verification this is.

    Known values: ``verification_otp``, ``verification_admin``,
    ``verification_from_oauth``, ``verification_ticket``, ``verification_saml``,
    ``verification_email_link``, ``verification_scim``, ``verification_web3``,
    ``verification_passkey``, ``verification_oauth`` and
    ``verification_google_one_tap``. Often absent; other values may appear.
    """

    status: str = ""
    """Where the verification stands.

    Known values: ``unverified``, ``verified``, ``failed``, ``expired`` and
    ``transferable``. Other values are kept as they arrive.
    """

    strategy: str = ""
    """The method used to verify.

    Known values: ``phone_code``, ``email_code``, ``reset_password_email_code``,
    ``admin``, ``ticket``, ``saml``, ``email_link``, ``scim``, ``passkey``,
    ``google_one_tap``, ``web3_metamask_signature``, ``web3_base_signature``,
    ``web3_coinbase_wallet_signature``, ``web3_okx_wallet_signature``,
    ``web3_solana_signature``, plus provider-specific ``oauth_<provider>`` and
    ``from_oauth_<provider>`` forms (for example ``oauth_google``).
    """

    attempts: int | None = None
    """How many attempts have been made so far, or ``None`` when not tracked."""

    expire_at: int | None = None
    """When the verification lapses, in milliseconds since the Unix epoch.

    ``None`` when no expiry applies.
    """

    channel: str | None = None
    """The channel a phone code was delivered through, for example ``sms``.

    Only set for phone code verifications.
    """

    verified_at_client: str | None = None
    """The ID of the client on which the verification was completed, if known."""

    error: Mapping[str, Any] | None = None
    """The error that made an OAuth, SAML or Google One Tap verification fail.

    Kept as the raw error object, with the keys ``code``, ``message``,
    ``long_message`` and optionally ``meta``; ``None`` when there is no error.
    """

    external_verification_redirect_url: str | None = attrs.field(
        default=None, metadata={"camel": "externalVerificationRedirectURL"}
    )
    """Identity provider URL that completes a pending OAuth or SAML verification.

    The user's browser is sent there; ``None`` when nothing is pending.
    """

    nonce: str | None = None
    """The nonce issued for a Web3 signature or passkey verification."""

    message: str | None = None
    """The message to be signed for a Web3 signature or passkey verification."""
