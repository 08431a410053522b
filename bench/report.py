"""The machine, the targets, and the results as JSON and Markdown.

Every ratio is taken within one run of the harness, on one machine, against
one server process: absolute microseconds differ from machine to machine, the
ratios are what the targets are about.
"""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.clients import LABELS

__all__ = ["Target", "describe_machine", "evaluate_targets", "to_markdown"]

_PACKAGES = (
    "clerk-async",
    "aiohttp",
    "yarl",
    "multidict",
    "cattrs",
    "attrs",
    "anyio",
    "clerk-backend-api",
    "httpx",
    "httpcore",
    "pydantic",
    "pydantic-core",
)


def _parser() -> str:
    from clerk_async._json import PARSER

    return PARSER


STRUCTURE_OURS = "clerk_async per call: decoder(User)(clerk_async._json.loads(raw))"
STRUCTURE_THEIRS = "pydantic: User.model_validate_json(raw)"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git(*args: str) -> str:
    repo = Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe_machine() -> dict[str, Any]:
    """Date, CPU, cores, Python, package versions and the checkout measured."""
    versions = {name: _version(name) for name in _PACKAGES}
    changed = _git("status", "--porcelain", "--", "clerk_async")
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "packages": versions,
        "load_average_1m": os.getloadavg()[0],
        "commit": _git("rev-parse", "--short", "HEAD") or "unknown",
        "package_changes_uncommitted": bool(changed),
    }


@dataclass
class Target:
    """One goal: a ratio from this run and the limit it must stay within."""

    name: str
    ratio: float | None
    limit: float
    at_least: bool = False
    """True when the ratio must reach the limit rather than stay under it."""

    @property
    def passed(self) -> bool | None:
        if self.ratio is None:
            return None
        return self.ratio >= self.limit if self.at_least else self.ratio <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.name,
            "ratio": self.ratio,
            "limit": ("≥ " if self.at_least else "≤ ") + f"{self.limit:g}",
            "result": {True: "PASS", False: "MISS", None: "NOT RUN"}[self.passed],
        }


def _call(results: dict[str, Any], kind: str, concurrency: int) -> Any:
    for entry in results.get("calls", []):
        if entry["kind"] == kind and entry["concurrency"] == concurrency:
            return entry
    return None


def _ratio(ours: Any, theirs: Any, key: str) -> float | None:
    if ours is None or theirs is None:
        return None
    return float(ours[key] / theirs[key])


_PAIRS = (
    ("clerk_async", "official_async", "async"),
    ("clerk_async_blocking", "official_blocking", "blocking"),
)
"""clerk_async's clients and the official SDK's counterparts."""


def evaluate_targets(results: dict[str, Any]) -> list[Target]:
    """Every target of the benchmark, judged on ``results``."""
    cpu = "cpu_us_per_call"

    def calls(ours: str, theirs: str, concurrency: int, key: str = cpu) -> float | None:
        return _ratio(
            _call(results, ours, concurrency), _call(results, theirs, concurrency), key
        )

    targets = [
        Target(
            f"async ban_user client CPU/call ÷ floor, concurrency {concurrency}",
            calls("clerk_async", "floor", concurrency),
            1.25,
        )
        for concurrency in (1, 64)
    ]
    targets.append(
        Target(
            "async ban_user throughput ÷ floor, concurrency 64",
            calls("clerk_async", "floor", 64, "calls_per_s"),
            0.85,
            at_least=True,
        )
    )
    targets.extend(
        Target(
            f"blocking ban_user client CPU/call ÷ floor, concurrency {concurrency}",
            calls("clerk_async_blocking", "floor", concurrency),
            1.3,
        )
        for concurrency in (1, 64)
    )
    targets.extend(
        Target(
            f"clerk-backend-api client CPU/call ÷ ours, {label}, "
            f"concurrency {concurrency}",
            calls(theirs, ours, concurrency),
            10.0,
            at_least=True,
        )
        for ours, theirs, label in _PAIRS
        for concurrency in (1, 64)
    )

    structuring = results.get("structuring", {}).get("in_a_loop", {})
    targets.append(
        Target(
            "structuring a full User ÷ pydantic model_validate_json",
            _ratio(
                structuring.get(STRUCTURE_OURS),
                structuring.get(STRUCTURE_THEIRS),
                "best_us",
            ),
            0.5,
        )
    )

    cold = results.get("cold_start", {})
    targets.extend(
        Target(
            f"cold start to the first ban ÷ clerk-backend-api, {label}",
            _ratio(cold.get(ours), cold.get(theirs), "first_ban_ms"),
            0.5,
        )
        for ours, theirs, label in _PAIRS
    )

    memory = results.get("memory", {})
    targets.append(
        Target(
            "memory of 10,000 Users ÷ pydantic models",
            _ratio(memory.get("clerk_async"), memory.get("pydantic"), "bytes"),
            0.5,
        )
    )
    return targets


def _ceilings(results: dict[str, Any]) -> list[str]:
    """Notes where a tenfold target would need clerk_async to beat the floor."""
    notes = []
    for _, theirs, label in _PAIRS:
        for concurrency in (1, 64):
            official = _ratio(
                _call(results, theirs, concurrency),
                _call(results, "floor", concurrency),
                "cpu_us_per_call",
            )
            if official is not None and official < 10:
                notes.append(
                    f"- clerk-backend-api {label} at concurrency {concurrency} "
                    f"costs only {official:.2f}× the floor's CPU per call: being "
                    "10× cheaper than it there means being cheaper than the floor."
                )
    return ["", *notes] if notes else []


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append(
        "|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|"
    )
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def to_markdown(results: dict[str, Any]) -> str:
    """The whole report, for ``latest.md`` and the terminal."""
    machine = results["machine"]
    settings = results["settings"]
    lines = [
        "# clerk_async benchmark",
        "",
        f"Run on {machine['date']}: {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['python']} ({machine['platform']}), load average "
        f"{machine['load_average_1m']:.2f} at the start and "
        f"{machine.get('load_average_1m_end', float('nan')):.2f} at the end "
        "(other work on the machine disturbs the figures); clerk_async at commit "
        f"`{machine['commit']}`"
        + (
            " with uncommitted package changes"
            if machine["package_changes_uncommitted"]
            else ""
        )
        + ".",
        "",
        "Packages: "
        + ", ".join(
            f"{name} {version}" for name, version in machine["packages"].items()
        )
        + ".",
        "",
        "Method: one loopback server process answers every ban with a "
        f"{results['payload']['body_bytes']:,}-byte full User; every client "
        "runs in its own process; client CPU is `time.process_time()` of that "
        f"process. Each client runs in {settings['processes']} worker "
        f"process{'es' if settings['processes'] != 1 else ''} of "
        f"{settings['rounds']} rounds of about "
        f"{settings['round_seconds']:g} s, after a "
        f"{settings['warmup_seconds']:g} s warm-up, all rounds interleaved "
        "across clients; medians of all rounds shown. "
        f"clerk_async parsed answers with `{_parser()}` (its `speedups` extra "
        "installs orjson; the floor always uses `json.loads`). "
        + (
            f"Server pinned to CPU {settings['server_cpu']}, clients to CPU "
            f"{settings['client_cpu']}."
            if settings["server_cpu"] is not None
            else "No CPU pinning."
        ),
        "",
        "## Targets",
        "",
    ]
    lines += _table(
        ["target", "this run", "goal", "result"],
        [
            [
                t.name,
                "–" if t.ratio is None else f"{t.ratio:.3f}×",
                t.as_dict()["limit"] + "×",
                t.as_dict()["result"],
            ]
            for t in evaluate_targets(results)
        ],
    )

    if results.get("calls"):
        lines += ["", "## Ban one user: `POST /v1/users/{user_id}/ban`", ""]
        rows = []
        for entry in results["calls"]:
            floor = _call(results, "floor", entry["concurrency"])
            rows.append(
                [
                    LABELS[entry["kind"]],
                    str(entry["concurrency"]),
                    f"{entry['cpu_us_per_call']:.1f}",
                    _x(_ratio(entry, floor, "cpu_us_per_call")),
                    f"{entry['kernel_us_per_call']:.1f}",
                    f"{entry['wall_us_per_call']:.1f}",
                    f"{entry['calls_per_s']:,.0f}",
                    _x(_ratio(entry, floor, "calls_per_s")),
                    f"{entry['server_cpu_us_per_request']:.1f}",
                    f"{entry['calls_per_round']:,.0f}",
                ]
            )
        lines += _table(
            [
                "client",
                "concurrency",
                "client CPU µs/call",
                "CPU × floor",
                "of which kernel µs",
                "wall µs/call",
                "calls/s",
                "calls/s × floor",
                "server CPU µs/req",
                "calls/round",
            ],
            rows,
        )
        lines += [
            "",
            "Wall µs/call is the round's wall time divided by its calls "
            "(1 / throughput); at concurrency 1 it is the latency of one call.",
        ]
        lines += _ceilings(results)

    if results.get("structuring"):
        in_a_loop = results["structuring"]["in_a_loop"]
        pydantic = in_a_loop.get(STRUCTURE_THEIRS)
        lines += ["", "## Structuring one full User", "", "In a loop (timeit):", ""]
        lines += _table(
            ["way", "best µs", "median µs", "× model_validate_json"],
            [
                [
                    f"`{name}`",
                    f"{timing['best_us']:.1f}",
                    f"{timing['median_us']:.1f}",
                    _x(_ratio(timing, pydantic, "best_us")),
                ]
                for name, timing in in_a_loop.items()
            ],
        )
        between = results["structuring"].get("between_calls")
        if between:
            pydantic = between.get(STRUCTURE_THEIRS)
            lines += [
                "",
                "Between real calls (each ban's body decoded by one way after "
                "another; only the decoding timed, caches as a client leaves them):",
                "",
            ]
            lines += _table(
                ["way", "median µs", "× model_validate_json"],
                [
                    [
                        f"`{name}`",
                        f"{timing['median_us']:.1f}",
                        _x(_ratio(timing, pydantic, "median_us")),
                    ]
                    for name, timing in between.items()
                ],
            )

    if results.get("cold_start"):
        cold = results["cold_start"]
        lines += [
            "",
            f"## Cold start: new interpreter to first ban "
            f"(median of {next(iter(cold.values()))['runs']})",
            "",
        ]
        counterpart = {
            "clerk_async": "official_async",
            "clerk_async_blocking": "official_blocking",
        }
        rows = []
        for kind, timing in cold.items():
            theirs = cold.get(counterpart.get(kind, ""))
            rows.append(
                [
                    kind,
                    f"{timing['first_ban_ms']:.1f}",
                    f"{timing['exit_ms']:.1f}",
                    _x(_ratio(timing, theirs, "first_ban_ms")) if theirs else "",
                ]
            )
        lines += _table(
            ["interpreter running", "to first ban ms", "to exit ms", "× official"],
            rows,
        )

    for summary in results.get("import_time", []):
        lines += [
            "",
            f'## `python -X importtime -c "import {summary["package"]}"`',
            "",
            f"Total {summary['total_ms']:.1f} ms over {summary['modules']} modules "
            f"(median of {summary['runs']} runs). Largest cumulative entries:",
            "",
        ]
        lines += _table(
            ["module", "cumulative ms"],
            [
                [f"`{e['module']}`", f"{e['cumulative_ms']:.1f}"]
                for e in summary["top_cumulative"]
            ],
        )

    if results.get("memory"):
        memory = results["memory"]
        pydantic_memory = memory.get("pydantic")
        lines += ["", "## Memory held by 10,000 decoded Users (tracemalloc)", ""]
        lines += _table(
            ["models", "MB held", "bytes per user", "× pydantic"],
            [
                [
                    kind,
                    f"{m['bytes'] / 1e6:.1f}",
                    f"{m['bytes_per_user']:,.0f}",
                    _x(_ratio(m, pydantic_memory, "bytes")),
                ]
                for kind, m in memory.items()
            ],
        )

    check = results["payload"].get("spec_check")
    lines += ["", "## Payload", ""]
    if check is None:
        lines.append("The payload was not checked against the spec (spec not found).")
    else:
        missing = ", ".join(check["missing"]) or "none"
        lines.append(
            f"Checked against `{check['spec']}`: {check['properties_checked']} "
            f"properties of User and its nested objects; missing: {missing}."
        )
    return "\n".join(lines) + "\n"
