r"""Coupling: how strongly one partner's pursuit and the other's withdrawal feed each other.

The model is the inertia–coordination model of the ``rties`` R package (Butner, Diamond &
Hicks 2007; Butler 2011), written at the level of turns. A **turn** is a run of messages by one
partner, so turns alternate. For turn :math:`k` by partner :math:`Y` answering turn
:math:`k-1` by :math:`X`:

.. math::

    w_Y(k) = a_0 + a_1\,w_Y(k-2) + a_2\,p_X(k-1) + \varepsilon \qquad
    p_X(k) = b_0 + b_1\,p_X(k-2) + b_2\,w_Y(k-1) + \varepsilon

where :math:`p(k) = 1` when the turn holds a pursue-side move and :math:`w(k) = 1` when it
holds a distance-side move (0 otherwise). :math:`a_1, b_1` are each partner's own
**inertia** (carry-over from their previous turn); :math:`a_2` is the **cross effect** of X's
pursuit on Y's next withdrawal and :math:`b_2` of Y's withdrawal on X's next pursuit. Both are
differences in probability (linear probability models fitted by least squares). The **loop
gain** of "X pursues, Y withdraws" is :math:`a_2 b_2`: positive when each move makes the
other's more likely; the larger, the more the loop feeds itself. Both directions are fitted (A
pursues/B withdraws and B pursues/A withdraws).

Rows whose turn follows a session break (over 6 h or across 04:00, see
:func:`tandem.analysis._arrays.is_break`) are left out, so a reply the next morning is not
read as an answer.

**Intervals** come from a block bootstrap. With at least :data:`MIN_SESSIONS` sessions (runs
of turns between session breaks: an evening's exchange) the blocks are the sessions, a
cluster bootstrap over whole conversations; otherwise the turn sequence is cut into
non-overlapping blocks of :math:`\lceil m^{1/3} \rceil` turns (Carlstein 1986). Blocks are
drawn with replacement, and all four regressions are refitted on each draw, so the two cross
effects and their product keep their joint dependence. The 2.5 and 97.5 percentiles are
reported. The random generator is passed in, so a seed gives the same intervals every time.
It is vectorised: per-block sufficient statistics :math:`X^\top X, X^\top y`, and one matrix
product per draw set.

Examples
--------
>>> import numpy as np
>>> c = fit_coupling(np.array([0, 1] * 20), np.array([1, 0] * 20), np.array([0, 1] * 20),
...                  np.zeros(40, dtype=bool), rng=np.random.default_rng(0), n_boot=50)
>>> c.loops[0].gain.value is None   # no variation: nothing to estimate
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tandem.analysis._arrays import BoolArray, FloatArray, IntArray

MIN_SESSIONS = 20
"""Fewest sessions for the bootstrap to resample whole sessions (else blocks of turns)."""
BLOCKS = ("auto", "sessions", "turns")
"""Ways to cut the turns into bootstrap blocks."""
MIN_ROWS = 8
"""Fewest rows a regression needs before its coefficients are reported."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with a 95% bootstrap interval (``None`` when not estimable)."""

    value: float | None
    """The estimate on the full data."""
    low: float | None = None
    """2.5th bootstrap percentile."""
    high: float | None = None
    """97.5th bootstrap percentile."""

    def as_dict(self) -> dict[str, float | None]:
        """JSON-ready form."""
        return {"value": self.value, "ci_low": self.low, "ci_high": self.high}


@dataclass(frozen=True, slots=True)
class Loop:
    """One direction of the loop: ``pursuer`` pursues, ``distancer`` withdraws."""

    pursuer: int
    """0 for A, 1 for B."""
    distancer: int
    """The other partner."""
    pursuit_to_withdrawal: Estimate
    """Effect of the pursuer's pursuit on the distancer's next withdrawal (``a2``)."""
    withdrawal_to_pursuit: Estimate
    """Effect of the distancer's withdrawal on the pursuer's next pursuit (``b2``)."""
    pursuer_inertia: Estimate
    """The pursuer's own carry-over of pursuit (``b1``)."""
    distancer_inertia: Estimate
    """The distancer's own carry-over of withdrawal (``a1``)."""
    gain: Estimate
    """``a2 * b2``."""
    n_rows: tuple[int, int]
    """Rows in the withdrawal and the pursuit regression."""


@dataclass(frozen=True, slots=True)
class Coupling:
    """Both loop directions: ``loops[0]`` has A pursuing, ``loops[1]`` B pursuing."""

    loops: tuple[Loop, Loop]
    """The two directions."""
    n_turns: int
    """Turns in the conversation."""
    block_length: int
    """Turns per bootstrap block (the mean, when blocks are sessions)."""

    n_boot: int
    """Bootstrap draws."""
    blocks: str = "turns"
    """What a bootstrap block is: ``sessions`` or ``turns``."""
    n_blocks: int = 0
    """Blocks the turns were cut into."""


def _design(
    who: IntArray, p: FloatArray, w: FloatArray, valid: BoolArray
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Per turn, X (m, 4, 3) and y (m, 4) for regressions W_A, W_B, P_A, P_B; and a mask."""
    m = who.shape[0]
    x = np.zeros((m, 4, 3))
    y = np.zeros((m, 4))
    mask = np.zeros((m, 4), dtype=bool)
    if m < 3:
        return x, y, mask
    k = np.arange(2, m)
    ok = valid[k]
    for q in (0, 1):
        rows = k[ok & (who[k] == q)]
        # W_q: own withdrawal on own previous withdrawal and the other's previous pursuit.
        x[rows, q, 0] = 1.0
        x[rows, q, 1] = w[rows - 2]
        x[rows, q, 2] = p[rows - 1]
        y[rows, q] = w[rows]
        mask[rows, q] = True
        # P_q: own pursuit on own previous pursuit and the other's previous withdrawal.
        x[rows, 2 + q, 0] = 1.0
        x[rows, 2 + q, 1] = p[rows - 2]
        x[rows, 2 + q, 2] = w[rows - 1]
        y[rows, 2 + q] = p[rows]
        mask[rows, 2 + q] = True
    return x, y, mask


def _solve(xtx: FloatArray, xty: FloatArray) -> FloatArray:
    """Batched least squares from sufficient statistics (``pinv`` copes with singular ones)."""
    out: FloatArray = np.einsum("...ij,...j->...i", np.linalg.pinv(xtx), xty)
    return out


def fit_coupling(
    who: IntArray,
    p: FloatArray | IntArray,
    w: FloatArray | IntArray,
    breaks: BoolArray,
    *,
    rng: np.random.Generator,
    n_boot: int = 500,
    blocks: str = "auto",
) -> Coupling:
    """Fit the inertia–coordination model in both directions, with block-bootstrap intervals.

    Parameters
    ----------
    who : ndarray of shape (n_turns,)
        Who took each turn (0 for A, 1 for B); turns alternate.
    p, w : ndarray of shape (n_turns,)
        Pursuit and withdrawal indicators (or shares in ``[0, 1]``) per turn.
    breaks : ndarray of shape (n_turns,)
        True where a turn follows a session break (that turn and the next give no rows).
    rng : numpy.random.Generator
        Randomness for the bootstrap.
    n_boot : int, default=500
        Bootstrap draws (0 gives point estimates without intervals).
    blocks : {"auto", "sessions", "turns"}, default="auto"
        Bootstrap blocks: whole sessions, fixed runs of turns, or sessions when there are at
        least :data:`MIN_SESSIONS` of them.

    Returns
    -------
    Coupling
        Both loop directions.
    """
    if n_boot < 0:
        raise ValueError(f"n_boot must be 0 or more, got {n_boot}")
    if blocks not in BLOCKS:
        raise ValueError(f"blocks must be one of {', '.join(BLOCKS)}, got {blocks!r}")
    pf = np.asarray(p, dtype=np.float64)
    wf = np.asarray(w, dtype=np.float64)
    m = int(who.shape[0])
    valid = np.zeros(m, dtype=bool)
    if m >= 3:
        valid[2:] = ~breaks[2:] & ~breaks[1:-1]
    x, y, mask = _design(who, pf, wf, valid)
    xtx_turn = np.einsum("kri,krj->krij", x, x).reshape(m, 36)
    xty_turn = np.einsum("kri,kr->kri", x, y).reshape(m, 12)
    # The per-turn sums stay in two arrays; one (m, 48) copy of them cost 46 MB at 120,000 turns.

    n_rows = mask.sum(axis=0)
    full = np.concatenate((xtx_turn.sum(axis=0), xty_turn.sum(axis=0)))  # (48,)
    beta = _solve(full[:36].reshape(4, 3, 3), full[36:].reshape(4, 3))  # (4, 3)

    # Which coefficients can be estimated: enough rows and both predictors vary.
    est = np.zeros((4, 3), dtype=bool)
    for r in range(4):
        if n_rows[r] >= MIN_ROWS:
            xr = x[mask[:, r], r]
            sd = xr.std(axis=0)
            est[r, 1] = sd[1] > 0
            est[r, 2] = sd[2] > 0
    # A constant outcome is estimable (every effect is zero).
    del x, y, mask  # per-turn arrays no longer needed: the bootstrap below works on blocks

    session_starts = np.flatnonzero(breaks[:m]) if m else np.zeros(0, dtype=np.int64)
    session_starts = np.unique(np.concatenate(([0], session_starts))).astype(np.int64)
    use_sessions = blocks == "sessions" or (
        blocks == "auto" and session_starts.shape[0] >= MIN_SESSIONS
    )
    if use_sessions and m:
        starts = session_starts
        block = max(1, round(m / starts.shape[0]))
    else:
        block = max(1, math.ceil(m ** (1.0 / 3.0))) if m else 1
        starts = np.arange(0, m, block)
    kind = "sessions" if use_sessions else "turns"
    boot: FloatArray | None = None
    if n_boot > 0 and m > 0:
        block_stats = np.concatenate(
            (np.add.reduceat(xtx_turn, starts, axis=0), np.add.reduceat(xty_turn, starts, axis=0)),
            axis=1,
        )  # (nb, 48)
        del xtx_turn, xty_turn
        nb = block_stats.shape[0]
        draws = rng.integers(0, nb, size=(n_boot, nb))
        draws += np.arange(n_boot)[:, None] * nb  # in place: each draw's own row of counts
        counts = np.bincount(draws.ravel(), minlength=n_boot * nb)
        del draws
        counts = counts.reshape(n_boot, nb).astype(np.float64)
        sums = counts @ block_stats  # (n_boot, 48)
        boot = _solve(sums[:, :36].reshape(n_boot, 4, 3, 3), sums[:, 36:].reshape(n_boot, 4, 3))

    def estimate(r: int, c: int) -> Estimate:
        if not est[r, c]:
            return Estimate(None)
        if boot is None:
            return Estimate(float(beta[r, c]))
        lo, hi = np.percentile(boot[:, r, c], [2.5, 97.5])
        return Estimate(float(beta[r, c]), float(lo), float(hi))

    loops: list[Loop] = []
    for pur in (0, 1):
        dist = 1 - pur
        r_w, r_p = dist, 2 + pur  # distancer's withdrawal; pursuer's pursuit
        a2, b2 = estimate(r_w, 2), estimate(r_p, 2)
        if a2.value is None or b2.value is None:
            gain = Estimate(None)
        elif boot is None:
            gain = Estimate(a2.value * b2.value)
        else:
            prod = boot[:, r_w, 2] * boot[:, r_p, 2]
            lo, hi = np.percentile(prod, [2.5, 97.5])
            gain = Estimate(a2.value * b2.value, float(lo), float(hi))
        loops.append(
            Loop(
                pursuer=pur,
                distancer=dist,
                pursuit_to_withdrawal=a2,
                withdrawal_to_pursuit=b2,
                pursuer_inertia=estimate(r_p, 1),
                distancer_inertia=estimate(r_w, 1),
                gain=gain,
                n_rows=(int(n_rows[r_w]), int(n_rows[r_p])),
            )
        )
    return Coupling(
        loops=(loops[0], loops[1]),
        n_turns=m,
        block_length=block,
        n_boot=n_boot,
        blocks=kind,
        n_blocks=int(starts.shape[0]),
    )
