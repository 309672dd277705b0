"""Result objects of the pursue–withdraw simulations.

Expensive figures are ``functools.cached_property``; the classes therefore do not use
``slots``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from tandem.domain import Role
from tandem.dynamics.models import ModelParams

FloatArray = NDArray[np.float64]

__all__ = [
    "DAILY_COLUMNS",
    "RUN_COLUMNS",
    "ConflictTrajectory",
    "EnsembleResult",
    "FixedPoint",
    "Scenario",
    "StabilityReport",
    "Trajectory",
]

DAILY_COLUMNS: tuple[str, ...] = (
    "pursuit_a",
    "pursuit_b",
    "withdrawal_a",
    "withdrawal_b",
    "intensity",
    "satisfaction_a",
    "satisfaction_b",
    "energy_a",
    "energy_b",
    "security_a",
    "security_b",
    "conflict",
)
"""Columns of the day-by-day record (pursuit etc. are that day's conflict means, 0 on calm days)."""

RUN_COLUMNS: tuple[str, ...] = (
    "intensity",
    "satisfaction_a",
    "satisfaction_b",
    "burnout_day_a",
    "burnout_day_b",
    "energy_a",
    "energy_b",
    "security_a",
    "security_b",
    "n_conflicts",
    "pursuit_a",
    "pursuit_b",
    "withdrawal_a",
    "withdrawal_b",
)
"""Columns of a run summary (burnout day −1 when it never happened)."""


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point of one conflict (noise off), with its stability."""

    state: tuple[float, float, float, float]
    """``m_A, m_B, x_A, x_B`` there."""
    eigenvalues: tuple[complex, ...]
    """Eigenvalues of the turn map's Jacobian there."""
    loop_gain: float
    """Gain once round the loop: product of the response-curve slopes (with self-feedback)."""

    @property
    def self_reinforcing(self) -> bool:
        """Whether a small push grows: loop gain above 1."""
        return self.loop_gain > 1.0

    @property
    def spectral_radius(self) -> float:
        """Largest eigenvalue modulus; above 1 means unstable."""
        return float(max(abs(v) for v in self.eigenvalues))


@dataclass(frozen=True)
class StabilityReport:
    """Fixed points of a couple's conflict and the headline loop gain."""

    fixed_points: tuple[FixedPoint, ...]
    """Every fixed point found, ordered by pursuit of A."""
    headline: FixedPoint | None
    """The fixed point nearest to calm (``m = 0``), whose loop gain is the couple's."""

    @property
    def loop_gain(self) -> float:
        """The couple's loop gain (NaN when no fixed point was found)."""
        return self.headline.loop_gain if self.headline is not None else float("nan")

    @property
    def self_reinforcing(self) -> bool:
        """Whether the couple's loop feeds itself (loop gain above 1)."""
        return self.headline is not None and self.headline.self_reinforcing


@dataclass
class ConflictTrajectory:
    """One conflict, turn by turn."""

    params: ModelParams
    """The couple."""
    states: FloatArray
    """ndarray of shape (turns + 1, 4): ``m_A, m_B, x_A, x_B``."""

    @property
    def pursuit(self) -> FloatArray:
        """Ndarray of shape (turns + 1, 2): each partner's pursuit."""
        return np.maximum(self.states[:, :2], 0.0)

    @property
    def withdrawal(self) -> FloatArray:
        """Ndarray of shape (turns + 1, 2): each partner's withdrawal."""
        return np.maximum(-self.states[:, :2], 0.0)

    @property
    def arousal(self) -> FloatArray:
        """Ndarray of shape (turns + 1, 2)."""
        return self.states[:, 2:]

    @cached_property
    def intensity(self) -> float:
        """Mean over turns of the two partners' mean arousal."""
        return float(self.states[1:, 2:].mean()) if len(self.states) > 1 else 0.0


@dataclass
class Trajectory:
    """One couple over days: the day-by-day record and its summary.

    Attributes
    ----------
    params : ModelParams
    interventions : tuple of str
        Keys (``name`` or ``name@day``) of the interventions applied.
    daily : ndarray of shape (days, 12)
        Columns :data:`DAILY_COLUMNS`.
    summary : dict of str to float
        :data:`RUN_COLUMNS` for this run.
    roles : tuple of Role
        Roles of A and B at day 0 (from a noiseless conflict).
    stability : StabilityReport
    """

    params: ModelParams
    interventions: tuple[str, ...]
    daily: FloatArray
    summary: dict[str, float]
    roles: tuple[Role, Role]
    stability: StabilityReport
    example_conflict: ConflictTrajectory | None = None

    @property
    def days(self) -> int:
        """Number of days simulated."""
        return int(self.daily.shape[0])

    @cached_property
    def intensity(self) -> float:
        """Mean conflict intensity over the conflict days."""
        return float(self.summary["intensity"])

    @property
    def satisfaction_end(self) -> float:
        """Mean of both partners' satisfaction on the last day."""
        return 0.5 * (self.summary["satisfaction_a"] + self.summary["satisfaction_b"])

    @property
    def burnout_day(self) -> int | None:
        """First day either partner was burnt out, ``None`` if never."""
        days = [int(self.summary[k]) for k in ("burnout_day_a", "burnout_day_b")]
        days = [d for d in days if d >= 0]
        return min(days) if days else None

    def column(self, name: str) -> FloatArray:
        """One column of the daily record by name."""
        return self.daily[:, DAILY_COLUMNS.index(name)]

    def as_dict(self) -> dict[str, object]:
        """The figures ``tandem simulate --json`` prints."""
        return {
            "params": self.params.as_dict(),
            "interventions": list(self.interventions),
            "days": self.days,
            "roles": {"A": self.roles[0].value, "B": self.roles[1].value},
            "loop_gain": _finite(self.stability.loop_gain),
            "self_reinforcing": self.stability.self_reinforcing,
            "intensity": self.intensity,
            "satisfaction_end": self.satisfaction_end,
            "burnout_day": self.burnout_day,
            "fixed_points": [
                {
                    "state": dict(zip(("m_a", "m_b", "x_a", "x_b"), fp.state, strict=True)),
                    "loop_gain": _finite(fp.loop_gain),
                    "self_reinforcing": fp.self_reinforcing,
                    "eigenvalues": [[v.real, v.imag] for v in fp.eigenvalues],
                }
                for fp in self.stability.fixed_points
            ],
            "summary": {k: float(v) for k, v in self.summary.items()},
        }


@dataclass
class Scenario:
    """One arm of a comparison: a name and its trajectory."""

    name: str
    """``none`` for the baseline, else the intervention keys joined by ``+``."""
    trajectory: Trajectory
    """What happened."""

    def as_dict(self) -> dict[str, object]:
        """The figures of one scenario (``--compare --json``)."""
        t = self.trajectory
        return {
            "name": self.name,
            "interventions": list(t.interventions),
            "roles": {"A": t.roles[0].value, "B": t.roles[1].value},
            "intensity": t.intensity,
            "satisfaction_end": t.satisfaction_end,
            "burnout_day": t.burnout_day,
            "loop_gain": _finite(t.stability.loop_gain),
            "self_reinforcing": t.stability.self_reinforcing,
        }


@dataclass
class EnsembleResult:
    """Many couples at once: run summaries, and the daily record when asked."""

    params: FloatArray
    """ndarray of shape (n_couples, n_params)."""
    summary: FloatArray
    """ndarray of shape (n_couples, 14), columns :data:`RUN_COLUMNS`."""
    daily: FloatArray | None = None
    """ndarray of shape (n_couples, days, 12) when kept, else ``None``."""
    days: int = 0
    """Days simulated."""
    extra: dict[str, FloatArray] = field(default_factory=dict)
    """Further per-couple columns (e.g. ``loop_gain`` in a sweep)."""

    def column(self, name: str) -> FloatArray:
        """One summary column by name (or an ``extra`` column)."""
        if name in self.extra:
            return self.extra[name]
        return self.summary[:, RUN_COLUMNS.index(name)]


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None
