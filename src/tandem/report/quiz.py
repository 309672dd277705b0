"""Terminal rendering of the quiz: the item list and a scored result.

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

from tandem.assessment import ItemBank, QuizResult, load_items

_ROLE_WORDS = {
    "pursuer": "the pressing side of the pattern",
    "distancer": "the pulling-away side of the pattern",
    "both": "both sides of the pattern",
    "neither": "neither side strongly",
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


def render_quiz(result: QuizResult) -> RenderableType:
    """The scored quiz: safety first if raised, then roles, scales, disagreements and limits."""
    bank = load_items()
    parts: list[RenderableType] = []
    if result.safety_concern is not None:
        body = Text(result.safety_concern.message + "\n\n")
        for line in result.safety_concern.evidence:
            body.append(f"• {line}\n")
        parts.append(Panel(body, title="Before anything else", border_style="red"))
    roles = Table(title="The pattern, as your answers describe it", show_lines=False)
    roles.add_column("partner")
    roles.add_column("role in the pattern")
    roles.add_column("clarity", justify="right")
    roles.add_column("from")
    for name in result.partners:
        estimate = result.roles[name]
        roles.add_row(
            escape(name),
            f"{estimate.role.value}: {_ROLE_WORDS[estimate.role.value]}",
            f"{estimate.confidence:.0%}",
            escape("\n".join(estimate.reasons)),
        )
    parts.append(roles)
    for scores in result.scores:
        table = Table(title=f"{scores.partner}'s answers (partner scales are about {scores.other})")
        table.add_column("scale")
        table.add_column("score", justify="right")
        table.add_column(f"{bank.low} … {bank.high}")
        table.add_column("answered", justify="right")
        for sid, sc in scores.scales.items():
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
    if result.disagreements:
        parts.append(
            Panel(
                Text("\n".join(f"• {d}" for d in result.disagreements)),
                title="Where your views differ",
            )
        )
    parts.append(
        Panel(Text("\n".join(f"• {d}" for d in result.limits)), title="What a quiz cannot tell")
    )
    return Group(*parts)
