"""pytest fixtures for testing code that calls Clerk, against a fake.

The plugin is registered with pytest through the ``pytest11`` entry point
of the ``clerk-async`` distribution (named ``clerk_async``), so installing
the package is enough, and ``-p no:clerk_async`` turns it off. Only when
running from a source tree that is not installed, load it with
``-p clerk_async.testing.pytest_plugin``; doing so while the package is
installed registers it twice, which pytest refuses.

Fixtures:

``fake_clerk``
    A :class:`~clerk_async.testing.FakeClerk` serving on its own event loop
    in a background thread, started before the test and stopped after it.
    Being on its own loop, it serves blocking tests and async tests on any
    event loop alike. Point the client under test at ``fake_clerk.base_url``
    with ``fake_clerk.secret_key``, seed users with ``fake_clerk.add_user()``,
    inject faults with ``fake_clerk.inject()``, and check
    ``fake_clerk.requests`` afterwards::

        def test_ban(fake_clerk):
            user = fake_clerk.add_user()
            with Clerk(fake_clerk.secret_key, base_url=fake_clerk.base_url) as clerk:
                clerk.users.ban_user(user["id"])
            assert fake_clerk.get_user(user["id"])["banned"]

Loading the plugin imports neither aiohttp's server nor the fake; they are
imported when a test first asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from clerk_async.testing import FakeClerk

__all__ = ["fake_clerk"]


@pytest.fixture
def fake_clerk() -> Iterator[FakeClerk]:
    """A FakeClerk serving in a background thread for the test's duration."""
    from clerk_async.testing import FakeClerk

    with FakeClerk() as fake:
        yield fake
