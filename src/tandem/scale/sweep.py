"""Run a dynamics sweep over Dask partitions: the same engine, split by rows of couples.

Nothing here computes anything of its own: each partition calls
:func:`tandem.dynamics.simulate_ensemble` on its rows of the parameter array, with the noise
states drawn once up front, so the result equals one big local call exactly.

Examples
--------
>>> import numpy as np
>>> from tandem.dynamics import get_preset
>>> from tandem.dynamics.models import stack_params
>>> prm = stack_params([get_preset("classic")] * 6)
>>> out = sweep_on_dask(prm, days=20, rng=np.random.default_rng(0), n_partitions=3)
>>> out.shape
(6, 14)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from tandem.dynamics.simulator import seeds_from, simulate_ensemble
from tandem.errors import InvalidChoice

FloatArray = NDArray[np.float64]

__all__ = ["sweep_on_dask"]


def _run_part(prm: FloatArray, seeds: NDArray[np.uint64], days: int) -> FloatArray:
    res = simulate_ensemble(prm, days=days, rng=np.random.default_rng(0), seeds=seeds)
    return res.summary


def sweep_on_dask(
    params: FloatArray,
    *,
    days: int,
    rng: np.random.Generator,
    n_partitions: int = 4,
    scheduler: str | None = None,
) -> FloatArray:
    """Simulate every row of ``params`` (shape ``(n_couples, n_params)``) on Dask.

    Parameters
    ----------
    params : ndarray of shape (n_couples, n_params)
    days : int
    rng : numpy.random.Generator
        Draws one noise state per couple before splitting, so partitioning never changes
        the numbers.
    n_partitions : int
        How many pieces to split the couples into.
    scheduler : str, optional
        A ``distributed`` scheduler address; by default Dask's local threaded scheduler.

    Returns
    -------
    ndarray of shape (n_couples, 14)
        Run summaries, columns :data:`tandem.dynamics.results.RUN_COLUMNS`.
    """
    from dask.base import compute
    from dask.delayed import delayed

    if n_partitions < 1:
        raise InvalidChoice(f"n_partitions must be at least 1, got {n_partitions}")
    prm = np.ascontiguousarray(params, dtype=np.float64)
    seeds = seeds_from(rng, prm.shape[0])
    bounds = np.linspace(0, prm.shape[0], min(n_partitions, max(prm.shape[0], 1)) + 1)
    edges = np.unique(bounds.astype(int))
    parts = [
        delayed(_run_part)(prm[lo:hi].copy(), seeds[lo:hi].copy(), days)
        for lo, hi in zip(edges[:-1], edges[1:], strict=True)
    ]
    if scheduler is None:
        results: tuple[Any, ...] = compute(*parts, scheduler="threads")  # type: ignore[no-untyped-call]
    else:
        from distributed import Client

        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            results = tuple(client.compute(parts, sync=True))
    if not results:
        return np.empty((0, 14))
    return np.concatenate(results, axis=0)
