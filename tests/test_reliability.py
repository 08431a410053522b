"""Faults over real sockets: each one, against each class of call.

Idempotent calls (ban_user stands for them) are retried on 429, 5xx,
timeouts and broken connections; create_user is retried only where Clerk
provably did not act (429, no connection). Every test runs async and blocking.
"""

from __future__ import annotations

import email.utils
import logging
import re
import socket
import time
from typing import Any

import pytest
from _callers import Caller

from clerk_async import RetryPolicy, Timeout
from clerk_async.errors import (
    ClerkConnectionError,
    ClerkDecodeError,
    ClerkTimeoutError,
    RateLimitError,
    ResponseTooLargeError,
    ServerError,
)
from clerk_async.testing import FakeClerk, Fault

BAN = "POST /v1/users/{user_id}/ban"
CREATE = "POST /v1/users"

FAST = RetryPolicy(attempts=3, backoff_initial=0.01, backoff_max=0.02)
"""Three tries with waits short enough for a test."""


@pytest.fixture
def fast(make_caller: Any) -> Caller:
    """A caller (async or blocking) whose retries wait only milliseconds."""
    return make_caller(retry=FAST, timeout=Timeout(total=0.75, connect=0.75))


def ban(call: Caller, fake: FakeClerk) -> tuple[Any, str]:
    user_id = fake.add_user()["id"]
    return call("ban_user", user_id), user_id


def create(call: Caller) -> Any:
    return call("create_user", email_address=["new@example.com"])


RETRIED_FOR_BOTH = [
    pytest.param(Fault.rate_limited(retry_after="0"), id="429-retry-after-0"),
    pytest.param(Fault.rate_limited(retry_after=None), id="429-no-retry-after"),
]
RETRIED_FOR_IDEMPOTENT_ONLY = [
    pytest.param(Fault.clerk_error(500, "internal_error"), id="500"),
    pytest.param(Fault.html(502), id="502-html"),
    pytest.param(Fault.clerk_error(503, "unavailable", retry_after="0"), id="503"),
    pytest.param(Fault.empty(504), id="504-empty"),
    pytest.param(Fault(drop=True), id="dropped"),
    pytest.param(Fault(reset_mid_body=True), id="reset-mid-body"),
    pytest.param(Fault(truncate=True), id="truncated"),
    pytest.param(Fault(delay=2.0), id="slower-than-timeout"),
]


@pytest.mark.parametrize("fault", RETRIED_FOR_BOTH + RETRIED_FOR_IDEMPOTENT_ONLY)
def test_idempotent_call_is_retried_to_success(
    fast: Caller, fake_clerk: FakeClerk, fault: Fault
) -> None:
    """One fault, then success: the ban lands after exactly two tries."""
    fake_clerk.inject(fault, route=BAN)
    user, user_id = ban(fast, fake_clerk)
    assert user.banned is True
    assert fake_clerk.request_count(BAN) == 2
    assert fake_clerk.get_user(user_id)["banned"] is True


@pytest.mark.parametrize("fault", RETRIED_FOR_BOTH)
def test_create_is_retried_after_429(
    fast: Caller, fake_clerk: FakeClerk, fault: Fault
) -> None:
    """A 429 means Clerk did nothing: create is tried again and succeeds once."""
    fake_clerk.inject(fault, route=CREATE)
    assert create(fast).email_addresses[0].email_address == "new@example.com"
    assert fake_clerk.request_count(CREATE) == 2
    assert len(fake_clerk.users) == 1


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.clerk_error(500, "internal_error"), ServerError),
        (Fault.html(502), ServerError),
        (Fault.clerk_error(503, "unavailable", retry_after="0"), ServerError),
        (Fault(drop=True), ClerkConnectionError),
        (Fault(reset_mid_body=True), ClerkConnectionError),
        (Fault(truncate=True), ClerkConnectionError),
        (Fault(delay=2.0), ClerkTimeoutError),
    ],
    ids=["500", "502", "503", "dropped", "reset", "truncated", "timeout"],
)
def test_create_is_not_retried_when_it_may_have_been_processed(
    fast: Caller, fake_clerk: FakeClerk, fault: Fault, error: type[Exception]
) -> None:
    """After a 5xx or a broken exchange, create raises after a single try."""
    fake_clerk.inject(fault, route=CREATE)
    with pytest.raises(error):
        create(fast)
    assert fake_clerk.request_count(CREATE) == 1


def test_create_whose_answer_was_lost_is_applied_once(
    fast: Caller, fake_clerk: FakeClerk
) -> None:
    """Processed, then the connection dropped: one user exists, not two."""
    fake_clerk.inject(Fault(drop=True, apply=True), route=CREATE)
    with pytest.raises(ClerkConnectionError) as info:
        create(fast)
    assert info.value.request_sent is True
    assert len(fake_clerk.users) == 1


def test_persistent_failure_raises_after_the_last_attempt(
    fast: Caller, fake_clerk: FakeClerk
) -> None:
    """Three 503s in a row: ServerError after exactly three tries."""
    fake_clerk.inject(Fault.html(503), route=BAN, times=3)
    with pytest.raises(ServerError) as info:
        ban(fast, fake_clerk)
    assert info.value.status == 503
    assert info.value.trace_id  # the proxy's CF-Ray
    assert fake_clerk.request_count(BAN) == 3


def test_persistent_rate_limit_keeps_its_details(
    fast: Caller, fake_clerk: FakeClerk
) -> None:
    """The final 429 carries Clerk's code, trace id and retry_after."""
    fake_clerk.inject(Fault.rate_limited(retry_after="0"), route=BAN, times=3)
    with pytest.raises(RateLimitError) as info:
        ban(fast, fake_clerk)
    assert info.value.code == "too_many_requests"
    assert info.value.trace_id
    assert info.value.retry_after == 0
    assert fake_clerk.request_count(BAN) == 3


@pytest.mark.parametrize("header", ["0.3", "http-date"])
def test_retry_after_is_honoured(
    fast: Caller, fake_clerk: FakeClerk, header: str
) -> None:
    """The client waits as long as Retry-After says (seconds or a date)."""
    if header == "http-date":
        header = email.utils.formatdate(time.time() + 1.2, usegmt=True)
        minimum = 0.15  # the date has one-second resolution
    else:
        minimum = 0.3
    fake_clerk.inject(Fault.rate_limited(retry_after=header), route=BAN)
    started = time.monotonic()
    user, _ = ban(fast, fake_clerk)
    assert user.banned
    first, second = fake_clerk.requests
    assert second.received_at - first.received_at >= minimum
    assert time.monotonic() - started < 3.0


def test_retry_after_over_the_cap_raises_at_once(
    make_caller: Any, fake_clerk: FakeClerk
) -> None:
    """A server asking for an hour gets no wait: the 429 is raised with it."""
    call = make_caller(retry=RetryPolicy(retry_after_max=5.0))
    fake_clerk.inject(Fault.rate_limited(retry_after="3600"), route=BAN)
    started = time.monotonic()
    with pytest.raises(RateLimitError) as info:
        ban(call, fake_clerk)
    assert info.value.retry_after == 3600
    assert time.monotonic() - started < 1.0
    assert fake_clerk.request_count(BAN) == 1


def test_deadline_stops_retries_that_would_outlast_it(
    make_caller: Any, fake_clerk: FakeClerk
) -> None:
    """No wait is started that would end past the overall deadline."""
    call = make_caller(retry=RetryPolicy(attempts=10, deadline=1.0))
    fake_clerk.inject(Fault.rate_limited(retry_after="0.6"), route=BAN, times=10)
    started = time.monotonic()
    with pytest.raises(RateLimitError):
        ban(call, fake_clerk)
    assert time.monotonic() - started < 1.2
    assert fake_clerk.request_count(BAN) == 2


def test_deadline_shortens_the_last_attempt(
    make_caller: Any, fake_clerk: FakeClerk
) -> None:
    """A try that would run past the deadline times out at it, naming it."""
    call = make_caller(
        retry=RetryPolicy(attempts=1, deadline=0.5), timeout=Timeout(total=5.0)
    )
    fake_clerk.inject(Fault(delay=3.0), route=BAN)
    started = time.monotonic()
    with pytest.raises(ClerkTimeoutError) as info:
        ban(call, fake_clerk)
    assert info.value.limit == "deadline"
    assert time.monotonic() - started < 1.5


def test_timeout_error_names_call_and_limit(
    make_caller: Any, fake_clerk: FakeClerk
) -> None:
    """A slow answer raises ClerkTimeoutError with the limit that was hit."""
    call = make_caller(retry=RetryPolicy(attempts=1), timeout=0.3)
    fake_clerk.inject(Fault(delay=3.0), route=BAN)
    with pytest.raises(ClerkTimeoutError) as info:
        ban(call, fake_clerk)
    assert info.value.limit == "total"
    assert info.value.method == "POST"
    assert "0.300 s" in str(info.value)
    assert "/ban" in str(info.value)


def test_per_call_retry_overrides_the_client(
    fast: Caller, fake_clerk: FakeClerk
) -> None:
    """retry= on one call replaces the client's policy for that call."""
    user_id = fake_clerk.add_user()["id"]
    fake_clerk.inject(Fault.html(502), route=BAN)
    with pytest.raises(ServerError):
        fast("ban_user", user_id, retry=RetryPolicy(attempts=1))
    assert fake_clerk.request_count(BAN) == 1


def test_non_json_success_is_not_retried(fast: Caller, fake_clerk: FakeClerk) -> None:
    """A 200 with a broken body raises ClerkDecodeError without retrying."""
    fake_clerk.inject(Fault.not_json(), route=BAN)
    with pytest.raises(ClerkDecodeError):
        ban(fast, fake_clerk)
    assert fake_clerk.request_count(BAN) == 1


def test_wrong_content_type_with_a_json_body_still_decodes(
    fast: Caller, fake_clerk: FakeClerk
) -> None:
    """A proxy relabelling the answer does not stop a valid user decoding."""
    fake_clerk.inject(Fault(content_type="text/plain"), route=BAN)
    user, _ = ban(fast, fake_clerk)
    assert user.banned is True


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "stream"])
def test_oversized_answers_are_refused(
    make_caller: Any, fake_clerk: FakeClerk, chunked: bool
) -> None:
    """Bodies over max_response_bytes raise ResponseTooLargeError."""
    call = make_caller(max_response_bytes=64 * 1024, retry=RetryPolicy(attempts=1))
    body = b'{"id": "user_1", "padding": "' + b"x" * 200_000 + b'"}'
    fault = Fault(status=200, body=body)
    if chunked:
        fault = Fault(status=200, body=body, chunked=True)
    fake_clerk.inject(fault, route=BAN)
    with pytest.raises(ResponseTooLargeError) as info:
        ban(call, fake_clerk)
    assert "max_response_bytes=65536" in str(info.value)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused_is_retried_even_for_create(make_caller: Any) -> None:
    """No connection means nothing was sent: create retries, then says so."""
    call = make_caller(
        base_url=f"http://127.0.0.1:{closed_port()}/v1",
        retry=RetryPolicy(attempts=3, backoff_initial=0.01),
    )
    with pytest.raises(ClerkConnectionError) as info:
        create(call)
    assert info.value.request_sent is False
    assert "could not connect" in str(info.value)


def test_every_record_of_a_failing_run(
    fast: Caller, fake_clerk: FakeClerk, caplog: pytest.LogCaptureFixture
) -> None:
    """DEBUG per attempt, WARNING per scheduled retry with its wait, no key."""
    user_id = fake_clerk.add_user()["id"]
    fake_clerk.inject(Fault.clerk_error(503, "unavailable"), route=BAN, times=3)
    with (
        caplog.at_level(logging.DEBUG, logger="clerk_async"),
        pytest.raises(ServerError),
    ):
        fast("ban_user", user_id)

    records = [r for r in caplog.records if r.name == "clerk_async"]
    assert [r.levelname for r in records] == [
        "DEBUG",
        "WARNING",
        "DEBUG",
        "WARNING",
        "DEBUG",
    ]
    path = f"/users/{user_id}/ban"
    for attempt, record in enumerate(records[::2], start=1):
        assert record.getMessage().startswith(f"POST {path} -> 503 in ")
        assert record.getMessage().endswith(f"(attempt {attempt})")
    for attempt, record in enumerate(records[1::2], start=2):
        assert re.fullmatch(
            rf"POST {path} failed \(status 503\); retrying in [0-9.]+ s "
            rf"\(attempt {attempt} of 3\)",
            record.getMessage(),
        )
    for record in caplog.records:
        text = record.getMessage() + str(record.args)
        assert fake_clerk.secret_key not in text
        assert "Bearer" not in text


def test_oversized_error_answer_is_still_the_api_error(
    make_caller: Any, fake_clerk: FakeClerk
) -> None:
    """A huge proxy error page maps to its status, cut to the size cap."""
    call = make_caller(max_response_bytes=1024, retry=RetryPolicy(attempts=1))
    fake_clerk.inject(
        Fault(status=502, body=b"<html>" + b"x" * 100_000, chunked=True), route=BAN
    )
    with pytest.raises(ServerError) as info:
        ban(call, fake_clerk)
    assert info.value.status == 502
    assert info.value.body.startswith(b"<html>")


def test_per_call_seconds_keep_the_clients_connect_limit() -> None:
    """timeout=5 on a call changes the total limit only."""
    from clerk_async._config import as_timeout

    client = Timeout(total=30.0, connect=2.5)
    assert as_timeout(5, client) == Timeout(total=5, connect=2.5)
    assert as_timeout(Timeout(total=1, connect=None), client).connect is None
