"""Dynamics of the pursue–withdraw loop: Tandem's model, its simulator, and Gottman–Murray.

The plain functions other packages call:

* :func:`simulate` — one couple over days, with interventions (what-if);
* :func:`compare` — the same couple without and with each intervention;
* :func:`presets`, :func:`get_preset`, :func:`params_for_roles` — parameter sets;
* :data:`INTERVENTIONS` — the intervention registry (``soften``, ``space``, ``validate``,
  ``break``, ``both``); :func:`parse_intervention` reads ``NAME@DAY``;
* :func:`simulate_ensemble` — many couples in one vectorised call;
* :func:`analyse` — fixed points, eigenvalues and loop gain;
* :func:`fit_gm` — the Gottman–Murray model fitted by TAR least squares.

Examples
--------
>>> import numpy as np
>>> from tandem import dynamics
>>> t = dynamics.simulate(dynamics.get_preset("classic"), days=30,
...                       interventions=[dynamics.INTERVENTIONS["both"].at(5)],
...                       rng=np.random.default_rng(3))
>>> t.interventions
('both@5',)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tandem._lazy import exports

if TYPE_CHECKING:
    from tandem.dynamics.fit import FITTERS, GMFitResult, fit_gm, read_couple_csv
    from tandem.dynamics.gottman_murray import BilinearInfluence, GMModel, OjiveInfluence
    from tandem.dynamics.models import (
        INTERVENTIONS,
        PARAM_NAMES,
        PARAM_SPECS,
        PRESETS,
        Intervention,
        ModelParams,
        get_intervention,
        get_preset,
        params_for_roles,
        parse_intervention,
        presets,
    )
    from tandem.dynamics.results import (
        ConflictTrajectory,
        EnsembleResult,
        Scenario,
        StabilityReport,
        Trajectory,
    )
    from tandem.dynamics.simulator import (
        compare,
        roles,
        simulate,
        simulate_conflict,
        simulate_conflicts,
        simulate_ensemble,
    )
    from tandem.dynamics.stability import analyse

# Loaded on first use: the simulator compiles numba kernels and the fitter loads SciPy, which
# the CLI's --help and the web pages that only name presets never need.
_SOURCES = {
    "tandem.dynamics.fit": ("FITTERS", "GMFitResult", "fit_gm", "read_couple_csv"),
    "tandem.dynamics.gottman_murray": ("BilinearInfluence", "GMModel", "OjiveInfluence"),
    "tandem.dynamics.models": (
        "INTERVENTIONS",
        "PARAM_NAMES",
        "PARAM_SPECS",
        "PRESETS",
        "Intervention",
        "ModelParams",
        "get_intervention",
        "get_preset",
        "params_for_roles",
        "parse_intervention",
        "presets",
    ),
    "tandem.dynamics.results": (
        "ConflictTrajectory",
        "EnsembleResult",
        "Scenario",
        "StabilityReport",
        "Trajectory",
    ),
    "tandem.dynamics.simulator": (
        "compare",
        "roles",
        "simulate",
        "simulate_conflict",
        "simulate_conflicts",
        "simulate_ensemble",
    ),
    "tandem.dynamics.stability": ("analyse",),
}
__getattr__, __dir__ = exports(__name__, _SOURCES)
__all__ = [
    "FITTERS",
    "INTERVENTIONS",
    "PARAM_NAMES",
    "PARAM_SPECS",
    "PRESETS",
    "BilinearInfluence",
    "ConflictTrajectory",
    "EnsembleResult",
    "GMFitResult",
    "GMModel",
    "Intervention",
    "ModelParams",
    "OjiveInfluence",
    "Scenario",
    "StabilityReport",
    "Trajectory",
    "analyse",
    "compare",
    "fit_gm",
    "get_intervention",
    "get_preset",
    "params_for_roles",
    "parse_intervention",
    "presets",
    "read_couple_csv",
    "roles",
    "simulate",
    "simulate_conflict",
    "simulate_conflicts",
    "simulate_ensemble",
]
