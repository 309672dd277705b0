"""Ingest speed and memory: Tandem's WhatsApp parser against whatstk and chat-miner.

Tandem is timed on both of its paths: ``load`` (a ``Conversation`` of ``Message`` objects) and
``load_table`` (the message table as Arrow columns, what ``tandem parse --to`` writes and the
product comparable to whatstk's DataFrame).

Generates an Android WhatsApp export of N messages (multi-line bodies, media placeholders,
deleted messages and system lines included) in a temporary folder, then parses the same file
with each tool in its own subprocess, so each tool's peak memory (``ru_maxrss``) is its own.

Usage::

    .venv/bin/python benchmarks/bench_ingest.py            # N = 1,000,000
    .venv/bin/python benchmarks/bench_ingest.py --n 200000

The last line is ``key=value`` pairs. Timings on a shared machine are noisy; the ratios of one
run are what matter.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

WORDS = (
    "okay sure later tonight dinner work home tired sorry love you why again call me "
    "where are you coming back soon miss need talk about it weekend plans kids money "
    "can we please not now fine whatever thanks great idea maybe tomorrow"
).split()
SENDERS = ("Sam Rivera", "Alex 🌻")
HEADER = "%d/%m/%Y, %H:%M - "
WHATSTK_FORMAT = "%d/%m/%Y, %H:%M - %name:"


def generate(path: Path, n: int, seed: int = 7) -> None:
    """Write an Android-style export of ``n`` messages to ``path``."""
    rng = random.Random(seed)
    when = datetime(2021, 1, 1, 8, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            when.strftime(HEADER) + "Messages and calls are end-to-end encrypted. "
            "No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
        )
        for _ in range(n - 1):
            when += timedelta(seconds=rng.randint(5, 400))
            sender = SENDERS[rng.random() < 0.48]
            roll = rng.random()
            if roll < 0.04:
                body = "<Media omitted>"
            elif roll < 0.05:
                body = "This message was deleted"
            elif roll < 0.13:
                lines = rng.randint(2, 4)
                body = "\n".join(
                    " ".join(rng.choices(WORDS, k=rng.randint(2, 9))) for _ in range(lines)
                )
            else:
                body = " ".join(rng.choices(WORDS, k=rng.randint(1, 12)))
            out.write(f"{when.strftime(HEADER)}{sender}: {body}\n")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker(tool: str, path: str) -> None:
    """Parse ``path`` with ``tool`` in this process and print one JSON line."""
    if tool == "tandem":
        from tandem.ingest import load

        base = _peak_mb()
        start = time.perf_counter()
        count = len(load(path).messages)
    elif tool == "tandem_table":
        from tandem.ingest import load_table

        base = _peak_mb()
        start = time.perf_counter()
        count = load_table(path).num_rows
    elif tool == "whatstk":  # as its README shows it: the header format detected from the file
        from whatstk import WhatsAppChat

        base = _peak_mb()
        start = time.perf_counter()
        count = len(WhatsAppChat.from_source(filepath=path, max_size=None).df)
    elif tool == "whatstk_hformat":  # whatstk told the header format, skipping its detection
        from whatstk import WhatsAppChat

        base = _peak_mb()
        start = time.perf_counter()
        chat = WhatsAppChat.from_source(filepath=path, hformat=WHATSTK_FORMAT, max_size=None)
        count = len(chat.df)
    elif tool == "chatminer":
        import logging

        from chatminer.chatparsers import WhatsAppParser

        logging.disable(logging.CRITICAL)
        base = _peak_mb()
        start = time.perf_counter()
        parser = WhatsAppParser(path)
        parser.parse_file()
        count = len(parser.parsed_messages.get_df())
    else:
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - start
    print(json.dumps({"n": count, "seconds": seconds, "peak_mb": _peak_mb(), "base_mb": base}))


def measure(tool: str, path: Path, timeout: float) -> dict[str, float] | None:
    """Run one tool in a fresh interpreter; ``None`` when it fails or times out."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", tool, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"{tool}: gave up after {timeout:.0f} s", file=sys.stderr)
        return None
    if done.returncode != 0:
        print(f"{tool} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


# Whole commands, each a fresh process timed from outside (start-up, imports, parsing and, where
# named, writing Parquet). ``{path}`` and ``{out}`` are filled in per run.
WHATSTK_SCRIPT = (
    "import sys\n"
    "from whatstk import WhatsAppChat\n"
    "df = WhatsAppChat.from_source(filepath=sys.argv[1], max_size=None).df\n"
    "if len(sys.argv) > 2:\n"
    "    df.to_parquet(sys.argv[2])\n"
)
COMMANDS = {
    "tandem_cli": lambda path, out: [_tandem_exe(), "parse", path, "--to", out],
    "whatstk_cli": lambda path, _out: [sys.executable, "-c", WHATSTK_SCRIPT, path],
    "whatstk_cli_parquet": lambda path, out: [sys.executable, "-c", WHATSTK_SCRIPT, path, out],
}


def _tandem_exe() -> str:
    exe = Path(sys.executable).with_name("tandem")
    return str(exe) if exe.exists() else "tandem"


def _process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux ``/proc``; just ``pid`` elsewhere)."""
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                for child in handle.read().split():
                    found += _process_tree(int(child))
    except OSError:
        pass
    return found


def _pss_mb(pid: int) -> float:
    """Proportional set size: shared pages split between the processes that share them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure_command(tool: str, path: Path, timeout: float) -> dict[str, float] | None:
    """Time one whole command from process start to exit.

    ``peak_mb`` is the largest process's ``ru_maxrss``; ``peak_all_mb`` the largest sum of
    PSS over the command's processes, sampled every 50 ms (``tandem parse`` forks a second
    process for a big export, whose memory ``ru_maxrss`` would not add).
    """
    out = path.with_suffix(f".{tool}.parquet")
    argv = COMMANDS[tool](str(path), str(out))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    peak_all = 0.0
    next_sample = start
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() >= next_sample:
            peak_all = max(peak_all, sum(map(_pss_mb, _process_tree(proc.pid))))
            next_sample += 0.05
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            print(f"{tool}: gave up after {timeout:.0f} s", file=sys.stderr)
            return None
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        print(f"{tool} failed:\n{err[-2000:]}", file=sys.stderr)
        return None
    n = 0
    if out.exists():
        import pyarrow.parquet as pq

        n = pq.read_metadata(out).num_rows
        out.unlink()
    return {
        "n": n,
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "base_mb": float("nan"),
        "peak_all_mb": peak_all,
    }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--n", type=int, default=1_000_000, help="messages to generate")
    args.add_argument("--timeout", type=float, default=1800, help="seconds allowed per tool")
    args.add_argument(
        "--tools",
        default="tandem,tandem_table,whatstk,whatstk_hformat,chatminer,"
        "tandem_cli,whatstk_cli,whatstk_cli_parquet",
    )
    args.add_argument("--repeat", type=int, default=3, help="runs per tool; the fastest counts")
    args.add_argument("--worker", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.worker:
        worker(*opts.worker)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "WhatsApp Chat with Alex.txt"
        generate(path, opts.n)
        size_mb = path.stat().st_size / 2**20
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"export: {opts.n:,} messages, {lines:,} lines, {size_mb:.1f} MB", flush=True)
        tools = opts.tools.split(",")
        results: dict[str, dict[str, float] | None] = dict.fromkeys(tools)
        # Round robin, keeping each tool's fastest run: on a shared machine the minimum is the
        # run least disturbed by others.
        for round_ in range(1, opts.repeat + 1):
            for tool in tools:
                if tool in COMMANDS:
                    r = measure_command(tool, path, opts.timeout)
                    if r is not None and r["n"] == 0:  # no file written: count as the export
                        r["n"] = opts.n
                else:
                    r = measure(tool, path, opts.timeout)
                if r is None:
                    continue
                rate = r["n"] / r["seconds"]
                print(
                    f"[{round_}] {tool:16s} {r['n']:>10,} msgs {r['seconds']:8.2f} s "
                    f"{rate:>10,.0f} msgs/s  peak {r['peak_mb']:7.1f} MB "
                    f"(after imports {r['base_mb']:.1f} MB)"
                    + (f", all processes {r['peak_all_mb']:.1f} MB" if "peak_all_mb" in r else ""),
                    flush=True,
                )
                best = results[tool]
                if best is None or r["seconds"] < best["seconds"]:
                    results[tool] = r

    def rate(tool: str) -> float:
        r = results.get(tool)
        return r["n"] / r["seconds"] if r else float("nan")

    def peak(tool: str) -> float:
        r = results.get(tool)
        return r["peak_mb"] if r else float("nan")

    ratio = rate("tandem") / rate("whatstk")
    ratio_table = rate("tandem_table") / rate("whatstk")
    ratio_hformat = rate("tandem") / rate("whatstk_hformat")
    chatminer_ratio = rate("tandem") / rate("chatminer")
    print(
        f"tandem / whatstk throughput: {ratio:.1f}x (whatstk told the format: {ratio_hformat:.1f}x)"
    )
    print(
        f"tandem table / whatstk throughput: {ratio_table:.1f}x "
        f"(whatstk told the format: {rate('tandem_table') / rate('whatstk_hformat'):.1f}x)"
    )
    print(f"tandem / whatstk peak memory: {peak('tandem') / peak('whatstk'):.2f}x")
    print(f"tandem table / whatstk peak memory: {peak('tandem_table') / peak('whatstk'):.2f}x")
    print(f"tandem / chat-miner throughput: {chatminer_ratio:.1f}x")
    cli_ratio = rate("tandem_cli") / rate("whatstk_cli")
    cli_parquet_ratio = rate("tandem_cli") / rate("whatstk_cli_parquet")
    cli_mem = peak("tandem_cli") / peak("whatstk_cli")
    cli_all = results.get("tandem_cli") or {}
    whatstk_all = results.get("whatstk_cli") or {}
    cli_mem_all = cli_all.get("peak_all_mb", float("nan")) / whatstk_all.get(
        "peak_all_mb", float("nan")
    )
    print(
        f"whole command, tandem parse --to parquet / whatstk script: {cli_ratio:.1f}x "
        f"(whatstk script writing parquet too: {cli_parquet_ratio:.1f}x); "
        f"peak memory {cli_mem:.2f}x (all processes, PSS: {cli_mem_all:.2f}x)"
    )
    print(
        f"n={opts.n} tandem_msgs_per_s={rate('tandem'):.0f} "
        f"tandem_table_msgs_per_s={rate('tandem_table'):.0f} "
        f"whatstk_msgs_per_s={rate('whatstk'):.0f} "
        f"whatstk_hformat_msgs_per_s={rate('whatstk_hformat'):.0f} "
        f"chatminer_msgs_per_s={rate('chatminer'):.0f} ratio={ratio:.2f} "
        f"ratio_table={ratio_table:.2f} "
        f"ratio_hformat={ratio_hformat:.2f} chatminer_ratio={chatminer_ratio:.2f} "
        f"tandem_peak_mb={peak('tandem'):.1f} tandem_table_peak_mb={peak('tandem_table'):.1f} "
        f"whatstk_peak_mb={peak('whatstk'):.1f} "
        f"whatstk_hformat_peak_mb={peak('whatstk_hformat'):.1f} "
        f"chatminer_peak_mb={peak('chatminer'):.1f} "
        f"tandem_cli_s={_secs(results, 'tandem_cli'):.2f} "
        f"whatstk_cli_s={_secs(results, 'whatstk_cli'):.2f} "
        f"whatstk_cli_parquet_s={_secs(results, 'whatstk_cli_parquet'):.2f} "
        f"ratio_cli={cli_ratio:.2f} ratio_cli_parquet={cli_parquet_ratio:.2f} "
        f"tandem_cli_peak_mb={peak('tandem_cli'):.1f} "
        f"whatstk_cli_peak_mb={peak('whatstk_cli'):.1f} "
        f"whatstk_cli_parquet_peak_mb={peak('whatstk_cli_parquet'):.1f} "
        f"ratio_cli_peak={cli_mem:.2f} ratio_cli_peak_all={cli_mem_all:.2f}"
    )


def _secs(results: dict[str, dict[str, float] | None], tool: str) -> float:
    r = results.get(tool)
    return r["seconds"] if r else float("nan")


if __name__ == "__main__":
    main()
