"""Fit the Gottman–Murray model by threshold-autoregressive least squares.

The method of Hamaker, Zhang & van der Maas (2009, *Psychometrika* 74:727–745), with the
conventions of the ``dyad`` R package (Madhyastha & Hamaker) that implements it; see
``docs/model.md`` for what was matched and what could not be checked.

For each partner, own score at ``t`` is regressed on an intercept, own score at ``t−1`` and the
partner's score at ``t−1`` split by regime:

* ``bilinear``: ``partner·[partner <= θ]`` and ``partner·[partner > θ]`` (two slopes);
* ``ojive``: ``[partner <= θ1]`` and ``[partner > θ2]`` (constant influences ``l1``, ``l2``).

Thresholds are searched over the observed partner values sorted (stable sort); a candidate is
a sorted value whose next sorted value is larger, keeping at least ``round(n/10)`` observations
per regime. The least residual sum of squares wins (the first on ties).

Examples
--------
>>> rng = np.random.default_rng(0)
>>> data = np.cumsum(rng.normal(size=(60, 2)), axis=0) * 0.3
>>> result = fit_gm(data, influence="bilinear")
>>> result.wife.n, result.wife.min_per_regime
(59, 6)
>>> result.converged
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tandem.dynamics.gottman_murray import (
    BilinearInfluence,
    GMModel,
    InfluenceFunction,
    OjiveInfluence,
    SteadyState,
)
from tandem.errors import InvalidChoice, NotEnoughData, ParseError

FloatArray = NDArray[np.float64]

__all__ = ["FITTERS", "GMFitResult", "PartnerFit", "fit_gm", "read_couple_csv"]


@dataclass
class PartnerFit:
    """The fitted equation of one partner (own score on own lag and the partner's lag).

    Attributes
    ----------
    a0, a1 : float
        Intercept and inertia (``a``, ``r1`` for the wife; ``b``, ``r2`` for the husband).
    influence : InfluenceFunction
        The fitted influence of the other partner on this one.
    rss : float
        Residual sum of squares at the winning threshold(s).
    loglik, aic, bic : float
        Equal residual variance across regimes (the package's ``loglik``, ``AICeq``, ``BICeq``).
    loglik_unequal, aic_unequal, bic_unequal : float
        Unequal variance per regime (``loglikneq``, ``AICneq``, ``BICneq``).
    n : int
        Number of lagged pairs used (``T − 1``).
    min_per_regime : int
        Smallest number of observations allowed in a regime.
    n_candidates : int
        How many threshold candidates (or pairs) were compared.
    """

    a0: float
    a1: float
    influence: InfluenceFunction
    rss: float
    loglik: float
    aic: float
    bic: float
    loglik_unequal: float
    aic_unequal: float
    bic_unequal: float
    n: int
    min_per_regime: int
    n_candidates: int

    def as_dict(self) -> dict[str, float | int]:
        """Every figure, by the R package's names (``ls rs th`` or ``l1 l2 nth pth``)."""
        out: dict[str, float | int] = {"a0": self.a0, "a1": self.a1}
        inf = self.influence
        if isinstance(inf, BilinearInfluence):
            out |= {"ls": inf.slope_left, "rs": inf.slope_right, "th": inf.threshold}
        elif isinstance(inf, OjiveInfluence):
            out |= {"l1": inf.low, "l2": inf.high, "nth": inf.lower, "pth": inf.upper}
        out |= {
            "ss": self.rss,
            "loglik": self.loglik,
            "aic": self.aic,
            "bic": self.bic,
            "loglik_unequal": self.loglik_unequal,
            "aic_unequal": self.aic_unequal,
            "bic_unequal": self.bic_unequal,
            "n": self.n,
            "min_per_regime": self.min_per_regime,
            "n_candidates": self.n_candidates,
        }
        # The same figures under the dyad package's own names, for side-by-side checks.
        out |= {
            "AICeq": self.aic,
            "BICeq": self.bic,
            "AICneq": self.aic_unequal,
            "BICneq": self.bic_unequal,
            "loglikneq": self.loglik_unequal,
            "nt": self.n,
            "mpr": self.min_per_regime,
        }
        return out


@dataclass
class GMFitResult:
    """Both partners' fits and the model they make together.

    Least squares always has an answer, so ``converged`` is ``True`` whenever at least one
    threshold candidate existed; otherwise the result carries ``converged=False`` and a message.
    """

    influence: str
    """``"bilinear"`` or ``"ojive"``."""
    wife: PartnerFit
    """The first column's equation."""
    husband: PartnerFit
    """The second column's equation."""
    converged: bool = True
    """Whether the search found a fit."""
    message: str = "ok"
    """What happened, in one line."""
    columns: tuple[str, str] = field(default=("wife", "husband"))
    """Names of the two columns fitted."""

    @cached_property
    def model(self) -> GMModel:
        """The fitted Gottman–Murray model."""
        return GMModel(
            a=self.wife.a0,
            r1=self.wife.a1,
            b=self.husband.a0,
            r2=self.husband.a1,
            influence_hw=self.wife.influence,
            influence_wh=self.husband.influence,
        )

    @cached_property
    def uninfluenced_steady_state(self) -> tuple[float, float]:
        """``(a/(1−r1), b/(1−r2))``."""
        return self.model.uninfluenced_steady_state

    @cached_property
    def steady_states(self) -> list[SteadyState]:
        """Influenced steady states where the null-clines cross."""
        return self.model.steady_states()


def _round_half_even(x: float) -> int:
    """R's ``round``: halves go to the even neighbour (Python's ``round`` does the same)."""
    return round(x)


def _design(own: FloatArray, own_lag: FloatArray, d1: FloatArray, d2: FloatArray) -> FloatArray:
    return np.column_stack([np.ones_like(own), own_lag, d1, d2])


def _solve(y: FloatArray, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    coef = np.asarray(np.linalg.lstsq(x, y, rcond=None)[0], dtype=np.float64)
    return coef, y - x @ coef


def _regime_term(resid: FloatArray, sizes: tuple[int, ...]) -> float:
    """``sum_k n_k·log(RSS_k/n_k)`` with regimes in sorted order (the unequal-variance term)."""
    total = 0.0
    start = 0
    with np.errstate(divide="ignore"):
        for size in sizes:
            part = resid[start : start + size]
            total += size * float(np.log(np.sum(part**2) / size))
            start += size
    return total


def _stats(nt: int, rss: float, llplus: float, n_penalised: int, n_params: int) -> dict[str, float]:
    two_pi = math.log(2.0 * math.pi)
    eq = nt * math.log(rss / nt) + nt * two_pi + nt
    neq = llplus + nt * two_pi + nt
    return {
        "loglik": -eq / 2.0,
        "aic": eq + 2.0 * n_penalised,
        "bic": eq + math.log(nt) * n_penalised,
        "loglik_unequal": -neq / 2.0,
        "aic_unequal": neq + 2.0 * n_params,
        "bic_unequal": neq + math.log(nt) * n_params,
    }


def _sorted_rows(own: FloatArray, partner: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    y, y_lag, z = own[1:], own[:-1], partner[:-1]
    order = np.argsort(z, kind="stable")
    return y[order], y_lag[order], z[order]


def _fit_bilinear(y: FloatArray, y_lag: FloatArray, z: FloatArray, mpr: int) -> PartnerFit:
    nt = len(y)
    best: tuple[float, FloatArray, float] | None = None
    llplus = math.inf
    n_candidates = 0
    for br in range(mpr, nt - mpr + 1):  # 1-based position of the threshold
        if not z[br] > z[br - 1]:
            continue
        n_candidates += 1
        th = float(z[br - 1])
        below = z <= th
        x = _design(y, y_lag, np.where(below, z, 0.0), np.where(below, 0.0, z))
        coef, resid = _solve(y, x)
        rss = float(np.sum(resid**2))
        n1 = int(np.sum(below))
        llplus = min(llplus, _regime_term(resid, (n1, nt - n1)))
        if best is None or rss < best[0]:
            best = (rss, coef, th)
    if best is None:
        raise NotEnoughData(
            f"no threshold leaves {mpr} observations on each side", where="bilinear fit"
        )
    rss, coef, th = best
    stats = _stats(nt, rss, llplus, n_penalised=6 - 1, n_params=6)
    return PartnerFit(
        a0=float(coef[0]),
        a1=float(coef[1]),
        influence=BilinearInfluence(float(coef[2]), float(coef[3]), th),
        rss=rss,
        n=nt,
        min_per_regime=mpr,
        n_candidates=n_candidates,
        **stats,
    )


def _fit_ojive(y: FloatArray, y_lag: FloatArray, z: FloatArray, mpr: int) -> PartnerFit:
    nt = len(y)
    best: tuple[float, FloatArray, float, float] | None = None
    llplus = math.inf
    n_candidates = 0
    for br1 in range(mpr, nt - 2 * mpr + 1):
        if not z[br1] > z[br1 - 1]:
            continue
        for br2 in range(br1 + mpr, nt - mpr + 1):
            if not z[br2] > z[br2 - 1]:
                continue
            n_candidates += 1
            nth, pth = float(z[br1 - 1]), float(z[br2 - 1])
            low = z <= nth
            high = z > pth
            x = _design(y, y_lag, low.astype(float), high.astype(float))
            coef, resid = _solve(y, x)
            rss = float(np.sum(resid**2))
            n1, n3 = int(low.sum()), int(high.sum())
            llplus = min(llplus, _regime_term(resid, (n1, nt - n1 - n3, n3)))
            if best is None or rss < best[0]:
                best = (rss, coef, nth, pth)
    if best is None:
        raise NotEnoughData(
            f"no pair of thresholds leaves {mpr} observations in each regime", where="ojive fit"
        )
    rss, coef, nth, pth = best
    stats = _stats(nt, rss, llplus, n_penalised=7 - 2, n_params=7)
    return PartnerFit(
        a0=float(coef[0]),
        a1=float(coef[1]),
        influence=OjiveInfluence(float(coef[2]), float(coef[3]), nth, pth),
        rss=rss,
        n=nt,
        min_per_regime=mpr,
        n_candidates=n_candidates,
        **stats,
    )


FITTERS: dict[str, Callable[[FloatArray, FloatArray, FloatArray, int], PartnerFit]] = {
    "bilinear": _fit_bilinear,
    "ojive": _fit_ojive,
}
"""Influence types the TAR fit knows, by name."""


def fit_gm(
    data: ArrayLike,
    *,
    influence: str = "bilinear",
    min_per_regime: int | None = None,
    columns: tuple[str, str] = ("wife", "husband"),
) -> GMFitResult:
    """Fit the Gottman–Murray model to two scored series by TAR least squares.

    Parameters
    ----------
    data : array_like of shape (n_steps, 2)
        Column 0 the wife's (partner 1) scores, column 1 the husband's (partner 2).
    influence : {"bilinear", "ojive"}
        Influence function to fit.
    min_per_regime : int, optional
        Fewest observations per regime; default ``round((n_steps − 1)/10)``.
    columns : tuple of str
        Names of the two columns, kept in the result.

    Returns
    -------
    GMFitResult
        Both partners' equations, fit statistics and steady states.

    Raises
    ------
    InvalidChoice
        ``influence`` is not one of ``FITTERS``.
    NotEnoughData
        Too few rows, or missing values.

    Examples
    --------
    >>> t = np.arange(40.0)
    >>> res = fit_gm(np.column_stack([np.sin(t / 3), np.cos(t / 4)]), influence="ojive")
    >>> res.influence, res.husband.n
    ('ojive', 39)
    """
    if influence not in FITTERS:
        raise InvalidChoice(
            f"unknown influence {influence!r}; choose one of: {', '.join(FITTERS)}",
            where="--influence",
        )
    arr = np.asarray(data, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise NotEnoughData(f"need two columns of scores, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise NotEnoughData("the scores contain missing or infinite values")
    nt = arr.shape[0] - 1
    mpr = _round_half_even(nt / 10) if min_per_regime is None else int(min_per_regime)
    need = 3 * max(mpr, 1) + 2 if influence == "ojive" else 2 * max(mpr, 1) + 2
    if nt < max(need, 6):
        raise NotEnoughData(f"{arr.shape[0]} rows are too few for a {influence} fit")
    fitter = FITTERS[influence]
    wife = fitter(*_sorted_rows(arr[:, 0], arr[:, 1]), mpr)
    husband = fitter(*_sorted_rows(arr[:, 1], arr[:, 0]), mpr)
    return GMFitResult(influence=influence, wife=wife, husband=husband, columns=columns)


def read_couple_csv(path: str | Path) -> tuple[FloatArray, tuple[str, str]]:
    """Read a two-column CSV of scores (a header row of names, then numbers).

    Parameters
    ----------
    path : str or Path
        The file; the first two columns are used, ``wife``/``husband`` first if present.

    Returns
    -------
    data : ndarray of shape (n_steps, 2)
    names : tuple of str
    """
    import pandas as pd

    p = Path(path)
    try:
        frame = pd.read_csv(p)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise ParseError(f"not a readable CSV ({error})", where=str(p.name)) from error
    cols = [str(c) for c in frame.columns]
    if "wife" in cols and "husband" in cols:
        use = ["wife", "husband"]
    else:
        use = cols[:2]
    if len(use) < 2:
        raise ParseError("need two columns of scores (e.g. wife, husband)", where=str(p.name))
    try:
        data = frame[use].to_numpy(dtype=float)
    except ValueError as error:
        raise ParseError(f"non-numeric scores ({error})", where=str(p.name)) from error
    return data, (use[0], use[1])
