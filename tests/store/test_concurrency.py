"""Both partners writing to the journal at the same moment lose nothing (SQLite WAL and PG)."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime, timedelta

from sqlalchemy import Engine

from tandem.domain import Partner
from tandem.store import repository as repo
from tandem.store.db import make_engine, session_scope

from ._factories import checkin, entry

N_PER_WRITER = 40
"""Entries each writer adds, each in its own transaction (enough to interleave many times)."""


def _new_couple(engine: Engine) -> str:
    with session_scope(engine) as s:
        return repo.create_couple(session=s, name="busy").id


def test_two_threads_writing_at_once_lose_nothing(db_url: str) -> None:
    engine = make_engine(db_url)
    couple_id = _new_couple(engine)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(partner: Partner) -> None:
        try:
            start.wait()
            for i in range(N_PER_WRITER):
                when = datetime(2024, 3, 1) + timedelta(minutes=i)
                with session_scope(engine) as s:
                    # Read, then write: the pattern that fails under SQLite's deferred locks.
                    repo.count_journal_entries(session=s, couple_id=couple_id)
                    repo.add_journal_entry(
                        session=s,
                        couple_id=couple_id,
                        entry=entry(occurred_at=when, author=partner, topic=f"{partner}{i}"),
                    )
                    repo.add_checkin(
                        session=s, couple_id=couple_id, checkin=checkin(partner=partner)
                    )
        except BaseException as error:  # surfaced below, with the thread's error
            errors.append(error)

    threads = [threading.Thread(target=write, args=(p,)) for p in Partner]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert errors == []
        with session_scope(engine) as s:
            topics = {e.topic for e in repo.list_journal_entries(session=s, couple_id=couple_id)}
            n_checkins = len(repo.list_checkins(session=s, couple_id=couple_id))
        assert topics == {f"{p}{i}" for p in Partner for i in range(N_PER_WRITER)}
        assert n_checkins == 2 * N_PER_WRITER
    finally:
        engine.dispose()


_WRITER = """
import sys
from datetime import datetime
from tandem.domain import Code, Ending, JournalEntry
from tandem.store import repository as repo
from tandem.store.db import make_engine, session_scope
url, couple_id, who, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
engine = make_engine(url)
for i in range(n):
    with session_scope(engine) as s:
        repo.add_journal_entry(session=s, couple_id=couple_id, entry=JournalEntry(
            occurred_at=datetime(2024, 3, 1, 12, 0), topic=f"{who}{i}", raised_by=who,
            intensity=5, moves_a=(Code.PRESSURE,), moves_b=(), ending=Ending.RESOLVED))
"""


def test_two_processes_writing_at_once_lose_nothing(db_url: str) -> None:
    engine = make_engine(db_url)
    couple_id = _new_couple(engine)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, db_url, couple_id, who, str(N_PER_WRITER)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("A", "B")
    ]
    try:
        for p in procs:
            _, err = p.communicate(timeout=180)
            assert p.returncode == 0, err
        with session_scope(engine) as s:
            topics = [e.topic for e in repo.list_journal_entries(session=s, couple_id=couple_id)]
        assert sorted(topics) == sorted(f"{w}{i}" for w in "AB" for i in range(N_PER_WRITER))
    finally:
        engine.dispose()


def test_a_read_only_session_does_not_wait_for_a_writer(db_url: str) -> None:
    import time

    from ._factories import entry as make_entry

    engine = make_engine(db_url)
    couple_id = _new_couple(engine)
    try:
        with session_scope(engine) as writer:
            repo.add_journal_entry(session=writer, couple_id=couple_id, entry=make_entry())
            # The writer holds its transaction open; a reader must neither block nor see it.
            start = time.perf_counter()
            with session_scope(engine, read_only=True) as reader:
                seen = repo.count_journal_entries(session=reader, couple_id=couple_id)
            waited = time.perf_counter() - start
        assert seen == 0
        # The busy timeout is 30 s; a reader that queued behind the writer would wait all of it.
        # 20 s keeps that failure visible and leaves a loaded 2-core machine ample room.
        assert waited < 20, f"read-only session waited {waited:.1f} s"
        with session_scope(engine, read_only=True) as reader:
            assert repo.count_journal_entries(session=reader, couple_id=couple_id) == 1
    finally:
        engine.dispose()
