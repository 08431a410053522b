"""The clerk-async command: the demo and the users commands, as subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from clerk_async.testing import FakeClerk


def run(*args: str, key: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLERK_SECRET_KEY"}
    if key is not None:
        env["CLERK_SECRET_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "clerk_async", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_demo_bans_with_both_clients_and_needs_no_key() -> None:
    """`clerk-async demo` bans one user async, one blocking, and shows an error."""
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("banned: yes") == 2
    assert "AsyncClerk" in result.stdout
    assert "Clerk (blocking)" in result.stdout
    assert "NotFoundError: 404 resource_not_found" in result.stdout
    assert result.stderr == ""


def test_users_ban_prints_the_banned_user(fake_clerk: FakeClerk) -> None:
    """`users ban ID` with CLERK_SECRET_KEY bans and prints the user."""
    user = fake_clerk.add_user(first_name="Ada", last_name="Lovelace")
    result = run(
        "users",
        "ban",
        user["id"],
        "--base-url",
        fake_clerk.base_url,
        key=fake_clerk.secret_key,
    )
    assert result.returncode == 0, result.stderr
    assert user["id"] in result.stdout
    assert "Ada Lovelace" in result.stdout
    assert "banned: yes" in result.stdout
    assert fake_clerk.get_user(user["id"])["banned"] is True


def test_users_ban_json_output(fake_clerk: FakeClerk) -> None:
    """--json prints the user as wire JSON."""
    user = fake_clerk.add_user()
    result = run(
        "users",
        "ban",
        user["id"],
        "--json",
        "--base-url",
        fake_clerk.base_url,
        key=fake_clerk.secret_key,
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["id"] == user["id"]
    assert printed["banned"] is True


def test_users_ban_unknown_id_fails_with_the_error(fake_clerk: FakeClerk) -> None:
    """An API error is printed on stderr with exit status 1."""
    result = run(
        "users",
        "ban",
        "user_missing",
        "--base-url",
        fake_clerk.base_url,
        key=fake_clerk.secret_key,
    )
    assert result.returncode == 1
    assert "NotFoundError" in result.stderr
    assert "resource_not_found" in result.stderr
    assert fake_clerk.secret_key not in result.stderr + result.stdout


def test_users_ban_without_a_key_is_a_usage_error(fake_clerk: FakeClerk) -> None:
    """No CLERK_SECRET_KEY: exit status 2 naming the variable; nothing sent."""
    result = run("users", "ban", "user_1", "--base-url", fake_clerk.base_url)
    assert result.returncode == 2
    assert "CLERK_SECRET_KEY" in result.stderr
    assert fake_clerk.requests == []


def test_users_ban_bad_id_is_a_usage_error(fake_clerk: FakeClerk) -> None:
    """A dot-segment id is refused before sending, exit status 2."""
    result = run(
        "users",
        "ban",
        "..",
        "--base-url",
        fake_clerk.base_url,
        key=fake_clerk.secret_key,
    )
    assert result.returncode == 2
    assert "user_id" in result.stderr
    assert fake_clerk.requests == []


def test_retries_are_silent_without_logging_setup(fake_clerk: FakeClerk) -> None:
    """The library logs nothing to stderr unless the app configures logging."""
    from clerk_async.testing import Fault

    user = fake_clerk.add_user()
    fake_clerk.inject(Fault.clerk_error(503, "unavailable", retry_after="0"))
    result = run(
        "users",
        "ban",
        user["id"],
        "--base-url",
        fake_clerk.base_url,
        key=fake_clerk.secret_key,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert fake_clerk.request_count() == 2
