"""Builders of realistic store data for the store tests (real domain types, no mocks)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy.orm import Session

from tandem.domain import (
    CheckIn,
    Code,
    Conversation,
    Ending,
    JournalEntry,
    Message,
    MessageKind,
    Partner,
    Platform,
)
from tandem.store import repository as repo
from tandem.store.models import CoupleRow

IST = timezone(timedelta(hours=5, minutes=30))
BRT = timezone(timedelta(hours=-3))


def mixed_conversation() -> Conversation:
    """A chat mixing aware and naive times, no time, multi-line text and every optional field."""
    wa = Platform.WHATSAPP

    def msg(sender: str, partner: Partner | None, ts: datetime | None, text: str, **kw: object):
        return Message(
            sender=sender,
            partner=partner,
            timestamp=ts,
            text=text,
            kind=kw.pop("kind", MessageKind.TEXT),  # type: ignore[arg-type]
            platform=wa,
            **kw,  # type: ignore[arg-type]
        )

    return Conversation(
        messages=(
            msg("", None, datetime(2024, 3, 1, 9, 0), "Sam created group", kind=MessageKind.SYSTEM),
            msg(
                "Sam",
                Partner.A,
                datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=IST),
                "are you coming?\nI waited\r\nagain  ",
            ),
            msg("Alex", Partner.B, datetime(2024, 3, 1, 9, 31), "whatever", edited=True),
            msg(
                "Alex",
                Partner.B,
                datetime(2024, 3, 1, 4, 1, tzinfo=UTC),
                "<Media omitted>",
                kind=MessageKind.MEDIA,
                read_at=datetime(2024, 3, 1, 4, 5, tzinfo=BRT),
            ),
            msg("Sam", Partner.A, None, "", reply_to="whatever"),
            msg(
                "Sam 🌻-x",
                Partner.A,
                datetime(2024, 3, 1, 23, 59, 59, tzinfo=BRT),
                "I miss you: can we talk 🙂\n\n\ttonight?",
                read_at=datetime(2024, 3, 2, 0, 0, 1),
            ),
        ),
        partners=("Sam", "Alex"),
        platform=wa,
        source="chat.txt",
        title="Us",
    )


def entry(day: int = 1, **overrides: object) -> JournalEntry:
    values: dict[str, object] = {
        "occurred_at": datetime(2024, 3, day, 21, 0),
        "topic": "dishes",
        "raised_by": Partner.A,
        "intensity": 6,
        "moves_a": (Code.PRESSURE, Code.CRITICISM),
        "moves_b": (Code.WITHDRAWAL,),
        "ending": Ending.PAUSED,
        "minutes_to_reconnect": 45,
        "notes": "started in the kitchen\nended on the sofa",
        "author": Partner.A,
    }
    values.update(overrides)
    return JournalEntry(**values)  # type: ignore[arg-type]


def checkin(day: int = 2, **overrides: object) -> CheckIn:
    values: dict[str, object] = {
        "occurred_at": datetime(2024, 3, day, 8, 0, tzinfo=UTC),
        "partner": Partner.B,
        "step_title": "Announce a break with a return time",
        "done": True,
        "went": 4,
        "note": "said I'd be back at 9",
    }
    values.update(overrides)
    return CheckIn(**values)  # type: ignore[arg-type]


def full_couple(session: Session, name: str = "Sam & Alex") -> CoupleRow:
    """A couple with one of everything the store keeps."""
    couple = repo.create_couple(session=session, name=name, partner_names=("Sam", "Alex"))
    conv = repo.add_conversation(
        session=session, couple_id=couple.id, conversation=mixed_conversation()
    )
    repo.add_quiz_answers(
        session=session,
        couple_id=couple.id,
        partner_label="A",
        respondent_name="Sam",
        answers={"q1": 4, "q2": [1, 2], "note": "ünïcode"},
    )
    repo.add_analysis(
        session=session, couple_id=couple.id, conversation_id=conv.id, result={"loop_gain": 1.25}
    )
    repo.add_plan(session=session, couple_id=couple.id, result={"steps": [{"title": "pause"}]})
    repo.add_journal_entry(session=session, couple_id=couple.id, entry=entry())
    repo.add_checkin(session=session, couple_id=couple.id, checkin=checkin())
    return couple
