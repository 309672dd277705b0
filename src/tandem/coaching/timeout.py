"""The announced break: how you are, what you need, when you will be back; and a reminder.

The reminder is an RFC 5545 calendar file (``.ics``) with one event at the return time.

Time is passed in (``now``), never read inside, so the same call always gives the same result.

Examples
--------
>>> from datetime import UTC, datetime, time
>>> now = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
>>> plan = plan_break("to calm down", minutes=30, now=now)
>>> print(plan.message)  # doctest: +NORMALIZE_WHITESPACE
I'm getting overwhelmed. I need 30 minutes to calm down. I'll come back at 20:30,
and I want to finish this with you.
>>> plan_break("a walk", back_at=time(21, 15), now=now).minutes
75
>>> ics = to_ics(plan, now=now)
>>> ics.splitlines()[0], "DTSTART:20261124T203000Z" in ics
('BEGIN:VCALENDAR', True)
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from tandem.errors import InvalidChoice

DEFAULT_FEELING = "I'm getting overwhelmed"
"""How the message starts unless the person says it their own way."""
MAX_MINUTES = 24 * 60
"""A break longer than a day is not a break; longer asks are refused."""


@dataclass(frozen=True, slots=True)
class BreakPlan:
    """A break announced with what is needed and when the person will be back."""

    message: str
    """The message to send."""
    minutes: int
    """Length of the break."""
    starts: datetime
    """When the break starts (the ``now`` passed in)."""
    back_at: datetime
    """When the person will come back."""
    name: str | None = None
    """Who takes the break (used in the reminder's title)."""


def _clock(when: datetime, now: datetime) -> str:
    hhmm = when.strftime("%H:%M")
    days = (when.date() - now.date()).days
    if days == 0:
        return hhmm
    if days == 1:
        return f"{hhmm} tomorrow"
    return f"{hhmm} on {when.strftime('%A %d %B')}"


def plan_break(
    need: str,
    *,
    now: datetime,
    minutes: int | None = None,
    back_at: time | None = None,
    feeling: str = DEFAULT_FEELING,
    name: str | None = None,
) -> BreakPlan:
    """Build the break message.

    Parameters
    ----------
    need : str
        What the break is for, in the person's words: ``"to calm down"``, ``"a walk"``.
    now : datetime
        The current time (passed in; timezone-aware for a correct calendar reminder).
    minutes : int, optional
        Length of the break. Give this or ``back_at`` (or both, if they agree).
    back_at : time, optional
        Clock time of return; a time not later than ``now`` means tomorrow.
    feeling : str
        How the message opens.
    name : str, optional
        Who takes the break.

    Returns
    -------
    BreakPlan

    Raises
    ------
    InvalidChoice
        Empty need, a length outside 1 minute to 24 hours, neither length nor return time, or
        a length and a return time that disagree.
    """
    need = need.strip().rstrip(".;,")
    if not need:
        raise InvalidChoice("say what you need, e.g. 'to calm down'", where="need")
    if minutes is None and back_at is None:
        raise InvalidChoice("give how long the break is or when you will be back", where="minutes")
    if back_at is not None:
        candidate = now.replace(hour=back_at.hour, minute=back_at.minute, second=0, microsecond=0)
        if candidate <= now:
            candidate += timedelta(days=1)
        span = round((candidate - now).total_seconds() / 60)
        if minutes is not None and abs(span - minutes) > 1:
            raise InvalidChoice(
                f"a break of {minutes} minutes and a return at {back_at.strftime('%H:%M')} "
                f"disagree (that is {span} minutes from now); give one of them",
                where="back_at",
            )
        minutes, when = span, candidate
    else:
        assert minutes is not None  # for mypy: checked above
        when = (now + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidChoice(
            f"a break of {minutes} minutes; use 1 to {MAX_MINUTES} (come back within a day)",
            where="minutes",
        )
    length = f"{minutes} minutes" if minutes != 1 else "1 minute"
    if re.match(r"^to\b", need, re.IGNORECASE):
        ask = f"I need {length} {need}."
    elif re.match(r"^I\b", need):
        ask = f"{need}, for {length}."
    else:
        ask = f"I need {need} for {length}."
    opening = feeling.strip().rstrip(".;,")
    message = (
        f"{opening}. {ask} I'll come back at {_clock(when, now)}, "
        "and I want to finish this with you."
    )
    return BreakPlan(message=message, minutes=minutes, starts=now, back_at=when, name=name)


def _ics_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets (RFC 5545 section 3.1)."""
    pieces: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = " " + char
            continue
        current += char
    pieces.append(current)
    return pieces


def to_ics(plan: BreakPlan, *, now: datetime, reminder_minutes: int = 15) -> str:
    """An RFC 5545 calendar with one event at the return time and an alert when it starts.

    Parameters
    ----------
    plan : BreakPlan
        The break.
    now : datetime
        The time stamp of the file (``DTSTAMP``); must be timezone-aware.
    reminder_minutes : int
        Length of the calendar event.

    Returns
    -------
    str
        The calendar with CRLF line ends and lines folded at 75 octets.

    Raises
    ------
    ValueError
        When ``now`` or the return time has no timezone (a calendar needs UTC times).
    """
    if now.tzinfo is None or plan.back_at.tzinfo is None:
        raise ValueError("to_ics needs timezone-aware times (now and the return time)")
    who = f"{plan.name}: " if plan.name else ""
    uid = uuid.uuid5(uuid.NAMESPACE_URL, f"tandem-break:{plan.back_at.isoformat()}:{plan.message}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tandem//Break reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@tandem.local",
        f"DTSTAMP:{_ics_time(now)}",
        f"DTSTART:{_ics_time(plan.back_at)}",
        f"DURATION:PT{reminder_minutes}M",
        f"SUMMARY:{_escape(who + 'come back to the conversation')}",
        f"DESCRIPTION:{_escape(plan.message)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:PT0S",
        f"DESCRIPTION:{_escape('Time to come back to the conversation, as you said you would.')}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))
