"""Frozen attrs classes for the objects the Users API returns.

Attribute names are the wire's snake_case names. Every attribute except
``User.id`` has a default, so responses that omit a field still structure;
timestamps are integers in milliseconds since the Unix epoch, and values the
API documents as enumerations are kept as plain strings.
"""

from clerk_async.models._accounts import (
    EnterpriseAccount,
    EnterpriseAccountConnection,
    ExternalAccount,
    SAMLAccount,
    SAMLAccountConnection,
)
from clerk_async.models._identifications import (
    EmailAddress,
    IdentificationLink,
    Passkey,
    PhoneNumber,
    Web3Wallet,
)
from clerk_async.models._misc import DeletedObject, TotalCount
from clerk_async.models._organizations import (
    Organization,
    OrganizationMembership,
    OrganizationMembershipPublicUserData,
)
from clerk_async.models._user import SCIMUserMetadata, User
from clerk_async.models._verification import Verification

__all__ = [
    "DeletedObject",
    "EmailAddress",
    "EnterpriseAccount",
    "EnterpriseAccountConnection",
    "ExternalAccount",
    "IdentificationLink",
    "Organization",
    "OrganizationMembership",
    "OrganizationMembershipPublicUserData",
    "Passkey",
    "PhoneNumber",
    "SAMLAccount",
    "SAMLAccountConnection",
    "SCIMUserMetadata",
    "TotalCount",
    "User",
    "Verification",
    "Web3Wallet",
]
