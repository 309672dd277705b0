"""The Gottman–Murray marriage model, the published reference beside Tandem's own model.

Equations (Gottman, Murray, Swanson, Tyson & Swanson 2002, *The Mathematics of Marriage*,
ch. 3)::

    W(t+1) = I_HW(H(t)) + r1 * W(t) + a
    H(t+1) = I_WH(W(t+1)) + r2 * H(t) + b

``I_HW`` is the husband's influence on the wife, ``I_WH`` the wife's on the husband, each a
piecewise function of the other partner's score: bilinear (two slopes meeting at a threshold)
or ojive (constant pieces with two thresholds).

Examples
--------
>>> m = GMModel(a=1.0, r1=0.5, b=-1.0, r2=0.5,
...             influence_hw=BilinearInfluence(0.2, 0.4), influence_wh=BilinearInfluence(0.3, 0.1))
>>> m.uninfluenced_steady_state
(2.0, -2.0)
>>> [(round(p.wife, 3), round(p.husband, 3), p.stable) for p in m.steady_states()]
[(1.304, -1.739, True)]
>>> m.simulate(0.0, 0.0, 200)[-1].round(3).tolist()
[1.304, -1.739]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

__all__ = [
    "BilinearInfluence",
    "GMModel",
    "InfluenceFunction",
    "OjiveInfluence",
    "SteadyState",
]


class InfluenceFunction:
    """Base of the influence functions ``I(x)`` of the Gottman–Murray model.

    Contract: (1) the public ``__call__`` converts its input to a float array; (2) subclasses
    implement ``_evaluate`` on arrays; (3) ``pieces`` lists the function as linear pieces
    ``(lower, upper, intercept, slope)`` with ``lower < x <= upper``, which the closed-form
    steady states solve piece by piece.
    """

    n_regimes: int = 0
    """How many linear pieces the function has."""

    def __call__(self, x: float | FloatArray) -> FloatArray:
        """Evaluate the influence at ``x`` (scalar or array)."""
        return self._evaluate(np.asarray(x, dtype=float))

    def _evaluate(self, x: FloatArray) -> FloatArray:
        raise NotImplementedError

    @property
    def pieces(self) -> tuple[tuple[float, float, float, float], ...]:
        """The linear pieces ``(lower, upper, intercept, slope)``, ``lower < x <= upper``."""
        raise NotImplementedError


@dataclass(frozen=True)
class BilinearInfluence(InfluenceFunction):
    """Two slopes through the origin, meeting at a threshold.

    ``slope_left·x`` for ``x <= threshold``, else ``slope_right·x``.

    Examples
    --------
    >>> BilinearInfluence(0.5, 2.0)(np.array([-2.0, 3.0])).tolist()
    [-1.0, 6.0]
    """

    slope_left: float
    """Slope at and below the threshold (the negative regime)."""
    slope_right: float
    """Slope above the threshold."""
    threshold: float = 0.0
    """Where the slope changes (0 in the book; fitted by the TAR method)."""

    n_regimes = 2

    def _evaluate(self, x: FloatArray) -> FloatArray:
        return np.where(x <= self.threshold, self.slope_left * x, self.slope_right * x)

    @property
    def pieces(self) -> tuple[tuple[float, float, float, float], ...]:
        """The two linear pieces."""
        return (
            (-np.inf, self.threshold, 0.0, self.slope_left),
            (self.threshold, np.inf, 0.0, self.slope_right),
        )


@dataclass(frozen=True)
class OjiveInfluence(InfluenceFunction):
    """Constant pieces: ``low`` at or below ``lower``, 0 in between, ``high`` above ``upper``.

    The threshold form of the book's ojive (S-shaped) influence, as fitted by the TAR method.

    Examples
    --------
    >>> OjiveInfluence(-2.0, 3.0, lower=-1.0, upper=1.0)(np.array([-5.0, 0.0, 1.0, 4.0])).tolist()
    [-2.0, 0.0, 0.0, 3.0]
    """

    low: float
    """Influence at or below the lower threshold (``l1``)."""
    high: float
    """Influence above the upper threshold (``l2``)."""
    lower: float = 0.0
    """The lower (negative) threshold."""
    upper: float = 0.0
    """The upper (positive) threshold."""

    n_regimes = 3

    def _evaluate(self, x: FloatArray) -> FloatArray:
        return np.where(x <= self.lower, self.low, np.where(x > self.upper, self.high, 0.0))

    @property
    def pieces(self) -> tuple[tuple[float, float, float, float], ...]:
        """The three constant pieces."""
        return (
            (-np.inf, self.lower, self.low, 0.0),
            (self.lower, self.upper, 0.0, 0.0),
            (self.upper, np.inf, self.high, 0.0),
        )


@dataclass(frozen=True)
class SteadyState:
    """One influenced steady state of the Gottman–Murray model."""

    wife: float
    """The wife's score there."""
    husband: float
    """The husband's score there."""
    eigenvalues: tuple[complex, complex]
    """Eigenvalues of the map's Jacobian there (the husband reacting to the wife's new score)."""
    eigenvalues_lagged: tuple[complex, complex] = (0j, 0j)
    """Eigenvalues when both react to the other's previous score (the form the TAR fit and the
    ``dyad`` package's steady-state search use)."""

    @property
    def stable(self) -> bool:
        """Both eigenvalues inside the unit circle."""
        return bool(max(abs(v) for v in self.eigenvalues) < 1.0)

    @property
    def stable_lagged(self) -> bool:
        """Stability when both partners react to the other's previous score."""
        return bool(max(abs(v) for v in self.eigenvalues_lagged) < 1.0)


@dataclass(frozen=True)
class GMModel:
    """The Gottman–Murray model with its parameters.

    Parameters
    ----------
    a, r1 : float
        The wife's uninfluenced start (constant) and inertia.
    b, r2 : float
        The husband's.
    influence_hw, influence_wh : InfluenceFunction
        Husband-on-wife and wife-on-husband influence.
    """

    a: float
    r1: float
    b: float
    r2: float
    influence_hw: InfluenceFunction
    influence_wh: InfluenceFunction

    @property
    def uninfluenced_steady_state(self) -> tuple[float, float]:
        """``(a/(1−r1), b/(1−r2))``: where each would settle without the other's influence."""
        return (self.a / (1.0 - self.r1), self.b / (1.0 - self.r2))

    def step(self, wife: float, husband: float) -> tuple[float, float]:
        """One step of the map (the husband reacts to the wife's new score)."""
        w = float(self.influence_hw(husband)) + self.r1 * wife + self.a
        h = float(self.influence_wh(w)) + self.r2 * husband + self.b
        return w, h

    def simulate(self, wife0: float, husband0: float, steps: int) -> FloatArray:
        """Iterate the map; returns an array of shape ``(steps + 1, 2)`` (wife, husband)."""
        out = np.empty((steps + 1, 2))
        out[0] = wife0, husband0
        for t in range(steps):
            out[t + 1] = self.step(float(out[t, 0]), float(out[t, 1]))
        return out

    def steady_states(self) -> list[SteadyState]:
        """Influenced steady states: where the two null-clines cross, solved per regime pair.

        On a pair of pieces the null-clines are straight lines,
        ``(1−r1)·W − s_hw·H = a + c_hw`` and ``−s_wh·W + (1−r2)·H = b + c_wh``; each solution
        is kept when it lies in the pieces it was solved for (``lower < x <= upper``). The
        bilinear case gives at most four, as in the book.
        """
        found: list[SteadyState] = []
        for (lo_h, hi_h, c_hw, s_hw), (lo_w, hi_w, c_wh, s_wh) in itertools.product(
            self.influence_hw.pieces, self.influence_wh.pieces
        ):
            mat = np.array([[1.0 - self.r1, -s_hw], [-s_wh, 1.0 - self.r2]])
            if abs(np.linalg.det(mat)) < 1e-12:
                continue
            w, h = np.linalg.solve(mat, np.array([self.a + c_hw, self.b + c_wh]))
            if lo_h < h <= hi_h and lo_w < w <= hi_w:
                jac = np.array([[self.r1, s_hw], [s_wh * self.r1, s_wh * s_hw + self.r2]])
                ev = np.linalg.eigvals(jac)
                lag = np.linalg.eigvals(np.array([[self.r1, s_hw], [s_wh, self.r2]]))
                found.append(
                    SteadyState(
                        float(w),
                        float(h),
                        (complex(ev[0]), complex(ev[1])),
                        (complex(lag[0]), complex(lag[1])),
                    )
                )
        return found
