"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

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
