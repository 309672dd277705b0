"""The turn model written plainly in NumPy: one array operation per term, over couples.

This is the slow, obviously-correct version of :func:`tandem.dynamics._kernels.conflict`.
The tests compare the Numba kernel with it, the benchmark times it as "straightforward NumPy",
and :mod:`tandem.dynamics.stability` uses :func:`turn_map` (noise off) for fixed points and
Jacobians.

Examples
--------
>>> from tandem.dynamics.models import ModelParams
>>> prm = ModelParams(noise=0.0).as_array()[None, :]
>>> state = np.zeros((1, 4)); state[:, 2:] = 0.1
>>> new = turn_map(prm, state, energy=np.ones((1, 2)), security=np.array([[0.1, 0.6]]),
...                adherence=np.zeros((1, 8)))
>>> bool(new[0, 0] > 0 and new[0, 1] > 0)
True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from tandem.dynamics._kernels import BREAK_CALM, BREAK_FELT, SOFTEN, SPACE, VALIDATE
from tandem.dynamics.models import COLUMN

FloatArray = NDArray[np.float64]
UIntArray = NDArray[np.uint64]

__all__ = ["conflict_numpy", "turn_map"]

_MULT = np.uint64(0x2545F4914F6CDD1D)


def _col(prm: FloatArray, name: str) -> FloatArray:
    return prm[:, COLUMN[name]]


def _drive_terms(
    prm: FloatArray,
    state: FloatArray,
    energy: FloatArray,
    security: FloatArray,
    adherence: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Targets of movement and arousal, and the gaps: ``(m̂_A, m̂_B, θ_A, θ_B, g_A, g_B)``."""
    m_a, m_b, x_a, x_b = state[:, 0], state[:, 1], state[:, 2], state[:, 3]
    p_a = np.maximum(m_a, 0.0)
    w_a = np.maximum(-m_a, 0.0)
    p_b = np.maximum(m_b, 0.0)
    w_b = np.maximum(-m_b, 0.0)
    slip_a = 1.0 / (1.0 + (x_a / _col(prm, "slip_arousal")) ** 4)
    slip_b = 1.0 / (1.0 + (x_b / _col(prm, "slip_arousal")) ** 4)
    u_a = adherence[:, 0:4] * slip_a[:, None]
    u_b = adherence[:, 4:8] * slip_b[:, None]
    pa_felt = p_a * (1.0 - SOFTEN * u_a[:, 0])
    wa_felt = w_a * (1.0 - BREAK_FELT * u_a[:, 3])
    pb_felt = p_b * (1.0 - SOFTEN * u_b[:, 0])
    wb_felt = w_b * (1.0 - BREAK_FELT * u_b[:, 3])
    k0 = _col(prm, "base_closeness")
    kappa = _col(prm, "coupling")
    omega = _col(prm, "security_weight")
    closeness_a = k0 + kappa * (pb_felt - wb_felt) + omega * security[:, 0] + VALIDATE * u_b[:, 2]
    closeness_b = k0 + kappa * (pa_felt - wa_felt) + omega * security[:, 1] + VALIDATE * u_a[:, 2]
    gap_a = _col(prm, "need_a") - closeness_a
    gap_b = _col(prm, "need_b") - closeness_b
    z_a = _col(prm, "reactivity_a") * (1.0 + _col(prm, "arousal_gain_a") * x_a) * gap_a
    z_b = _col(prm, "reactivity_b") * (1.0 + _col(prm, "arousal_gain_b") * x_b) * gap_b
    mh_a = z_a / (1.0 + np.abs(z_a))
    mh_b = z_b / (1.0 + np.abs(z_b))
    mh_a = np.where(z_a > 0.0, mh_a * energy[:, 0] * (1.0 - SPACE * u_a[:, 1]), mh_a)
    mh_b = np.where(z_b > 0.0, mh_b * energy[:, 1] * (1.0 - SPACE * u_b[:, 1]), mh_b)
    target_a = _col(prm, "anxiety_a") * wb_felt + _col(prm, "flooding_a") * pb_felt * (
        1.0 - BREAK_CALM * u_a[:, 3]
    )
    target_b = _col(prm, "anxiety_b") * wa_felt + _col(prm, "flooding_b") * pa_felt * (
        1.0 - BREAK_CALM * u_b[:, 3]
    )
    return (
        mh_a,
        mh_b,
        np.clip(target_a, 0.0, 1.0),
        np.clip(target_b, 0.0, 1.0),
        gap_a,
        gap_b,
    )


def turn_map(
    prm: FloatArray,
    state: FloatArray,
    *,
    energy: FloatArray,
    security: FloatArray,
    adherence: FloatArray,
    noise: FloatArray | None = None,
) -> FloatArray:
    """One turn of every couple: ``state`` of shape ``(n, 4)`` = ``m_A, m_B, x_A, x_B``.

    ``noise`` of shape ``(n, 2)`` is added to the movements (already scaled); ``None`` = off.
    """
    mh_a, mh_b, th_a, th_b, _, _ = _drive_terms(prm, state, energy, security, adherence)
    rho = _col(prm, "responsiveness")
    rho_x = _col(prm, "arousal_rate")
    new = np.empty_like(state)
    new[:, 0] = state[:, 0] + rho * (mh_a - state[:, 0])
    new[:, 1] = state[:, 1] + rho * (mh_b - state[:, 1])
    if noise is not None:
        new[:, 0:2] += noise
    new[:, 0:2] = np.clip(new[:, 0:2], -1.0, 1.0)
    new[:, 2] = state[:, 2] + rho_x * (th_a - state[:, 2])
    new[:, 3] = state[:, 3] + rho_x * (th_b - state[:, 3])
    return new


def _noise(states: UIntArray) -> tuple[UIntArray, FloatArray]:
    """Advance xorshift64* states and draw two triangular unit-variance values per couple."""
    s = states.copy()
    s ^= s >> np.uint64(12)
    s ^= s << np.uint64(25)
    s ^= s >> np.uint64(27)
    r = s * _MULT
    mask = np.uint64(0xFFFF)
    inv = 1.0 / 65536.0
    a = (r & mask).astype(float) * inv + ((r >> np.uint64(16)) & mask).astype(float) * inv
    b = ((r >> np.uint64(32)) & mask).astype(float) * inv + (r >> np.uint64(48)).astype(float) * inv
    return s, np.column_stack([a - 1.0, b - 1.0]) * np.sqrt(6.0)


def conflict_numpy(
    prm: FloatArray,
    *,
    energy: FloatArray,
    security: FloatArray,
    adherence: FloatArray,
    seeds: UIntArray,
    hold_a_from: int = -1,
    record: bool = False,
) -> tuple[FloatArray, FloatArray | None]:
    """One conflict for every couple, as :func:`tandem.dynamics._kernels.conflict_ensemble`.

    All couples must share the same number of turns. Returns the summaries of shape
    ``(n, 12)`` and, with ``record``, the trajectory of shape ``(turns + 1, n, 4)``.
    """
    n = prm.shape[0]
    turns = int(prm[0, COLUMN["turns"]])
    scale = _col(prm, "noise")
    use_noise = bool(np.any(scale > 0.0))
    state = np.zeros((n, 4))
    state[:, 2] = _col(prm, "trigger")
    state[:, 3] = _col(prm, "trigger")
    rng_state = seeds.astype(np.uint64).copy()
    sums = np.zeros((n, 7))
    traj = np.empty((turns + 1, n, 4)) if record else None
    if traj is not None:
        traj[0] = state
    for t in range(turns):
        _, _, _, _, g_a, g_b = _drive_terms(prm, state, energy, security, adherence)
        noise = None
        if use_noise:
            rng_state, draws = _noise(rng_state)
            noise = draws * scale[:, None]
        state = turn_map(
            prm, state, energy=energy, security=security, adherence=adherence, noise=noise
        )
        if 0 <= hold_a_from <= t:
            state[:, 0] = np.minimum(state[:, 0], 0.0)
        sums[:, 0] += np.maximum(state[:, 0], 0.0)
        sums[:, 1] += np.maximum(state[:, 1], 0.0)
        sums[:, 2] += np.maximum(-state[:, 0], 0.0)
        sums[:, 3] += np.maximum(-state[:, 1], 0.0)
        sums[:, 4] += np.abs(g_a)
        sums[:, 5] += np.abs(g_b)
        sums[:, 6] += 0.5 * (state[:, 2] + state[:, 3])
        if traj is not None:
            traj[t + 1] = state
    out = np.empty((n, 12))
    out[:, :7] = sums / max(turns, 1)
    out[:, 7:11] = state
    out[:, 11] = turns
    return out, traj
