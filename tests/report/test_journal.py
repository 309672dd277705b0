"""The journal in the terminal and as a chart."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

import pytest
from rich.console import Console

from tandem.analysis.journal_trends import journal_trends
from tandem.domain import CheckIn, Code, Ending, JournalEntry, Partner
from tandem.report.journal import (
    render_checkins,
    render_journal,
    render_trends,
    trends_chart,
    trends_svg,
)


def text_of(renderable: object, width: int = 100) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(renderable)
    return out.getvalue()


def entries() -> list[JournalEntry]:
    out = []
    for day in range(1, 29, 3):
        before = day < 15
        out.append(
            JournalEntry(
                occurred_at=datetime(2024, 3, day, 21, 0),
                topic=f"topic {day}",
                raised_by=Partner.A,
                intensity=8 if before else 4,
                moves_a=(Code.PRESSURE, Code.CRITICISM) if before else (Code.REQUEST,),
                moves_b=(Code.WITHDRAWAL,) if before else (Code.VALIDATION,),
                ending=Ending.ESCALATED if before else Ending.RESOLVED,
                minutes_to_reconnect=120 - 4 * day,
                notes="first line\nsecond line" if day == 1 else "",
                author=Partner.B,
            )
        )
    return out


def test_journal_lists_every_field_in_a_narrow_terminal() -> None:
    aware = JournalEntry(
        occurred_at=datetime(2024, 3, 30, 7, 5, tzinfo=timezone(timedelta(hours=2))),
        topic="money",
        raised_by=Partner.B,
        intensity=3,
        moves_a=(),
        moves_b=(Code.REPAIR,),
        ending=Ending.PAUSED,
    )
    raw = text_of(render_journal([*entries()[:1], aware], partners=("Sam", "Alex")), width=60)
    assert max(len(line) for line in raw.splitlines()) <= 60
    # Wrapped lines keep their indent under the entry's first line.
    assert all(line.startswith("  ") for line in raw.splitlines()[1:5])
    text = " ".join(raw.split())
    assert "2024-03-01 21:00 topic 1" in text
    assert "raised by Sam · intensity 8/10 · escalated · reconnected after 116 min" in text
    assert "Sam: criticism, pressure" in text and "Alex: withdrawal" in text
    assert "first line second line" in text and "written by Alex" in text
    assert "2024-03-30 07:05 money (+0200)" in text
    assert "not reconnected yet" in text


def test_empty_journal_and_checkins_say_so() -> None:
    assert "No conflicts written down yet." in text_of(render_journal([]))
    assert "No practice check-ins yet." in text_of(render_checkins([]))


def test_checkins_table() -> None:
    c = CheckIn(
        occurred_at=datetime(2024, 3, 5, 8),
        partner=Partner.B,
        step_title="Pause",
        done=False,
        note="too tired",
    )
    text = text_of(render_checkins([c], partners=("Sam", "Alex")))
    assert "Alex" in text and "Pause" in text and "no" in text and "too tired" in text


def test_trends_show_weeks_and_before_after() -> None:
    trends = journal_trends(entries(), plan_start=date(2024, 3, 15))
    text = text_of(render_trends(trends))
    assert "2024-W09" in text and "2024-W13" in text
    assert "Before and after the plan started (2024-03-15)" in text
    assert "pursue moves / week" in text
    assert "describe the conflicts written down" in text


def test_png_chart_is_a_png_and_the_same_every_time() -> None:
    trends = journal_trends(entries(), plan_start=date(2024, 3, 15))
    png = trends_chart(trends)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert trends_chart(trends) == png


def test_svg_chart_marks_the_plan_start_and_inlines() -> None:
    with_plan = trends_svg(journal_trends(entries(), plan_start=date(2024, 3, 15)))
    without = trends_svg(journal_trends(entries()))
    assert with_plan.startswith("<svg") and with_plan.rstrip().endswith("</svg>")
    assert "plan starts" in with_plan and "plan starts" not in without
    assert "24-W09" in with_plan


def test_chart_of_an_empty_journal_says_so() -> None:
    assert "No journal entries yet" in trends_svg(journal_trends([]))


def test_unknown_chart_format_is_refused() -> None:
    with pytest.raises(ValueError, match="fmt must be 'png' or 'svg', got 'gif'"):
        trends_chart(journal_trends([]), fmt="gif")  # type: ignore[arg-type]
