"""Behaviour coding speed: rules coder, learned coder and VADER on the same messages.

    .venv/bin/python benchmarks/bench_coding.py [--n 1000000] [--chunk 20000]
    .venv/bin/python benchmarks/bench_coding.py --cli [--n 200000]   # whole commands
    .venv/bin/python benchmarks/bench_coding.py --cli --coders contextual --n 5000
    .venv/bin/python benchmarks/bench_coding.py --batch-ceiling --n 3000   # contextual model only

Messages are built from the shipped corpus and held-out set, mixed with everyday logistics
lines, with random names, times and trailing bits so few repeat exactly. The three tools
run on the same chunk one after another (round robin), so a load spike on the shared machine
hits all of them alike; each tool's total time over all chunks is reported.

Tandem's time is ``coder.code(texts)``: codes with confidence and the evidence words, the full
product. VADER's is ``SentimentIntensityAnalyzer().polarity_scores(text)`` per message, what a
user would reach for. The rules coder's ``predict_proba`` (scores only, no evidence objects) is
timed too. A second, more everyday mix (70% logistics lines instead of 40%) is timed for the
rules coder and VADER only (``ratio_rules_vs_vader_everyday``); ``ratio_rules_vs_vader`` is
always the first, cue-dense mix.

``--batch-ceiling`` times the contextual model alone (no rules, no evidence): the shipped path,
each distinct message run on its own, against the same ONNX session fed length-sorted padded
batches of 32, both on two threads. Batching is what a faster contextual coder would need; the
script also prints how far batched probabilities drift from the one-at-a-time ones (the reason
the shipped path does not batch).
"""

from __future__ import annotations

import argparse
import random
import time

from tandem.coding import get_coder
from tandem.coding.evaluate import shipped

EVERYDAY = [
    "omw",
    "ok see you at 6",
    "can you grab bread",
    "what time is the dentist",
    "lol",
    "did the parcel come?",
    "heading home now",
    "traffic is awful",
    "yes",
    "sounds good",
    "the heating is making that noise again",
    "running late, bus is slow",
    "love you",
    "what do you want for dinner",
    "haha",
    "nice",
    "at the shop, need anything?",
    "ok",
]
NAMES = ["Sam", "Alex", "Priya", "Jamal", "Mei", "Diego", "Hannah", "Noah", "Aisha", "Lena"]
TAILS = ["", "", "", " lol", " tbh", " x", "!", "...", " 😂", " 🙄", " ❤️", "??", " rn"]


def make_messages(n: int, seed: int = 7, corpus_share: float = 0.6) -> list[str]:
    """``n`` messages: a ``corpus_share`` of corpus/held-out lines (cue-dense), the rest
    everyday logistics lines, with names, times and tails added."""
    rng = random.Random(seed)
    pool = shipped("corpus").texts + shipped("heldout").texts
    out = []
    for i in range(n):
        base = rng.choice(pool) if rng.random() < corpus_share else rng.choice(EVERYDAY)
        roll = rng.random()
        if roll < 0.15:
            base = f"{rng.choice(NAMES)}, {base[:1].lower()}{base[1:]}"
        elif roll < 0.25:
            base = f"{base} at {rng.randint(1, 12)}:{rng.choice(['00', '15', '30', '45'])}"
        elif roll < 0.3:
            base = f"{base} #{i}"
        out.append(base + rng.choice(TAILS))
    return out


VADER_CLI = """
import json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
analyzer, out = SentimentIntensityAnalyzer(), sys.stdout
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        text = line.rstrip("\\n")
        out.write(json.dumps({"text": text, **analyzer.polarity_scores(text)}, ensure_ascii=False))
        out.write("\\n")
"""
"""VADER as a command a user would write: one JSON line of scores per input line."""


def cli_all_distinct(
    n: int = 200_000, rounds: int = 3, coders: tuple[str, ...] = ("rules",)
) -> None:
    """``tandem code FILE --coder C`` against a VADER script on ``n`` mostly distinct lines.

    Whole commands, start-up, reading and JSON writing included, output to a file. The lines
    are :func:`make_messages` with a serial number on 90% of them (a real chat rarely repeats a
    line exactly). Each round runs every command once, in turn; the median round time counts.
    Tandem keeps its compiled lexicon in a cache folder (a fresh one here), so its first round
    also compiles and stores it; that cold time is printed too.
    """
    import os
    import statistics
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    rng = random.Random(3)
    lines = [t if rng.random() < 0.1 else f"{t} ({i})" for i, t in enumerate(make_messages(n))]
    tandem = str(Path(sys.executable).with_name("tandem"))
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "lines.txt", Path(tmp) / "out.jsonl"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        commands = {f"tandem_{c}": [tandem, "code", str(src), "--coder", c] for c in coders}
        commands["vader"] = [sys.executable, "-c", VADER_CLI, str(src)]
        times: dict[str, list[float]] = {k: [] for k in commands}
        env = {**os.environ, "TANDEM_CACHE_DIR": str(Path(tmp) / "cache")}
        for _ in range(rounds):
            for name, command in commands.items():
                with out.open("wb") as sink:
                    t = time.perf_counter()
                    subprocess.run(command, stdout=sink, check=True, env=env)
                    times[name].append(time.perf_counter() - t)
    load = os.getloadavg()[0]
    print(f"CLI, {n:,} lines ({len(set(lines)):,} distinct), load average {load:.2f}:")
    vader = n / statistics.median(times["vader"])
    first = next(iter(times))  # the one command that ran with an empty cache
    for name, spent in times.items():
        rate = n / statistics.median(spent)
        print(
            f"{name:>14}: {statistics.median(spent):6.2f} s  {rate:10,.0f} lines/s  "
            f"{rate / vader:5.2f}x VADER"
            + (f"   (first run, cache empty: {spent[0]:.2f} s)" if name == first else "")
        )
    medians = {name: statistics.median(spent) for name, spent in times.items()}
    fields = [f"cli_{name}_lines_per_s={n / m:.0f}" for name, m in medians.items()]
    fields += [
        f"cli_ratio_{name}_vs_vader={medians['vader'] / m:.2f}"
        for name, m in medians.items()
        if name != "vader"
    ]
    print(" ".join(fields))


def batch_ceiling(n: int, batch: int = 32) -> None:
    """Messages/s of the contextual model one message at a time (shipped) and in batches."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from tandem.coding import contextual

    texts = list(dict.fromkeys(make_messages(n)))
    tokenizer, session = contextual._session()
    contextual.probabilities(texts[:50])
    contextual._SEEN.clear()
    t = time.perf_counter()
    single = contextual.probabilities(texts)
    shipped_rate = len(texts) / (time.perf_counter() - t)

    t = time.perf_counter()
    encodings = tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda k: len(encodings[k].ids))
    groups = [order[i : i + batch] for i in range(0, len(order), batch)]

    def run(rows: list[int]) -> object:
        width = max(len(encodings[k].ids) for k in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, k in enumerate(rows):
            ids[r, : len(encodings[k].ids)] = encodings[k].ids
            mask[r, : len(encodings[k].ids)] = 1
        return session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

    batched = np.zeros_like(single)
    with ThreadPoolExecutor(contextual.WORKERS) as pool:
        for rows, out in zip(groups, pool.map(run, groups), strict=True):
            batched[rows] = out
    batched_rate = len(texts) / (time.perf_counter() - t)
    drift = float(np.abs(batched - single).max())
    print(
        f"n={len(texts)} distinct: one_at_a_time_msgs_per_s={shipped_rate:.0f} "
        f"batched_{batch}_msgs_per_s={batched_rate:.0f} "
        f"ratio_batched_vs_shipped={batched_rate / shipped_rate:.2f} "
        f"max_probability_drift={drift:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="messages (default 1,000,000)")
    parser.add_argument("--chunk", type=int, default=20_000, help="messages per call")
    parser.add_argument(
        "--cli",
        action="store_true",
        help="only the whole-command case: tandem code (rules and default coder) against a VADER "
        "script on --n mostly distinct lines (default n for it: 200,000)",
    )
    parser.add_argument(
        "--coders",
        default="rules,default",
        help="with --cli: comma-separated coders to run as commands (default rules,default)",
    )
    parser.add_argument(
        "--batch-ceiling",
        action="store_true",
        help="only the contextual model: one message per run (shipped) against padded batches",
    )
    args = parser.parse_args()
    if args.batch_ceiling:
        batch_ceiling(args.n if args.n != 1_000_000 else 3_000)
        return
    if args.cli:
        coders = tuple(args.coders.split(","))
        cli_all_distinct(args.n if args.n != 1_000_000 else 200_000, coders=coders)
        return

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = make_messages(args.n)
    mean_len = sum(map(len, texts)) / len(texts)
    print(f"{len(texts):,} messages, mean {mean_len:.0f} characters, {len(set(texts)):,} distinct")
    rules, learned, vader = get_coder("rules"), get_coder("learned"), SentimentIntensityAnalyzer()
    rules.code(texts[:100])
    learned.code(texts[:100])
    spent = {"rules": 0.0, "rules_scores": 0.0, "learned": 0.0, "vader": 0.0}
    for lo in range(0, len(texts), args.chunk):
        chunk = texts[lo : lo + args.chunk]
        t = time.perf_counter()
        rules.code(chunk)
        spent["rules"] += time.perf_counter() - t
        t = time.perf_counter()
        rules.predict_proba(chunk)
        spent["rules_scores"] += time.perf_counter() - t
        t = time.perf_counter()
        learned.code(chunk)
        spent["learned"] += time.perf_counter() - t
        t = time.perf_counter()
        for text in chunk:
            vader.polarity_scores(text)
        spent["vader"] += time.perf_counter() - t
    # A more everyday mix (70% logistics lines, 30% corpus lines): rules coder and VADER only.
    everyday = make_messages(args.n, seed=8, corpus_share=0.3)
    for lo in range(0, len(everyday), args.chunk):
        chunk = everyday[lo : lo + args.chunk]
        t = time.perf_counter()
        rules.code(chunk)
        spent["rules_everyday"] = spent.get("rules_everyday", 0.0) + time.perf_counter() - t
        t = time.perf_counter()
        for text in chunk:
            vader.polarity_scores(text)
        spent["vader_everyday"] = spent.get("vader_everyday", 0.0) + time.perf_counter() - t
    rate = {k: len(texts) / v for k, v in spent.items()}
    for k, v in rate.items():
        base = rate["vader_everyday" if k.endswith("everyday") else "vader"]
        print(f"{k:>14}: {spent[k]:8.2f} s  {v:12,.0f} messages/s  {v / base:6.2f}x VADER")
    print(
        f"n={len(texts)} rules_msgs_per_s={rate['rules']:.0f} "
        f"rules_scores_msgs_per_s={rate['rules_scores']:.0f} "
        f"learned_msgs_per_s={rate['learned']:.0f} vader_msgs_per_s={rate['vader']:.0f} "
        f"ratio_rules_vs_vader={rate['rules'] / rate['vader']:.2f} "
        f"ratio_rules_scores_vs_vader={rate['rules_scores'] / rate['vader']:.2f} "
        f"ratio_learned_vs_vader={rate['learned'] / rate['vader']:.2f} "
        f"rules_everyday_msgs_per_s={rate['rules_everyday']:.0f} "
        f"vader_everyday_msgs_per_s={rate['vader_everyday']:.0f} "
        f"ratio_rules_vs_vader_everyday={rate['rules_everyday'] / rate['vader_everyday']:.2f}"
    )


if __name__ == "__main__":
    main()
