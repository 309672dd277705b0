"""The Dask sweep runner adds no math: its numbers equal one local engine call."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.dynamics import get_preset, simulate_ensemble
from tandem.dynamics.models import COLUMN, stack_params
from tandem.dynamics.simulator import seeds_from
from tandem.errors import InvalidChoice
from tandem.scale.sweep import sweep_on_dask


@pytest.mark.parametrize("n_partitions", [1, 3, 50])
def test_dask_sweep_equals_one_local_call(n_partitions: int) -> None:
    prm = stack_params([get_preset("classic")] * 25)
    prm[:, COLUMN["coupling"]] = np.linspace(0.2, 1.4, 25)
    got = sweep_on_dask(prm, days=40, rng=np.random.default_rng(5), n_partitions=n_partitions)
    seeds = seeds_from(np.random.default_rng(5), 25)
    ref = simulate_ensemble(prm, days=40, rng=np.random.default_rng(0), seeds=seeds)
    np.testing.assert_array_equal(got, ref.summary)


def test_dask_sweep_refuses_zero_partitions() -> None:
    with pytest.raises(InvalidChoice, match="at least 1"):
        sweep_on_dask(stack_params([get_preset("classic")]), days=5,
                      rng=np.random.default_rng(0), n_partitions=0)  # fmt: skip
