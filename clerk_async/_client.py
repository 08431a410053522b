"""The async client: settings, its resources, and its lifecycle."""

from __future__ import annotations

from types import TracebackType

from clerk_async._config import (
    DEFAULT_API_VERSION,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    ClientConfig,
    Timeout,
)
from clerk_async._retry import RetryPolicy
from clerk_async._transport import Transport
from clerk_async.resources import AsyncUsers

__all__ = ["AsyncClerk"]


class AsyncClerk:
    """Async client for Clerk's Backend API.

    Use it as an async context manager, or call :meth:`aclose` when done::

        async with AsyncClerk() as clerk:
            user = await clerk.users.ban_user("user_2V7JJKmoA9HqzHhfMqK5cpgLl56")

    One client serves any number of concurrent calls over one pooled
    aiohttp session, which it opens on the first call inside the running
    event loop. When that loop ends, the session is closed with it, so the
    same client also works across successive ``asyncio.run()`` calls; it
    cannot be used from two event loops at once.
    """

    users: AsyncUsers
    """The Users API: ban, unban, lock, unlock, get, list, create, ..."""

    def __init__(
        self,
        secret_key: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        api_version: str = DEFAULT_API_VERSION,
        timeout: float | Timeout = Timeout(),  # noqa: B008 - frozen, shared safely
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        max_connections: int = 100,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        """Check the settings; nothing is opened until the first call.

        Args:
            secret_key: The instance's secret key (``sk_live_…`` or
                ``sk_test_…``). Defaults to the ``CLERK_SECRET_KEY``
                environment variable.
            base_url: Where the Backend API lives, up to and including its
                version path.
            api_version: Sent as ``Clerk-API-Version`` on every request.
            timeout: Per-try limits: seconds for the whole try, or a
                :class:`Timeout` with a separate connect limit.
            retry: How transient failures are retried; see
                :class:`RetryPolicy`.
            max_retries: Shorthand that replaces ``retry.attempts`` with
                ``max_retries + 1``; 0 turns retries off.
            max_connections: Size of the connection pool.
            max_response_bytes: Answers with larger bodies are refused with
                :class:`~clerk_async.errors.ResponseTooLargeError`.

        Raises:
            ClerkConfigurationError: no secret key was given or found, or a
                setting is invalid.
        """
        config = ClientConfig.create(
            secret_key,
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            retry=retry,
            max_retries=max_retries,
            max_connections=max_connections,
            max_response_bytes=max_response_bytes,
        )
        self._start(config)

    @classmethod
    def _from_config(cls, config: ClientConfig) -> AsyncClerk:
        """A new client with already checked settings (used by ``Clerk``)."""
        client = cls.__new__(cls)
        client._start(config)
        return client

    def _start(self, config: ClientConfig) -> None:
        self._config = config
        self._transport = Transport(config)
        self.users = AsyncUsers(self._transport)

    @property
    def base_url(self) -> str:
        """The base URL every path is appended to."""
        return self._config.base_url

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` has been called."""
        return self._transport.closed

    async def aclose(self) -> None:
        """Close the connection pool. Calling it again does nothing."""
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncClerk:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        return (
            f"<AsyncClerk{state} base_url={self._config.base_url!r} "
            f"api_version={self._config.api_version!r}>"
        )
