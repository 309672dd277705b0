"""Store throughput on SQLite and PostgreSQL: storing a chat, reading it back, export/import.

Usage: .venv/bin/python benchmarks/bench_store.py [--messages N]

PostgreSQL is the throwaway server the tests use (tests/pg.py); when it cannot start, the
PostgreSQL numbers are reported as ``nan`` with the reason. Timings on a shared machine are noisy;
the ratios within one run are what matter. Ends with one line of key=value pairs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tandem.domain import (  # noqa: E402
    Code,
    Conversation,
    Ending,
    JournalEntry,
    Message,
    MessageKind,
    Partner,
    Platform,
)
from tandem.store import repository as repo  # noqa: E402
from tandem.store.db import make_engine, migrate, session_scope  # noqa: E402


def conversation(n: int) -> Conversation:
    t0 = datetime(2024, 1, 1, 8, 0)
    msgs = tuple(
        Message(
            sender="Sam" if i % 3 else "Alex",
            partner=Partner.A if i % 3 else Partner.B,
            timestamp=t0 + timedelta(seconds=37 * i),
            text=f"message number {i}\nwith a second line",
            kind=MessageKind.TEXT,
            platform=Platform.WHATSAPP,
        )
        for i in range(n)
    )
    return Conversation(messages=msgs, partners=("Sam", "Alex"), platform=Platform.WHATSAPP)


def run(url: str, conv: Conversation, n_entries: int) -> dict[str, float]:
    migrate(url)
    engine = make_engine(url)
    out: dict[str, float] = {}
    try:
        with session_scope(engine) as s:
            couple_id = repo.create_couple(session=s, name="bench").id
        t = time.perf_counter()
        with session_scope(engine) as s:
            conv_id = repo.add_conversation(session=s, couple_id=couple_id, conversation=conv).id
        out["store_s"] = time.perf_counter() - t
        t = time.perf_counter()
        with session_scope(engine) as s:
            back = repo.get_conversation(session=s, conversation_id=conv_id)
        out["read_s"] = time.perf_counter() - t
        assert back == conv
        t = time.perf_counter()
        for i in range(n_entries):
            with session_scope(engine) as s:
                repo.add_journal_entry(
                    session=s,
                    couple_id=couple_id,
                    entry=JournalEntry(
                        occurred_at=datetime(2024, 3, 1) + timedelta(hours=i),
                        topic=f"t{i}",
                        raised_by=Partner.A,
                        intensity=5,
                        moves_a=(Code.PRESSURE,),
                        moves_b=(Code.WITHDRAWAL,),
                        ending=Ending.PAUSED,
                    ),
                )
        out["journal_writes_per_s"] = n_entries / (time.perf_counter() - t)
        t = time.perf_counter()
        with session_scope(engine) as s:
            data = repo.export_couple(session=s, couple_id=couple_id)
        text = json.dumps(data)
        out["export_s"] = time.perf_counter() - t
        with session_scope(engine) as s:
            repo.delete_couple(session=s, couple_id=couple_id)
        t = time.perf_counter()
        with session_scope(engine) as s:
            repo.import_couple(session=s, data=json.loads(text))
        out["import_s"] = time.perf_counter() - t
    finally:
        engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=200)
    args = parser.parse_args()
    conv = conversation(args.messages)
    tmp = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    results: dict[str, dict[str, float]] = {}
    try:
        results["sqlite"] = run(f"sqlite:///{tmp / 'bench.db'}", conv, args.entries)
        from tests.pg import PostgresServer, PostgresUnavailable, _find_bindir

        root = Path(tempfile.mkdtemp(prefix="tandem-pg-"))
        server = None
        try:
            server = PostgresServer(bindir=_find_bindir(), root=root)
            server.start()
            results["postgresql"] = run(server.create_database(), conv, args.entries)
        except (PostgresUnavailable, OSError) as error:
            print(f"postgresql: not measured ({error})")
        finally:
            if server is not None:
                server.stop()
            shutil.rmtree(root, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for backend, numbers in results.items():
        print(backend, " ".join(f"{k}={v:.3f}" for k, v in numbers.items()))
    pairs = [f"messages={args.messages}", f"entries={args.entries}"]
    for backend in ("sqlite", "postgresql"):
        numbers = results.get(backend, {})
        for key in ("store_s", "read_s", "export_s", "import_s", "journal_writes_per_s"):
            pairs.append(f"{backend}_{key}={numbers.get(key, float('nan')):.3f}")
    print(" ".join(pairs))


if __name__ == "__main__":
    main()
