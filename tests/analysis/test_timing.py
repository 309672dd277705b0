"""Timing signals and the timing-only baseline the full analysis must beat."""

from __future__ import annotations

import numpy as np

from tandem.analysis import analyze_cycle
from tandem.analysis._arrays import to_arrays
from tandem.analysis.timing import timing_baseline, timing_signals
from tandem.domain import Code, Role

from .conftest import Line, build


def test_unanswered_burst_with_demand_marker_is_pressure_with_timing_evidence() -> None:
    coded = build(
        [
            ("A", 0, "are you coming home for dinner", []),
            ("A", 4, "it's getting late", []),
            ("A", 4, "hello??", []),
            ("A", 4, "answer me", []),
            ("B", 30, "sorry, was in a meeting", []),
        ]
    )
    signals = timing_signals(to_arrays(coded))
    assert len(signals.bursts) == 1
    burst = signals.bursts[0]
    assert (burst.partner, burst.n_messages, round(burst.minutes)) == (0, 4, 12)
    assert burst.evidence.startswith("4 messages in 12 minutes with no reply")
    # Both demand markers after the first message get pressure with that evidence.
    assert set(signals.pressure_rows) == {2, 3}


def test_lines_split_within_a_minute_or_without_demand_are_not_pressure() -> None:
    coded = build(
        [
            ("A", 0, "guess what", []),
            ("A", 0.2, "I got the job", []),
            ("A", 0.3, "starting monday!", []),
            ("B", 5, "amazing", []),
            ("A", 1, "photos from today", []),
            ("A", 10, "the view from the office", []),
            ("A", 10, "and the lunch place", []),
            ("B", 60, "so nice", []),
        ]
    )
    signals = timing_signals(to_arrays(coded))
    assert len(signals.bursts) == 1  # only the second run spans 20 minutes
    assert signals.bursts[0].demand is None
    assert signals.pressure_rows == {}


def test_timing_pressure_code_is_added_to_the_analysis() -> None:
    lines: list[Line] = []
    for _ in range(4):
        lines += [
            ("A", 60, "where are you", []),
            ("A", 5, "??", []),
            ("A", 5, "why aren't you answering", []),
            ("B", 40, "busy", []),
        ]
    result = analyze_cycle(build(lines), partners=("Ana", "Ben"), rng=np.random.default_rng(0))
    ana = result.summaries["Ana"]
    assert ana.code_counts[Code.PRESSURE.value] == 8
    examples = ana.examples[Code.PRESSURE.value]
    assert "with no reply" in examples[0].evidence


def test_reply_latency_leaves_out_overnight_gaps() -> None:
    coded = build(
        [
            ("A", 0, "night!", []),  # 09:00
            ("B", 10, "night", []),  # B replies in 10 min
            ("A", 60 * 14, "morning", []),  # 14 h later: a session break, not a reply
            ("B", 20, "morning :)", []),  # 20 min
        ]
    )
    signals = timing_signals(to_arrays(coded))
    assert signals.median_latency_min == (None, 15.0)
    assert signals.n_latencies == (0, 2)


def _misleading_case(seed: int) -> tuple[tuple[Role, Role], tuple[Role | None, Role | None]]:
    """A double-texts friendly news and answers slowly; B criticises and presses in one go.

    Timing alone calls A the pursuer; the words say B pursues and A withdraws.
    """
    rng = np.random.default_rng(seed)
    lines: list[Line] = []
    for _ in range(8):
        lines += [
            ("A", 120, "look at this dog in the park", []),
            ("A", 6, "he's so fluffy", []),
            ("A", 6, "ok heading home", []),
            (
                "B",
                2,
                "you always go quiet when I need you. answer me now",
                ["criticism", "pressure"],
            ),
            ("A", 45 + float(rng.integers(0, 20)), "whatever. I'm busy", ["withdrawal"]),
            ("B", 1, "you never make time for me", ["criticism"]),
            ("A", 50, "fine", ["withdrawal"]),
        ]
    coded = build(lines)
    baseline = timing_baseline(timing_signals(to_arrays(coded))).roles
    result = analyze_cycle(coded, partners=("Ana", "Ben"), rng=np.random.default_rng(seed))
    full = tuple(s.role.role if s.role else None for s in result.summaries.values())
    return baseline, (full[0], full[1])


def test_full_analysis_beats_the_timing_baseline_where_timing_misleads() -> None:
    truth = (Role.DISTANCER, Role.PURSUER)
    cases = [_misleading_case(seed) for seed in range(3)]
    baseline_right = sum(b == truth for b, _ in cases)
    full_right = sum(f == truth for _, f in cases)
    # The baseline reads double-texting as pursuit and is wrong every time; the analysis,
    # which reads what was said, is right every time.
    assert baseline_right == 0
    assert full_right == 3


def test_baseline_agrees_when_timing_and_words_agree(pw_conversation) -> None:
    # Sanity check that the baseline is a real heuristic, not a straw man: when the pursuer
    # also double-texts with demands, timing alone finds them.
    lines: list[Line] = []
    for _ in range(5):
        lines += [
            ("A", 90, "we need to talk", ["pressure"]),
            ("A", 6, "hello??", []),
            ("A", 6, "answer me", ["pressure"]),
            ("B", 30, "not now", ["withdrawal"]),
        ]
    baseline = timing_baseline(timing_signals(to_arrays(build(lines))))
    assert baseline.roles == (Role.PURSUER, Role.DISTANCER)
