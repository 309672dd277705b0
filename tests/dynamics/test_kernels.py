"""Every Numba kernel against the slow NumPy reference, and the engine's memory contract."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.dynamics import _kernels, get_preset, simulate, simulate_ensemble
from tandem.dynamics.models import COLUMN, ModelParams, stack_params
from tandem.dynamics.reference import conflict_numpy
from tandem.dynamics.simulator import seeds_from, simulate_conflicts
from tandem.errors import InvalidChoice


def _random_couples(rng: np.random.Generator, n: int) -> np.ndarray:
    prm = stack_params([get_preset("classic")] * n)
    for name in ("need_a", "need_b", "anxiety_a", "flooding_b", "security_a", "security_b"):
        prm[:, COLUMN[name]] = rng.uniform(0.0, 1.0, n)
    prm[:, COLUMN["coupling"]] = rng.uniform(0.1, 1.5, n)
    prm[:, COLUMN["noise"]] = rng.uniform(0.0, 0.1, n)
    return prm


@pytest.mark.parametrize("practised", [False, True], ids=["no-intervention", "practising"])
def test_conflict_kernel_matches_numpy_reference(rng: np.random.Generator, practised: bool) -> None:
    n = 300
    prm = _random_couples(rng, n)
    day = np.column_stack([rng.uniform(0.1, 1, n), rng.uniform(0.1, 1, n), prm[:, 16], prm[:, 17]])
    q = rng.uniform(0, 0.9, (n, 8)) if practised else np.zeros((n, 8))
    seeds = seeds_from(rng, n)
    fast = _kernels.conflict_ensemble(prm, day, q, seeds)
    slow, _ = conflict_numpy(prm, energy=day[:, :2], security=day[:, 2:], adherence=q, seeds=seeds)
    # Same equations, same noise stream: equal to rounding (fastmath may reorder sums).
    np.testing.assert_allclose(fast, slow, atol=1e-9)


def test_recorded_conflict_matches_reference_trajectory(rng: np.random.Generator) -> None:
    p = get_preset("classic").replace(turns=50)
    prm = p.as_array()[None, :]
    seed = seeds_from(rng, 1)
    rec = np.empty((51, 4))
    _kernels.conflict(prm, 0, 1.0, 1.0, 0.1, 0.6, np.zeros(8), seed[0], rec, 25)
    _, traj = conflict_numpy(
        prm, energy=np.ones((1, 2)), security=np.array([[0.1, 0.6]]),
        adherence=np.zeros((1, 8)), seeds=seed, hold_a_from=25, record=True,
    )  # fmt: skip
    assert traj is not None
    np.testing.assert_allclose(rec, traj[:, 0, :], atol=1e-12)
    assert np.all(rec[26:, 0] <= 0.0)  # A's pursuit is held at zero from turn 25


def test_summaries_only_keep_no_daily_record_and_agree_with_it(rng: np.random.Generator) -> None:
    couples = [get_preset(n) for n in ("classic", "secure", "two-pursuers")]
    seeds = seeds_from(rng, 3)
    lean = simulate_ensemble(couples, days=200, rng=rng, seeds=seeds)
    full = simulate_ensemble(couples, days=200, rng=rng, seeds=seeds, keep_daily=True)
    assert lean.daily is None
    assert full.daily is not None and full.daily.shape == (3, 200, _kernels.N_DAILY)
    np.testing.assert_array_equal(lean.summary, full.summary)
    conflict = full.daily[:, :, 11] > 0
    mean_intensity = (full.daily[:, :, 4] * conflict).sum(axis=1) / conflict.sum(axis=1)
    np.testing.assert_allclose(lean.column("intensity"), mean_intensity, rtol=1e-12)


def test_memory_of_summaries_does_not_grow_with_days(rng: np.random.Generator) -> None:
    short = simulate_ensemble([ModelParams()] * 4, days=10, rng=rng)
    long = simulate_ensemble([ModelParams()] * 4, days=5000, rng=rng)
    assert short.summary.nbytes == long.summary.nbytes


def test_a_parameter_array_sweep_is_one_call(rng: np.random.Generator) -> None:
    prm = stack_params([ModelParams()] * 50)
    prm[:, COLUMN["coupling"]] = np.linspace(0.1, 1.5, 50)
    res = simulate_ensemble(prm, days=60, rng=rng)
    assert res.summary.shape == (50, 14)
    assert np.all(np.isfinite(res.summary))


def test_one_day_and_no_conflict_days_are_handled(rng: np.random.Generator) -> None:
    calm = get_preset("classic").replace(conflict_rate=0.0)
    t = simulate(calm, days=1, rng=rng)
    assert t.daily.shape == (1, 12)
    assert t.summary["n_conflicts"] == 0 and t.intensity == 0.0


def test_blocked_kernel_matches_numpy_reference(rng: np.random.Generator) -> None:
    n = 700  # more than one block of 512, and a partial block
    prm = _random_couples(rng, n)
    day = np.column_stack([rng.uniform(0.1, 1, n), rng.uniform(0.1, 1, n), prm[:, 16], prm[:, 17]])
    q = rng.uniform(0, 0.9, (n, 8))
    seeds = seeds_from(rng, n)
    fast = _kernels.conflict_blocks(
        np.ascontiguousarray(prm.T), np.ascontiguousarray(day.T), np.ascontiguousarray(q.T),
        seeds, int(prm[0, COLUMN["turns"]]),
    )  # fmt: skip
    slow, _ = conflict_numpy(prm, energy=day[:, :2], security=day[:, 2:], adherence=q, seeds=seeds)
    np.testing.assert_allclose(fast, slow, atol=1e-9)


def test_many_conflicts_keep_turns_only_when_asked(rng: np.random.Generator) -> None:
    couples = [get_preset("classic"), get_preset("secure")] * 3
    seed = int(rng.integers(1 << 30))
    lean, none = simulate_conflicts(couples, rng=np.random.default_rng(seed))
    full, turns = simulate_conflicts(couples, rng=np.random.default_rng(seed), keep_turns=True)
    assert none is None and turns is not None and turns.shape == (6, 31, 4)
    np.testing.assert_array_equal(lean, full)
    # the recorded last turn is the summary's final state
    np.testing.assert_array_equal(turns[:, -1, :], full[:, 7:11])


def test_parameter_arrays_are_range_checked(rng: np.random.Generator) -> None:
    prm = stack_params([ModelParams()] * 3)
    prm[2, COLUMN["coupling"]] = 5.0
    with pytest.raises(InvalidChoice, match="coupling=5.0 \\(couple 2\\) is out of range"):
        simulate_ensemble(prm, days=5, rng=rng)
