"""Export → import → export gives the same data, for any couple (hypothesis), on both backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tandem.domain import (
    CODES,
    CheckIn,
    Conversation,
    Ending,
    JournalEntry,
    Message,
    MessageKind,
    Partner,
    Platform,
)
from tandem.errors import InvalidChoice, ParseError
from tandem.store import repository as repo
from tandem.store.db import session_scope

from ._factories import full_couple

# PostgreSQL text cannot hold NUL and UTF-8 cannot hold lone surrogates: a chat export never
# has either, so the generated text leaves them out.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
NAMES = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)
ZONES = st.one_of(
    st.none(),
    st.just(UTC),
    st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m))),
)
TIMES = st.builds(
    lambda dt, tz: dt.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    ZONES,
)
UTC_TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | TEXT
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)
JSON_OBJECTS = st.dictionaries(TEXT, JSON_VALUES, max_size=4)


@st.composite
def conversations(draw: st.DrawFn) -> Conversation:
    platform = draw(st.sampled_from(Platform))
    messages = draw(
        st.lists(
            st.builds(
                Message,
                sender=TEXT,
                partner=st.sampled_from([None, Partner.A, Partner.B]),
                timestamp=st.none() | TIMES,
                text=TEXT,
                kind=st.sampled_from(MessageKind),
                platform=st.just(platform),
                edited=st.booleans(),
                reply_to=st.none() | TEXT,
                read_at=st.none() | TIMES,
            ),
            max_size=8,
        )
    )
    return Conversation(
        messages=tuple(messages),
        partners=(draw(NAMES), draw(NAMES)),
        platform=platform,
        source=draw(TEXT),
        title=draw(st.none() | TEXT),
    )


CODE_LISTS = st.lists(st.sampled_from(CODES), max_size=5).map(tuple)
ENTRIES = st.builds(
    JournalEntry,
    occurred_at=TIMES,
    topic=NAMES.filter(lambda t: t.strip() != ""),
    raised_by=st.sampled_from(Partner),
    intensity=st.integers(1, 10),
    moves_a=CODE_LISTS,
    moves_b=CODE_LISTS,
    ending=st.sampled_from(Ending),
    minutes_to_reconnect=st.none() | st.integers(0, 10_000),
    notes=TEXT,
    author=st.none() | st.sampled_from(Partner),
)
CHECKINS = st.builds(
    CheckIn,
    occurred_at=TIMES,
    partner=st.sampled_from(Partner),
    step_title=NAMES.filter(lambda t: t.strip() != ""),
    done=st.booleans(),
    went=st.none() | st.integers(1, 5),
    note=TEXT,
)


@st.composite
def couples(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": draw(NAMES.filter(lambda t: t.strip() != "")),
        "partners": (draw(NAMES), draw(NAMES)),
        "created_at": draw(UTC_TIMES),
        "conversations": draw(
            st.lists(
                st.tuples(conversations(), st.sampled_from(["default", "contextual", "rules"])),
                max_size=2,
            )
        ),
        "quiz": draw(
            st.lists(st.tuples(st.sampled_from("AB"), NAMES, JSON_OBJECTS, UTC_TIMES), max_size=2)
        ),
        "analyses": draw(st.lists(st.tuples(JSON_OBJECTS, UTC_TIMES, st.booleans()), max_size=2)),
        "plans": draw(st.lists(st.tuples(JSON_OBJECTS, UTC_TIMES), max_size=2)),
        "entries": draw(st.lists(ENTRIES, max_size=4)),
        "checkins": draw(st.lists(CHECKINS, max_size=3)),
    }


def _store(session: Any, spec: dict[str, Any]) -> str:
    couple = repo.create_couple(
        session=session,
        name=spec["name"],
        partner_names=spec["partners"],
        created_at=spec["created_at"],
    )
    conv_ids = [
        repo.add_conversation(session=session, couple_id=couple.id, conversation=c, coder=coder).id
        for c, coder in spec["conversations"]
    ]
    for label, name, answers, when in spec["quiz"]:
        repo.add_quiz_answers(
            session=session,
            couple_id=couple.id,
            partner_label=label,
            respondent_name=name,
            answers=answers,
            submitted_at=when,
        )
    for result, when, tied in spec["analyses"]:
        repo.add_analysis(
            session=session,
            couple_id=couple.id,
            result=result,
            created_at=when,
            conversation_id=conv_ids[0] if tied and conv_ids else None,
        )
    for result, when in spec["plans"]:
        repo.add_plan(session=session, couple_id=couple.id, result=result, created_at=when)
    for e in spec["entries"]:
        repo.add_journal_entry(session=session, couple_id=couple.id, entry=e)
    for c in spec["checkins"]:
        repo.add_checkin(session=session, couple_id=couple.id, checkin=c)
    return couple.id


def _as_file(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=couples())
def test_export_import_export_is_identical(engine: Engine, spec: dict[str, Any]) -> None:
    with session_scope(engine) as s:
        couple_id = _store(s, spec)
    with session_scope(engine) as s:
        first = _as_file(repo.export_couple(session=s, couple_id=couple_id))
        # Conversations come back exactly as they went in, too.
        for conv_row, (conv, coder) in zip(
            repo.list_conversations(session=s, couple_id=couple_id),
            spec["conversations"],
            strict=True,
        ):
            assert repo.get_conversation(session=s, conversation_id=conv_row.id) == conv
            assert conv_row.coder == coder  # the reading chosen at upload is kept
        repo.delete_couple(session=s, couple_id=couple_id)
    with session_scope(engine) as s:
        repo.import_couple(session=s, data=json.loads(first))
    with session_scope(engine) as s:
        second = _as_file(repo.export_couple(session=s, couple_id=couple_id))
        repo.delete_couple(session=s, couple_id=couple_id)
    assert second == first


def test_import_refuses_a_couple_already_stored_unless_a_copy(engine: Engine) -> None:
    with session_scope(engine) as s:
        couple_id = full_couple(s).id
        data = json.loads(_as_file(repo.export_couple(session=s, couple_id=couple_id)))
    with session_scope(engine) as s, pytest.raises(InvalidChoice, match="already stored"):
        repo.import_couple(session=s, data=data)
    with session_scope(engine) as s:
        copy = repo.import_couple(session=s, data=data, new_ids=True)
        again = repo.export_couple(session=s, couple_id=copy.id)
    assert copy.id != couple_id
    assert again["conversations"][0]["messages"] == data["conversations"][0]["messages"]
    assert again["analyses"][0]["conversation_id"] == again["conversations"][0]["id"]


def test_an_export_from_before_the_coder_choice_imports_as_the_default(engine: Engine) -> None:
    with session_scope(engine) as s:
        couple_id = full_couple(s).id
        data = repo.export_couple(session=s, couple_id=couple_id)
    for conversation in data["conversations"]:
        del conversation["coder"]
    with session_scope(engine) as s:
        copy = repo.import_couple(session=s, data=data, new_ids=True)
        rows = repo.list_conversations(session=s, couple_id=copy.id)
    assert rows and {row.coder for row in rows} == {"default"}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("format",), "other", "not a Tandem couple export"),
        (("journal_entries", 0, "intensity"), 12, r"\$\.journal_entries\[0\]\.intensity"),
        (("journal_entries", 0, "moves_a"), ["shouting"], r"moves_a: unknown behaviour code"),
        (("conversations", 0, "messages", 1, "timestamp"), "yesterday", "not an ISO-8601 time"),
        (("checkins", 0, "done"), "yes", r"\$\.checkins\[0\]\.done: done must be bool"),
        (("partners", 1, "label"), "C", "label must be A or B"),
        (("conversations", 0, "coder"), "x" * 40, r"\$\.conversations\[0\]\.coder"),
    ],
    ids=["format", "intensity", "code", "timestamp", "done", "label", "coder"],
)
def test_a_broken_file_names_the_field_and_stores_nothing(
    engine: Engine, path: tuple[Any, ...], value: Any, message: str
) -> None:
    with session_scope(engine) as s:
        couple_id = full_couple(s).id
        data = json.loads(_as_file(repo.export_couple(session=s, couple_id=couple_id)))
        repo.delete_couple(session=s, couple_id=couple_id)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with session_scope(engine) as s:
        with pytest.raises(ParseError, match=message):
            repo.import_couple(session=s, data=data, source="us.json")
        assert repo.list_couples(session=s) == []
