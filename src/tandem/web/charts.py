"""Small inline SVG charts for the pages: lines over time and grouped bars.

The numbers are computed elsewhere (analysis, dynamics, journal trends); these functions only
draw them, so a template receives a finished picture and never computes anything. The SVG is
self-contained (no script, no network), labelled with ``role="img"`` and a ``<title>`` for
screen readers, and uses the page's CSS colours through classes.

Examples
--------
>>> svg = line_chart([("Sam", [1.0, 2.0, 1.5]), ("Alex", [0.5, 0.7, 0.2])],
...                  x_labels=["w1", "w2", "w3"], title="Moves per week")
>>> svg.startswith("<svg") and "Moves per week" in svg
True
>>> "<polyline" in bar_chart([("pursue", [3.0, 1.0])], x_labels=["before", "after"], title="t")
False
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from tandem.report.charts import PALETTE

Series = tuple[str, Sequence[float | None]]
"""A named list of values, one per x position (``None`` where there is no value)."""

COLORS = {
    "pursue": PALETTE["pursue"],
    "distance": PALETTE["distance"],
    "constructive": PALETTE["constructive"],
    "partner_a": PALETTE["partner_a"],
    "partner_b": PALETTE["partner_b"],
    "partner_a_before": PALETTE["partner_a_soft"],
    "partner_b_before": PALETTE["partner_b_soft"],
    "before": PALETTE["muted"],
    "after": PALETTE["ink"],
    "measure": "#2f6f6a",
}
"""One colour per meaning on every page and in the report: each side of the cycle, each
partner (a lighter tint for "as things are"), before or after a change, and a plain measure
(minutes, counts) in the app's own colour."""

_W, _H = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 28, 40
_TICKS = 4
"""Grid lines above the baseline."""


def nice_step(span: float, ticks: int = _TICKS) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that covers ``span`` in ``ticks``.

    Examples
    --------
    >>> nice_step(0.22), nice_step(780), nice_step(3)
    (0.1, 200.0, 1.0)
    """
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= raw * (1 - 1e-9):
            return round(factor * power, 12)
    return 10.0 * power


def tick_label(value: float, step: float) -> str:
    """A tick as people write it: as many decimals as the step needs, thousands separated.

    Examples
    --------
    >>> tick_label(800.0, 200.0), tick_label(0.25, 0.05), tick_label(1500.0, 500.0)
    ('800', '0.25', '1,500')
    """
    decimals = 0
    while decimals < 6 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    if abs(value) < step * 1e-9:
        value = 0.0
    return f"{value:,.{decimals}f}"


def _scale(values: Sequence[Sequence[float | None]]) -> tuple[float, float, float]:
    """The axis: from ``low`` to ``high`` in round steps, always with room for every value."""
    finite = [v for row in values for v in row if v is not None and math.isfinite(v)]
    if not finite:
        return 0.0, 1.0, 0.25
    low, high = min(0.0, min(finite)), max(0.0, max(finite))
    if high - low < 1e-9:  # flat (or as good as flat): show a unit axis, not 1e-40 steps
        high = low + 1.0
    step = nice_step(high - low)
    low = math.floor(low / step + 1e-9) * step
    high = math.ceil(high / step - 1e-9) * step
    if high <= low:
        high = low + step
    return low, high, step


def _frame(title: str, low: float, high: float, step: float, x_labels: Sequence[str]) -> list[str]:
    parts = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<text class="chart-title" x="{_LEFT}" y="18">{escape(title)}</text>',
    ]
    n_ticks = round((high - low) / step)
    for i in range(n_ticks + 1):
        value = low + step * i
        y = _y(value, low, high)
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{tick_label(value, step)}</text>"
        )
    n = len(x_labels)
    step_x = max(1, math.ceil(n / 8))
    for i, name in enumerate(x_labels):
        if i % step_x:
            continue
        x = _x(i, n)
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{_H - _BOTTOM + 18}" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
    return parts


def _paint(k: int, colors: Sequence[str]) -> tuple[str, str]:
    """Class and inline colour of series ``k``: a named colour when given, else the cycle."""
    if k < len(colors):
        return "", f' style="fill:{COLORS[colors[k]]};stroke:{COLORS[colors[k]]}"'
    return f' class="s{k % 4}"', ""


def _x(i: int, n: int) -> float:
    width = _W - _LEFT - _RIGHT
    return _LEFT + (width * (i + 0.5) / n if n else 0.0)


def _y(value: float, low: float, high: float) -> float:
    plot_h = _H - _TOP - _BOTTOM
    return _TOP + plot_h - plot_h * (value - low) / (high - low)


def _legend(names: Sequence[str], colors: Sequence[str]) -> list[str]:
    parts = []
    x = _LEFT
    for k, name in enumerate(names):
        cls, style = _paint(k, colors)
        parts.append(
            f'<rect{cls}{style} x="{x}" y="{_H - 14}" width="10" height="10"/>'
            f'<text class="axis" x="{x + 14}" y="{_H - 5}">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return parts


def line_chart(
    series: Sequence[Series],
    *,
    x_labels: Sequence[str],
    title: str,
    colors: Sequence[str] = (),
) -> Markup:
    """Lines over ``x_labels``, one per series; a gap where a value is ``None``.

    Parameters
    ----------
    series : sequence of (name, values)
        Each values list has one entry per x label.
    x_labels : sequence of str
        Labels of the x positions (weeks, steps).
    title : str
        Shown above the chart and read by screen readers.
    colors : sequence of str, optional
        A key of :data:`COLORS` per series (a partner, a side of the cycle, before or after),
        so the same thing has the same colour on every page.

    Returns
    -------
    Markup
        The ``<svg>`` element, safe to insert into a template.
    """
    low, high, step = _scale([v for _, v in series])
    parts = _frame(title, low, high, step, x_labels)
    n = len(x_labels)
    for k, (_, values) in enumerate(series):
        cls, style = _paint(k, colors)
        line = f' class="l{k % 4}"' if cls else f' style="stroke:{COLORS[colors[k]]}"'
        run: list[str] = []
        for i, value in enumerate(values):
            if value is None or not math.isfinite(value):
                if len(run) > 1:
                    parts.append(f'<polyline{line} points="{" ".join(run)}"/>')
                run = []
                continue
            x, y = _x(i, n), _y(value, low, high)
            run.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle{cls}{style} cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>')
        if len(run) > 1:
            parts.append(f'<polyline{line} points="{" ".join(run)}"/>')
    parts += _legend([name for name, _ in series], colors)
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    series: Sequence[Series],
    *,
    x_labels: Sequence[str],
    title: str,
    colors: Sequence[str] = (),
) -> Markup:
    """Grouped bars: for each x label one bar per series.

    Parameters
    ----------
    series : sequence of (name, values)
        Each values list has one entry per x label.
    x_labels : sequence of str
        The groups.
    title : str
        Shown above the chart and read by screen readers.
    colors : sequence of str, optional
        A key of :data:`COLORS` per series.

    Returns
    -------
    Markup
        The ``<svg>`` element.
    """
    low, high, step = _scale([v for _, v in series])
    parts = _frame(title, low, high, step, x_labels)
    n = max(1, len(x_labels))
    group = (_W - _LEFT - _RIGHT) / n
    width = group * 0.7 / max(1, len(series))
    for k, (_, values) in enumerate(series):
        cls, style = _paint(k, colors)
        for i, value in enumerate(values):
            if value is None or not math.isfinite(value):
                continue
            x = _LEFT + group * i + group * 0.15 + width * k
            y0, y1 = _y(max(low, 0.0), low, high), _y(value, low, high)
            top, height = min(y0, y1), abs(y0 - y1)
            parts.append(
                f'<rect{cls}{style} x="{x:.1f}" y="{top:.1f}" '
                f'width="{width:.1f}" height="{height:.1f}"/>'
            )
    parts += _legend([name for name, _ in series], colors)
    parts.append("</svg>")
    return Markup("".join(parts))
