"""Fixed points, Jacobian eigenvalues and loop gain of one conflict (noise off).

Each partner's movement settles, for a given movement of the other, on a response curve
``m_i = R_i(m_j)`` (arousal at its own steady state): the Gottman–Murray null-cline. Fixed
points are where the curves cross. The **loop gain** at a fixed point is the gain once round
the loop, ``L = D_AB·D_BA / ((1 − D_AA)(1 − D_BB))``, where ``D`` is the Jacobian of the two
movement targets with arousal slaved (``D_AA = D_BB = 0`` unless a practised response makes
a partner's own arousal matter). Since ``det(I − J) ∝ 1 − L`` for the turn map's Jacobian
``J``, a real eigenvalue of ``J`` passes 1 exactly when ``L`` passes 1: ``L > 1`` is a
self-reinforcing (unstable) loop, ``L < 1`` a self-correcting one.

Examples
--------
>>> from tandem.dynamics.models import get_preset
>>> report = analyse(get_preset("secure"))
>>> report.self_reinforcing, report.loop_gain < 1
(False, True)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from tandem.dynamics.models import ModelParams
from tandem.dynamics.reference import turn_map
from tandem.dynamics.results import FixedPoint, StabilityReport

FloatArray = NDArray[np.float64]

__all__ = ["analyse", "jacobian", "loop_gain_at"]

_GRID = 801
_SETTLE = 120


class _Couple:
    """One couple's deterministic turn map, broadcast over many states at once."""

    def __init__(
        self, params: ModelParams, energy: FloatArray, security: FloatArray, adherence: FloatArray
    ) -> None:
        self.prm = params.replace(noise=0.0).as_array()
        self.energy = energy
        self.security = security
        self.adherence = adherence

    def step(self, states: FloatArray) -> FloatArray:
        k = states.shape[0]
        return turn_map(
            np.broadcast_to(self.prm, (k, self.prm.size)),
            states,
            energy=np.broadcast_to(self.energy, (k, 2)),
            security=np.broadcast_to(self.security, (k, 2)),
            adherence=np.broadcast_to(self.adherence, (k, 8)),
        )

    def settle(self, states: FloatArray, hold: int) -> FloatArray:
        """Iterate with partner ``hold``'s movement fixed: the other's response curve."""
        s = states.copy()
        held = s[:, hold].copy()
        for _ in range(_SETTLE):
            s = self.step(s)
            s[:, hold] = held
        return s


def jacobian(step: _Couple, point: FloatArray, h: float = 1e-6) -> FloatArray:
    """Central-difference Jacobian of the turn map at ``point`` (shape ``(4,)``)."""
    probes = np.repeat(point[None, :], 8, axis=0)
    for k in range(4):
        probes[2 * k, k] += h
        probes[2 * k + 1, k] -= h
    out = step.step(probes)
    return np.column_stack([(out[2 * k] - out[2 * k + 1]) / (2 * h) for k in range(4)])


def loop_gain_at(jac: FloatArray, rho: float) -> float:
    """Loop gain from the turn map's Jacobian (arousal eliminated by its Schur complement)."""
    j_mm, j_mx, j_xm, j_xx = jac[:2, :2], jac[:2, 2:], jac[2:, :2], jac[2:, 2:]
    reduced = j_mm + j_mx @ np.linalg.solve(np.eye(2) - j_xx, j_xm)
    d = (reduced - (1.0 - rho) * np.eye(2)) / rho
    denom = (1.0 - d[0, 0]) * (1.0 - d[1, 1])
    if abs(denom) < 1e-15:
        return float("inf")
    return float(d[0, 1] * d[1, 0] / denom)


def _composite(c: _Couple, m_a: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``R_A(R_B(m_A)) − m_A`` and the settled states, for many ``m_A`` at once."""
    s = np.zeros((m_a.size, 4))
    s[:, 0] = m_a
    s = c.settle(s, hold=0)  # B responds to m_A
    s = c.settle(s, hold=1)  # A responds to that m_B
    return s[:, 0] - m_a, s


def analyse(
    params: ModelParams,
    *,
    energy: tuple[float, float] | None = None,
    security: tuple[float, float] | None = None,
    adherence: FloatArray | None = None,
) -> StabilityReport:
    """Fixed points of a conflict, their eigenvalues and loop gains, and the headline gain.

    Parameters
    ----------
    params : ModelParams
    energy, security : tuple of float, optional
        Day-scale state (default: the day-0 values in ``params``).
    adherence : ndarray of shape (8,), optional
        Practised responses (default none).

    Returns
    -------
    StabilityReport
    """
    e = np.array(energy if energy is not None else (params.energy_a, params.energy_b), float)
    sec = np.array(
        security if security is not None else (params.security_a, params.security_b), float
    )
    q = np.zeros(8) if adherence is None else np.asarray(adherence, float)
    c = _Couple(params, e, sec, q)
    grid = np.linspace(-0.999, 0.999, _GRID)
    f, _ = _composite(c, grid)
    brackets = np.nonzero(np.sign(f[:-1]) * np.sign(f[1:]) <= 0)[0]
    lo, hi = grid[brackets], grid[brackets + 1]
    f_lo, f_hi = f[brackets], f[brackets + 1]
    span = np.where(f_hi != f_lo, f_hi - f_lo, 1.0)
    guess = np.clip(lo - f_lo * (hi - lo) / span, lo, hi)  # one regula-falsi step
    _, states = _composite(c, guess) if guess.size else (None, np.empty((0, 4)))
    points: list[FixedPoint] = []
    for s in states:
        s = _polish(c, s)
        if s is None or any(np.allclose(s, p.state, atol=1e-6) for p in points):
            continue
        jac = jacobian(c, s)
        ev = np.linalg.eigvals(jac)
        gain = loop_gain_at(jac, params.responsiveness)
        points.append(
            FixedPoint(
                state=(float(s[0]), float(s[1]), float(s[2]), float(s[3])),
                eigenvalues=tuple(complex(v) for v in ev),
                loop_gain=gain,
            )
        )
    points.sort(key=lambda p: p.state[0])
    headline = min(points, key=lambda p: np.hypot(p.state[0], p.state[1])) if points else None
    return StabilityReport(fixed_points=tuple(points), headline=headline)


def _polish(c: _Couple, s: FloatArray) -> FloatArray | None:
    """Newton's method on ``F(s) − s`` from a settled bracket midpoint."""
    x = s.copy()
    for _ in range(20):
        r = c.step(x[None, :])[0] - x
        if np.max(np.abs(r)) < 1e-13:
            return x
        jac = jacobian(c, x) - np.eye(4)
        try:
            x = x - np.linalg.solve(jac, r)
        except np.linalg.LinAlgError:
            return None
    r = c.step(x[None, :])[0] - x
    return x if np.max(np.abs(r)) < 1e-8 else None
