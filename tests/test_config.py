"""Client settings are checked at construction and never leak the key."""

from __future__ import annotations

from typing import Any

import pytest

from clerk_async import AsyncClerk, Clerk, RetryPolicy, Timeout
from clerk_async.errors import ClerkConfigurationError

KEY = "sk_test_supersecretvalue123"

CLIENTS = [AsyncClerk, Clerk]


@pytest.fixture(params=CLIENTS, ids=["async", "blocking"])
def client_class(request: pytest.FixtureRequest) -> type:
    """Each test runs against both the async client and its blocking twin."""
    return request.param  # type: ignore[no-any-return]


def close(client: object) -> None:
    if isinstance(client, Clerk):
        client.close()


def test_missing_key_fails_at_construction(
    client_class: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No argument and no CLERK_SECRET_KEY: a clear error, before any call."""
    monkeypatch.delenv("CLERK_SECRET_KEY", raising=False)
    with pytest.raises(ClerkConfigurationError, match="CLERK_SECRET_KEY"):
        client_class()


def test_key_comes_from_the_environment(
    client_class: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLERK_SECRET_KEY is used when no key is passed."""
    monkeypatch.setenv("CLERK_SECRET_KEY", KEY)
    client = client_class()
    async_client = client._client if isinstance(client, Clerk) else client
    assert async_client._config.secret_key == KEY
    close(client)


@pytest.mark.parametrize("key", ["", "   ", "sk_test_a b", "sk_test_\x00x", 123, b"sk"])
def test_bad_keys_are_refused_without_echoing_them(
    client_class: type, key: object
) -> None:
    """Empty, spaced, control-character or non-str keys are refused."""
    with pytest.raises(ClerkConfigurationError) as info:
        client_class(key)
    if isinstance(key, str) and key.strip():
        assert key.strip() not in str(info.value)


def test_repr_never_shows_the_key(client_class: type) -> None:
    """repr() names the base URL and API version, never the secret key."""
    client = client_class(KEY)
    text = repr(client)
    assert KEY not in text
    assert "https://api.clerk.com/v1" in text
    assert "2026-05-12" in text
    close(client)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"base_url": "api.clerk.com/v1"}, "absolute http"),
        ({"base_url": "ftp://api.clerk.com"}, "absolute http"),
        ({"base_url": "https://u:p@api.clerk.com"}, "credentials"),
        ({"base_url": "https://api.clerk.com/v1?x=1"}, "query"),
        ({"api_version": ""}, "api_version"),
        ({"api_version": "2026\r\nX: y"}, "api_version"),
        ({"timeout": 0}, "total"),
        ({"timeout": "10"}, "timeout"),
        ({"timeout": Timeout(total=5, connect=None)}, None),
        ({"max_retries": -1}, "attempts"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"retry": 3}, "RetryPolicy"),
        ({"max_connections": 0}, "max_connections"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
    ],
)
def test_settings_are_checked(
    client_class: type, arguments: dict[str, object], message: str | None
) -> None:
    """Each invalid setting is refused with a message naming it."""
    if message is None:
        close(client_class(KEY, **arguments))
        return
    with pytest.raises(ClerkConfigurationError, match=message):
        client_class(KEY, **arguments)


def test_max_retries_sets_the_number_of_attempts() -> None:
    """max_retries=n means n + 1 tries in all; 0 turns retries off."""
    policy = RetryPolicy(attempts=5, backoff_initial=0.1)
    client = AsyncClerk(KEY, retry=policy, max_retries=0)
    assert client._config.retry.attempts == 1
    assert client._config.retry.backoff_initial == 0.1


def test_base_url_trailing_slash_is_dropped() -> None:
    """A trailing slash in base_url does not double the path's slash."""
    assert AsyncClerk(KEY, base_url="http://127.0.0.1:9/v1/").base_url == (
        "http://127.0.0.1:9/v1"
    )


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0])
def test_non_finite_limits_are_refused(value: float) -> None:
    """NaN and infinite timeouts or waits are refused where they are set."""
    with pytest.raises(ValueError, match="must be a number"):
        Timeout(total=value)
    with pytest.raises(ValueError, match="must be a number"):
        RetryPolicy(backoff_max=value)


def test_retry_policy_subclasses_are_accepted(fake_clerk: Any) -> None:
    """A subclass of RetryPolicy works on the client and per call."""

    class Patient(RetryPolicy):
        pass

    user_id = fake_clerk.add_user()["id"]
    policy = Patient(attempts=2)
    with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url, retry=policy) as c:
        assert c.users.ban_user(user_id).banned
        assert c.users.ban_user(user_id, retry=policy).banned
