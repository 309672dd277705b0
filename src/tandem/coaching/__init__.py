"""Change: a plan for each partner, softer ways to say the same thing, and the announced break.

Examples
--------
>>> from tandem.coaching import soften
>>> from tandem.domain import Code
>>> soften("you never call", Code.CRITICISM).softer
"I get upset when you don't call. Could you call?"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem._lazy import exports

if TYPE_CHECKING:
    from tandem.coaching.plan import (
        NOT_THERAPY,
        Example,
        ExpectedEffect,
        PartnerPlan,
        Plan,
        Step,
        build_plan,
        combine_profiles,
        match_names,
    )
    from tandem.coaching.softer import Rewrite, soften
    from tandem.coaching.steps import STEPS, StepSpec, steps_for
    from tandem.coaching.timeout import BreakPlan, plan_break, to_ics

# Loaded on first use, so ``tandem timeout`` and ``--help`` need not import the plan builder.
__getattr__, __dir__ = exports(
    __name__,
    {
        "tandem.coaching.plan": (
            "NOT_THERAPY",
            "Example",
            "ExpectedEffect",
            "PartnerPlan",
            "Plan",
            "Step",
            "build_plan",
            "combine_profiles",
            "match_names",
        ),
        "tandem.coaching.softer": ("Rewrite", "soften"),
        "tandem.coaching.steps": ("STEPS", "StepSpec", "steps_for"),
        "tandem.coaching.timeout": ("BreakPlan", "plan_break", "to_ics"),
    },
)

__all__ = [
    "NOT_THERAPY",
    "STEPS",
    "BreakPlan",
    "Example",
    "ExpectedEffect",
    "PartnerPlan",
    "Plan",
    "Rewrite",
    "Step",
    "StepSpec",
    "build_plan",
    "combine_profiles",
    "match_names",
    "plan_break",
    "soften",
    "steps_for",
    "to_ics",
]
