"""The shared vocabulary of Tandem: partners, messages, conversations, behaviour codes, roles.

Every stage of the flow (ingest, coding, analysis, assessment, dynamics, coaching, report,
store, web) speaks in these types. They are frozen dataclasses so a value can be passed
between stages without anyone changing it under another's feet.

Examples
--------
>>> from datetime import datetime
>>> m = Message(sender="Sam", partner=Partner.A, timestamp=datetime(2024, 3, 1, 9, 30),
...             text="are you coming?", kind=MessageKind.TEXT, platform=Platform.WHATSAPP)
>>> conv = Conversation(messages=(m,), partners=("Sam", "Alex"), platform=Platform.WHATSAPP)
>>> conv.name_of(Partner.B)
'Alex'
>>> SIDE_OF[Code.PRESSURE]
<Side.PURSUE: 'pursue'>
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NewType

ConversationId = NewType("ConversationId", str)
"""Identifier of a stored conversation."""
CoupleId = NewType("CoupleId", str)
"""Identifier of a stored couple."""


class Partner(StrEnum):
    """Which of the two partners: ``A`` is the first sender seen, ``B`` the second."""

    A = "A"
    B = "B"

    @property
    def other(self) -> Partner:
        """The other partner."""
        return Partner.B if self is Partner.A else Partner.A


class MessageKind(StrEnum):
    """What a message is, as far as the export tells."""

    TEXT = "text"
    MEDIA = "media"
    STICKER = "sticker"
    SYSTEM = "system"
    DELETED = "deleted"
    CALL = "call"
    REACTION = "reaction"
    SHARE = "share"
    LOCATION = "location"
    CONTACT = "contact"
    POLL = "poll"


class Platform(StrEnum):
    """Where a conversation was exported from."""

    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    MESSENGER = "messenger"
    INSTAGRAM = "instagram"
    IMESSAGE = "imessage"
    SIGNAL = "signal"
    DISCORD = "discord"
    CSV = "csv"
    JSONL = "jsonl"
    TRANSCRIPT = "transcript"


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a conversation, in the order the export gave."""

    sender: str
    """Display name as the export writes it (``""`` for system lines with no sender)."""
    partner: Partner | None
    """Which partner sent it; ``None`` for system lines and senders outside the couple."""
    timestamp: datetime | None
    """When it was sent: timezone-aware where the export says the zone, naive local time where
    it does not, ``None`` where the export has no times (plain transcripts)."""
    text: str
    """The body with its line breaks kept; a placeholder such as ``<Media omitted>`` is kept as
    written so nothing is lost."""
    kind: MessageKind
    """What the message is (text, media, system line, deleted, call, ...)."""
    platform: Platform
    """The export format it came from."""
    edited: bool = False
    """The export marks it as edited."""
    reply_to: str | None = None
    """Text or id of the message it replies to, where the export says so."""
    read_at: datetime | None = None
    """When the other partner read it, where the export keeps read receipts."""

    @property
    def is_from_partner(self) -> bool:
        """Whether one of the two partners sent it (not a system line)."""
        return self.partner is not None and self.kind is not MessageKind.SYSTEM


@dataclass(frozen=True, slots=True)
class Conversation:
    """A chat between the two partners of a couple, ordered as the export gave it."""

    messages: tuple[Message, ...]
    """Every message, system lines included, in export order."""
    partners: tuple[str, str]
    """Display names of partner A and partner B."""
    platform: Platform
    """The export format."""
    source: str = ""
    """File name it was read from (no directories, so a report does not leak paths)."""
    title: str | None = None
    """Chat title where the export has one."""

    def name_of(self, partner: Partner) -> str:
        """Display name of ``partner``."""
        return self.partners[0] if partner is Partner.A else self.partners[1]

    @property
    def start(self) -> datetime | None:
        """Timestamp of the first timed message, if any."""
        return next((m.timestamp for m in self.messages if m.timestamp is not None), None)

    @property
    def end(self) -> datetime | None:
        """Timestamp of the last timed message, if any."""
        return next((m.timestamp for m in reversed(self.messages) if m.timestamp is not None), None)

    @property
    def message_counts(self) -> dict[str, int]:
        """Messages per sender, system lines excluded."""
        return dict(Counter(m.sender for m in self.messages if m.is_from_partner))

    @property
    def kind_counts(self) -> dict[str, int]:
        """Messages per kind."""
        return dict(Counter(m.kind.value for m in self.messages))


class Side(StrEnum):
    """Which side of the cycle a behaviour code belongs to."""

    PURSUE = "pursue"
    DISTANCE = "distance"
    CONSTRUCTIVE = "constructive"
    NEUTRAL = "neutral"


class Code(StrEnum):
    """The thirteen behaviour codes of DESIGN.md (multi-label per message)."""

    CRITICISM = "criticism"
    CONTEMPT = "contempt"
    PRESSURE = "pressure"
    DEFENSIVENESS = "defensiveness"
    DISMISSAL = "dismissal"
    WITHDRAWAL = "withdrawal"
    VULNERABILITY = "vulnerability"
    REQUEST = "request"
    VALIDATION = "validation"
    RESPONSIBILITY = "responsibility"
    TIMEOUT = "timeout"
    REPAIR = "repair"
    NEUTRAL = "neutral"


CODES: tuple[Code, ...] = tuple(Code)
"""All codes in their canonical order (the column order of code matrices)."""

SIDE_OF: dict[Code, Side] = {
    Code.CRITICISM: Side.PURSUE,
    Code.CONTEMPT: Side.PURSUE,
    Code.PRESSURE: Side.PURSUE,
    Code.DEFENSIVENESS: Side.DISTANCE,
    Code.DISMISSAL: Side.DISTANCE,
    Code.WITHDRAWAL: Side.DISTANCE,
    Code.VULNERABILITY: Side.CONSTRUCTIVE,
    Code.REQUEST: Side.CONSTRUCTIVE,
    Code.VALIDATION: Side.CONSTRUCTIVE,
    Code.RESPONSIBILITY: Side.CONSTRUCTIVE,
    Code.TIMEOUT: Side.CONSTRUCTIVE,
    Code.REPAIR: Side.CONSTRUCTIVE,
    Code.NEUTRAL: Side.NEUTRAL,
}
"""The side of the cycle each code belongs to."""


@dataclass(frozen=True, slots=True)
class CodeAssignment:
    """One code given to one message, with how sure the coder is and why."""

    code: Code
    """The behaviour code."""
    confidence: float
    """From 0 to 1."""
    evidence: str
    """The words that triggered it, or the timing fact (e.g. ``"3 messages unanswered"``)."""


@dataclass(frozen=True, slots=True)
class CodedMessage:
    """A message with its codes, highest confidence first."""

    message: Message
    """The message as ingested."""
    codes: tuple[CodeAssignment, ...]
    """Codes, ordered by confidence (highest first); ``neutral`` alone when nothing applies."""

    def has(self, code: Code) -> bool:
        """Whether ``code`` was given."""
        return any(a.code is code for a in self.codes)

    def sides(self) -> frozenset[Side]:
        """The sides of the cycle this message touches."""
        return frozenset(SIDE_OF[a.code] for a in self.codes)


class Role(StrEnum):
    """The role a partner plays in the cycle (describes a pattern, not a person)."""

    PURSUER = "pursuer"
    DISTANCER = "distancer"
    BOTH = "both"
    NEITHER = "neither"


@dataclass(frozen=True, slots=True)
class RoleEstimate:
    """A partner's role, with how sure we are and the reasons in plain words."""

    role: Role
    """The role."""
    confidence: float
    """From 0 (a guess) to 1 (clear)."""
    reasons: tuple[str, ...] = ()
    """Why, in plain words, each naming the measurement behind it."""


@dataclass(frozen=True, slots=True)
class SafetyConcern:
    """Signs that this is not an ordinary pursue-withdraw cycle (threats, fear, intimidation)."""

    evidence: tuple[str, ...]
    """The messages or answers that raised the concern."""
    message: str
    """What we say instead of coaching, with where to find help."""


@dataclass(frozen=True, slots=True)
class CoupleProfile:
    """What Tandem knows about a couple, combined from chat analysis, quiz and journal.

    Each source fills what it can; a field left ``None`` means that source said nothing.
    """

    partners: tuple[str, str]
    """Display names of partner A and partner B."""
    roles: dict[str, RoleEstimate] = field(default_factory=dict)
    """Role per partner name."""
    pursue_rate: dict[str, float] = field(default_factory=dict)
    """Share of each partner's messages (or answers) on the pursue side."""
    distance_rate: dict[str, float] = field(default_factory=dict)
    """Share on the distance side."""
    constructive_rate: dict[str, float] = field(default_factory=dict)
    """Share on the constructive side."""
    code_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per partner, how often each code was seen."""
    loop_gain: float | None = None
    """Product of the two cross-lagged effects; above 1 the loop feeds itself."""
    safety_concern: SafetyConcern | None = None
    """Set when the data shows signs of fear or threats."""
    sources: tuple[str, ...] = ()
    """Which sources contributed: ``"chat"``, ``"quiz"``, ``"journal"``."""
