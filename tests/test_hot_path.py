"""Structural guards on the per-call path (not timings).

A ban must not build converters, classes, functions or sessions: all of that
happens once. These tests read the bytecode of every function a ban runs in
this package, and count what a series of real calls creates.
"""

from __future__ import annotations

import dis
import types
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from clerk_async import Clerk, _blocking, _converter, _facade, _transport
from clerk_async._converter import _wire
from clerk_async.models import User
from clerk_async.resources import _users
from clerk_async.testing import FakeClerk

CREATING = {"MAKE_FUNCTION", "LOAD_BUILD_CLASS", "MAKE_CELL"}
"""Opcodes that create a function, a class or a closure cell."""


def hot_functions() -> dict[str, Callable[..., Any]]:
    """Every function of this package that a ban runs, async and blocking."""
    decode_user = _users._user
    functions = {
        "AsyncUsers.ban_user": _users.AsyncUsers.ban_user,
        "AsyncUsers._on_user": _users.AsyncUsers._on_user,
        "Transport.request": _transport.Transport.request,
        "Transport._exchange": _transport.Transport._exchange,
        "_decode": _transport._decode,
        "decoder(User)": decode_user,
        "segment": _users.segment,
        "Users.ban_user": _facade.Users.ban_user,
        "BlockingRunner.call": _blocking.BlockingRunner.call,
        "_ThreadState.run": _blocking._ThreadState.run,
        "_stop_when_done": _blocking._stop_when_done,
    }
    for cls, function in _wire._structurers.items():
        functions[f"structure {cls.__name__}"] = function
    return functions


@pytest.mark.parametrize("name", sorted(hot_functions()))
def test_no_function_class_or_closure_is_created_per_call(name: str) -> None:
    """No hot function creates functions, classes or closures when it runs."""
    code = hot_functions()[name].__code__
    created = {i.opname for i in dis.get_instructions(code)} & CREATING
    assert created == set(), f"{name} runs {created}"


def test_every_model_a_user_holds_has_a_generated_structurer() -> None:
    """The decoders were generated at import, for User and all it nests."""
    assert User in _wire._structurers
    assert len(_wire._structurers) >= 10
    assert all(isinstance(f, types.FunctionType) for f in _wire._structurers.values())


def test_calls_build_no_structurer_and_no_session(
    fake_clerk: FakeClerk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty bans (async via the facade's loop) open one session and
    generate no structure function."""
    sessions: list[object] = []
    original = aiohttp.ClientSession.__init__

    def counting(self: aiohttp.ClientSession, *args: Any, **kwargs: Any) -> None:
        sessions.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", counting)
    structurers = dict(_wire._structurers)
    generated: list[type] = []
    monkeypatch.setattr(
        _converter._Naming,
        "_structure_fn",
        lambda self, cls: generated.append(cls),  # would break the call
    )
    user_id = fake_clerk.add_user()["id"]

    with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url) as clerk:
        for _ in range(20):
            assert clerk.users.ban_user(user_id).banned

    assert len(sessions) == 1
    assert generated == []
    assert _wire._structurers == structurers
