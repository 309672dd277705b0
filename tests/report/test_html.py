"""The self-contained HTML report: charts inline, text escaped, nothing fetched."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import numpy as np

from tandem.analysis import analyze_cycle
from tandem.domain import (
    Code,
    CodeAssignment,
    CodedMessage,
    Message,
    MessageKind,
    Partner,
    Platform,
)
from tandem.report.charts import bars_svg, loop_svg, timeline_svg
from tandem.report.html import render_html

NAMES = ("Ana", "Ben")


def conversation(extra: list[tuple[str, str, list[str]]] | None = None) -> tuple[CodedMessage, ...]:
    lines: list[tuple[str, str, list[str]]] = []
    for i in range(12):
        if i % 3 == 2:  # a calm evening, so the turn-to-turn effects can be estimated
            lines += [
                ("A", "how was work", []),
                ("B", "long, but fine", []),
                ("A", "pizza?", []),
                ("B", "whatever", ["withdrawal"]),
                ("A", "ok", []),
                ("B", "groceries?", []),
            ]
            continue
        lines += [
            ("A", "you never listen <script>alert(1)</script>", ["criticism"]),
            ("A", "answer me", ["pressure"]),
            ("B", "whatever", ["withdrawal"]),
            ("B", "back at 8, need a break", ["timeout"]),
            ("A", "I miss you", ["vulnerability"]),
            ("B", "groceries?", []),
        ]
    lines += extra or []
    t = datetime(2026, 3, 1, 18, 0)
    out = []
    for k, (who, text, codes) in enumerate(lines):
        t += timedelta(minutes=3 if k % 6 else 60)
        p = Partner.A if who == "A" else Partner.B
        m = Message(
            NAMES[0] if p is Partner.A else NAMES[1],
            p,
            t,
            text,
            MessageKind.TEXT,
            Platform.WHATSAPP,
        )
        cs = tuple(CodeAssignment(Code(c), 0.8, f"saw: {c}") for c in codes) or (
            CodeAssignment(Code.NEUTRAL, 1.0, ""),
        )
        out.append(CodedMessage(m, cs))
    return tuple(out)


def page(**kw: object) -> str:
    coded = conversation(kw.pop("extra", None))  # type: ignore[arg-type]
    result = analyze_cycle(coded, partners=NAMES, rng=np.random.default_rng(0), n_boot=50)
    return render_html(result, **kw)  # type: ignore[arg-type]


def test_report_is_self_contained() -> None:
    html = page(source="chat.txt")
    assert html.startswith("<!doctype html>")
    # No fetched resource: no src/href attributes and no URL other than the SVG namespace.
    assert not re.search(r"\s(src|href)=", html)
    assert re.findall(r"https?://[^\s\"']+", html) == ["http://www.w3.org/2000/svg"] * html.count(
        'xmlns="http://www.w3.org/2000/svg"'
    )
    assert "<script" not in html  # the message's script tag is escaped, never live


def test_report_has_timeline_loop_bars_episodes_and_examples() -> None:
    html = page()
    assert html.count("<svg") >= 5  # timeline, loop, two partner bars, 5:1 gauge
    assert "Over time" in html and "The loop" in html and "Heated exchanges" in html
    assert "loop strength" in html
    assert "5 : 1" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # their own words, escaped
    assert "I miss you" in html and "vulnerability" in html
    assert "pursuer" in html and "distancer" in html


def test_me_frames_the_report() -> None:
    html = page(me="Ana")
    assert "You mostly pursue" in html
    assert "Ana (you)" in html


def test_safety_report_shows_help_and_no_roles() -> None:
    html = page(extra=[("B", "you'll regret this, I know where you live", [])])
    assert "Before anything else" in html
    assert "emergency number" in html
    assert 'class="role pursuer"' not in html
    assert "The loop" not in html
    assert "Nobody here is the problem" not in html  # no cycle framing when someone is afraid
    assert "Timing alone would" not in html


def test_chart_helpers_escape_and_scale() -> None:
    svg = bars_svg([("<b>", 2.0, "#000")], max_value=1.0)
    assert "&lt;b&gt;" in svg and "200%" in svg
    loop = loop_svg(
        pursuer="A&B",
        distancer="C",
        pursuit_to_withdrawal=(None, None, None),
        withdrawal_to_pursuit=(0.1, -0.1, 0.3),
        pursuer_inertia=None,
        distancer_inertia=0.0,
        gain=None,
    )
    assert "A&amp;B" in loop and "not measurable" in loop
    empty = timeline_svg(counts={}, partners=("A", "B"), labels=[])
    assert empty.startswith("<svg") and empty.endswith("</svg>")


def test_too_little_signal_shows_no_shares_or_timeline() -> None:
    coded = conversation()[:3]
    result = analyze_cycle(coded, partners=NAMES, rng=np.random.default_rng(0), n_boot=10)
    html = render_html(result)
    assert "Too little to go on" in html
    assert "share of messages" not in html and "Over time" not in html
