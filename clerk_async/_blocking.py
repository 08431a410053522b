"""Running the async client from blocking code: one private loop per thread.

The generated facade (``_facade.py``) turns every method call into
:meth:`BlockingRunner.call`. Each calling thread gets its own event loop and
its own :class:`~clerk_async.AsyncClerk` (sharing the checked settings), and
runs the call on that loop in the calling thread itself. There is no hop to
another thread, and connections stay pooled across the calls of a thread.

A forked child starts afresh: the parent's loops and sessions are left
untouched (their sockets belong to the parent) and the child builds its own on
first use. Ctrl-C during a call cancels it and then raises KeyboardInterrupt.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
import weakref
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, TypeVar

from clerk_async._client import AsyncClerk
from clerk_async.errors import ClerkClosedError

__all__ = ["BlockingClient", "BlockingRunner"]

T = TypeVar("T")

_get_running_loop = asyncio._get_running_loop

_fork_generation = 0
"""Bumped in every forked child, so that state built before the fork is
recognised as the parent's."""

_inherited: list[object] = []
"""The parent's per-thread state, kept referenced in a forked child so that
finalizers never touch the parent's sockets."""

_ATEXIT_LOCK_TIMEOUT = 5.0


_fork_lock = threading.Lock()


def _after_fork_in_child() -> None:
    global _fork_generation, _fork_lock
    _fork_generation += 1
    _fork_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


async def _stop_when_done(
    coro: Coroutine[Any, Any, T], loop: asyncio.AbstractEventLoop
) -> T:
    """Await ``coro``, then stop ``loop`` in the same iteration.

    Cheaper than ``run_until_complete``, whose done-callback costs the loop
    one more turn (and one more poll) per call.
    """
    try:
        return await coro
    finally:
        loop.stop()


def _unwind(
    task: asyncio.Task[Any],
    loop: asyncio.AbstractEventLoop,
    call: Coroutine[Any, Any, Any],
) -> None:
    """Cancel ``task`` (running ``call``) and run ``loop`` until it is done.

    A task whose coroutine had started stops the loop itself on the way out;
    one cancelled before its first step never runs that code, so a done
    callback stops the loop too. The callback acts only while this unwinding
    lasts: if it runs late, in a later call's turn, it does nothing. A call
    that never started is closed, so it is not reported as never awaited.
    """
    unwinding = True

    def stop(_: object) -> None:
        if unwinding:
            loop.stop()

    task.add_done_callback(stop)
    task.cancel()
    try:
        while not task.done():
            loop.run_forever()
    finally:
        unwinding = False
        call.close()


class _ThreadState:
    """One thread's event loop and client, and the lock of a call in progress."""

    __slots__ = ("client", "closed", "generation", "lock", "loop", "thread")

    def __init__(self, prototype: AsyncClerk) -> None:
        self.thread = threading.current_thread()
        self.generation = _fork_generation
        self.loop = asyncio.new_event_loop()
        self.client = AsyncClerk._from_config(prototype._config)
        self.lock = threading.Lock()
        self.closed = False

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        with self.lock:
            if self.closed:
                coro.close()
                raise ClerkClosedError("this client is closed; create a new one")
            loop = self.loop
            task = loop.create_task(_stop_when_done(coro, loop))
            try:
                loop.run_forever()
            except BaseException:
                # Ctrl-C (or any escape) while the call was in flight: cancel
                # it and let it unwind before raising.
                if not task.done():
                    _unwind(task, loop, coro)
                if not task.cancelled():
                    task.exception()  # retrieved here; it is being raised
                raise
            return task.result()

    def close(self, lock_timeout: float = -1) -> None:
        if not self.lock.acquire(timeout=lock_timeout):
            return
        try:
            if self.closed:
                return
            self.closed = True
            if self.generation != _fork_generation:
                _inherited.append((self.loop, self.client))
                return
            try:
                self.loop.run_until_complete(self.client.aclose())
                self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            finally:
                self.loop.close()
        finally:
            self.lock.release()


class BlockingRunner:
    """Runs an AsyncClerk's calls to completion for blocking callers."""

    __slots__ = (
        "__weakref__",
        "_closed",
        "_generation",
        "_local",
        "_lock",
        "_prototype",
        "_states",
    )

    def __init__(self, prototype: AsyncClerk) -> None:
        self._prototype = prototype
        self._local = threading.local()
        self._lock = threading.Lock()
        self._states: list[_ThreadState] = []
        self._closed = False
        self._generation = _fork_generation
        _open_runners.add(self)

    @property
    def closed(self) -> bool:
        return self._closed

    def call(
        self,
        method: Callable[..., Coroutine[Any, Any, T]],
        resource: str,
        /,
        *args: Any,
        **kwargs: Any,
    ) -> T:
        """Run ``method(<this thread's client>.<resource>, *args, **kwargs)``."""
        if _get_running_loop() is not None:
            raise RuntimeError(
                "the blocking Clerk client was called from inside a running "
                "event loop; use AsyncClerk and await its methods there"
            )
        state: _ThreadState | None = getattr(self._local, "state", None)
        if state is None or state.generation != _fork_generation:
            state = self._new_state()
        return state.run(method(getattr(state.client, resource), *args, **kwargs))

    def _new_state(self) -> _ThreadState:
        if self._generation != _fork_generation:
            self._set_aside_parents_state()
        with self._lock:
            if self._closed:
                raise ClerkClosedError("this client is closed; create a new one")
            ended = [s for s in self._states if not s.thread.is_alive()]
            self._states = [s for s in self._states if s.thread.is_alive()]
            state = _ThreadState(self._prototype)
            self._states.append(state)
            self._local.state = state
        # Loops of threads that have ended can be closed from any thread.
        for old in ended:
            old.close()
        return state

    def _set_aside_parents_state(self) -> None:
        """In a forked child, keep the parent's loops and clients untouched.

        Their selectors and sockets are shared with the parent: closing them
        here, even through garbage collection, would unregister the parent's
        wake-up pipe from its epoll instance.
        """
        with _fork_lock:
            if self._generation == _fork_generation:
                return
            _inherited.append(self._states)
            self._states = []
            self._lock = threading.Lock()  # a copy held at fork time stays held
            self._generation = _fork_generation

    def close(self, lock_timeout: float = -1) -> None:
        """Close every thread's client and loop; waits for calls in flight."""
        with self._lock:
            self._closed = True
            states, self._states = self._states, []
        _open_runners.discard(self)
        for state in states:
            state.close(lock_timeout)


_open_runners: weakref.WeakSet[BlockingRunner] = weakref.WeakSet()


@atexit.register
def _close_at_exit() -> None:
    for runner in list(_open_runners):
        runner.close(_ATEXIT_LOCK_TIMEOUT)


def _close_unreferenced(runner: BlockingRunner) -> None:
    """Finalizer of a facade that was dropped without being closed."""
    if _get_running_loop() is None:
        runner.close()
    else:
        # Another loop runs in this thread, so the idle loops must be run
        # from a thread of their own.
        closer = threading.Thread(target=runner.close, name="clerk-async-close")
        closer.start()
        closer.join()


class BlockingClient:
    """Behaviour shared by the generated blocking clients."""

    _runner: BlockingRunner

    def __init__(self, client: AsyncClerk) -> None:
        self._client = client
        self._runner = BlockingRunner(client)
        weakref.finalize(self, _close_unreferenced, self._runner)

    @property
    def base_url(self) -> str:
        """The base URL every path is appended to."""
        return self._client.base_url

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._runner.closed

    def close(self) -> None:
        """Close the connection pools of every thread that made calls.

        Waits for calls still in flight on other threads. Calling it again
        does nothing.
        """
        self._runner.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        config = self._client._config
        state = " closed" if self.closed else ""
        return (
            f"<{type(self).__name__}{state} base_url={config.base_url!r} "
            f"api_version={config.api_version!r}>"
        )


class BlockingResource:
    """Base of the generated blocking resources: holds the runner."""

    __slots__ = ("_runner",)

    def __init__(self, runner: BlockingRunner) -> None:
        self._runner = runner
