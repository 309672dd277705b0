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

Series = tuple[str, Sequence[float | None]]
"""A named list of values, one per x position (``None`` where there is no value)."""

_W, _H = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 16, 28, 40


def _scale(values: Sequence[Sequence[float | None]]) -> tuple[float, float]:
    finite = [v for row in values for v in row if v is not None and math.isfinite(v)]
    if not finite:
        return 0.0, 1.0
    low, high = min(0.0, min(finite)), max(finite)
    if high == low:
        high = low + 1.0
    return low, high


def _frame(title: str, low: float, high: float, x_labels: Sequence[str]) -> list[str]:
    parts = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<text class="chart-title" x="{_LEFT}" y="18">{escape(title)}</text>',
    ]
    plot_h = _H - _TOP - _BOTTOM
    for i in range(5):
        value = low + (high - low) * i / 4
        y = _TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line class="grid" x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value:.2g}</text>"
        )
    n = len(x_labels)
    step = max(1, math.ceil(n / 8))
    for i, name in enumerate(x_labels):
        if i % step:
            continue
        x = _x(i, n)
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{_H - _BOTTOM + 18}" text-anchor="middle">'
            f"{escape(name)}</text>"
        )
    return parts


def _x(i: int, n: int) -> float:
    width = _W - _LEFT - _RIGHT
    return _LEFT + (width * (i + 0.5) / n if n else 0.0)


def _y(value: float, low: float, high: float) -> float:
    plot_h = _H - _TOP - _BOTTOM
    return _TOP + plot_h - plot_h * (value - low) / (high - low)


def _legend(names: Sequence[str]) -> list[str]:
    parts = []
    x = _LEFT
    for k, name in enumerate(names):
        parts.append(
            f'<rect class="s{k % 4}" x="{x}" y="{_H - 14}" width="10" height="10"/>'
            f'<text class="axis" x="{x + 14}" y="{_H - 5}">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return parts


def line_chart(series: Sequence[Series], *, x_labels: Sequence[str], title: str) -> Markup:
    """Lines over ``x_labels``, one per series; a gap where a value is ``None``.

    Parameters
    ----------
    series : sequence of (name, values)
        Each values list has one entry per x label.
    x_labels : sequence of str
        Labels of the x positions (weeks, steps).
    title : str
        Shown above the chart and read by screen readers.

    Returns
    -------
    Markup
        The ``<svg>`` element, safe to insert into a template.
    """
    low, high = _scale([v for _, v in series])
    parts = _frame(title, low, high, x_labels)
    n = len(x_labels)
    for k, (_, values) in enumerate(series):
        run: list[str] = []
        for i, value in enumerate(values):
            if value is None or not math.isfinite(value):
                if len(run) > 1:
                    parts.append(f'<polyline class="l{k % 4}" points="{" ".join(run)}"/>')
                run = []
                continue
            x, y = _x(i, n), _y(value, low, high)
            run.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle class="s{k % 4}" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>')
        if len(run) > 1:
            parts.append(f'<polyline class="l{k % 4}" points="{" ".join(run)}"/>')
    parts += _legend([name for name, _ in series])
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(series: Sequence[Series], *, x_labels: Sequence[str], title: str) -> Markup:
    """Grouped bars: for each x label one bar per series.

    Parameters
    ----------
    series : sequence of (name, values)
        Each values list has one entry per x label.
    x_labels : sequence of str
        The groups.
    title : str
        Shown above the chart and read by screen readers.

    Returns
    -------
    Markup
        The ``<svg>`` element.
    """
    low, high = _scale([v for _, v in series])
    parts = _frame(title, low, high, x_labels)
    n = max(1, len(x_labels))
    group = (_W - _LEFT - _RIGHT) / n
    width = group * 0.7 / max(1, len(series))
    for k, (_, values) in enumerate(series):
        for i, value in enumerate(values):
            if value is None or not math.isfinite(value):
                continue
            x = _LEFT + group * i + group * 0.15 + width * k
            y0, y1 = _y(max(low, 0.0), low, high), _y(value, low, high)
            top, height = min(y0, y1), abs(y0 - y1)
            parts.append(
                f'<rect class="s{k % 4}" x="{x:.1f}" y="{top:.1f}" '
                f'width="{width:.1f}" height="{height:.1f}"/>'
            )
    parts += _legend([name for name, _ in series])
    parts.append("</svg>")
    return Markup("".join(parts))
