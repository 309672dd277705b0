"""Builders for hand-coded conversations: known input, known answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import pytest

from tandem.domain import (
    Code,
    CodeAssignment,
    CodedMessage,
    Message,
    MessageKind,
    Partner,
    Platform,
)

Line = tuple[str, float, str, Sequence[str]]
"""(who "A"/"B", minutes since the previous message, text, code names)."""

T0 = datetime(2026, 3, 2, 9, 0)


def build(
    lines: Sequence[Line], *, names: tuple[str, str] = ("Ana", "Ben")
) -> tuple[CodedMessage, ...]:
    out: list[CodedMessage] = []
    t = T0
    for who, minutes, text, codes in lines:
        t = t + timedelta(minutes=minutes)
        partner = Partner.A if who == "A" else Partner.B
        msg = Message(
            sender=names[0] if partner is Partner.A else names[1],
            partner=partner,
            timestamp=t,
            text=text,
            kind=MessageKind.TEXT,
            platform=Platform.WHATSAPP,
        )
        assigned = tuple(CodeAssignment(Code(c), 0.9, f"test:{c}") for c in codes) or (
            CodeAssignment(Code.NEUTRAL, 1.0, "no behaviour cue found"),
        )
        out.append(CodedMessage(message=msg, codes=assigned))
    return tuple(out)


def pursue_withdraw_day(day: int, *, pursuer: str = "A", n_rounds: int = 4) -> list[Line]:
    """One evening where ``pursuer`` presses and the other pulls back, then a repair."""
    other = "B" if pursuer == "A" else "A"
    lines: list[Line] = [(pursuer, 60 * 24 * (day > 0) if day else 0, "hey, about tonight", [])]
    lines.append((other, 5, "ok", []))
    for _ in range(n_rounds):
        lines.append((pursuer, 2, "you never listen to me", ["criticism"]))
        lines.append((pursuer, 1, "answer me??", ["pressure"]))
        lines.append((other, 3, "whatever", ["withdrawal"]))
    lines.append((other, 5, "I need 20 minutes, back at 9", ["timeout"]))
    lines.append((pursuer, 30, "ok. I'm sorry I pushed", ["responsibility"]))
    lines.append((other, 3, "love you", ["repair"]))
    for k in range(6):
        lines.append((pursuer if k % 2 else other, 20, "groceries later?", []))
    return lines


@pytest.fixture
def make_coded() -> Callable[..., tuple[CodedMessage, ...]]:
    return build


@pytest.fixture
def pw_conversation() -> tuple[CodedMessage, ...]:
    """Five evenings where A pursues and B withdraws."""
    lines: list[Line] = []
    for day in range(5):
        lines.extend(pursue_withdraw_day(day))
    return build(lines)
