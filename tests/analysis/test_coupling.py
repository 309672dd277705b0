"""The inertia–coordination model recovers known cross effects; the bootstrap is seeded."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.analysis.coupling import fit_coupling


def simulate_turns(
    rng: np.random.Generator, n_turns: int, *, a2: float, b2: float, b1: float = 0.2
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A pursues, B withdraws, with known linear probabilities.

    P(B withdraws) = 0.1 + a2 * [A pursued just before]
    P(A pursues)   = 0.1 + b1 * [A pursued last turn] + b2 * [B withdrew just before]
    """
    who = np.arange(n_turns) % 2
    p = np.zeros(n_turns, dtype=np.int64)
    w = np.zeros(n_turns, dtype=np.int64)
    u = rng.random(n_turns)
    for k in range(2, n_turns):
        if who[k] == 1:
            w[k] = u[k] < 0.1 + a2 * p[k - 1]
        else:
            p[k] = u[k] < 0.1 + b1 * p[k - 2] + b2 * w[k - 1]
    return who, p, w


def test_recovers_known_cross_effects_and_their_product(rng: np.random.Generator) -> None:
    who, p, w = simulate_turns(rng, 20_000, a2=0.6, b2=0.5)
    c = fit_coupling(who, p, w, np.zeros(who.shape[0], dtype=bool), rng=rng, n_boot=300)
    loop = c.loops[0]
    # 10,000 rows per model: the standard error of each effect is about 0.01, so 0.05 is a
    # generous tolerance that still fails if a lag or a column is misplaced.
    assert loop.pursuit_to_withdrawal.value == pytest.approx(0.6, abs=0.05)
    assert loop.withdrawal_to_pursuit.value == pytest.approx(0.5, abs=0.05)
    assert loop.pursuer_inertia.value == pytest.approx(0.2, abs=0.05)
    assert loop.gain.value == pytest.approx(0.3, abs=0.05)
    assert loop.gain.low is not None and loop.gain.high is not None
    assert loop.gain.low < 0.3 < loop.gain.high
    # B never pursues, so the reverse loop cannot be estimated.
    assert c.loops[1].gain.value is None


def test_no_coupling_gives_an_interval_around_zero(rng: np.random.Generator) -> None:
    who, p, w = simulate_turns(rng, 4_000, a2=0.0, b2=0.0)
    loop = fit_coupling(who, p, w, np.zeros(who.shape[0], dtype=bool), rng=rng, n_boot=300).loops[0]
    assert loop.pursuit_to_withdrawal.low < 0 < loop.pursuit_to_withdrawal.high
    assert abs(loop.gain.value) < 0.02


def test_same_seed_same_intervals() -> None:
    who, p, w = simulate_turns(np.random.default_rng(1), 600, a2=0.4, b2=0.4)
    brk = np.zeros(who.shape[0], dtype=bool)
    one = fit_coupling(who, p, w, brk, rng=np.random.default_rng(7), n_boot=100)
    two = fit_coupling(who, p, w, brk, rng=np.random.default_rng(7), n_boot=100)
    assert one.loops[0].gain == two.loops[0].gain


def test_rows_after_a_session_break_are_left_out() -> None:
    who, p, w = simulate_turns(np.random.default_rng(2), 100, a2=0.5, b2=0.5)
    brk = np.zeros(100, dtype=bool)
    brk[50] = True
    c = fit_coupling(who, p, w, brk, rng=np.random.default_rng(0), n_boot=0)
    # 98 rows without the break; the break removes turns 50 and 51.
    assert sum(c.loops[0].n_rows) == 96


def test_refuses_negative_draws() -> None:
    with pytest.raises(ValueError, match="n_boot"):
        fit_coupling(
            np.zeros(3, dtype=np.int64),
            np.zeros(3),
            np.zeros(3),
            np.zeros(3, dtype=bool),
            rng=np.random.default_rng(0),
            n_boot=-1,
        )


def test_sessions_are_resampled_whole_when_there_are_enough(rng: np.random.Generator) -> None:
    who, p, w = simulate_turns(rng, 6_000, a2=0.5, b2=0.4)
    brk = np.zeros(who.shape[0], dtype=bool)
    brk[::40] = True  # an evening's exchange of 40 turns, then a night
    brk[0] = False
    c = fit_coupling(who, p, w, brk, rng=rng, n_boot=300)
    assert (c.blocks, c.n_blocks) == ("sessions", 150)
    loop = c.loops[0]
    assert loop.gain.low < 0.2 < loop.gain.high
    few = fit_coupling(who[:200], p[:200], w[:200], brk[:200], rng=rng, n_boot=50)
    assert few.blocks == "turns"  # 5 sessions are too few to resample


def test_unknown_block_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="blocks must be one of auto, sessions, turns"):
        fit_coupling(
            np.zeros(3, dtype=np.int64),
            np.zeros(3),
            np.zeros(3),
            np.zeros(3, dtype=bool),
            rng=np.random.default_rng(0),
            blocks="days",
        )
