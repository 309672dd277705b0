"""The plan rendered for the terminal, as Markdown and as one self-contained HTML page."""

from __future__ import annotations

import io
import re

from rich.console import Console

from tandem.coaching.plan import Example, ExpectedEffect, PartnerPlan, Plan, Step
from tandem.domain import Role, SafetyConcern
from tandem.report.plan import effect_svg, plan_to_html, plan_to_markdown, render_plan

EFFECT = ExpectedEffect(
    sentence="If both of you practise these steps, conflicts run about 30% less intense.",
    metric="conflict intensity (weekly mean, model units 0-1)",
    days=(7, 14, 21, 28),
    without_plan=(0.4, 0.35, 0.3, 0.3),
    with_plan=(0.4, 0.25, 0.2, 0.15),
    interventions=("soften", "break"),
    change=-0.3,
)
STEP = Step(
    key="ask_dont_criticise",
    title="Ask for what you need instead of criticising",
    because="4 of your 10 messages were coded criticism, against 0 with a request.",
    practice="Use three parts.",
    examples=(
        Example("you never listen <b>", "I'm upset because it feels like you never listen."),
    ),
)
PLAN = Plan(
    partners={
        "Sam": PartnerPlan("Sam", Role.PURSUER, 0.8, (STEP,)),
        "Alex": PartnerPlan("Alex", Role.DISTANCER, 0.6, ()),
    },
    expected_effect=EFFECT,
    sources=("chat",),
)


def _text(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_terminal_view_shows_steps_because_examples_and_limits() -> None:
    text = _text(render_plan(PLAN))
    assert "Sam — pursuer: presses when the other pulls away, clarity 80%" in text
    assert "Because: 4 of your 10 messages were coded criticism" in text
    assert "You wrote:  you never listen <b>" in text
    assert "What the model expects" in text
    assert "not therapy" in text


def test_markdown_has_sections_and_the_effect_table() -> None:
    md = plan_to_markdown(PLAN)
    assert md.startswith("# A plan for Sam and Alex\n")
    assert "### 1. Ask for what you need instead of criticising" in md
    assert "**Because:** 4 of your 10 messages" in md
    assert "| 4 | 0.300 | 0.150 |" in md
    assert "## Limits" in md


def test_html_is_self_contained_escaped_and_has_the_chart() -> None:
    html = plan_to_html(PLAN)
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and html.count("<polyline") == 2
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "you never listen &lt;b&gt;" in html


def test_svg_lines_go_down_where_the_values_go_down() -> None:
    svg = effect_svg(EFFECT)
    with_plan = re.findall(r'points="([^"]+)"', svg)[1].split()
    ys = [float(p.split(",")[1]) for p in with_plan]
    assert ys == sorted(ys)  # SVG y grows downward, values fall, so y rises


def test_safety_plan_leads_with_help_and_shows_no_steps() -> None:
    plan = Plan(
        partners={
            "Sam": PartnerPlan("Sam", None, None, ()),
            "Alex": PartnerPlan("Alex", None, None, ()),
        },
        safety_concern=SafetyConcern(
            ("threat: 'you'll regret it'",), "Call your emergency number."
        ),
    )
    text = _text(render_plan(plan))
    assert text.index("Before anything else") < text.index("Sam —")
    assert "role not assessed" in text
    html = plan_to_html(plan)
    assert 'class="safety"' in html and "emergency number" in html
