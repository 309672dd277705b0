"""Safety patterns, and the fast anchor scan that must find exactly what a plain scan finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.analysis._arrays import rows_matching
from tandem.analysis.safety import _ANCHORS, _ANY, scan_safety
from tandem.analysis.timing import _DEMAND_ANCHORS, DEMAND_MARKER


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("If you leave I'll hurt you", "threat"),
        ("you WILL regret this", "threat"),
        ("I'll make you pay for that", "threat"),
        ("watch your back.", "threat"),
        ("I know where you live", "intimidation"),
        ("nobody will believe you anyway", "intimidation"),
        ("you'll never see the kids again", "intimidation"),
        ("honestly I'm scared of you", "fear"),
        ("you're scaring me", "fear"),
        ("I don't feel safe at home", "fear"),
        ("you pushed me", "harm"),
        ("sometimes I want to kill myself", "self-harm"),
    ],
)
def test_each_kind_is_found(text: str, kind: str) -> None:
    (hit,) = scan_safety([text])
    assert hit.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "I would never hurt you",
        "I'm not scared of the exam",
        "leave at 7 or else we miss the train",
        "this movie is killing me lol",
        "sorry I'm late",
        "",
    ],
)
def test_ordinary_words_are_not_a_concern(text: str) -> None:
    assert scan_safety([text]) == ()


WORDS = [
    "i'll",
    "I WILL",
    "you",
    "u",
    "hurt",
    "kill",
    "regret",
    "this",
    "be",
    "sorry",
    "watch",
    "your",
    "back",
    "or",
    "else",
    "know",
    "where",
    "live",
    "scared",
    "of",
    "afraid",
    "safe",
    "don't",
    "feel",
    "pushed",
    "me",
    "myself",
    "end",
    "it",
    "all",
    "die",
    "going",
    "to",
    "answer",
    "hello",
    "??",
    "?!",
    "are",
    "there",
    "why",
    "aren't",
    "replying",
    "pick",
    "up",
    "ignoring",
    "reading",
    "even",
    "İ",
    "ß",
    "🙂",
    "\n",
    "make",
    "pay",
    "never",
    "see",
    "kids",
]
texts = st.lists(
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), min_size=0, max_size=30
)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_anchor_scan_equals_plain_scan(batch: list[str]) -> None:
    for rx, anchors in ((_ANY, _ANCHORS), (DEMAND_MARKER, _DEMAND_ANCHORS)):
        plain = {i for i, t in enumerate(batch) if rx.search(t.lower())}
        assert set(rows_matching(batch, rx, anchors)) == plain
