"""The generated blocking client: threads, fork, Ctrl-C, misuse from async."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
import time
from collections import Counter

import pytest

from clerk_async import Clerk
from clerk_async.errors import ClerkClosedError
from clerk_async.testing import FakeClerk, Fault


@pytest.fixture
def clerk(fake_clerk: FakeClerk) -> Clerk:
    """A blocking client pointed at the fake, closed after the test."""
    with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url) as client:
        yield client


def test_many_threads_share_one_client(clerk: Clerk, fake_clerk: FakeClerk) -> None:
    """16 threads x 50 bans on one client: every ban lands, none fails."""
    user_ids = [fake_clerk.add_user()["id"] for _ in range(16)]
    failures: list[BaseException] = []
    results: Counter[str] = Counter()
    lock = threading.Lock()

    def worker(user_id: str) -> None:
        try:
            for _ in range(50):
                user = clerk.users.ban_user(user_id)
                with lock:
                    results[user.id] += int(user.banned)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(u,)) for u in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert results == dict.fromkeys(user_ids, 50)
    assert fake_clerk.request_count("POST /v1/users/{user_id}/ban") == 800
    # Each thread keeps its own pooled connection: far fewer than 800.
    assert len({r.peer for r in fake_clerk.requests}) <= 16


def test_ended_threads_do_not_keep_their_loops(
    clerk: Clerk, fake_clerk: FakeClerk
) -> None:
    """A thread that ended has its loop closed when another thread arrives."""
    user_id = fake_clerk.add_user()["id"]
    for _ in range(5):
        thread = threading.Thread(target=clerk.users.ban_user, args=(user_id,))
        thread.start()
        thread.join()
    assert len(clerk._runner._states) <= 1


def test_calling_from_a_running_event_loop_is_refused(
    clerk: Clerk, fake_clerk: FakeClerk
) -> None:
    """Inside async code the blocking client raises, pointing to AsyncClerk."""
    user_id = fake_clerk.add_user()["id"]

    async def misuse() -> None:
        clerk.users.ban_user(user_id)

    with pytest.raises(RuntimeError, match="AsyncClerk"):
        asyncio.run(misuse())
    assert fake_clerk.requests == []


def test_closed_client_refuses_calls_and_closes_twice(
    clerk: Clerk, fake_clerk: FakeClerk
) -> None:
    """After close() calls raise ClerkClosedError; close() again is harmless."""
    user_id = fake_clerk.add_user()["id"]
    clerk.users.ban_user(user_id)
    clerk.close()
    clerk.close()
    assert clerk.closed
    with pytest.raises(ClerkClosedError):
        clerk.users.ban_user(user_id)


def test_close_from_another_thread_closes_every_threads_loop(
    clerk: Clerk, fake_clerk: FakeClerk
) -> None:
    """close() in one thread shuts the loops other threads made calls on."""
    user_id = fake_clerk.add_user()["id"]
    thread = threading.Thread(target=clerk.users.ban_user, args=(user_id,))
    thread.start()
    thread.join()
    clerk.users.ban_user(user_id)
    states = list(clerk._runner._states)

    closer = threading.Thread(target=clerk.close)
    closer.start()
    closer.join()

    assert states
    assert all(state.loop.is_closed() for state in states)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_parent_and_forked_child_both_keep_banning(
    clerk: Clerk, fake_clerk: FakeClerk
) -> None:
    """After os.fork() the child bans on its own loop; the parent carries on."""
    parent_user = fake_clerk.add_user()["id"]
    child_user = fake_clerk.add_user()["id"]
    clerk.users.ban_user(parent_user)

    pid = os.fork()
    if pid == 0:  # the child: report through the exit status only
        status = 1
        try:
            status = 0 if clerk.users.ban_user(child_user).banned else 3
            clerk.close()
        finally:
            os._exit(status)

    clerk.users.unban_user(parent_user)
    _, wait_status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    assert fake_clerk.get_user(child_user)["banned"] is True
    assert clerk.users.ban_user(parent_user).banned is True


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGINT to a thread")
def test_ctrl_c_cancels_the_call_in_flight(clerk: Clerk, fake_clerk: FakeClerk) -> None:
    """KeyboardInterrupt during a call cancels it at once; the client lives on."""
    user_id = fake_clerk.add_user()["id"]
    fake_clerk.inject(Fault(delay=10.0))
    timer = threading.Timer(
        0.3, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)
    )
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            clerk.users.ban_user(user_id)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 5.0
    assert clerk.users.ban_user(user_id).banned is True


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_child_garbage_collection_leaves_the_parents_loop_alone(
    clerk: Clerk, fake_clerk: FakeClerk
) -> None:
    """A child dropping the parent's loop copy must not break its wake-ups."""
    user_id = fake_clerk.add_user()["id"]
    clerk.users.ban_user(user_id)

    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            clerk.users.ban_user(user_id)
            gc.collect()
            status = 0
        finally:
            os._exit(status)
    started = time.monotonic()
    _, wait_status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(wait_status) == 0
    assert time.monotonic() - started < 5.0, "the child hung"

    # The parent's loop must still hear its own wake-up pipe (which threads
    # and executors use to wake it), on the epoll instance it shares with
    # the child.
    loop = clerk._runner._local.state.loop
    loop._csock.send(b"\0")
    ready = loop._selector._selector.poll(2.0)
    loop._ssock.recv(16)
    assert loop._ssock.fileno() in {fd for fd, _ in ready}
    started = time.monotonic()
    assert clerk.users.ban_user(user_id).banned
    assert time.monotonic() - started < 5.0


def test_cancel_before_the_first_step_does_not_hang() -> None:
    """A call interrupted before it started still unwinds its loop."""
    from clerk_async._blocking import _stop_when_done, _unwind

    loop = asyncio.new_event_loop()
    try:
        started: list[bool] = []

        async def call() -> None:
            started.append(True)

        coro = call()
        task = loop.create_task(_stop_when_done(coro, loop))
        _unwind(task, loop, coro)
        assert task.cancelled()
        assert started == []

        # A later call on the same loop is not stopped early by the unwinding.
        later = loop.create_task(_stop_when_done(asyncio.sleep(0.05, "ok"), loop))
        loop.run_forever()
        assert later.result() == "ok"
    finally:
        loop.close()
