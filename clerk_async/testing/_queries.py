"""Which users ``GET /v1/users`` and ``GET /v1/users/count`` return, in what order.

The query parameters of both endpoints become predicates over user wire
dicts (:func:`user_filters`); ``order_by`` becomes a sort (:func:`ordered`).
Unknown query parameters are ignored, as Clerk ignores them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import _users
from ._params import Call, invalid_format, invalid_value, missing

__all__ = ["UserTest", "ordered", "user_filters"]

#: A predicate over a user wire dict.
UserTest = Callable[[Mapping[str, Any]], bool]

# Query parameters that take points in time (ms): (field, before?).
_TIME_FILTERS = {
    "created_at_before": ("created_at", True),
    "created_at_after": ("created_at", False),
    "last_active_at_before": ("last_active_at", True),
    "last_active_at_after": ("last_active_at", False),
    "last_active_at_since": ("last_active_at", False),
    "last_sign_in_at_before": ("last_sign_in_at", True),
    "last_sign_in_at_after": ("last_sign_in_at", False),
}

# Query parameters that search text, case-insensitively: which text.
_SEARCHES = {
    "query": "all",
    "email_address_query": "email_address",
    "phone_number_query": "phone_number",
    "username_query": "username",
    "name_query": "name",
}

_ORDER_KEYS: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "created_at": lambda user: user["created_at"],
    "updated_at": lambda user: user["updated_at"],
    "first_name": lambda user: user.get("first_name"),
    "last_name": lambda user: user.get("last_name"),
    "username": lambda user: user.get("username"),
    "last_active_at": lambda user: user.get("last_active_at"),
    "last_sign_in_at": lambda user: user.get("last_sign_in_at"),
    "email_address": lambda user: _users.primary_value(user, "email_address"),
    "phone_number": lambda user: _users.primary_value(user, "phone_number"),
    "web3wallet": lambda user: _users.primary_value(user, "web3_wallet"),
}


def user_filters(call: Call) -> list[UserTest]:
    """The predicates a user must pass, from the query of ``call``.

    Raises:
        RefusedError: A parameter has the wrong format, or ``provider`` and
            ``provider_user_id`` are not given together.
    """
    tests: list[UserTest] = []

    for name, held in (
        ("user_id", _own_id),
        ("external_id", _external_id),
        ("organization_id", _organizations),
    ):
        values = call.values(name)
        if values:
            tests.append(_signed_filter(values, held))

    for kind in ("email_address", "phone_number", "web3_wallet", "username"):
        wanted = {value.lower() for value in call.values(kind)}
        if wanted:
            tests.append(_identifier_filter(kind, wanted))

    for name, fields in _SEARCHES.items():
        text = call.value(name)
        if text:
            tests.append(_search_filter(fields, text.lower()))

    banned = call.value("banned")
    if banned is not None:
        if banned not in {"true", "false"}:
            invalid_format("banned", "a boolean")
        tests.append(_banned_filter(banned == "true"))

    for name, (field, before) in _TIME_FILTERS.items():
        moment = call.integer(name, minimum=0)
        if moment is not None:
            tests.append(_time_filter(field, moment, before=before))

    provider = call.value("provider")
    provider_user_ids = call.values("provider_user_id")
    if provider is not None or provider_user_ids:
        if provider is None:
            missing("provider")
        if not provider_user_ids:
            missing("provider_user_id")
        tests.append(_provider_filter(provider, set(provider_user_ids)))

    return tests


def ordered(users: list[dict[str, Any]], order_by: str) -> list[dict[str, Any]]:
    """The users sorted as ``order_by`` says (``-`` descending, ``+`` or none
    ascending). Ties keep the order of creation, reversed when descending;
    users without a value come last.

    Raises:
        RefusedError: ``order_by`` names a field Clerk does not sort by.
    """
    descending = order_by.startswith("-")
    field = order_by.lstrip("+-")
    key = _ORDER_KEYS.get(field)
    if key is None:
        invalid_value("order_by", f"cannot order by {field!r}")
    keyed = [(key(user), index, user) for index, user in enumerate(users)]
    present = [item for item in keyed if item[0] is not None]
    present.sort(key=lambda item: (item[0], item[1]), reverse=descending)
    absent = [item[2] for item in keyed if item[0] is None]
    return [item[2] for item in present] + absent


def _own_id(user: Mapping[str, Any]) -> set[Any]:
    return {user["id"]}


def _external_id(user: Mapping[str, Any]) -> set[Any]:
    return {user.get("external_id")}


def _organizations(user: Mapping[str, Any]) -> set[Any]:
    return {
        (membership.get("organization") or {}).get("id")
        for membership in user.get("organization_memberships") or []
    }


def _signed_filter(
    values: list[str], held: Callable[[Mapping[str, Any]], set[Any]]
) -> UserTest:
    """Users holding an id given plain or with ``+``, and none given with ``-``.

    ``held`` gives the ids a user holds: its own id, its external id, or the
    organizations it is a member of.
    """
    included = {v.removeprefix("+") for v in values if not v.startswith("-")}
    excluded = {v[1:] for v in values if v.startswith("-")}

    def test(user: Mapping[str, Any]) -> bool:
        ids = held(user)
        if included and not ids & included:
            return False
        return not ids & excluded

    return test


def _identifier_filter(kind: str, wanted: set[str]) -> UserTest:
    """Users holding one of the ``wanted`` identifiers (lower case)."""
    return lambda user: bool(_users.identifiers(user, kind) & wanted)


def _search_filter(fields: str, text: str) -> UserTest:
    """Users whose searchable ``fields`` contain ``text`` (lower case)."""
    return lambda user: text in _searchable(user, fields)


def _banned_filter(banned: bool) -> UserTest:
    return lambda user: user["banned"] is banned


def _time_filter(field: str, moment: int, *, before: bool) -> UserTest:
    """Users whose ``field`` is before (or after) ``moment``; never unset ones."""

    def test(user: Mapping[str, Any]) -> bool:
        value = user.get(field)
        if value is None:
            return False
        return bool(value < moment if before else value > moment)

    return test


def _provider_filter(provider: str, provider_user_ids: set[str]) -> UserTest:
    """Users with an external account of ``provider`` and one of the ids."""

    def test(user: Mapping[str, Any]) -> bool:
        return any(
            account.get("provider") == provider
            and account.get("provider_user_id") in provider_user_ids
            for account in user["external_accounts"]
        )

    return test


def _searchable(user: Mapping[str, Any], fields: str) -> str:
    """The user's text that a search parameter looks into, in lower case.

    ``fields`` is ``all`` (what ``query`` searches: identifiers, the id and
    the names) or one of ``email_address``, ``phone_number``, ``username``,
    ``name``.
    """
    parts: list[str] = []
    for kind in ("email_address", "phone_number", "username", "web3_wallet"):
        if fields in {"all", kind}:
            parts.extend(_users.identifiers(user, kind))
    if fields == "all":
        parts.append(str(user["id"]).lower())
    if fields in {"all", "name"}:
        names = (user.get("first_name"), user.get("last_name"))
        parts.append(" ".join(name for name in names if name).lower())
    return "\n".join(parts)
