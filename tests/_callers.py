"""Two ways to drive the same calls: awaited on AsyncClerk, or blocking Clerk."""

from __future__ import annotations

import asyncio
from typing import Any


class AsyncCaller:
    """Drives an AsyncClerk on a private event loop, one awaited call at a time."""

    mode = "async"

    def __init__(self, **settings: Any) -> None:
        from clerk_async import AsyncClerk

        self.loop = asyncio.new_event_loop()
        self.client = AsyncClerk(**settings)

    def __call__(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.loop.run_until_complete(
            getattr(self.client.users, method)(*args, **kwargs)
        )

    def close(self) -> None:
        try:
            self.loop.run_until_complete(self.client.aclose())
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        finally:
            self.loop.close()


class BlockingCaller:
    """Drives the generated blocking Clerk."""

    mode = "blocking"

    def __init__(self, **settings: Any) -> None:
        from clerk_async import Clerk

        self.client = Clerk(**settings)

    def __call__(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.client.users, method)(*args, **kwargs)

    def close(self) -> None:
        self.client.close()


Caller = AsyncCaller | BlockingCaller
