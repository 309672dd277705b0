"""Terminal rendering of the quiz: the item list, one person's own result and the shared picture.

Examples
--------
>>> import io
>>> from rich.console import Console
>>> from tandem.assessment import load_items
>>> console = Console(file=io.StringIO(), width=100, color_system=None)
>>> console.print(render_items(load_items()))
>>> "sp_arg_1" in console.file.getvalue()
True
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tandem.assessment import ItemBank, QuizResult, SharedQuiz, load_items
from tandem.domain import RoleEstimate
from tandem.report.terms import CLARITY

_ROLE_WORDS = {
    "pursuer": "the pressing side of the pattern",
    "distancer": "the pulling-away side of the pattern",
    "both": "both sides of the pattern",
    "neither": "neither side strongly",
    "unclear": "no clear side",
}


def render_items(bank: ItemBank) -> RenderableType:
    """A table of every item: id, scale, arena, reverse-keyed and the statement."""
    table = Table(title=f"Tandem quiz: {len(bank.items)} statements, rated {bank.low}-{bank.high}")
    for column in ("id", "scale", "arena", "reverse", "statement"):
        table.add_column(column, overflow="fold")
    for item in bank.items:
        table.add_row(
            item.id, item.scale, item.arena, "yes" if item.reverse else "", escape(item.text)
        )
    return table


def _bar(score: float, low: int, high: int, width: int = 16) -> str:
    filled = round((score - low) / (high - low) * width)
    return "█" * filled + "·" * (width - filled)


def _roles_table(title: str, roles: list[tuple[str, RoleEstimate]]) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("partner")
    table.add_column("side of the pattern")
    table.add_column(CLARITY.name, justify="right")
    table.add_column("from")
    for name, estimate in roles:
        table.add_row(
            escape(name),
            f"{estimate.role.value}: {_ROLE_WORDS[estimate.role.value]}",
            CLARITY.value(estimate.confidence),
            escape("\n".join(estimate.reasons)),
        )
    return table


def _limits(limits: tuple[str, ...]) -> Panel:
    return Panel(Text("\n".join(f"• {d}" for d in limits)), title="What a quiz cannot tell")


def render_shared(shared: SharedQuiz) -> RenderableType:
    """The shared picture: what both partners and a therapist may see (no single answer).

    Each partner's side of the pattern from both views together, the couple's talk-through
    rating, where the views differ (without who said what) and the limits; never the self
    scales, a single view or anything about the safety questions.
    """
    parts: list[RenderableType] = [
        _roles_table(
            "The pattern, from both your views together",
            [(p.name, p.role) for p in shared.partners],
        )
    ]
    scores = Table(title=f"Both views together ({shared.low} … {shared.high})")
    scores.add_column("partner")
    scores.add_column("pressing", justify="right")
    scores.add_column("pulling away", justify="right")
    for p in shared.partners:
        scores.add_row(escape(p.name), f"{p.pursue:.1f}", f"{p.withdraw:.1f}")
    parts.append(scores)
    if shared.constructive is not None:
        parts.append(
            Text(
                f"Talking things through together: {shared.constructive:.1f} of {shared.high} "
                "(both your ratings together)."
            )
        )
    if shared.disagreements:
        parts.append(
            Panel(
                Text("\n".join(f"• {d}" for d in shared.disagreements)),
                title="Where your views differ",
            )
        )
    parts.append(_limits(shared.limits))
    return Group(*parts)


def render_own(result: QuizResult, name: str | None = None) -> RenderableType:
    """One person's own result, for their eyes only: every scale, the arenas, their safety note.

    ``name`` is whose result to show (default: the first answer sheet's author); nothing from
    another person's answers is shown.
    """
    bank = load_items()
    name = name or result.scores[0].partner
    scores = next(s for s in result.scores if s.partner == name)
    parts: list[RenderableType] = []
    concern = result.safety_for(name, bank)
    if concern is not None:
        body = Text(concern.message + "\n\n")
        for line in concern.evidence:
            body.append(f"• {line}\n")
        title = "Before anything else (only you see this)"
        parts.append(Panel(body, title=title, border_style="red"))
    own_views = [v for v in result.views if v.reporter == name]
    parts.append(
        _roles_table(
            f"The pattern, as {name}'s own answers describe it",
            [(v.about, v.estimate) for v in own_views],
        )
    )
    table = Table(title=f"{scores.partner}'s answers (partner scales are about {scores.other})")
    table.add_column("scale")
    table.add_column("score", justify="right")
    table.add_column(f"{bank.low} … {bank.high}")
    table.add_column("answered", justify="right")
    for sid, sc in scores.scales.items():
        if sid == "safety":
            continue  # said in words above, never as a number that could be read over a shoulder
        label = bank.scales[sid].label if sid in bank.scales else sid
        table.add_row(
            f"{escape(label)} ({sid})",
            f"{sc.score:.1f}",
            _bar(sc.score, sc.low, sc.high),
            f"{sc.answered}/{sc.n_items}",
        )
    parts.append(table)
    patterns = scores.patterns
    parts.append(
        Text(
            f"As {scores.partner} sees it: {scores.partner} presses while {scores.other} "
            f"pulls away {patterns['self_demand_partner_withdraw']:.1f} of {bank.high}; "
            f"{scores.other} presses while {scores.partner} pulls away "
            f"{patterns['partner_demand_self_withdraw']:.1f} of {bank.high}."
        )
    )
    if scores.arenas:
        arenas = Table(title=f"Where it shows for {scores.partner} (own answers)")
        arenas.add_column("arena")
        arenas.add_column("presses", justify="right")
        arenas.add_column("pulls away", justify="right")
        for arena, row in scores.arenas.items():
            arenas.add_row(arena, f"{row['pursue']:.1f}", f"{row['withdraw']:.1f}")
        parts.append(arenas)
    parts.append(Text("These are your own answers: nobody else is shown them."))
    parts.append(_limits(result.limits))
    return Group(*parts)
