"""Shared fixtures for the clerk_async test suite."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from _callers import AsyncCaller, BlockingCaller, Caller

if TYPE_CHECKING:
    from clerk_async.testing import FakeClerk

SPEC_PATH = (
    Path(__file__).resolve().parents[2] / "shared" / "spec" / "bapi-2026-05-12.yml"
)


@functools.cache
def load_spec() -> dict[str, Any]:
    """Clerk's OpenAPI document for the Backend API, parsed once per session."""
    import yaml

    with SPEC_PATH.open(encoding="utf-8") as f:
        spec: dict[str, Any] = yaml.safe_load(f)
    return spec


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The parsed Backend API specification."""
    return load_spec()


@pytest.fixture(params=[AsyncCaller, BlockingCaller], ids=["async", "blocking"])
def make_caller(
    request: pytest.FixtureRequest, fake_clerk: FakeClerk
) -> Iterator[Callable[..., Caller]]:
    """Build callers (async or blocking, per parameter) pointed at the fake.

    Settings given to the factory override the fake's key and base URL.
    Every caller is closed after the test.
    """
    made: list[Caller] = []

    def make(**settings: Any) -> Caller:
        settings.setdefault("secret_key", fake_clerk.secret_key)
        settings.setdefault("base_url", fake_clerk.base_url)
        caller: Caller = request.param(**settings)
        made.append(caller)
        return caller

    yield make
    for caller in made:
        caller.close()


@pytest.fixture
def call(make_caller: Callable[..., Caller]) -> Caller:
    """A caller with default settings against the fake (async or blocking)."""
    return make_caller()
