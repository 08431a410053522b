"""Values shared by every model module."""

from collections.abc import Iterator, Mapping
from typing import Any, NoReturn


class _EmptyMetadata(Mapping[str, Any]):
    """An empty, read-only mapping that survives pickling and copying."""

    __slots__ = ()

    def __getitem__(self, key: str) -> NoReturn:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "EMPTY_METADATA"


EMPTY_METADATA: Mapping[str, Any] = _EmptyMetadata()
"""Read-only empty mapping used as the default of every metadata attribute.

One shared instance is safe because it cannot be mutated; it compares equal
to ``{}``, and pickles and copies as itself.
"""
