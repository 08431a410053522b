"""FakeClerk: the fake Users API's public face and its two ways to run."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from aiohttp import web
from anyio.from_thread import BlockingPortal, start_blocking_portal

from ._endpoints import ROUTES
from ._faults import Fault
from ._server import FakeUsersServer, RecordedRequest

__all__ = ["DEFAULT_SECRET_KEY", "FakeClerk"]

#: The secret key a FakeClerk accepts unless it is given another: a made-up
#: test key, not a secret (hence the noqa).
DEFAULT_SECRET_KEY = "sk_test_fakeclerk_0000000000000000000000000"  # noqa: S105

#: How long stopping waits for answers in progress before cancelling them.
_SHUTDOWN_TIMEOUT = 2.0


class FakeClerk:
    """An in-process fake of Clerk's Users API, over real HTTP on loopback.

    It serves ``/v1/users`` and its sub-routes (see :attr:`routes`) like the
    Backend API does: the same paths, JSON bodies, Clerk's error format, and
    ``Authorization: Bearer <secret key>``. Users live in memory as wire
    dicts; every request is recorded; faults can be injected.

    Run it on the current event loop::

        async with FakeClerk() as fake:
            fake.add_user(id="user_123")
            async with AsyncClerk(fake.secret_key, base_url=fake.base_url) as clerk:
                await clerk.users.ban_user("user_123")

    or on its own event loop in a background thread, for blocking code and
    for async code on any other loop::

        with FakeClerk() as fake:
            ...

    Every method is thread safe: tests seed and inspect the state from their
    own thread while the server answers on another.

    The fake is not Clerk. It checks a request's shape (parameter names and
    JSON types, identifier uniqueness) but not the instance settings that
    real Clerk applies (required identifiers, password strength beyond
    length, plans), and a lock's ``lockout_expires_in_seconds`` never counts
    down.

    Args:
        secret_key: The only secret key the fake accepts.
        host: The address to listen on.
        port: The port to listen on; 0 picks a free one at each start.
    """

    #: Every route, in the ``"METHOD /path/{param}"`` form that
    #: :meth:`inject` and :meth:`request_count` take.
    routes = ROUTES

    def __init__(
        self,
        *,
        secret_key: str = DEFAULT_SECRET_KEY,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._secret_key = secret_key
        self._host = host
        self._requested_port = port
        self._port = port
        self._server = FakeUsersServer(secret_key)
        self._runner: web.ServerRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._portal: BlockingPortal | None = None
        self._portal_exit: contextlib.ExitStack | None = None

    def __repr__(self) -> str:
        state = "serving" if self.running else "stopped"
        return f"<FakeClerk {state} on {self.host}:{self.port}>"

    @property
    def secret_key(self) -> str:
        """The secret key the fake accepts."""
        return self._secret_key

    @property
    def host(self) -> str:
        """The address the fake listens on."""
        return self._host

    @property
    def port(self) -> int:
        """The port the fake listens on (the one picked, once started)."""
        return self._port

    @property
    def running(self) -> bool:
        """Whether the fake is serving."""
        return self._runner is not None

    @property
    def base_url(self) -> str:
        """The base URL of the fake's API, such as ``http://127.0.0.1:PORT/v1``.

        Raises:
            RuntimeError: The fake is not serving.
        """
        if not self.running:
            raise RuntimeError("the FakeClerk is not running; start it first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    # -- running on the current event loop -----------------------------------

    async def astart(self) -> None:
        """Start serving on the running event loop.

        Raises:
            RuntimeError: The fake is serving already.
        """
        if self.running:
            raise RuntimeError("the FakeClerk is running already")
        self._server.stopping = asyncio.Event()
        runner = web.ServerRunner(
            web.Server(self._server.handle, access_log=None),
            shutdown_timeout=_SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._host, self._requested_port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._port = runner.addresses[0][1]
        self._runner = runner
        self._loop = asyncio.get_running_loop()

    async def aclose(self) -> None:
        """Stop serving; answers still waiting on a ``delay`` are dropped.

        Stopping a fake that is not serving does nothing.

        Raises:
            RuntimeError: Awaited on another loop than the one the fake
                serves on (a fake started with :meth:`start` is stopped with
                :meth:`stop`).
        """
        if self._runner is None:
            return
        if asyncio.get_running_loop() is not self._loop:
            raise RuntimeError(
                "aclose() must run on the loop the FakeClerk serves on;"
                " stop() a fake that start() or `with` started"
            )
        runner, self._runner = self._runner, None
        self._server.stopping.set()
        await runner.cleanup()

    async def __aenter__(self) -> FakeClerk:
        await self.astart()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- running in a background thread --------------------------------------

    def start(self) -> None:
        """Start serving on a new event loop in a background thread.

        Raises:
            RuntimeError: The fake is serving already.
        """
        if self.running:
            raise RuntimeError("the FakeClerk is running already")
        with contextlib.ExitStack() as stack:
            portal = stack.enter_context(start_blocking_portal("asyncio"))
            portal.call(self.astart)
            self._portal = portal
            self._portal_exit = stack.pop_all()

    def stop(self) -> None:
        """Stop serving and end the background thread.

        Stopping a fake that is not serving in a thread does nothing.
        """
        portal, self._portal = self._portal, None
        portal_exit, self._portal_exit = self._portal_exit, None
        if portal is None or portal_exit is None:
            return
        with portal_exit:
            portal.call(self.aclose)

    def __enter__(self) -> FakeClerk:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- users ----------------------------------------------------------------

    def add_user(self, **fields: Any) -> dict[str, Any]:
        """Seed a user and return a copy of its wire dict.

        Every keyword is a property of Clerk's ``User`` in snake_case; the
        others get defaults: an id ``user_`` + 27 base62 characters, the name
        Jane Doe, one email address verified by an OTP, not banned, not
        locked, ``created_at`` and ``updated_at`` now (ms). The list fields
        ``email_addresses``, ``phone_numbers``, ``web3_wallets`` and
        ``external_accounts`` take strings (an address, a number, a wallet,
        an OAuth provider like ``"oauth_google"``) or partial dicts, which are
        completed; an external account is linked to the email address it
        shares. Uniqueness of identifiers is not checked when seeding.

        Example::

            fake.add_user(
                id="user_123",
                email_addresses=["ada@example.com"],
                external_accounts=["oauth_google"],
                public_metadata={"plan": "pro"},
            )

        Raises:
            TypeError: A keyword is not a User property, or a value is not
                JSON-serialisable.
            ValueError: A user with that id exists already.
        """
        return self._server.add_user(fields)

    def get_user(self, user_id: str) -> dict[str, Any] | None:
        """A copy of the user's current wire dict, or None if there is none."""
        return self._server.get_user(user_id)

    @property
    def users(self) -> list[dict[str, Any]]:
        """Copies of every user, oldest first."""
        return self._server.users()

    # -- requests -------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far (including faulted ones), in order."""
        return self._server.requests()

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        self._server.clear_requests()

    def request_count(self, route: str | None = None) -> int:
        """How many requests matched ``route``, such as ``"POST /v1/users/ban"``.

        With no route, count every request, including those that matched
        none.

        Raises:
            ValueError: ``route`` is not one of :attr:`routes`.
        """
        return self._server.request_count(_known_route(route))

    # -- faults ---------------------------------------------------------------

    def inject(self, fault: Fault, *, route: str | None = None, times: int = 1) -> None:
        """Give ``fault`` to the next ``times`` requests on ``route``.

        Faults are used in the order they were injected: a request gets the
        first one whose route matches (None matches every request, also those
        that match no route). See :class:`Fault` for whether the request's
        side effect happens.

        Example::

            fake.inject(Fault.clerk_error(503), route="POST /v1/users/{user_id}/ban")

        Raises:
            ValueError: ``route`` is not one of :attr:`routes`, or ``times``
                is not positive.
        """
        self._server.faults.inject(fault, route=_known_route(route), times=times)

    def inject_random(
        self,
        faults: Mapping[Fault, float],
        *,
        route: str | None = None,
        seed: int | None = None,
    ) -> None:
        """Give requests on ``route`` a random fault, for load tests.

        Each request that no :meth:`inject`-ed fault claims gets at most one
        of ``faults``, each with its probability (which add up to at most
        1). Draws happen in order of arrival from a generator seeded with
        ``seed``. Rules from several calls are tried in the order they were
        added; they last until :meth:`clear_faults`.

        Raises:
            ValueError: A probability is outside [0, 1], they add up to more
                than 1, or ``route`` is unknown.
        """
        self._server.faults.inject_random(faults, route=_known_route(route), seed=seed)

    def clear_faults(self) -> None:
        """Forget every injected fault and random rule."""
        self._server.faults.clear()

    @property
    def faults_served(self) -> int:
        """How many requests got a fault so far."""
        return self._server.faults.served

    @property
    def faults_pending(self) -> int:
        """How many uses of :meth:`inject`-ed faults are left."""
        return self._server.faults.pending

    def reset(self) -> None:
        """Forget every user, recorded request and fault."""
        self._server.clear_users()
        self._server.clear_requests()
        self._server.faults.clear()


def _known_route(route: str | None) -> str | None:
    """Check that ``route`` names a route of the fake."""
    if route is not None and route not in ROUTES:
        known = "\n  ".join(ROUTES)
        raise ValueError(f"unknown route {route!r}; the fake serves:\n  {known}")
    return route
