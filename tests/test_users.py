"""The Users API end to end over real HTTP, async and blocking alike.

Every test here runs twice: once through ``AsyncClerk`` and once through the
generated blocking ``Clerk`` (see the ``call`` fixture in conftest.py).
"""

from __future__ import annotations

import json
import logging
import platform
import re
from typing import Any

import aiohttp
import pytest
from _callers import Caller

from clerk_async import NO_RETRY, __version__
from clerk_async.errors import (
    AuthenticationError,
    ClerkDecodeError,
    NotFoundError,
    UnprocessableEntityError,
)
from clerk_async.models import DeletedObject, User
from clerk_async.testing import FakeClerk, Fault


def test_ban_user_bans_and_returns_the_updated_user(
    call: Caller, fake_clerk: FakeClerk
) -> None:
    """ban_user returns the User with banned set, and the fake holds it banned."""
    seeded = fake_clerk.add_user(first_name="Alexis")

    user = call("ban_user", seeded["id"])

    assert isinstance(user, User)
    assert user.id == seeded["id"]
    assert user.banned is True
    assert user.first_name == "Alexis"
    assert user.updated_at > seeded["updated_at"]
    assert (
        user.email_addresses[0].email_address
        == (seeded["email_addresses"][0]["email_address"])
    )
    assert fake_clerk.get_user(seeded["id"])["banned"] is True


def test_ban_sends_the_documented_request(call: Caller, fake_clerk: FakeClerk) -> None:
    """POST /v1/users/{id}/ban with Bearer key, API version, UA and Accept."""
    seeded = fake_clerk.add_user()

    call("ban_user", seeded["id"])

    (request,) = fake_clerk.requests
    assert request.method == "POST"
    assert request.raw_path == f"/v1/users/{seeded['id']}/ban"
    assert request.headers["authorization"] == f"Bearer {fake_clerk.secret_key}"
    assert request.headers["clerk-api-version"] == "2026-05-12"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == (
        f"clerk-async/{__version__} python/{platform.python_version()} "
        f"aiohttp/{aiohttp.__version__}"
    )
    assert request.body == b""


def test_api_version_can_be_chosen(make_caller: Any, fake_clerk: FakeClerk) -> None:
    """api_version= is what Clerk-API-Version carries."""
    seeded = fake_clerk.add_user()
    make_caller(api_version="2025-04-10")("ban_user", seeded["id"])
    assert fake_clerk.requests[0].headers["clerk-api-version"] == "2025-04-10"


def test_connections_are_reused(call: Caller, fake_clerk: FakeClerk) -> None:
    """Successive calls share one pooled keep-alive connection."""
    seeded = fake_clerk.add_user()
    for _ in range(5):
        call("ban_user", seeded["id"])
    assert len({r.peer for r in fake_clerk.requests}) == 1


def test_unknown_user_raises_not_found_with_clerk_details(
    call: Caller, fake_clerk: FakeClerk
) -> None:
    """A 404 keeps Clerk's code, message, trace id and names the call."""
    with pytest.raises(NotFoundError) as info:
        call("ban_user", "user_missing")

    error = info.value
    assert error.status == 404
    assert error.code == "resource_not_found"
    assert error.errors[0].message
    assert error.trace_id
    assert (error.method, error.path) == ("POST", "/users/user_missing/ban")
    assert "POST /users/user_missing/ban" in str(error)
    assert len(fake_clerk.requests) == 1


def test_wrong_key_raises_authentication_error_without_the_key(
    make_caller: Any, fake_clerk: FakeClerk
) -> None:
    """A 401 is an AuthenticationError; neither str nor repr shows the key."""
    seeded = fake_clerk.add_user()
    wrong = "sk_test_wrong_but_secret_0001"
    with pytest.raises(AuthenticationError) as info:
        make_caller(secret_key=wrong)("ban_user", seeded["id"])
    assert info.value.code == "authentication_invalid"
    assert wrong not in str(info.value)
    assert wrong not in repr(info.value)
    assert wrong.encode() not in info.value.body
    assert fake_clerk.get_user(seeded["id"])["banned"] is False


@pytest.mark.parametrize(
    ("user_id", "error"),
    [
        ("", ValueError),
        (".", ValueError),
        ("..", ValueError),
        ("\ud800", ValueError),
        (None, TypeError),
        (123, TypeError),
        (b"user_1", TypeError),
        (["user_1"], TypeError),
    ],
)
def test_unusable_ids_are_refused_before_sending(
    call: Caller, fake_clerk: FakeClerk, user_id: Any, error: type[Exception]
) -> None:
    """Empty, dot segments, lone surrogates and non-str ids never leave."""
    with pytest.raises(error, match="user_id"):
        call("ban_user", user_id)
    assert fake_clerk.requests == []


@pytest.mark.parametrize(
    "user_id",
    [
        "a/b",
        "../../users",
        "a?b=c",
        "a#frag",
        "100%",
        "%2e%2e",
        "a b",
        "...",
        "ünïcödé_用户",
        "tab\there",
        "semi;colon",
        "user_2V7JJKmoA9HqzHhfMqK5cpgLl56",
    ],
)
def test_awkward_ids_reach_their_own_user_as_one_segment(
    call: Caller, fake_clerk: FakeClerk, user_id: str
) -> None:
    """Slashes, '?', '#', '%', dots and unicode stay inside one segment."""
    fake_clerk.add_user(id=user_id)

    user = call("ban_user", user_id)

    assert user.id == user_id
    (request,) = fake_clerk.requests
    assert request.segments == ("v1", "users", user_id, "ban")
    assert request.route == "POST /v1/users/{user_id}/ban"


def test_unban_lock_unlock_change_the_user(call: Caller, fake_clerk: FakeClerk) -> None:
    """unban_user, lock_user and unlock_user each update and return the user."""
    user_id = fake_clerk.add_user(banned=True)["id"]

    assert call("unban_user", user_id).banned is False
    assert call("lock_user", user_id).locked is True
    assert call("unlock_user", user_id).locked is False
    assert [r.route for r in fake_clerk.requests] == [
        "POST /v1/users/{user_id}/unban",
        "POST /v1/users/{user_id}/lock",
        "POST /v1/users/{user_id}/unlock",
    ]


def test_get_user(call: Caller, fake_clerk: FakeClerk) -> None:
    """get_user reads one user with GET."""
    seeded = fake_clerk.add_user(first_name="Grace")
    user = call("get_user", seeded["id"])
    assert (user.id, user.first_name) == (seeded["id"], "Grace")
    assert fake_clerk.requests[0].method == "GET"


def test_list_users_sends_filters_as_query(call: Caller, fake_clerk: FakeClerk) -> None:
    """List filters repeat their key; booleans are true/false."""
    ids = [fake_clerk.add_user()["id"] for _ in range(3)]
    fake_clerk.add_user(banned=True)

    users = call("list_users", user_id=ids[:2], banned=False, limit=5, offset=0)

    assert sorted(u.id for u in users) == sorted(ids[:2])
    assert fake_clerk.requests[0].query == (
        ("user_id", ids[0]),
        ("user_id", ids[1]),
        ("banned", "false"),
        ("limit", "5"),
        ("offset", "0"),
    )


def test_count_users(call: Caller, fake_clerk: FakeClerk) -> None:
    """count_users returns the number of matching users as an int."""
    for _ in range(3):
        fake_clerk.add_user()
    fake_clerk.add_user(banned=True)
    assert call("count_users") == 4
    assert call("count_users", banned=True) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"user_id": "user_1"}, "user_id must be a list of str"),
        ({"user_id": [1]}, "user_id must be a list of str"),
        ({"banned": "yes"}, "banned must be a bool"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"created_at_after": "2024"}, "created_at_after must be an int"),
    ],
)
def test_bad_filters_are_refused_before_sending(
    call: Caller, fake_clerk: FakeClerk, arguments: dict[str, Any], message: str
) -> None:
    """A filter of the wrong type or range is named, and nothing is sent."""
    with pytest.raises((TypeError, ValueError), match=message):
        call("list_users", **arguments)
    assert fake_clerk.requests == []


def test_create_user_sends_only_given_fields(
    call: Caller, fake_clerk: FakeClerk
) -> None:
    """create_user posts the given fields as JSON and returns the new user."""
    user = call(
        "create_user",
        email_address=["new@example.com"],
        first_name="New",
        public_metadata={"plan": "pro"},
    )
    assert user.first_name == "New"
    assert user.public_metadata == {"plan": "pro"}
    request = fake_clerk.requests[0]
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {
        "first_name": "New",
        "public_metadata": {"plan": "pro"},
        "email_address": ["new@example.com"],
    }


def test_create_user_refusal_is_typed(call: Caller, fake_clerk: FakeClerk) -> None:
    """A taken email address comes back as UnprocessableEntityError."""
    call("create_user", email_address=["taken@example.com"])
    with pytest.raises(UnprocessableEntityError):
        call("create_user", email_address=["taken@example.com"])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"email_address": "a@example.com"}, "email_address must be a list of str"),
        ({"first_name": 3}, "first_name must be a str"),
        ({"public_metadata": {"when": object()}}, "public_metadata is not JSON"),
        ({"public_metadata": {"x": float("nan")}}, "public_metadata is not JSON"),
        ({"public_metadata": ["x"]}, "public_metadata must be a JSON"),
    ],
)
def test_bad_fields_are_refused_before_sending(
    call: Caller, fake_clerk: FakeClerk, arguments: dict[str, Any], message: str
) -> None:
    """A field of the wrong type is named, and nothing is sent."""
    with pytest.raises(TypeError, match=message):
        call("create_user", **arguments)
    assert fake_clerk.requests == []


def test_update_user(call: Caller, fake_clerk: FakeClerk) -> None:
    """update_user PATCHes only the given fields."""
    user_id = fake_clerk.add_user(first_name="Old", last_name="Name")["id"]
    user = call("update_user", user_id, first_name="New")
    assert (user.first_name, user.last_name) == ("New", "Name")
    assert json.loads(fake_clerk.requests[0].body) == {"first_name": "New"}


def test_update_user_metadata_merges(call: Caller, fake_clerk: FakeClerk) -> None:
    """Metadata is merged by Clerk; None removes a key."""
    user_id = fake_clerk.add_user(public_metadata={"a": 1, "b": 2})["id"]
    user = call("update_user_metadata", user_id, public_metadata={"b": None, "c": 3})
    assert user.public_metadata == {"a": 1, "c": 3}


def test_delete_user(call: Caller, fake_clerk: FakeClerk) -> None:
    """delete_user returns the deletion receipt; the user is gone."""
    user_id = fake_clerk.add_user()["id"]
    receipt = call("delete_user", user_id)
    assert receipt == DeletedObject(object="user", id=user_id, deleted=True)
    assert fake_clerk.get_user(user_id) is None


def test_bulk_ban_and_unban(call: Caller, fake_clerk: FakeClerk) -> None:
    """ban_users and unban_users act on every listed user."""
    ids = [fake_clerk.add_user()["id"] for _ in range(3)]
    assert {u.id for u in call("ban_users", ids) if u.banned} == set(ids)
    assert all(fake_clerk.get_user(i)["banned"] for i in ids)
    assert not any(u.banned for u in call("unban_users", ids))


@pytest.mark.parametrize(
    ("user_ids", "error"),
    [
        ("user_1", TypeError),
        ([], ValueError),
        (["u"] * 51, ValueError),
        ([""], ValueError),
    ],
)
def test_bulk_ids_are_checked_before_sending(
    call: Caller, fake_clerk: FakeClerk, user_ids: Any, error: type[Exception]
) -> None:
    """A str, an empty list, over 50 ids or an empty id is refused."""
    with pytest.raises(error):
        call("ban_users", user_ids)
    assert fake_clerk.requests == []


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=200, body=b"[1, 2]", content_type="application/json"),
        Fault(status=200, body=b"<html>hi</html>", content_type="text/html"),
        Fault(status=200, body=b"", content_type="application/json"),
        Fault(status=200, body=b'{"first_name": "no id"}'),
    ],
    ids=["array", "html", "empty", "no-id"],
)
def test_undecodable_success_raises_decode_error(
    call: Caller, fake_clerk: FakeClerk, fault: Fault
) -> None:
    """A 200 whose body is not a user raises ClerkDecodeError naming the call."""
    fake_clerk.inject(fault)
    with pytest.raises(ClerkDecodeError) as info:
        call("ban_user", "user_1", retry=NO_RETRY)
    assert info.value.status == 200
    assert "POST /users/user_1/ban" in str(info.value)


def test_debug_log_line_per_attempt_without_secrets(
    call: Caller, fake_clerk: FakeClerk, caplog: pytest.LogCaptureFixture
) -> None:
    """One DEBUG record per attempt with method, path, status; no key anywhere."""
    seeded = fake_clerk.add_user()
    with caplog.at_level(logging.DEBUG, logger="clerk_async"):
        call("ban_user", seeded["id"])
    records = [r for r in caplog.records if r.name == "clerk_async"]
    assert len(records) == 1
    message = records[0].getMessage()
    assert re.fullmatch(
        rf"POST /users/{seeded['id']}/ban -> 200 in [0-9.]+ ms \(attempt 1\)", message
    )
    for record in caplog.records:
        assert fake_clerk.secret_key not in record.getMessage()
        assert "Bearer" not in record.getMessage()


def test_replace_user_metadata_overwrites(call: Caller, fake_clerk: FakeClerk) -> None:
    """replace_user_metadata PUTs whole objects; others stay as they were."""
    user_id = fake_clerk.add_user(
        public_metadata={"a": 1, "b": 2}, private_metadata={"keep": True}
    )["id"]
    user = call("replace_user_metadata", user_id, public_metadata={"c": 3})
    assert user.public_metadata == {"c": 3}
    assert user.private_metadata == {"keep": True}
    request = fake_clerk.requests[0]
    assert (request.method, request.json()) == ("PUT", {"public_metadata": {"c": 3}})


def test_list_users_continues_after_a_user(call: Caller, fake_clerk: FakeClerk) -> None:
    """starting_after pages by cursor."""
    ids = [fake_clerk.add_user()["id"] for _ in range(3)]
    call("list_users", starting_after=ids[0], order_by="created_at")
    assert ("starting_after", ids[0]) in fake_clerk.requests[0].query


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"retry": 0}, "retry must be a RetryPolicy"),
        ({"retry": "never"}, "retry must be a RetryPolicy"),
        ({"timeout": "5"}, "timeout must be a number"),
        ({"timeout": True}, "timeout must be a number"),
    ],
)
def test_bad_call_options_are_refused_before_sending(
    call: Caller, fake_clerk: FakeClerk, options: dict[str, Any], message: str
) -> None:
    """Per-call retry= and timeout= are checked before anything is sent."""
    user_id = fake_clerk.add_user()["id"]
    with pytest.raises(TypeError, match=message):
        call("ban_user", user_id, **options)
    assert fake_clerk.requests == []
