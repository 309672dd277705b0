"""Terminal rendering of a scored quiz."""

from __future__ import annotations

import io

from rich.console import Console

from tandem.assessment import AnswerSheet, load_items, score_couple
from tandem.report.quiz import render_items, render_quiz

BANK = load_items()


def _text(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _sheet(
    name: str, press: int, pull: int, p_press: int, p_pull: int, fear: int = 1
) -> AnswerSheet:
    values = {
        "self_pursue": press,
        "self_withdraw": pull,
        "partner_pursue": p_press,
        "partner_withdraw": p_pull,
        "safety": fear,
    }
    answers = {}
    for item in BANK.items:
        rating = values.get(item.scale, 4)
        answers[item.id] = 10 - rating if item.reverse else rating
    return AnswerSheet(name, answers)


def test_result_describes_the_pattern_and_its_limits() -> None:
    text = _text(render_quiz(score_couple(_sheet("Sam", 8, 2, 2, 8), _sheet("Alex", 2, 8, 8, 2))))
    assert "Sam" in text and "pressing side of the pattern" in text
    assert "pulling-away side of the pattern" in text
    assert "What a quiz cannot tell" in text
    assert "not therapy" in text
    assert "Before anything else" not in text
    # Arena table: where it shows.
    assert "intimacy" in text
    # The two demand-withdraw patterns as each answerer sees them.
    assert "As Sam sees it: Sam presses while Alex pulls away 8.0 of 9" in text


def test_safety_panel_comes_first() -> None:
    text = _text(
        render_quiz(score_couple(_sheet("Sam", 8, 2, 2, 8, fear=7), _sheet("Alex", 2, 8, 8, 2)))
    )
    assert text.index("Before anything else") < text.index("The pattern, as your answers")
    assert "emergency number" in text


def test_item_list_shows_every_item() -> None:
    text = _text(render_items(BANK))
    assert all(i in text for i in BANK.ids)
