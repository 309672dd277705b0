"""Small inline-SVG charts for self-contained reports: timeline, bars, loop diagram, gauge.

Every function returns an ``<svg>`` string with no external reference (no fonts, scripts or
images to fetch), so a report opens offline and can be mailed as one file. Text is escaped.
Colours follow :data:`PALETTE`; other report modules may reuse these helpers.

Examples
--------
>>> svg = bars_svg([("pursue", 0.4, PALETTE["pursue"])], title="Sam")
>>> svg.startswith("<svg") and "40%" in svg
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from tandem.report.terms import LOOP_STRENGTH

PALETTE = {
    "pursue": "#d9734e",
    "distance": "#4a6fa5",
    "constructive": "#5fa37f",
    "partner_a": "#7b5ea7",
    "partner_b": "#8a6a3d",
    "partner_a_soft": "#c4b5dc",
    "partner_b_soft": "#d3c2a6",
    "neutral": "#c9c4bb",
    "episode": "#f2c879",
    "ink": "#2f2a26",
    "muted": "#7a726a",
    "grid": "#e6e0d6",
    "paper": "#fffdf9",
}
"""Colours: warm for pursuing, cool for distancing, green for constructive moves."""

MAX_LABELLED_EPISODES = 40
"""Above this many episodes the timeline merges their bands and drops the numbers."""

_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def _t(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 12,
    anchor: str = "start",
    color: str = PALETTE["ink"],
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{color}" font-weight="{weight}" style="{_FONT}">{escape(text)}</text>'
    )


def timeline_svg(
    *,
    counts: Mapping[str, Mapping[str, Sequence[int]]],
    partners: tuple[str, str],
    labels: Sequence[str],
    episodes: Sequence[tuple[float, float, str]] = (),
    width: int = 1000,
    height: int = 300,
) -> str:
    """Both partners' moves along the conversation, episodes shaded.

    Parameters
    ----------
    counts : dict
        Per partner name, per side (``pursue``, ``distance``, ``constructive``), counts per bin.
    partners : tuple of (str, str)
        Names; the first is drawn above the axis, the second below.
    labels : sequence of str
        A date label per bin (``""`` when unknown).
    episodes : sequence of (float, float, str)
        Start and end as shares of the conversation in ``[0, 1]``, and a label.
    width, height : int
        Size in pixels.

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> c = {"A": {"pursue": [1, 0], "distance": [0, 0], "constructive": [0, 1]},
    ...      "B": {"pursue": [0, 0], "distance": [2, 0], "constructive": [0, 0]}}
    >>> "<rect" in timeline_svg(counts=c, partners=("A", "B"), labels=["1 Mar", "2 Mar"])
    True
    """
    left, right, top, bottom = 90, 20, 34, 40
    plot_w = width - left - right
    plot_h = height - top - bottom
    mid = top + plot_h / 2
    n_bins = max((len(v) for c in counts.values() for v in c.values()), default=0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="Timeline of both partners\' moves">'
    ]
    out.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="{PALETTE["paper"]}"/>')
    if len(episodes) <= MAX_LABELLED_EPISODES:
        for x0, x1, label in episodes:
            ex = left + x0 * plot_w
            ew = max(2.0, (x1 - x0) * plot_w)
            out.append(
                f'<rect x="{ex:.1f}" y="{top}" width="{ew:.1f}" height="{plot_h}" '
                f'fill="{PALETTE["episode"]}" opacity="0.35"><title>{escape(label)}</title></rect>'
            )
            out.append(
                _t(
                    ex + ew / 2,
                    top - 6,
                    label.split(":")[0],
                    size=10,
                    anchor="middle",
                    color=PALETTE["muted"],
                )
            )
    else:
        # Too many to draw one by one: merge bands that touch at this width, no labels.
        spans: list[list[float]] = []
        for x0, x1, _ in sorted(episodes):
            a, b = left + x0 * plot_w, left + max(x1 * plot_w, x0 * plot_w + 2.0)
            if spans and a <= spans[-1][1] + 1.0:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        for a, b in spans:
            out.append(
                f'<rect x="{a:.1f}" y="{top}" width="{b - a:.1f}" height="{plot_h}" '
                f'fill="{PALETTE["episode"]}" opacity="0.35"/>'
            )
        out.append(
            _t(
                left,
                top - 8,
                f"{len(episodes):,} heated exchanges (shaded)",
                size=11,
                color=PALETTE["muted"],
            )
        )
    if n_bins:
        peak = 1
        for name in partners:
            c = counts.get(name, {})
            for i in range(n_bins):
                tot = sum(c.get(s, [0] * n_bins)[i] for s in ("pursue", "distance", "constructive"))
                peak = max(peak, tot)
        scale = (plot_h / 2 - 6) / peak
        bw = plot_w / n_bins
        for lane, name in enumerate(partners):
            c = counts.get(name, {})
            for i in range(n_bins):
                acc = 0.0
                for side in ("pursue", "distance", "constructive"):
                    v = c.get(side, [0] * n_bins)[i]
                    if not v:
                        continue
                    h = v * scale
                    x = left + i * bw + 0.5
                    y = mid - acc - h if lane == 0 else mid + acc
                    out.append(
                        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bw - 1, 1):.1f}" '
                        f'height="{h:.1f}" fill="{PALETTE[side]}" rx="1">'
                        f"<title>{escape(name)}: {v} {side}</title></rect>"
                    )
                    acc += h
        # Date ticks: about eight, at the first bin of each label change.
        step = max(1, n_bins // 8)
        last = ""
        for i in range(0, n_bins, step):
            lab = labels[i] if i < len(labels) else ""
            if lab and lab != last:
                x = left + i * bw
                out.append(
                    f'<line x1="{x:.1f}" y1="{top + plot_h}" x2="{x:.1f}" '
                    f'y2="{top + plot_h + 4}" stroke="{PALETTE["muted"]}"/>'
                )
                out.append(
                    _t(x, top + plot_h + 17, lab, size=11, anchor="middle", color=PALETTE["muted"])
                )
                last = lab
    out.append(
        f'<line x1="{left}" y1="{mid}" x2="{left + plot_w}" y2="{mid}" '
        f'stroke="{PALETTE["ink"]}" stroke-width="1"/>'
    )
    out.append(_t(left - 10, top + plot_h / 4 + 4, partners[0], anchor="end", weight="600"))
    out.append(_t(left - 10, top + 3 * plot_h / 4 + 4, partners[1], anchor="end", weight="600"))
    lx = left
    for side, word in (
        ("pursue", "pressing"),
        ("distance", "pulling back"),
        ("constructive", "constructive"),
        ("episode", "heated exchange"),
    ):
        out.append(
            f'<rect x="{lx}" y="{height - 14}" width="11" height="11" rx="2" '
            f'fill="{PALETTE[side]}" opacity="{0.6 if side == "episode" else 1}"/>'
        )
        out.append(_t(lx + 16, height - 4, word, size=11, color=PALETTE["muted"]))
        lx += 40 + 7 * len(word)
    out.append("</svg>")
    return "".join(out)


def bars_svg(
    rows: Sequence[tuple[str, float, str]],
    *,
    title: str = "",
    max_value: float = 1.0,
    percent: bool = True,
    reference: tuple[float, str] | None = None,
    width: int = 460,
) -> str:
    """Horizontal bars, one per row, optionally with a labelled reference line.

    Parameters
    ----------
    rows : sequence of (str, float, str)
        Label, value and colour of each bar.
    title : str
        Shown above the bars.
    max_value : float
        Value at the full width.
    percent : bool
        Show values as percentages (else with two decimals).
    reference : (float, str), optional
        A dashed line at this value, with its label.
    width : int
        Width in pixels.

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    left, bar_h, gap, top = 110, 20, 10, 28 if title else 8
    height = top + len(rows) * (bar_h + gap) + (22 if reference else 6)
    plot_w = width - left - 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title or "bars")}">'
    ]
    if title:
        out.append(_t(0, 16, title, size=14, weight="600"))
    for i, (label, value, color) in enumerate(rows):
        y = top + i * (bar_h + gap)
        v = 0.0 if value is None or not math.isfinite(value) else value
        w = max(0.0, min(v / max_value, 1.0)) * plot_w if max_value > 0 else 0.0
        out.append(_t(left - 8, y + 14, label, anchor="end", color=PALETTE["muted"]))
        out.append(
            f'<rect x="{left}" y="{y}" width="{plot_w}" height="{bar_h}" rx="4" '
            f'fill="{PALETTE["grid"]}"/>'
        )
        out.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="4" fill="{color}"/>'
        )
        shown = f"{v:.0%}" if percent else f"{v:.2f}"
        out.append(_t(left + plot_w + 8, y + 14, shown, weight="600"))
    if reference is not None:
        rv, rl = reference
        x = left + min(rv / max_value, 1.0) * plot_w
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" '
            f'stroke="{PALETTE["ink"]}" stroke-dasharray="4 3"/>'
        )
        out.append(_t(x, height - 5, rl, size=11, anchor="middle", color=PALETTE["ink"]))
    out.append("</svg>")
    return "".join(out)


def _arrow(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    bend: float,
    est: tuple[float | None, float | None, float | None],
    color: str,
    label: str,
) -> str:
    value, low = est[0], est[1]
    strength = 0.0 if value is None else max(0.0, value)
    sw = 1.5 + 10.0 * min(strength, 1.0)
    unclear = value is None or value <= 0 or (low is not None and low <= 0)
    dash = ' stroke-dasharray="10 7"' if unclear else ""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2 + bend
    # A quadratic curve passes half-way to its control point; the label sits beyond it.
    ly = (y1 + y2) / 2 + bend / 2 + (sw / 2 + 16 if bend > 0 else -(sw / 2 + 8))
    return (
        f'<path d="M{x1:.0f},{y1:.0f} Q{mx:.0f},{my:.0f} {x2:.0f},{y2:.0f}" fill="none" '
        f'stroke="{color}" stroke-width="{sw:.1f}" stroke-linecap="round"{dash} '
        f'marker-end="url(#head-{color[1:]})"/>'
        + _t(mx, ly, label, size=13, anchor="middle", weight="600", color=color)
    )


def loop_svg(
    *,
    pursuer: str,
    distancer: str,
    pursuit_to_withdrawal: tuple[float | None, float | None, float | None],
    withdrawal_to_pursuit: tuple[float | None, float | None, float | None],
    pursuer_inertia: float | None,
    distancer_inertia: float | None,
    gain: float | None,
    width: int = 600,
    height: int = 260,
) -> str:
    """The loop: two moves, two arrows whose width is the measured effect.

    Parameters
    ----------
    pursuer, distancer : str
        Names.
    pursuit_to_withdrawal, withdrawal_to_pursuit : (value, low, high)
        The cross effects with their interval (``None`` when not estimable).
    pursuer_inertia, distancer_inertia : float or None
        Own carry-over.
    gain : float or None
        The loop strength (the two effects multiplied).
    width, height : int
        Size in pixels.

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> svg = loop_svg(pursuer="Sam", distancer="Alex", pursuit_to_withdrawal=(0.5, 0.3, 0.7),
    ...                withdrawal_to_pursuit=(0.4, 0.1, 0.6), pursuer_inertia=0.2,
    ...                distancer_inertia=0.1, gain=0.2)
    >>> "loop strength 0.20" in svg
    True
    """
    cx1, cx2, cy, r = 150, width - 150, height / 2, 58

    def fmt(e: tuple[float | None, float | None, float | None]) -> str:
        v, lo, hi = e
        if v is None:
            return "not measurable"
        s = f"{v * 100:+.0f} pts"
        if lo is not None and hi is not None:
            s += f"  [{lo * 100:+.0f}, {hi * 100:+.0f}]"
        return s

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{round(width * 1.25)}px;display:block;margin:0 auto" '
        'role="img" aria-label="The loop between the two partners">'
    ]
    out.append("<defs>")
    for color in (PALETTE["pursue"], PALETTE["distance"]):
        out.append(
            f'<marker id="head-{color[1:]}" viewBox="0 0 10 10" refX="7" refY="5" '
            f'markerWidth="4" markerHeight="4" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
        )
    out.append("</defs>")
    out.append(
        f'<rect x="0" y="0" width="{width}" height="{height}" rx="12" fill="{PALETTE["paper"]}"/>'
    )
    out.append(
        _arrow(
            cx1 + r * 0.7,
            cy - r * 0.7,
            cx2 - r * 0.7,
            cy - r * 0.7,
            -70,
            pursuit_to_withdrawal,
            PALETTE["pursue"],
            fmt(pursuit_to_withdrawal),
        )
    )
    out.append(
        _arrow(
            cx2 - r * 0.7,
            cy + r * 0.7,
            cx1 + r * 0.7,
            cy + r * 0.7,
            70,
            withdrawal_to_pursuit,
            PALETTE["distance"],
            fmt(withdrawal_to_pursuit),
        )
    )
    for cx, name, move, color, inertia in (
        (cx1, pursuer, "presses", PALETTE["pursue"], pursuer_inertia),
        (cx2, distancer, "pulls back", PALETTE["distance"], distancer_inertia),
    ):
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}" opacity="0.14"/>')
        out.append(
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{color}" stroke-width="2"/>'
        )
        out.append(_t(cx, cy - 4, name, size=15, anchor="middle", weight="700"))
        out.append(_t(cx, cy + 16, move, size=13, anchor="middle", color=color, weight="600"))
        if inertia is not None:
            out.append(
                _t(
                    cx,
                    cy + r + 20,
                    f"keeps on: {inertia * 100:+.0f} pts",
                    size=11,
                    anchor="middle",
                    color=PALETTE["muted"],
                )
            )
    g = "not measurable" if gain is None else LOOP_STRENGTH.show(gain)
    out.append(_t(width / 2, cy + 5, g, size=14, anchor="middle", weight="700"))
    out.append("</svg>")
    return "".join(out)
