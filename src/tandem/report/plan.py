"""The change plan as a terminal view, Markdown, and a self-contained HTML page.

The HTML page has no external files: styles are inline and the chart of the model's expected
effect is a small inline SVG.

Examples
--------
>>> from tandem.coaching import build_plan
>>> from tandem.domain import CoupleProfile, Role, RoleEstimate
>>> plan = build_plan(CoupleProfile(partners=("Sam", "Alex"), roles={
...     "Sam": RoleEstimate(Role.PURSUER, 0.8), "Alex": RoleEstimate(Role.DISTANCER, 0.6)}))
>>> md = plan_to_markdown(plan)
>>> md.splitlines()[0]
'# A plan for Sam and Alex'
>>> "<svg" in plan_to_html(plan)
False
"""

from __future__ import annotations

from html import escape as html_escape

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from tandem.coaching.plan import ExpectedEffect, Plan
from tandem.coaching.softer import NO_SOFTER
from tandem.report.terms import CLARITY

_ROLE_LINE = {
    "pursuer": "presses when the other pulls away",
    "distancer": "pulls away when the other presses",
    "both": "does some of each",
    "neither": "neither side stands out",
    "unclear": "no side is clear yet",
}


def _role_text(role: str | None, clarity: float | None) -> str:
    if role is None:
        return "role not assessed"
    sure = f", {CLARITY.show(clarity)}" if clarity is not None else ""
    return f"{role}: {_ROLE_LINE.get(role, role)}{sure}"


def _title(plan: Plan) -> str:
    return "A plan for " + " and ".join(plan.partners)


def render_plan(plan: Plan) -> RenderableType:
    """The plan for the terminal: safety first if raised, then each partner's steps."""
    parts: list[RenderableType] = [Text(_title(plan), style="bold")]
    if plan.safety_concern is not None:
        body = Text(plan.safety_concern.message + "\n")
        for line in plan.safety_concern.evidence[:10]:
            body.append(f"\n• {line}")
        parts.append(Panel(body, title="Before anything else", border_style="red"))
    for name, partner in plan.partners.items():
        role = partner.role.value if partner.role else None
        body = Text()
        for n, step in enumerate(partner.steps, start=1):
            body.append(f"{n}. {step.title}\n", style="bold")
            body.append(f"   Because: {step.because}\n", style="italic")
            body.append(f"   Practice: {step.practice}\n")
            for ex in step.examples:
                body.append("   You wrote:  ", style="dim")
                body.append(f"{ex.original}\n")
                if ex.softer is None:
                    body.append(f"   {NO_SOFTER}\n", style="dim")
                else:
                    body.append("   Softer:     ", style="dim")
                    body.append(f"{ex.softer}\n", style="green")
            body.append("\n")
        if not partner.steps:
            body.append("No steps.\n")
        parts.append(
            Panel(
                body,
                title=f"{escape(name)} — {_role_text(role, partner.clarity)}",
                title_align="left",
            )
        )
    if plan.expected_effect is not None:
        effect = plan.expected_effect
        parts.append(
            Panel(
                Text(effect.sentence + "\n" + _sparkline(effect)),
                title="What the model expects",
            )
        )
    parts.append(Text("\n".join(plan.notes), style="dim"))
    return Group(*parts)


def _sparkline(effect: ExpectedEffect) -> str:
    bars = "▁▂▃▄▅▆▇█"
    top = max(max(effect.without_plan, default=0.0), max(effect.with_plan, default=0.0)) or 1.0

    def line(values: tuple[float, ...]) -> str:
        return "".join(bars[min(7, int(v / top * 7.999))] for v in values)

    return (
        f"without the plan  {line(effect.without_plan)}\n"
        f"with the plan     {line(effect.with_plan)}   (weekly {effect.metric.split(' (')[0]})"
    )


def plan_to_markdown(plan: Plan) -> str:
    """The plan as Markdown."""
    out = [f"# {_title(plan)}", ""]
    if plan.safety_concern is not None:
        out += ["## Before anything else", "", plan.safety_concern.message, ""]
        out += [f"- {line}" for line in plan.safety_concern.evidence[:10]]
        out.append("")
    for name, partner in plan.partners.items():
        role = partner.role.value if partner.role else None
        out += [f"## {name}", "", f"*{_role_text(role, partner.clarity)}*", ""]
        for n, step in enumerate(partner.steps, start=1):
            out += [
                f"### {n}. {step.title}",
                "",
                f"**Because:** {step.because}",
                "",
                f"**Practice:** {step.practice}",
                "",
            ]
            for ex in step.examples:
                said = NO_SOFTER if ex.softer is None else f"softer: {ex.softer}"
                out += [f"> {ex.original}", ">", f"> {said}", ""]
    if plan.expected_effect is not None:
        effect = plan.expected_effect
        out += ["## What the model expects", "", effect.sentence, ""]
        out += ["| week | without the plan | with the plan |", "| --- | --- | --- |"]
        for day, a, b in zip(effect.days, effect.without_plan, effect.with_plan, strict=True):
            out.append(f"| {day // 7} | {a:.3f} | {b:.3f} |")
        out.append("")
    out += ["## Limits", ""] + [f"- {note}" for note in plan.notes]
    return "\n".join(out) + "\n"


def effect_svg(effect: ExpectedEffect, *, width: int = 520, height: int = 200) -> str:
    """A small line chart of both arms as inline SVG (no scripts, no external files).

    Examples
    --------
    >>> from tandem.coaching.plan import ExpectedEffect
    >>> e = ExpectedEffect("s", "m", (7, 14), (0.4, 0.3), (0.3, 0.1), ("soften",), -0.3)
    >>> svg = effect_svg(e)
    >>> svg.startswith("<svg") and svg.count("<polyline") == 2
    True
    """
    left, right, top, bottom = 44, 12, 14, 34
    inner_w, inner_h = width - left - right, height - top - bottom
    peak = max(max(effect.without_plan, default=0.0), max(effect.with_plan, default=0.0)) or 1.0
    n = max(len(effect.days), 2)

    def points(values: tuple[float, ...]) -> str:
        return " ".join(
            f"{left + inner_w * k / (n - 1):.1f},{top + inner_h * (1 - v / peak):.1f}"
            for k, v in enumerate(values)
        )

    ticks = []
    for k, day in enumerate(effect.days):
        if k % max(1, len(effect.days) // 6) == 0:
            x = left + inner_w * k / (n - 1)
            ticks.append(
                f'<text x="{x:.1f}" y="{height - 16}" font-size="10" text-anchor="middle">'
                f"{day // 7}</text>"
            )
    label = html_escape(effect.metric)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>'
        f'<line x1="{left}" y1="{top + inner_h}" x2="{width - right}" y2="{top + inner_h}" '
        'stroke="#999"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + inner_h}" stroke="#999"/>'
        f'<text x="{left - 6}" y="{top + 4}" font-size="10" text-anchor="end">{peak:.2f}</text>'
        f'<text x="{left - 6}" y="{top + inner_h}" font-size="10" text-anchor="end">0</text>'
        f'<polyline fill="none" stroke="#b0b0b0" stroke-width="2" stroke-dasharray="5 3" '
        f'points="{points(effect.without_plan)}"><title>without the plan</title></polyline>'
        f'<polyline fill="none" stroke="#2e7d5b" stroke-width="2.5" '
        f'points="{points(effect.with_plan)}"><title>with the plan</title></polyline>'
        + "".join(ticks)
        + f'<text x="{left + inner_w / 2:.0f}" y="{height - 2}" font-size="10" '
        'text-anchor="middle">week</text>'
        f'<text x="{width - right}" y="{top + 10}" font-size="10" text-anchor="end" '
        'fill="#2e7d5b">— with the plan</text>'
        f'<text x="{width - right}" y="{top + 24}" font-size="10" text-anchor="end" '
        'fill="#888">- - without</text>'
        "</svg>"
    )


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:46rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
.role{color:#555;font-style:italic}.because{color:#444}
.safety{border:2px solid #b00020;padding:1rem;border-radius:6px;background:#fff5f5}
blockquote{margin:.5rem 0;padding:.4rem .8rem;border-left:3px solid #ccc;background:#fafafa}
.softer{border-left-color:#2e7d5b;background:#f3faf6}
.notes{color:#666;font-size:.9rem}
"""


def plan_to_html(plan: Plan) -> str:
    """The plan as one self-contained HTML page (inline CSS and SVG, no scripts)."""
    e = html_escape
    body = [f"<h1>{e(_title(plan))}</h1>"]
    if plan.safety_concern is not None:
        items = "".join(f"<li>{e(line)}</li>" for line in plan.safety_concern.evidence[:10])
        body.append(
            f'<section class="safety"><h2>Before anything else</h2>'
            f"<p>{e(plan.safety_concern.message)}</p><ul>{items}</ul></section>"
        )
    for name, partner in plan.partners.items():
        role = partner.role.value if partner.role else None
        body.append(f'<h2>{e(name)}</h2><p class="role">{e(_role_text(role, partner.clarity))}</p>')
        if not partner.steps:
            continue
        body.append("<ol>")
        for step in partner.steps:
            examples = "".join(
                f"<blockquote>{e(ex.original)}</blockquote>"
                + (
                    f'<p class="own-words">{e(NO_SOFTER)}</p>'
                    if ex.softer is None
                    else f'<blockquote class="softer">{e(ex.softer)}</blockquote>'
                )
                for ex in step.examples
            )
            body.append(
                f"<li><h3>{e(step.title)}</h3>"
                f'<p class="because"><strong>Because:</strong> {e(step.because)}</p>'
                f"<p><strong>Practice:</strong> {e(step.practice)}</p>{examples}</li>"
            )
        body.append("</ol>")
    if plan.expected_effect is not None:
        effect = plan.expected_effect
        body.append(
            f"<h2>What the model expects</h2><p>{e(effect.sentence)}</p>"
            f"<figure>{effect_svg(effect)}<figcaption>{e(effect.metric)}, by week</figcaption>"
            "</figure>"
        )
    notes = "".join(f"<p>{e(note)}</p>" for note in plan.notes)
    body.append(f'<section class="notes">{notes}</section>')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(_title(plan))}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
