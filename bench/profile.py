"""Where one client's time goes: ``python -m bench.profile KIND``.

Starts the bench server, builds the client of ``KIND`` (one of
:data:`bench.clients.KINDS`) in this process, warms it up, then runs about
``--seconds`` worth of bans under :mod:`cProfile` and prints, per ban, the
self and cumulative microseconds of the costliest functions, in process CPU
time by default (``--timer wall`` counts waiting too). The client's
unprofiled CPU per call is printed first, for scale: cProfile's own overhead
inflates every figure, so compare rows with each other (and with the same
rows of the floor), not with the benchmark's numbers.

cProfile sees only the thread that enables it, so a blocking client is
profiled at concurrency 1; to look at threads, run a worker
(``python -m bench.calls``) under a sampling profiler instead.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time
from typing import Any

from bench.calls import warm_up
from bench.clients import KINDS, make_driver
from bench.server import ServerProcess

__all__ = ["main"]


def _where(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    for marker in ("site-packages/", "/lib/python3."):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            if marker != "site-packages/":
                filename = filename.split("/", 1)[-1]
            break
    else:
        filename = os.path.relpath(filename) if filename.startswith("/") else filename
    return f"{filename}:{line}({function})"


def _print_table(stats: pstats.Stats, calls: int, sort: str, limit: int) -> None:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    index = 2 if sort == "tottime" else 3
    rows = sorted(raw.items(), key=lambda item: item[1][index], reverse=True)
    print(f"{'self µs/ban':>12} {'cum µs/ban':>11} {'calls/ban':>10}  function")
    for key, (_, total_calls, own, cumulative, _) in rows[:limit]:
        print(
            f"{own / calls * 1e6:12.2f} {cumulative / calls * 1e6:11.2f} "
            f"{total_calls / calls:10.2f}  {_where(key)}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--sort", choices=("tottime", "cumtime"), default="tottime")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument(
        "--timer",
        choices=("cpu", "wall"),
        default="cpu",
        help="cpu (process time, the default) leaves out time spent waiting",
    )
    parser.add_argument("--no-pin", action="store_true")
    args = parser.parse_args(argv)
    if args.kind.endswith("blocking") and args.concurrency != 1:
        parser.error("cProfile sees one thread: profile blocking clients at 1")

    pin = not args.no_pin and len(os.sched_getaffinity(0)) >= 2
    with ServerProcess(cpu=max(os.sched_getaffinity(0)) if pin else None) as server:
        if pin:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        driver = make_driver(args.kind, server.base_url, args.concurrency)
        try:
            calls, _ = warm_up(driver, 1.0, args.seconds)
            cpu_started = time.process_time()
            driver.run(calls)
            unprofiled = (time.process_time() - cpu_started) / calls * 1e6

            timer = time.process_time if args.timer == "cpu" else time.perf_counter
            profiler = cProfile.Profile(timer)
            profiler.runcall(driver.run, calls)
        finally:
            driver.close()

    print(
        f"{args.kind} at concurrency {args.concurrency}: {calls} bans, "
        f"{unprofiled:.1f} µs of client CPU per ban without the profiler\n"
    )
    _print_table(pstats.Stats(profiler), calls, args.sort, args.limit)


if __name__ == "__main__":
    main()
