"""Parsing answers: orjson when the ``speedups`` extra is installed.

``pip install clerk-async[speedups]`` brings orjson, which parses a full User
about twice as fast as the standard library. Documents orjson refuses are
parsed again by the standard library, so the extra never fails a call the
standard library would have decoded. One difference remains, and it is
documented: orjson reads integers wider than 64 bits (possible only in
metadata an application wrote) as floats.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["PARSER", "loads"]


def _choose() -> tuple[Callable[[bytes], Any], str]:
    try:
        import orjson
    except ImportError:  # the extra is not installed
        return json.loads, "json"

    # XXX: integers wider than 64 bits come back as floats with orjson.
    def loads_with_orjson(raw: bytes) -> Any:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return json.loads(raw)

    return loads_with_orjson, "orjson"


loads, PARSER = _choose()
"""``loads`` parses a JSON document from bytes; ``PARSER`` names the parser."""
