"""Score the leave-one-set-out probability files of ``scripts/train_contextual.py``.

Each file holds, for one run, the float model's probabilities of every code for the published
set left out of its training, our held-out set and the strangers' everyday set
(``everyday_published``). This script puts them through the contextual coder's own gate
(``ContextualCoder.gate``: the rules coder's cues, ``threshold``, ``harm_threshold``,
``mixed_threshold``, withdrawal only with a cue), so what is scored is exactly what
``tandem code --coder contextual`` would decide from them. It prints, per run, the left-out
set's macro-F1, the held-out set's and the share of everyday lines given a harmful code; then
the mean, per-code scores pooled over the left-out lines, and macro-F1 per kind of source.

``--grid`` searches the thresholds (``threshold``, ``harm_threshold``, ``mixed_threshold``):
the setting with the best mean left-out macro-F1 among those that keep every run's everyday
false alarms at or below 5% (``--max-false-alarms``). ``--per-code`` then searches each
code's own threshold, one code at a time. ``--nested`` estimates both searches honestly: for
each run, choose on the other five and score the one left out. Without a search the shipped
coder's own thresholds are used.

Runs in the project's environment (no torch)::

    .venv/bin/python scripts/score_loso.py benchmarks/loso/layers6/*.npz
    .venv/bin/python scripts/score_loso.py probs/*.npz --grid
    .venv/bin/python scripts/score_loso.py benchmarks/loso/layers6/*.npz --nested
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from tandem.coding.base import decide
from tandem.coding.contextual import ContextualCoder
from tandem.coding.evaluate import by_group, harmful_false_alarms, score, shipped
from tandem.coding.rules import RulesCoder
from tandem.domain import CODES

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
        if p.shape != (n, len(CODES)):
            raise SystemExit(f"{path}: {name} has {p.shape[0]} rows but the set has {n} lines")
    return Run(left[0], probs)


@cache
def cues(name: str) -> np.ndarray:
    """Which codes the rules coder finds in every line of a shipped set (computed once)."""
    rules = RulesCoder().fit([])
    return rules.predict_proba(shipped(name).texts) >= rules.threshold


@dataclass(frozen=True)
class Gate:
    """One setting of the contextual coder's thresholds."""

    threshold: float
    harm: float
    mixed: float
    codes: tuple[float, ...] | None = None
    """Per code, in ``CODES`` order; ``None``: every code at ``threshold``."""

    def coder(self) -> ContextualCoder:
        named = {} if self.codes is None else dict(zip(NAMES, self.codes, strict=True))
        return ContextualCoder(
            threshold=self.threshold,
            harm_threshold=self.harm,
            mixed_threshold=self.mixed,
            code_thresholds=named,
        ).fit([])


NAMES = [c.value for c in CODES]


def decisions(coder: ContextualCoder, run: Run, name: str) -> np.ndarray:
    """The coder's 0/1 codes for one set, from the run's saved probabilities."""
    return decide(coder.gate(run.probs[name], cues(name)), coder.threshold)


@dataclass(frozen=True)
class Measured:
    """Per run: (left-out set, lines, its macro-F1, held-out macro-F1, everyday false alarms);
    and the left-out lines pooled over runs: labels, predictions, kind of source."""

    rows: list[tuple[str, int, float, float, float]]
    truth: np.ndarray
    guess: np.ndarray
    kinds: list[str]

    @property
    def mean(self) -> float:
        """Mean left-out macro-F1 over the runs."""
        return float(np.mean([r[2] for r in self.rows]))

    @property
    def worst_false_alarms(self) -> float:
        """The highest everyday false-alarm rate of any run."""
        return max(r[4] for r in self.rows)


def measure(runs: list[Run], gate: Gate) -> Measured:
    """Score every run with one setting of the thresholds."""
    coder = gate.coder()
    held, everyday = shipped("heldout"), shipped("everyday_published")
    rows = []
    truth, guess, kinds = [], [], []
    for run in runs:
        data = shipped(run.left_out)
        g = decisions(coder, run, run.left_out)
        h = decisions(coder, run, "heldout")
        rate, _ = harmful_false_alarms(everyday.y, decisions(coder, run, "everyday_published"))
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
    return Measured(rows, np.vstack(truth), np.vstack(guess), kinds)


def objective(runs: list[Run], gate: Gate, bound: float) -> float:
    """Mean left-out macro-F1, or -1 when a run's everyday false alarms exceed ``bound``."""
    result = measure(runs, gate)
    return -1.0 if result.worst_false_alarms > bound else result.mean


def grid(runs: list[Run], bound: float = MAX_FALSE_ALARMS) -> tuple[float, Gate]:
    """The best (mean macro-F1, gate) of one threshold for all codes, within ``bound``."""
    best = (-1.0, Gate(math.nan, math.nan, math.nan))
    thresholds = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
    harms = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, math.inf)
    mixes = (0.5, 0.8, 0.9, math.inf)
    for t, h, m in itertools.product(thresholds, harms, mixes):
        if h < t or m < t:
            continue
        gate = Gate(t, h, m)
        mean = objective(runs, gate, bound)
        if mean > best[0]:
            best = (mean, gate)
    return best


PER_CODE: tuple[float, ...] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
PER_CODE += (0.55, 0.6, 0.65, 0.7, 0.8, 0.9)
"""Values tried for each code's own threshold."""


def per_code_search(
    runs: list[Run], start: Gate, bound: float = MAX_FALSE_ALARMS, passes: int = 2
) -> tuple[float, Gate]:
    """Improve ``start`` one code at a time (coordinate ascent over ``PER_CODE``), keeping
    the other thresholds, within ``bound``. Neutral is never searched: it is what is left."""
    codes = list(start.codes or [start.threshold] * len(NAMES))
    best = objective(runs, replace(start, codes=tuple(codes)), bound)
    for _ in range(passes):
        for j, name in enumerate(NAMES):
            if name == "neutral":
                continue
            for value in PER_CODE:
                trial = codes.copy()
                trial[j] = value
                mean = objective(runs, replace(start, codes=tuple(trial)), bound)
                if mean > best + 1e-9:
                    best, codes = mean, trial
    return best, replace(start, codes=tuple(codes))


def nested(runs: list[Run], bound: float) -> None:
    """Choose on five runs, score the sixth, for each run: the honest estimate of both
    searches (choosing and scoring on the same runs flatters them)."""
    print(f"nested: chosen on the other runs, scored on the left-out one ({bound:.0%} bound)")
    print(f"{'left-out set':24} {'one threshold':>13} {'per code':>8} {'FA':>6}")
    one, own = [], []
    for k, run in enumerate(runs):
        others = [r for i, r in enumerate(runs) if i != k]
        _, gate = grid(others, bound)
        _, fitted = per_code_search(others, gate, bound)
        a, b = measure([run], gate).rows[0], measure([run], fitted).rows[0]
        one.append(a[2])
        own.append(b[2])
        print(f"{run.left_out:24} {a[2]:13.3f} {b[2]:8.3f} {b[4]:6.1%}")
    print(f"{'mean':24} {np.mean(one):13.3f} {np.mean(own):8.3f}\n")


def write_thresholds(path: Path, gate: Gate, options: str, files: list[Path]) -> None:
    """Save the per-code thresholds where ``ContextualCoder`` reads them, with the search
    ``options`` that chose them."""
    assert gate.codes is not None
    record = {
        "chosen_by": f"scripts/score_loso.py {options} on " + " ".join(p.name for p in files),
        "threshold": gate.threshold,
        "harm_threshold": gate.harm,
        "mixed_threshold": "inf" if math.isinf(gate.mixed) else gate.mixed,
        "codes": {n: v for n, v in zip(NAMES, gate.codes, strict=True) if n != "neutral"},
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def report(runs: list[Run], gate: Gate) -> None:
    """Print the tables for one setting of the thresholds."""
    result = measure(runs, gate)
    rows = result.rows
    print(f"threshold {gate.threshold}, harm_threshold {gate.harm}, mixed_threshold {gate.mixed}")
    if gate.codes is not None:
        pairs = zip(NAMES, gate.codes, strict=True)
        print("per code: " + ", ".join(f"{n} {v:g}" for n, v in pairs if n != "neutral"))
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
    parser.add_argument(
        "--threshold",
        type=float,
        help="score every code at this threshold (default: the shipped per-code thresholds)",
    )
    parser.add_argument("--harm-threshold", type=float, default=shipped_gate.harm_threshold)
    parser.add_argument("--mixed-threshold", type=float, default=shipped_gate.mixed_threshold)
    parser.add_argument("--grid", action="store_true", help="search the three thresholds first")
    parser.add_argument(
        "--per-code", action="store_true", help="then search each code's own threshold"
    )
    parser.add_argument(
        "--nested", action="store_true", help="estimate both searches by choosing on the others"
    )
    parser.add_argument(
        "--max-false-alarms", type=float, default=MAX_FALSE_ALARMS, help="bound for the searches"
    )
    parser.add_argument("--write", type=Path, help="save what --per-code chose (JSON)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        raise SystemExit(f"no such file: {', '.join(missing)}")
    if args.write and not args.per_code:
        raise SystemExit("--write saves what --per-code chose; give --per-code too")
    runs = [load_run(p) for p in args.files]
    bound = args.max_false_alarms
    if args.nested:
        nested(runs, bound)
    if args.threshold is None:
        own = tuple(float(v) for v in shipped_gate.fit([]).code_thresholds_)
        gate = Gate(shipped_gate.threshold, args.harm_threshold, args.mixed_threshold, own)
    else:  # the shipped per-code thresholds are probabilities: they would override this one
        gate = Gate(args.threshold, args.harm_threshold, args.mixed_threshold)
    if args.grid:
        mean, gate = grid(runs, bound)
        if mean < 0:
            raise SystemExit(f"no setting keeps everyday false alarms at or below {bound:.0%}")
        print(f"grid: best mean macro-F1 {mean:.3f} within {bound:.0%} false alarms\n")
    if args.per_code:
        mean, gate = per_code_search(runs, replace(gate, codes=None), bound)
        if mean < 0:
            raise SystemExit(f"no setting keeps everyday false alarms at or below {bound:.0%}")
        print(f"per code: best mean macro-F1 {mean:.3f} within {bound:.0%} false alarms\n")
        if args.write:
            searched = "--grid --per-code" if args.grid else "--per-code"
            write_thresholds(
                args.write, gate, f"{searched} --max-false-alarms {bound:g}", args.files
            )
    report(runs, gate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
