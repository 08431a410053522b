"""The Users endpoints of the fake: one handler per route, over a dict of users.

Each handler takes the request's :class:`~._params.Call` and returns the
:class:`~._wire.Reply` that Clerk would send, or raises
:class:`~._params.RefusedError` with Clerk's error. A handler checks
everything before it changes anything, so a refused request leaves the
users as they were. Handlers are not thread safe; the server calls them
under its lock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from . import _users
from ._params import (
    Call,
    check_body,
    invalid_format,
    invalid_value,
    is_kind,
    missing,
    not_found,
    refuse,
    taken,
    timestamp_ms,
)
from ._queries import ordered, user_filters
from ._wire import Reply, json_reply

__all__ = ["ROUTES", "UsersEndpoints"]

#: Every route the fake serves, as ``"METHOD /path/{param}"``. Routes with a
#: literal segment come before those with a placeholder in its place, so
#: ``/v1/users/count`` is the count, not the user ``"count"``.
ROUTES = (
    "GET /v1/users",
    "POST /v1/users",
    "GET /v1/users/count",
    "POST /v1/users/ban",
    "POST /v1/users/unban",
    "GET /v1/users/{user_id}",
    "PATCH /v1/users/{user_id}",
    "DELETE /v1/users/{user_id}",
    "POST /v1/users/{user_id}/ban",
    "POST /v1/users/{user_id}/unban",
    "POST /v1/users/{user_id}/lock",
    "POST /v1/users/{user_id}/unlock",
    "PATCH /v1/users/{user_id}/metadata",
    "PUT /v1/users/{user_id}/metadata",
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
_BULK_MAX = 50
_LIMIT_DEFAULT = 10
_LIMIT_MAX = 500
_MIN_PASSWORD_LENGTH = 8

# The body parameters of each endpoint and their kinds (see check_body),
# as the spec lists them.
_CREATE_PARAMS = {
    "external_id": "str?",
    "first_name": "str?",
    "last_name": "str?",
    "locale": "str?",
    "email_address": "strs",
    "email_address_identification_status": "strs",
    "phone_number": "strs",
    "phone_number_identification_status": "strs",
    "web3_wallet": "strs",
    "username": "str?",
    "password": "str?",
    "password_digest": "str?",
    "password_hasher": "str",
    "skip_password_checks": "bool?",
    "skip_password_requirement": "bool?",
    "totp_secret": "str?",
    "backup_codes": "strs",
    "public_metadata": "object",
    "private_metadata": "object",
    "unsafe_metadata": "object",
    "delete_self_enabled": "bool?",
    "legal_accepted_at": "str?",
    "skip_legal_checks": "bool?",
    "skip_user_requirement": "bool?",
    "create_organization_enabled": "bool?",
    "create_organizations_limit": "int?",
    "created_at": "str?",
    "bypass_client_trust": "bool?",
    "banned": "bool?",
    "locked": "bool?",
}
_UPDATE_PARAMS = {
    "external_id": "str?",
    "first_name": "str?",
    "last_name": "str?",
    "locale": "str?",
    "primary_email_address_id": "str?",
    "notify_primary_email_address_changed": "bool?",
    "primary_phone_number_id": "str?",
    "primary_web3_wallet_id": "str?",
    "username": "str?",
    "profile_image_id": "str?",
    "password": "str?",
    "password_digest": "str",
    "password_hasher": "str",
    "skip_password_checks": "bool?",
    "sign_out_of_other_sessions": "bool?",
    "totp_secret": "str?",
    "backup_codes": "strs",
    "delete_self_enabled": "bool?",
    "create_organization_enabled": "bool?",
    "legal_accepted_at": "str?",
    "skip_legal_checks": "bool?",
    "create_organizations_limit": "int?",
    "created_at": "str?",
    "bypass_client_trust": "bool?",
}
_METADATA_PARAMS = {
    "public_metadata": "object",
    "private_metadata": "object",
    "unsafe_metadata": "object",
}
_METADATA_HINTS = dict.fromkeys(
    _METADATA_PARAMS,
    " Since API version 2026-05-12, metadata is changed with"
    " PATCH or PUT /v1/users/{user_id}/metadata.",
)

# Fields copied from a create or update body when they are not null.
_SCALARS = (
    "external_id",
    "first_name",
    "last_name",
    "locale",
    "username",
    "create_organizations_limit",
    "delete_self_enabled",
    "create_organization_enabled",
    "bypass_client_trust",
)


class UsersEndpoints:
    """The handlers of :data:`ROUTES`, over ``users`` (id to wire dict).

    Args:
        users: The fake's users, oldest first; the handlers change it.
    """

    def __init__(self, users: dict[str, dict[str, Any]]) -> None:
        self._users = users
        self.handlers: dict[str, Callable[[Call], Reply]] = {
            "GET /v1/users": self.list_users,
            "POST /v1/users": self.create_user,
            "GET /v1/users/count": self.count_users,
            "POST /v1/users/ban": self.ban_users,
            "POST /v1/users/unban": self.unban_users,
            "GET /v1/users/{user_id}": self.get_user,
            "PATCH /v1/users/{user_id}": self.update_user,
            "DELETE /v1/users/{user_id}": self.delete_user,
            "POST /v1/users/{user_id}/ban": self.ban_user,
            "POST /v1/users/{user_id}/unban": self.unban_user,
            "POST /v1/users/{user_id}/lock": self.lock_user,
            "POST /v1/users/{user_id}/unlock": self.unlock_user,
            "PATCH /v1/users/{user_id}/metadata": self.update_user_metadata,
            "PUT /v1/users/{user_id}/metadata": self.replace_user_metadata,
        }

    # -- one user --------------------------------------------------------------

    def _user(self, call: Call) -> dict[str, Any]:
        user = self._users.get(call.params["user_id"])
        if user is None:
            not_found()
        return user

    def get_user(self, call: Call) -> Reply:
        """``GET /v1/users/{user_id}``: the User."""
        return json_reply(200, self._user(call))

    def ban_user(self, call: Call) -> Reply:
        """``POST /v1/users/{user_id}/ban``: ban; the updated User."""
        user = self._user(call)
        _users.set_banned(user, banned=True)
        return json_reply(200, user)

    def unban_user(self, call: Call) -> Reply:
        """``POST /v1/users/{user_id}/unban``: unban; the updated User."""
        user = self._user(call)
        _users.set_banned(user, banned=False)
        return json_reply(200, user)

    def lock_user(self, call: Call) -> Reply:
        """``POST /v1/users/{user_id}/lock``: lock; the updated User."""
        user = self._user(call)
        _users.set_locked(user, locked=True)
        return json_reply(200, user)

    def unlock_user(self, call: Call) -> Reply:
        """``POST /v1/users/{user_id}/unlock``: unlock; the updated User."""
        user = self._user(call)
        _users.set_locked(user, locked=False)
        return json_reply(200, user)

    def delete_user(self, call: Call) -> Reply:
        """``DELETE /v1/users/{user_id}``: a DeletedObject."""
        user = self._user(call)
        del self._users[user["id"]]
        return json_reply(200, {"object": "user", "id": user["id"], "deleted": True})

    def update_user_metadata(self, call: Call) -> Reply:
        """``PATCH /v1/users/{user_id}/metadata``: deep merge; the User."""
        user = self._user(call)
        body = call.json_object()
        check_body(body, _METADATA_PARAMS)
        for field, patch in body.items():
            user[field] = _users.merge_metadata(user.get(field) or {}, patch)
        _users.touch(user)
        return json_reply(200, user)

    def replace_user_metadata(self, call: Call) -> Reply:
        """``PUT /v1/users/{user_id}/metadata``: replace given fields; the User."""
        user = self._user(call)
        body = call.json_object()
        check_body(body, _METADATA_PARAMS)
        for field, value in body.items():
            user[field] = value
        _users.touch(user)
        return json_reply(200, user)

    def update_user(self, call: Call) -> Reply:
        """``PATCH /v1/users/{user_id}``: set the given fields; the User.

        Metadata is not accepted here (API version 2026-05-12). ``username``
        null or ``""`` removes the username.
        """
        user = self._user(call)
        body = call.json_object()
        check_body(body, _UPDATE_PARAMS, hints=_METADATA_HINTS)
        for name in ("username", "external_id"):
            if body.get(name):
                self._check_unique(name, [body[name]], owner=user["id"])
        for kind in ("email_address", "phone_number", "web3_wallet"):
            identification_id = body.get(f"primary_{kind}_id")
            if identification_id is not None:
                _check_primary(user, kind, identification_id)
        stamps = _timestamps(body)
        _check_password(body)

        for name in ("external_id", "first_name", "last_name", "locale"):
            if name in body:
                user[name] = body[name]
        if "username" in body:
            user["username"] = body["username"] or None
        user.update(
            (name, body[name])
            for name in (
                "primary_email_address_id",
                "primary_phone_number_id",
                "primary_web3_wallet_id",
                "delete_self_enabled",
                "create_organization_enabled",
                "bypass_client_trust",
            )
            if body.get(name) is not None
        )
        if "create_organizations_limit" in body:
            user["create_organizations_limit"] = body["create_organizations_limit"]
        user.update(stamps)
        _users.apply_credentials(user, body)
        _users.touch(user)
        return json_reply(200, user)

    # -- many users --------------------------------------------------------------

    def ban_users(self, call: Call) -> Reply:
        """``POST /v1/users/ban``: ban each of ``user_ids``; the Users."""
        users = self._bulk_users(call)
        for user in users:
            _users.set_banned(user, banned=True)
        return json_reply(200, users)

    def unban_users(self, call: Call) -> Reply:
        """``POST /v1/users/unban``: unban each of ``user_ids``; the Users."""
        users = self._bulk_users(call)
        for user in users:
            _users.set_banned(user, banned=False)
        return json_reply(200, users)

    def _bulk_users(self, call: Call) -> list[dict[str, Any]]:
        """The existing users named by the body's ``user_ids``, once, in order.

        Ids of users that do not exist are ignored. The spec lists only 400
        for these endpoints' errors, so a bad ``user_ids`` is a 400.
        """
        body = call.json_object()
        if "user_ids" not in body:
            missing("user_ids", status=400)
        user_ids = body["user_ids"]
        if not is_kind(user_ids, "strs"):
            invalid_format("user_ids", "an array of strings", status=400)
        if not 1 <= len(user_ids) <= _BULK_MAX:
            invalid_value("user_ids", f"must hold 1 to {_BULK_MAX} ids", status=400)
        found = (self._users.get(user_id) for user_id in dict.fromkeys(user_ids))
        return [user for user in found if user is not None]

    def list_users(self, call: Call) -> Reply:
        """``GET /v1/users``: a page of the matching Users."""
        limit = call.integer("limit", minimum=1, maximum=_LIMIT_MAX) or _LIMIT_DEFAULT
        offset = call.integer("offset", minimum=0) or 0
        order_by = call.value("order_by") or "-created_at"
        users = ordered(self._matching(call), order_by)

        cursor = call.value("starting_after")
        if cursor is not None:
            if order_by.lstrip("+-") != "created_at":
                invalid_value("starting_after", "needs ordering by created_at")
            if offset:
                invalid_value("starting_after", "cannot be combined with offset")
            users = self._after(users, cursor, descending=order_by.startswith("-"))
        return json_reply(200, users[offset : offset + limit])

    def count_users(self, call: Call) -> Reply:
        """``GET /v1/users/count``: a TotalCount of the matching users."""
        total = len(self._matching(call))
        return json_reply(200, {"object": "total_count", "total_count": total})

    def _matching(self, call: Call) -> list[dict[str, Any]]:
        """The users that pass every filter of the query, oldest first."""
        tests = user_filters(call)
        return [user for user in self._users.values() if all(t(user) for t in tests)]

    def _after(
        self, users: list[dict[str, Any]], cursor: str, *, descending: bool
    ) -> list[dict[str, Any]]:
        """The users that follow the user ``cursor`` in ``created_at`` order."""
        if cursor not in self._users:
            invalid_value("starting_after", "must be the id of an existing user")
        position = {user_id: index for index, user_id in enumerate(self._users)}

        def key(user: Mapping[str, Any]) -> tuple[int, int]:
            return user["created_at"], position[user["id"]]

        anchor = key(self._users[cursor])
        if descending:
            return [user for user in users if key(user) < anchor]
        return [user for user in users if key(user) > anchor]

    # -- creating ----------------------------------------------------------------

    def create_user(self, call: Call) -> Reply:
        """``POST /v1/users``: create a User from the body's fields.

        Email addresses and phone numbers are created verified (by
        ``admin``) or reserved, as ``*_identification_status`` says; the
        first of each list becomes the primary one. Unlike Clerk, the fake
        does not require any identifier.
        """
        body = call.json_object()
        check_body(body, _CREATE_PARAMS)
        fields: dict[str, Any] = {
            name: body[name] for name in _SCALARS if body.get(name) is not None
        }
        fields["email_addresses"] = self._new_identifications(
            body, "email_address", _EMAIL, "a valid email address"
        )
        fields["phone_numbers"] = self._new_identifications(
            body, "phone_number", _PHONE, "a phone number in E.164 format"
        )
        fields["web3_wallets"] = body.get("web3_wallet") or []
        self._check_unique("web3_wallet", fields["web3_wallets"])
        for name in ("username", "external_id"):
            self._check_unique(name, [body.get(name)])
        fields.update((name, body[name]) for name in _METADATA_PARAMS if name in body)
        fields.update(_timestamps(body))
        _check_password(body)

        user = _users.build_user(fields, seeded=False)
        _users.apply_credentials(user, body)
        if body.get("banned"):
            user["banned"] = True
        if body.get("locked"):
            _users.set_locked(user, locked=True)
        user["updated_at"] = max(_users.now_ms(), user["created_at"])
        self._users[user["id"]] = user
        return json_reply(200, user)

    def _new_identifications(
        self, body: Mapping[str, Any], kind: str, pattern: re.Pattern[str], what: str
    ) -> list[dict[str, Any]]:
        """Partial email address or phone number dicts from a create body."""
        values = body.get(kind) or []
        status_param = f"{kind}_identification_status"
        statuses = body.get(status_param) or []
        if statuses and len(statuses) != len(values):
            invalid_value(status_param, f"must hold one item per {kind}")
        if not set(statuses) <= {"verified", "reserved"}:
            invalid_value(status_param, "items must be 'verified' or 'reserved'")
        for value in values:
            if not pattern.match(value):
                invalid_format(kind, what)
        self._check_unique(kind, values)

        entries = []
        for index, value in enumerate(values):
            reserved = bool(statuses) and statuses[index] == "reserved"
            verification = None if reserved else _users.admin_verification()
            entries.append(
                {kind: value, "reserved": reserved, "verification": verification}
            )
        return entries

    def _check_unique(
        self, kind: str, values: list[Any], *, owner: str | None = None
    ) -> None:
        """Refuse identifiers held twice, or by a user other than ``owner``."""
        wanted = [value.lower() for value in values if value]
        if len(set(wanted)) != len(wanted):
            taken(kind)
        for user in self._users.values():
            if user["id"] != owner and _users.identifiers(user, kind) & set(wanted):
                taken(kind)


def _timestamps(body: Mapping[str, Any]) -> dict[str, int]:
    """``created_at`` and ``legal_accepted_at`` of a body, as milliseconds."""
    return {
        name: timestamp_ms(name, body[name])
        for name in ("created_at", "legal_accepted_at")
        if body.get(name) is not None
    }


def _check_password(body: Mapping[str, Any]) -> None:
    """Refuse a password shorter than Clerk's minimum, unless checks are skipped."""
    password = body.get("password")
    too_short = password is not None and len(password) < _MIN_PASSWORD_LENGTH
    if too_short and not body.get("skip_password_checks"):
        message = f"Passwords must be {_MIN_PASSWORD_LENGTH} characters or more."
        refuse(
            422,
            "form_password_length_too_short",
            message,
            message,
            param_name="password",
        )


def _check_primary(user: Mapping[str, Any], kind: str, identification_id: str) -> None:
    """Refuse a primary identification that the user does not hold verified."""
    for entry in user[_users.IDENTIFICATION_LISTS[kind]]:
        verification = entry.get("verification") or {}
        if (
            entry["id"] == identification_id
            and verification.get("status") == "verified"
        ):
            return
    invalid_value(
        f"primary_{kind}_id", "must be the id of a verified identification of the user"
    )
