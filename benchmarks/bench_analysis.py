"""Analysis of a 100,000-message conversation end to end: ingest + coding + cycle analysis.

A WhatsApp export of two partners over about three years is generated (seeded) into a
temporary folder, then timed stage by stage with the default coder. The goal of issue 3 is
under 10 s for the whole. The last line is ``key=value`` pairs.

Run: .venv/bin/python benchmarks/bench_analysis.py [--messages 100000] [--n-boot 500]
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
from tandem.coding import code_conversation, get_coder
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


def generate(n: int, rng: np.random.Generator) -> str:
    """A WhatsApp export with ``n`` messages: A presses more, B pulls back more."""
    names = ("Robin", "Kai")
    t = datetime(2023, 1, 13, 8, 0)
    lines = [f"{t:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted."]
    who = 0
    gaps = rng.exponential(25.0, size=n)
    kinds = rng.random(n)
    switch = rng.random(n)
    picks = rng.integers(0, 1000, size=n)
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
        lines.append(f"{t:%d/%m/%Y, %H:%M} - {names[who]}: {pool[picks[k] % len(pool)]}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--n-boot", type=int, default=500)
    args = parser.parse_args()
    rng = np.random.default_rng(20261124)
    text = generate(args.messages, rng)
    coder = get_coder()  # built once per process, outside the timing (like a warm CLI)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chat.txt"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        conv = ingest.load(path)
        t1 = time.perf_counter()
        coded = code_conversation(conv, coder=coder)
        t2 = time.perf_counter()
        result = analyze_cycle(
            coded, partners=conv.partners, rng=np.random.default_rng(0), n_boot=args.n_boot
        )
        t3 = time.perf_counter()
        cycle_json(result)
        render_html(result)
        t4 = time.perf_counter()
    n = len(conv.messages)
    print(f"messages: {n:,}  (partners {conv.partners[0]} and {conv.partners[1]})")
    print(f"ingest:   {t1 - t0:6.2f} s")
    print(f"coding:   {t2 - t1:6.2f} s  ({type(coder).__name__})")
    print(
        f"analysis: {t3 - t2:6.2f} s  "
        f"({args.n_boot} bootstrap draws, {len(result.episodes)} episodes)"
    )
    print(f"reports:  {t4 - t3:6.2f} s  (JSON + HTML)")
    total = t4 - t0
    roles = {k: (s.role.role.value if s.role else None) for k, s in result.summaries.items()}
    print(f"total:    {total:6.2f} s  goal < 10 s; roles {roles}, loop gain {result.loop_gain}")
    print(
        f"messages={n} ingest_seconds={t1 - t0:.3f} coding_seconds={t2 - t1:.3f} "
        f"analysis_only_seconds={t3 - t2:.3f} report_seconds={t4 - t3:.3f} "
        f"analysis_100k_seconds={total:.3f}"
    )


if __name__ == "__main__":
    main()
