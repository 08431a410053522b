"""Answer parsing gives the same values with or without the speedups extra."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import pytest

from clerk_async import _json


def parsers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[bytes], Any]]:
    found = {_json.PARSER: _json.loads}
    monkeypatch.setitem(sys.modules, "orjson", None)  # as if not installed
    stdlib_loads, name = _json._choose()
    assert name == "json"
    found[name] = stdlib_loads
    return found


DOCUMENTS = [
    b'{"id": "user_1", "created_at": 1694181111181, "banned": true}',
    b'{"n": 9223372036854775807, "m": -9223372036854775808}',
    b'{"x": 1.5e300, "y": -0.0, "s": "\\u00e9\\ud83d\\ude00", "z": null}',
    b"[1, 2, 3]",
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_parser_agrees_with_the_standard_library(
    document: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """orjson (when installed) and json give equal values, wide integers too."""
    for loads in parsers(monkeypatch).values():
        assert loads(document) == json.loads(document)


def test_wide_integers_are_exact_without_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Integers past 64 bits: exact with json, the nearest float with orjson."""
    document = b'{"n": 123456789012345678901234567890}'
    for name, loads in parsers(monkeypatch).items():
        value = loads(document)["n"]
        if name == "json":
            assert value == 123456789012345678901234567890
        else:
            assert value == pytest.approx(1.2345678901234568e29)


@pytest.mark.parametrize("document", [b"", b"{", b"NaN-ish", b"\xff"])
def test_every_parser_refuses_broken_documents_with_value_error(
    document: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Broken JSON raises ValueError whichever parser is in use."""
    for loads in parsers(monkeypatch).values():
        with pytest.raises(ValueError):
            loads(document)
