"""HTTP answers of the fake: what to send, and writing it, whole or broken.

A handler decides on a :class:`Reply` (status, body, headers) without
touching aiohttp; the functions here put it on the wire, either as a normal
response or deliberately broken (no response, a body cut short by a reset
or by an early close).
"""

from __future__ import annotations

import json
import secrets
import socket
import struct
from collections.abc import Mapping
from typing import Any

import attrs
from aiohttp import web

__all__ = [
    "JSON_CONTENT_TYPE",
    "Reply",
    "clerk_error_body",
    "dump_json",
    "error_reply",
    "json_reply",
    "send",
    "send_broken",
    "send_chunked",
    "send_nothing",
]

JSON_CONTENT_TYPE = "application/json"


@attrs.frozen
class Reply:
    """An HTTP answer before it is written.

    Attributes:
        status: The HTTP status code.
        body: The body's bytes.
        content_type: The ``Content-Type`` header, or None to send none.
        headers: Further headers, as (name, value) pairs.
    """

    status: int
    body: bytes = b""
    content_type: str | None = JSON_CONTENT_TYPE
    headers: tuple[tuple[str, str], ...] = ()

    def with_headers(self, headers: tuple[tuple[str, str], ...]) -> Reply:
        """Return a copy where ``headers`` replace same-named headers."""
        names = {name.lower() for name, _ in headers}
        kept = tuple(pair for pair in self.headers if pair[0].lower() not in names)
        return attrs.evolve(self, headers=kept + headers)


def dump_json(payload: Any) -> bytes:
    """Serialise like Clerk does: compact UTF-8 JSON."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def json_reply(status: int, payload: Any) -> Reply:
    """A reply whose body is ``payload`` as JSON."""
    return Reply(status=status, body=dump_json(payload))


def clerk_error_body(
    code: str,
    message: str,
    long_message: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Clerk's error envelope with one error and a fresh ``clerk_trace_id``."""
    return {
        "errors": [
            {
                "message": message,
                "long_message": long_message or message,
                "code": code,
                "meta": dict(meta or {}),
            }
        ],
        "clerk_trace_id": secrets.token_hex(16),
    }


def error_reply(
    status: int,
    code: str,
    message: str,
    long_message: str | None = None,
    **meta: Any,
) -> Reply:
    """A reply carrying one Clerk error; keyword arguments become its ``meta``."""
    return json_reply(status, clerk_error_body(code, message, long_message, meta))


def _headers(reply: Reply) -> dict[str, str]:
    headers = dict(reply.headers)
    if reply.content_type is not None:
        headers["Content-Type"] = reply.content_type
    return headers


def send(reply: Reply) -> web.Response:
    """The aiohttp response that writes ``reply`` whole."""
    return web.Response(
        status=reply.status,
        body=reply.body or None,
        headers=_headers(reply),
    )


def send_nothing(request: web.BaseRequest) -> web.StreamResponse:
    """Close the connection without writing a byte of a response.

    Returns an unsent response for aiohttp, whose attempt to write it fails
    quietly on the closed transport.
    """
    if request.transport is not None:
        request.transport.close()
    return web.Response()


async def send_chunked(request: web.BaseRequest, reply: Reply) -> web.StreamResponse:
    """Write ``reply`` with chunked transfer encoding, in 16 KiB pieces."""
    response = web.StreamResponse(status=reply.status, headers=_headers(reply))
    response.enable_chunked_encoding()
    try:
        await response.prepare(request)
        for start in range(0, len(reply.body), _CHUNK):
            await response.write(reply.body[start : start + _CHUNK])
        await response.write_eof()
    except ConnectionError:
        pass
    return response


_CHUNK = 16 * 1024


async def send_broken(
    request: web.BaseRequest, reply: Reply, *, reset: bool
) -> web.StreamResponse:
    """Write the status line, headers and half the body, then break off.

    ``Content-Length`` announces the whole body (at least one byte more than
    is sent). With ``reset`` the connection is then aborted with a TCP reset
    (``SO_LINGER`` of zero); otherwise it is closed normally, so the client
    reads an orderly end of stream before the announced length.
    """
    sent = reply.body[: len(reply.body) // 2]
    response = web.StreamResponse(status=reply.status, headers=_headers(reply))
    response.content_length = max(len(reply.body), len(sent) + 1)
    try:
        await response.prepare(request)
        await response.write(sent)
    except ConnectionError:
        return response

    transport = request.transport
    if transport is None:
        return response
    if reset:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
        transport.abort()
    else:
        transport.close()
    return response
