"""Testing tools: a fake Clerk Users API on loopback, and a pytest plugin.

:class:`FakeClerk` serves Clerk's Users endpoints over real HTTP from memory,
records every request as a :class:`RecordedRequest`, and misbehaves on
demand through :class:`Fault`. The pytest plugin
(:mod:`clerk_async.testing.pytest_plugin`) provides it as the ``fake_clerk``
fixture.

``import clerk_async`` does not import this package. Its names are loaded on
first use, so that pytest, which imports the plugin module (and so this
package) in every session, does not load aiohttp's server side for projects
that never use the fake.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._fake import FakeClerk
    from ._faults import Fault
    from ._server import RecordedRequest

__all__ = ["FakeClerk", "Fault", "RecordedRequest"]

_MODULES = {
    "FakeClerk": "._fake",
    "Fault": "._faults",
    "RecordedRequest": "._server",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
