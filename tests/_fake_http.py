"""A minimal blocking HTTP client for talking to the fake in tests.

It sends the request target exactly as given (no normalisation, no
re-quoting), so tests control the raw path byte for byte.
"""

from __future__ import annotations

import http.client
import json as jsonlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clerk_async.testing import FakeClerk

_DEFAULT = object()


@dataclass(frozen=True)
class Response:
    """Status, headers (lower-case names) and body of an answer."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return jsonlib.loads(self.body)


def send(
    fake: FakeClerk,
    method: str,
    target: str,
    *,
    json: Any = None,
    body: bytes | None = None,
    key: Any = _DEFAULT,
    headers: dict[str, str] | None = None,
) -> Response:
    """Send one request to the fake and read the whole answer.

    Args:
        fake: A running fake.
        method: The HTTP method.
        target: The raw request target, such as ``/v1/users/a%2Fb/ban``.
        json: A body to send as JSON.
        body: A raw body (instead of ``json``).
        key: The secret key for ``Authorization: Bearer``; the fake's by
            default, None for no header at all.
        headers: More headers.
    """
    all_headers = dict(headers or {})
    secret_key = fake.secret_key if key is _DEFAULT else key
    if secret_key is not None:
        all_headers["Authorization"] = f"Bearer {secret_key}"
    if json is not None:
        body = jsonlib.dumps(json).encode()
        all_headers["Content-Type"] = "application/json"

    connection = http.client.HTTPConnection(fake.host, fake.port, timeout=10)
    try:
        connection.request(method, target, body=body, headers=all_headers)
        response = connection.getresponse()
        return Response(
            status=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
            body=response.read(),
        )
    finally:
        connection.close()
