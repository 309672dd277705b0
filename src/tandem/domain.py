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
    UNCLEAR = "unclear"
    """The signs point both ways or are too thin: no role is named rather than a guess."""


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


# --- Journal: conflicts as they happen, and practice check-ins -------------------------------


def _journal_error(field_name: str, what: str) -> ValueError:
    # Imported here so ``domain`` stays importable on its own; the error names the field so a
    # form can show it next to the right input.
    from tandem.errors import InvalidChoice

    return InvalidChoice(what, where=field_name)


class Ending(StrEnum):
    """How a conflict ended, as the person writing the journal entry saw it."""

    RESOLVED = "resolved"
    """Talked it through and both felt heard."""
    PAUSED = "paused"
    """An agreed break, to come back to it later."""
    UNRESOLVED = "unresolved"
    """It stopped without either feeling heard."""
    ESCALATED = "escalated"
    """It got louder or harsher before it stopped."""
    WALKED_AWAY = "walked_away"
    """One partner left without saying when they would be back."""


def _codes_in_order(field_name: str, values: object) -> tuple[Code, ...]:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise _journal_error(field_name, f"must be a list of behaviour codes, got {values!r}")
    seen: set[Code] = set()
    for value in values:
        try:
            seen.add(Code(value))
        except ValueError:
            allowed = ", ".join(c.value for c in CODES)
            raise _journal_error(
                field_name, f"unknown behaviour code {value!r}; allowed: {allowed}"
            ) from None
    return tuple(c for c in CODES if c in seen)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One conflict, written down by one partner soon after it happened.

    Every field is checked on creation; a bad value raises :class:`tandem.errors.InvalidChoice`
    whose ``where`` is the field's name. Behaviour codes may be given as strings; they are kept
    once each, in the canonical order of :data:`CODES`.

    Examples
    --------
    >>> e = JournalEntry(occurred_at=datetime(2024, 3, 1, 21, 0), topic="dishes",
    ...                  raised_by=Partner.A, intensity=6, moves_a=("pressure", "criticism"),
    ...                  moves_b=(Code.WITHDRAWAL,), ending=Ending.PAUSED,
    ...                  minutes_to_reconnect=45)
    >>> [c.value for c in e.moves_a]
    ['criticism', 'pressure']
    >>> JournalEntry(occurred_at=datetime(2024, 3, 1), topic="x", raised_by=Partner.A,
    ...              intensity=11, moves_a=(), moves_b=(), ending=Ending.RESOLVED)
    Traceback (most recent call last):
    ...
    tandem.errors.InvalidChoice: intensity: must be a whole number from 1 to 10, got 11
    """

    occurred_at: datetime
    """When the conflict happened: timezone-aware or naive local time, kept as given."""
    topic: str
    """What it was about, in the writer's words (not empty)."""
    raised_by: Partner
    """Who brought it up."""
    intensity: int
    """How heated it got, from 1 (calm) to 10 (the most heated it gets)."""
    moves_a: tuple[Code, ...]
    """What partner A did, as behaviour codes (the checklist)."""
    moves_b: tuple[Code, ...]
    """What partner B did, as behaviour codes."""
    ending: Ending
    """How it ended."""
    minutes_to_reconnect: int | None = None
    """Minutes from the end of the conflict until they felt close again; ``None`` if not yet."""
    notes: str = ""
    """Free text, line breaks kept."""
    author: Partner | None = None
    """Which partner wrote the entry, when known."""
    id: str | None = None
    """The store's identifier; ``None`` until stored."""

    def __post_init__(self) -> None:
        if not isinstance(self.occurred_at, datetime):
            raise _journal_error(
                "occurred_at", f"must be a date and time, got {self.occurred_at!r}"
            )
        if not isinstance(self.topic, str) or not self.topic.strip():
            raise _journal_error("topic", "must not be empty")
        try:
            object.__setattr__(self, "raised_by", Partner(self.raised_by))
        except ValueError:
            raise _journal_error("raised_by", f"must be A or B, got {self.raised_by!r}") from None
        intensity = self.intensity
        if (
            isinstance(intensity, bool)
            or not isinstance(intensity, int)
            or not 1 <= intensity <= 10
        ):
            raise _journal_error(
                "intensity", f"must be a whole number from 1 to 10, got {intensity!r}"
            )
        object.__setattr__(self, "moves_a", _codes_in_order("moves_a", self.moves_a))
        object.__setattr__(self, "moves_b", _codes_in_order("moves_b", self.moves_b))
        try:
            object.__setattr__(self, "ending", Ending(self.ending))
        except ValueError:
            allowed = ", ".join(e.value for e in Ending)
            raise _journal_error(
                "ending", f"unknown ending {self.ending!r}; allowed: {allowed}"
            ) from None
        minutes = self.minutes_to_reconnect
        if minutes is not None and (
            isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0
        ):
            raise _journal_error(
                "minutes_to_reconnect", f"must be a whole number of minutes >= 0, got {minutes!r}"
            )
        if not isinstance(self.notes, str):
            raise _journal_error("notes", f"must be text, got {self.notes!r}")
        if self.author is not None:
            try:
                object.__setattr__(self, "author", Partner(self.author))
            except ValueError:
                raise _journal_error("author", f"must be A or B, got {self.author!r}") from None

    def moves_of(self, partner: Partner) -> tuple[Code, ...]:
        """The behaviour codes ``partner`` showed in this conflict."""
        return self.moves_a if partner is Partner.A else self.moves_b


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A practice check-in: did I try the step of our plan, and how did it go.

    Examples
    --------
    >>> c = CheckIn(occurred_at=datetime(2024, 3, 2, 8, 0), partner="B",
    ...             step_title="Announce a break with a return time", done=True, went=4)
    >>> c.partner
    <Partner.B: 'B'>
    >>> CheckIn(occurred_at=datetime(2024, 3, 2), partner=Partner.A, step_title="x",
    ...         done=True, went=9)
    Traceback (most recent call last):
    ...
    tandem.errors.InvalidChoice: went: must be a whole number from 1 to 5 or empty, got 9
    """

    occurred_at: datetime
    """When the practice happened (or was meant to): aware or naive, kept as given."""
    partner: Partner
    """Who is checking in."""
    step_title: str
    """Which plan step, by its title (not empty)."""
    done: bool
    """Did I do it."""
    went: int | None = None
    """How it went, from 1 (hard) to 5 (well); ``None`` when not said or not done."""
    note: str = ""
    """Free text, line breaks kept."""
    id: str | None = None
    """The store's identifier; ``None`` until stored."""

    def __post_init__(self) -> None:
        if not isinstance(self.occurred_at, datetime):
            raise _journal_error(
                "occurred_at", f"must be a date and time, got {self.occurred_at!r}"
            )
        try:
            object.__setattr__(self, "partner", Partner(self.partner))
        except ValueError:
            raise _journal_error("partner", f"must be A or B, got {self.partner!r}") from None
        if not isinstance(self.step_title, str) or not self.step_title.strip():
            raise _journal_error("step_title", "must not be empty")
        if not isinstance(self.done, bool):
            raise _journal_error("done", f"must be yes or no, got {self.done!r}")
        went = self.went
        if went is not None and (
            isinstance(went, bool) or not isinstance(went, int) or not 1 <= went <= 5
        ):
            raise _journal_error(
                "went", f"must be a whole number from 1 to 5 or empty, got {went!r}"
            )
        if not isinstance(self.note, str):
            raise _journal_error("note", f"must be text, got {self.note!r}")
