"""Analysis of a 100,000-message conversation end to end: ingest + coding + cycle analysis.

A WhatsApp export of two partners over about three years is generated (seeded) into a
temporary folder, then timed stage by stage with the default coder. The goal of issue 3 is
under 10 s for the whole. The last line is ``key=value`` pairs.

Run: .venv/bin/python benchmarks/bench_analysis.py [--messages 100000] [--n-boot 500]
     .venv/bin/python benchmarks/bench_analysis.py --cli-memory --messages 200000
     .venv/bin/python benchmarks/bench_analysis.py --cli-memory --coders contextual
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from tandem import ingest
from tandem.analysis import analyze_cycle
from tandem.coding import DEFAULT_CODER, code_conversation, get_coder
from tandem.report.cycle import cycle_json
from tandem.report.html import render_html

PURSUE = [
    "you never listen to me",
    "answer me",
    "hello??",
    "why aren't you answering",
    "you always do this",
    "oh great, thanks a lot 🙄",
    "we need to talk about this now",
]
DISTANCE = ["whatever", "k", "fine.", "you're overreacting", "not now", "it's not my fault"]
CONSTRUCTIVE = [
    "I miss you",
    "I'm sorry, that was unfair of me",
    "that makes sense, I get why you're upset",
    "could we have dinner together on friday?",
    "I need 20 minutes to calm down, I'll call you at 9",
    "love you ❤️",
]
NEUTRAL = [
    "on my way",
    "did you feed the cat",
    "dinner at 7?",
    "the train is late again",
    "can you buy milk",
    "<Media omitted>",
    "see you later",
    "ok",
    "haha yes",
]


TOPICS = [
    "dinner",
    "the kids",
    "your mum",
    "the rent",
    "work",
    "the car",
    "the weekend",
    "the dishes",
    "money",
    "the trip",
    "my sister",
    "the dog",
    "your phone",
    "sunday",
]
TAILS = [
    "",
    "",
    "",
    " tonight",
    " again",
    " right now",
    " today",
    " later",
    "!!",
    "...",
    " 🙄",
    " ❤️",
    " lol",
    " tbh",
    " ok?",
]


def generate(n: int, rng: np.random.Generator) -> str:
    """A WhatsApp export with ``n`` messages: A presses more, B pulls back more.

    Texts are a phrase, a topic and an ending drawn at random, so most messages are distinct
    (a coder cannot get its speed from repeated texts).
    """
    names = ("Robin", "Kai")
    t = datetime(2023, 1, 13, 8, 0)
    lines = [f"{t:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted."]
    who = 0
    gaps = rng.exponential(25.0, size=n)
    kinds = rng.random(n)
    switch = rng.random(n)
    picks = rng.integers(0, 10_000, size=(n, 3))
    for k in range(n):
        t += timedelta(minutes=float(gaps[k]) + 0.5)
        if switch[k] < 0.6:
            who = 1 - who
        u = kinds[k]
        if who == 0:
            pool = (
                PURSUE
                if u < 0.15
                else DISTANCE
                if u < 0.18
                else CONSTRUCTIVE
                if u < 0.3
                else NEUTRAL
            )
        else:
            pool = (
                PURSUE
                if u < 0.03
                else DISTANCE
                if u < 0.16
                else CONSTRUCTIVE
                if u < 0.28
                else NEUTRAL
            )
        a, b, c = picks[k]
        text = f"{pool[a % len(pool)]}, about {TOPICS[b % len(TOPICS)]}{TAILS[c % len(TAILS)]}"
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {names[who]}: {text}")
    return "\n".join(lines) + "\n"


def run_once(conv: object, coder_name: str, n_boot: int) -> dict[str, float]:
    """Code and analyse ``conv`` with one coder; seconds per stage."""
    coder = get_coder(coder_name)  # built once per process, outside the timing (warm CLI)
    t1 = time.perf_counter()
    coded = code_conversation(conv, coder=coder)  # type: ignore[arg-type]
    t2 = time.perf_counter()
    result = analyze_cycle(
        coded,
        partners=conv.partners,  # type: ignore[attr-defined]
        rng=np.random.default_rng(0),
        n_boot=n_boot,
    )
    t3 = time.perf_counter()
    cycle_json(result)
    render_html(result)
    t4 = time.perf_counter()
    roles = {k: (s.role.role.value if s.role else None) for k, s in result.summaries.items()}
    print(
        f"[{coder_name} = {type(coder).__name__}] coding {t2 - t1:.2f} s, analysis "
        f"{t3 - t2:.2f} s ({n_boot} bootstrap draws, {len(result.episodes)} episodes), "
        f"reports {t4 - t3:.2f} s; roles {roles}"
    )
    return {"coding": t2 - t1, "analysis": t3 - t2, "reports": t4 - t3}


def cli_peak_memory(n: int, coders: tuple[str, ...] = ("default", "rules")) -> None:
    """Peak memory (max RSS) and time of ``tandem analyze FILE --json`` on an ``n``-message chat.

    The whole command in its own process, start-up included, its JSON written to a file; the
    peak is the kernel's ``ru_maxrss`` of that process (``os.wait4``). Goal (issue 11): at most
    500 MB for 200,000 messages, and 1,000,000 messages without running out of memory.
    """
    import os
    import subprocess
    import sys

    tandem = str(Path(sys.executable).with_name("tandem"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chat.txt"
        text = generate(n, np.random.default_rng(20261124))
        path.write_text(text, encoding="utf-8")
        distinct = len({line.split(": ", 1)[-1] for line in text.splitlines()})
        print(f"{n:,} messages, {distinct:,} distinct texts")
        fields = []
        for coder in coders:
            with (Path(tmp) / "out.json").open("wb") as sink:
                t = time.perf_counter()
                proc = subprocess.Popen(
                    [tandem, "analyze", str(path), "--json", "--coder", coder], stdout=sink
                )
                _, status, usage = os.wait4(proc.pid, 0)
                spent = time.perf_counter() - t
            if status != 0:
                raise SystemExit(f"tandem analyze failed with status {status}")
            peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
            print(
                f"tandem analyze --json --coder {coder}: {n:,} messages, {spent:.2f} s, "
                f"peak {peak_mb:,.0f} MB (load average {os.getloadavg()[0]:.2f})"
            )
            fields += [f"cli_{coder}_seconds={spent:.2f}", f"cli_{coder}_peak_mb={peak_mb:.0f}"]
        print(f"messages={n} " + " ".join(fields))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--n-boot", type=int, default=500)
    parser.add_argument(
        "--cli-memory",
        action="store_true",
        help="only the whole command: peak memory and time of tandem analyze --json "
        "(default and rules coder) on --messages messages",
    )
    parser.add_argument(
        "--coders",
        default="default,rules",
        help="with --cli-memory: comma-separated coders (default: default,rules)",
    )
    args = parser.parse_args()
    if args.cli_memory:
        cli_peak_memory(args.messages, coders=tuple(args.coders.split(",")))
        return
    text = generate(args.messages, np.random.default_rng(20261124))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chat.txt"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        conv = ingest.load(path)
        ingest_s = time.perf_counter() - t0
    n = len(conv.messages)
    print(f"messages: {n:,}; ingest {ingest_s:.2f} s")
    default = run_once(conv, "default", args.n_boot)
    rules = run_once(conv, "rules", args.n_boot)
    total_default = ingest_s + sum(default.values())
    total_rules = ingest_s + sum(rules.values())
    print(
        f"end to end: {total_default:.2f} s with the default coder ({DEFAULT_CODER}), "
        f"{total_rules:.2f} s with the rules coder; goal < 10 s"
    )
    print(
        f"messages={n} ingest_seconds={ingest_s:.3f} "
        f"coding_default_seconds={default['coding']:.3f} "
        f"coding_rules_seconds={rules['coding']:.3f} "
        f"analysis_only_seconds={min(default['analysis'], rules['analysis']):.3f} "
        f"report_seconds={default['reports']:.3f} "
        f"analysis_100k_rules_seconds={total_rules:.3f} analysis_100k_seconds={total_default:.3f}"
    )


if __name__ == "__main__":
    main()
