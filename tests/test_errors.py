"""Error answers become typed errors that keep Clerk's codes and trace id."""

from __future__ import annotations

import email.utils
import json
import pickle

import pytest
from multidict import CIMultiDict

from clerk_async.errors import (
    AuthenticationError,
    BadRequestError,
    ClerkAPIError,
    ClerkConnectionError,
    ClerkDecodeError,
    ClerkTimeoutError,
    ConflictError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
    api_error_class,
    api_error_from_answer,
    parse_retry_after,
)

CLERK_BODY = json.dumps(
    {
        "errors": [
            {
                "message": "not found",
                "long_message": "No user was found with id user_x",
                "code": "resource_not_found",
                "meta": {"param_name": "user_id"},
            },
            {"message": "second", "long_message": "", "code": "other"},
        ],
        "clerk_trace_id": "trace_abc",
    }
).encode()


def answer(status: int, body: bytes = b"", **headers: str) -> ClerkAPIError:
    return api_error_from_answer(
        status,
        body,
        CIMultiDict({k.replace("_", "-"): v for k, v in headers.items()}),
        method="POST",
        path="/users/user_x/ban",
    )


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (402, PaymentRequiredError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (599, ServerError),
        (418, ClerkAPIError),
        (302, ClerkAPIError),
    ],
)
def test_each_status_maps_to_its_subclass(status: int, cls: type) -> None:
    """The class of the error tells the status family."""
    assert api_error_class(status) is cls
    assert type(answer(status)) is cls


def test_clerk_json_keeps_every_error_and_the_trace_id() -> None:
    """codes, messages, meta and clerk_trace_id all survive."""
    error = answer(404, CLERK_BODY, cf_ray="ray-1")
    assert error.status == 404
    assert [e.code for e in error.errors] == ["resource_not_found", "other"]
    assert error.errors[0].long_message == "No user was found with id user_x"
    assert error.errors[0].meta == {"param_name": "user_id"}
    assert error.code == "resource_not_found"
    assert error.trace_id == "trace_abc"
    assert (error.method, error.path) == ("POST", "/users/user_x/ban")


def test_str_reads_well() -> None:
    """str() gives status, first code and message, call, trace id."""
    text = str(answer(404, CLERK_BODY))
    assert text == (
        "404 resource_not_found: No user was found with id user_x "
        "(POST /users/user_x/ban) [trace id trace_abc]"
    )


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        b"upstream connect error",
        b"",
        b"{not json",
        b"[1, 2]",
        b'{"errors": "nope"}',
        b'{"errors": [1, "x", null]}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_any_body_maps_without_failing(body: bytes) -> None:
    """HTML, plain text, empty or odd JSON bodies still give a typed error."""
    error = answer(502, body, cf_ray="8f1e2d-AMS")
    assert isinstance(error, ServerError)
    assert error.errors == []
    assert error.trace_id == "8f1e2d-AMS"
    assert str(error).startswith("502 Bad Gateway (POST /users/user_x/ban)")
    assert error.body == body[:512]


def test_trace_id_is_none_without_body_or_header() -> None:
    """No clerk_trace_id and no cf-ray: trace_id is None."""
    assert answer(500).trace_id is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0.0), ("2", 2.0), ("1.5", 1.5), (" 7 ", 7.0)],
)
def test_retry_after_seconds(value: str, expected: float) -> None:
    """Delay-seconds are read as a number of seconds."""
    assert parse_retry_after(value) == expected


def test_retry_after_http_date() -> None:
    """An HTTP date is read as the seconds until then."""
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(date, now=now) == pytest.approx(30.0)


def test_retry_after_date_in_the_past_is_zero() -> None:
    """A date already gone means: do not wait."""
    now = 1_700_000_000.0
    assert (
        parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0
    )


@pytest.mark.parametrize(
    "value", [None, "", "soon", "-1", "nan", "inf", "Tue, 99 Foo 2024", "1e999"]
)
def test_retry_after_garbage_is_none(value: str | None) -> None:
    """Absent or unreadable Retry-After gives None."""
    assert parse_retry_after(value) is None


def test_retry_after_reaches_the_error() -> None:
    """A 429's Retry-After header is on the error."""
    assert answer(429, CLERK_BODY, retry_after="3").retry_after == 3.0


@pytest.mark.parametrize(
    "error",
    [
        answer(404, CLERK_BODY, retry_after="1"),
        ClerkTimeoutError("slow", method="GET", path="/users", limit="total"),
        ClerkConnectionError(
            "refused", method="POST", path="/users", request_sent=False
        ),
        ClerkDecodeError("bad", method="GET", path="/users", status=200, body=b"x"),
    ],
)
def test_errors_survive_pickling(error: Exception) -> None:
    """Errors cross process boundaries (Celery, multiprocessing) intact."""
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__
