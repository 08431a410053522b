"""The loopback Clerk stand-in every client is measured against.

It runs in a process of its own (``python -m bench.server``), so that its CPU
never shows up in a client's ``time.process_time()``. To keep the client the
dominant cost, it is a bare asyncio protocol, not a web framework: it splits
requests on the blank line after the head, skips any ``Content-Length`` body,
and writes one answer prepared at start-up. Connections stay open (HTTP/1.1
keep-alive) until the client closes them.

Routes:

- ``POST /v1/users/{user_id}/ban``: 200 with the full user of
  :mod:`bench.payload`, whatever the id;
- ``GET /__stats``: the server's request count and CPU seconds so far, so the
  harness can show the server is not the bottleneck;
- anything else: 404 with a Clerk-shaped error.

On start it prints one JSON line, ``{"port": …}``, and it exits when its
standard input closes, so it never outlives the harness.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from bench.payload import user_json

__all__ = ["ServerProcess", "main"]

_HEAD_END = b"\r\n\r\n"
_BAN_PREFIX = b"/v1/users/"
_BAN_SUFFIX = b"/ban"


def _answer(status: str, body: bytes, *, close: bool = False) -> bytes:
    """A complete HTTP/1.1 answer with the headers Clerk's edge sends."""
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Date: Mon, 12 May 2025 10:30:12 GMT\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'close' if close else 'keep-alive'}\r\n"
        "Cache-Control: no-cache, no-store, must-revalidate\r\n"
        "X-Clerk-Trace-Id: 6a1f4c2e9b7d4e0f8c3b5a2d1e9f7c6b\r\n"
        "Server: cloudflare\r\n"
        "CF-Ray: 93e8c1d6fb2a4d1e-LHR\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


_BANNED_USER = _answer("200 OK", user_json())
_NOT_FOUND = _answer(
    "404 Not Found",
    b'{"errors":[{"message":"not found","long_message":"Resource not found",'
    b'"code":"resource_not_found"}],"clerk_trace_id":"bench"}',
)


class _Counter:
    """Requests answered so far (the event loop is the only writer)."""

    requests = 0


class _Connection(asyncio.Protocol):
    """One keep-alive connection: answers each complete request in order."""

    __slots__ = ("_buffer", "_transport")

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        transport = self._transport
        assert transport is not None
        buffer = self._buffer + data if self._buffer else data
        while (end := buffer.find(_HEAD_END)) >= 0:
            head = buffer[:end].lower()
            size = end + len(_HEAD_END) + _content_length(head)
            if len(buffer) < size:
                break
            buffer = buffer[size:]
            _Counter.requests += 1

            method, target, _ = head.split(b" ", 2)
            if (
                method == b"post"
                and target.startswith(_BAN_PREFIX)
                and (target.endswith(_BAN_SUFFIX))
            ):
                transport.write(_BANNED_USER)
            elif method == b"get" and target == b"/__stats":
                stats = {"requests": _Counter.requests, "cpu_s": time.process_time()}
                transport.write(_answer("200 OK", json.dumps(stats).encode()))
            else:
                transport.write(_NOT_FOUND)

            if b"\r\nconnection: close" in head:
                transport.close()
                break
        self._buffer = buffer


def _content_length(head: bytes) -> int:
    """The body size a lower-cased request head announces (0 if none)."""
    at = head.find(b"\r\ncontent-length:")
    if at < 0:
        return 0
    start = at + len(b"\r\ncontent-length:")
    stop = head.find(b"\r\n", start)
    return int(head[start : stop if stop >= 0 else len(head)])


async def _serve(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        _Connection, host, port, backlog=1024, reuse_address=True
    )
    bound = server.sockets[0].getsockname()[1]
    print(json.dumps({"port": bound}), flush=True)

    # Standard input closing (the harness exiting) stops the server.
    stdin_closed = loop.create_future()

    def on_stdin() -> None:
        if not os.read(sys.stdin.fileno(), 4096) and not stdin_closed.done():
            stdin_closed.set_result(None)

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    async with server:
        await stdin_closed


class ServerProcess:
    """The server, started in a child process for the length of a ``with``."""

    def __init__(self, *, cpu: int | None = None) -> None:
        command = [sys.executable, "-m", "bench.server"]
        if cpu is not None:
            command.append(f"--cpu={cpu}")
        self._process = subprocess.Popen(
            command,
            cwd=Path(__file__).resolve().parents[1],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.port: int = json.loads(self._process.stdout.readline())["port"]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._stats = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def stats(self) -> tuple[int, float]:
        """Requests answered and CPU seconds used by the server so far."""
        self._stats.request("GET", "/__stats")
        answer = json.loads(self._stats.getresponse().read())
        return answer["requests"], answer["cpu_s"]

    def close(self) -> None:
        self._stats.close()
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cpu", type=int, help="pin the server to this CPU")
    args = parser.parse_args(argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    asyncio.run(_serve(args.host, args.port))


if __name__ == "__main__":
    main()
