"""The async client's session: lazy, reused, closed, across event loops."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import textwrap
import threading

import pytest

from clerk_async import AsyncClerk
from clerk_async.errors import ClerkClosedError
from clerk_async.testing import FakeClerk, Fault


def client_for(fake: FakeClerk) -> AsyncClerk:
    return AsyncClerk(fake.secret_key, base_url=fake.base_url)


def test_construction_opens_nothing(fake_clerk: FakeClerk) -> None:
    """A client built outside any loop holds no session until its first call."""
    client = client_for(fake_clerk)
    assert client._transport._session is None
    asyncio.run(client.aclose())


def test_one_client_across_two_asyncio_runs(fake_clerk: FakeClerk) -> None:
    """Successive asyncio.run() calls share one client without warnings."""
    user_id = fake_clerk.add_user()["id"]
    client = client_for(fake_clerk)

    async def ban() -> bool:
        return (await client.users.ban_user(user_id)).banned

    assert asyncio.run(ban()) is True
    assert asyncio.run(ban()) is True
    asyncio.run(client.aclose())
    gc.collect()


def test_loop_end_closes_the_session(fake_clerk: FakeClerk) -> None:
    """When asyncio.run() returns, the session it used is closed."""
    user_id = fake_clerk.add_user()["id"]
    client = client_for(fake_clerk)
    sessions = []

    async def ban() -> None:
        await client.users.ban_user(user_id)
        sessions.append(client._transport._session)

    asyncio.run(ban())
    assert sessions[0].closed


def test_closed_client_refuses_calls(fake_clerk: FakeClerk) -> None:
    """After aclose(), calls raise ClerkClosedError; aclose() again is fine."""
    user_id = fake_clerk.add_user()["id"]

    async def scenario() -> None:
        async with client_for(fake_clerk) as client:
            await client.users.ban_user(user_id)
        await client.aclose()
        assert client.closed
        with pytest.raises(ClerkClosedError):
            await client.users.ban_user(user_id)

    asyncio.run(scenario())


def test_two_live_loops_at_once_are_refused(fake_clerk: FakeClerk) -> None:
    """Using one client on a second loop while the first is open is an error."""
    user_id = fake_clerk.add_user()["id"]
    client = client_for(fake_clerk)
    first = asyncio.new_event_loop()
    try:
        first.run_until_complete(client.users.ban_user(user_id))
        errors: list[BaseException] = []

        def other_thread() -> None:
            try:
                asyncio.run(client.users.ban_user(user_id))
            except RuntimeError as exc:
                errors.append(exc)

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert "one client per event loop" in str(errors[0])
    finally:
        first.run_until_complete(client.aclose())
        first.close()


def test_cancelling_the_caller_cancels_the_request(fake_clerk: FakeClerk) -> None:
    """Cancelling an awaiting task stops the call at once."""
    user_id = fake_clerk.add_user()["id"]
    fake_clerk.inject(Fault(delay=10.0))

    async def scenario() -> float:
        async with client_for(fake_clerk) as client:
            task = asyncio.create_task(client.users.ban_user(user_id))
            await asyncio.sleep(0.2)
            loop = asyncio.get_running_loop()
            started = loop.time()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            return loop.time() - started

    assert asyncio.run(scenario()) < 1.0


def test_many_concurrent_calls_share_the_pool(fake_clerk: FakeClerk) -> None:
    """200 concurrent bans on one client all succeed over a bounded pool."""
    user_ids = [fake_clerk.add_user()["id"] for _ in range(20)]

    async def scenario() -> list[bool]:
        async with AsyncClerk(
            fake_clerk.secret_key, base_url=fake_clerk.base_url, max_connections=10
        ) as client:
            users = await asyncio.gather(
                *(client.users.ban_user(user_ids[i % 20]) for i in range(200))
            )
        return [u.banned for u in users]

    assert all(asyncio.run(scenario()))
    assert len({r.peer for r in fake_clerk.requests}) <= 10


def run_script(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with every warning shown."""
    return subprocess.run(
        [sys.executable, "-X", "dev", "-W", "always", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_unclosed_blocking_client_shuts_down_at_exit() -> None:
    """A Clerk never closed still lets the interpreter exit, quietly."""
    result = run_script(
        """
        import threading
        from clerk_async import Clerk
        from clerk_async.testing import FakeClerk

        with FakeClerk() as fake:
            user_id = fake.add_user()["id"]
            clerk = Clerk(fake.secret_key, base_url=fake.base_url)
            clerk.users.ban_user(user_id)
            worker = threading.Thread(target=clerk.users.ban_user, args=(user_id,))
            worker.start()
            worker.join()
        print("banned")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "banned"
    assert result.stderr == ""


def test_garbage_collected_clients_neither_hang_nor_warn() -> None:
    """Dropping unclosed clients, async and blocking, leaves no warning."""
    result = run_script(
        """
        import asyncio, gc
        from clerk_async import AsyncClerk, Clerk
        from clerk_async.testing import FakeClerk

        with FakeClerk() as fake:
            user_id = fake.add_user()["id"]

            async def main():
                client = AsyncClerk(fake.secret_key, base_url=fake.base_url)
                await client.users.ban_user(user_id)
                del client
                gc.collect()

            asyncio.run(main())
            clerk = Clerk(fake.secret_key, base_url=fake.base_url)
            clerk.users.ban_user(user_id)
            del clerk
            gc.collect()
        print("done")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert result.stderr == ""
