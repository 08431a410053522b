"""Values shared by every model module."""

import types
from collections.abc import Mapping
from typing import Any

EMPTY_METADATA: Mapping[str, Any] = types.MappingProxyType({})
"""Read-only empty mapping used as the default of every metadata attribute.

One shared instance is safe because it cannot be mutated; it compares equal
to ``{}``.
"""
