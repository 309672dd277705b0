"""Start-up time of the ``tandem`` command: how long a user waits before anything happens.

Runs each command ``--runs`` times (20 by default) in a fresh process and prints the median
wall time. The peers, run in the same loop, are a bare interpreter (``python -c pass``: the
floor no Python command can beat) and ``python -c "import typer, rich.console"`` (the floor of
any Typer + Rich command). The goal of issue #11 is a median of at most 0.3 s for ``--help``,
``tandem parse`` on a small chat and every one-line error.

Usage::

    .venv/bin/python benchmarks/bench_startup.py
    .venv/bin/python benchmarks/bench_startup.py --runs 50

The last line is ``key=value`` pairs (medians in seconds).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TANDEM = str(Path(sys.executable).with_name("tandem"))
EXAMPLE = str(ROOT / "examples" / "maya_jonas_whatsapp.txt")

CASES: dict[str, list[str]] = {
    "python_pass": [sys.executable, "-c", "pass"],
    "import_typer_rich": [sys.executable, "-c", "import typer, rich.console"],
    "help": [TANDEM, "--help"],
    "analyze_help": [TANDEM, "analyze", "--help"],
    "error_missing_file": [TANDEM, "analyze", "no-such-chat.txt"],
    "error_bad_choice": [TANDEM, "simulate", "--preset", "no-such-couple"],
    "parse_small_chat": [TANDEM, "parse", EXAMPLE],
}
"""Name to command line; the first two are the peers."""
GOAL_SECONDS = 0.3


def median_seconds(command: list[str], runs: int) -> float:
    """The median wall time of ``runs`` fresh runs of ``command`` (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Time every case and print a table, then the key=value line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    for command in CASES.values():  # warm the file cache, so the first case is not penalised
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    medians = {name: median_seconds(command, args.runs) for name, command in CASES.items()}
    floor = medians["import_typer_rich"]
    print(f"median of {args.runs} runs (seconds); goal for tandem commands ≤ {GOAL_SECONDS}")
    for name, seconds in medians.items():
        mark = ""
        if name not in ("python_pass", "import_typer_rich"):
            mark = "  ok" if seconds <= GOAL_SECONDS else "  over goal"
        print(f"  {name:<22} {seconds:6.3f}   {seconds / floor:5.2f}× typer+rich{mark}")
    print(" ".join(f"{name}={seconds:.3f}" for name, seconds in medians.items()))


if __name__ == "__main__":
    main()
