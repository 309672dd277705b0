"""Drivers of the pursue–withdraw model: one couple, many couples, what-if comparisons.

All randomness comes from the ``rng`` the caller passes: it seeds one counter-based noise
stream per couple, so the same seed gives the same run, and the arms of a comparison share
their noise (common random numbers) so differences come from the interventions alone.

Examples
--------
>>> from tandem.dynamics.models import get_preset, get_intervention
>>> rng = np.random.default_rng(1)
>>> base = simulate(get_preset("classic"), days=60, rng=rng)
>>> base.roles
(<Role.PURSUER: 'pursuer'>, <Role.DISTANCER: 'distancer'>)
>>> arms = compare(get_preset("classic"), [get_intervention("soften")], days=60,
...                rng=np.random.default_rng(1))
>>> [a.name for a in arms]
['none', 'soften']
>>> arms[1].trajectory.intensity < arms[0].trajectory.intensity
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from tandem.domain import Role
from tandem.dynamics import _kernels
from tandem.dynamics.models import (
    CHANNELS,
    COLUMN,
    INTERVENTIONS,
    PARAM_SPECS,
    Intervention,
    ModelParams,
    stack_params,
)
from tandem.dynamics.results import (
    RUN_COLUMNS,
    ConflictTrajectory,
    EnsembleResult,
    Scenario,
    Trajectory,
)
from tandem.dynamics.stability import analyse
from tandem.errors import InvalidChoice

FloatArray = NDArray[np.float64]

__all__ = [
    "adherence_plan",
    "compare",
    "roles",
    "seeds_from",
    "simulate",
    "simulate_conflict",
    "simulate_conflicts",
    "simulate_ensemble",
]

MAX_DAYS = 100_000


def seeds_from(rng: np.random.Generator, n: int) -> NDArray[np.uint64]:
    """``n`` non-zero 64-bit noise states drawn from ``rng``."""
    return rng.integers(1, 2**63 - 1, size=n, dtype=np.uint64)


def _check_days(days: int) -> int:
    if not 1 <= int(days) <= MAX_DAYS:
        raise InvalidChoice(f"days must be from 1 to {MAX_DAYS}, got {days}", where="--days")
    return int(days)


def _check_array(prm: FloatArray) -> None:
    """Every column of a parameter array within its range (the array form of ``validate``)."""
    low = np.array([PARAM_SPECS[n].low for n in COLUMN])
    high = np.array([PARAM_SPECS[n].high for n in COLUMN])
    bad = ~((prm >= low) & (prm <= high))
    if bad.any():
        row, col = (int(v) for v in np.argwhere(bad)[0])
        name = list(COLUMN)[col]
        raise InvalidChoice(
            f"{name}={prm[row, col]} (couple {row}) is out of range; allowed "
            f"{PARAM_SPECS[name].low:g} to {PARAM_SPECS[name].high:g}"
        )


def simulate_conflict(
    params: ModelParams,
    *,
    rng: np.random.Generator,
    energy: tuple[float, float] | None = None,
    security: tuple[float, float] | None = None,
    adherence: FloatArray | None = None,
    hold_pursuit_from: int | None = None,
) -> ConflictTrajectory:
    """One conflict of one couple, turn by turn.

    Parameters
    ----------
    params : ModelParams
    rng : numpy.random.Generator
        Seeds the turn noise.
    energy, security : tuple of float, optional
        Day-scale state (default: the day-0 values in ``params``).
    adherence : ndarray of shape (8,), optional
        Practised responses: A's soften, space, validate, break, then B's.
    hold_pursuit_from : int, optional
        From this turn on, A's pursuit is held at zero (what B does when pursuit stops).

    Examples
    --------
    >>> from tandem.dynamics.models import get_preset
    >>> c = simulate_conflict(get_preset("classic"), rng=np.random.default_rng(0))
    >>> c.states.shape
    (31, 4)
    """
    params.validate()
    prm = params.as_array()[None, :]
    e = energy if energy is not None else (params.energy_a, params.energy_b)
    s = security if security is not None else (params.security_a, params.security_b)
    q = np.zeros(8) if adherence is None else np.asarray(adherence, dtype=float)
    rec = np.empty((int(params.turns) + 1, 4))
    hold = -1 if hold_pursuit_from is None else int(hold_pursuit_from)
    _kernels.conflict(prm, 0, e[0], e[1], s[0], s[1], q, seeds_from(rng, 1)[0], rec, hold)
    return ConflictTrajectory(params=params, states=rec)


def simulate_conflicts(
    params: Sequence[ModelParams] | FloatArray,
    *,
    rng: np.random.Generator,
    adherence: FloatArray | None = None,
    keep_turns: bool = False,
) -> tuple[FloatArray, FloatArray | None]:
    """One conflict for each of many couples (the turn model alone), in one parallel call.

    Parameters
    ----------
    params : sequence of ModelParams or ndarray of shape (n_couples, n_params)
        All couples must share the same ``turns`` when ``keep_turns`` is set.
    rng : numpy.random.Generator
    adherence : ndarray of shape (n_couples, 8), optional
        Practised responses (default none).
    keep_turns : bool
        Also return every turn, shape ``(n_couples, turns + 1, 4)`` (``m_A, m_B, x_A, x_B``);
        otherwise only summaries are kept and memory does not grow with ``turns``.

    Returns
    -------
    summary : ndarray of shape (n_couples, 12)
        Mean pursuit A, B, mean withdrawal A, B, mean |gap| A, B, intensity, final
        ``m_A, m_B, x_A, x_B``, turns.
    turns : ndarray or None

    Examples
    --------
    >>> from tandem.dynamics.models import get_preset
    >>> s, t = simulate_conflicts([get_preset("classic")] * 3, rng=np.random.default_rng(0),
    ...                           keep_turns=True)
    >>> s.shape, t.shape
    ((3, 12), (3, 31, 4))
    """
    if isinstance(params, np.ndarray):
        prm = np.ascontiguousarray(params, dtype=np.float64)
        _check_array(prm)
    else:
        prm = stack_params([p.validate() for p in params])
    n = prm.shape[0]
    day = np.ascontiguousarray(
        prm[:, [COLUMN["energy_a"], COLUMN["energy_b"], COLUMN["security_a"], COLUMN["security_b"]]]
    )
    q = np.zeros((n, 8)) if adherence is None else np.ascontiguousarray(adherence, dtype=float)
    seeds = seeds_from(rng, n)
    if not keep_turns:
        return _kernels.conflict_ensemble(prm, day, q, seeds), None
    turns = np.unique(prm[:, COLUMN["turns"]]) if n else np.array([0.0])
    if turns.size != 1:
        raise InvalidChoice("keep_turns needs every couple to have the same number of turns")
    rec = np.empty((n, int(turns[0]) + 1, 4))
    return _kernels.conflict_ensemble_recorded(prm, day, q, seeds, rec), rec


def roles(params: ModelParams) -> tuple[Role, Role]:
    """Roles of A and B as the model plays them: a noiseless conflict from the day-0 state.

    A partner whose mean pursuit exceeds their mean withdrawal by 0.05 pursues; the reverse
    distances; otherwise ``neither``.

    Examples
    --------
    >>> from tandem.dynamics.models import get_preset
    >>> roles(get_preset("classic").swapped())
    (<Role.DISTANCER: 'distancer'>, <Role.PURSUER: 'pursuer'>)
    """
    c = simulate_conflict(params.replace(noise=0.0), rng=np.random.default_rng(0))
    net = (c.pursuit[1:] - c.withdrawal[1:]).mean(axis=0)
    out: list[Role] = []
    for v in net:
        out.append(Role.PURSUER if v > 0.05 else Role.DISTANCER if v < -0.05 else Role.NEITHER)
    return out[0], out[1]


def _pursuer_index(params: ModelParams) -> int:
    c = simulate_conflict(params.replace(noise=0.0), rng=np.random.default_rng(0))
    net = (c.pursuit[1:] - c.withdrawal[1:]).mean(axis=0)
    return 0 if net[0] >= net[1] else 1


def adherence_plan(
    params: ModelParams, interventions: Sequence[Intervention]
) -> tuple[FloatArray, int]:
    """Start day of every channel, shape ``(8,)`` (``inf`` = never), and the pursuer's index.

    The pursuer is the partner who pursues more in a noiseless conflict from day 0.
    """
    start = np.full(8, np.inf)
    pursuer = _pursuer_index(params)
    for iv in interventions:
        if not isinstance(iv, Intervention):
            raise InvalidChoice(
                f"not an intervention: {iv!r}; choose one of: {', '.join(INTERVENTIONS)}",
                where="interventions",
            )
        for role, channel in iv.channels:
            who = pursuer if role is Role.PURSUER else 1 - pursuer
            k = who * 4 + CHANNELS.index(channel)
            start[k] = min(start[k], iv.start_day)
    return start, pursuer


def simulate_ensemble(
    params: Sequence[ModelParams] | FloatArray,
    *,
    days: int,
    rng: np.random.Generator,
    interventions: Sequence[Intervention] = (),
    keep_daily: bool = False,
    q_start: FloatArray | None = None,
    seeds: NDArray[np.uint64] | None = None,
) -> EnsembleResult:
    """Simulate many couples over ``days`` days in one call (Numba, parallel over couples).

    Parameters
    ----------
    params : sequence of ModelParams or ndarray of shape (n_couples, n_params)
        One row per couple (a sweep is one call).
    days : int
    rng : numpy.random.Generator
    interventions : sequence of Intervention
        Applied to every couple (the pursuer found per couple).
    keep_daily : bool
        Keep the day-by-day record (memory grows with ``days``); otherwise summaries only.
    q_start : ndarray of shape (n_couples, 8), optional
        Start day of every channel, overriding ``interventions``.
    seeds : ndarray of uint64, optional
        Noise states per couple (default drawn from ``rng``).

    Returns
    -------
    EnsembleResult

    Examples
    --------
    >>> from tandem.dynamics.models import get_preset
    >>> res = simulate_ensemble([get_preset("classic"), get_preset("secure")], days=30,
    ...                         rng=np.random.default_rng(0))
    >>> res.summary.shape
    (2, 14)
    """
    days = _check_days(days)
    if isinstance(params, np.ndarray):
        prm = np.ascontiguousarray(params, dtype=np.float64)
        plist: list[ModelParams] | None = None
    else:
        plist = [p.validate() for p in params]
        prm = stack_params(plist)
    n = prm.shape[0]
    if prm.ndim != 2 or prm.shape[1] != len(COLUMN):
        raise InvalidChoice(f"parameter array must have shape (n, {len(COLUMN)}), got {prm.shape}")
    _check_array(prm)
    if q_start is None:
        q_start = np.full((n, 8), np.inf)
        if interventions:
            if plist is None:
                plist = [ModelParams(**dict(zip(COLUMN, row, strict=True))) for row in prm]
            for i, p in enumerate(plist):
                q_start[i], _ = adherence_plan(p, interventions)
    if seeds is None:
        seeds = seeds_from(rng, n)
    daily = np.empty((n, days, _kernels.N_DAILY) if keep_daily else (0, 0, _kernels.N_DAILY))
    summary = _kernels.run_days(prm, np.ascontiguousarray(q_start), days, seeds, daily)
    return EnsembleResult(
        params=prm, summary=summary, daily=daily if keep_daily else None, days=days
    )


def simulate(
    params: ModelParams,
    *,
    days: int = 180,
    interventions: Sequence[Intervention] = (),
    rng: np.random.Generator,
    seed_state: NDArray[np.uint64] | None = None,
) -> Trajectory:
    """Simulate one couple day by day, with optional interventions.

    Parameters
    ----------
    params : ModelParams
        The couple (see :func:`tandem.dynamics.get_preset`, :func:`params_for_roles`).
    days : int
        Days to simulate (1 to 100 000).
    interventions : sequence of Intervention
        From :data:`tandem.dynamics.INTERVENTIONS`, each possibly ``.at(day)``.
    rng : numpy.random.Generator
        Source of all randomness.
    seed_state : ndarray of uint64, optional
        A noise state to reuse (how :func:`compare` shares noise between arms).

    Returns
    -------
    Trajectory
        Day-by-day record, summary, roles and stability.
    """
    params.validate()
    q_start, _ = adherence_plan(params, interventions)
    seeds = seed_state if seed_state is not None else seeds_from(rng, 1)
    res = simulate_ensemble(
        [params], days=days, rng=rng, keep_daily=True, q_start=q_start[None, :], seeds=seeds
    )
    daily = res.daily if res.daily is not None else np.empty((0, _kernels.N_DAILY))
    summary = {name: float(v) for name, v in zip(RUN_COLUMNS, res.summary[0], strict=True)}
    adopted = np.where(np.isfinite(q_start), params.adherence_max, 0.0)
    return Trajectory(
        params=params,
        interventions=tuple(iv.key for iv in interventions),
        daily=daily[0],
        summary=summary,
        roles=roles(params),
        stability=analyse(params, adherence=adopted),
    )


def compare(
    params: ModelParams,
    interventions: Sequence[Intervention] = (),
    *,
    days: int = 180,
    rng: np.random.Generator,
) -> list[Scenario]:
    """The same couple without and with each intervention (and all of them together).

    With no interventions given, every registered one is compared. All arms share one noise
    stream, so their differences come from the interventions.

    Returns
    -------
    list of Scenario
        ``none`` first, then one per intervention, then their combination when more than one
        was given.
    """
    chosen = list(interventions) if interventions else list(INTERVENTIONS.values())
    seed = seeds_from(rng, 1)
    arms: list[tuple[str, list[Intervention]]] = [("none", [])]
    arms += [(iv.key, [iv]) for iv in chosen]
    if interventions and len(chosen) > 1:
        arms.append(("+".join(iv.key for iv in chosen), chosen))
    return [
        Scenario(
            name=name,
            trajectory=simulate(params, days=days, interventions=ivs, rng=rng, seed_state=seed),
        )
        for name, ivs in arms
    ]
