"""Sessions: tests on every supported Python, lint, typecheck, generate, docs,
demo and bench. ``nox -l`` lists them."""

from __future__ import annotations

import os
import shutil
import subprocess

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


def _expose_pyenv_versions() -> None:
    """Let nox find every pyenv-installed Python, not only the active one.

    pyenv's shims run the versions named in PYENV_VERSION (which a shim sets
    to the one that started nox); the supported ones are added after it.
    """
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return
    listed = subprocess.run(  # noqa: S603 - pyenv, found on PATH, fixed arguments
        [pyenv, "versions", "--bare"], capture_output=True, text=True, check=False
    ).stdout.split()
    wanted = [v for v in listed if v.startswith(tuple(f"{p}." for p in PYTHONS))]
    active = [v for v in os.environ.get("PYENV_VERSION", "").split(":") if v]
    versions = active + [v for v in wanted if v not in active]
    if versions:
        os.environ["PYENV_VERSION"] = ":".join(versions)


_expose_pyenv_versions()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (the newer Pythons with the speedups extra)."""
    extras = "test,speedups" if session.python in PYTHONS[2:] else "test"
    session.install("-e", f".[{extras}]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHONS[-1])
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install(".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHONS[0])
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[test,speedups]", "mypy")
    session.run("mypy")


@nox.session(python=PYTHONS[-1])
def generate(session: nox.Session) -> None:
    """Rewrite the generated blocking facade from the async code."""
    session.install("-e", ".[lint]")
    session.run("python", "scripts/generate_facade.py")


@nox.session(python=PYTHONS[-1])
def docs(session: nox.Session) -> None:
    """Build the documentation site, failing on any warning."""
    session.install("-e", ".", "mkdocs", "mkdocs-material", "mkdocstrings[python]")
    session.run("mkdocs", "build", "--strict", *session.posargs)


@nox.session(python=PYTHONS[-1])
def demo(session: nox.Session) -> None:
    """Ban users on a local fake Clerk, from async and blocking code."""
    session.install("-e", ".")
    session.run("clerk-async", "demo")


@nox.session(python=PYTHONS[1])
def bench(session: nox.Session) -> None:
    """Benchmark against raw aiohttp and the official SDK; writes bench/results."""
    session.install("-e", ".[speedups]", "clerk-backend-api", "pydantic", "pyyaml")
    session.run("python", "-m", "bench", *session.posargs)
