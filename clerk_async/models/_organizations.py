"""Organizations and a user's memberships in them."""

from collections.abc import Mapping
from typing import Any

import attrs

from clerk_async.models._base import EMPTY_METADATA


@attrs.frozen
class Organization:
    """An organization, as embedded in a user's organization membership."""

    object: str = ""
    """The object type; the known value is ``organization``."""

    id: str = ""
    """The organization's ID (``org_…``)."""

    name: str = ""
    """The organization's display name."""

    slug: str = ""
    """The organization's unique, URL-friendly short name."""

    image_url: str | None = None
    """The URL of the organization's logo, when the API includes it."""

    has_image: bool = False
    """Whether a logo was uploaded, rather than a generated placeholder used."""

    members_count: int | None = None
    """How many members the organization has, when the API includes it."""

    missing_member_with_elevated_permissions: bool | None = None
    """Whether the organization lacks a member holding elevated permissions."""

    pending_invitations_count: int | None = None
    """How many invitations are still waiting for an answer, when included."""

    max_allowed_memberships: int = 0
    """The membership limit configured for the organization."""

    admin_delete_enabled: bool = False
    """Whether organization admins are allowed to delete the organization."""

    public_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data stored on the organization, readable from the frontend."""

    private_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data stored on the organization, readable only by the backend."""

    created_by: str | None = None
    """The ID of the user who created the organization, if known."""

    created_at: int = 0
    """When the organization was created, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the organization last changed, in milliseconds since the Unix epoch."""

    last_active_at: int | None = None
    """When the organization was last active, in milliseconds since the Unix epoch.

    ``None`` when the API leaves it out.
    """

    role_set_key: str | None = None
    """The key of the role set the organization uses, if one is assigned."""


@attrs.frozen
class OrganizationMembershipPublicUserData:
    """The public profile of the member, as shown on an organization membership."""

    user_id: str = ""
    """The member's user ID (``user_…``)."""

    first_name: str | None = None
    """The member's first name, if set."""

    last_name: str | None = None
    """The member's last name, if set."""

    profile_image_url: str | None = None
    """The member's profile image URL. Deprecated: use ``image_url``."""

    image_url: str = ""
    """The URL of the member's profile image."""

    has_image: bool = False
    """Whether the member uploaded a profile image."""

    identifier: str | None = None
    """The member's main identifier, such as their email address, if any."""

    username: str | None = None
    """The member's username, if set."""

    banned: bool | None = None
    """Whether the member is banned, when the API includes it."""

    deprovisioned: bool | None = None
    """Whether the member was deprovisioned, when the API includes it."""


@attrs.frozen
class OrganizationMembership:
    """A user's membership in an organization, with the role it grants."""

    id: str = ""
    """The membership's ID (``orgmem_…``)."""

    object: str = ""
    """The object type; the known value is ``organization_membership``."""

    role: str = ""
    """The key of the member's role, for example ``org:admin``."""

    role_name: str | None = None
    """The human-readable name of the role, when the API includes it."""

    permissions: tuple[str, ...] = ()
    """The permission keys the role grants, such as ``org:sys_memberships:read``."""

    public_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data stored on the membership, readable from the frontend."""

    private_metadata: Mapping[str, Any] = EMPTY_METADATA
    """Free-form data stored on the membership, readable only by the backend."""

    organization: Organization = attrs.field(factory=Organization)
    """The organization the membership belongs to.

    Always present in API responses; an empty :class:`Organization` stands in
    if a response leaves it out.
    """

    public_user_data: OrganizationMembershipPublicUserData | None = None
    """The member's public profile, when the API includes it."""

    created_at: int = 0
    """When the membership was created, in milliseconds since the Unix epoch."""

    updated_at: int = 0
    """When the membership last changed, in milliseconds since the Unix epoch."""
