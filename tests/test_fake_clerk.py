"""FakeClerk: run modes, auth, routing, endpoints, recording, faults, fixture."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import aiohttp
import attrs
import pytest
from _fake_http import Response, send
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from clerk_async.testing import FakeClerk, Fault, RecordedRequest
from clerk_async.testing._server import split_raw_path

BAN = "POST /v1/users/{user_id}/ban"
TRACE_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio, which aiohttp needs."""
    return "asyncio"


@pytest.fixture
async def fake(anyio_backend: str) -> AsyncIterator[FakeClerk]:
    """A FakeClerk serving on the test's own event loop."""
    async with FakeClerk() as fake:
        yield fake


@pytest.fixture
async def session(anyio_backend: str) -> AsyncIterator[aiohttp.ClientSession]:
    """A plain aiohttp client session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def user(fake_clerk: FakeClerk) -> dict[str, Any]:
    """A seeded user in the thread-mode fake."""
    return fake_clerk.add_user()


def auth(fake: FakeClerk) -> dict[str, str]:
    """The Authorization header the fake accepts."""
    return {"Authorization": f"Bearer {fake.secret_key}"}


def url(fake: FakeClerk, path: str) -> URL:
    """The fake's URL for a raw path under the base URL, sent as written."""
    return URL(fake.base_url + path, encoded=True)


def assert_clerk_error(response: Response, status: int, code: str) -> dict[str, Any]:
    """Check a Clerk error answer and return its single error."""
    assert response.status == status
    assert response.headers["content-type"] == "application/json"
    payload = response.json()
    assert TRACE_ID.match(payload["clerk_trace_id"])
    (error,) = payload["errors"]
    assert error["code"] == code
    assert error["message"]
    assert error["long_message"]
    assert isinstance(error["meta"], dict)
    return dict(error)


# -- run modes -------------------------------------------------------------------------


def test_thread_mode_serves_blocking_clients() -> None:
    """`with FakeClerk()` serves from a background thread to blocking code."""
    with FakeClerk() as fake:
        seeded = fake.add_user()
        response = send(fake, "GET", f"/v1/users/{seeded['id']}")

    assert response.status == 200
    assert response.json() == seeded


@pytest.mark.anyio
async def test_async_mode_serves_on_the_current_loop(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """`async with FakeClerk()` serves on the running loop."""
    seeded = fake.add_user()

    async with session.get(
        url(fake, f"/users/{seeded['id']}"), headers=auth(fake)
    ) as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "application/json"
        assert await r.json() == seeded


@pytest.mark.anyio
async def test_thread_mode_serves_async_clients_on_another_loop(
    fake_clerk: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """The thread-mode fake serves an async client running on the test's loop."""
    seeded = fake_clerk.add_user()

    async with session.post(
        url(fake_clerk, f"/users/{seeded['id']}/ban"), headers=auth(fake_clerk)
    ) as response:
        assert (await response.json())["banned"] is True


def test_base_url_names_the_port_and_v1() -> None:
    """base_url is http://127.0.0.1:PORT/v1 with the port actually bound."""
    with FakeClerk() as fake:
        assert fake.base_url == f"http://127.0.0.1:{fake.port}/v1"
        assert fake.port > 0


def test_base_url_is_refused_while_not_running() -> None:
    """Reading base_url before start (or after stop) says the fake is not running."""
    fake = FakeClerk()
    with pytest.raises(RuntimeError, match="not running"):
        _ = fake.base_url
    fake.start()
    fake.stop()
    with pytest.raises(RuntimeError, match="not running"):
        _ = fake.base_url


def test_start_stop_can_be_repeated_and_keeps_state() -> None:
    """A stopped fake starts again (on a new loop), with its users kept."""
    fake = FakeClerk()
    fake.start()
    seeded = fake.add_user()
    fake.stop()
    fake.stop()

    fake.start()
    try:
        assert send(fake, "GET", f"/v1/users/{seeded['id']}").status == 200
    finally:
        fake.stop()


@pytest.mark.anyio
async def test_aclose_of_a_thread_mode_fake_is_refused(anyio_backend: str) -> None:
    """A fake started with start() must be stopped with stop(), not aclose()."""
    with FakeClerk() as fake, pytest.raises(RuntimeError, match="stop"):
        await fake.aclose()


def test_starting_twice_is_refused() -> None:
    """start() on a running fake raises instead of serving twice."""
    with FakeClerk() as fake, pytest.raises(RuntimeError, match="running already"):
        fake.start()


@pytest.mark.anyio
async def test_astart_and_aclose(anyio_backend: str) -> None:
    """astart() and aclose() run the fake explicitly on the current loop."""
    fake = FakeClerk()
    await fake.astart()
    try:
        assert fake.running
        assert await asyncio.to_thread(send, fake, "GET", "/v1/users") is not None
    finally:
        await fake.aclose()
    assert not fake.running
    await fake.aclose()


def test_custom_secret_key_and_repr_without_it() -> None:
    """A given secret key is the one accepted; repr never shows it."""
    with FakeClerk(secret_key="sk_test_other") as fake:
        assert send(fake, "GET", "/v1/users").status == 200
        assert send(fake, "GET", "/v1/users", key="sk_test_fakeclerk").status == 401
        assert "sk_test_other" not in repr(fake)


@pytest.mark.anyio
async def test_stopping_does_not_wait_for_a_delayed_answer(
    anyio_backend: str, session: aiohttp.ClientSession
) -> None:
    """aclose() drops connections waiting on a delay instead of waiting it out."""
    fake = FakeClerk()
    await fake.astart()
    fake.inject(Fault(delay=60))
    pending = asyncio.ensure_future(
        session.get(url(fake, "/users"), headers=auth(fake))
    )
    while not fake.requests:  # noqa: ASYNC110 - the fake's state has nothing to await
        await asyncio.sleep(0.01)

    started = time.monotonic()
    await fake.aclose()

    assert time.monotonic() - started < 5
    with pytest.raises(aiohttp.ClientError):
        await pending


# -- auth and errors -------------------------------------------------------------------


def test_missing_authorization_is_401_in_clerk_format(fake_clerk: FakeClerk) -> None:
    """No Authorization header: 401 authentication_invalid in Clerk's format."""
    response = send(fake_clerk, "GET", "/v1/users", key=None)

    assert_clerk_error(response, 401, "authentication_invalid")


@pytest.mark.parametrize(
    "header", ["Bearer sk_test_wrong", "{key}", "Basic {key}", "Bearer  {key}"]
)
def test_wrong_authorization_is_401(fake_clerk: FakeClerk, header: str) -> None:
    """A wrong key, or the right key without exactly "Bearer ", is refused."""
    value = header.format(key=fake_clerk.secret_key)

    response = send(
        fake_clerk, "GET", "/v1/users", key=None, headers={"Authorization": value}
    )

    assert_clerk_error(response, 401, "authentication_invalid")


def test_unauthenticated_requests_change_nothing(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """A ban without a valid key leaves the user unbanned."""
    send(fake_clerk, "POST", f"/v1/users/{user['id']}/ban", key="sk_test_wrong")

    assert fake_clerk.get_user(user["id"])["banned"] is False  # type: ignore[index]


def test_every_error_has_a_fresh_trace_id(fake_clerk: FakeClerk) -> None:
    """Two identical failing requests get different clerk_trace_ids."""
    first = send(fake_clerk, "GET", "/v1/users/user_missing").json()
    second = send(fake_clerk, "GET", "/v1/users/user_missing").json()

    assert first["clerk_trace_id"] != second["clerk_trace_id"]


def test_unknown_user_is_404_resource_not_found(fake_clerk: FakeClerk) -> None:
    """An id no user has is 404 resource_not_found on every per-user route."""
    for method, path in [
        ("GET", "/v1/users/user_missing"),
        ("PATCH", "/v1/users/user_missing"),
        ("DELETE", "/v1/users/user_missing"),
        ("POST", "/v1/users/user_missing/ban"),
        ("POST", "/v1/users/user_missing/unlock"),
        ("PATCH", "/v1/users/user_missing/metadata"),
    ]:
        assert_clerk_error(send(fake_clerk, method, path), 404, "resource_not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/organizations"),
        ("GET", "/v1/users/"),
        ("POST", "/v1/users/user_1/explode"),
        ("PUT", "/v1/users/user_1/ban"),
        ("POST", "/v1/users//ban"),
        ("GET", "/users"),
        ("GET", "/v1/users/a/b"),
    ],
)
def test_unknown_routes_are_404(fake_clerk: FakeClerk, method: str, path: str) -> None:
    """A method and path that are no route of the fake answer 404."""
    response = send(fake_clerk, method, path)

    assert_clerk_error(response, 404, "resource_not_found")
    assert fake_clerk.requests[-1].route is None


def test_malformed_json_body_is_400(fake_clerk: FakeClerk) -> None:
    """A body that is not JSON (or not an object) is a 400 Clerk error."""
    for body in (b"{not json", b"[1, 2]", b'"text"'):
        response = send(fake_clerk, "POST", "/v1/users", body=body)
        assert_clerk_error(response, 400, "request_body_invalid")


# -- raw path routing ------------------------------------------------------------------


@pytest.mark.parametrize(
    "user_id",
    ["a/b", "..", ".", "?", "#", "%", "100%", "a b", "ü/ß", "user_1?x=1", "+", "%2F"],
)
def test_percent_encoded_id_is_one_segment(fake_clerk: FakeClerk, user_id: str) -> None:
    """An id percent-encoded as one segment reaches its own user, decoded."""
    fake_clerk.add_user(id=user_id)
    raw = quote(user_id, safe="")

    response = send(fake_clerk, "POST", f"/v1/users/{raw}/ban")

    assert response.status == 200
    assert response.json()["id"] == user_id
    (recorded,) = fake_clerk.requests
    assert recorded.raw_path == f"/v1/users/{raw}/ban"
    assert recorded.segments == ("v1", "users", user_id, "ban")
    assert recorded.user_id == user_id
    assert recorded.route == BAN


def test_unencoded_slash_splits_the_id(fake_clerk: FakeClerk) -> None:
    """A raw "/" in an id is a segment boundary, so the route does not match."""
    fake_clerk.add_user(id="a/b")

    response = send(fake_clerk, "POST", "/v1/users/a/b/ban")

    assert_clerk_error(response, 404, "resource_not_found")
    assert fake_clerk.get_user("a/b")["banned"] is False  # type: ignore[index]


@pytest.mark.parametrize("segment", ["%FF", "%zz", "%", "a%2", "%C3%28"])
def test_undecodable_segment_is_404(fake_clerk: FakeClerk, segment: str) -> None:
    """A segment with a malformed escape or non-UTF-8 bytes is 404."""
    response = send(fake_clerk, "GET", f"/v1/users/{segment}")

    assert_clerk_error(response, 404, "resource_not_found")
    assert fake_clerk.requests[0].segments is None


@pytest.mark.anyio
async def test_aiohttp_encoded_urls_keep_the_segment(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """Sent by aiohttp as encoded, %2E%2E is the user "..", not a dot-segment."""
    fake.add_user(id="..")

    async with session.post(url(fake, "/users/%2E%2E/ban"), headers=auth(fake)) as r:
        assert (await r.json())["id"] == ".."


@given(st.text(st.characters(codec="utf-8")))
def test_split_raw_path_inverts_quote(segment: str) -> None:
    """Any text quoted as one segment decodes back to itself, as one segment."""
    assert split_raw_path("/v1/users/" + quote(segment, safe="")) == (
        "v1",
        "users",
        segment,
    )


# -- endpoints -------------------------------------------------------------------------


def test_ban_marks_banned_and_moves_updated_at(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """POST .../ban returns the banned User with a later updated_at, and stores it."""
    response = send(fake_clerk, "POST", f"/v1/users/{user['id']}/ban")

    banned = response.json()
    assert response.status == 200
    assert banned["banned"] is True
    assert banned["updated_at"] > user["updated_at"]
    assert isinstance(banned["updated_at"], int)
    assert fake_clerk.get_user(user["id"]) == banned


def test_unban_clears_banned(fake_clerk: FakeClerk) -> None:
    """POST .../unban returns the User no longer banned."""
    seeded = fake_clerk.add_user(banned=True)

    unbanned = send(fake_clerk, "POST", f"/v1/users/{seeded['id']}/unban").json()

    assert unbanned["banned"] is False
    assert unbanned["updated_at"] > seeded["updated_at"]


def test_lock_and_unlock(fake_clerk: FakeClerk, user: dict[str, Any]) -> None:
    """lock sets locked and a lockout duration; unlock clears both."""
    locked = send(fake_clerk, "POST", f"/v1/users/{user['id']}/lock").json()
    unlocked = send(fake_clerk, "POST", f"/v1/users/{user['id']}/unlock").json()

    assert locked["locked"] is True
    assert locked["lockout_expires_in_seconds"] == 3600
    assert locked["verification_attempts_remaining"] == 0
    assert unlocked["locked"] is False
    assert unlocked["lockout_expires_in_seconds"] is None
    assert unlocked["updated_at"] > locked["updated_at"]


def test_get_user_returns_the_stored_user(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """GET /v1/users/{user_id} answers the user as seeded."""
    assert send(fake_clerk, "GET", f"/v1/users/{user['id']}").json() == user


def test_list_users_newest_first_with_limit_and_offset(fake_clerk: FakeClerk) -> None:
    """GET /v1/users orders by -created_at by default and pages with limit/offset."""
    ids = [fake_clerk.add_user(created_at=1000 + i)["id"] for i in range(12)]

    default = [u["id"] for u in send(fake_clerk, "GET", "/v1/users").json()]
    page = send(fake_clerk, "GET", "/v1/users?limit=3&offset=2").json()
    oldest = send(fake_clerk, "GET", "/v1/users?order_by=created_at&limit=2").json()
    plus = send(fake_clerk, "GET", "/v1/users?order_by=%2Bcreated_at&limit=2").json()

    assert default == ids[::-1][:10]
    assert [u["id"] for u in page] == ids[::-1][2:5]
    assert [u["id"] for u in oldest] == ids[:2]
    assert plus == oldest


def test_list_users_pages_with_starting_after(fake_clerk: FakeClerk) -> None:
    """starting_after returns the users after the cursor in created_at order."""
    ids = [fake_clerk.add_user(created_at=1000 + i)["id"] for i in range(5)]

    page = send(fake_clerk, "GET", f"/v1/users?starting_after={ids[3]}&limit=2")

    assert [u["id"] for u in page.json()] == [ids[2], ids[1]]
    refused = send(
        fake_clerk, "GET", f"/v1/users?starting_after={ids[3]}&order_by=first_name"
    )
    assert_clerk_error(refused, 422, "form_param_value_invalid")


def test_list_users_filters(fake_clerk: FakeClerk) -> None:
    """user_id (+/-), email_address, username, external_id, banned, query filter."""
    ada = fake_clerk.add_user(
        first_name="Ada",
        username="ada",
        external_id="ext-ada",
        email_addresses=["ada@example.com"],
    )
    bob = fake_clerk.add_user(first_name="Bob", banned=True)
    eve = fake_clerk.add_user(first_name="Eve", email_addresses=["Eve@Example.com"])

    def ids(query: str) -> set[str]:
        return {u["id"] for u in send(fake_clerk, "GET", f"/v1/users?{query}").json()}

    assert ids(f"user_id={ada['id']}&user_id={bob['id']}") == {ada["id"], bob["id"]}
    assert ids(f"user_id=-{ada['id']}") == {bob["id"], eve["id"]}
    assert ids("email_address=eve%40example.com") == {eve["id"]}
    assert ids("username=ada") == {ada["id"]}
    assert ids("external_id=ext-ada") == {ada["id"]}
    assert ids("banned=true") == {bob["id"]}
    assert ids("banned=false") == {ada["id"], eve["id"]}
    assert ids("query=EVE%40") == {eve["id"]}
    assert ids("query=no%20body") == set()


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("limit=0", "form_param_value_invalid"),
        ("limit=501", "form_param_value_invalid"),
        ("limit=ten", "form_param_format_invalid"),
        ("offset=-1", "form_param_value_invalid"),
        ("banned=yes", "form_param_format_invalid"),
        ("order_by=shoe_size", "form_param_value_invalid"),
    ],
)
def test_list_users_refuses_bad_parameters(
    fake_clerk: FakeClerk, query: str, code: str
) -> None:
    """Out-of-range or malformed list parameters are 422 Clerk errors."""
    error = assert_clerk_error(send(fake_clerk, "GET", f"/v1/users?{query}"), 422, code)

    assert error["meta"]["param_name"] == query.split("=")[0]


def test_count_users_with_filters(fake_clerk: FakeClerk) -> None:
    """GET /v1/users/count answers a TotalCount of the matching users."""
    fake_clerk.add_user()
    fake_clerk.add_user(banned=True)
    fake_clerk.add_user(banned=True)

    assert send(fake_clerk, "GET", "/v1/users/count").json() == {
        "object": "total_count",
        "total_count": 3,
    }
    assert send(fake_clerk, "GET", "/v1/users/count?banned=true").json() == {
        "object": "total_count",
        "total_count": 2,
    }


def test_create_user_from_body_fields(fake_clerk: FakeClerk) -> None:
    """POST /v1/users creates and stores a User with the body's fields."""
    response = send(
        fake_clerk,
        "POST",
        "/v1/users",
        json={
            "email_address": ["ada@example.com", "ada@work.example"],
            "first_name": "Ada",
            "last_name": "Lovelace",
            "username": "ada",
            "external_id": "ext-1",
            "public_metadata": {"plan": "pro"},
            "password": "correct horse",
        },
    )

    created = response.json()
    assert response.status == 200
    assert created["id"].startswith("user_")
    assert (created["first_name"], created["last_name"]) == ("Ada", "Lovelace")
    assert (created["username"], created["external_id"]) == ("ada", "ext-1")
    assert created["public_metadata"] == {"plan": "pro"}
    assert created["password_enabled"] is True
    emails = created["email_addresses"]
    assert [e["email_address"] for e in emails] == [
        "ada@example.com",
        "ada@work.example",
    ]
    assert created["primary_email_address_id"] == emails[0]["id"]
    assert emails[0]["verification"]["strategy"] == "admin"
    assert fake_clerk.get_user(created["id"]) == created


def test_create_user_with_a_taken_email_is_422(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """An email address another user holds (any case) is form_identifier_exists."""
    taken = user["email_addresses"][0]["email_address"].upper()

    response = send(fake_clerk, "POST", "/v1/users", json={"email_address": [taken]})

    error = assert_clerk_error(response, 422, "form_identifier_exists")
    assert error["meta"] == {"param_name": "email_address"}
    assert len(fake_clerk.users) == 1


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"first_name": 7}, "first_name"),
        ({"email_address": "ada@example.com"}, "email_address"),
        ({"email_address": ["not-an-email"]}, "email_address"),
        ({"banned": "yes"}, "banned"),
        ({"public_metadata": []}, "public_metadata"),
        ({"create_organizations_limit": True}, "create_organizations_limit"),
        ({"created_at": "yesterday"}, "created_at"),
    ],
)
def test_create_user_with_wrong_types_is_422(
    fake_clerk: FakeClerk, body: dict[str, Any], param: str
) -> None:
    """A body value of the wrong type or format is form_param_format_invalid."""
    response = send(fake_clerk, "POST", "/v1/users", json=body)

    error = assert_clerk_error(response, 422, "form_param_format_invalid")
    assert error["meta"] == {"param_name": param}
    assert fake_clerk.users == []


def test_create_user_with_an_unknown_parameter_is_422(fake_clerk: FakeClerk) -> None:
    """A parameter the endpoint does not take is form_param_unknown."""
    response = send(fake_clerk, "POST", "/v1/users", json={"firstName": "Ada"})

    error = assert_clerk_error(response, 422, "form_param_unknown")
    assert error["meta"] == {"param_name": "firstName"}


def test_update_user_sets_the_given_fields(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """PATCH /v1/users/{user_id} sets listed fields; an empty username removes it."""
    path = f"/v1/users/{user['id']}"
    send(fake_clerk, "PATCH", path, json={"username": "ada"})

    updated = send(
        fake_clerk, "PATCH", path, json={"first_name": "Ada", "username": ""}
    ).json()

    assert updated["first_name"] == "Ada"
    assert updated["last_name"] == user["last_name"]
    assert updated["username"] is None
    assert updated["updated_at"] > user["updated_at"]


def test_update_user_refuses_metadata(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """Since 2026-05-12, metadata in PATCH /v1/users/{user_id} is refused."""
    response = send(
        fake_clerk,
        "PATCH",
        f"/v1/users/{user['id']}",
        json={"first_name": "Ada", "public_metadata": {"a": 1}},
    )

    error = assert_clerk_error(response, 422, "form_param_unknown")
    assert "/metadata" in error["long_message"]
    assert fake_clerk.get_user(user["id"]) == user


def test_delete_user(fake_clerk: FakeClerk, user: dict[str, Any]) -> None:
    """DELETE answers a DeletedObject and the user is gone."""
    response = send(fake_clerk, "DELETE", f"/v1/users/{user['id']}")

    assert response.json() == {"object": "user", "id": user["id"], "deleted": True}
    assert fake_clerk.get_user(user["id"]) is None
    assert send(fake_clerk, "GET", f"/v1/users/{user['id']}").status == 404


def test_metadata_merge_is_deep_and_null_deletes(fake_clerk: FakeClerk) -> None:
    """PATCH .../metadata merges objects at every depth; null removes a key."""
    seeded = fake_clerk.add_user(
        public_metadata={"plan": "free", "limits": {"seats": 1, "projects": 3}},
        private_metadata={"stripe": "cus_1"},
    )

    merged = send(
        fake_clerk,
        "PATCH",
        f"/v1/users/{seeded['id']}/metadata",
        json={
            "public_metadata": {"limits": {"seats": 5, "projects": None}, "beta": True},
            "private_metadata": {"stripe": None},
            "unsafe_metadata": {"theme": "dark"},
        },
    ).json()

    assert merged["public_metadata"] == {
        "plan": "free",
        "limits": {"seats": 5},
        "beta": True,
    }
    assert merged["private_metadata"] == {}
    assert merged["unsafe_metadata"] == {"theme": "dark"}


def test_bulk_ban_and_unban(fake_clerk: FakeClerk) -> None:
    """POST /v1/users/ban and /unban change each named user and list them."""
    ids = [fake_clerk.add_user()["id"] for _ in range(3)]

    banned = send(
        fake_clerk, "POST", "/v1/users/ban", json={"user_ids": [*ids[:2], "user_nope"]}
    ).json()
    unbanned = send(
        fake_clerk, "POST", "/v1/users/unban", json={"user_ids": ids[:1]}
    ).json()

    assert [(u["id"], u["banned"]) for u in banned] == [(ids[0], True), (ids[1], True)]
    assert [(u["id"], u["banned"]) for u in unbanned] == [(ids[0], False)]
    assert [u["banned"] for u in fake_clerk.users] == [False, True, False]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "form_param_missing"),
        ({"user_ids": []}, "form_param_value_invalid"),
        ({"user_ids": ["u"] * 51}, "form_param_value_invalid"),
        ({"user_ids": "user_1"}, "form_param_format_invalid"),
    ],
)
def test_bulk_ban_refuses_bad_user_ids(
    fake_clerk: FakeClerk, body: dict[str, Any], code: str
) -> None:
    """user_ids must be a list of 1 to 50 strings, else 400."""
    assert_clerk_error(send(fake_clerk, "POST", "/v1/users/ban", json=body), 400, code)


# -- seeding ---------------------------------------------------------------------------


def test_add_user_defaults(fake_clerk: FakeClerk) -> None:
    """A seeded user has a user_ id, a name, a verified primary email, ms times."""
    seeded = fake_clerk.add_user()

    assert re.match(r"^user_[0-9A-Za-z]{27}$", seeded["id"])
    assert (seeded["first_name"], seeded["last_name"]) == ("Jane", "Doe")
    (email,) = seeded["email_addresses"]
    assert seeded["primary_email_address_id"] == email["id"]
    assert email["verification"]["status"] == "verified"
    assert email["linked_to"] == []
    assert seeded["created_at"] > 1_600_000_000_000
    assert seeded["banned"] is False


def test_add_user_returns_a_copy(fake_clerk: FakeClerk) -> None:
    """Changing the returned dict does not change the fake's user."""
    seeded = fake_clerk.add_user()
    seeded["banned"] = True
    seeded["email_addresses"].clear()

    stored = fake_clerk.get_user(seeded["id"])
    assert stored is not None
    assert stored["banned"] is False
    assert stored["email_addresses"]


def test_add_user_links_external_accounts(fake_clerk: FakeClerk) -> None:
    """An external account is linked to the email address it shares."""
    seeded = fake_clerk.add_user(
        email_addresses=["ada@example.com"], external_accounts=["oauth_google"]
    )

    (account,) = seeded["external_accounts"]
    assert account["email_address"] == "ada@example.com"
    assert account["verification"]["strategy"] == "oauth_google"
    links = seeded["email_addresses"][0]["linked_to"]
    assert links == [{"type": "oauth_google", "id": account["id"]}]


def test_add_user_refuses_unknown_fields_and_duplicates(fake_clerk: FakeClerk) -> None:
    """A field that is no User property, or a taken id, raises at once."""
    with pytest.raises(TypeError, match="firstName"):
        fake_clerk.add_user(firstName="Ada")
    with pytest.raises(TypeError, match="JSON"):
        fake_clerk.add_user(public_metadata={"when": object()})
    fake_clerk.add_user(id="user_1")
    with pytest.raises(ValueError, match="user_1"):
        fake_clerk.add_user(id="user_1")


def test_seeding_is_thread_safe(fake_clerk: FakeClerk) -> None:
    """Users seeded from many threads while the server bans them all arrive."""

    def seed_and_ban() -> None:
        for _ in range(20):
            seeded = fake_clerk.add_user()
            send(fake_clerk, "POST", f"/v1/users/{seeded['id']}/ban")

    threads = [threading.Thread(target=seed_and_ban) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(fake_clerk.users) == 100
    assert all(u["banned"] for u in fake_clerk.users)
    assert fake_clerk.request_count(BAN) == 100


# -- recording -------------------------------------------------------------------------


def test_requests_record_what_was_sent(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """A RecordedRequest holds method, raw path, segments, query, headers, body."""
    send(
        fake_clerk,
        "PATCH",
        f"/v1/users/{user['id']}?x=1&x=2&e=a%2Bb%40c&p=a+b",
        json={"first_name": "Ada"},
        headers={"Clerk-API-Version": "2026-05-12"},
    )

    (recorded,) = fake_clerk.requests
    assert isinstance(recorded, RecordedRequest)
    assert recorded.method == "PATCH"
    assert recorded.raw_path == f"/v1/users/{user['id']}"
    assert recorded.segments == ("v1", "users", user["id"])
    assert recorded.query == (("x", "1"), ("x", "2"), ("e", "a+b@c"), ("p", "a b"))
    assert recorded.headers["authorization"] == f"Bearer {fake_clerk.secret_key}"
    assert recorded.headers["clerk-api-version"] == "2026-05-12"
    assert recorded.body == b'{"first_name": "Ada"}'
    assert recorded.json() == {"first_name": "Ada"}
    assert recorded.route == "PATCH /v1/users/{user_id}"
    assert recorded.user_id == user["id"]
    assert recorded.fault is None
    assert re.match(r"^127\.0\.0\.1:\d+$", recorded.peer)
    assert recorded.received_at <= time.monotonic()


def test_request_count_and_clear_requests(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """request_count counts per route (or all); clear_requests forgets them."""
    for _ in range(2):
        send(fake_clerk, "POST", f"/v1/users/{user['id']}/ban")
    send(fake_clerk, "GET", "/v1/users")
    send(fake_clerk, "GET", "/nowhere")

    assert fake_clerk.request_count(BAN) == 2
    assert fake_clerk.request_count("GET /v1/users") == 1
    assert fake_clerk.request_count() == 4
    fake_clerk.clear_requests()
    assert fake_clerk.requests == []
    assert fake_clerk.request_count() == 0


def test_request_count_refuses_unknown_routes(fake_clerk: FakeClerk) -> None:
    """A route name that is not a route of the fake raises ValueError."""
    with pytest.raises(ValueError, match="unknown route"):
        fake_clerk.request_count("POST /v1/users/{id}/ban")


def test_reset_forgets_users_requests_and_faults(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """reset() empties the fake."""
    send(fake_clerk, "GET", "/v1/users")
    fake_clerk.inject(Fault.clerk_error(500))

    fake_clerk.reset()

    assert (fake_clerk.users, fake_clerk.requests) == ([], [])
    assert fake_clerk.faults_pending == 0


# -- faults ----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_clerk_error_fault_answers_instead_of_the_handler(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """A clerk_error fault sends status, body and Retry-After; nothing is applied."""
    seeded = fake.add_user()
    fake.inject(
        Fault.clerk_error(429, "too_many_requests", "Slow down", retry_after="2")
    )

    async with session.post(
        url(fake, f"/users/{seeded['id']}/ban"), headers=auth(fake)
    ) as response:
        payload = await response.json()
        assert response.status == 429
        assert response.headers["Retry-After"] == "2"
        assert response.headers["Content-Type"] == "application/json"

    assert payload["errors"][0]["code"] == "too_many_requests"
    assert payload["errors"][0]["message"] == "Slow down"
    assert TRACE_ID.match(payload["clerk_trace_id"])
    assert fake.get_user(seeded["id"])["banned"] is False  # type: ignore[index]
    (recorded,) = fake.requests
    assert recorded.fault is not None
    assert recorded.fault.status == 429


@pytest.mark.anyio
async def test_apply_runs_the_handler_then_sends_the_fault(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """With apply=True the ban happens, but the client sees the fault."""
    seeded = fake.add_user()
    fake.inject(Fault.clerk_error(503, apply=True))

    async with session.post(
        url(fake, f"/users/{seeded['id']}/ban"), headers=auth(fake)
    ) as response:
        assert response.status == 503
        assert (await response.json())["errors"][0]["code"] == "internal_clerk_error"

    assert fake.get_user(seeded["id"])["banned"] is True  # type: ignore[index]


@pytest.mark.anyio
async def test_html_fault(fake: FakeClerk, session: aiohttp.ClientSession) -> None:
    """Fault.html sends a proxy's HTML page, text/html, with a CF-Ray header."""
    fake.inject(Fault.html(502))

    async with session.get(url(fake, "/users"), headers=auth(fake)) as response:
        assert response.status == 502
        assert response.content_type == "text/html"
        assert re.match(r"^[0-9a-f]{16}-[A-Z]{3}$", response.headers["CF-Ray"])
        assert "<html>" in await response.text()


@pytest.mark.anyio
async def test_empty_fault(fake: FakeClerk, session: aiohttp.ClientSession) -> None:
    """Fault.empty sends no body and no Content-Type."""
    fake.inject(Fault.empty(500))

    async with session.get(url(fake, "/users"), headers=auth(fake)) as response:
        assert response.status == 500
        # Older aiohttp servers label even an empty body as octet-stream.
        assert response.headers.get("Content-Type") in {
            None,
            "application/octet-stream",
        }
        assert await response.read() == b""


@pytest.mark.anyio
async def test_not_json_fault(fake: FakeClerk, session: aiohttp.ClientSession) -> None:
    """Fault.not_json claims application/json but the body does not parse."""
    fake.inject(Fault.not_json())

    async with session.get(url(fake, "/users"), headers=auth(fake)) as response:
        assert response.status == 200
        assert response.content_type == "application/json"
        with pytest.raises(ValueError):
            await response.json()


@pytest.mark.anyio
async def test_body_fault_sends_dicts_as_json_and_extra_headers(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """A dict body is sent as JSON; extra headers are added."""
    fake.inject(Fault(status=409, body={"odd": True}, headers={"CF-Ray": "abc-LHR"}))

    async with session.get(url(fake, "/users"), headers=auth(fake)) as response:
        assert response.status == 409
        assert await response.json() == {"odd": True}
        assert response.headers["CF-Ray"] == "abc-LHR"


@pytest.mark.anyio
async def test_altering_fault_keeps_the_real_answer(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """A fault without status alters the real answer, which is applied."""
    seeded = fake.add_user()
    fake.inject(Fault(content_type="text/plain", retry_after="7"))

    async with session.post(
        url(fake, f"/users/{seeded['id']}/ban"), headers=auth(fake)
    ) as response:
        assert response.status == 200
        assert response.content_type == "text/plain"
        assert response.headers["Retry-After"] == "7"
        assert (await response.json(content_type=None))["banned"] is True

    assert fake.get_user(seeded["id"])["banned"] is True  # type: ignore[index]


@pytest.mark.anyio
async def test_delay_fault_delays_the_answer(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """A delay is waited before the (real) answer is written."""
    fake.inject(Fault(delay=0.3))

    started = time.monotonic()
    async with session.get(url(fake, "/users"), headers=auth(fake)) as response:
        assert response.status == 200

    assert time.monotonic() - started >= 0.3


@pytest.mark.anyio
async def test_delay_fault_outlasts_a_client_timeout(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """A delay longer than the client's timeout makes the client time out."""
    seeded = fake.add_user()
    fake.inject(Fault(delay=5))

    with pytest.raises(asyncio.TimeoutError):
        async with session.post(
            url(fake, f"/users/{seeded['id']}/ban"),
            headers=auth(fake),
            timeout=aiohttp.ClientTimeout(total=0.2),
        ):
            pass

    assert fake.get_user(seeded["id"])["banned"] is True  # type: ignore[index]


@pytest.mark.anyio
@pytest.mark.parametrize("apply", [False, True])
async def test_drop_fault_closes_without_a_response(
    fake: FakeClerk, session: aiohttp.ClientSession, apply: bool
) -> None:
    """drop closes the connection unanswered; apply says whether the ban happened."""
    seeded = fake.add_user()
    fake.inject(Fault(drop=True, apply=apply))

    with pytest.raises(aiohttp.ServerDisconnectedError):
        async with session.post(
            url(fake, f"/users/{seeded['id']}/ban"), headers=auth(fake)
        ):
            pass

    assert fake.get_user(seeded["id"])["banned"] is apply  # type: ignore[index]


@pytest.mark.anyio
async def test_reset_mid_body_fault(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """reset_mid_body sends status and headers, then part of the body, then resets."""
    seeded = fake.add_user()
    fake.inject(Fault(reset_mid_body=True))

    async with session.get(
        url(fake, f"/users/{seeded['id']}"), headers=auth(fake)
    ) as response:
        assert response.status == 200
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()


@pytest.mark.anyio
async def test_truncate_fault(fake: FakeClerk, session: aiohttp.ClientSession) -> None:
    """truncate announces more than it sends, then closes the connection."""
    fake.inject(Fault(status=200, body=b"0123456789", truncate=True))

    async with session.get(url(fake, "/users"), headers=auth(fake)) as response:
        assert response.status == 200
        assert response.headers["Content-Length"] == "10"
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()


@pytest.mark.anyio
async def test_truncate_fault_on_an_empty_body_still_truncates(
    fake: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """Even an empty body is announced longer than it is."""
    fake.inject(Fault(status=500, truncate=True))

    async with session.get(url(fake, "/users"), headers=auth(fake)) as response:
        assert response.headers["Content-Length"] == "1"
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()


def test_faults_follow_route_times_and_fifo_order(
    fake_clerk: FakeClerk, user: dict[str, Any]
) -> None:
    """Faults hit only their route, `times` times, first injected first."""
    fake_clerk.inject(Fault.clerk_error(500), route=BAN, times=2)
    fake_clerk.inject(Fault.clerk_error(502), route=BAN)
    fake_clerk.inject(Fault.clerk_error(504))
    ban = f"/v1/users/{user['id']}/ban"

    statuses = [
        send(fake_clerk, "GET", "/v1/users").status,
        send(fake_clerk, "POST", ban).status,
        send(fake_clerk, "POST", ban).status,
        send(fake_clerk, "POST", ban).status,
        send(fake_clerk, "POST", ban).status,
    ]

    assert statuses == [504, 500, 500, 502, 200]
    assert fake_clerk.faults_served == 4
    assert fake_clerk.faults_pending == 0


def test_inject_refuses_unknown_routes_and_bad_times(fake_clerk: FakeClerk) -> None:
    """inject checks its route and times."""
    with pytest.raises(ValueError, match="unknown route"):
        fake_clerk.inject(Fault.empty(500), route="POST /v1/users/ban/{user_id}")
    with pytest.raises(ValueError, match="times"):
        fake_clerk.inject(Fault.empty(500), times=0)


def test_clear_faults(fake_clerk: FakeClerk) -> None:
    """clear_faults removes scheduled faults and random rules."""
    fake_clerk.inject(Fault.empty(500), times=3)
    fake_clerk.inject_random({Fault.empty(500): 1.0})

    fake_clerk.clear_faults()

    assert send(fake_clerk, "GET", "/v1/users").status == 200
    assert fake_clerk.faults_pending == 0


def test_inject_random_is_reproducible_with_a_seed(fake_clerk: FakeClerk) -> None:
    """The same seed faults the same requests; other routes are spared."""

    def statuses(seed: int) -> list[int]:
        fake_clerk.clear_faults()
        fake_clerk.inject_random(
            {Fault.clerk_error(500): 0.3, Fault.clerk_error(429): 0.2},
            route="GET /v1/users",
            seed=seed,
        )
        return [send(fake_clerk, "GET", "/v1/users").status for _ in range(40)]

    first, again, other = statuses(1), statuses(1), statuses(2)

    assert first == again
    assert first != other
    assert set(first) == {200, 429, 500}
    assert send(fake_clerk, "GET", "/v1/users/count").status == 200


def test_inject_random_refuses_bad_probabilities(fake_clerk: FakeClerk) -> None:
    """Probabilities outside [0, 1] or adding up past 1 raise ValueError."""
    with pytest.raises(ValueError, match="probability"):
        fake_clerk.inject_random({Fault.empty(500): 1.5})
    with pytest.raises(ValueError, match="add up"):
        fake_clerk.inject_random({Fault.empty(500): 0.6, Fault.empty(502): 0.6})


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "changes nothing"),
        ({"status": 42}, "status"),
        ({"status": True}, "status"),
        ({"delay": -1}, "negative"),
        ({"delay": float("nan")}, "delay"),
        ({"drop": True, "truncate": True}, "at most one"),
        ({"drop": True, "status": 500}, "dropped"),
        ({"body": "x"}, "needs a status"),
    ],
)
def test_fault_refuses_nonsense(options: dict[str, Any], message: str) -> None:
    """Fault options that contradict each other raise ValueError."""
    with pytest.raises(ValueError, match=message):
        Fault(**options)


def test_faults_are_hashable_values() -> None:
    """Equal faults are equal and hash alike, so they can key a dict."""
    first = Fault(status=500, body={"a": 1}, headers={"X": "1"})
    second = Fault(status=500, body=b'{"a":1}', headers=[("X", "1")])

    assert first == second
    assert len({first: 0.1, second: 0.2}) == 1
    assert attrs.evolve(first, apply=True).runs_handler


def test_fault_runs_handler_only_when_it_must_or_is_told() -> None:
    """Replacing faults skip the handler unless apply=True; altering ones run it."""
    assert not Fault.clerk_error(500).runs_handler
    assert not Fault(drop=True).runs_handler
    assert Fault(drop=True, apply=True).runs_handler
    assert Fault(delay=1).runs_handler
    assert Fault(reset_mid_body=True).runs_handler
    assert not Fault(status=200, reset_mid_body=True).runs_handler


# -- the pytest plugin -----------------------------------------------------------------


def test_fake_clerk_fixture_serves_a_sync_test(fake_clerk: FakeClerk) -> None:
    """The fake_clerk fixture is a running thread-mode FakeClerk."""
    assert fake_clerk.running
    assert send(fake_clerk, "GET", "/v1/users").json() == []


@pytest.mark.anyio
async def test_fake_clerk_fixture_serves_an_async_test(
    fake_clerk: FakeClerk, session: aiohttp.ClientSession
) -> None:
    """The fake_clerk fixture serves an async test's client too."""
    async with session.get(url(fake_clerk, "/users"), headers=auth(fake_clerk)) as r:
        assert await r.json() == []


def test_fake_clerk_fixture_is_fresh_per_test(fake_clerk: FakeClerk) -> None:
    """Each test gets its own empty fake."""
    assert fake_clerk.users == []
    assert fake_clerk.requests == []


def test_plugin_and_package_import_no_server_code() -> None:
    """Loading the plugin, or importing clerk_async, imports no aiohttp.web."""
    code = (
        "import sys, clerk_async, clerk_async.testing.pytest_plugin\n"
        "heavy = [m for m in sys.modules"
        " if m.startswith(('aiohttp.web', 'clerk_async.testing._'))]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
