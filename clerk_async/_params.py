"""Checking call arguments and turning them into query strings and JSON bodies.

Each resource method declares the kind of each of its parameters once; these
functions check every given value against its kind *before* anything is sent,
naming the parameter that is wrong, and leave out the parameters left at None.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["Kind", "body", "query"]


class Kind(enum.Enum):
    """What a parameter accepts."""

    STR = "a str"
    BOOL = "a bool"
    INT = "an int"
    STRS = "a list of str"
    OBJECT = "a JSON-serialisable dict"


def _check(name: str, kind: Kind, value: Any) -> Any:
    if kind is Kind.STR:
        ok = isinstance(value, str)
    elif kind is Kind.BOOL:
        ok = isinstance(value, bool)
    elif kind is Kind.INT:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is Kind.STRS:
        ok = isinstance(value, (list, tuple)) and all(
            isinstance(item, str) for item in value
        )
        value = list(value) if ok else value
    else:
        ok = isinstance(value, Mapping)
        if ok:
            try:
                json.dumps(value, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise TypeError(f"{name} is not JSON-serialisable: {exc}") from None
    if not ok:
        raise TypeError(f"{name} must be {kind.value}, got {type(value).__name__}")
    return value


def body(kinds: Mapping[str, Kind], values: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON body of the parameters in ``kinds`` that are not None."""
    return {
        name: _check(name, kind, values[name])
        for name, kind in kinds.items()
        if values[name] is not None
    }


def query(
    kinds: Mapping[str, Kind], values: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Query pairs of the parameters in ``kinds`` that are not None.

    Lists repeat their key (``user_id=a&user_id=b``); booleans are written
    ``true`` and ``false``.
    """
    pairs: list[tuple[str, str]] = []
    for name, kind in kinds.items():
        value = values[name]
        if value is None:
            continue
        value = _check(name, kind, value)
        if kind is Kind.STRS:
            pairs.extend((name, item) for item in value)
        elif kind is Kind.BOOL:
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return pairs
