"""Importing the package stays light: heavy parts load only when used."""

from __future__ import annotations

import subprocess
import sys


def modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(result.stdout.split())


def test_import_loads_neither_facade_nor_fake_nor_cli() -> None:
    """`import clerk_async` leaves blocking, testing, CLI and cattrs unloaded."""
    loaded = modules_after("import clerk_async")
    assert "clerk_async._client" in loaded
    for lazy in (
        "clerk_async._facade",
        "clerk_async._blocking",
        "clerk_async.testing",
        "clerk_async._cli",
        "aiohttp.web",
        "anyio",
        "cattrs",
    ):
        assert lazy not in loaded, lazy


def test_structure_loads_cattrs_on_first_use() -> None:
    """The public structure() builds its cattrs converter when first called."""
    loaded = modules_after(
        "from clerk_async import structure\n"
        "from clerk_async.models import User\n"
        "structure({'id': 'user_1'}, User)"
    )
    assert "cattrs" in loaded


def test_clerk_loads_the_blocking_machinery_on_first_use() -> None:
    """Touching clerk_async.Clerk imports the generated facade."""
    loaded = modules_after("import clerk_async; clerk_async.Clerk")
    assert "clerk_async._facade" in loaded
    assert "clerk_async._blocking" in loaded
    assert "clerk_async.testing" not in loaded


def test_the_pytest_plugin_loads_no_server() -> None:
    """Loading the pytest plugin does not import the fake server."""
    loaded = modules_after("import clerk_async.testing.pytest_plugin")
    assert "aiohttp.web" not in loaded
    assert "clerk_async.testing._fake" not in loaded
