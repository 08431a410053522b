"""The ``clerk-async`` command: a demo on a local fake Clerk, and user calls.

``clerk-async demo`` needs no account. ``clerk-async users ban USER_ID`` calls
the real Backend API with the key in ``CLERK_SECRET_KEY``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from clerk_async._config import DEFAULT_BASE_URL, SECRET_KEY_VARIABLE

if TYPE_CHECKING:
    from clerk_async.models import User

__all__ = ["main"]

EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def describe(user: User) -> str:
    """A few readable lines about a user."""
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    emails = {email.id: email.email_address for email in user.email_addresses}
    email = emails.get(user.primary_email_address_id or "") or next(
        iter(emails.values()), ""
    )
    who = " ".join(part for part in (name, f"<{email}>" if email else "") if part)
    return "\n".join(
        [
            f"{user.id}  {who or '(no name)'}",
            f"  banned: {'yes' if user.banned else 'no'}"
            f"   locked: {'yes' if user.locked else 'no'}",
            f"  updated: {_when(user.updated_at)}",
        ]
    )


def _when(milliseconds: int) -> str:
    if not milliseconds:
        return "unknown"
    moment = datetime.datetime.fromtimestamp(milliseconds / 1000, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _demo(_: argparse.Namespace) -> int:
    from clerk_async import AsyncClerk, Clerk
    from clerk_async.testing import FakeClerk

    with FakeClerk() as fake:
        alexis = fake.add_user(
            first_name="Alexis",
            last_name="Aguilar",
            email_addresses=["alexis@example.com"],
        )
        sam = fake.add_user(
            first_name="Sam", last_name="Rivera", email_addresses=["sam@example.com"]
        )
        print(f"Fake Clerk listening at {fake.base_url}\n")

        async def ban_async() -> User:
            async with AsyncClerk(fake.secret_key, base_url=fake.base_url) as clerk:
                return await clerk.users.ban_user(alexis["id"])

        print("AsyncClerk: await clerk.users.ban_user(...)")
        print(describe(asyncio.run(ban_async())), end="\n\n")

        print("Clerk (blocking): clerk.users.ban_user(...)")
        with Clerk(fake.secret_key, base_url=fake.base_url) as clerk:
            print(describe(clerk.users.ban_user(sam["id"])), end="\n\n")

            print("Banning an unknown id raises a typed error:")
            try:
                clerk.users.ban_user("user_does_not_exist")
            except Exception as error:  # noqa: BLE001 - the demo shows any error
                print(f"  {type(error).__name__}: {error}")
    return 0


def _user_call(options: argparse.Namespace) -> int:
    from clerk_async import Clerk, unstructure
    from clerk_async.errors import ClerkConfigurationError, ClerkError

    if not os.environ.get(SECRET_KEY_VARIABLE):
        print(
            f"clerk-async: no secret key: set the {SECRET_KEY_VARIABLE} "
            "environment variable",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        with Clerk(base_url=options.base_url) as clerk:
            method = getattr(clerk.users, f"{options.action}_user")
            user = method(options.user_id)
    except (ClerkConfigurationError, TypeError, ValueError) as error:
        print(f"clerk-async: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ClerkError as error:
        print(f"clerk-async: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_API_ERROR
    if options.json:
        print(json.dumps(unstructure(user), indent=2))
    else:
        print(describe(user))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clerk-async", description="Clerk Backend API from the command line."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser(
        "demo", help="ban users on a local fake Clerk (no account needed)"
    )
    demo.set_defaults(run=_demo)

    users = commands.add_parser("users", help="calls of the Users API")
    actions = users.add_subparsers(dest="action", required=True)
    for action, text in (
        ("ban", "ban a user: revoke their sessions, refuse their sign-ins"),
        ("unban", "lift a user's ban"),
        ("lock", "lock a user out until the lock expires"),
        ("unlock", "remove a user's lock"),
        ("get", "show a user"),
    ):
        command = actions.add_parser(
            action, help=text, description=f"{text[0].upper()}{text[1:]}."
        )
        command.add_argument("user_id", help="the user's id, such as user_2V7J...")
        command.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Backend API base URL (default {DEFAULT_BASE_URL})",
        )
        command.add_argument(
            "--json", action="store_true", help="print the user as wire JSON"
        )
        command.set_defaults(run=_user_call)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    options: Any = _parser().parse_args(argv)
    try:
        status: int = options.run(options)
    except KeyboardInterrupt:
        print("clerk-async: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return status


if __name__ == "__main__":
    raise SystemExit(main())
