"""Load under injected faults: thousands of bans, none lost, memory flat."""

from __future__ import annotations

import asyncio
import gc
import threading
import tracemalloc
from typing import Any

from clerk_async import AsyncClerk, Clerk, RetryPolicy
from clerk_async.errors import RateLimitError, ServerError
from clerk_async.testing import FakeClerk, Fault

BAN = "POST /v1/users/{user_id}/ban"

POLICY = RetryPolicy(attempts=4, backoff_initial=0.05, backoff_max=0.2)

FAULTS = {
    Fault.rate_limited(retry_after="0"): 0.02,
    Fault.rate_limited(retry_after="0.5"): 0.02,
    Fault.rate_limited(retry_after="1"): 0.01,
    Fault.clerk_error(503, "service_unavailable"): 0.02,
}
"""5% 429s with Retry-After of 0 to 1 s, and 2% 503s."""


def seed_users(fake: FakeClerk, count: int) -> list[str]:
    return [fake.add_user()["id"] for _ in range(count)]


def settle(fake: FakeClerk, surfaced: list[tuple[str, Exception]]) -> None:
    """Every error that reached the caller is a rate limit or a 503; the
    caller bans those users again once the faults stop."""
    for _, error in surfaced:
        assert isinstance(error, (RateLimitError, ServerError)), error
        assert error.status in (429, 503)
    fake.clear_faults()
    with Clerk(fake.secret_key, base_url=fake.base_url) as clerk:
        for user_id, _ in surfaced:
            assert clerk.users.ban_user(user_id).banned


def test_5000_async_bans_at_concurrency_200(fake_clerk: FakeClerk) -> None:
    """Through one AsyncClerk, under 429s and 503s, every user ends banned."""
    user_ids = seed_users(fake_clerk, 5000)
    fake_clerk.inject_random(FAULTS, route=BAN, seed=7)

    async def run() -> list[tuple[str, Exception]]:
        gate = asyncio.Semaphore(200)
        async with AsyncClerk(
            fake_clerk.secret_key, base_url=fake_clerk.base_url, retry=POLICY
        ) as clerk:

            async def one(user_id: str) -> tuple[str, Exception] | None:
                async with gate:
                    try:
                        user = await clerk.users.ban_user(user_id)
                    except (RateLimitError, ServerError) as error:
                        return user_id, error
                assert user.banned
                return None

            results = await asyncio.gather(*(one(u) for u in user_ids))
        return [r for r in results if r is not None]

    surfaced = asyncio.run(run())
    assert fake_clerk.faults_served > 100
    settle(fake_clerk, surfaced)
    assert all(user["banned"] for user in fake_clerk.users)
    gc.collect()


def test_5000_blocking_bans_from_32_threads(fake_clerk: FakeClerk) -> None:
    """Through one blocking Clerk shared by 32 threads: every user ends banned."""
    user_ids = seed_users(fake_clerk, 5000)
    fake_clerk.inject_random(FAULTS, route=BAN, seed=11)
    surfaced: list[tuple[str, Exception]] = []
    crashes: list[BaseException] = []
    lock = threading.Lock()

    with Clerk(
        fake_clerk.secret_key, base_url=fake_clerk.base_url, retry=POLICY
    ) as clerk:

        def worker(share: list[str]) -> None:
            for user_id in share:
                try:
                    clerk.users.ban_user(user_id)
                except (RateLimitError, ServerError) as error:
                    with lock:
                        surfaced.append((user_id, error))
                except BaseException as error:
                    crashes.append(error)

        threads = [
            threading.Thread(target=worker, args=(user_ids[i::32],)) for i in range(32)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert crashes == []
    assert fake_clerk.faults_served > 100
    settle(fake_clerk, surfaced)
    assert all(user["banned"] for user in fake_clerk.users)


def test_memory_does_not_grow_across_rounds(fake_clerk: FakeClerk) -> None:
    """Repeated rounds of 1,000 bans on one client hold no growing memory."""
    user_ids = seed_users(fake_clerk, 250)
    fake_clerk.inject_random({Fault.rate_limited(retry_after="0"): 0.05}, route=BAN)

    async def rounds(count: int) -> list[int]:
        sizes = []
        async with AsyncClerk(
            fake_clerk.secret_key, base_url=fake_clerk.base_url, retry=POLICY
        ) as clerk:
            for _ in range(count):
                await asyncio.gather(
                    *(clerk.users.ban_user(user_ids[i % 250]) for i in range(1000))
                )
                fake_clerk.clear_requests()
                gc.collect()
                sizes.append(tracemalloc.get_traced_memory()[0])
        return sizes

    tracemalloc.start()
    try:
        sizes: Any = asyncio.run(rounds(5))
    finally:
        tracemalloc.stop()
    # The first rounds warm caches; after that the heap must stay flat.
    assert sizes[-1] - sizes[2] < 256 * 1024, sizes


def test_blocking_memory_does_not_grow_across_rounds(fake_clerk: FakeClerk) -> None:
    """Rounds of bans from 8 threads through one Clerk hold no growing memory."""
    user_ids = seed_users(fake_clerk, 64)
    fake_clerk.inject_random({Fault.rate_limited(retry_after="0"): 0.05}, route=BAN)
    sizes = []

    tracemalloc.start()
    try:
        with Clerk(
            fake_clerk.secret_key, base_url=fake_clerk.base_url, retry=POLICY
        ) as clerk:
            for _ in range(5):
                threads = [
                    threading.Thread(
                        target=lambda share: [clerk.users.ban_user(u) for u in share],
                        args=(user_ids[i::8] * 8,),
                    )
                    for i in range(8)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                fake_clerk.clear_requests()
                gc.collect()
                sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    assert sizes[-1] - sizes[2] < 256 * 1024, sizes
