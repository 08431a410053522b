"""Hand-written async resource classes, one per area of the Backend API."""

from clerk_async.resources._users import AsyncUsers

__all__ = ["AsyncUsers"]
