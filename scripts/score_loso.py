"""Score the leave-one-set-out probability files of ``scripts/train_contextual.py``.

Each file holds, for one run, the float model's probabilities of every code for the published
set left out of its training, our held-out set and the strangers' everyday set
(``everyday_published``). This script puts them through the contextual coder's own gate (the
rules coder's cues, ``threshold``, ``harm_threshold``, withdrawal only with a cue) by handing
the coder the saved probabilities in place of its model's, so what is scored is exactly what
``tandem code --coder contextual`` would decide from them. It prints, per run, the left-out
set's macro-F1, the held-out set's and the share of everyday lines given a harmful code; then
the mean, per-code scores pooled over the left-out lines, and macro-F1 per kind of source.

``--grid`` searches the thresholds (``threshold``, ``harm_threshold``, ``mixed_threshold``):
the setting with the best mean left-out macro-F1 among those that keep every run's everyday
false alarms at or below 5%. Without it the shipped coder's own thresholds are used.

Runs in the project's environment (no torch)::

    .venv/bin/python scripts/score_loso.py benchmarks/loso/layers6/*.npz
    .venv/bin/python scripts/score_loso.py probs/*.npz --grid
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tandem.coding import contextual
from tandem.coding.contextual import ContextualCoder
from tandem.coding.evaluate import Labelled, by_group, false_alarm_rate, score, shipped

CHECKS = ("heldout", "everyday_published")
"""Sets in every file besides the left-out one."""
MAX_FALSE_ALARMS = 0.05
"""The issue's bound on everyday messages given a harmful code."""


@dataclass(frozen=True)
class Run:
    """One training run's saved probabilities, by set name."""

    left_out: str
    probs: dict[str, np.ndarray]


def load_run(path: Path) -> Run:
    """Read one ``--probs`` file and check it still matches the shipped sets."""
    with np.load(path) as saved:
        probs = {name: saved[name] for name in saved.files}
    left = [name for name in probs if name not in CHECKS]
    if len(left) != 1 or any(name not in probs for name in CHECKS):
        raise SystemExit(f"{path}: expected one left-out set plus {', '.join(CHECKS)}")
    for name, p in probs.items():
        n = len(shipped(name).texts)
        if p.shape != (n, len(contextual.CODES)):
            raise SystemExit(f"{path}: {name} has {p.shape[0]} rows but the set has {n} lines")
    return Run(left[0], probs)


def replay(data: Labelled, probs: np.ndarray) -> Labelled:
    """Make the contextual model's memo answer ``probs`` for ``data`` (returned as it is):
    the coder then decides from them as from its own model's output."""
    contextual._SEEN.clear()
    contextual._SEEN.update(zip(data.texts, probs, strict=True))
    return data


@dataclass(frozen=True)
class Measured:
    """Per run: (left-out set, lines, its macro-F1, held-out macro-F1, everyday false alarms);
    and the left-out lines pooled over runs: labels, predictions, kind of source."""

    rows: list[tuple[str, int, float, float, float]]
    truth: np.ndarray
    guess: np.ndarray
    kinds: list[str]


def measure(runs: list[Run], threshold: float, harm: float, mixed: float) -> Measured:
    """Score every run with one setting of the three thresholds."""
    coder = ContextualCoder(threshold=threshold, harm_threshold=harm, mixed_threshold=mixed).fit([])
    held, everyday = shipped("heldout"), shipped("everyday_published")
    rows = []
    truth, guess, kinds = [], [], []
    for run in runs:
        data = shipped(run.left_out)
        g = coder.predict(replay(data, run.probs[run.left_out]).texts)
        h = coder.predict(replay(held, run.probs["heldout"]).texts)
        rate, _ = false_alarm_rate(coder, replay(everyday, run.probs["everyday_published"]))
        rows.append(
            (
                run.left_out,
                len(data.texts),
                score(data.y, g).macro_f1,
                score(held.y, h).macro_f1,
                rate,
            )
        )
        truth.append(data.y)
        guess.append(g)
        kinds += list(data.kinds) or [""] * len(data.texts)
    contextual._SEEN.clear()
    return Measured(rows, np.vstack(truth), np.vstack(guess), kinds)


def grid(runs: list[Run]) -> tuple[float, float, float, float]:
    """The best (mean macro-F1, threshold, harm_threshold, mixed_threshold) within the
    false-alarm bound."""
    best = (-1.0, math.nan, math.nan, math.nan)
    thresholds = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
    harms = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, math.inf)
    mixes = (0.5, 0.8, 0.9, math.inf)
    for t, h, m in itertools.product(thresholds, harms, mixes):
        if h < t or m < t:
            continue
        rows = measure(runs, t, h, m).rows
        if max(r[4] for r in rows) > MAX_FALSE_ALARMS:
            continue
        mean = float(np.mean([r[2] for r in rows]))
        if mean > best[0]:
            best = (mean, t, h, m)
    return best


def report(runs: list[Run], threshold: float, harm: float, mixed: float) -> None:
    """Print the tables for one setting of the thresholds."""
    result = measure(runs, threshold, harm, mixed)
    rows = result.rows
    print(f"threshold {threshold}, harm_threshold {harm}, mixed_threshold {mixed}")
    print(f"{'left-out set':24} {'lines':>5} {'macro-F1':>8} {'held-out':>8} {'everyday FA':>11}")
    for name, n, f1, held, rate in rows:
        print(f"{name:24} {n:5d} {f1:8.3f} {held:8.3f} {rate:11.1%}")
    print(
        f"{'mean':24} {sum(r[1] for r in rows):5d} {np.mean([r[2] for r in rows]):8.3f} "
        f"{np.mean([r[3] for r in rows]):8.3f} {max(r[4] for r in rows):11.1%} (worst)"
    )
    truth, guess = result.truth, result.guess
    pooled = score(truth, guess)
    print(f"\npooled over {pooled.n} left-out lines: macro-F1 {pooled.macro_f1:.3f}")
    print(f"{'code':15} {'precision':>9} {'recall':>6} {'F1':>5} {'lines':>5}")
    for code, s in pooled.per_code.items():
        print(f"{code:15} {s.precision:9.2f} {s.recall:6.2f} {s.f1:5.2f} {s.support:5d}")
    print()
    for kind, r in by_group(truth, guess, result.kinds).items():
        print(f"{kind:30} macro-F1 {r.macro_f1:.3f} ({r.n} lines)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="--probs files, one per run")
    shipped_gate = ContextualCoder()
    parser.add_argument("--threshold", type=float, default=shipped_gate.threshold)
    parser.add_argument("--harm-threshold", type=float, default=shipped_gate.harm_threshold)
    parser.add_argument("--mixed-threshold", type=float, default=shipped_gate.mixed_threshold)
    parser.add_argument("--grid", action="store_true", help="search the thresholds first")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        raise SystemExit(f"no such file: {', '.join(missing)}")
    runs = [load_run(p) for p in args.files]
    threshold, harm, mixed = args.threshold, args.harm_threshold, args.mixed_threshold
    if args.grid:
        mean, threshold, harm, mixed = grid(runs)
        if mean < 0:
            raise SystemExit(
                f"no setting keeps everyday false alarms at or below {MAX_FALSE_ALARMS:.0%}"
            )
        print(f"grid: best mean macro-F1 {mean:.3f} within {MAX_FALSE_ALARMS:.0%} false alarms\n")
    report(runs, threshold, harm, mixed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
