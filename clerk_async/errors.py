"""Errors raised by clerk_async.

Everything this SDK raises on purpose is a :class:`ClerkError`. Answers from
Clerk with a non-2xx status become a :class:`ClerkAPIError` subclass chosen by
the status; failures to reach Clerk at all are :class:`ClerkTransportError`;
answers that cannot be read are :class:`ClerkDecodeError`.

Every error says which call failed (HTTP method and path) and none of them ever
carries the secret key. All of them can be pickled, so they cross process
boundaries (Celery, multiprocessing) intact.
"""

from __future__ import annotations

import email.utils
import json
import math
import time
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "ClerkAPIError",
    "ClerkClosedError",
    "ClerkConfigurationError",
    "ClerkConnectionError",
    "ClerkDecodeError",
    "ClerkError",
    "ClerkTimeoutError",
    "ClerkTransportError",
    "ConflictError",
    "ErrorDetail",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnprocessableEntityError",
    "api_error_class",
    "parse_retry_after",
]


class ClerkError(Exception):
    """Base class of every error clerk_async raises on purpose."""


class ClerkConfigurationError(ClerkError, ValueError):
    """The client was constructed with missing or invalid settings."""


class ClerkClosedError(ClerkError, RuntimeError):
    """A call was made on a client that has already been closed."""


class _CallError(ClerkError):
    """An error about one call, identified by its HTTP method and path."""

    def __init__(self, message: str, *, method: str, path: str) -> None:
        super().__init__(message)
        self.method = method
        """HTTP method of the failed call, such as ``POST``."""
        self.path = path
        """Path of the failed call below the base URL, such as ``/users/u_1/ban``."""

    def __str__(self) -> str:
        return f"{self.args[0]} ({self.method} {self.path})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__, self.args))


def _rebuild(
    cls: type[_CallError], state: dict[str, Any], args: tuple[Any, ...]
) -> _CallError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ClerkTransportError(_CallError):
    """Clerk could not be reached, or the exchange broke off before an answer."""

    def __init__(
        self, message: str, *, method: str, path: str, request_sent: bool = True
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.request_sent = request_sent
        """False when the request provably never left the client (no
        connection could be made), so Clerk cannot have acted on it."""


class ClerkConnectionError(ClerkTransportError):
    """The connection to Clerk failed or was dropped."""


class ClerkTimeoutError(ClerkTransportError, TimeoutError):
    """A time limit ran out before Clerk answered.

    ``limit`` names the limit that was hit: ``"connect"``, ``"total"`` (one
    attempt) or ``"deadline"`` (all attempts of one call).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        limit: str,
        request_sent: bool = True,
    ) -> None:
        super().__init__(message, method=method, path=path, request_sent=request_sent)
        self.limit = limit
        """Which limit ran out: ``"connect"``, ``"total"`` or ``"deadline"``."""


class ClerkDecodeError(_CallError):
    """Clerk answered with a success status but the body could not be used."""

    def __init__(
        self, message: str, *, method: str, path: str, status: int, body: bytes = b""
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status = status
        """HTTP status of the answer."""
        self.body = body[:_BODY_EXCERPT]
        """The first bytes of the body, for diagnosis."""


class ResponseTooLargeError(ClerkDecodeError):
    """The answer's body was larger than the client's ``max_response_bytes``."""


_BODY_EXCERPT = 512


@attrs.frozen
class ErrorDetail:
    """One entry of the ``errors`` array of a Clerk error answer."""

    code: str = ""
    """Machine-readable error code, such as ``resource_not_found``."""
    message: str = ""
    """Short, human-readable summary."""
    long_message: str = ""
    """Longer explanation, when Clerk gives one."""
    meta: Mapping[str, Any] = attrs.field(factory=dict)
    """Extra details, such as the name of the offending parameter."""


class ClerkAPIError(_CallError):
    """Clerk answered with a non-2xx status.

    The subclass tells the status family; :attr:`errors` keeps every error
    Clerk listed, with its code, and :attr:`trace_id` the id Clerk's support
    asks for.
    """

    def __init__(
        self,
        *,
        status: int,
        errors: Sequence[ErrorDetail] = (),
        trace_id: str | None = None,
        retry_after: float | None = None,
        method: str,
        path: str,
        body: bytes = b"",
    ) -> None:
        first = errors[0] if errors else None
        if first is not None:
            summary = f"{status} {first.code}: {first.long_message or first.message}"
        else:
            summary = f"{status} {_reason(status)}"
        super().__init__(summary, method=method, path=path)
        self.status = status
        """HTTP status code of the answer."""
        self.errors = list(errors)
        """Every error Clerk listed, in order; empty when the body had none."""
        self.trace_id = trace_id
        """Clerk's trace id (``clerk_trace_id``, else the ``cf-ray`` header)."""
        self.retry_after = retry_after
        """Seconds Clerk asked to wait before trying again, or None."""
        self.body = body[:_BODY_EXCERPT]
        """The first bytes of the body, for answers that were not Clerk JSON."""

    @property
    def code(self) -> str | None:
        """The code of the first error, or None when there is none."""
        return self.errors[0].code if self.errors else None

    def __str__(self) -> str:
        text = super().__str__()
        if self.trace_id:
            text += f" [trace id {self.trace_id}]"
        return text


class BadRequestError(ClerkAPIError):
    """400: the request was malformed."""


class AuthenticationError(ClerkAPIError):
    """401: the secret key is missing, wrong or revoked."""


class PaymentRequiredError(ClerkAPIError):
    """402: the feature needs a paid Clerk plan (banning is one)."""


class PermissionDeniedError(ClerkAPIError):
    """403: the key may not do this."""


class NotFoundError(ClerkAPIError):
    """404: no such resource, such as an unknown user id."""


class ConflictError(ClerkAPIError):
    """409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(ClerkAPIError):
    """422: the parameters were understood but refused."""


class RateLimitError(ClerkAPIError):
    """429: too many requests; see :attr:`retry_after`."""


class ServerError(ClerkAPIError):
    """5xx: Clerk, or a proxy in front of it, failed."""


_BY_STATUS: dict[int, type[ClerkAPIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def api_error_class(status: int) -> type[ClerkAPIError]:
    """The :class:`ClerkAPIError` subclass for an HTTP status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ClerkAPIError)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown status"


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header value.

    Accepts delay-seconds and HTTP dates. Returns None when the value is
    absent or cannot be read; a date in the past gives 0.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def api_error_from_answer(
    status: int,
    body: bytes,
    headers: Mapping[str, str],
    *,
    method: str,
    path: str,
) -> ClerkAPIError:
    """Build the error for a non-2xx answer, whatever its body holds."""
    details: list[ErrorDetail] = []
    trace_id: str | None = None
    try:
        payload = json.loads(body) if body else None
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        raw_errors = payload.get("errors")
        if isinstance(raw_errors, list):
            details = [_detail(item) for item in raw_errors if isinstance(item, dict)]
        raw_trace = payload.get("clerk_trace_id")
        if isinstance(raw_trace, str) and raw_trace:
            trace_id = raw_trace
    if trace_id is None:
        trace_id = headers.get("cf-ray") or None

    return api_error_class(status)(
        status=status,
        errors=details,
        trace_id=trace_id,
        retry_after=parse_retry_after(headers.get("retry-after")),
        method=method,
        path=path,
        body=body,
    )


def _detail(item: Mapping[str, Any]) -> ErrorDetail:
    meta = item.get("meta")
    return ErrorDetail(
        code=_text(item.get("code")),
        message=_text(item.get("message")),
        long_message=_text(item.get("long_message")),
        meta=meta if isinstance(meta, dict) else {},
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
