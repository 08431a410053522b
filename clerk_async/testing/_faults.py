"""Fault injection: what can go wrong on the wire, and when it does.

:class:`Fault` describes one misbehaviour of the server or of the network in
front of it. :class:`FaultPlan` holds the faults a test scheduled (a FIFO
queue of counted faults, and probabilistic rules for load tests) and hands
out the one a request gets. :func:`serve_fault` writes a faulted answer.
"""

from __future__ import annotations

import asyncio
import http
import json
import math
import random
import secrets
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from aiohttp import web

from ._wire import (
    JSON_CONTENT_TYPE,
    Reply,
    clerk_error_body,
    send,
    send_broken,
    send_chunked,
    send_nothing,
)

__all__ = ["Fault", "FaultPlan", "serve_fault"]

_HTML_PAGE = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n"
    "<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
)

#: The ``code`` that :meth:`Fault.clerk_error` uses when none is given.
_DEFAULT_CODES = {
    400: "bad_request",
    401: "authentication_invalid",
    402: "payment_required",
    403: "authorization_invalid",
    404: "resource_not_found",
    409: "conflict",
    422: "form_param_value_invalid",
    429: "too_many_requests",
}


def _encode_body(body: str | bytes | Mapping[str, Any] | list[Any] | None) -> bytes:
    """Bytes as given, text as UTF-8, dicts and lists as compact JSON."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, Mapping):
        body = dict(body)
    return json.dumps(body, separators=(",", ":")).encode()


def _header_pairs(
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """Headers as a tuple of (name, value) pairs, so that a Fault is hashable."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return tuple((str(name), str(value)) for name, value in pairs)


def _retry_after(value: str | int | None) -> str | None:
    """``Retry-After`` as the header's text: seconds or an HTTP date."""
    return None if value is None else str(value)


@attrs.frozen(kw_only=True)
class Fault:
    """One misbehaviour of Clerk, or of the network in front of it.

    A fault either *replaces* the real answer (it has a ``status``, or it
    ``drop``\\ s the connection) or *alters* it (no ``status``: ``delay``,
    extra ``headers``, ``retry_after``, ``content_type``, or breaking the real
    body off with ``reset_mid_body`` / ``truncate``).

    Whether the request's side effect happens is explicit: a replacing fault
    answers **instead** of the fake's handler, so the fake's state is left
    untouched, unless ``apply=True``, which runs the handler first (the
    request was processed, then its answer was lost or replaced). A fault
    that alters the real answer needs that answer, so the handler always runs
    for it (see :attr:`runs_handler`).

    Instances are hashable, so they can be the keys of
    :meth:`FakeClerk.inject_random`'s mapping. Derive variants with
    ``attrs.evolve(fault, apply=True)``.

    Attributes:
        status: HTTP status of a replacing answer.
        body: Its body: bytes as given, text as UTF-8, a dict or list as JSON.
            Stored as bytes. Needs a ``status``.
        content_type: ``Content-Type`` of the answer. When None, a replacing
            answer with a body says ``application/json`` (as Clerk always
            does), one without a body sends no ``Content-Type``, and an
            altered answer keeps its own.
        retry_after: The ``Retry-After`` header: seconds (``"2"``) or an HTTP
            date.
        headers: Further headers; they replace same-named ones.
        delay: Seconds to wait before anything is written, for example to
            outlast a client's timeout. A handler that runs for the fault runs
            before the wait: the server acted at once but answered late.
        drop: Close the connection without sending any response.
        reset_mid_body: Send the status line, the headers (announcing the
            whole body) and half of the body, then abort the connection with
            a TCP reset.
        truncate: Like ``reset_mid_body``, but the connection is closed
            normally: the client reads the end of the stream before the
            length that ``Content-Length`` announced.
        chunked: Send the body with ``Transfer-Encoding: chunked`` and no
            ``Content-Length``, as a streaming proxy does, so the client cannot
            tell its size in advance.
        apply: Run the real handler, so its side effect happens, even though
            the answer is replaced.
    """

    status: int | None = None
    body: bytes = attrs.field(default=b"", converter=_encode_body)
    content_type: str | None = None
    retry_after: str | None = attrs.field(default=None, converter=_retry_after)
    headers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_header_pairs
    )
    delay: float = 0.0
    drop: bool = False
    reset_mid_body: bool = False
    truncate: bool = False
    chunked: bool = False
    apply: bool = False

    def __attrs_post_init__(self) -> None:
        if self.status is not None and (
            isinstance(self.status, bool) or not 100 <= self.status <= 599
        ):
            raise ValueError(f"status must be an HTTP status code, not {self.status}")
        if not (isinstance(self.delay, (int, float)) and math.isfinite(self.delay)):
            raise ValueError(f"delay must be a number of seconds, not {self.delay!r}")
        if self.delay < 0:
            raise ValueError(f"delay must not be negative, not {self.delay}")
        if self.drop + self.reset_mid_body + self.truncate + self.chunked > 1:
            raise ValueError(
                "choose at most one of drop, reset_mid_body, truncate, chunked"
            )
        sends_something = (
            self.status is not None
            or self.body
            or self.content_type is not None
            or self.retry_after is not None
            or self.headers
        )
        if self.drop and sends_something:
            raise ValueError("a dropped connection sends no status, body or headers")
        if self.body and self.status is None:
            raise ValueError("a fault with a body needs a status")
        changes_something = (
            sends_something
            or self.delay
            or self.drop
            or self.reset_mid_body
            or self.truncate
            or self.chunked
        )
        if not changes_something:
            raise ValueError(
                "this fault changes nothing: give it a status, headers, a delay,"
                " drop, reset_mid_body, truncate or chunked"
            )

    @property
    def replaces_answer(self) -> bool:
        """Whether the fault answers instead of the handler's real answer."""
        return self.status is not None or self.drop

    @property
    def runs_handler(self) -> bool:
        """Whether the handler runs (and the state changes) for this fault."""
        return self.apply or not self.replaces_answer

    @classmethod
    def clerk_error(
        cls,
        status: int,
        code: str | None = None,
        message: str | None = None,
        *,
        long_message: str | None = None,
        meta: Mapping[str, Any] | None = None,
        retry_after: str | int | None = None,
        apply: bool = False,
    ) -> Fault:
        """An error in Clerk's JSON format.

        ``code`` defaults to a plausible one for the status
        (``too_many_requests`` for 429, ``internal_clerk_error`` for 5xx, ...)
        and ``message`` to the status's reason phrase. The body's
        ``clerk_trace_id`` is drawn once, when the fault is made.
        """
        phrase = _phrase(status)
        if code is None:
            code = _DEFAULT_CODES.get(
                status, "internal_clerk_error" if status >= 500 else "request_invalid"
            )
        body = clerk_error_body(code, message or phrase, long_message, meta)
        return cls(status=status, body=body, retry_after=retry_after, apply=apply)

    @classmethod
    def rate_limited(
        cls, retry_after: str | int | None = "1", *, apply: bool = False
    ) -> Fault:
        """A 429 ``too_many_requests`` Clerk error, with ``Retry-After``."""
        return cls.clerk_error(
            429,
            "too_many_requests",
            "Too many requests",
            long_message="Too many requests, retry later",
            retry_after=retry_after,
            apply=apply,
        )

    @classmethod
    def html(cls, status: int = 502, *, apply: bool = False) -> Fault:
        """An HTML error page, as Cloudflare in front of Clerk sends it.

        It carries a ``CF-Ray`` header (drawn once, when the fault is made),
        the only trace id such an answer has.
        """
        page = _HTML_PAGE.format(status=status, phrase=_phrase(status))
        return cls(
            status=status,
            body=page,
            content_type="text/html; charset=utf-8",
            headers={"CF-Ray": f"{secrets.token_hex(8)}-IAD"},
            apply=apply,
        )

    @classmethod
    def empty(cls, status: int, *, apply: bool = False) -> Fault:
        """An answer with no body and no ``Content-Type``.

        Older aiohttp servers (3.9, for one) still label the empty body
        ``application/octet-stream``.
        """
        return cls(status=status, apply=apply)

    @classmethod
    def not_json(cls, status: int = 200, *, apply: bool = False) -> Fault:
        """A body that claims to be JSON (by its content type) and is not."""
        return cls(
            status=status,
            body=b'{"object":"user","id":"user_',
            content_type=JSON_CONTENT_TYPE,
            apply=apply,
        )

    def render(self, real: Reply | None) -> Reply:
        """The answer this fault sends, given the handler's real one.

        Raises:
            ValueError: The fault alters the real answer, and there is none.
        """
        extra = self.headers
        if self.retry_after is not None:
            extra = (*extra, ("Retry-After", self.retry_after))

        if self.status is not None:
            content_type = self.content_type
            if content_type is None and self.body:
                content_type = JSON_CONTENT_TYPE
            return Reply(
                status=self.status,
                body=self.body,
                content_type=content_type,
                headers=(),
            ).with_headers(extra)

        if real is None:
            raise ValueError("this fault alters the real answer, which is missing")
        if self.content_type is not None:
            real = attrs.evolve(real, content_type=self.content_type)
        return real.with_headers(extra)


def _phrase(status: int) -> str:
    """The reason phrase of an HTTP status, or a generic one."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


@attrs.define
class _Scheduled:
    """A fault from :meth:`FaultPlan.inject`, with how many uses are left."""

    fault: Fault
    route: str | None
    remaining: int


@attrs.define
class _RandomRule:
    """Faults from :meth:`FaultPlan.inject_random`, drawn with ``rng``."""

    faults: tuple[tuple[Fault, float], ...]
    route: str | None
    rng: random.Random


class FaultPlan:
    """The faults scheduled by a test; thread safe.

    Scheduled faults come first, in the order they were injected; when none
    matches, the random rules are tried in the order they were added.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scheduled: list[_Scheduled] = []
        self._rules: list[_RandomRule] = []
        self._served = 0

    def inject(self, fault: Fault, *, route: str | None, times: int) -> None:
        """Give ``fault`` to the next ``times`` requests on ``route`` (None: any)."""
        if not isinstance(fault, Fault):
            raise TypeError(f"expected a Fault, not {type(fault).__name__}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(f"times must be a positive integer, not {times!r}")
        with self._lock:
            self._scheduled.append(_Scheduled(fault, route, times))

    def inject_random(
        self,
        faults: Mapping[Fault, float],
        *,
        route: str | None,
        seed: int | None,
    ) -> None:
        """Give each request on ``route`` one of ``faults`` by its probability."""
        for fault, probability in faults.items():
            if not isinstance(fault, Fault):
                raise TypeError(f"expected a Fault, not {type(fault).__name__}")
            if not 0.0 <= probability <= 1.0:
                raise ValueError(f"probability must be in [0, 1], not {probability}")
        if sum(faults.values()) > 1.0 + 1e-9:
            raise ValueError("the probabilities add up to more than 1")
        rule = _RandomRule(tuple(faults.items()), route, random.Random(seed))
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        """Forget every scheduled fault and random rule."""
        with self._lock:
            self._scheduled.clear()
            self._rules.clear()

    def take(self, route: str | None) -> Fault | None:
        """The fault for a request on ``route`` (None: no known route), if any."""
        with self._lock:
            fault = self._take_scheduled(route) or self._draw(route)
            if fault is not None:
                self._served += 1
            return fault

    @property
    def served(self) -> int:
        """How many requests got a fault so far."""
        with self._lock:
            return self._served

    @property
    def pending(self) -> int:
        """How many uses of scheduled faults are left."""
        with self._lock:
            return sum(entry.remaining for entry in self._scheduled)

    def _take_scheduled(self, route: str | None) -> Fault | None:
        for index, entry in enumerate(self._scheduled):
            if entry.route is None or entry.route == route:
                entry.remaining -= 1
                if not entry.remaining:
                    del self._scheduled[index]
                return entry.fault
        return None

    def _draw(self, route: str | None) -> Fault | None:
        for rule in self._rules:
            if rule.route is not None and rule.route != route:
                continue
            point = rule.rng.random()
            for fault, probability in rule.faults:
                if point < probability:
                    return fault
                point -= probability
        return None


async def serve_fault(
    request: web.BaseRequest,
    fault: Fault,
    real: Reply | None,
    *,
    stopping: asyncio.Event,
) -> web.StreamResponse:
    """Write ``fault``'s answer, after its delay.

    When the fake stops during the delay, the connection is closed at once
    instead, so that stopping never waits for a slow answer.
    """
    reply = None if fault.drop else fault.render(real)

    if fault.delay:
        try:
            await asyncio.wait_for(stopping.wait(), timeout=fault.delay)
        except asyncio.TimeoutError:
            pass
        else:
            return send_nothing(request)

    if reply is None:
        return send_nothing(request)
    if fault.reset_mid_body or fault.truncate:
        return await send_broken(request, reply, reset=fault.reset_mid_body)
    if fault.chunked:
        return await send_chunked(request, reply)
    return send(reply)
