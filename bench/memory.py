"""Memory held by 10,000 decoded Users, clerk_async against pydantic.

Each side runs in a fresh process (``python -m bench.memory KIND``). The
process first makes the 10,000 response bodies (distinct ids, emails, names
and timestamps, so no string is shared between users), then starts
:mod:`tracemalloc`, takes a snapshot, decodes every body into a model that it
keeps in a list, collects garbage and takes a second snapshot. The growth
between the snapshots is what the live models hold: their own objects and
every string, tuple and dict they keep from the body (the bodies themselves
were allocated before tracing began, and the parsed dicts are dropped).

Both sides start from bytes as a client receives them: clerk_async with
``decoder(User)(json.loads(raw))``, the official SDK's pydantic model with
``User.model_validate_json(raw)``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.payload import user_json

__all__ = ["KINDS", "main"]

KINDS = ("clerk_async", "pydantic")


def _decoder(kind: str) -> Callable[[bytes], Any]:
    if kind == "clerk_async":
        from clerk_async._converter import decoder
        from clerk_async.models import User

        decode = decoder(User)
        return lambda raw: decode(json.loads(raw))
    from clerk_backend_api.models import User as OfficialUser

    return OfficialUser.model_validate_json


def measure(kind: str, count: int) -> dict[str, Any]:
    decode = _decoder(kind)
    bodies = [user_json(index) for index in range(count)]
    decode(bodies[0])  # structuring code is generated on first use, not counted

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    users = [decode(body) for body in bodies]
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()

    if len({user.id for user in users}) != count:
        raise AssertionError("the bodies did not give distinct users")
    growth = after.compare_to(before, "lineno")
    held = sum(stat.size_diff for stat in growth)
    top = [
        {"where": str(stat.traceback[0]), "bytes": stat.size_diff}
        for stat in sorted(growth, key=lambda s: s.size_diff, reverse=True)[:5]
    ]
    return {
        "users": count,
        "bytes": held,
        "bytes_per_user": held / count,
        "body_bytes_per_user": sum(map(len, bodies)) / count,
        "top_allocations": top,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--cpu", type=int, help="pin this process to one CPU")
    args = parser.parse_args(argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    print(json.dumps(measure(args.kind, args.users)))


if __name__ == "__main__":
    main()
