"""The database rows of Tandem (SQLAlchemy 2, typed ``Mapped[...]``).

Rows are not domain types: only :mod:`tandem.store.repository` converts between the two.
Identifiers are uuid4 hex strings, except ``messages.id`` (an integer, there are many).
Every table that belongs to a couple references ``couples.id`` with ``ON DELETE CASCADE``
(messages go through their conversation), so deleting a couple deletes all of its data.

Timestamps the user or an export gave (a message's time, when a conflict happened) are kept as
ISO-8601 text, which keeps a timezone-aware value and a naive local one apart exactly on every
backend. Timestamps Tandem itself makes (``created_at``, ``uploaded_at``) are UTC.

Examples
--------
>>> sorted(Base.metadata.tables)[:4]
['analyses', 'checkins', 'conversations', 'couples']
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names, fixed so migrations can refer to them on every backend."""


def new_id() -> str:
    """A fresh identifier: 32 lowercase hex digits of a uuid4."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and read back as aware UTC on every backend.

    SQLite has no timezone type and PostgreSQL's would convert to the session zone; storing
    naive UTC and attaching UTC on the way out gives the same value everywhere.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        """Convert an aware value to naive UTC (a naive value is taken as UTC already)."""
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        """Attach UTC to the stored naive value."""
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of every row class; its ``metadata`` is what Alembic compares against."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


_ID = String(32)
_CASCADE = "CASCADE"


def _couple_fk() -> Mapped[str]:
    return mapped_column(_ID, ForeignKey("couples.id", ondelete=_CASCADE), index=True)


class UserRow(Base):
    """An account (therapist mode): a partner or a therapist who logs in."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(500))
    is_therapist: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CoupleRow(Base):
    """A couple: two partners and everything recorded about them."""

    __tablename__ = "couples"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    owner_id: Mapped[str | None] = mapped_column(
        _ID, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    partners: Mapped[list[PartnerRow]] = relationship(
        back_populates="couple",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PartnerRow.label",
    )


class PartnerRow(Base):
    """One of the two partners of a couple (label ``A`` or ``B``)."""

    __tablename__ = "partners"
    __table_args__ = (
        UniqueConstraint("couple_id", "label", name="uq_partners_couple_id_label"),
        CheckConstraint("label IN ('A', 'B')", name="label_a_or_b"),
    )

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    label: Mapped[str] = mapped_column(String(1))
    name: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str | None] = mapped_column(
        _ID, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    couple: Mapped[CoupleRow] = relationship(back_populates="partners")


class TherapistLinkRow(Base):
    """A therapist invited to see a couple; ``revoked_at`` set once the couple revokes it."""

    __tablename__ = "therapist_links"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    therapist_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("users.id", ondelete=_CASCADE), index=True
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QuizAnswersRow(Base):
    """One partner's answers to the quiz (raw answers are shown to nobody but their author)."""

    __tablename__ = "quiz_answers"
    __table_args__ = (CheckConstraint("partner_label IN ('A', 'B')", name="label_a_or_b"),)

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    partner_label: Mapped[str] = mapped_column(String(1))
    respondent_name: Mapped[str] = mapped_column(String(200))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConversationRow(Base):
    """An uploaded chat, kept as its message table (not the raw file)."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    platform: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str | None] = mapped_column(Text)
    partner_a: Mapped[str] = mapped_column(Text)
    partner_b: Mapped[str] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    n_messages: Mapped[int] = mapped_column(Integer, default=0)
    coder: Mapped[str] = mapped_column(String(16), default="default", server_default="default")
    """Which behaviour coder reads it (``tandem.coding.CODERS`` or ``default``), chosen at upload,
    so every later report and plan of this chat is coded the same way."""

    messages: Mapped[list[MessageRow]] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MessageRow.seq",
    )


class MessageRow(Base):
    """One message of a stored conversation; ``seq`` is its position in the export."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq", name="uq_messages_conversation_id_seq"),
        CheckConstraint("partner IS NULL OR partner IN ('A', 'B')", name="partner_a_or_b"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        _ID, ForeignKey("conversations.id", ondelete=_CASCADE), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(Text)
    partner: Mapped[str | None] = mapped_column(String(1))
    timestamp: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_to: Mapped[str | None] = mapped_column(Text)
    read_at: Mapped[str | None] = mapped_column(String(40))

    conversation: Mapped[ConversationRow] = relationship(back_populates="messages")


class AnalysisRow(Base):
    """A stored analysis result (JSON), optionally of one conversation."""

    __tablename__ = "analyses"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    conversation_id: Mapped[str | None] = mapped_column(
        _ID, ForeignKey("conversations.id", ondelete=_CASCADE), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanRow(Base):
    """A stored plan (JSON)."""

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class JournalEntryRow(Base):
    """A conflict entry of the journal (see :class:`tandem.domain.JournalEntry`)."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        CheckConstraint("intensity BETWEEN 1 AND 10", name="intensity_1_to_10"),
        CheckConstraint("raised_by IN ('A', 'B')", name="raised_by_a_or_b"),
        CheckConstraint(
            "minutes_to_reconnect IS NULL OR minutes_to_reconnect >= 0",
            name="minutes_not_negative",
        ),
        Index("ix_journal_entries_couple_occurred", "couple_id", "occurred_at"),
    )

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    occurred_at: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(String(1))
    intensity: Mapped[int] = mapped_column(Integer)
    moves_a: Mapped[list[Any]] = mapped_column(JSON)
    moves_b: Mapped[list[Any]] = mapped_column(JSON)
    ending: Mapped[str] = mapped_column(String(32))
    minutes_to_reconnect: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_label: Mapped[str | None] = mapped_column(String(1))


class CheckInRow(Base):
    """A practice check-in (see :class:`tandem.domain.CheckIn`)."""

    __tablename__ = "checkins"
    __table_args__ = (
        CheckConstraint("partner_label IN ('A', 'B')", name="label_a_or_b"),
        CheckConstraint("went IS NULL OR went BETWEEN 1 AND 5", name="went_1_to_5"),
    )

    id: Mapped[str] = mapped_column(_ID, primary_key=True, default=new_id)
    couple_id: Mapped[str] = _couple_fk()
    partner_label: Mapped[str] = mapped_column(String(1))
    step_title: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean)
    went: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
