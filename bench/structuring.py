"""Time to turn one full User body into a model, in a loop and between calls.

Run in a fresh process (``python -m bench.structuring``), it measures each
way of decoding twice:

- **In a loop**, with :mod:`timeit`: as many calls per repeat as fill about
  ``--seconds``, several repeats, with the garbage collector on as in a real
  client; the best and the median repeat per call are reported. This is the
  classic micro-benchmark, with every cache warm.
- **Between calls** (when ``--base-url`` names the bench server): the body
  of each real ban is decoded by one way after the other, round-robin, and
  only the decoding is timed. Here the decoder runs after the HTTP stack has
  had the CPU's caches, as it does inside a client; the loop figure
  understates that cost, for every library alike but not by the same amount.

Compared, from the raw bytes as they leave the socket:

- clerk_async's per-call path: its parser (``clerk_async._json.loads``:
  orjson when the ``speedups`` extra is installed, as in ``nox -s bench``,
  else ``json.loads``) then ``decoder(User)``, which is what ``ban_user``
  runs; and the same with ``json.loads``, for the standard library alone;
- clerk_async's public ``structure(json.loads(raw), User)``;
- the official SDK's pydantic ``User.model_validate_json(raw)``, pydantic's
  fastest way in;
- what the official SDK's ``users.ban`` really runs on the body
  (``unmarshal_json``, which builds a wrapper model on every call; in the
  loop only).

And, in the loop, from an already parsed ``dict``: ``decoder(User)``,
``structure`` and ``User.model_validate``. ``json.loads`` alone is shown for
scale.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import time
import timeit
from collections.abc import Callable
from statistics import median
from typing import Any

from bench.clients import SECRET_KEY, describe
from bench.payload import USER_ID, user_json

__all__ = ["BETWEEN_CALLS", "IN_A_LOOP", "main"]

Decode = Callable[[bytes], Any]

IN_A_LOOP = (
    "json.loads(raw)",
    "clerk_async per call: decoder(User)(clerk_async._json.loads(raw))",
    "clerk_async: decoder(User)(json.loads(raw))",
    "clerk_async: structure(json.loads(raw), User)",
    "pydantic: User.model_validate_json(raw)",
    "clerk-backend-api: unmarshal_json(text, User)",
    "clerk_async: decoder(User)(dict)",
    "clerk_async: structure(dict, User)",
    "pydantic: User.model_validate(dict)",
)

BETWEEN_CALLS = IN_A_LOOP[:5]
"""The ways from raw bytes that are cheap enough to run on every call."""


def _ways() -> dict[str, Decode]:
    """Every way of decoding, as a function of the body's bytes."""
    from clerk_backend_api.models import User as OfficialUser
    from clerk_backend_api.utils.serializers import unmarshal_json

    from clerk_async import _json, structure
    from clerk_async._converter import decoder
    from clerk_async.models import User

    decode = decoder(User)
    loads = json.loads
    data = loads(user_json())

    return {
        "json.loads(raw)": loads,
        "clerk_async per call: decoder(User)(clerk_async._json.loads(raw))": (
            lambda raw: decode(_json.loads(raw))
        ),
        "clerk_async: decoder(User)(json.loads(raw))": lambda raw: decode(loads(raw)),
        "clerk_async: structure(json.loads(raw), User)": lambda raw: structure(
            loads(raw), User
        ),
        "pydantic: User.model_validate_json(raw)": OfficialUser.model_validate_json,
        "clerk-backend-api: unmarshal_json(text, User)": lambda raw: unmarshal_json(
            raw.decode(), OfficialUser
        ),
        "clerk_async: decoder(User)(dict)": lambda _: decode(data),
        "clerk_async: structure(dict, User)": lambda _: structure(data, User),
        "pydantic: User.model_validate(dict)": lambda _: OfficialUser.model_validate(
            data
        ),
    }


def _in_a_loop(decode: Decode, seconds: float, repeats: int) -> dict[str, Any]:
    raw = user_json()
    # timeit turns the garbage collector off; a client runs with it on.
    timer = timeit.Timer(lambda: decode(raw), setup="gc.enable()", globals={"gc": gc})
    number, taken = timer.autorange()
    number = max(1, round(number * seconds / max(taken, 1e-9)))
    per_call = [t / number * 1e6 for t in timer.repeat(repeat=repeats, number=number)]
    return {
        "best_us": min(per_call),
        "median_us": median(per_call),
        "calls_per_repeat": number,
        "repeats": repeats,
    }


async def _between_calls(
    base_url: str, ways: dict[str, Decode], calls_per_way: int, rounds: int
) -> dict[str, Any]:
    import aiohttp

    url = f"{base_url}/users/{USER_ID}/ban"
    names = list(ways)
    per_round: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter
    async with aiohttp.ClientSession(
        headers={"Authorization": f"Bearer {SECRET_KEY}"}
    ) as session:
        for warming in (True, *([False] * rounds)):
            spent = dict.fromkeys(names, 0.0)
            for _ in range(50 if warming else calls_per_way):
                for name in names:
                    async with session.post(url) as response:
                        raw = await response.read()
                    decode = ways[name]
                    started = clock()
                    decode(raw)
                    spent[name] += clock() - started
            if not warming:
                for name in names:
                    per_round[name].append(spent[name] / calls_per_way * 1e6)
    return {
        name: {
            "median_us": median(per_round[name]),
            "rounds_us": per_round[name],
            "calls_per_round": calls_per_way,
        }
        for name in names
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.structuring")
    parser.add_argument("--seconds", type=float, default=0.5, help="per repeat")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--base-url", help="the bench server, to decode real answers")
    parser.add_argument("--calls", type=int, default=1500, help="per way and round")
    parser.add_argument("--cpu", type=int, help="pin this process to one CPU")
    args = parser.parse_args(argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    ways = _ways()
    for name in IN_A_LOOP:
        describe(ways[name](user_json()))  # each way decodes the same banned user

    results: dict[str, Any] = {
        "in_a_loop": {
            name: _in_a_loop(ways[name], args.seconds, args.repeats)
            for name in IN_A_LOOP
        }
    }
    if args.base_url:
        results["between_calls"] = asyncio.run(
            _between_calls(
                args.base_url,
                {name: ways[name] for name in BETWEEN_CALLS},
                args.calls,
                args.repeats,
            )
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
