"""attrs validators for the numbers in settings: finite, and in range."""

from __future__ import annotations

import math
from typing import Any

import attrs

__all__ = ["at_least_one", "non_negative", "optional_positive", "positive"]


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite number above 0."""
    if not (_is_number(value) and value > 0):
        raise ValueError(f"{attribute.name} must be a number > 0, got {value!r}")


def optional_positive(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """None, or a finite number above 0."""
    if value is not None and not (_is_number(value) and value > 0):
        raise ValueError(
            f"{attribute.name} must be a number > 0 or None, got {value!r}"
        )


def non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite number, 0 or above."""
    if not (_is_number(value) and value >= 0):
        raise ValueError(f"{attribute.name} must be a number >= 0, got {value!r}")


def at_least_one(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An int, 1 or above."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{attribute.name} must be an int >= 1, got {value!r}")
