"""Run the whole benchmark: ``python -m bench`` (or ``nox -s bench``).

Writes ``bench/results/latest.json`` and ``bench/results/latest.md`` and
prints the Markdown report. ``--quick`` runs every part briefly, to check the
harness itself, and ``--only SECTION`` runs some parts; both write to a
temporary directory unless ``--output`` says otherwise, so that
``bench/results`` only ever holds complete runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.calls import REPO, measure_calls
from bench.coldstart import import_times, measure_cold_start
from bench.memory import KINDS as MEMORY_KINDS
from bench.payload import check_against_spec, find_spec, user_json
from bench.report import describe_machine, evaluate_targets, to_markdown
from bench.server import ServerProcess

SECTIONS = ("calls", "structuring", "cold_start", "import_time", "memory")


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _child_json(module: str, *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"python -m {module} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _cpus(pin: bool) -> tuple[int | None, int | None]:
    """(server CPU, client CPU), or no pinning on a one-CPU machine."""
    if not pin or not hasattr(os, "sched_getaffinity"):
        return None, None
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        return None, None
    return allowed[-1], allowed[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="check the harness")
    parser.add_argument(
        "--processes", type=int, default=3, help="worker processes per client (3)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="measured rounds per process (3)"
    )
    parser.add_argument(
        "--round-seconds", type=float, default=2.0, help="length of a round (2.0)"
    )
    parser.add_argument(
        "--warmup-seconds", type=float, default=1.5, help="warm-up per client (1.5)"
    )
    parser.add_argument(
        "--cold-runs", type=int, default=7, help="cold starts per SDK (7)"
    )
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="run this part (repeatable)"
    )
    parser.add_argument("--no-pin", action="store_true", help="leave CPUs unpinned")
    parser.add_argument(
        "--output",
        type=Path,
        help="directory for latest.json and latest.md (default: bench/results, "
        "or a temporary directory with --quick or --only)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.processes, args.rounds = 1, 2
        args.round_seconds, args.warmup_seconds = 0.3, 0.3
        args.cold_runs = 2
    if args.quick or args.only:
        args.output = args.output or Path(tempfile.gettempdir()) / "clerk-async-bench"
    args.output = args.output or REPO / "bench" / "results"
    sections = args.only or SECTIONS
    server_cpu, client_cpu = _cpus(not args.no_pin)
    pin = [] if client_cpu is None else [f"--cpu={client_cpu}"]

    spec = find_spec()
    spec_check = None
    if spec is None:
        _log("spec not found: the payload is not checked for completeness")
    else:
        check = check_against_spec(spec)
        if check.missing:
            _log(f"the payload lacks spec properties: {', '.join(check.missing)}")
            return 1
        spec_check = check.as_dict()

    results: dict[str, Any] = {
        "machine": describe_machine(),
        "settings": {
            "processes": args.processes,
            "rounds": args.rounds,
            "round_seconds": args.round_seconds,
            "warmup_seconds": args.warmup_seconds,
            "cold_runs": args.cold_runs,
            "server_cpu": server_cpu,
            "client_cpu": client_cpu,
            "quick": args.quick,
        },
        "payload": {"body_bytes": len(user_json()), "spec_check": spec_check},
    }
    started = time.monotonic()

    with ServerProcess(cpu=server_cpu) as server:
        if "calls" in sections:
            _log("ban calls, client by client:")
            calls = measure_calls(
                server.base_url,
                server.stats,
                processes=args.processes,
                rounds=args.rounds,
                warmup_seconds=args.warmup_seconds,
                round_seconds=args.round_seconds,
                cpu=client_cpu,
                log=_log,
            )
            results["calls"] = [result.as_dict() for result in calls]
        if "structuring" in sections:
            _log("structuring one User, in a loop and between calls")
            quick = (
                ["--seconds=0.1", "--repeats=3", "--calls=100"] if args.quick else []
            )
            results["structuring"] = _child_json(
                "bench.structuring", f"--base-url={server.base_url}", *quick, *pin
            )
        if "cold_start" in sections:
            _log("cold start to the first ban")
            results["cold_start"] = measure_cold_start(
                server.base_url, runs=args.cold_runs, cpu=client_cpu
            )

    if "import_time" in sections:
        _log("import times")
        runs = 2 if args.quick else 5
        results["import_time"] = import_times(
            ("clerk_async", "clerk_backend_api"), runs=runs, cpu=client_cpu
        )
    if "memory" in sections:
        _log("memory of 10,000 Users")
        results["memory"] = {
            kind: _child_json("bench.memory", kind, *pin) for kind in MEMORY_KINDS
        }

    results["machine"]["load_average_1m_end"] = os.getloadavg()[0]
    results["targets"] = [target.as_dict() for target in evaluate_targets(results)]
    results["settings"]["seconds_taken"] = round(time.monotonic() - started, 1)

    report = to_markdown(results)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.output / "latest.md").write_text(report, encoding="utf-8")
    print(report)
    _log(f"written to {args.output}/latest.json and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
