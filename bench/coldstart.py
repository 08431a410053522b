"""Cold start: how long a fresh interpreter takes to its first ban.

For each SDK, async and blocking, a new interpreter runs
:mod:`bench.first_ban` (import, build a client, ban, exit). The time to the
first ban runs from just before the interpreter is started to the moment the
ban returns, so it includes the interpreter's own start-up, the imports, the
client's construction, the connection and the first call's one-off costs.
Runs are interleaved across the SDKs and the median is reported; a bare
interpreter that bans nothing is timed alike, to show the fixed part.

``python -X importtime -c "import PACKAGE"`` is summarised too: the total of
every module's own import time, and the ten entries with the largest
cumulative time. The packages are run alternately, several times each after
one unmeasured run; the run with the median total is kept.

Before either, the bytecode caches of both SDKs are written, as installing a
wheel does. Without that, an editable checkout on a machine that sets
``PYTHONDONTWRITEBYTECODE`` (as these do) would compile clerk_async from
source on every start, a cost no installed user pays, while the official
SDK, installed by pip, has its caches.
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

__all__ = ["COLD_KINDS", "compile_bytecode", "import_times", "measure_cold_start"]

_FIRST_BAN = Path(__file__).resolve().with_name("first_ban.py")

COLD_KINDS = (
    "interpreter",
    "clerk_async",
    "clerk_async_blocking",
    "official_async",
    "official_blocking",
)


def _run(command: list[str], cpu: int | None) -> subprocess.CompletedProcess[str]:
    """Run ``command`` to its end, on CPU ``cpu`` if one is given."""
    pin = None if cpu is None else lambda: os.sched_setaffinity(0, {cpu})
    return subprocess.run(
        command, capture_output=True, text=True, check=False, preexec_fn=pin
    )


def compile_bytecode(*packages: str) -> None:
    """Write the bytecode caches of ``packages`` where they are missing or stale."""
    for package in packages:
        spec = importlib.util.find_spec(package)
        for location in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(location, quiet=1)


def _first_ban(kind: str, base_url: str, cpu: int | None) -> tuple[float, float]:
    """(seconds to the first ban, seconds to the interpreter's exit)."""
    command = [sys.executable, str(_FIRST_BAN), kind, base_url]
    started = time.monotonic()
    finished = _run(command, cpu)
    exited = time.monotonic()
    if finished.returncode != 0:
        raise RuntimeError(f"{kind} first ban failed:\n{finished.stderr}")
    banned = float(finished.stdout.split()[-1])
    return banned - started, exited - started


def measure_cold_start(
    base_url: str, *, runs: int = 7, cpu: int | None = None
) -> dict[str, dict[str, Any]]:
    """Median time to the first ban (and to exit) of each of :data:`COLD_KINDS`."""
    compile_bytecode("clerk_async", "clerk_backend_api")
    for kind in COLD_KINDS:  # bytecode caches written, page cache warm
        _first_ban(kind, base_url, cpu)
    samples: dict[str, list[tuple[float, float]]] = {kind: [] for kind in COLD_KINDS}
    for _ in range(runs):
        for kind in COLD_KINDS:
            samples[kind].append(_first_ban(kind, base_url, cpu))
    return {
        kind: {
            "first_ban_ms": median(s[0] for s in runs_of_kind) * 1e3,
            "exit_ms": median(s[1] for s in runs_of_kind) * 1e3,
            "first_ban_runs_ms": [s[0] * 1e3 for s in runs_of_kind],
            "runs": runs,
        }
        for kind, runs_of_kind in samples.items()
    }


def _parse_import_time(stderr: str) -> tuple[float, list[dict[str, Any]]]:
    """Total self time (ms) and entries of ``-X importtime`` output."""
    entries: list[dict[str, Any]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        entries.append(
            {
                "module": name.rstrip(),
                "self_ms": int(own) / 1e3,
                "cumulative_ms": int(cumulative) / 1e3,
            }
        )
    return sum(e["self_ms"] for e in entries), entries


def import_times(
    packages: tuple[str, ...], *, runs: int = 5, cpu: int | None = None
) -> list[dict[str, Any]]:
    """``-X importtime`` of each package: total and top 10 cumulative entries."""
    compile_bytecode(*packages)
    measured: dict[str, list[tuple[float, list[dict[str, Any]]]]] = {
        package: [] for package in packages
    }
    for attempt in range(runs + 1):
        for package in packages:
            command = [sys.executable, "-X", "importtime", "-c", f"import {package}"]
            finished = _run(command, cpu)
            if finished.returncode != 0:
                raise RuntimeError(f"importing {package} failed:\n{finished.stderr}")
            if attempt:
                measured[package].append(_parse_import_time(finished.stderr))

    summaries = []
    for package, samples in measured.items():
        samples.sort(key=lambda sample: sample[0])
        total, entries = samples[len(samples) // 2]
        top = sorted(entries, key=lambda e: e["cumulative_ms"], reverse=True)[:10]
        summaries.append(
            {
                "package": package,
                "total_ms": total,
                "modules": len(entries),
                "top_cumulative": [
                    {"module": e["module"].strip(), "cumulative_ms": e["cumulative_ms"]}
                    for e in top
                ],
                "runs": runs,
            }
        )
    return summaries
