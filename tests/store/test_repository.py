"""The repository on SQLite and PostgreSQL: round trips, all-or-nothing writes, cascades."""

from __future__ import annotations

import types
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from tandem.domain import Code, Conversation, Ending, Message, MessageKind, Partner
from tandem.errors import InvalidChoice
from tandem.store import repository as repo
from tandem.store.db import session_scope
from tandem.store.models import Base, ConversationRow, MessageRow, UserRow

from ._factories import checkin, entry, full_couple, mixed_conversation


def _count(engine: Engine, table: str) -> int:
    with session_scope(engine) as s:
        return int(
            s.execute(select(func.count()).select_from(Base.metadata.tables[table])).scalar_one()
        )


def test_conversation_round_trip_keeps_every_field_exactly(engine: Engine) -> None:
    original = mixed_conversation()
    with session_scope(engine) as s:
        couple = repo.create_couple(session=s, name="Sam & Alex")
        row = repo.add_conversation(session=s, couple_id=couple.id, conversation=original)
        conv_id = row.id
        assert row.n_messages == len(original.messages)
    with session_scope(engine) as s:
        back = repo.get_conversation(session=s, conversation_id=conv_id)
    assert back == original
    assert back is not None
    for before, after in zip(original.messages, back.messages, strict=True):
        # Same instant is not enough: the zone (or its absence) and the text must match too.
        for a, b in ((before.timestamp, after.timestamp), (before.read_at, after.read_at)):
            assert (a is None) == (b is None)
            if a is not None and b is not None:
                assert a.isoformat() == b.isoformat()
                assert (a.tzinfo is None) == (b.tzinfo is None)
                assert a.utcoffset() == b.utcoffset()
        assert after.text == before.text
    assert back.messages[1].text == "are you coming?\nI waited\r\nagain  "


def test_add_conversation_is_all_or_nothing(engine: Engine) -> None:
    good = mixed_conversation()
    # A message whose partner label breaks the CHECK constraint, in the middle of the chat:
    # the database rejects it after the conversation row and earlier messages were sent.
    bad_partner = types.SimpleNamespace(value="C")
    bad = replace(good.messages[2], partner=bad_partner)  # type: ignore[arg-type]
    broken = Conversation(
        messages=(*good.messages[:2], bad, *good.messages[3:]),
        partners=good.partners,
        platform=good.platform,
    )
    with session_scope(engine) as s:
        couple = repo.create_couple(session=s, name="kept")
        with pytest.raises(IntegrityError):
            repo.add_conversation(session=s, couple_id=couple.id, conversation=broken)
        # The session is still usable and nothing of the failed upload is in it.
        assert repo.list_conversations(session=s, couple_id=couple.id) == []
        repo.add_conversation(session=s, couple_id=couple.id, conversation=good)
    assert _count(engine, "couples") == 1
    assert _count(engine, "conversations") == 1
    assert _count(engine, "messages") == len(good.messages)


def test_a_failed_transaction_leaves_nothing_at_all(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="crash"), session_scope(engine) as s:
        couple = repo.create_couple(session=s, name="never")
        repo.add_conversation(session=s, couple_id=couple.id, conversation=mixed_conversation())
        raise RuntimeError("crash before commit")
    assert _count(engine, "couples") == 0
    assert _count(engine, "messages") == 0


def test_delete_couple_deletes_everything_of_it_and_nothing_else(engine: Engine) -> None:
    with session_scope(engine) as s:
        gone = full_couple(s, "gone")
        kept = full_couple(s, "kept")
        user = repo.create_user(
            session=s, email="t@x.org", display_name="T", password_hash="h", is_therapist=True
        )
        repo.invite_therapist(session=s, couple_id=gone.id, therapist_id=user.id)
        repo.link_partner_user(session=s, couple_id=gone.id, label="A", user_id=user.id)
        gone_id, kept_id = gone.id, kept.id
    per_couple = {t: _count(engine, t) for t in Base.metadata.tables}
    with session_scope(engine) as s:
        assert repo.delete_couple(session=s, couple_id=gone_id) is True
        assert repo.delete_couple(session=s, couple_id=gone_id) is False
    after = {t: _count(engine, t) for t in Base.metadata.tables}
    assert after["users"] == 1, "accounts are not part of a couple"
    assert after["therapist_links"] == 0
    for table in (
        "couples",
        "quiz_answers",
        "conversations",
        "analyses",
        "plans",
        "journal_entries",
        "checkins",
    ):
        assert after[table] == per_couple[table] - 1, table
    assert after["partners"] == per_couple["partners"] - 2
    assert after["messages"] == per_couple["messages"] - len(mixed_conversation().messages)
    with session_scope(engine) as s:
        assert repo.get_couple(session=s, couple_id=gone_id) is None
        assert len(repo.export_couple(session=s, couple_id=kept_id)["conversations"]) == 1


def test_journal_entries_and_checkins_round_trip_in_time_order(engine: Engine) -> None:
    later = entry(
        day=5,
        topic="money",
        raised_by=Partner.B,
        intensity=9,
        moves_a=(),
        moves_b=(Code.CONTEMPT,),
        ending=Ending.ESCALATED,
        minutes_to_reconnect=None,
        author=None,
    )
    earlier = entry(day=1, occurred_at=datetime.fromisoformat("2024-03-01T21:00:00+02:00"))
    with session_scope(engine) as s:
        couple = repo.create_couple(session=s, name="c")
        stored = repo.add_journal_entry(session=s, couple_id=couple.id, entry=later)
        repo.add_journal_entry(session=s, couple_id=couple.id, entry=earlier)
        repo.add_checkin(session=s, couple_id=couple.id, checkin=checkin())
        repo.add_checkin(
            session=s, couple_id=couple.id, checkin=checkin(partner="A", went=None, done=False)
        )
        couple_id = couple.id
    assert stored.id is not None and replace(stored, id=None) == later
    with session_scope(engine) as s:
        entries = repo.list_journal_entries(session=s, couple_id=couple_id)
        checkins_b = repo.list_checkins(session=s, couple_id=couple_id, partner="B")
        assert repo.count_journal_entries(session=s, couple_id=couple_id) == 2
    assert [replace(e, id=None) for e in entries] == [earlier, later]
    assert entries[0].occurred_at.isoformat() == "2024-03-01T21:00:00+02:00"
    assert [c.partner for c in checkins_b] == [Partner.B]
    with session_scope(engine) as s:
        assert repo.delete_journal_entry(
            session=s, couple_id=couple_id, entry_id=entries[0].id or ""
        )
        assert [e.topic for e in repo.list_journal_entries(session=s, couple_id=couple_id)] == [
            "money"
        ]


def test_the_database_itself_refuses_an_out_of_range_intensity(engine: Engine) -> None:
    # JournalEntry checks this already; the CHECK constraint guards rows written any other way.
    from tandem.store.models import JournalEntryRow, new_id, utcnow

    with pytest.raises(IntegrityError), session_scope(engine) as s:
        couple = repo.create_couple(session=s, name="c")
        s.add(
            JournalEntryRow(
                id=new_id(),
                couple_id=couple.id,
                occurred_at="2024-03-01T10:00",
                topic="t",
                raised_by="A",
                intensity=11,
                moves_a=[],
                moves_b=[],
                ending="resolved",
                notes="",
                created_at=utcnow(),
            )
        )
        s.flush()


def test_writes_to_a_missing_couple_name_the_field(engine: Engine) -> None:
    with session_scope(engine) as s, pytest.raises(InvalidChoice, match="couple_id: no couple"):
        repo.add_journal_entry(session=s, couple_id="nope", entry=entry())


def test_latest_analysis_and_plan_are_the_newest(engine: Engine) -> None:
    with session_scope(engine) as s:
        couple = repo.create_couple(session=s, name="c")
        for i, day in enumerate((3, 1, 2)):
            when = datetime.fromisoformat(f"2024-03-0{day}T12:00:00+00:00")
            repo.add_analysis(session=s, couple_id=couple.id, result={"i": i}, created_at=when)
            repo.add_plan(session=s, couple_id=couple.id, result={"i": i}, created_at=when)
        latest = repo.latest_analysis(session=s, couple_id=couple.id)
        plan = repo.latest_plan(session=s, couple_id=couple.id)
        assert latest is not None and latest.result == {"i": 0}
        assert plan is not None and plan.result == {"i": 0}
        assert repo.latest_plan(session=s, couple_id="other") is None


def test_user_emails_are_unique_ignoring_case(engine: Engine) -> None:
    with session_scope(engine) as s:
        user = repo.create_user(
            session=s, email=" Sam@Example.org ", display_name="Sam", password_hash="x"
        )
        assert repo.get_user_by_email(session=s, email="sam@example.ORG") is user
        with pytest.raises(InvalidChoice, match="email: an account for sam@example.org"):
            repo.create_user(
                session=s, email="SAM@example.org", display_name="S", password_hash="y"
            )
    assert _count(engine, "users") == 1
    with session_scope(engine) as s:
        assert s.scalars(select(UserRow.email)).all() == ["sam@example.org"]


def test_messages_keep_export_order_even_with_equal_times(engine: Engine) -> None:
    same = datetime(2024, 1, 1, 12, 0)
    base = mixed_conversation()
    msgs = tuple(
        Message(
            sender="Sam",
            partner=Partner.A,
            timestamp=same,
            text=str(i),
            kind=MessageKind.TEXT,
            platform=base.platform,
        )
        for i in (3, 1, 2, 0)
    )
    conv = Conversation(messages=msgs, partners=base.partners, platform=base.platform)
    with session_scope(engine) as s:
        couple = repo.create_couple(session=s, name="c")
        conv_id = repo.add_conversation(session=s, couple_id=couple.id, conversation=conv).id
    with session_scope(engine) as s:
        back = repo.get_conversation(session=s, conversation_id=conv_id)
        assert back is not None and [m.text for m in back.messages] == ["3", "1", "2", "0"]
        assert s.scalar(select(func.count()).select_from(MessageRow)) == 4
        assert s.scalar(select(ConversationRow.n_messages)) == 4
