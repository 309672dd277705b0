"""The page charts: round ticks written as people write numbers, nothing drawn off the axis,
one colour per meaning (a side of the cycle, a partner) on every chart."""

from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from tandem.report.charts import PALETTE
from tandem.web.charts import COLORS, bar_chart, line_chart, nice_step, tick_label
from tandem.web.services import week_labels

values = st.lists(
    st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)),
    min_size=1,
    max_size=30,
)


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end">([^<]*)</text>', svg)


@given(values)
def test_ticks_are_round_and_plain(data: list[float | None]) -> None:
    svg = str(bar_chart([("x", data)], x_labels=[str(i) for i in range(len(data))], title="t"))
    ticks = _ticks(svg)
    assert ticks, "an axis has ticks"
    for tick in ticks:
        assert "e" not in tick.lower(), f"scientific notation on a page: {tick}"
        float(tick.replace(",", ""))  # a number as written
        # A round tick: at most two significant digits beyond the step's own (0.25, 1,500).
        assert len(tick.replace(",", "").replace("-", "").replace(".", "").strip("0")) <= 3


@given(values)
def test_every_bar_and_point_is_inside_the_plot(data: list[float | None]) -> None:
    svg = str(line_chart([("x", data)], x_labels=[str(i) for i in range(len(data))], title="t"))
    ys = [float(y) for y in re.findall(r'<circle[^>]* cy="([-\d.]+)"', svg)]
    # The plot runs from y=28 (top) to y=200 (240 minus the 40 px bottom margin).
    assert all(28 - 1e-6 <= y <= 200 + 1e-6 for y in ys)
    bars = str(bar_chart([("x", data)], x_labels=[str(i) for i in range(len(data))], title="t"))
    shape = r'<rect[^>]* y="([-\d.]+)" width="[\d.]+" height="([\d.]+)"'
    for top, height in re.findall(shape, bars):
        if float(top) == 226:  # the legend's swatches sit below the plot by design
            continue
        assert 28 - 0.1 <= float(top) and float(top) + float(height) <= 200 + 0.1


def test_the_cases_the_issue_found() -> None:
    progress = str(bar_chart([("m", [780.0, 120.0])], x_labels=["a", "b"], title="t"))
    assert _ticks(progress)[-1] == "800"  # was ".8e+02", clipped
    shares = str(line_chart([("s", [0.05, 0.22])], x_labels=["a", "b"], title="t"))
    assert _ticks(shares) == ["0.0", "0.1", "0.2", "0.3"]  # never 0.055
    assert nice_step(0.22) == 0.1 and tick_label(1500.0, 500.0) == "1,500"


def test_one_colour_per_meaning_and_the_same_as_the_report() -> None:
    svg = str(
        line_chart(
            [("pressing", [1.0, 2.0]), ("pulling away", [2.0, 1.0])],
            x_labels=["a", "b"],
            title="t",
            colors=("pursue", "distance"),
        )
    )
    assert PALETTE["pursue"] in svg and PALETTE["distance"] in svg
    assert COLORS["pursue"] == PALETTE["pursue"]  # the stand-alone report's orange
    meanings = ("pursue", "distance", "constructive", "partner_a", "partner_b")
    assert len({COLORS[m] for m in meanings}) == len(meanings)  # no colour means two things


def test_week_labels_show_the_year_where_it_starts() -> None:
    assert week_labels(["2023-W52", "2024-W01", "2024-W02"]) == ["W52 2023", "W01 2024", "W02"]
    assert not math.isnan(nice_step(3.0))
