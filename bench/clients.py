"""The five ways of banning a user that the harness compares.

Each client is built the way its documentation recommends for a long-running
service, with one connection pool reused by every call:

- ``floor``: raw aiohttp, one ``ClientSession``, ``json.loads`` of the body
  and no model. Nothing that returns a User can cost less; it is the
  reference every ratio is taken against.
- ``clerk_async``: ``await AsyncClerk.users.ban_user(user_id)``.
- ``clerk_async_blocking``: ``Clerk.users.ban_user(user_id)``, the generated
  blocking facade.
- ``official_async`` / ``official_blocking``: Clerk's official SDK
  ``clerk-backend-api`` (httpx and pydantic), ``users.ban_async`` and
  ``users.ban``. It is handed long-lived httpx clients whose pools keep up to
  100 connections alive (httpx keeps only 20 by default, which would make it
  reconnect at a concurrency of 64).

Every client keeps its library's default retry policy: none of them retries a
200, and the policy's bookkeeping is part of what a user pays for.

A :class:`Driver` runs a number of calls at a given concurrency: for async
clients, that many tasks on one event loop; for blocking clients, that many
threads sharing one client (threads that live for the whole process, as in a
worker pool).
"""

from __future__ import annotations

import asyncio
import functools
import json
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from bench.payload import USER_ID

__all__ = ["KINDS", "LABELS", "SECRET_KEY", "Driver", "make_driver"]

SECRET_KEY = "sk_test_bench0000000000000000000000000000000000"

KINDS = (
    "floor",
    "clerk_async",
    "clerk_async_blocking",
    "official_async",
    "official_blocking",
)

LABELS = {
    "floor": "floor: aiohttp + json.loads",
    "clerk_async": "clerk_async AsyncClerk.users.ban_user",
    "clerk_async_blocking": "clerk_async Clerk.users.ban_user",
    "official_async": "clerk-backend-api users.ban_async",
    "official_blocking": "clerk-backend-api users.ban",
}

_POOL_SIZE = 100
"""Connections each client may keep; aiohttp's and clerk_async's default."""

AsyncCall = Callable[[], Awaitable[Any]]
BlockingCall = Callable[[], Any]


class Driver:
    """Runs one client's calls; :meth:`run` is what the harness times."""

    concurrency: int

    def run(self, calls: int) -> None:
        """Make ``calls`` bans, ``concurrency`` at a time (a multiple of it)."""
        raise NotImplementedError

    def sample(self) -> Any:
        """One ban, returning its result (to check what the client decodes)."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class _AsyncDriver(Driver):
    """An async client on a private event loop, kept for the whole process."""

    def __init__(
        self,
        setup: Callable[[], Awaitable[tuple[AsyncCall, Callable[[], Awaitable[Any]]]]],
        concurrency: int,
    ) -> None:
        self.concurrency = concurrency
        self._loop = asyncio.new_event_loop()
        self._call, self._aclose = self._loop.run_until_complete(setup())

    def run(self, calls: int) -> None:
        self._loop.run_until_complete(self._spread(calls // self.concurrency))

    async def _spread(self, calls_per_task: int) -> None:
        call = self._call

        async def task() -> None:
            for _ in range(calls_per_task):
                await call()

        if self.concurrency == 1:
            await task()
        else:
            await asyncio.gather(*(task() for _ in range(self.concurrency)))

    def sample(self) -> Any:
        return self._loop.run_until_complete(self._call())

    def close(self) -> None:
        try:
            self._loop.run_until_complete(self._aclose())
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
        finally:
            self._loop.close()


class _BlockingDriver(Driver):
    """A blocking client, called from this thread or from a fixed thread gang."""

    def __init__(
        self,
        setup: Callable[[], tuple[BlockingCall, Callable[[], Any]]],
        concurrency: int,
    ) -> None:
        self.concurrency = concurrency
        self._call, self._close = setup()
        self._gang = _ThreadGang(self._call, concurrency) if concurrency > 1 else None

    def run(self, calls: int) -> None:
        if self._gang is not None:
            self._gang.run(calls // self.concurrency)
            return
        call = self._call
        for _ in range(calls):
            call()

    def sample(self) -> Any:
        return self._call()

    def close(self) -> None:
        if self._gang is not None:
            self._gang.stop()
        self._close()


class _ThreadGang:
    """``size`` threads that each make the same number of calls per run.

    The threads are started once and wait on a barrier between runs, so a
    run measures calls, not thread start-up (and a client that keeps state
    per thread keeps it from one run to the next).
    """

    def __init__(self, call: BlockingCall, size: int) -> None:
        self._call = call
        self._calls_per_thread = 0
        self._stopping = False
        self._errors: list[BaseException] = []
        self._start = threading.Barrier(size + 1)
        self._done = threading.Barrier(size + 1)
        self._threads = [
            threading.Thread(target=self._work, name=f"bench-{n}", daemon=True)
            for n in range(size)
        ]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        call = self._call
        while True:
            self._start.wait()
            if self._stopping:
                return
            try:
                for _ in range(self._calls_per_thread):
                    call()
            except BaseException as exc:  # re-raised by run() in the main thread
                self._errors.append(exc)
            self._done.wait()

    def run(self, calls_per_thread: int) -> None:
        self._calls_per_thread = calls_per_thread
        self._start.wait()
        self._done.wait()
        if self._errors:
            raise self._errors[0]

    def stop(self) -> None:
        self._stopping = True
        self._start.wait()
        for thread in self._threads:
            thread.join()


def _floor(base_url: str) -> Callable[[], Awaitable[tuple[AsyncCall, Any]]]:
    async def setup() -> tuple[AsyncCall, Any]:
        import aiohttp

        session = aiohttp.ClientSession(
            headers={"Authorization": f"Bearer {SECRET_KEY}"},
            connector=aiohttp.TCPConnector(limit=_POOL_SIZE),
        )
        url = f"{base_url}/users/{USER_ID}/ban"

        async def ban() -> Any:
            async with session.post(url) as response:
                response.raise_for_status()
                return json.loads(await response.read())

        return ban, session.close

    return setup


def _clerk_async(base_url: str) -> Callable[[], Awaitable[tuple[AsyncCall, Any]]]:
    async def setup() -> tuple[AsyncCall, Any]:
        from clerk_async import AsyncClerk

        clerk = AsyncClerk(secret_key=SECRET_KEY, base_url=base_url)
        return functools.partial(clerk.users.ban_user, USER_ID), clerk.aclose

    return setup


def _clerk_async_blocking(base_url: str) -> Callable[[], tuple[BlockingCall, Any]]:
    def setup() -> tuple[BlockingCall, Any]:
        from clerk_async import Clerk

        clerk = Clerk(secret_key=SECRET_KEY, base_url=base_url)
        return functools.partial(clerk.users.ban_user, USER_ID), clerk.close

    return setup


def _httpx_limits() -> Any:
    import httpx

    return httpx.Limits(
        max_connections=_POOL_SIZE, max_keepalive_connections=_POOL_SIZE
    )


def _official_async(base_url: str) -> Callable[[], Awaitable[tuple[AsyncCall, Any]]]:
    async def setup() -> tuple[AsyncCall, Any]:
        import httpx
        from clerk_backend_api import Clerk

        http = httpx.AsyncClient(follow_redirects=True, limits=_httpx_limits())
        sdk = Clerk(bearer_auth=SECRET_KEY, server_url=base_url, async_client=http)
        return functools.partial(sdk.users.ban_async, user_id=USER_ID), http.aclose

    return setup


def _official_blocking(base_url: str) -> Callable[[], tuple[BlockingCall, Any]]:
    def setup() -> tuple[BlockingCall, Any]:
        import httpx
        from clerk_backend_api import Clerk

        http = httpx.Client(follow_redirects=True, limits=_httpx_limits())
        sdk = Clerk(bearer_auth=SECRET_KEY, server_url=base_url, client=http)
        return functools.partial(sdk.users.ban, user_id=USER_ID), http.close

    return setup


def make_driver(kind: str, base_url: str, concurrency: int) -> Driver:
    """The driver of client ``kind`` (one of :data:`KINDS`)."""
    if kind == "floor":
        return _AsyncDriver(_floor(base_url), concurrency)
    if kind == "clerk_async":
        return _AsyncDriver(_clerk_async(base_url), concurrency)
    if kind == "clerk_async_blocking":
        return _BlockingDriver(_clerk_async_blocking(base_url), concurrency)
    if kind == "official_async":
        return _AsyncDriver(_official_async(base_url), concurrency)
    if kind == "official_blocking":
        return _BlockingDriver(_official_blocking(base_url), concurrency)
    raise ValueError(f"unknown client {kind!r}; expected one of {KINDS}")


def describe(result: Any) -> str:
    """A one-line account of a ban's result, to show each client decoded it."""
    if isinstance(result, dict):
        user_id, banned = result.get("id"), result.get("banned")
    else:
        user_id, banned = getattr(result, "id", None), getattr(result, "banned", None)
    if user_id != USER_ID or banned is not True:
        raise ValueError(f"unexpected ban result: {type(result).__name__}")
    return f"{type(result).__module__}.{type(result).__qualname__}"
