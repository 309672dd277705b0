"""Terminal rendering of a scored quiz."""

from __future__ import annotations

import io

from rich.console import Console

from tandem.assessment import AnswerSheet, load_items, score_couple
from tandem.report.quiz import render_items, render_own, render_shared

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


def test_own_result_describes_the_pattern_and_its_limits() -> None:
    text = _text(render_own(score_couple(_sheet("Sam", 8, 2, 2, 8))))
    assert "Sam" in text and "pressing side of the pattern" in text
    assert "pulling-away side of the pattern" in text
    assert "What a quiz cannot tell" in text
    assert "not therapy" in text
    assert "Before anything else" not in text
    # Arena table: where it shows.
    assert "intimacy" in text
    # The two demand-withdraw patterns as the answerer sees them.
    assert "As Sam sees it: Sam presses while Sam's partner pulls away 8.0 of 9" in text


def test_own_safety_panel_comes_first_and_speaks_to_the_answerer() -> None:
    text = _text(render_own(score_couple(_sheet("Sam", 8, 2, 2, 8, fear=7))))
    assert text.index("Before anything else") < text.index("The pattern, as Sam's own answers")
    assert "emergency number" in text
    assert "you answered 7 of 9 to:" in text


def test_shared_picture_shows_no_single_view_and_nothing_about_fear() -> None:
    """Alex must not learn from the shared output that Sam answered the fear questions high."""
    result = score_couple(_sheet("Sam", 8, 2, 2, 8, fear=9), _sheet("Alex", 2, 8, 8, 2))
    text = _text(render_shared(result.shared()))
    assert "Both views together" in text and "Sam" in text and "Alex" in text
    for hidden in ("Before anything else", "emergency", "answered 9", "As Sam sees it"):
        assert hidden not in text
    for item in BANK.items_of("safety"):
        assert item.text[:30] not in text
    for scale in ("anxiety", "flooding", "space", "intimacy"):
        assert scale not in text


def test_item_list_shows_every_item() -> None:
    text = _text(render_items(BANK))
    assert all(i in text for i in BANK.ids)
