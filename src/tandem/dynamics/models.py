"""Parameters, presets and interventions of Tandem's pursue–withdraw model.

The equations are written out in ``docs/model.md`` and implemented once, in
:mod:`tandem.dynamics._kernels`; this module holds what describes a couple: the parameter
dataclass :class:`ModelParams` (every parameter with its default, range and unit), the named
presets a person can pick, and the intervention registry.

Examples
--------
>>> p = get_preset("classic")
>>> p.need_a > p.need_b
True
>>> p.replace(coupling=0.4).coupling
0.4
>>> sorted(INTERVENTIONS)
['both', 'break', 'soften', 'space', 'validate']
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tandem.domain import Role
from tandem.errors import InvalidChoice

if TYPE_CHECKING:
    # NumPy loads where an array is built, not here: the CLI names presets in its --help.
    import numpy as np
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]

__all__ = [
    "CHANNELS",
    "INTERVENTIONS",
    "PARAM_NAMES",
    "PARAM_SPECS",
    "PRESETS",
    "Intervention",
    "ModelParams",
    "ParamSpec",
    "get_intervention",
    "get_preset",
    "params_for_roles",
    "parse_intervention",
    "presets",
    "stack_params",
]


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """What one parameter means and which values it may take."""

    name: str
    """Name as used by ``--set NAME=VALUE`` and in ``--json`` output."""
    default: float
    """Value in the ``classic`` preset."""
    low: float
    """Smallest allowed value."""
    high: float
    """Largest allowed value."""
    unit: str
    """Unit or range, in words."""
    help: str
    """What it means, in one line."""


_SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("need_a", 0.6, 0.0, 1.0, "closeness", "A's need for closeness"),
    ParamSpec("need_b", 0.45, 0.0, 1.0, "closeness", "B's need for closeness"),
    ParamSpec("reactivity_a", 5.0, 0.0, 20.0, "per closeness", "how strongly A's gap moves A"),
    ParamSpec("reactivity_b", 5.0, 0.0, 20.0, "per closeness", "how strongly B's gap moves B"),
    ParamSpec("anxiety_a", 0.9, 0.0, 2.0, "arousal", "A's alarm at B's withdrawal"),
    ParamSpec("anxiety_b", 0.2, 0.0, 2.0, "arousal", "B's alarm at A's withdrawal"),
    ParamSpec("flooding_a", 0.2, 0.0, 2.0, "arousal", "A's flooding from B's pursuit"),
    ParamSpec("flooding_b", 0.9, 0.0, 2.0, "arousal", "B's flooding from A's pursuit"),
    ParamSpec("arousal_gain_a", 1.5, 0.0, 10.0, "per arousal", "how much arousal amplifies A"),
    ParamSpec("arousal_gain_b", 1.5, 0.0, 10.0, "per arousal", "how much arousal amplifies B"),
    ParamSpec("burnout_a", 0.15, 0.0, 1.0, "per day", "A's energy lost to unanswered pursuit"),
    ParamSpec("burnout_b", 0.15, 0.0, 1.0, "per day", "B's energy lost to unanswered pursuit"),
    ParamSpec("recovery_a", 0.003, 0.0, 1.0, "per day", "A's energy regained per day"),
    ParamSpec("recovery_b", 0.003, 0.0, 1.0, "per day", "B's energy regained per day"),
    ParamSpec("energy_a", 1.0, 0.0, 1.0, "0-1", "A's energy on day 0"),
    ParamSpec("energy_b", 1.0, 0.0, 1.0, "0-1", "B's energy on day 0"),
    ParamSpec("security_a", 0.1, 0.0, 1.0, "0-1", "A's trust on day 0 that B comes back"),
    ParamSpec("security_b", 0.6, 0.0, 1.0, "0-1", "B's trust on day 0 that A comes back"),
    ParamSpec("satisfaction", 0.8, 0.0, 1.0, "0-1", "satisfaction of both on day 0"),
    ParamSpec("base_closeness", 0.3, 0.0, 1.0, "closeness", "closeness felt when nobody moves"),
    ParamSpec("coupling", 1.0, 0.0, 2.0, "closeness", "how much a partner's move is felt"),
    ParamSpec("security_weight", 0.2, 0.0, 1.0, "closeness", "closeness lent by trust"),
    ParamSpec("responsiveness", 0.3, 0.01, 1.0, "per turn", "how fast movement follows drive"),
    ParamSpec("arousal_rate", 0.25, 0.01, 1.0, "per turn", "how fast arousal follows its target"),
    ParamSpec("trigger", 0.1, 0.0, 1.0, "arousal", "arousal when a conflict starts"),
    ParamSpec("noise", 0.02, 0.0, 1.0, "per turn", "size of turn-to-turn noise"),
    ParamSpec("turns", 30.0, 1.0, 10_000.0, "turns", "length of one conflict"),
    ParamSpec("conflict_rate", 0.5, 0.0, 1.0, "per day", "chance of a conflict on a day"),
    ParamSpec("security_rate", 0.05, 0.0, 1.0, "per day", "how fast security follows pursuit"),
    ParamSpec("satisfaction_rate", 0.03, 0.0, 1.0, "per day", "how fast satisfaction moves"),
    ParamSpec("practice_rate", 0.1, 0.0, 1.0, "per conflict", "how fast a new response is adopted"),
    ParamSpec("adherence_max", 0.9, 0.0, 1.0, "0-1", "the most a new response is followed"),
    ParamSpec("slip_arousal", 0.6, 0.01, 1.0, "arousal", "arousal at which half of it slips"),
)

PARAM_SPECS: dict[str, ParamSpec] = {s.name: s for s in _SPECS}
"""Every parameter by name, in the column order of parameter arrays."""
PARAM_NAMES: tuple[str, ...] = tuple(PARAM_SPECS)
"""Parameter names in column order."""
COLUMN: dict[str, int] = {name: i for i, name in enumerate(PARAM_NAMES)}
"""Column index of each parameter in a parameter array."""


@dataclass(frozen=True)
class ModelParams:
    """One couple's parameters (see ``docs/model.md`` for the equations they enter).

    Partner A is the first partner, B the second; nothing here names a role. Defaults are the
    ``classic`` preset. Build variants with :meth:`replace`; values are range-checked there and
    in :meth:`validate`.

    Examples
    --------
    >>> ModelParams().as_array().shape
    (33,)
    >>> ModelParams().replace(nonsense=1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tandem.errors.InvalidChoice: --set: unknown parameter 'nonsense'; valid: need_a, ...
    """

    need_a: float = 0.6
    need_b: float = 0.45
    reactivity_a: float = 5.0
    reactivity_b: float = 5.0
    anxiety_a: float = 0.9
    anxiety_b: float = 0.2
    flooding_a: float = 0.2
    flooding_b: float = 0.9
    arousal_gain_a: float = 1.5
    arousal_gain_b: float = 1.5
    burnout_a: float = 0.15
    burnout_b: float = 0.15
    recovery_a: float = 0.003
    recovery_b: float = 0.003
    energy_a: float = 1.0
    energy_b: float = 1.0
    security_a: float = 0.1
    security_b: float = 0.6
    satisfaction: float = 0.8
    base_closeness: float = 0.3
    coupling: float = 1.0
    security_weight: float = 0.2
    responsiveness: float = 0.3
    arousal_rate: float = 0.25
    trigger: float = 0.1
    noise: float = 0.02
    turns: float = 30.0
    conflict_rate: float = 0.5
    security_rate: float = 0.05
    satisfaction_rate: float = 0.03
    practice_rate: float = 0.1
    adherence_max: float = 0.9
    slip_arousal: float = 0.6

    def as_dict(self) -> dict[str, float]:
        """Every parameter with its value, in column order."""
        return {name: float(getattr(self, name)) for name in PARAM_NAMES}

    def as_array(self) -> FloatArray:
        """The parameters as a float array of shape ``(n_params,)`` in column order."""
        import numpy as np

        return np.array([getattr(self, name) for name in PARAM_NAMES], dtype=np.float64)

    def replace(self, **changes: float) -> ModelParams:
        """A copy with some parameters changed, each checked against its range."""
        for name, value in changes.items():
            check_value(name, value)
        return dataclasses.replace(self, **{k: float(v) for k, v in changes.items()})

    def validate(self) -> ModelParams:
        """Check every value against its range; returns ``self``."""
        for name in PARAM_NAMES:
            check_value(name, getattr(self, name))
        return self

    def swapped(self) -> ModelParams:
        """The same couple with partners A and B exchanged."""
        changes: dict[str, float] = {}
        for name in PARAM_NAMES:
            if name.endswith("_a"):
                other = name[:-2] + "_b"
                changes[name] = getattr(self, other)
                changes[other] = getattr(self, name)
        return dataclasses.replace(self, **changes)


if tuple(f.name for f in dataclasses.fields(ModelParams)) != PARAM_NAMES:  # pragma: no cover
    raise RuntimeError("ModelParams fields and PARAM_SPECS disagree")


def check_value(name: str, value: float) -> None:
    """Raise :class:`InvalidChoice` unless ``name`` is a parameter and ``value`` in its range."""
    spec = PARAM_SPECS.get(name)
    if spec is None:
        raise InvalidChoice(
            f"unknown parameter {name!r}; valid: {', '.join(PARAM_NAMES)}", where="--set"
        )
    if not (math.isfinite(value) and spec.low <= value <= spec.high):
        raise InvalidChoice(
            f"{name}={value} is out of range; allowed {spec.low:g} to {spec.high:g} ({spec.unit})",
            where="--set",
        )


def stack_params(params: list[ModelParams] | tuple[ModelParams, ...]) -> FloatArray:
    """Stack couples into a parameter array of shape ``(n_couples, n_params)``."""
    import numpy as np

    return np.stack([p.as_array() for p in params]) if params else np.empty((0, len(PARAM_NAMES)))


# --------------------------------------------------------------------------- presets

PRESETS: dict[str, tuple[str, ModelParams]] = {
    "classic": (
        "A pursues, B distances: A needs more closeness and is alarmed by withdrawal",
        ModelParams(),
    ),
    "two-pursuers": (
        "both need much closeness, are alarmed by distance and press for more",
        ModelParams(
            need_a=0.7,
            need_b=0.65,
            anxiety_a=0.9,
            anxiety_b=0.9,
            flooding_a=0.2,
            flooding_b=0.2,
            security_a=0.3,
            security_b=0.3,
            coupling=0.3,
        ),
    ),
    "two-distancers": (
        "both need little closeness and flood when pressed",
        ModelParams(
            need_a=0.15,
            need_b=0.1,
            anxiety_a=0.2,
            anxiety_b=0.2,
            flooding_a=0.9,
            flooding_b=0.9,
            security_a=0.3,
            security_b=0.3,
            coupling=0.3,
        ),
    ),
    "secure": (
        "needs met, calm reactions, trust on both sides",
        ModelParams(
            need_a=0.5,
            need_b=0.5,
            reactivity_a=1.5,
            reactivity_b=1.5,
            anxiety_a=0.3,
            anxiety_b=0.3,
            flooding_a=0.3,
            flooding_b=0.3,
            arousal_gain_a=0.5,
            arousal_gain_b=0.5,
            security_a=0.6,
            security_b=0.6,
            coupling=0.4,
            base_closeness=0.38,
        ),
    ),
    "role-reversal": (
        "after long unanswered pursuit A is burnt out and B no longer trusts A will come back",
        ModelParams(energy_a=0.1, security_b=0.05, security_a=0.0, satisfaction=0.45),
    ),
}
"""Named couples a person can pick: name → (description, parameters)."""


def presets() -> dict[str, ModelParams]:
    """Every preset by name.

    Examples
    --------
    >>> list(presets())
    ['classic', 'two-pursuers', 'two-distancers', 'secure', 'role-reversal']
    """
    return {name: p for name, (_, p) in PRESETS.items()}


def get_preset(name: str) -> ModelParams:
    """The preset called ``name``; an unknown name raises :class:`InvalidChoice` listing them."""
    if name not in PRESETS:
        raise InvalidChoice(
            f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}", where="--preset"
        )
    return PRESETS[name][1]


def params_for_roles(role_a: Role | str, role_b: Role | str) -> ModelParams:
    """A preset-like parameter set for a pair of roles (what the model expects of that pair).

    Parameters
    ----------
    role_a, role_b : Role or str
        Roles of partner A and B (``pursuer``, ``distancer``, ``both``, ``neither``, ``unclear``).

    Returns
    -------
    ModelParams
        pursuer + distancer → ``classic`` (A or B the pursuer as given); two pursuers →
        ``two-pursuers``; two distancers → ``two-distancers``; ``neither``/``both``/``unclear`` with
        anything else → ``secure``.

    Examples
    --------
    >>> p = params_for_roles("distancer", "pursuer")
    >>> p.need_b > p.need_a
    True
    """
    a, b = Role(role_a), Role(role_b)
    if (a, b) == (Role.PURSUER, Role.DISTANCER):
        return get_preset("classic")
    if (a, b) == (Role.DISTANCER, Role.PURSUER):
        return get_preset("classic").swapped()
    if a is Role.PURSUER and b is Role.PURSUER:
        return get_preset("two-pursuers")
    if a is Role.DISTANCER and b is Role.DISTANCER:
        return get_preset("two-distancers")
    if Role.PURSUER in (a, b) and Role.BOTH in (a, b):
        return get_preset("two-pursuers") if a is Role.PURSUER else get_preset("two-pursuers")
    return get_preset("secure")


# --------------------------------------------------------------------------- interventions

CHANNELS: tuple[str, ...] = ("soften", "space", "validate", "break")
"""The four ways a practised response enters the equations (column order of adherence arrays)."""


@dataclass(frozen=True)
class Intervention:
    """A new response one or both partners practise, from a given day.

    Attributes
    ----------
    name : str
        Registry key (``soften``, ``space``, ``validate``, ``break``, ``both``).
    label : str
        What the partner does, in plain words.
    channels : tuple of (role, channel)
        Which role practises which channel.
    start_day : int
        First day it is practised (adherence ramps up from 0 after that).
    """

    name: str
    label: str
    channels: tuple[tuple[Role, str], ...]
    start_day: int = 0

    def at(self, day: int) -> Intervention:
        """The same intervention started on ``day``."""
        if day < 0:
            raise InvalidChoice(f"start day must be 0 or later, got {day}", where="--intervention")
        return dataclasses.replace(self, start_day=int(day))

    @property
    def key(self) -> str:
        """``name`` or ``name@day``, as typed on the command line."""
        return self.name if self.start_day == 0 else f"{self.name}@{self.start_day}"


INTERVENTIONS: dict[str, Intervention] = {
    "soften": Intervention(
        "soften",
        "the pursuer keeps a level tone and names the soft feeling instead of the anger",
        ((Role.PURSUER, "soften"),),
    ),
    "space": Intervention(
        "space", "the pursuer allows space instead of pressing", ((Role.PURSUER, "space"),)
    ),
    "validate": Intervention(
        "validate",
        "the distancer validates and listens without fixing",
        ((Role.DISTANCER, "validate"),),
    ),
    "break": Intervention(
        "break",
        "the distancer announces a break and says when they will be back",
        ((Role.DISTANCER, "break"),),
    ),
    "both": Intervention(
        "both",
        "the pursuer softens and the distancer announces breaks",
        ((Role.PURSUER, "soften"), (Role.DISTANCER, "break")),
    ),
}
"""Intervention registry, by name (all start on day 0; use :meth:`Intervention.at`)."""


def get_intervention(name: str) -> Intervention:
    """The intervention called ``name``; unknown names raise :class:`InvalidChoice`."""
    if name not in INTERVENTIONS:
        raise InvalidChoice(
            f"unknown intervention {name!r}; choose one of: {', '.join(INTERVENTIONS)}",
            where="--intervention",
        )
    return INTERVENTIONS[name]


def parse_intervention(text: str) -> Intervention:
    """Parse ``NAME`` or ``NAME@DAY``.

    Examples
    --------
    >>> parse_intervention("break@30").start_day
    30
    """
    name, _, day = text.strip().partition("@")
    base = get_intervention(name)
    if not day:
        return base
    try:
        start = int(day)
    except ValueError:
        raise InvalidChoice(
            f"start day in {text!r} must be a whole number of days", where="--intervention"
        ) from None
    return base.at(start)
