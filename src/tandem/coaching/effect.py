"""What the dynamics model expects from the plan: the same couple with and without practice.

For the couple's role pair, :func:`expected_effect` takes the model's parameters for that pair
(:func:`tandem.dynamics.params_for_roles`), turns the plan's steps into the model's
interventions (softening, allowing space, validating, announcing breaks) and simulates both arms
on the same noise, seeded, so the difference comes from the practice alone. The result is a
weekly series of conflict intensity for each arm and one sentence.

It is a simulation of a typical couple with these roles, not a forecast for this couple.

Examples
--------
>>> from tandem.coaching.plan import PartnerPlan, Plan, Step
>>> from tandem.domain import Role
>>> plan = Plan(partners={
...     "Sam": PartnerPlan("Sam", Role.PURSUER, 0.8, (Step("allow_space", "t", "b", "p"),)),
...     "Alex": PartnerPlan("Alex", Role.DISTANCER, 0.7, (Step("announce_break", "t", "b", "p"),)),
... })
>>> effect = expected_effect(plan, days=56, seed=1)
>>> effect.interventions
('space', 'break')
>>> len(effect.with_plan) == len(effect.without_plan) == 8
True
"""

from __future__ import annotations

import numpy as np

from tandem import dynamics
from tandem.coaching.plan import ExpectedEffect, Plan
from tandem.domain import Role

STEP_TO_CHANNEL: dict[str, str] = {
    "level_tone": "soften",
    "ask_dont_criticise": "soften",
    "vulnerable_feeling": "soften",
    "allow_space": "space",
    "validate": "validate",
    "listen": "validate",
    "share_feelings": "validate",
    "announce_break": "break",
}
"""Which of the model's intervention channels each step practises."""
CHANNEL_ROLE: dict[str, Role] = {
    "soften": Role.PURSUER,
    "space": Role.PURSUER,
    "validate": Role.DISTANCER,
    "break": Role.DISTANCER,
}
"""Whose channel it is in the model."""
DEFAULT_SEED = 20261124
"""Seed of the simulation, so the same plan always shows the same chart."""


def _weekly(series: np.ndarray, week: int = 7) -> tuple[tuple[int, ...], tuple[float, ...]]:
    n = len(series) // week
    means = series[: n * week].reshape(n, week).mean(axis=1)
    return tuple(range(week, (n + 1) * week, week)), tuple(float(v) for v in means)


def expected_effect(
    plan: Plan, *, days: int = 120, seed: int = DEFAULT_SEED
) -> ExpectedEffect | None:
    """Simulate the couple's role pair with and without the plan's practice.

    Parameters
    ----------
    plan : Plan
        The plan (its roles and steps choose the model's parameters and interventions).
    days : int
        Horizon in days (at least 14).
    seed : int
        Seed of the shared noise.

    Returns
    -------
    ExpectedEffect or None
        ``None`` when the plan has a safety concern, no steps, or roles the model cannot take.
    """
    if plan.safety_concern is not None or len(plan.partners) != 2 or days < 14:
        return None
    (name_a, a), (name_b, b) = plan.partners.items()
    if a.role is None or b.role is None:
        return None
    channels: list[str] = []
    for p in (a, b):
        for step in p.steps:
            channel = STEP_TO_CHANNEL.get(step.key)
            if channel is not None and channel not in channels:
                channels.append(channel)
    if not channels:
        return None
    params = dynamics.params_for_roles(a.role, b.role)
    practice = [dynamics.INTERVENTIONS[c] for c in channels]
    combined = dynamics.Intervention(
        name="plan",
        label="both partners practise the plan's steps",
        channels=tuple(pair for iv in practice for pair in iv.channels),
    )
    arms = dynamics.compare(params, [combined], days=days, rng=np.random.default_rng(seed))
    baseline = next(s.trajectory for s in arms if s.name == "none")
    followed = next(s.trajectory for s in arms if s.name != "none")
    weeks, without = _weekly(baseline.column("intensity"))
    _, with_plan = _weekly(followed.column("intensity"))
    before, after = baseline.intensity, followed.intensity
    change = (after - before) / before if before > 0 else 0.0
    months = days / 30
    horizon = f"{months:.0f} months" if months >= 2 else f"{days // 7} weeks"
    pair = f"{a.role.value} and {b.role.value}"
    if change <= -0.05:
        sentence = (
            f"If both of you practise these steps, the model expects conflicts over the next "
            f"{horizon} to run about {abs(change):.0%} less intense than if nothing changes "
            f"(a simulation of a typical {pair} couple, not a forecast for you)."
        )
    else:
        sentence = (
            f"For a typical {pair} couple the model expects little change in conflict intensity "
            f"over {horizon} ({change:+.0%}); the steps may still help in ways it does not capture."
        )
    return ExpectedEffect(
        sentence=sentence,
        metric="conflict intensity (weekly mean, model units 0-1)",
        days=weeks,
        without_plan=without,
        with_plan=with_plan,
        interventions=tuple(channels),
        change=float(change),
        details={
            "seed": seed,
            "days": days,
            "roles": {name_a: a.role.value, name_b: b.role.value},
            "mean_intensity_without": round(float(before), 4),
            "mean_intensity_with": round(float(after), 4),
        },
    )
