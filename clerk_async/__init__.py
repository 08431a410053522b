"""clerk_async: an async-first Python SDK for Clerk's Backend API.

``AsyncClerk`` is the client for async code; ``Clerk`` is its blocking twin,
generated from it, for threads, workers and scripts::

    async with AsyncClerk() as clerk:
        user = await clerk.users.ban_user("user_2V7JJKmoA9HqzHhfMqK5cpgLl56")

    with Clerk() as clerk:
        user = clerk.users.ban_user("user_2V7JJKmoA9HqzHhfMqK5cpgLl56")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clerk_async._client import AsyncClerk
from clerk_async._config import Timeout
from clerk_async._converter import structure, unstructure
from clerk_async._retry import NO_RETRY, RetryPolicy
from clerk_async._version import __version__
from clerk_async.resources import AsyncUsers

if TYPE_CHECKING:
    from clerk_async._facade import Clerk, Users

__all__ = [
    "NO_RETRY",
    "AsyncClerk",
    "AsyncUsers",
    "Clerk",
    "RetryPolicy",
    "Timeout",
    "Users",
    "__version__",
    "structure",
    "unstructure",
]


def __getattr__(name: str) -> Any:
    # The blocking machinery loads on first use, keeping async-only imports lean.
    if name in ("Clerk", "Users"):
        from clerk_async import _facade

        return getattr(_facade, name)
    raise AttributeError(f"module 'clerk_async' has no attribute {name!r}")
