"""The HTTP exchange with Clerk: one aiohttp session, retries, error mapping.

Every resource method ends in :meth:`Transport.request`, which is the only
place that sends, retries, logs and turns answers into values or errors.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from typing import Any, TypeVar

import aiohttp
from yarl import URL

from clerk_async._config import ClientConfig, Timeout, as_timeout
from clerk_async._json import loads
from clerk_async._retry import RETRY_AFTER_STATUSES, RETRY_STATUSES, RetryPolicy
from clerk_async.errors import (
    ClerkAPIError,
    ClerkClosedError,
    ClerkConnectionError,
    ClerkDecodeError,
    ClerkTimeoutError,
    ClerkTransportError,
    ResponseTooLargeError,
    api_error_from_answer,
)

__all__ = ["Transport", "logger"]

T = TypeVar("T")

logger = logging.getLogger("clerk_async")
logger.addHandler(logging.NullHandler())

Params = Sequence[tuple[str, str]]

_JSON_HEADERS = {"Content-Type": "application/json"}
_CHUNK = 64 * 1024

_inherited: list[object] = []
"""Sessions a forked child inherited: their sockets are the parent's, so the
child must neither use nor close them; holding them here keeps their
finalizers from running."""


class Transport:
    """Sends requests to Clerk for one client, on one event loop at a time.

    The aiohttp session is opened lazily inside the running loop on the first
    call and reused by every later call. When that loop ends (``asyncio.run``
    returning), the session is closed with it, and a later call on a new loop
    opens a fresh one.
    """

    __slots__ = (
        "_base_url",
        "_client_timeout",
        "_closed",
        "_config",
        "_loop",
        "_loop_watch",
        "_pid",
        "_session",
    )

    def __init__(self, config: ClientConfig) -> None:
        self._config = config
        self._base_url = config.base_url
        self._client_timeout = _client_timeout(config.timeout)
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_watch: AsyncGenerator[None, None] | None = None
        self._pid = 0
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` has been called."""
        return self._closed

    async def request(
        self,
        method: str,
        path: str,
        decode: Callable[[Any], T],
        *,
        idempotent: bool,
        params: Params | None = None,
        body: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | Timeout | None = None,
    ) -> T:
        """Send one call, trying again as ``retry`` allows; decode its answer.

        ``path`` is below the base URL and already percent-encoded. ``decode``
        turns the parsed JSON into the call's result; anything it raises
        becomes a :class:`ClerkDecodeError` naming the call.
        """
        session = self._session
        if session is None or self._loop is not asyncio.get_running_loop():
            session = await self._open()
        policy = self._config.retry if retry is None else retry
        if not isinstance(policy, RetryPolicy):
            raise TypeError(f"retry must be a RetryPolicy or None, got {retry!r}")
        client_timeout = (
            self._client_timeout
            if timeout is None
            else _client_timeout(as_timeout(timeout, self._config.timeout))
        )
        url = URL(self._base_url + path, encoded=True)
        data = None if body is None else json.dumps(body, separators=(",", ":"))
        headers = None if data is None else _JSON_HEADERS

        attempt = 0
        started = time.monotonic()
        deadline = None if policy.deadline is None else started + policy.deadline
        while True:
            attempt += 1
            limit = "total"
            attempt_timeout = client_timeout
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining < (client_timeout.total or remaining + 1):
                    limit = "deadline"
                    attempt_timeout = aiohttp.ClientTimeout(
                        total=max(remaining, 0.001), connect=client_timeout.connect
                    )
            try:
                status, raw, answer_headers = await self._exchange(
                    session,
                    method,
                    url,
                    path,
                    params,
                    data,
                    headers,
                    attempt_timeout,
                    limit,
                    attempt,
                )
            except ClerkTransportError as exc:
                failure: ClerkTransportError | ClerkAPIError = exc
                retryable = idempotent or not exc.request_sent
                if not retryable or attempt >= policy.attempts:
                    raise
                delay = policy.backoff(attempt)
            else:
                if 200 <= status < 300:
                    return _decode(raw, decode, method, path, status)
                error = api_error_from_answer(
                    status, raw, answer_headers, method=method, path=path
                )
                retryable = status == 429 or (idempotent and status in RETRY_STATUSES)
                if not retryable or attempt >= policy.attempts:
                    raise error
                failure = error
                if status in RETRY_AFTER_STATUSES and error.retry_after is not None:
                    if error.retry_after > policy.retry_after_max:
                        raise error
                    delay = error.retry_after
                else:
                    delay = policy.backoff(attempt)

            if deadline is not None and time.monotonic() + delay > deadline:
                raise failure
            logger.warning(
                "%s %s failed (%s); retrying in %.3f s (attempt %d of %d)",
                method,
                path,
                _outcome(failure),
                delay,
                attempt + 1,
                policy.attempts,
            )
            await asyncio.sleep(delay)

    async def _exchange(
        self,
        session: aiohttp.ClientSession,
        method: str,
        url: URL,
        path: str,
        params: Params | None,
        data: str | None,
        headers: Mapping[str, str] | None,
        timeout: aiohttp.ClientTimeout,
        limit: str,
        attempt: int,
    ) -> tuple[int, bytes, Mapping[str, str]]:
        """One try: send, read the whole body, and log it."""
        started = time.perf_counter()
        status: int | str = "-"
        try:
            async with session.request(
                method, url, params=params, data=data, headers=headers, timeout=timeout
            ) as response:
                status = response.status
                length = response.content_length
                if length is not None and length <= self._config.max_response_bytes:
                    raw = await response.read()
                else:
                    raw = await self._read_capped(response, method, path)
                return status, raw, response.headers
        except aiohttp.ConnectionTimeoutError:
            status = "connect timeout"
            raise ClerkTimeoutError(
                f"no connection within the connect timeout of {timeout.connect} s",
                method=method,
                path=path,
                limit="connect",
                request_sent=False,
            ) from None
        except asyncio.TimeoutError:
            status = "timeout"
            raise ClerkTimeoutError(
                f"no complete answer within the {limit} limit of {timeout.total:.3f} s",
                method=method,
                path=path,
                limit=limit,
            ) from None
        except aiohttp.ClientConnectorError as exc:
            status = "connect failed"
            raise ClerkConnectionError(
                f"could not connect to {exc.host}:{exc.port}: {exc.os_error}",
                method=method,
                path=path,
                request_sent=False,
            ) from None
        except aiohttp.ClientError as exc:
            status = "connection lost"
            raise ClerkConnectionError(
                f"connection failed: {type(exc).__name__}: {exc}",
                method=method,
                path=path,
            ) from None
        finally:
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s -> %s in %.1f ms (attempt %d)",
                    method,
                    path,
                    status,
                    (time.perf_counter() - started) * 1000,
                    attempt,
                )

    async def _read_capped(
        self, response: aiohttp.ClientResponse, method: str, path: str
    ) -> bytes:
        """The body of unknown or excessive length, up to ``max_response_bytes``.

        A success over the cap is refused. An error answer over the cap keeps
        only its first bytes: enough to report it, whatever a proxy sent.
        """
        cap = self._config.max_response_bytes
        length = response.content_length
        if length is not None and response.status < 300:
            raise ResponseTooLargeError(
                f"answer of {length} bytes is over max_response_bytes={cap}",
                method=method,
                path=path,
                status=response.status,
            )
        chunks = []
        size = 0
        async for chunk in response.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > cap:
                if response.status >= 300:
                    chunks.append(chunk)
                    return b"".join(chunks)[:cap]
                raise ResponseTooLargeError(
                    f"answer is over max_response_bytes={cap}",
                    method=method,
                    path=path,
                    status=response.status,
                )
            chunks.append(chunk)
        return b"".join(chunks)

    async def _open(self) -> aiohttp.ClientSession:
        """Open the session on the running loop, retiring one from a past loop."""
        if self._closed:
            raise ClerkClosedError("this client is closed; create a new one")
        loop = asyncio.get_running_loop()
        if self._session is not None:
            await self._retire(loop)

        session = aiohttp.ClientSession(
            headers=self._config.headers,
            connector=aiohttp.TCPConnector(limit=self._config.max_connections),
            timeout=self._client_timeout,
        )
        watch = _close_with_loop(session)
        # Starting the generator registers it with the loop, which finalises
        # it (closing the session) when asyncio.run() or a Runner shuts down.
        await watch.asend(None)
        self._session, self._loop, self._loop_watch = session, loop, watch
        self._pid = os.getpid()
        return session

    async def _retire(self, loop: asyncio.AbstractEventLoop) -> None:
        """Let go of the session of an earlier loop or of a parent process."""
        old_loop = self._loop
        assert old_loop is not None
        if self._pid != os.getpid():
            _inherited.append((self._session, self._loop_watch))
        elif old_loop.is_closed():
            session = self._session
            assert session is not None
            # The loop's shutdown normally closed it already; if the loop was
            # closed without one, this only marks it closed.
            await session.close()
        elif old_loop is not loop:
            raise RuntimeError(
                "this client is in use on another event loop that is still "
                "open; create one client per event loop"
            )
        self._session = self._loop = self._loop_watch = None

    async def aclose(self) -> None:
        """Close the session. Later calls raise ClerkClosedError."""
        self._closed = True
        if self._session is None:
            return
        if self._pid == os.getpid() and self._loop is asyncio.get_running_loop():
            watch = self._loop_watch
            assert watch is not None
            self._session = self._loop = self._loop_watch = None
            await watch.aclose()
        else:
            await self._retire(asyncio.get_running_loop())


async def _close_with_loop(session: aiohttp.ClientSession) -> AsyncGenerator[None]:
    """Hold ``session`` open until the generator is closed, then close it."""
    try:
        yield
    finally:
        await session.close()


def _client_timeout(timeout: Timeout) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=timeout.total, connect=timeout.connect)


def _decode(
    raw: bytes, decode: Callable[[Any], T], method: str, path: str, status: int
) -> T:
    try:
        payload = loads(raw)
    except ValueError as exc:
        reason = f"answer is not JSON: {exc}" if raw else "answer has an empty body"
        raise ClerkDecodeError(
            reason, method=method, path=path, status=status, body=raw
        ) from exc
    try:
        return decode(payload)
    except Exception as exc:  # any structuring failure is a decode error
        raise ClerkDecodeError(
            f"answer does not have the expected shape: {exc}",
            method=method,
            path=path,
            status=status,
            body=raw,
        ) from exc


def _outcome(failure: Exception) -> str:
    if isinstance(failure, ClerkAPIError):
        return f"status {failure.status}"
    return type(failure).__name__
