"""Client settings: validated once, at construction, then read on every call."""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping
from urllib.parse import urlsplit

import attrs

from clerk_async._retry import RetryPolicy
from clerk_async._validators import optional_positive, positive
from clerk_async._version import __version__
from clerk_async.errors import ClerkConfigurationError

__all__ = [
    "DEFAULT_API_VERSION",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "ClientConfig",
    "Timeout",
    "as_timeout",
]

DEFAULT_BASE_URL = "https://api.clerk.com/v1"
DEFAULT_API_VERSION = "2026-05-12"
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
SECRET_KEY_VARIABLE = "CLERK_SECRET_KEY"  # noqa: S105 - a variable name, not a key


@attrs.frozen(kw_only=True)
class Timeout:
    """Time limits of one try of a call, in seconds.

    Args:
        total: The whole try: connecting, sending, waiting, reading the body.
        connect: Getting a connection, from the pool or a new one (TCP and
            TLS handshakes included), or None to let ``total`` alone apply.
    """

    total: float = attrs.field(default=30.0, validator=positive)
    connect: float | None = attrs.field(default=10.0, validator=optional_positive)


def as_timeout(value: float | Timeout, base: Timeout | None = None) -> Timeout:
    """A :class:`Timeout` from a Timeout, or from seconds for the total limit.

    With a number, the other limits are ``base``'s (the client's), else the
    defaults.
    """
    if isinstance(value, Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"timeout must be a number of seconds or a Timeout, got {value!r}"
        )
    if base is None:
        return Timeout(total=value)
    return attrs.evolve(base, total=value)


@attrs.frozen(kw_only=True)
class ClientConfig:
    """Everything a client needs, checked once; shared by all its calls."""

    secret_key: str = attrs.field(repr=False)
    base_url: str
    api_version: str
    timeout: Timeout
    retry: RetryPolicy
    max_connections: int
    max_response_bytes: int
    headers: Mapping[str, str] = attrs.field(repr=False)

    @classmethod
    def create(
        cls,
        secret_key: str | None,
        *,
        base_url: str,
        api_version: str,
        timeout: float | Timeout,
        retry: RetryPolicy | None,
        max_retries: int | None,
        max_connections: int,
        max_response_bytes: int,
    ) -> ClientConfig:
        """Validate the client's arguments, raising ClerkConfigurationError."""
        key = _secret_key(secret_key)
        url = _base_url(base_url)
        version = _header_value("api_version", api_version)
        try:
            policy = RetryPolicy() if retry is None else retry
            if not isinstance(policy, RetryPolicy):
                raise TypeError(f"retry must be a RetryPolicy, got {policy!r}")
            if max_retries is not None:
                if isinstance(max_retries, bool) or not isinstance(max_retries, int):
                    raise TypeError(f"max_retries must be an int, got {max_retries!r}")
                policy = attrs.evolve(policy, attempts=max_retries + 1)
            limits = as_timeout(timeout)
        except (TypeError, ValueError) as exc:
            raise ClerkConfigurationError(str(exc)) from None
        for name, number in (
            ("max_connections", max_connections),
            ("max_response_bytes", max_response_bytes),
        ):
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise ClerkConfigurationError(
                    f"{name} must be an int >= 1, got {number!r}"
                )

        return cls(
            secret_key=key,
            base_url=url,
            api_version=version,
            timeout=limits,
            retry=policy,
            max_connections=max_connections,
            max_response_bytes=max_response_bytes,
            headers={
                "Authorization": f"Bearer {key}",
                "Clerk-API-Version": version,
                "User-Agent": _user_agent(),
                "Accept": "application/json",
            },
        )


def _secret_key(value: str | None) -> str:
    if value is None:
        value = os.environ.get(SECRET_KEY_VARIABLE)
        if not value:
            raise ClerkConfigurationError(
                "no secret key: pass secret_key=... or set the "
                f"{SECRET_KEY_VARIABLE} environment variable"
            )
    if not isinstance(value, str):
        raise ClerkConfigurationError(
            f"secret_key must be a str, got {type(value).__name__}"
        )
    key = value.strip()
    if not key:
        raise ClerkConfigurationError("secret_key is empty")
    if not key.isascii() or not key.isprintable() or " " in key:
        # The value itself is never echoed: it is a credential.
        raise ClerkConfigurationError(
            "secret_key holds spaces, control or non-ASCII characters"
        )
    return key


def _base_url(value: str) -> str:
    if not isinstance(value, str):
        raise ClerkConfigurationError(
            f"base_url must be a str, got {type(value).__name__}"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ClerkConfigurationError(
            f"base_url must be an absolute http(s) URL, got {value!r}"
        )
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise ClerkConfigurationError(
            f"base_url must not carry credentials, a query or a fragment: {value!r}"
        )
    if not value.isascii() or not value.isprintable() or " " in value:
        raise ClerkConfigurationError(
            f"base_url must be an ASCII URL without spaces, got {value!r}"
        )
    return value.rstrip("/")


def _header_value(name: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ClerkConfigurationError(f"{name} must be a non-empty str, got {value!r}")
    if not value.isascii() or not value.isprintable():
        raise ClerkConfigurationError(f"{name} holds characters a header cannot carry")
    return value.strip()


def _user_agent() -> str:
    import aiohttp

    return (
        f"clerk-async/{__version__} "
        f"python/{platform.python_version()} "
        f"aiohttp/{aiohttp.__version__}"
    )
