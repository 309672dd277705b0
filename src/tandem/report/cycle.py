"""The cycle analysis in the terminal (Rich) and as JSON.

``render_cycle`` returns one Rich renderable; ``cycle_json`` returns the JSON text. With
``me`` set, the text speaks to that partner ("you") and names the other.

Examples
--------
>>> import io
>>> import numpy as np
>>> from rich.console import Console
>>> from tandem.analysis import analyze_cycle
>>> result = analyze_cycle((), partners=("Sam", "Alex"), rng=np.random.default_rng(0))
>>> console = Console(file=io.StringIO(), width=100, color_system=None)
>>> console.print(render_cycle(result))
>>> "no messages from the couple" in console.file.getvalue()
True
"""

from __future__ import annotations

import json
import math
from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tandem.analysis.coupling import Estimate
from tandem.analysis.cycle import (
    STATUS_LANGUAGE,
    STATUS_THIN,
    CycleAnalysis,
    Voice,
    reasons_for,
)
from tandem.analysis.episodes import GOTTMAN_RATIO
from tandem.report.terms import CLARITY, LOOP_STRENGTH, coder_name

ROLE_WORDS = {
    "pursuer": "pursues (the pressing side)",
    "distancer": "distances (the pulling-away side)",
    "both": "both presses and pulls away",
    "neither": "is on neither side much",
    "unclear": "shows no clear side yet (too few or mixed signs)",
}
"""How a role reads in a sentence."""

STATUS_TITLES = {
    STATUS_THIN: "Too little to go on",
    STATUS_LANGUAGE: "Not a language Tandem reads yet",
}
"""The heading over a status message when roles are withheld (safety has its own panel)."""

ENDING_WORDS = {
    "time-out": "an announced break",
    "repair": "a repair",
    "left": "someone leaving",
    "faded": "it fading out",
}
"""How an episode ending reads."""


def fmt_estimate(e: Estimate, digits: int = 2) -> str:
    """``+0.42 [0.21, 0.60]`` or ``not estimable``.

    Examples
    --------
    >>> fmt_estimate(Estimate(0.4213, 0.21, 0.6))
    '+0.42 [+0.21, +0.60]'
    >>> fmt_estimate(Estimate(None))
    'not estimable'
    """
    if e.value is None:
        return "not estimable"
    s = f"{e.value:+.{digits}f}"
    if e.low is not None and e.high is not None:
        s += f" [{e.low:+.{digits}f}, {e.high:+.{digits}f}]"
    return s


def loop_sentence(analysis: CycleAnalysis, me: str | None = None) -> str:
    """One plain sentence about the loop's strength."""
    loop = analysis.loop
    if loop is None or loop.gain.value is None:
        return "The loop's strength could not be measured from these messages."
    v = Voice(me)
    pur, dis = analysis.name(loop.pursuer), analysis.name(loop.distancer)
    a, b = loop.pursuit_to_withdrawal, loop.withdrawal_to_pursuit
    both_up = (a.low or 0) > 0 and (b.low or 0) > 0
    if both_up:
        head = "Each move makes the other's more likely: the loop feeds itself"
    elif (a.value or 0) > 0 and (b.value or 0) > 0:
        head = "Both effects point the loop's way, but at least one is not clearly above zero"
    else:
        head = "These messages do not show the two moves feeding each other"
    return (
        f"{head}. After {v.obj(pur)} pressed, {v.obj(dis)} pulled back "
        f"{_pp(a.value)}; after {v.obj(dis)} pulled back, {v.obj(pur)} pressed "
        f"{_pp(b.value)} ({LOOP_STRENGTH.show(loop.gain.value)})."
    )


def _pp(x: float | None) -> str:
    if x is None:
        return "by an unknown amount"
    if abs(x) < 0.005:
        return "about as often as otherwise"
    word = "more" if x >= 0 else "less"
    return f"{abs(x) * 100:.0f} percentage points {word} often"


def headline(analysis: CycleAnalysis, me: str | None = None) -> str:
    """One sentence naming each partner's role (the reader first when ``me`` is set)."""
    v = Voice(me)
    names = sorted(analysis.partners, key=lambda n: n != me)
    parts = []
    for i, name in enumerate(names):
        s = analysis.summaries[name]
        if s.role is None:
            continue
        verb = ROLE_WORDS[s.role.role.value]
        if name == me:
            verb = verb.replace("pursues", "pursue").replace("distances", "distance")
            verb = verb.replace("presses and pulls", "press and pull").replace("is on", "are on")
        who = v.subj(name) if i == 0 else v.obj(name)
        mostly = "mostly " if s.role.role.value in ("pursuer", "distancer") else ""
        parts.append(f"{who} {mostly}{verb}, {CLARITY.show(s.role.confidence)}")
    return "; ".join(parts) + "." if parts else ""


def render_cycle(
    analysis: CycleAnalysis, *, me: str | None = None, coder: str = ""
) -> RenderableType:
    """The terminal summary of a cycle analysis.

    Parameters
    ----------
    analysis : CycleAnalysis
        The result.
    me : str, optional
        The reader's name; the text then says "you" for them.
    coder : str
        The ``tandem.coding`` name of the coder that read the messages, named under the
        heading (as in the HTML report); nothing is said for ``""`` or a name Tandem does not
        know.

    Returns
    -------
    RenderableType
        A group of panels and tables.
    """
    v = Voice(me)
    a, b = analysis.partners
    span = ""
    if analysis.start and analysis.end:
        span = f", {analysis.start:%d %b %Y} – {analysis.end:%d %b %Y}"
    parts: list[RenderableType] = [
        Text(
            f"Tandem · the pursue–withdraw cycle of {a} and {b}: "
            f"{analysis.n_messages:,} messages{span}",
            style="bold",
        )
    ]
    if coder_name(coder):
        parts.append(Text(f"Messages read by {coder_name(coder)}.", style="dim"))
    concern = analysis.safety_concern
    if concern is not None:
        body = Text(concern.message + "\n\n")
        for line in concern.evidence[:8]:
            body.append(f"• {line}\n")
        parts.append(Panel(body, title="Before anything else", border_style="red"))
    elif analysis.status != "ok":
        title = STATUS_TITLES.get(analysis.status, STATUS_TITLES[STATUS_THIN])
        parts.append(Panel(Text(analysis.status_message), title=title, border_style="yellow"))
    read = analysis.status != STATUS_LANGUAGE  # otherwise the codes are English on non-English

    table = Table(title="Moves per partner (share of their messages)", title_justify="left")
    for col, just in (
        ("partner", "left"),
        ("role", "left"),
        ("press", "right"),
        ("pull back", "right"),
        ("constr.", "right"),
        ("runs", "right"),
        ("reply", "right"),
        ("timing alone", "left"),
    ):
        table.add_column(
            col,
            justify=just,  # type: ignore[arg-type]
            no_wrap=col not in ("role", "timing alone"),
            min_width=4 if col == "role" else None,
        )
    for name in analysis.partners:
        s = analysis.summaries[name]
        lat = s.median_latency_min
        table.add_row(
            escape(name + (" (you)" if name == me else "")),
            f"{s.role.role.value} {CLARITY.value(s.role.confidence)}" if s.role else "—",
            f"{s.rates.pursue:.0%}" if read else "—",
            f"{s.rates.distance:.0%}" if read else "—",
            f"{s.rates.constructive:.0%}" if read else "—",
            str(s.n_bursts),
            "—" if lat is None else (f"{lat:.0f} min" if lat < 90 else f"{lat / 60:.1f} h"),
            s.baseline_role.value if analysis.status == "ok" else "—",
        )
    table.caption = (
        "runs: unanswered runs of messages · reply: typical reply time · timing alone: the "
        "baseline that reads only timestamps"
    )
    parts.append(table)

    if analysis.status == "ok":
        head = headline(analysis, me)
        if head:
            parts.append(Text(head, style="bold"))
        for name in analysis.partners:
            reasons = reasons_for(analysis, name, me=me)
            if reasons:
                body = Text()
                for r in reasons:
                    body.append(f"• {r}\n")
                parts.append(Panel(body, title=f"Why: {v.subj(name)}", border_style="cyan"))
        pol = analysis.polarity
        parts.append(
            Text(
                f"Demand–withdraw: {a} pressing while {b} pulled back in "
                f"{pol.a_demand_b_withdraw:.0%} of exchanges; {b} pressing while {a} pulled back "
                f"in {pol.b_demand_a_withdraw:.0%} (polarity {pol.polarity:+.2f}, "
                f"{pol.n_pairs} exchanges)."
            )
        )
        loop = analysis.loop
        if loop is not None:
            lt = Table(
                title="The loop (turn to turn, 95% bootstrap intervals)", title_justify="left"
            )
            lt.add_column("effect")
            lt.add_column("estimate", justify="right")
            pur, dis = analysis.name(loop.pursuer), analysis.name(loop.distancer)
            lt.add_row(
                f"{pur}'s pressing → {dis}'s next pulling back",
                fmt_estimate(loop.pursuit_to_withdrawal),
            )
            lt.add_row(
                f"{dis}'s pulling back → {pur}'s next pressing",
                fmt_estimate(loop.withdrawal_to_pursuit),
            )
            lt.add_row(f"{pur} keeps pressing (own carry-over)", fmt_estimate(loop.pursuer_inertia))
            lt.add_row(
                f"{dis} keeps pulling back (own carry-over)", fmt_estimate(loop.distancer_inertia)
            )
            lt.add_row(
                f"{LOOP_STRENGTH.name} (the two effects multiplied)", fmt_estimate(loop.gain, 3)
            )
            parts.append(lt)
            parts.append(Text(loop_sentence(analysis, me)))

    if analysis.episodes:
        et = Table(title=f"Heated exchanges ({len(analysis.episodes)})", title_justify="left")
        for col in ("#", "when", "started by", "messages", "ended with", "constructive : harmful"):
            et.add_column(col)
        for e in analysis.episodes[:30]:
            ended = ENDING_WORDS[e.ending]
            if e.ended_by:
                ended += f" ({v.obj(e.ended_by)})"
            et.add_row(
                str(e.number),
                f"{e.start_time:%d %b %H:%M}" if e.start_time else "—",
                v.subj(e.started_by),
                str(e.n_messages),
                ended,
                f"{e.n_constructive} : {e.n_harmful}",
            )
        if len(analysis.episodes) > 30:
            et.caption = f"… and {len(analysis.episodes) - 30} more (see --json or --html)"
        parts.append(et)
        ratio = analysis.conflict_ratio
        if ratio is not None:
            parts.append(
                Text(
                    f"Inside these exchanges: {ratio:.2f} constructive moves per harmful one. "
                    f"Gottman's studies found stable couples near {GOTTMAN_RATIO:.0f} : 1 during "
                    "conflict; it is a reference line, not a grade."
                )
            )
    parts.append(
        Text(
            "This describes patterns in these messages, not people, and is no diagnosis. A chat "
            "shows only part of a relationship.",
            style="dim",
        )
    )
    return Group(*parts)


def cycle_json(analysis: CycleAnalysis, *, indent: int | None = 2) -> str:
    """Every figure of the analysis as JSON text (keys in ``docs/analysis.md``).

    Examples
    --------
    >>> import numpy as np
    >>> from tandem.analysis import analyze_cycle
    >>> r = analyze_cycle((), partners=("Sam", "Alex"), rng=np.random.default_rng(0))
    >>> json.loads(cycle_json(r))["partners"]["Sam"]["role"] is None
    True
    """
    data = _finite(analysis.to_dict())
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False, default=str)


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinity replaced by ``None`` (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
