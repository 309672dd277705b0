"""Roles from sequences and timing (issue #9): each pattern, read as a new user would read it.

The chats in :mod:`tests.analysis.role_chats` are plain text; the shipped coders read them.
The sequence rules are tested on hand-made turns too, so a failure says which move is wrong.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.analysis.conftest import build
from tests.analysis.role_chats import CHATS, CONTROL, HANDOVER, REVERSAL, RoleChat

from tandem.analysis import analyze_conversation
from tandem.analysis._arrays import to_arrays
from tandem.analysis.roles import UNCLEAR_BELOW, role_from_moves
from tandem.analysis.sequence import SequenceMoves, move_table
from tandem.domain import (
    CodedMessage,
    Conversation,
    Message,
    MessageKind,
    Platform,
    Role,
)

WITH_ROLES = [c for c in CHATS if c.roles is not None]


@pytest.mark.parametrize("coder", ["learned", "rules", "contextual"])
@pytest.mark.parametrize("chat", WITH_ROLES, ids=lambda c: c.name)
def test_each_pattern_gets_the_roles_its_description_gives(chat: RoleChat, coder: str) -> None:
    result = analyze_conversation(
        chat.conversation(), coder=coder, rng=np.random.default_rng(0), n_boot=20
    )
    assert result.status == "ok", result.status_message
    got = {name: s.role.role.value for name, s in result.summaries.items() if s.role}
    assert got == chat.roles
    for s in result.summaries.values():
        assert s.role is not None and s.role.confidence >= UNCLEAR_BELOW


def test_coercive_control_withholds_roles_periods_and_turning_point() -> None:
    result = analyze_conversation(CONTROL.conversation(), rng=np.random.default_rng(0), n_boot=20)
    assert result.status == "safety_concern"
    assert all(s.role is None and s.periods == () for s in result.summaries.values())
    assert result.turning_point is None
    assert result.to_dict()["turning_point"] is None


def test_a_reversal_names_each_period_and_the_turning_point() -> None:
    result = analyze_conversation(REVERSAL.conversation(), rng=np.random.default_rng(0), n_boot=20)
    # Nora chases on days 0-6, Eli on days 8-14 (day 7 is an ordinary day in between).
    start = datetime(2026, 2, 2)
    assert result.turning_point is not None
    assert start + timedelta(days=7) <= result.turning_point <= start + timedelta(days=8, hours=8)
    nora, eli = result.summaries["Nora"], result.summaries["Eli"]
    assert [p.role for p in nora.periods] == [Role.PURSUER, Role.DISTANCER]
    assert [p.role for p in eli.periods] == [Role.DISTANCER, Role.PURSUER]
    assert nora.periods[0].end is not None and nora.periods[0].end < result.turning_point
    assert "swapped" in nora.role.reasons[0]  # type: ignore[union-attr]
    data = result.to_dict()["partners"]["Eli"]
    assert [p["role"] for p in data["periods"]] == ["distancer", "pursuer"]


@pytest.mark.parametrize("coder", ["learned", "rules", "contextual"])
def test_a_handover_names_each_period_and_who_left_the_cycle(coder: str) -> None:
    # Nora chases on days 0-6 and stops on day 8; from day 8 Eli chases and Nora answers
    # kindly at once. Pursuit changed hands, but Nora never withdrew: she is not "both".
    result = analyze_conversation(
        HANDOVER.conversation(), coder=coder, rng=np.random.default_rng(0), n_boot=20
    )
    start = datetime(2026, 2, 2)
    assert result.turning_point is not None
    assert start + timedelta(days=7) <= result.turning_point <= start + timedelta(days=10)
    nora, eli = result.summaries["Nora"], result.summaries["Eli"]
    assert [p.role for p in nora.periods] == [Role.PURSUER, Role.NEITHER]
    assert [p.role for p in eli.periods] == [Role.DISTANCER, Role.PURSUER]
    assert nora.role is not None and nora.role.role is Role.PURSUER
    assert nora.role.reasons[0].startswith("The roles changed hands around")
    assert "in neither role after" in nora.role.reasons[0]
    assert eli.role is not None and "swapped" in eli.role.reasons[0]


@pytest.mark.parametrize("coder", ["learned", "rules", "contextual"])
@pytest.mark.parametrize(
    "chat", [c for c in CHATS if c not in (REVERSAL, HANDOVER)], ids=lambda c: c.name
)
def test_steady_patterns_have_no_turning_point(chat: RoleChat, coder: str) -> None:
    # A handover is a looser test than a clean swap; none of the steady chats may trip it.
    result = analyze_conversation(
        chat.conversation(), coder=coder, rng=np.random.default_rng(0), n_boot=20
    )
    assert result.turning_point is None
    assert all(s.periods == () for s in result.summaries.values())


# -- the moves themselves, on hand-made turns -------------------------------------------------
Line = tuple[str, float, str, list[str]]
"""(who, minutes after the previous message, text, codes)."""


def _moves(lines: list[Line], usual: float | None = None) -> tuple[SequenceMoves, ...]:
    return move_table(to_arrays(build(lines)), usual_reply_min=usual).moves()


CHAT: list[Line] = [
    ("A", 0, "hi", []),
    ("B", 3, "hey", []),
    ("A", 4, "lunch?", []),
    ("B", 2, "sure", []),
]


def test_a_question_answered_in_time_is_met_and_counts_nothing() -> None:
    a, b = _moves(CHAT * 3)
    assert a.pursuit_events == b.distance_events == 0.0
    assert a.reaches == a.reaches_met == 3


def test_a_bid_left_unanswered_counts_for_the_one_who_did_not_answer() -> None:
    a, b = _moves([*CHAT, ("A", 5, "can we talk tonight?", ["request"]), ("B", 600, "hi", [])])
    assert b.unanswered == 1.0  # 10 hours later is a new session: the bid went unanswered
    assert a.distance_events == 0.0


def test_an_answer_hours_later_is_late_and_asking_again_is_chasing() -> None:
    lines = [
        *CHAT * 3,
        ("A", 5, "could we find time to talk this week?", ["request"]),
        ("B", 240, "maybe", []),
        ("A", 5, "ok, when works for you?", []),
        ("B", 3, "thursday", []),
    ]
    a, b = _moves(lines)
    assert b.late == 1.0
    assert a.chased == 1.0


def test_a_follow_up_to_ones_own_unanswered_question_is_chasing() -> None:
    lines = [*CHAT, ("A", 5, "are you coming sunday?", []), ("A", 90, "?", []), ("B", 3, "yes", [])]
    a, _ = _moves(lines)
    assert a.chased == 1.0


def test_arguing_back_fast_and_staying_is_not_distance() -> None:
    fight = [
        ("A", 0, "you never help", ["criticism"]),
        ("B", 1, "that's not fair", ["defensiveness"]),
        ("A", 1, "it is", ["criticism"]),
        ("B", 1, "no it isn't", ["defensiveness"]),
        ("A", 1, "whatever you say", []),
    ]
    _, b = _moves(fight)
    assert b.defended == 0.0
    slow = [
        ("A", 0, "you never help", ["criticism"]),
        ("B", 200, "not my fault", ["defensiveness"]),
    ]
    _, b_slow = _moves(CHAT * 3 + slow)  # replies here usually take minutes
    assert b_slow.defended == 1.0 and b_slow.late == 1.0


def test_putting_a_reach_off_counts_only_if_it_has_to_be_made_again() -> None:
    kept = [
        ("A", 0, "can we talk?", ["request"]),
        ("B", 3, "let's talk after dinner", ["timeout"]),
        ("A", 2, "ok", []),
    ]
    _, b = _moves(kept)
    assert b.postponed == 0.0
    again = [*kept, ("A", 60, "can we talk now?", ["request"]), ("B", 2, "sure", [])]
    a, b = _moves(again)
    assert b.postponed == 0.5 and a.chased == 1.0


def test_transcripts_without_times_get_no_timing_moves() -> None:
    coded = build([*CHAT, ("A", 5, "can we talk?", ["request"]), ("B", 600, "later", [])])
    untimed = tuple(
        CodedMessage(
            Message(
                c.message.sender,
                c.message.partner,
                None,
                c.message.text,
                MessageKind.TEXT,
                Platform.TRANSCRIPT,
            ),
            c.codes,
        )
        for c in coded
    )
    a, b = move_table(to_arrays(untimed)).moves()
    assert b.late == b.unanswered == 0.0 and a.chased == 0.0


def test_thin_or_mixed_signs_are_unclear_rather_than_a_guess() -> None:
    # A slight lean to pursuit on six moves: too thin to call anyone a pursuer.
    role, conf, _ = role_from_moves(SequenceMoves(20, 3, 1, 1, 0, 1, 0.5))
    assert role is Role.UNCLEAR and conf < UNCLEAR_BELOW
    assert role_from_moves(SequenceMoves(40, 0, 0, 0, 0, 0, 0))[0] is Role.NEITHER


_LINES = st.lists(
    st.tuples(
        st.sampled_from("AB"),
        st.sampled_from([0.5, 3, 20, 45, 120, 400, 900]),
        st.sampled_from(["ok", "can we talk?", "you never listen", "whatever", "love you", "?"]),
        st.sampled_from(
            [
                [],
                ["request"],
                ["criticism"],
                ["withdrawal"],
                ["defensiveness"],
                ["timeout"],
                ["repair"],
            ]
        ),
    ),
    min_size=0,
    max_size=40,
)


@given(_LINES)
@settings(max_examples=150)
def test_swapping_the_partners_swaps_their_moves(
    lines: list[tuple[str, float, str, list[str]]],
) -> None:
    # The rules read turns, not names: who is A must not matter.
    swapped = [("B" if w == "A" else "A", m, t, c) for w, m, t, c in lines]
    a, b = _moves(lines)
    b2, a2 = _moves(swapped)
    assert (a, b) == (a2, b2)


@given(_LINES)
@settings(max_examples=150)
def test_moves_are_never_negative_and_turns_add_up(
    lines: list[tuple[str, float, str, list[str]]],
) -> None:
    coded = build(lines)
    table = move_table(to_arrays(coded))
    a, b = table.moves()
    assert a.turns + b.turns == table.turns.n
    for mv in (a, b):
        assert min(mv.pressed, mv.chased, mv.left, mv.defended, mv.unanswered, mv.late) >= 0
        assert mv.reaches_met <= mv.reaches <= mv.turns
        assert role_from_moves(mv)[1] <= 1.0


SMALL_TALK = [
    ("A", 0, "hi", []),
    ("B", 3, "hey", []),
    ("A", 4, "home soon", []),
    ("B", 2, "great", []),
]


@given(_LINES, st.integers(1, 5))
@settings(max_examples=100)
def test_adding_everyday_small_talk_never_adds_pursuit_or_distance(
    lines: list[Line], extra: int
) -> None:
    # Small talk the next day, with no reach in it, is not a move of the cycle. (A new
    # question after an unmet one would count as asking again: the rules do not see topics.)
    # The usual reply time is fixed here: fast small talk would lower the measured one, and
    # then an earlier two-hour answer would rightly count as late.
    base = _moves(lines, usual=20.0)
    calmer = _moves([*lines, ("A", 900, "morning", []), *SMALL_TALK * extra], usual=20.0)
    for before, after in zip(base, calmer, strict=True):
        assert after.pursuit_events == before.pursuit_events
        assert after.distance_events == before.distance_events


def test_the_chats_are_conversations_of_two() -> None:
    for chat in CHATS:
        conv: Conversation = chat.conversation()
        assert len({m.sender for m in conv.messages}) == 2
        assert len(conv.messages) >= 30
