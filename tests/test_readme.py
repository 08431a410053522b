"""The README's quick starts run as written, against a fake Clerk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clerk_async import AsyncClerk, Clerk
from clerk_async.testing import FakeClerk

README = Path(__file__).resolve().parents[1] / "README.md"
USER_ID = "user_2V7JJKmoA9HqzHhfMqK5cpgLl56"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)


def test_readme_has_both_quick_starts() -> None:
    """There is an async and a blocking quick start."""
    blocks = python_blocks()
    assert any("AsyncClerk()" in b for b in blocks)
    assert any("Clerk()" in b and "AsyncClerk" not in b for b in blocks)


def test_readme_gives_the_two_set_up_commands() -> None:
    """The demo and the test suite each take one command on a fresh machine."""
    text = README.read_text("utf-8")
    assert "python -m pip install nox && python -m nox -s demo" in text
    assert "python -m pip install nox && python -m nox -s tests" in text


@pytest.mark.parametrize("block", python_blocks())
def test_readme_block_runs(
    block: str,
    fake_clerk: FakeClerk,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each Python block runs unchanged, with only the default URL pointed here."""
    fake_clerk.add_user(id=USER_ID)
    monkeypatch.setenv("CLERK_SECRET_KEY", fake_clerk.secret_key)
    for cls in (AsyncClerk, Clerk):
        monkeypatch.setitem(
            cls.__init__.__kwdefaults__, "base_url", fake_clerk.base_url
        )

    exec(compile(block, str(README), "exec"), {"__name__": "__main__"})  # noqa: S102

    if USER_ID in block:
        assert f"{USER_ID} banned: True" in capsys.readouterr().out
