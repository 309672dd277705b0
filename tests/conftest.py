"""Fixtures shared by every test package."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")
"""Property tests judge results, never speed: no per-example deadline and no "too slow to
generate" failure, because the suite runs on 2 cores shared with other jobs (a first fresh-clone
``make test`` failed under load and passed on the second run). A test's own ``@settings`` still
sets its example count."""

if "TANDEM_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="tandem-test-cache-")
    os.environ["TANDEM_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
"""Tests (and the commands they start) keep compiled patterns in a folder of their own, never in
the user's cache folder."""

pytest_plugins = ["tests.pg"]
"""Fixtures with a throwaway PostgreSQL server and a fresh database per store test."""

ROOT = Path(__file__).resolve().parent.parent
"""The repository root, built from this file so tests never depend on the working directory."""
SHARED_DATA = ROOT.parent / "shared" / "data"
"""Published data sets beside the repository (``../shared/data``)."""

SEED = 20261124
"""The one seed every random test draws from."""


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded random generator, fresh for each test."""
    return np.random.default_rng(SEED)
