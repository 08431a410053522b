"""Small response objects: deletion receipts and counts."""

import attrs


@attrs.frozen
class DeletedObject:
    """Confirmation returned when an object is deleted."""

    object: str = ""
    """The type of the object that was deleted, for example ``user``."""

    id: str | None = None
    """The ID of the deleted object, when the API reports it."""

    slug: str | None = None
    """The slug of the deleted object, for objects that have one."""

    deleted: bool = False
    """``True`` when the deletion took place."""

    external_id: str | None = None
    """The external ID the deleted object carried, when it had one."""


@attrs.frozen
class TotalCount:
    """The number of objects matching a query, as returned by count calls."""

    object: str = ""
    """The object type; the known value is ``total_count``."""

    total_count: int = 0
    """How many objects matched."""
