"""Shared fixtures for the clerk_async test suite."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

SPEC_PATH = (
    Path(__file__).resolve().parents[2] / "shared" / "spec" / "bapi-2026-05-12.yml"
)


@functools.cache
def load_spec() -> dict[str, Any]:
    """Clerk's OpenAPI document for the Backend API, parsed once per session."""
    import yaml

    with SPEC_PATH.open(encoding="utf-8") as f:
        spec: dict[str, Any] = yaml.safe_load(f)
    return spec


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The parsed Backend API specification."""
    return load_spec()
