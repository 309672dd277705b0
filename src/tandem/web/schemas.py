"""Web view-models: what forms and the JSON API accept (``*Create``) and return (``*Public``).

These are neither database rows (``tandem.store.models``) nor domain types (``tandem.domain``).
A page form and its API twin validate through the same model, so both say the same thing about
the same mistake; :func:`field_errors` turns a validation failure into one friendly message per
field, to be shown next to that field.

Examples
--------
>>> field_errors_of(CoupleCreate, {"name": "", "partner_a": "Sam", "partner_b": "Alex"})
{'name': 'Give the couple a name, for example your two first names.'}
>>> CoupleCreate.errors_of({"name": "Us", "partner_a": "Sam", "partner_b": "sam"})
{'partner_b': 'The two partners need different names.'}
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tandem.domain import CODES, CheckIn, Code, Ending, JournalEntry, Partner

Label = Literal["A", "B"]

FRIENDLY: dict[str, str] = {
    "name": "Give the couple a name, for example your two first names.",
    "partner_a": "Write the first partner's name.",
    "partner_b": "Write the second partner's name.",
    "email": "Write an e-mail address such as sam@example.org.",
    "display_name": "Write the name you would like to be greeted by.",
    "password": "Use at least 10 characters.",
    "occurred_at": "Pick the date and time it happened.",
    "topic": "Write a few words about what it was about.",
    "raised_by": "Choose who brought it up.",
    "intensity": "Choose how heated it got, from 1 (calm) to 10 (the most heated).",
    "moves_a": "Pick behaviours from the list.",
    "moves_b": "Pick behaviours from the list.",
    "ending": "Choose how it ended.",
    "minutes_to_reconnect": "Write a whole number of minutes (0 or more), or leave it empty.",
    "notes": "Notes can be at most 5,000 characters.",
    "partner": "Choose who is checking in.",
    "step_title": "Choose the plan step you practised.",
    "done": "Say whether you did it.",
    "went": "Choose from 1 (hard) to 5 (well), or leave it empty.",
    "note": "A note can be at most 2,000 characters.",
    "need": "Write what you need, for example 'to calm down' or 'a walk'.",
    "minutes": "Write a whole number of minutes, from 1 to 1440.",
    "back_at": "Pick the time you will be back.",
    "feeling": "Write how you are, in a few words, or leave the suggestion.",
}
"""One kind sentence per field, used in place of the validator's technical wording."""

ModelT = TypeVar("ModelT", bound=BaseModel)


def field_errors(error: ValidationError) -> dict[str, str]:
    """One friendly message per field from a pydantic ``ValidationError``.

    A message raised by our own validators (a ``ValueError`` text) is kept as written; other
    failures use :data:`FRIENDLY`, falling back to pydantic's words.
    """
    found: dict[str, str] = {}
    for item in error.errors():
        loc = item.get("loc", ())
        name = str(loc[0]) if loc else "form"
        if name in found:
            continue
        if item.get("type") == "value_error":
            message = str(item.get("ctx", {}).get("error", item.get("msg", "")))
        else:
            message = FRIENDLY.get(name, str(item.get("msg", "")))
        found[name] = message
    return found


def field_errors_of(model: type[BaseModel], data: dict[str, Any]) -> dict[str, str]:
    """Validate ``data`` against ``model`` and return the field errors (empty when valid)."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        return field_errors(error)
    return {}


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class _Form(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")


class CoupleCreate(_Form):
    """A new couple and the names of its two partners."""

    name: str = Field(min_length=1, max_length=200)
    partner_a: str = Field(min_length=1, max_length=200)
    partner_b: str = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _different_names(self) -> CoupleCreate:
        if self.partner_a.casefold() == self.partner_b.casefold():
            raise ValueError("The two partners need different names.")
        return self

    @classmethod
    def errors_of(cls, data: dict[str, Any]) -> dict[str, str]:
        """Field errors, with the same-name check attached to ``partner_b``."""
        errors = field_errors_of(cls, data)
        if "form" in errors:
            errors["partner_b"] = errors.pop("form")
        return errors


class CouplePublic(BaseModel):
    """A couple as the API shows it."""

    id: str
    name: str
    partner_a: str
    partner_b: str
    access: Literal["owner", "partner", "therapist"]


class CoupleList(BaseModel):
    """The couples the viewer may see."""

    items: list[CouplePublic]
    total: int


class RegisterCreate(_Form):
    """A new account (therapist mode)."""

    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=500)
    is_therapist: bool = False

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class LoginCreate(_Form):
    """E-mail and password."""

    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=500)


class EmailCreate(_Form):
    """An e-mail address naming another account (a partner or a therapist to invite)."""

    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class UserPublic(BaseModel):
    """An account as the API shows it (never the password hash)."""

    id: str
    email: str
    display_name: str
    is_therapist: bool


class TherapistPublic(BaseModel):
    """A therapist invited to a couple."""

    therapist_id: str
    email: str
    display_name: str
    invited_at: datetime
    revoked_at: datetime | None


class JournalEntryCreate(_Form):
    """A conflict, as one partner writes it down."""

    occurred_at: datetime
    topic: str = Field(min_length=1, max_length=300)
    raised_by: Label
    intensity: int = Field(ge=1, le=10)
    moves_a: list[Code] = Field(default_factory=list)
    moves_b: list[Code] = Field(default_factory=list)
    ending: Ending
    minutes_to_reconnect: int | None = Field(default=None, ge=0, le=60 * 24 * 60)
    notes: str = Field(default="", max_length=5000)
    author: Label | None = None

    _blank = field_validator("minutes_to_reconnect", "author", mode="before")(_blank_to_none)

    def to_domain(self) -> JournalEntry:
        """The domain entry."""
        return JournalEntry(
            occurred_at=self.occurred_at,
            topic=self.topic,
            raised_by=Partner(self.raised_by),
            intensity=self.intensity,
            moves_a=tuple(self.moves_a),
            moves_b=tuple(self.moves_b),
            ending=self.ending,
            minutes_to_reconnect=self.minutes_to_reconnect,
            notes=self.notes,
            author=Partner(self.author) if self.author else None,
        )


class JournalEntryPublic(BaseModel):
    """A stored conflict entry."""

    id: str | None
    occurred_at: datetime
    topic: str
    raised_by: Label
    intensity: int
    moves_a: list[Code]
    moves_b: list[Code]
    ending: Ending
    minutes_to_reconnect: int | None
    notes: str
    author: Label | None

    @classmethod
    def of(cls, entry: JournalEntry) -> JournalEntryPublic:
        """From the domain entry."""
        return cls(
            id=entry.id,
            occurred_at=entry.occurred_at,
            topic=entry.topic,
            raised_by="A" if entry.raised_by is Partner.A else "B",
            intensity=entry.intensity,
            moves_a=list(entry.moves_a),
            moves_b=list(entry.moves_b),
            ending=entry.ending,
            minutes_to_reconnect=entry.minutes_to_reconnect,
            notes=entry.notes,
            author=None if entry.author is None else ("A" if entry.author is Partner.A else "B"),
        )


class CheckInCreate(_Form):
    """A practice check-in."""

    occurred_at: datetime
    partner: Label
    step_title: str = Field(min_length=1, max_length=300)
    done: bool
    went: int | None = Field(default=None, ge=1, le=5)
    note: str = Field(default="", max_length=2000)

    _blank = field_validator("went", mode="before")(_blank_to_none)

    def to_domain(self) -> CheckIn:
        """The domain check-in."""
        return CheckIn(
            occurred_at=self.occurred_at,
            partner=Partner(self.partner),
            step_title=self.step_title,
            done=self.done,
            went=self.went,
            note=self.note,
        )


class CheckInPublic(BaseModel):
    """A stored check-in."""

    id: str | None
    occurred_at: datetime
    partner: Label
    step_title: str
    done: bool
    went: int | None
    note: str

    @classmethod
    def of(cls, checkin: CheckIn) -> CheckInPublic:
        """From the domain check-in."""
        return cls(
            id=checkin.id,
            occurred_at=checkin.occurred_at,
            partner="A" if checkin.partner is Partner.A else "B",
            step_title=checkin.step_title,
            done=checkin.done,
            went=checkin.went,
            note=checkin.note,
        )


class JournalPage(BaseModel):
    """Entries and check-ins of a couple, newest first."""

    entries: list[JournalEntryPublic]
    checkins: list[CheckInPublic]


class ConversationPublic(BaseModel):
    """A stored chat (its messages stay on the server; only counts are shown)."""

    id: str
    platform: str
    source: str
    title: str | None
    partner_a: str
    partner_b: str
    uploaded_at: datetime
    n_messages: int
    coder: str = "default"
    """The behaviour coder chosen at upload, which every report of this chat uses."""


class QuizStatus(BaseModel):
    """Who has answered the quiz, the shared picture once both have, and the viewer's own part.

    ``combined`` is the same for both partners and a therapist; ``mine`` is filled only for the
    partner whose answers they are (never for the other partner or a therapist).
    """

    answered: dict[str, bool]
    combined: dict[str, Any] | None
    available: bool
    message: str = ""
    mine: dict[str, Any] | None = None


class QuizSubmit(BaseModel):
    """One partner's answers, item id to answer value."""

    partner: Label
    answers: dict[str, int | None]


class Feature(BaseModel):
    """A result produced by another part of Tandem, or why it is not there."""

    available: bool
    message: str = ""
    result: dict[str, Any] | None = None


class SimulateCreate(BaseModel):
    """What-if settings for the simulator: a preset and overrides by parameter name."""

    preset: str = ""
    params: dict[str, float] = Field(default_factory=dict)
    n_steps: int = Field(default=60, ge=5, le=2000)


CODE_CHOICES: list[tuple[str, str]] = [(c.value, c.value.replace("_", " ")) for c in CODES]
"""Behaviour codes for the journal checklist, in canonical order."""
ENDING_CHOICES: list[tuple[str, str]] = [(e.value, e.value.replace("_", " ")) for e in Ending]
"""How a conflict can end."""


def validate_form(
    model: type[ModelT], data: dict[str, Any]
) -> tuple[ModelT | None, dict[str, str]]:
    """Validate form ``data``; the model or ``None`` plus one message per wrong field."""
    try:
        return model.model_validate(data), {}
    except ValidationError as error:
        return None, field_errors(error)


class BreakCreate(_Form):
    """An announced break: what is needed, and how long or until when (one of the two)."""

    need: str = Field(min_length=1, max_length=200)
    minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    back_at: time | None = None
    feeling: str = Field(default="", max_length=200)

    _blank = field_validator("minutes", "back_at", mode="before")(_blank_to_none)
