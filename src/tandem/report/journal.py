"""The journal on screen and as a chart: entries, check-ins, weekly trends, before and after.

``render_*`` functions return Rich renderables for the terminal; :func:`trends_chart` draws the
weekly trends with Matplotlib as PNG or SVG bytes (the web app can inline :func:`trends_svg`).

Examples
--------
>>> import io
>>> from datetime import datetime
>>> from rich.console import Console
>>> from tandem.analysis.journal_trends import journal_trends
>>> from tandem.domain import Code, Ending, JournalEntry, Partner
>>> e = JournalEntry(occurred_at=datetime(2024, 3, 4, 21), topic="dishes", raised_by=Partner.A,
...                  intensity=6, moves_a=(Code.PRESSURE,), moves_b=(Code.WITHDRAWAL,),
...                  ending=Ending.PAUSED, minutes_to_reconnect=40)
>>> out = io.StringIO()
>>> Console(file=out, width=100, color_system=None).print(render_trends(journal_trends([e])))
>>> "2024-W10" in out.getvalue()
True
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Literal

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tandem.analysis.journal_trends import JournalTrends, PeriodSummary
from tandem.domain import SIDE_OF, CheckIn, Code, JournalEntry, Partner, Side
from tandem.report.charts import PALETTE

_SIDE_STYLE = {
    Side.PURSUE: "dark_orange3",
    Side.DISTANCE: "steel_blue",
    Side.CONSTRUCTIVE: "green",
    Side.NEUTRAL: "grey50",
}


def _moves(codes: Sequence[Code]) -> Text:
    if not codes:
        return Text("-", style="grey50")
    text = Text()
    for i, code in enumerate(codes):
        if i:
            text.append(", ")
        text.append(code.value, style=_SIDE_STYLE[SIDE_OF[code]])
    return text


def _fmt(value: float | None, pattern: str = "{:.1f}") -> str:
    return "-" if value is None else pattern.format(value)


def render_journal(
    entries: Sequence[JournalEntry], *, partners: tuple[str, str] = ("A", "B")
) -> RenderableType:
    """The conflict entries, oldest first, a few lines each (readable in a narrow terminal).

    Parameters
    ----------
    entries : sequence of JournalEntry
        As :func:`tandem.store.repository.list_journal_entries` returns them.
    partners : tuple of (str, str)
        Names of partner A and B.

    Examples
    --------
    >>> import io
    >>> from datetime import datetime
    >>> from rich.console import Console
    >>> from tandem.domain import Ending
    >>> e = JournalEntry(occurred_at=datetime(2024, 3, 4, 21), topic="dishes",
    ...                  raised_by=Partner.B, intensity=6, moves_a=(Code.PRESSURE,),
    ...                  moves_b=(), ending=Ending.WALKED_AWAY)
    >>> out = io.StringIO()
    >>> Console(file=out, width=100, color_system=None).print(
    ...     render_journal([e], partners=("Sam", "Alex")))
    >>> for line in out.getvalue().splitlines():
    ...     print(line.rstrip())
    2024-03-04 21:00  dishes
      raised by Alex · intensity 6/10 · walked away · not reconnected yet
      Sam: pressure
      Alex: -
    """
    if not entries:
        return Text("No conflicts written down yet.", style="grey50")
    name = dict(zip(Partner, partners, strict=True))
    blocks: list[RenderableType] = []
    for e in entries:
        head = Text()
        head.append(e.occurred_at.strftime("%Y-%m-%d %H:%M"), style="bold")
        head.append("  ")
        head.append(e.topic)
        if e.occurred_at.tzinfo is not None:
            head.append(f"  ({e.occurred_at:%z})", style="grey50")
        reconnect = (
            "not reconnected yet"
            if e.minutes_to_reconnect is None
            else f"reconnected after {e.minutes_to_reconnect} min"
        )
        facts = Text(
            f"raised by {name[e.raised_by]} · intensity {e.intensity}/10 · "
            f"{e.ending.value.replace('_', ' ')} · {reconnect}"
        )
        body: list[RenderableType] = [facts]
        for partner in Partner:
            line = Text(f"{name[partner]}: ")
            line.append_text(_moves(e.moves_of(partner)))
            body.append(line)
        if e.notes.strip():
            body.append(Text(e.notes.strip(), style="italic"))
        meta = []
        if e.author is not None:
            meta.append(f"written by {name[e.author]}")
        if e.id:
            meta.append(f"id {e.id[:8]}")
        if meta:
            body.append(Text(" · ".join(meta), style="grey50"))
        lines: list[RenderableType] = [head, Padding(Group(*body), (0, 0, 0, 2), expand=False)]
        blocks.append(Group(*lines))
    return Group(*_spaced(blocks))


def _spaced(blocks: list[RenderableType]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for i, block in enumerate(blocks):
        if i:
            out.append(Text(""))
        out.append(block)
    return out


def render_checkins(
    checkins: Sequence[CheckIn], *, partners: tuple[str, str] = ("A", "B")
) -> RenderableType:
    """Practice check-ins as a table, oldest first."""
    if not checkins:
        return Text("No practice check-ins yet.", style="grey50")
    name = dict(zip(Partner, partners, strict=True))
    table = Table(title="Practice check-ins", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("when", "who", "step", "done", "went (1-5)", "note"):
        table.add_column(column)
    for c in checkins:
        table.add_row(
            c.occurred_at.strftime("%Y-%m-%d %H:%M"),
            escape(name[c.partner]),
            escape(c.step_title),
            "yes" if c.done else "no",
            "-" if c.went is None else str(c.went),
            escape(c.note.replace("\n", " ")),
        )
    return table


def _period_column(p: PeriodSummary) -> list[str]:
    return [
        "-" if p.start is None else f"{p.start} to {p.end}",
        str(p.n_entries),
        _fmt(p.conflicts_per_week),
        _fmt(p.pursue_per_week),
        _fmt(p.withdraw_per_week),
        _fmt(p.constructive_ratio, "{:.0%}"),
        _fmt(p.median_minutes_to_reconnect, "{:.0f} min"),
        _fmt(p.mean_intensity),
    ]


_PERIOD_ROWS = (
    "dates",
    "conflicts",
    "conflicts / week",
    "pursue moves / week",
    "withdraw moves / week",
    "constructive ratio",
    "median minutes to reconnect",
    "mean intensity",
)


def render_trends(trends: JournalTrends) -> RenderableType:
    """Weekly figures, practice and (when there is a plan) before versus after."""
    parts: list[RenderableType] = []
    if trends.weeks:
        weekly = Table(title="Per week", title_justify="left", box=box.SIMPLE_HEAD)
        weekly.add_column("week")
        for column in ("conflicts", "pursue", "withdraw", "constructive", "ratio", "reconnect"):
            weekly.add_column(column, justify="right")
        for w in trends.weeks:
            weekly.add_row(
                w.week,
                str(w.n_entries),
                str(w.pursue_moves),
                str(w.withdraw_moves),
                str(w.constructive_moves),
                _fmt(w.constructive_ratio, "{:.0%}"),
                _fmt(w.median_minutes_to_reconnect, "{:.0f} min"),
            )
        parts.append(weekly)
        parts.append(
            Text(
                "ratio: constructive moves over all pursue, withdraw and constructive moves; "
                "reconnect: median minutes until close again.",
                style="grey50",
            )
        )
    if trends.practice:
        practice = Table(title="Practice per week", title_justify="left", box=box.SIMPLE_HEAD)
        practice.add_column("week")
        for column in ("check-ins", "done", "went (1-5)"):
            practice.add_column(column, justify="right")
        for p in trends.practice:
            practice.add_row(p.week, str(p.n_checkins), str(p.n_done), _fmt(p.mean_went))
        parts.append(practice)
    if trends.before_after is not None:
        ba = trends.before_after
        table = Table(
            title=f"Before and after the plan started ({ba.plan_start})",
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        table.add_column("")
        table.add_column("before", justify="right")
        table.add_column("after", justify="right")
        for label, before, after in zip(
            _PERIOD_ROWS, _period_column(ba.before), _period_column(ba.after), strict=True
        ):
            table.add_row(label, before, after)
        parts.append(table)
    for note in trends.notes:
        parts.append(Text(note, style="italic grey50"))
    return Group(*parts)


def trends_chart(
    trends: JournalTrends,
    *,
    fmt: Literal["png", "svg"] = "png",
    width_in: float = 8.0,
    dpi: int = 110,
) -> bytes:
    """Weekly pursue/withdraw moves, constructive ratio and minutes to reconnect, as one image.

    Three stacked panels share the week axis; a dashed line marks the plan start. The output is
    the same bytes for the same input (no timestamp in the file).

    Parameters
    ----------
    trends : JournalTrends
        From :func:`tandem.analysis.journal_trends.journal_trends`.
    fmt : {"png", "svg"}
        Image format.
    width_in : float
        Width in inches (height follows).
    dpi : int
        Resolution of a PNG.

    Returns
    -------
    bytes
        The image file.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"fmt must be 'png' or 'svg', got {fmt!r}")
    import matplotlib
    from matplotlib.figure import Figure

    weeks = trends.weeks
    x = list(range(len(weeks)))
    labels = [w.week[2:] for w in weeks]
    with matplotlib.rc_context({"svg.hashsalt": "tandem", "font.size": 9}):
        fig = Figure(figsize=(width_in, width_in * 0.8), dpi=dpi, layout="constrained")
        fig.patch.set_facecolor(PALETTE["paper"])
        if not weeks:
            empty = fig.subplots()
            empty.set_axis_off()
            empty.text(0.5, 0.5, "No journal entries yet", ha="center", va="center")
            return _save(fig, fmt)
        moves, ratio, reconnect = fig.subplots(3, 1, sharex=True)
        bar = 0.4
        moves.bar(
            [i - bar / 2 for i in x],
            [w.pursue_moves for w in weeks],
            bar,
            color=PALETTE["pursue"],
            label="pursue moves",
        )
        moves.bar(
            [i + bar / 2 for i in x],
            [w.withdraw_moves for w in weeks],
            bar,
            color=PALETTE["distance"],
            label="withdraw moves",
        )
        moves.set_ylabel("moves")
        moves.legend(loc="upper right", frameon=False)
        points = [(i, w.constructive_ratio) for i, w in zip(x, weeks, strict=True)]
        kept = [(i, r) for i, r in points if r is not None]
        ratio.plot(
            [i for i, _ in kept],
            [r for _, r in kept],
            marker="o",
            color=PALETTE["constructive"],
        )
        ratio.set_ylim(-0.05, 1.05)
        ratio.set_ylabel("constructive\nratio")
        times = [
            (i, w.median_minutes_to_reconnect)
            for i, w in zip(x, weeks, strict=True)
            if w.median_minutes_to_reconnect is not None
        ]
        reconnect.plot(
            [i for i, _ in times], [t for _, t in times], marker="o", color=PALETTE["ink"]
        )
        reconnect.set_ylabel("minutes to\nreconnect")
        reconnect.set_ylim(bottom=0)
        reconnect.set_xticks(x, labels, rotation=45, ha="right")
        if trends.before_after is not None and weeks:
            start = trends.before_after.plan_start
            offset = (start - weeks[0].week_start).days / 7 - 0.5
            for axis in (moves, ratio, reconnect):
                axis.axvline(offset, color=PALETTE["muted"], linestyle="--", linewidth=1)
            moves.annotate(
                "plan starts",
                (offset, 1),
                xycoords=("data", "axes fraction"),
                xytext=(3, -12),
                textcoords="offset points",
                color=PALETTE["muted"],
            )
        for axis in (moves, ratio, reconnect):
            axis.set_facecolor(PALETTE["paper"])
            axis.spines[["top", "right"]].set_visible(False)
        return _save(fig, fmt)


def _save(fig: Any, fmt: str) -> bytes:
    # No date or software version in the file, so the same trends give the same bytes.
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, metadata=metadata, facecolor=fig.get_facecolor())
    return buffer.getvalue()


def trends_svg(trends: JournalTrends) -> str:
    """:func:`trends_chart` as an ``<svg>`` element to put inside an HTML page."""
    text = trends_chart(trends, fmt="svg").decode("utf-8")
    return text[text.index("<svg") :]
