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
from typing import Literal

from rich.console import Group, RenderableType
from rich.markup import escape
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
    """The conflict entries as a table, oldest first.

    Parameters
    ----------
    entries : sequence of JournalEntry
        As :func:`tandem.store.repository.list_journal_entries` returns them.
    partners : tuple of (str, str)
        Names of partner A and B for the column headers.
    """
    if not entries:
        return Text("No conflicts written down yet.", style="grey50")
    name = dict(zip(Partner, partners, strict=True))
    table = Table(title="Journal", title_justify="left", show_lines=False)
    table.add_column("when", no_wrap=True)
    table.add_column("topic")
    table.add_column("raised by")
    table.add_column("int.", justify="right")
    table.add_column(escape(partners[0]))
    table.add_column(escape(partners[1]))
    table.add_column("ending")
    table.add_column("reconnected", justify="right")
    table.add_column("id", style="grey50", no_wrap=True)
    for e in entries:
        table.add_row(
            e.occurred_at.strftime("%Y-%m-%d %H:%M"),
            escape(e.topic),
            escape(name[e.raised_by]),
            str(e.intensity),
            _moves(e.moves_a),
            _moves(e.moves_b),
            e.ending.value.replace("_", " "),
            "-" if e.minutes_to_reconnect is None else f"{e.minutes_to_reconnect} min",
            (e.id or "")[:8],
        )
    return table


def render_checkins(
    checkins: Sequence[CheckIn], *, partners: tuple[str, str] = ("A", "B")
) -> RenderableType:
    """Practice check-ins as a table, oldest first."""
    if not checkins:
        return Text("No practice check-ins yet.", style="grey50")
    name = dict(zip(Partner, partners, strict=True))
    table = Table(title="Practice check-ins", title_justify="left")
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


def _period_row(table: Table, p: PeriodSummary) -> None:
    table.add_row(
        p.label,
        "-" if p.start is None else f"{p.start} to {p.end}",
        str(p.n_entries),
        _fmt(p.pursue_per_week),
        _fmt(p.withdraw_per_week),
        _fmt(p.constructive_ratio, "{:.0%}"),
        _fmt(p.median_minutes_to_reconnect, "{:.0f} min"),
    )


def render_trends(trends: JournalTrends) -> RenderableType:
    """Weekly figures, practice and (when there is a plan) before versus after."""
    parts: list[RenderableType] = []
    if trends.weeks:
        weekly = Table(title="Per week", title_justify="left")
        for column, justify in (
            ("week", "left"),
            ("conflicts", "right"),
            ("pursue", "right"),
            ("withdraw", "right"),
            ("constructive", "right"),
            ("constructive ratio", "right"),
            ("median reconnect", "right"),
        ):
            weekly.add_column(column, justify=justify)  # type: ignore[arg-type]
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
    if trends.practice:
        practice = Table(title="Practice per week", title_justify="left")
        for column in ("week", "check-ins", "done", "went (mean 1-5)"):
            practice.add_column(column)
        for p in trends.practice:
            practice.add_row(p.week, str(p.n_checkins), str(p.n_done), _fmt(p.mean_went))
        parts.append(practice)
    if trends.before_after is not None:
        ba = trends.before_after
        table = Table(title=f"Before and after the plan ({ba.plan_start})", title_justify="left")
        for column in (
            "",
            "dates",
            "conflicts",
            "pursue / week",
            "withdraw / week",
            "constructive ratio",
            "median reconnect",
        ):
            table.add_column(column)
        _period_row(table, ba.before)
        _period_row(table, ba.after)
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
        moves, ratio, reconnect = fig.subplots(3, 1, sharex=True)
        if not weeks:
            moves.text(0.5, 0.5, "No journal entries yet", ha="center", va="center")
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
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata, facecolor=fig.get_facecolor())
    return buffer.getvalue()


def trends_svg(trends: JournalTrends) -> str:
    """:func:`trends_chart` as an ``<svg>`` element to put inside an HTML page."""
    text = trends_chart(trends, fmt="svg").decode("utf-8")
    return text[text.index("<svg") :]
