"""Escalation episodes: start, peak, end, who started, how it ended, the 5:1 ratio."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.analysis import analyze_cycle
from tandem.analysis._arrays import to_arrays
from tandem.analysis.episodes import conflict_ratio, find_episodes

from .conftest import Line, build

HEAT: list[Line] = [
    ("A", 0, "so what's the plan", []),
    ("B", 2, "dunno", []),
    ("A", 2, "you never plan anything", ["criticism"]),
    ("B", 2, "that's not true, I booked the trip", ["defensiveness"]),
    ("A", 2, "answer me, what is the plan", ["pressure"]),
    ("B", 2, "stop nagging", ["dismissal"]),
]


@pytest.mark.parametrize(
    ("closing", "ending", "ended_by"),
    [
        ([("B", 3, "I need 20 minutes to calm down, back at 8", ["timeout"])], "time-out", 1),
        ([("B", 3, "you're right, I'm sorry", ["responsibility"])], "repair", 1),
        ([("B", 3, "whatever, I'm done", ["withdrawal"])], "left", 1),
        ([("A", 3, "I can't talk to you", ["criticism"]), ("B", 300, "hi", [])], "left", 1),
        ([("A", 3, "so?", []), ("B", 10, "dinner at 7?", [])], "faded", None),
    ],
    ids=["time-out", "repair", "left-withdrawal", "left-silence", "faded"],
)
def test_how_an_episode_ended(closing: list[Line], ending: str, ended_by: int | None) -> None:
    episodes = find_episodes(to_arrays(build(HEAT + closing)))
    assert len(episodes) == 1
    e = episodes[0]
    assert (e.ending, e.ended_by) == (ending, ended_by)
    assert e.started_by == 0
    assert e.start == 2


def test_two_heated_evenings_are_two_episodes_with_their_ratio() -> None:
    lines = HEAT + [("B", 3, "sorry, I get defensive", ["responsibility"])]
    lines += [("A", 60 * 24, "morning", [])] + HEAT[1:] + [("A", 2, "love you anyway", ["repair"])]
    episodes = find_episodes(to_arrays(build(lines)))
    assert len(episodes) == 2
    assert [e.ending for e in episodes] == ["repair", "repair"]
    assert [e.ended_by for e in episodes] == [1, 0]
    # 2 constructive moves against 8 harmful ones.
    assert conflict_ratio(episodes) == pytest.approx(2 / 8)


def test_peak_is_where_harm_is_densest() -> None:
    lines: list[Line] = [
        ("A", 0, "you forgot again", ["criticism"]),
        ("B", 5, "ok", []),
        ("A", 5, "typical", ["contempt"]),
        ("B", 5, "ok", []),
        ("A", 1, "you never care", ["criticism"]),
        ("B", 1, "whatever", ["withdrawal"]),
        ("A", 1, "answer me!!", ["pressure"]),
        ("B", 1, "stop", ["dismissal"]),
        ("A", 1, "you're impossible", ["criticism"]),
    ]
    (e,) = find_episodes(to_arrays(build(lines)))
    assert 4 <= e.peak <= 7
    assert e.peak_heat == 5


def test_calm_conversation_has_no_episode() -> None:
    lines: list[Line] = [("A" if k % 2 else "B", 10, "see you later", []) for k in range(30)]
    lines[3] = ("A", 10, "you forgot the milk", ["criticism"])
    result = analyze_cycle(build(lines), partners=("Ana", "Ben"), rng=np.random.default_rng(0))
    assert result.episodes == ()
    assert result.conflict_ratio is None


def test_a_closing_move_never_reaches_into_the_next_episode() -> None:
    # The second harmful cluster starts 100 minutes later (a new episode by time) but only
    # two messages on; the repair after it belongs to the second episode, not the first.
    lines = HEAT + [
        ("A", 100, "and another thing, you never call", ["criticism"]),
        ("B", 1, "stop it", ["dismissal"]),
        ("A", 1, "answer me", ["pressure"]),
        ("B", 5, "sorry, you're right", ["responsibility"]),
    ]
    first, second = find_episodes(to_arrays(build(lines)))
    assert first.end < second.start
    assert first.ending == "faded" and second.ending == "repair"
