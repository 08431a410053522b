"""Reading a request's parameters, and refusing bad ones as Clerk does.

A handler reads the path, query and body through :class:`Call`. Anything it
cannot accept ends the handler by raising :class:`RefusedError`, which
carries the Clerk error answer (``form_param_*`` codes and friends).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, NoReturn

import attrs

from ._wire import Reply, error_reply

__all__ = [
    "Call",
    "RefusedError",
    "check_body",
    "invalid_format",
    "invalid_value",
    "is_kind",
    "missing",
    "not_found",
    "refuse",
    "taken",
    "timestamp_ms",
]

_KIND_NAMES = {
    "str": "a string",
    "bool": "a boolean",
    "int": "an integer",
    "strs": "an array of strings",
    "object": "an object",
}


class RefusedError(Exception):
    """Raised by a handler to answer with a Clerk error instead."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def refuse(
    status: int, code: str, message: str, long_message: str, **meta: Any
) -> NoReturn:
    """Answer with one Clerk error; keyword arguments become its ``meta``."""
    raise RefusedError(error_reply(status, code, message, long_message, **meta))


def not_found() -> NoReturn:
    """Answer 404 ``resource_not_found``."""
    refuse(404, "resource_not_found", "not found", "Resource not found")


def unknown_param(name: str, hint: str = "") -> NoReturn:
    """Answer 422 ``form_param_unknown`` for the parameter ``name``."""
    long_message = f"{name} is not a valid parameter for this request.{hint}"
    refuse(422, "form_param_unknown", "is unknown", long_message, param_name=name)


def invalid_format(name: str, expected: str, status: int = 422) -> NoReturn:
    """Answer ``form_param_format_invalid``: ``name`` must be ``expected``."""
    refuse(
        status,
        "form_param_format_invalid",
        "is invalid",
        f"{name} must be {expected}.",
        param_name=name,
    )


def invalid_value(name: str, why: str, status: int = 422) -> NoReturn:
    """Answer ``form_param_value_invalid``: ``name`` ``why``."""
    refuse(
        status,
        "form_param_value_invalid",
        "is invalid",
        f"{name} {why}.",
        param_name=name,
    )


def missing(name: str, status: int = 422) -> NoReturn:
    """Answer ``form_param_missing`` for the parameter ``name``."""
    refuse(
        status,
        "form_param_missing",
        "is missing",
        f"{name} must be included.",
        param_name=name,
    )


def taken(name: str) -> NoReturn:
    """Answer 422 ``form_identifier_exists``: another user holds ``name``."""
    message = f"That {name.replace('_', ' ')} is taken. Please try another."
    refuse(422, "form_identifier_exists", message, message, param_name=name)


def is_kind(value: Any, kind: str) -> bool:
    """Whether a JSON value is of a kind of :func:`check_body`."""
    if kind.endswith("?"):
        return value is None or is_kind(value, kind[:-1])
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "strs":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, dict)


def check_body(
    body: Mapping[str, Any],
    kinds: Mapping[str, str],
    *,
    hints: Mapping[str, str] | None = None,
) -> None:
    """Refuse unknown body parameters and values of the wrong JSON type.

    Args:
        body: The request's JSON object.
        kinds: What each accepted parameter must be: ``"str"``, ``"bool"``,
            ``"int"``, ``"strs"`` (an array of strings) or ``"object"``; a
            trailing ``"?"`` also allows null.
        hints: Sentences added to the error for some unknown parameters.
    """
    for name, value in body.items():
        kind = kinds.get(name)
        if kind is None:
            unknown_param(name, (hints or {}).get(name, ""))
        if not is_kind(value, kind):
            invalid_format(name, _KIND_NAMES[kind.rstrip("?")])


def timestamp_ms(name: str, value: str) -> int:
    """The RFC 3339 date-time of parameter ``name`` as milliseconds."""
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        invalid_format(name, "a date-time in RFC 3339 format")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000)


@attrs.frozen
class Call:
    """What a handler gets of a request.

    Attributes:
        params: The route's decoded placeholders, such as ``user_id``.
        query: The query string's decoded (name, value) pairs.
        body: The raw body.
    """

    params: Mapping[str, str]
    query: tuple[tuple[str, str], ...]
    body: bytes

    def values(self, name: str) -> list[str]:
        """Every value of the query parameter ``name``, in order."""
        return [value for key, value in self.query if key == name]

    def value(self, name: str) -> str | None:
        """The first value of the query parameter ``name``."""
        values = self.values(name)
        return values[0] if values else None

    def integer(
        self, name: str, *, minimum: int, maximum: int | None = None
    ) -> int | None:
        """The query parameter ``name`` as an integer in range, if given."""
        text = self.value(name)
        if text is None:
            return None
        try:
            number = int(text)
        except ValueError:
            invalid_format(name, "an integer")
        if number < minimum or (maximum is not None and number > maximum):
            bounds = f"at least {minimum}"
            if maximum is not None:
                bounds = f"between {minimum} and {maximum}"
            invalid_value(name, f"must be {bounds}")
        return number

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object; an empty body counts as ``{}``.

        A body that is not JSON, or not an object, is refused with 400.
        """
        if not self.body.strip():
            return {}
        try:
            payload = json.loads(self.body)
        except ValueError:
            refuse(
                400,
                "request_body_invalid",
                "Request body invalid",
                "The request body is not valid JSON.",
            )
        if not isinstance(payload, dict):
            refuse(
                400,
                "request_body_invalid",
                "Request body invalid",
                "The request body must be a JSON object.",
            )
        return payload
