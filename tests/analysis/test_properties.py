"""Property tests for the scoring: rates, role symmetry, loop-gain symmetry under relabelling."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.analysis import analyze_cycle
from tandem.domain import CODES, CodedMessage

from .conftest import Line, build

CODE_NAMES = [c.value for c in CODES if c.value != "neutral"]

line = st.tuples(
    st.sampled_from(["A", "B"]),
    st.floats(min_value=0, max_value=600, allow_nan=False),
    st.text(max_size=30),
    st.lists(st.sampled_from(CODE_NAMES), max_size=3, unique=True),
)
conversations = st.lists(line, min_size=0, max_size=80)

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(coded: tuple[CodedMessage, ...], names: tuple[str, str] = ("Ana", "Ben")):
    return analyze_cycle(coded, partners=names, rng=np.random.default_rng(0), n_boot=30)


def swapped(coded: tuple[CodedMessage, ...]) -> tuple[CodedMessage, ...]:
    return tuple(
        replace(c, message=replace(c.message, partner=c.message.partner.other)) for c in coded
    )


@SETTINGS
@given(conversations)
def test_rates_are_shares_that_add_up_to_one(lines: list[Line]) -> None:
    result = run(build(lines))
    for s in result.summaries.values():
        r = s.rates
        for v in (r.pursue, r.distance, r.constructive, r.neutral):
            assert 0.0 <= v <= 1.0
        if r.n_messages:
            assert r.pursue + r.distance + r.constructive + r.neutral == pytest.approx(1.0)
            assert r.n_pursue >= r.pursue * r.n_messages - 1e-9
        if s.role is not None:
            assert 0.0 <= s.role.confidence <= 1.0


@SETTINGS
@given(conversations)
def test_roles_swap_and_loop_gain_is_symmetric_under_relabelling(lines: list[Line]) -> None:
    coded = build(lines)
    one = run(coded, ("Ana", "Ben"))
    two = run(swapped(coded), ("Ben", "Ana"))  # same people, labels A and B exchanged
    assert one.status == two.status
    for name in ("Ana", "Ben"):
        r1, r2 = one.summaries[name], two.summaries[name]
        assert (r1.role.role if r1.role else None) == (r2.role.role if r2.role else None)
        assert r1.rates == r2.rates
    g1, g2 = one.loop_gain, two.loop_gain
    assert (g1 is None) == (g2 is None)
    if g1 is not None and g2 is not None:
        assert g1 == pytest.approx(g2, abs=1e-9)
    assert one.polarity.polarity == pytest.approx(-two.polarity.polarity)
    assert [e.started_by for e in one.episodes] == [e.started_by for e in two.episodes]


@SETTINGS
@given(conversations)
def test_episodes_are_ordered_and_counted_consistently(lines: list[Line]) -> None:
    result = run(build(lines))
    previous_end = -1
    for e in result.episodes:
        assert previous_end < e.start <= e.peak <= e.end
        assert e.n_harmful >= 3
        assert e.n_harmful + e.n_constructive <= 2 * e.n_messages
        assert e.ending in ("time-out", "repair", "left", "faded")
        assert (e.ended_by is None) == (e.ending == "faded")
        assert 0.0 <= e.x_start < e.x_end <= 1.0
        previous_end = e.end
    for s in result.summaries.values():
        assert s.episodes_started <= len(result.episodes)
        assert s.episodes_left + s.episodes_closed_well <= len(result.episodes)
