"""The fake's HTTP side and its state: routing, auth, recording, faults.

:class:`FakeUsersServer` is the aiohttp request handler of the fake. For each
request it parses the raw path itself, records the request, asks the fault
plan whether the request gets a fault, checks the secret key, and hands the
request to the Users endpoints. Its state is guarded by one lock, so tests
can seed and inspect it from any thread while it serves on another.
"""

from __future__ import annotations

import asyncio
import copy
import hmac
import json
import re
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote

import attrs
from aiohttp import web

from . import _users
from ._endpoints import ROUTES, UsersEndpoints
from ._faults import Fault, FaultPlan, serve_fault
from ._params import Call, RefusedError
from ._wire import Reply, error_reply, send

__all__ = ["FakeUsersServer", "RecordedRequest", "split_raw_path"]

_TEMPLATES = tuple(
    (route, route.split(" ")[0], tuple(route.split(" ")[1].split("/")[1:]))
    for route in ROUTES
)
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


@attrs.frozen
class RecordedRequest:
    """One request as the fake received it.

    Attributes:
        method: The HTTP method, upper case.
        raw_path: The path exactly as sent, still percent-encoded, without
            the query string.
        segments: The path's segments, each percent-decoded on its own (so
            ``a%2Fb`` is the one segment ``"a/b"``); None when a segment is
            not valid percent-encoded UTF-8.
        query: The query string's (name, value) pairs, decoded (``+`` is a
            space), in order.
        headers: The headers, names in lower case (several values of one
            header are joined with ``", "``). ``authorization`` is kept.
        body: The raw body.
        received_at: ``time.monotonic()`` when the request arrived.
        peer: The client's address and port, as ``"host:port"``; requests
            sent over one kept-alive connection share it.
        route: The route it matched, such as
            ``"POST /v1/users/{user_id}/ban"``, or None.
        fault: The fault it got, or None.
    """

    method: str
    raw_path: str
    segments: tuple[str, ...] | None
    query: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    body: bytes
    received_at: float
    peer: str
    route: str | None
    fault: Fault | None

    @property
    def user_id(self) -> str | None:
        """The decoded ``{user_id}`` of the route, if it has one."""
        match = _match_route(self.method, self.segments)
        return match[1].get("user_id") if match is not None else None

    def json(self) -> Any:
        """The body parsed as JSON.

        Raises:
            ValueError: The body is not JSON.
        """
        return json.loads(self.body)


def split_raw_path(raw_path: str) -> tuple[str, ...] | None:
    """Split a raw path at its slashes, then percent-decode each segment.

    Returns None when the path does not start with ``/``, or when a segment
    holds a malformed escape or bytes that are not UTF-8.
    """
    if not raw_path.startswith("/"):
        return None
    segments = []
    for raw in raw_path[1:].split("/"):
        if _BAD_ESCAPE.search(raw):
            return None
        try:
            segments.append(unquote(raw, errors="strict"))
        except UnicodeDecodeError:
            return None
    return tuple(segments)


def _match_route(
    method: str, segments: tuple[str, ...] | None
) -> tuple[str, dict[str, str]] | None:
    """The first route matching the method and segments, with its parameters.

    A placeholder matches any one segment except an empty one.
    """
    if segments is None:
        return None
    for route, route_method, template in _TEMPLATES:
        if route_method != method or len(template) != len(segments):
            continue
        params = {}
        for part, segment in zip(template, segments, strict=True):
            if part.startswith("{"):
                if not segment:
                    break
                params[part[1:-1]] = segment
            elif part != segment:
                break
        else:
            return route, params
    return None


def _lowercase_headers(request: web.BaseRequest) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _peer(request: web.BaseRequest) -> str:
    peername = (
        request.transport.get_extra_info("peername") if request.transport else None
    )
    if not peername:
        return "unknown"
    host, port = peername[0], peername[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class FakeUsersServer:
    """The aiohttp handler and the in-memory state of the fake Users API.

    Args:
        secret_key: The only key accepted in ``Authorization: Bearer ...``.
    """

    def __init__(self, secret_key: str) -> None:
        self.faults = FaultPlan()
        #: Set when the fake stops, so that delayed answers give up. The
        #: lifecycle replaces it on each start, bound to the serving loop.
        self.stopping = asyncio.Event()
        self._lock = threading.Lock()
        self._users: dict[str, dict[str, Any]] = {}
        self._requests: list[RecordedRequest] = []
        self._endpoints = UsersEndpoints(self._users)
        self._authorization = f"Bearer {secret_key}".encode("utf-8", "surrogateescape")

    # -- state, for the test's side --------------------------------------------

    def add_user(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Store a user built from ``fields``; return a copy of it."""
        user = _users.build_user(fields, seeded=True)
        with self._lock:
            if user["id"] in self._users:
                raise ValueError(f"a user with id {user['id']!r} exists already")
            self._users[user["id"]] = user
            return copy.deepcopy(user)

    def get_user(self, user_id: str) -> dict[str, Any] | None:
        """A copy of the stored user, or None."""
        with self._lock:
            user = self._users.get(user_id)
            return copy.deepcopy(user) if user is not None else None

    def users(self) -> list[dict[str, Any]]:
        """Copies of every stored user, oldest first."""
        with self._lock:
            return copy.deepcopy(list(self._users.values()))

    def clear_users(self) -> None:
        """Forget every user."""
        with self._lock:
            self._users.clear()

    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in order of arrival."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self._requests.clear()

    def request_count(self, route: str | None) -> int:
        """How many recorded requests matched ``route`` (None: all of them)."""
        with self._lock:
            if route is None:
                return len(self._requests)
            return sum(1 for request in self._requests if request.route == route)

    # -- HTTP ------------------------------------------------------------------

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        """Answer one request: record it, then fault it or serve it."""
        received_at = time.monotonic()
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return send(
                error_reply(
                    413,
                    "request_body_too_large",
                    "Request body too large",
                    "The request body is larger than the fake accepts.",
                )
            )

        target = request.raw_path.partition("#")[0]
        raw_path, _, raw_query = target.partition("?")
        segments = split_raw_path(raw_path)
        match = _match_route(request.method, segments)
        route, params = match if match is not None else (None, {})
        query = tuple(parse_qsl(raw_query, keep_blank_values=True))
        fault = self.faults.take(route)
        recorded = RecordedRequest(
            method=request.method,
            raw_path=raw_path,
            segments=segments,
            query=query,
            headers=_lowercase_headers(request),
            body=body,
            received_at=received_at,
            peer=_peer(request),
            route=route,
            fault=fault,
        )
        with self._lock:
            self._requests.append(recorded)

        def answer() -> Reply:
            authorization = request.headers.get("Authorization", "")
            return self._answer(authorization, route, Call(params, query, body))

        if fault is None:
            return send(answer())
        real = answer() if fault.runs_handler else None
        return await serve_fault(request, fault, real, stopping=self.stopping)

    def _answer(self, authorization: str, route: str | None, call: Call) -> Reply:
        """The real answer: check the secret key, then route, then handle."""
        given = authorization.encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._authorization):
            return error_reply(
                401,
                "authentication_invalid",
                "Invalid authentication",
                "The secret key in the Authorization header is missing or invalid.",
            )
        if route is None:
            return error_reply(
                404,
                "resource_not_found",
                "not found",
                "The Clerk fake serves no such endpoint.",
            )
        try:
            with self._lock:
                return self._endpoints.handlers[route](call)
        except RefusedError as refusal:
            return refusal.reply
