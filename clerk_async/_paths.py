"""Path parameters: each one becomes exactly one percent-encoded segment."""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["segment"]

_DOT_SEGMENTS = frozenset({".", ".."})
_PLAIN = re.compile(r"[A-Za-z0-9_\-]+")
"""Ids made of these characters (all of Clerk's) need no encoding at all."""


def segment(value: str, name: str) -> str:
    """Percent-encode ``value`` as one path segment, refusing what cannot be one.

    Every character outside the unreserved set (letters, digits, ``-._~``) is
    encoded, so ``/``, ``?``, ``#`` and ``%`` in an id can never reach
    another endpoint. An empty value, ``.`` and ``..`` are refused because
    URL normalisation would drop or climb them.

    Raises:
        TypeError: ``value`` is not a str.
        ValueError: ``value`` is empty, a dot segment, or not encodable text.
    """
    if value.__class__ is not str:
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}")
        value = str.__str__(value)
    if _PLAIN.fullmatch(value):
        return value
    if not value or value in _DOT_SEGMENTS:
        raise ValueError(f"{name} must be a non-empty id other than '.' or '..'")
    try:
        return quote(value, safe="")
    except UnicodeEncodeError:
        raise ValueError(f"{name} is not valid Unicode text") from None
