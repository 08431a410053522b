"""Client CPU, wall time and throughput of one ban, client by client.

Each (client, concurrency) pair runs in worker processes of its own
(``python -m bench.calls``; three by default, so that one process's luck
cannot decide a result), and imports, caches and garbage of one client never weigh
on another. The parent starts the workers one after another and lets each
warm up alone; a warm-up also calibrates how many calls make a round
of about ``round_seconds``. It then runs the rounds *interleaved* (round 1 of
every worker, then round 2 of every worker, ...), so that a slow spell of the
machine hits every client alike instead of one of them.

A round is measured inside the worker: ``time.process_time()`` (CPU of every
thread of the client process, nothing else: the server is another process)
and ``time.perf_counter()`` around a fixed number of calls; ``os.times()``
tells which part of that CPU the kernel spent (system calls, thread
switches). Before each round
the worker collects garbage and makes a few unmeasured calls, which reopens
any pooled connection that idled out while the other workers ran.

The worker speaks JSON lines: it prints ``{"ready": …}`` once warmed up, then
answers each ``round`` line on its standard input with one result line, and
exits on ``quit``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import IO, Any

from bench.clients import KINDS, Driver, describe, make_driver

__all__ = ["CallResult", "measure_calls", "warm_up"]

REPO = Path(__file__).resolve().parents[1]


@dataclass
class CallResult:
    """The rounds of one client at one concurrency, and their medians."""

    kind: str
    concurrency: int
    result_type: str = ""
    rounds: list[dict[str, float]] = field(default_factory=list)

    def _median(self, key: str) -> float:
        return median(r[key] for r in self.rounds)

    @property
    def cpu_us(self) -> float:
        """Median client CPU per call, in microseconds."""
        return self._median("cpu_us")

    @property
    def wall_us(self) -> float:
        """Median wall time per call, in microseconds (1 / throughput)."""
        return self._median("wall_us")

    @property
    def calls_per_s(self) -> float:
        """Median throughput."""
        return self._median("calls_per_s")

    @property
    def kernel_us(self) -> float:
        """Median part of the client CPU spent in the kernel, per call."""
        return self._median("kernel_us")

    @property
    def server_cpu_us(self) -> float:
        """Median server CPU per request during the rounds."""
        return self._median("server_cpu_us")

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "concurrency": self.concurrency,
            "calls_per_round": self._median("calls"),
            "result_type": self.result_type,
            "cpu_us_per_call": self.cpu_us,
            "kernel_us_per_call": self.kernel_us,
            "wall_us_per_call": self.wall_us,
            "calls_per_s": self.calls_per_s,
            "server_cpu_us_per_request": self.server_cpu_us,
            "rounds": self.rounds,
        }


# The worker side.


def warm_up(
    driver: Driver, warmup_seconds: float, round_seconds: float
) -> tuple[int, int]:
    """Warm ``driver`` up; return (calls per round, calls per re-warm)."""
    concurrency = driver.concurrency
    chunk = max(64, 4 * concurrency)
    driver.run(chunk)  # connections opened, code paths specialised

    done = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < warmup_seconds:
        driver.run(chunk)
        done += chunk
    rate = done / elapsed
    per_round = max(chunk, round(rate * round_seconds / concurrency) * concurrency)
    rewarm = max(16, 2 * concurrency)
    return per_round, rewarm


def _measure_round(driver: Driver, calls: int, rewarm: int) -> dict[str, float]:
    gc.collect()
    driver.run(rewarm)

    times_started = os.times()
    cpu_started = time.process_time()
    wall_started = time.perf_counter()
    driver.run(calls)
    wall = time.perf_counter() - wall_started
    cpu = time.process_time() - cpu_started
    kernel = os.times().system - times_started.system

    return {
        "calls": calls,
        "cpu_us": cpu / calls * 1e6,
        "kernel_us": kernel / calls * 1e6,
        "wall_us": wall / calls * 1e6,
        "calls_per_s": calls / wall,
    }


def _worker(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.calls")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--warmup-seconds", type=float, default=1.0)
    parser.add_argument("--round-seconds", type=float, default=2.0)
    parser.add_argument("--cpu", type=int, help="pin this process to one CPU")
    args = parser.parse_args(argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    driver = make_driver(args.kind, args.base_url, args.concurrency)
    result_type = describe(driver.sample())
    per_round, rewarm = warm_up(driver, args.warmup_seconds, args.round_seconds)
    _say({"ready": True, "calls_per_round": per_round, "result_type": result_type})

    for line in sys.stdin:
        command = line.strip()
        if command == "round":
            _say(_measure_round(driver, per_round, rewarm))
        elif command == "quit":
            break
    driver.close()


def _say(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


# The parent side.


class _Worker:
    """A running worker process and the pipes to talk to it."""

    def __init__(self, kind: str, concurrency: int, args: list[str]) -> None:
        self.kind = kind
        self.concurrency = concurrency
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.calls", kind, *args],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, command: str | None = None) -> dict[str, Any]:
        stdin: IO[str] | None = self._process.stdin
        stdout: IO[str] | None = self._process.stdout
        assert stdin is not None
        assert stdout is not None
        if command is not None:
            stdin.write(command + "\n")
            stdin.flush()
        line = stdout.readline()
        if not line:
            code = self._process.wait()
            raise RuntimeError(f"{self.kind} worker exited with status {code}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def quit(self) -> None:
        if self._process.poll() is None:
            try:
                assert self._process.stdin is not None
                self._process.stdin.write("quit\n")
                self._process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def measure_calls(
    base_url: str,
    server_stats: Any,
    *,
    kinds: tuple[str, ...] = KINDS,
    concurrencies: tuple[int, ...] = (1, 64),
    processes: int = 3,
    rounds: int = 3,
    warmup_seconds: float = 1.0,
    round_seconds: float = 2.0,
    cpu: int | None = None,
    log: Any = print,
) -> list[CallResult]:
    """Run every client at every concurrency; rounds interleaved across them.

    Each (client, concurrency) pair gets ``processes`` workers of its own,
    each measuring ``rounds`` rounds, so that one process's luck (memory
    layout, hash seeds) cannot decide a result. ``server_stats()`` returns
    the server's ``(requests, cpu_seconds)``; its change over a round gives
    the server's CPU per request.
    """
    common = [
        f"--base-url={base_url}",
        f"--warmup-seconds={warmup_seconds}",
        f"--round-seconds={round_seconds}",
    ]
    if cpu is not None:
        common.append(f"--cpu={cpu}")

    results = {
        (kind, concurrency): CallResult(kind, concurrency)
        for concurrency in concurrencies
        for kind in kinds
    }
    workers: list[_Worker] = []
    try:
        for process in range(processes):
            for (kind, concurrency), result in results.items():
                log(
                    f"  warming up {kind} at concurrency {concurrency} "
                    f"(process {process + 1} of {processes})"
                )
                worker = _Worker(
                    kind, concurrency, [*common, f"--concurrency={concurrency}"]
                )
                workers.append(worker)
                ready = worker.ask()
                result.result_type = ready["result_type"]

        for number in range(1, rounds + 1):
            log(f"  round {number} of {rounds} in every worker")
            for worker in workers:
                requests_before, cpu_before = server_stats()
                measured = worker.ask("round")
                requests_after, cpu_after = server_stats()
                served = max(requests_after - requests_before - 1, 1)
                measured["server_cpu_us"] = (cpu_after - cpu_before) / served * 1e6
                results[worker.kind, worker.concurrency].rounds.append(measured)
    finally:
        for worker in workers:
            worker.quit()
    return list(results.values())


if __name__ == "__main__":
    _worker(sys.argv[1:])
