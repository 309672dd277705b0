"""Benchmark the dynamics engine (turn model) against plain NumPy and a scipy.integrate loop.

Three implementations of the same turn equations (docs/model.md), timed in one run:

* engine   — ``tandem.dynamics._kernels.conflict_ensemble``: Numba, ``prange`` over couples,
             float64, summaries only;
* numpy    — ``tandem.dynamics.reference.conflict_numpy``: one array operation per term,
             vectorised over couples, a Python loop over turns;
* scipy    — one ``scipy.integrate.solve_ivp`` call per couple on the continuous-time form
             (dm/dt = ρ(m̂ − m), dx/dt = ρ_x(θ − x)) over the same number of turn units.

Throughput is couple-steps per second (couples × turns / seconds). Memory: with summaries
only, the engine's output and peak resident memory do not grow with the number of turns; we
check that in two fresh processes (T = 1 000 and T = 10 000).

    .venv/bin/python benchmarks/bench_dynamics.py [--quick]

The machine is shared, so absolute timings are noisy; ratios within one run are what matter.
The last line is ``key=value`` pairs.
"""

from __future__ import annotations

import subprocess
import sys
import time

import numba
import numpy as np
from scipy.integrate import solve_ivp

from tandem.dynamics import _kernels
from tandem.dynamics.models import COLUMN, get_preset, stack_params
from tandem.dynamics.reference import _drive_terms, conflict_numpy
from tandem.dynamics.simulator import seeds_from

CPU_RATES: list[float] = []
"""Couple-steps per CPU-second of the two engine kernels (filled by ``time_engine``)."""


def couples(n: int, turns: int, rng: np.random.Generator) -> np.ndarray:
    prm = stack_params([get_preset("classic")] * n)
    prm[:, COLUMN["need_a"]] = rng.uniform(0.3, 0.9, n)
    prm[:, COLUMN["coupling"]] = rng.uniform(0.2, 1.4, n)
    prm[:, COLUMN["turns"]] = turns
    return prm


def day_state(prm: np.ndarray) -> np.ndarray:
    n = prm.shape[0]
    return np.column_stack(
        [np.ones(n), np.ones(n), prm[:, COLUMN["security_a"]], prm[:, COLUMN["security_b"]]]
    )


def time_engine(
    n: int, turns: int, rng: np.random.Generator, repeat: int = 3
) -> tuple[float, float]:
    """Best-of-``repeat`` rates of the per-couple kernel and the blocked (SIMD layout) kernel."""
    prm = couples(n, turns, rng)
    day = day_state(prm)
    q = np.zeros((n, 8))
    seeds = seeds_from(rng, n)
    cols, day_t, q_t = (np.ascontiguousarray(a.T) for a in (prm, day, q))
    _kernels.conflict_ensemble(prm[:64], day[:64], q[:64], seeds[:64])  # compile / load cache
    _kernels.conflict_blocks(cols[:, :64].copy(), day_t[:, :64].copy(), q_t[:, :64].copy(),
                             seeds[:64], turns)  # fmt: skip
    best = [np.inf, np.inf]
    cpu = [np.inf, np.inf]
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        _kernels.conflict_ensemble(prm, day, q, seeds)
        best[0] = min(best[0], time.perf_counter() - t0)
        cpu[0] = min(cpu[0], time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        _kernels.conflict_blocks(cols, day_t, q_t, seeds, turns)
        best[1] = min(best[1], time.perf_counter() - t0)
        cpu[1] = min(cpu[1], time.process_time() - c0)
    steps = n * turns
    CPU_RATES.extend([steps / cpu[0], steps / cpu[1]])
    return steps / best[0], steps / best[1]


def time_numpy(n: int, turns: int, rng: np.random.Generator) -> float:
    prm = couples(n, turns, rng)
    day = day_state(prm)
    t0 = time.perf_counter()
    conflict_numpy(
        prm, energy=day[:, :2], security=day[:, 2:], adherence=np.zeros((n, 8)),
        seeds=seeds_from(rng, n),
    )  # fmt: skip
    return n * turns / (time.perf_counter() - t0)


def time_scipy(n: int, turns: int, rng: np.random.Generator) -> float:
    prm = couples(n, turns, rng)
    prm[:, COLUMN["noise"]] = 0.0
    day = day_state(prm)
    q = np.zeros((1, 8))
    t0 = time.perf_counter()
    for c in range(n):
        row = prm[c : c + 1]

        def rhs(
            _t: float,
            y: np.ndarray,
            row: np.ndarray = row,
            c: int = c,
            rho: float = row[0, COLUMN["responsiveness"]],
            rho_x: float = row[0, COLUMN["arousal_rate"]],
        ) -> np.ndarray:
            mh_a, mh_b, th_a, th_b, _, _ = _drive_terms(
                row, y[None, :], day[c : c + 1, :2], day[c : c + 1, 2:], q
            )
            return np.array(
                [rho * (mh_a[0] - y[0]), rho * (mh_b[0] - y[1]),
                 rho_x * (th_a[0] - y[2]), rho_x * (th_b[0] - y[3])]
            )  # fmt: skip

        y0 = np.array([0.0, 0.0, row[0, COLUMN["trigger"]], row[0, COLUMN["trigger"]]])
        solve_ivp(rhs, (0.0, float(turns)), y0, method="RK45", rtol=1e-6, atol=1e-9)
    return n * turns / (time.perf_counter() - t0)


_MEMORY_PROBE = """
import resource, sys, numpy as np
from tandem.dynamics import _kernels
from tandem.dynamics.models import COLUMN, get_preset, stack_params
n, turns = 50_000, int(sys.argv[1])
prm = stack_params([get_preset("classic")] * n); prm[:, COLUMN["turns"]] = turns
day = np.tile([1.0, 1.0, 0.1, 0.6], (n, 1)); q = np.zeros((n, 8))
seeds = np.arange(1, n + 1, dtype=np.uint64)
out = _kernels.conflict_ensemble(prm, day, q, seeds)
print(out.nbytes, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory(turns: int) -> tuple[int, int]:
    res = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(turns)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    nbytes, maxrss_kib = res.stdout.split()
    return int(nbytes), int(maxrss_kib)


def main() -> None:
    quick = "--quick" in sys.argv
    rng = np.random.default_rng(20261124)
    n_engine, t_engine = (50_000, 400) if quick else (200_000, 1_000)
    per_couple, blocked = time_engine(n_engine, t_engine, rng)
    engine = max(per_couple, blocked)
    numpy_rate = time_numpy(20_000 if quick else 100_000, 100, rng)
    scipy_rate = time_scipy(5 if quick else 20, 1_000, rng)
    print(f"engine, per-couple loop ({n_engine} x {t_engine}): {per_couple:,.0f} couple-steps/s")
    print(f"engine, blocked SIMD layout:               {blocked:,.0f} couple-steps/s")
    threads = numba.get_num_threads()
    cpu_rate = max(CPU_RATES) * threads
    print(
        f"engine, per CPU-second x {threads} threads (the rate with the cores to ourselves): "
        f"{cpu_rate:,.0f} couple-steps/s"
    )
    print(f"numpy   (one array op per term):          {numpy_rate:,.0f} couple-steps/s")
    print(f"scipy   (solve_ivp per couple, RK45):     {scipy_rate:,.0f} couple-steps/s")
    short_bytes, short_rss = memory(1_000)
    long_bytes, long_rss = memory(10_000)
    print(
        f"memory, summaries only, 50000 couples: output {short_bytes} B at T=1000 and "
        f"{long_bytes} B at T=10000; peak RSS {short_rss / 1024:.0f} vs {long_rss / 1024:.0f} MiB"
    )
    print(
        f"steps_per_s={engine:.4g} ratio_vs_numpy={engine / numpy_rate:.3g} "
        f"ratio_vs_scipy={engine / scipy_rate:.4g} numpy_steps_per_s={numpy_rate:.4g} "
        f"scipy_steps_per_s={scipy_rate:.4g} peak_rss_mib_T1000={short_rss / 1024:.0f} "
        f"peak_rss_mib_T10000={long_rss / 1024:.0f} cpu_steps_per_s={cpu_rate:.4g} "
        f"dtype=float64 threads={threads}"
    )


if __name__ == "__main__":
    main()
