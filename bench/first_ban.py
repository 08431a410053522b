"""One cold ban: import an SDK, build its client, ban one user, exit.

Run by path (``python bench/first_ban.py KIND BASE_URL``), not as part of the
``bench`` package, so that the interpreter imports nothing but the SDK under
test. Each SDK is used the way a short script would: its default client
construction, in a ``with`` block. Right after the ban returns, the script
prints ``time.monotonic()``; the parent, which noted the same clock before
starting the interpreter, gets the time to the first ban from it (Linux's
monotonic clock is shared by all processes).
"""

from __future__ import annotations

import sys
import time

USER_ID = "user_2V7JJKmoA9HqzHhfMqK5cpgLl56"
SECRET_KEY = "sk_test_bench0000000000000000000000000000000000"


def _clerk_async(base_url: str) -> float:
    import asyncio

    from clerk_async import AsyncClerk

    async def ban() -> float:
        async with AsyncClerk(secret_key=SECRET_KEY, base_url=base_url) as clerk:
            user = await clerk.users.ban_user(USER_ID)
            done = time.monotonic()
        assert user.banned
        return done

    return asyncio.run(ban())


def _clerk_async_blocking(base_url: str) -> float:
    from clerk_async import Clerk

    with Clerk(secret_key=SECRET_KEY, base_url=base_url) as clerk:
        user = clerk.users.ban_user(USER_ID)
        done = time.monotonic()
    assert user.banned
    return done


def _official_async(base_url: str) -> float:
    import asyncio

    from clerk_backend_api import Clerk

    async def ban() -> float:
        async with Clerk(bearer_auth=SECRET_KEY, server_url=base_url) as sdk:
            user = await sdk.users.ban_async(user_id=USER_ID)
            done = time.monotonic()
        assert user.banned
        return done

    return asyncio.run(ban())


def _official_blocking(base_url: str) -> float:
    from clerk_backend_api import Clerk

    with Clerk(bearer_auth=SECRET_KEY, server_url=base_url) as sdk:
        user = sdk.users.ban(user_id=USER_ID)
        done = time.monotonic()
    assert user.banned
    return done


def _interpreter(base_url: str) -> float:
    """No SDK at all: the interpreter's own start-up, for scale."""
    return time.monotonic()


KINDS = {
    "interpreter": _interpreter,
    "clerk_async": _clerk_async,
    "clerk_async_blocking": _clerk_async_blocking,
    "official_async": _official_async,
    "official_blocking": _official_blocking,
}

if __name__ == "__main__":
    kind, base_url = sys.argv[1:3]
    print(KINDS[kind](base_url), flush=True)
