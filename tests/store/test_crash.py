"""A process killed in the middle of storing a chat leaves no half-written conversation."""

from __future__ import annotations

import signal
import subprocess
import sys

from sqlalchemy import Engine

from tandem.store import repository as repo
from tandem.store.db import session_scope

_UPLOADER = """
import sys, time
from datetime import datetime, timedelta
from sqlalchemy import event
from tandem.domain import Conversation, Message, MessageKind, Partner, Platform
from tandem.store import repository as repo
from tandem.store.db import make_engine, session_scope

url, couple_id = sys.argv[1], sys.argv[2]
engine = make_engine(url)

@event.listens_for(engine, "after_cursor_execute")
def _pause_mid_upload(conn, cursor, statement, params, context, executemany):
    if statement.lstrip().upper().startswith("INSERT INTO MESSAGES"):
        print("mid-upload", flush=True)   # the parent kills us now
        time.sleep(60)

t0 = datetime(2024, 1, 1)
msgs = tuple(
    Message(sender="Sam", partner=Partner.A, timestamp=t0 + timedelta(seconds=i),
            text=f"message {i}", kind=MessageKind.TEXT, platform=Platform.WHATSAPP)
    for i in range(2000)
)
conv = Conversation(messages=msgs, partners=("Sam", "Alex"), platform=Platform.WHATSAPP)
with session_scope(engine) as s:
    repo.add_conversation(session=s, couple_id=couple_id, conversation=conv)
print("committed", flush=True)
"""


def test_killed_mid_upload_leaves_nothing(engine: Engine, db_url: str) -> None:
    with session_scope(engine) as s:
        couple_id = repo.create_couple(session=s, name="c").id
    child = subprocess.Popen(
        [sys.executable, "-c", _UPLOADER, db_url, couple_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "mid-upload", child.stderr.read() if child.stderr else line
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    # The killed writer's lock is gone with its process; the database is whole and empty of it.
    with session_scope(engine) as s:
        assert repo.list_conversations(session=s, couple_id=couple_id) == []
        assert repo.get_couple(session=s, couple_id=couple_id) is not None
        from sqlalchemy import func, select

        from tandem.store.models import MessageRow

        assert s.scalar(select(func.count()).select_from(MessageRow)) == 0
