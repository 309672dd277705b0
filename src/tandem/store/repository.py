"""Reading and writing a couple's data: the only place rows become domain types and back.

Every function is keyword-only and takes the ``session`` explicitly; none commits. The caller
(``session_scope`` or the web app's per-request session) commits once, so a request is all or
nothing. Functions that write many rows at once (``add_conversation``, ``import_couple``) also
run inside a savepoint: if they fail halfway, nothing of theirs stays in the session either.

Examples
--------
>>> from datetime import datetime
>>> from tandem.domain import Code, Ending, JournalEntry, Partner
>>> from tandem.store.db import make_engine, migrate, session_scope
>>> engine = make_engine("sqlite://")
>>> migrate(engine)
>>> with session_scope(engine) as s:
...     couple = create_couple(session=s, name="Sam & Alex", partner_names=("Sam", "Alex"))
...     _ = add_journal_entry(session=s, couple_id=couple.id, entry=JournalEntry(
...         occurred_at=datetime(2024, 3, 1, 21, 0), topic="dishes", raised_by=Partner.A,
...         intensity=6, moves_a=(Code.PRESSURE,), moves_b=(Code.WITHDRAWAL,),
...         ending=Ending.PAUSED, minutes_to_reconnect=40))
>>> with session_scope(engine) as s:
...     [(e.topic, e.intensity) for e in list_journal_entries(session=s, couple_id=couple.id)]
[('dishes', 6)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from tandem.domain import (
    CheckIn,
    Conversation,
    JournalEntry,
    Message,
    MessageKind,
    Partner,
    Platform,
)
from tandem.errors import InvalidChoice, ParseError
from tandem.store.models import (
    AnalysisRow,
    Base,
    CheckInRow,
    ConversationRow,
    CoupleRow,
    JournalEntryRow,
    MessageRow,
    PartnerRow,
    PlanRow,
    QuizAnswersRow,
    TherapistLinkRow,
    UserRow,
    new_id,
    utcnow,
)

Access = Literal["owner", "partner", "therapist"]
"""How a user may see a couple: they own it, they are one of its partners, or its therapist."""

EXPORT_FORMAT = "tandem.couple"
"""The ``format`` field of an export file."""
EXPORT_VERSION = 1
"""The ``version`` field of an export file this code writes and reads."""


# --- small conversions ----------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _from_iso(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _label(value: Partner | str, field_name: str) -> str:
    try:
        return Partner(value).value
    except ValueError:
        raise InvalidChoice(f"must be A or B, got {value!r}", where=field_name) from None


def _require_couple(session: Session, couple_id: str) -> CoupleRow:
    couple = session.get(CoupleRow, couple_id)
    if couple is None:
        raise InvalidChoice(f"no couple with id {couple_id!r}", where="couple_id")
    return couple


# --- users ----------------------------------------------------------------------------------


def _normal_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    *,
    session: Session,
    email: str,
    display_name: str,
    password_hash: str,
    is_therapist: bool = False,
) -> UserRow:
    """Create an account; the e-mail is kept trimmed and lower-cased and must be new.

    Raises
    ------
    InvalidChoice
        When the e-mail is empty or already has an account (``where="email"``).
    """
    normal = _normal_email(email)
    if not normal:
        raise InvalidChoice("must not be empty", where="email")
    if get_user_by_email(session=session, email=normal) is not None:
        raise InvalidChoice(f"an account for {normal} already exists", where="email")
    user = UserRow(
        id=new_id(),
        email=normal,
        display_name=display_name,
        password_hash=password_hash,
        is_therapist=is_therapist,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, user_id: str) -> UserRow | None:
    """The account with this id, or ``None``."""
    return session.get(UserRow, user_id)


def get_user_by_email(*, session: Session, email: str) -> UserRow | None:
    """The account with this e-mail (case and surrounding spaces ignored), or ``None``."""
    return session.scalars(select(UserRow).where(UserRow.email == _normal_email(email))).first()


# --- couples, partners, therapists ----------------------------------------------------------


def create_couple(
    *,
    session: Session,
    name: str,
    owner_id: str | None = None,
    partner_names: tuple[str, str] = ("Partner A", "Partner B"),
    created_at: datetime | None = None,
) -> CoupleRow:
    """Create a couple with its two partners (labels ``A`` and ``B``).

    Parameters
    ----------
    session : Session
        The open session (not committed here).
    name : str
        What the couple is called in lists (not empty).
    owner_id : str, optional
        The account that created it (therapist mode); ``None`` in single-user mode.
    partner_names : tuple of (str, str)
        Display names of partner A and partner B.
    created_at : datetime, optional
        Defaults to now (UTC).
    """
    if not name.strip():
        raise InvalidChoice("must not be empty", where="name")
    couple = CoupleRow(id=new_id(), name=name, owner_id=owner_id, created_at=created_at or utcnow())
    couple.partners = [
        PartnerRow(id=new_id(), label=label, name=partner_name)
        for label, partner_name in zip(("A", "B"), partner_names, strict=True)
    ]
    session.add(couple)
    session.flush()
    return couple


def get_couple(*, session: Session, couple_id: str) -> CoupleRow | None:
    """The couple with this id (partners loaded on access), or ``None``."""
    return session.get(CoupleRow, couple_id)


def list_couples(*, session: Session) -> list[CoupleRow]:
    """Every couple in the database, oldest first (single-user mode)."""
    return list(session.scalars(select(CoupleRow).order_by(CoupleRow.created_at, CoupleRow.id)))


def list_couples_for_user(*, session: Session, user_id: str) -> list[CoupleRow]:
    """The couples ``user_id`` may see: as owner, as a partner, or as an active therapist."""
    as_partner = select(PartnerRow.couple_id).where(PartnerRow.user_id == user_id)
    as_therapist = select(TherapistLinkRow.couple_id).where(
        TherapistLinkRow.therapist_id == user_id, TherapistLinkRow.revoked_at.is_(None)
    )
    query = (
        select(CoupleRow)
        .where(
            or_(
                CoupleRow.owner_id == user_id,
                CoupleRow.id.in_(as_partner),
                CoupleRow.id.in_(as_therapist),
            )
        )
        .order_by(CoupleRow.created_at, CoupleRow.id)
    )
    return list(session.scalars(query))


def delete_couple(*, session: Session, couple_id: str) -> bool:
    """Delete a couple and, through ``ON DELETE CASCADE``, everything recorded about it.

    Returns
    -------
    bool
        Whether there was such a couple.
    """
    session.flush()
    result = session.execute(delete(CoupleRow).where(CoupleRow.id == couple_id))
    session.expire_all()
    return bool(getattr(result, "rowcount", 0))


def get_partner(*, session: Session, couple_id: str, label: Partner | str) -> PartnerRow | None:
    """Partner ``A`` or ``B`` of a couple, or ``None`` if the couple does not exist."""
    query = select(PartnerRow).where(
        PartnerRow.couple_id == couple_id, PartnerRow.label == _label(label, "label")
    )
    return session.scalars(query).first()


def link_partner_user(
    *, session: Session, couple_id: str, label: Partner | str, user_id: str
) -> PartnerRow:
    """Record that account ``user_id`` is partner ``label`` of the couple."""
    partner = get_partner(session=session, couple_id=couple_id, label=label)
    if partner is None:
        _require_couple(session, couple_id)
        raise InvalidChoice(f"the couple has no partner {label!r}", where="label")
    if get_user(session=session, user_id=user_id) is None:
        raise InvalidChoice(f"no account with id {user_id!r}", where="user_id")
    partner.user_id = user_id
    session.flush()
    return partner


def invite_therapist(*, session: Session, couple_id: str, therapist_id: str) -> TherapistLinkRow:
    """Let a therapist see the couple (returns the active link if there is one already).

    Raises
    ------
    InvalidChoice
        When the couple does not exist or the account is not a therapist's.
    """
    _require_couple(session, couple_id)
    therapist = get_user(session=session, user_id=therapist_id)
    if therapist is None or not therapist.is_therapist:
        raise InvalidChoice(f"no therapist account with id {therapist_id!r}", where="therapist_id")
    active = _active_link(session, couple_id, therapist_id)
    if active is not None:
        return active
    link = TherapistLinkRow(
        id=new_id(), couple_id=couple_id, therapist_id=therapist_id, invited_at=utcnow()
    )
    session.add(link)
    session.flush()
    return link


def _active_link(session: Session, couple_id: str, therapist_id: str) -> TherapistLinkRow | None:
    query = select(TherapistLinkRow).where(
        TherapistLinkRow.couple_id == couple_id,
        TherapistLinkRow.therapist_id == therapist_id,
        TherapistLinkRow.revoked_at.is_(None),
    )
    return session.scalars(query).first()


def revoke_therapist(
    *, session: Session, couple_id: str, therapist_id: str, now: datetime | None = None
) -> bool:
    """End a therapist's access to the couple; returns whether they had access."""
    link = _active_link(session, couple_id, therapist_id)
    if link is None:
        return False
    link.revoked_at = now or utcnow()
    session.flush()
    return True


def list_therapist_links(
    *, session: Session, couple_id: str, include_revoked: bool = False
) -> list[TherapistLinkRow]:
    """The couple's therapist links, oldest first (active ones only unless asked)."""
    query = select(TherapistLinkRow).where(TherapistLinkRow.couple_id == couple_id)
    if not include_revoked:
        query = query.where(TherapistLinkRow.revoked_at.is_(None))
    return list(session.scalars(query.order_by(TherapistLinkRow.invited_at, TherapistLinkRow.id)))


def access_of(*, session: Session, user_id: str | None, couple_id: str) -> Access | None:
    """How ``user_id`` may see the couple, or ``None`` if they may not (or it does not exist).

    Owner wins over partner, partner over therapist. A revoked therapist has no access.
    """
    if user_id is None:
        return None
    couple = session.get(CoupleRow, couple_id)
    if couple is None:
        return None
    if couple.owner_id == user_id:
        return "owner"
    partner = session.scalars(
        select(PartnerRow.id).where(
            PartnerRow.couple_id == couple_id, PartnerRow.user_id == user_id
        )
    ).first()
    if partner is not None:
        return "partner"
    if _active_link(session, couple_id, user_id) is not None:
        return "therapist"
    return None


# --- conversations --------------------------------------------------------------------------


def _message_values(conversation_id: str, seq: int, message: Message) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "seq": seq,
        "sender": message.sender,
        "partner": None if message.partner is None else message.partner.value,
        "timestamp": _iso(message.timestamp),
        "kind": message.kind.value,
        "text": message.text,
        "edited": message.edited,
        "reply_to": message.reply_to,
        "read_at": _iso(message.read_at),
    }


def _insert_conversation(
    session: Session,
    *,
    couple_id: str,
    conversation: Conversation,
    conversation_id: str,
    uploaded_at: datetime,
    coder: str = "default",
) -> ConversationRow:
    row = ConversationRow(
        id=conversation_id,
        couple_id=couple_id,
        platform=conversation.platform.value,
        source=conversation.source,
        title=conversation.title,
        partner_a=conversation.partners[0],
        partner_b=conversation.partners[1],
        uploaded_at=uploaded_at,
        n_messages=len(conversation.messages),
        coder=coder,
    )
    session.add(row)
    session.flush()
    values = [_message_values(row.id, i, m) for i, m in enumerate(conversation.messages)]
    if values:
        # The table, not the mapped class: a plain executemany, without the ORM's per-row
        # bookkeeping (about a third faster for 100,000 messages).
        session.execute(insert(Base.metadata.tables["messages"]), values)
    return row


def add_conversation(
    *,
    session: Session,
    couple_id: str,
    conversation: Conversation,
    uploaded_at: datetime | None = None,
    coder: str = "default",
) -> ConversationRow:
    """Store a conversation as its message table, all messages or none.

    ``coder`` names the behaviour coder its reports are made with (kept, not checked here).

    The conversation and its messages are written inside a savepoint: if any message fails (a
    constraint, a lost connection), the savepoint is rolled back and the error raised, so not
    even the conversation row stays behind. Timestamps keep their exact ISO-8601 form, so a
    timezone-aware time and a naive local one come back as they went in.
    """
    _require_couple(session, couple_id)
    with session.begin_nested():
        return _insert_conversation(
            session,
            couple_id=couple_id,
            conversation=conversation,
            conversation_id=new_id(),
            uploaded_at=uploaded_at or utcnow(),
            coder=coder,
        )


def conversation_coder(*, session: Session, conversation_id: str) -> str:
    """The coder chosen for a stored conversation (``"default"`` when it is gone)."""
    row = session.get(ConversationRow, conversation_id)
    return "default" if row is None else row.coder


_MESSAGE_COLUMNS = (
    MessageRow.sender,
    MessageRow.partner,
    MessageRow.timestamp,
    MessageRow.text,
    MessageRow.kind,
    MessageRow.edited,
    MessageRow.reply_to,
    MessageRow.read_at,
)
"""Read as plain tuples: loading 100,000 ORM objects would cost several times more."""


def _message_tuples(session: Session, conversation_id: str) -> Sequence[Any]:
    query = (
        select(*_MESSAGE_COLUMNS)
        .where(MessageRow.conversation_id == conversation_id)
        .order_by(MessageRow.seq)
    )
    return session.execute(query).all()


def get_conversation(*, session: Session, conversation_id: str) -> Conversation | None:
    """The stored conversation as a domain :class:`~tandem.domain.Conversation`, or ``None``."""
    row = session.get(ConversationRow, conversation_id)
    if row is None:
        return None
    platform = Platform(row.platform)
    partners = {None: None, "A": Partner.A, "B": Partner.B}
    kinds = {k.value: k for k in MessageKind}
    from_iso = datetime.fromisoformat
    messages = tuple(
        Message(
            sender=sender,
            partner=partners[partner],
            timestamp=None if timestamp is None else from_iso(timestamp),
            text=text,
            kind=kinds[kind],
            platform=platform,
            edited=bool(edited),
            reply_to=reply_to,
            read_at=None if read_at is None else from_iso(read_at),
        )
        for sender, partner, timestamp, text, kind, edited, reply_to, read_at in _message_tuples(
            session, row.id
        )
    )
    return Conversation(
        messages=messages,
        partners=(row.partner_a, row.partner_b),
        platform=platform,
        source=row.source,
        title=row.title,
    )


def list_conversations(*, session: Session, couple_id: str) -> list[ConversationRow]:
    """The couple's conversations (rows, without messages), oldest upload first."""
    query = (
        select(ConversationRow)
        .where(ConversationRow.couple_id == couple_id)
        .order_by(ConversationRow.uploaded_at, ConversationRow.id)
    )
    return list(session.scalars(query))


def delete_conversation(*, session: Session, conversation_id: str) -> bool:
    """Delete a conversation with its messages and analyses; returns whether it existed."""
    session.flush()
    result = session.execute(delete(ConversationRow).where(ConversationRow.id == conversation_id))
    session.expire_all()
    return bool(getattr(result, "rowcount", 0))


# --- quiz, analyses, plans ------------------------------------------------------------------


def add_quiz_answers(
    *,
    session: Session,
    couple_id: str,
    partner_label: Partner | str,
    respondent_name: str,
    answers: Mapping[str, Any],
    submitted_at: datetime | None = None,
) -> QuizAnswersRow:
    """Store one partner's quiz answers (any JSON object)."""
    _require_couple(session, couple_id)
    row = QuizAnswersRow(
        id=new_id(),
        couple_id=couple_id,
        partner_label=_label(partner_label, "partner_label"),
        respondent_name=respondent_name,
        answers=dict(answers),
        submitted_at=submitted_at or utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def list_quiz_answers(
    *, session: Session, couple_id: str, partner_label: Partner | str | None = None
) -> list[QuizAnswersRow]:
    """The couple's quiz answers, oldest first, optionally of one partner only."""
    query = select(QuizAnswersRow).where(QuizAnswersRow.couple_id == couple_id)
    if partner_label is not None:
        query = query.where(QuizAnswersRow.partner_label == _label(partner_label, "partner_label"))
    return list(session.scalars(query.order_by(QuizAnswersRow.submitted_at, QuizAnswersRow.id)))


def add_analysis(
    *,
    session: Session,
    couple_id: str,
    result: Mapping[str, Any],
    conversation_id: str | None = None,
    created_at: datetime | None = None,
) -> AnalysisRow:
    """Store an analysis result (a JSON object), optionally tied to one conversation."""
    _require_couple(session, couple_id)
    row = AnalysisRow(
        id=new_id(),
        couple_id=couple_id,
        conversation_id=conversation_id,
        created_at=created_at or utcnow(),
        result=dict(result),
    )
    session.add(row)
    session.flush()
    return row


def latest_analysis(
    *, session: Session, couple_id: str, conversation_id: str | None = None
) -> AnalysisRow | None:
    """The newest analysis of the couple (of one conversation if given), or ``None``."""
    query = select(AnalysisRow).where(AnalysisRow.couple_id == couple_id)
    if conversation_id is not None:
        query = query.where(AnalysisRow.conversation_id == conversation_id)
    return session.scalars(query.order_by(AnalysisRow.created_at.desc(), AnalysisRow.id)).first()


def list_analyses(*, session: Session, couple_id: str) -> list[AnalysisRow]:
    """Every analysis of the couple, oldest first."""
    query = select(AnalysisRow).where(AnalysisRow.couple_id == couple_id)
    return list(session.scalars(query.order_by(AnalysisRow.created_at, AnalysisRow.id)))


def add_plan(
    *,
    session: Session,
    couple_id: str,
    result: Mapping[str, Any],
    created_at: datetime | None = None,
) -> PlanRow:
    """Store a plan (a JSON object)."""
    _require_couple(session, couple_id)
    row = PlanRow(
        id=new_id(), couple_id=couple_id, created_at=created_at or utcnow(), result=dict(result)
    )
    session.add(row)
    session.flush()
    return row


def latest_plan(*, session: Session, couple_id: str) -> PlanRow | None:
    """The couple's newest plan, or ``None``."""
    query = select(PlanRow).where(PlanRow.couple_id == couple_id)
    return session.scalars(query.order_by(PlanRow.created_at.desc(), PlanRow.id)).first()


def list_plans(*, session: Session, couple_id: str) -> list[PlanRow]:
    """Every plan of the couple, oldest first."""
    query = select(PlanRow).where(PlanRow.couple_id == couple_id)
    return list(session.scalars(query.order_by(PlanRow.created_at, PlanRow.id)))


# --- journal --------------------------------------------------------------------------------


def _entry_of(row: JournalEntryRow) -> JournalEntry:
    return JournalEntry(
        occurred_at=datetime.fromisoformat(row.occurred_at),
        topic=row.topic,
        raised_by=Partner(row.raised_by),
        intensity=row.intensity,
        moves_a=tuple(row.moves_a),
        moves_b=tuple(row.moves_b),
        ending=row.ending,  # type: ignore[arg-type]  # JournalEntry converts and checks it
        minutes_to_reconnect=row.minutes_to_reconnect,
        notes=row.notes,
        author=None if row.author_label is None else Partner(row.author_label),
        id=row.id,
    )


def _entry_row(
    couple_id: str, entry: JournalEntry, *, entry_id: str, created_at: datetime
) -> JournalEntryRow:
    return JournalEntryRow(
        id=entry_id,
        couple_id=couple_id,
        occurred_at=entry.occurred_at.isoformat(),
        topic=entry.topic,
        raised_by=entry.raised_by.value,
        intensity=entry.intensity,
        moves_a=[c.value for c in entry.moves_a],
        moves_b=[c.value for c in entry.moves_b],
        ending=entry.ending.value,
        minutes_to_reconnect=entry.minutes_to_reconnect,
        notes=entry.notes,
        created_at=created_at,
        author_label=None if entry.author is None else entry.author.value,
    )


def _occurred_key(occurred_at: str) -> str:
    # The wall-clock part of the ISO text: sorts aware and naive times together without
    # comparing them (which Python refuses).
    return occurred_at[:26]


def add_journal_entry(
    *, session: Session, couple_id: str, entry: JournalEntry, created_at: datetime | None = None
) -> JournalEntry:
    """Store a conflict entry; returns it with its new ``id``."""
    _require_couple(session, couple_id)
    row = _entry_row(couple_id, entry, entry_id=new_id(), created_at=created_at or utcnow())
    session.add(row)
    session.flush()
    return _entry_of(row)


def list_journal_entries(*, session: Session, couple_id: str) -> list[JournalEntry]:
    """The couple's conflict entries, in the order they happened."""
    rows = session.scalars(select(JournalEntryRow).where(JournalEntryRow.couple_id == couple_id))
    ordered = sorted(rows, key=lambda r: (_occurred_key(r.occurred_at), r.created_at, r.id))
    return [_entry_of(r) for r in ordered]


def update_journal_entry(
    *, session: Session, couple_id: str, entry_id: str, entry: JournalEntry
) -> JournalEntry | None:
    """Replace what an entry of the couple says; its id and creation time stay.

    Returns the entry as stored, or ``None`` when the couple has no such entry.
    """
    row = session.get(JournalEntryRow, entry_id)
    if row is None or row.couple_id != couple_id:
        return None
    new = _entry_row(couple_id, entry, entry_id=entry_id, created_at=row.created_at)
    for column in _ENTRY_CONTENT:
        setattr(row, column, getattr(new, column))
    session.flush()
    return _entry_of(row)


_ENTRY_CONTENT = (
    "occurred_at",
    "topic",
    "raised_by",
    "intensity",
    "moves_a",
    "moves_b",
    "ending",
    "minutes_to_reconnect",
    "notes",
    "author_label",
)
"""The columns an edit may change."""


def delete_journal_entry(*, session: Session, couple_id: str, entry_id: str) -> bool:
    """Delete one entry of the couple; returns whether it existed."""
    result = session.execute(
        delete(JournalEntryRow).where(
            JournalEntryRow.couple_id == couple_id, JournalEntryRow.id == entry_id
        )
    )
    return bool(getattr(result, "rowcount", 0))


def count_journal_entries(*, session: Session, couple_id: str) -> int:
    """How many conflict entries the couple has."""
    query = select(func.count()).where(JournalEntryRow.couple_id == couple_id)
    return int(session.execute(query).scalar_one())


def _checkin_of(row: CheckInRow) -> CheckIn:
    return CheckIn(
        occurred_at=datetime.fromisoformat(row.occurred_at),
        partner=Partner(row.partner_label),
        step_title=row.step_title,
        done=row.done,
        went=row.went,
        note=row.note,
        id=row.id,
    )


def _checkin_row(
    couple_id: str, checkin: CheckIn, *, checkin_id: str, created_at: datetime
) -> CheckInRow:
    return CheckInRow(
        id=checkin_id,
        couple_id=couple_id,
        partner_label=checkin.partner.value,
        step_title=checkin.step_title,
        done=checkin.done,
        went=checkin.went,
        note=checkin.note,
        occurred_at=checkin.occurred_at.isoformat(),
        created_at=created_at,
    )


def add_checkin(
    *, session: Session, couple_id: str, checkin: CheckIn, created_at: datetime | None = None
) -> CheckIn:
    """Store a practice check-in; returns it with its new ``id``."""
    _require_couple(session, couple_id)
    row = _checkin_row(couple_id, checkin, checkin_id=new_id(), created_at=created_at or utcnow())
    session.add(row)
    session.flush()
    return _checkin_of(row)


def list_checkins(
    *, session: Session, couple_id: str, partner: Partner | str | None = None
) -> list[CheckIn]:
    """The couple's check-ins in the order they happened, optionally of one partner."""
    query = select(CheckInRow).where(CheckInRow.couple_id == couple_id)
    if partner is not None:
        query = query.where(CheckInRow.partner_label == _label(partner, "partner"))
    rows = session.scalars(query)
    ordered = sorted(rows, key=lambda r: (_occurred_key(r.occurred_at), r.created_at, r.id))
    return [_checkin_of(r) for r in ordered]


# --- export and import ----------------------------------------------------------------------


def export_couple(*, session: Session, couple_id: str) -> dict[str, Any]:
    """Everything recorded about a couple, as one JSON-ready dict.

    Accounts are not part of it (no e-mails, password hashes, owner or therapist links): an
    export is the couple's data, to carry to another machine or keep. Lists are in a fixed
    order, so exporting the same data twice gives the same file.

    Raises
    ------
    InvalidChoice
        When there is no such couple.
    """
    couple = _require_couple(session, couple_id)
    partners = sorted(couple.partners, key=lambda p: p.label)
    conversations = []
    for conv in list_conversations(session=session, couple_id=couple_id):
        messages = _message_tuples(session, conv.id)
        conversations.append(
            {
                "id": conv.id,
                "platform": conv.platform,
                "source": conv.source,
                "title": conv.title,
                "partners": [conv.partner_a, conv.partner_b],
                "uploaded_at": _iso(conv.uploaded_at),
                "coder": conv.coder,
                "messages": [
                    {
                        "sender": m.sender,
                        "partner": m.partner,
                        "timestamp": m.timestamp,
                        "kind": m.kind,
                        "text": m.text,
                        "edited": bool(m.edited),
                        "reply_to": m.reply_to,
                        "read_at": m.read_at,
                    }
                    for m in messages
                ],
            }
        )
    journal = session.scalars(select(JournalEntryRow).where(JournalEntryRow.couple_id == couple_id))
    checkins = session.scalars(select(CheckInRow).where(CheckInRow.couple_id == couple_id))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "couple": {"id": couple.id, "name": couple.name, "created_at": _iso(couple.created_at)},
        "partners": [{"id": p.id, "label": p.label, "name": p.name} for p in partners],
        "quiz_answers": [
            {
                "id": q.id,
                "partner_label": q.partner_label,
                "respondent_name": q.respondent_name,
                "answers": q.answers,
                "submitted_at": _iso(q.submitted_at),
            }
            for q in list_quiz_answers(session=session, couple_id=couple_id)
        ],
        "conversations": conversations,
        "analyses": [
            {
                "id": a.id,
                "conversation_id": a.conversation_id,
                "created_at": _iso(a.created_at),
                "result": a.result,
            }
            for a in list_analyses(session=session, couple_id=couple_id)
        ],
        "plans": [
            {"id": p.id, "created_at": _iso(p.created_at), "result": p.result}
            for p in list_plans(session=session, couple_id=couple_id)
        ],
        "journal_entries": [
            {
                "id": j.id,
                "occurred_at": j.occurred_at,
                "topic": j.topic,
                "raised_by": j.raised_by,
                "intensity": j.intensity,
                "moves_a": list(j.moves_a),
                "moves_b": list(j.moves_b),
                "ending": j.ending,
                "minutes_to_reconnect": j.minutes_to_reconnect,
                "notes": j.notes,
                "author_label": j.author_label,
                "created_at": _iso(j.created_at),
            }
            for j in sorted(journal, key=lambda r: r.id)
        ],
        "checkins": [
            {
                "id": c.id,
                "partner_label": c.partner_label,
                "step_title": c.step_title,
                "done": c.done,
                "went": c.went,
                "note": c.note,
                "occurred_at": c.occurred_at,
                "created_at": _iso(c.created_at),
            }
            for c in sorted(checkins, key=lambda r: r.id)
        ],
    }


_CODER_NAME = re.compile(r"[a-z_]{1,16}")
"""What a stored coder name looks like (the column holds 16 characters)."""


def _coder_of(read: _Reader, conversation: Any, where: str) -> str:
    # Exports written before the coder was kept have no such field: the default read them.
    if "coder" not in conversation:
        return "default"
    name: str = read.get(conversation, "coder", where, str)
    if not _CODER_NAME.fullmatch(name):
        raise ParseError(f"not a coder name: {name[:40]!r}", where=f"{read.source}: {where}.coder")
    return name


class _Reader:
    """Reads fields of an export, turning a missing or mistyped field into a ParseError."""

    def __init__(self, source: str) -> None:
        self.source = source

    def get(self, obj: Any, key: str, where: str, kinds: type | tuple[type, ...]) -> Any:
        if type(obj) is not dict and not isinstance(obj, Mapping):
            raise ParseError("expected an object", where=f"{self.source}: {where}")
        try:
            value = obj[key]
        except KeyError:
            raise ParseError(f"missing field {key!r}", where=f"{self.source}: {where}") from None
        if type(value) is str and (kinds is str or (type(kinds) is tuple and str in kinds)):
            return value
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
            names = " or ".join(k.__name__ for k in _tuple(kinds))
            raise ParseError(
                f"{key} must be {names}, got {type(value).__name__}",
                where=f"{self.source}: {where}.{key}",
            )
        return value

    def items(self, obj: Any, key: str) -> Sequence[Any]:
        value = self.get(obj, key, "$", list)
        return list(value)

    def time(self, obj: Any, key: str, where: str, *, optional: bool = False) -> datetime | None:
        kinds: tuple[type, ...] = (str, type(None)) if optional else (str,)
        text = self.get(obj, key, where, kinds)
        if text is None:
            return None
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise ParseError(
                f"not an ISO-8601 time: {text!r}", where=f"{self.source}: {where}.{key}"
            ) from None


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


_OPT_STR = (str, type(None))
_OPT_INT = (int, type(None))


def import_couple(
    *,
    session: Session,
    data: Mapping[str, Any],
    owner_id: str | None = None,
    new_ids: bool = False,
    source: str = "import",
) -> CoupleRow:
    """Store a couple from an :func:`export_couple` dict, all of it or nothing.

    Parameters
    ----------
    session : Session
        The open session (not committed here).
    data : mapping
        What :func:`export_couple` returned (read back from JSON).
    owner_id : str, optional
        The account to own the imported couple.
    new_ids : bool, default False
        Give every row a fresh id (to import a copy next to the original). By default ids are
        kept, so export → import → export gives the same file.
    source : str
        Named in error messages (the file name).

    Raises
    ------
    ParseError
        When a field is missing, has the wrong type or a bad value; ``where`` names it.
    InvalidChoice
        When a couple with the same id is already stored (and ``new_ids`` is False).
    """
    read = _Reader(source)
    if read.get(data, "format", "$", str) != EXPORT_FORMAT:
        raise ParseError(
            f"not a Tandem couple export (format {data.get('format')!r})", where=source
        )
    version = read.get(data, "version", "$", int)
    if version != EXPORT_VERSION:
        raise ParseError(
            f"export version {version} is not supported (this Tandem reads {EXPORT_VERSION})",
            where=source,
        )
    couple_data = read.get(data, "couple", "$", Mapping)

    def fresh(old: str) -> str:
        return new_id() if new_ids else old

    couple_id = fresh(read.get(couple_data, "id", "$.couple", str))
    if session.get(CoupleRow, couple_id) is not None:
        raise InvalidChoice(
            f"a couple with id {couple_id} is already stored; delete it first or import a copy",
            where=source,
        )
    with session.begin_nested():
        couple = CoupleRow(
            id=couple_id,
            name=read.get(couple_data, "name", "$.couple", str),
            created_at=_must(read.time(couple_data, "created_at", "$.couple")),
            owner_id=owner_id,
        )
        partner_items = read.items(data, "partners")
        labels = []
        for i, p in enumerate(partner_items):
            where = f"$.partners[{i}]"
            label = read.get(p, "label", where, str)
            if label not in ("A", "B"):
                raise ParseError(f"label must be A or B, got {label!r}", where=f"{source}: {where}")
            labels.append(label)
            couple.partners.append(
                PartnerRow(
                    id=fresh(read.get(p, "id", where, str)),
                    label=label,
                    name=read.get(p, "name", where, str),
                )
            )
        if sorted(labels) != ["A", "B"]:
            raise ParseError(
                f"expected partners A and B, got {labels}", where=f"{source}: $.partners"
            )
        session.add(couple)
        session.flush()

        for i, q in enumerate(read.items(data, "quiz_answers")):
            where = f"$.quiz_answers[{i}]"
            label = read.get(q, "partner_label", where, str)
            if label not in ("A", "B"):
                raise ParseError(f"must be A or B, got {label!r}", where=f"{source}: {where}")
            session.add(
                QuizAnswersRow(
                    id=fresh(read.get(q, "id", where, str)),
                    couple_id=couple_id,
                    partner_label=label,
                    respondent_name=read.get(q, "respondent_name", where, str),
                    answers=read.get(q, "answers", where, Mapping),
                    submitted_at=_must(read.time(q, "submitted_at", where)),
                )
            )

        conversation_ids: dict[str, str] = {}
        for i, c in enumerate(read.items(data, "conversations")):
            where = f"$.conversations[{i}]"
            names = read.get(c, "partners", where, list)
            if len(names) != 2 or not all(isinstance(n, str) for n in names):
                raise ParseError("partners must be two names", where=f"{source}: {where}.partners")
            try:
                platform = Platform(read.get(c, "platform", where, str))
            except ValueError as error:
                raise ParseError(str(error), where=f"{source}: {where}.platform") from None
            messages = []
            for k, m in enumerate(read.get(c, "messages", where, list)):
                mw = f"{where}.messages[{k}]"
                partner = read.get(m, "partner", mw, _OPT_STR)
                try:
                    messages.append(
                        Message(
                            sender=read.get(m, "sender", mw, str),
                            partner=None if partner is None else Partner(partner),
                            timestamp=read.time(m, "timestamp", mw, optional=True),
                            text=read.get(m, "text", mw, str),
                            kind=MessageKind(read.get(m, "kind", mw, str)),
                            platform=platform,
                            edited=read.get(m, "edited", mw, bool),
                            reply_to=read.get(m, "reply_to", mw, _OPT_STR),
                            read_at=read.time(m, "read_at", mw, optional=True),
                        )
                    )
                except ValueError as error:
                    raise ParseError(str(error), where=f"{source}: {mw}") from None
            old_id = read.get(c, "id", where, str)
            conversation_ids[old_id] = fresh(old_id)
            conversation = Conversation(
                messages=tuple(messages),
                partners=(names[0], names[1]),
                platform=platform,
                source=read.get(c, "source", where, str),
                title=read.get(c, "title", where, _OPT_STR),
            )
            _insert_conversation(
                session,
                couple_id=couple_id,
                conversation=conversation,
                conversation_id=conversation_ids[old_id],
                uploaded_at=_must(read.time(c, "uploaded_at", where)),
                coder=_coder_of(read, c, where),
            )

        for i, a in enumerate(read.items(data, "analyses")):
            where = f"$.analyses[{i}]"
            conv_id = read.get(a, "conversation_id", where, _OPT_STR)
            if conv_id is not None and conv_id not in conversation_ids:
                raise ParseError(
                    f"names conversation {conv_id!r}, which is not in the file",
                    where=f"{source}: {where}.conversation_id",
                )
            session.add(
                AnalysisRow(
                    id=fresh(read.get(a, "id", where, str)),
                    couple_id=couple_id,
                    conversation_id=None if conv_id is None else conversation_ids[conv_id],
                    created_at=_must(read.time(a, "created_at", where)),
                    result=read.get(a, "result", where, Mapping),
                )
            )
        for i, p in enumerate(read.items(data, "plans")):
            where = f"$.plans[{i}]"
            session.add(
                PlanRow(
                    id=fresh(read.get(p, "id", where, str)),
                    couple_id=couple_id,
                    created_at=_must(read.time(p, "created_at", where)),
                    result=read.get(p, "result", where, Mapping),
                )
            )
        for i, j in enumerate(read.items(data, "journal_entries")):
            where = f"$.journal_entries[{i}]"
            try:
                entry = JournalEntry(
                    occurred_at=_must(read.time(j, "occurred_at", where)),
                    topic=read.get(j, "topic", where, str),
                    raised_by=read.get(j, "raised_by", where, str),
                    intensity=read.get(j, "intensity", where, int),
                    moves_a=tuple(read.get(j, "moves_a", where, list)),
                    moves_b=tuple(read.get(j, "moves_b", where, list)),
                    ending=read.get(j, "ending", where, str),
                    minutes_to_reconnect=read.get(j, "minutes_to_reconnect", where, _OPT_INT),
                    notes=read.get(j, "notes", where, str),
                    author=read.get(j, "author_label", where, _OPT_STR),
                )
            except InvalidChoice as error:
                raise ParseError(error.what, where=f"{source}: {where}.{error.where}") from None
            row = _entry_row(
                couple_id,
                entry,
                entry_id=fresh(read.get(j, "id", where, str)),
                created_at=_must(read.time(j, "created_at", where)),
            )
            # Keep the exact text of the time (``isoformat`` of the parsed value is the same
            # text for anything ``export_couple`` wrote).
            row.occurred_at = read.get(j, "occurred_at", where, str)
            session.add(row)
        for i, c in enumerate(read.items(data, "checkins")):
            where = f"$.checkins[{i}]"
            try:
                checkin = CheckIn(
                    occurred_at=_must(read.time(c, "occurred_at", where)),
                    partner=read.get(c, "partner_label", where, str),
                    step_title=read.get(c, "step_title", where, str),
                    done=read.get(c, "done", where, bool),
                    went=read.get(c, "went", where, _OPT_INT),
                    note=read.get(c, "note", where, str),
                )
            except InvalidChoice as error:
                raise ParseError(error.what, where=f"{source}: {where}.{error.where}") from None
            crow = _checkin_row(
                couple_id,
                checkin,
                checkin_id=fresh(read.get(c, "id", where, str)),
                created_at=_must(read.time(c, "created_at", where)),
            )
            crow.occurred_at = read.get(c, "occurred_at", where, str)
            session.add(crow)
        session.flush()
    return couple


def _must(value: datetime | None) -> datetime:
    if value is None:  # pragma: no cover - read.time without optional never returns None
        raise ParseError("missing time")
    return value
