"""The plan: steps ordered by this couple's data, each with its measurement and own examples."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.assessment import AnswerSheet, score_couple
from tandem.coaching import build_plan, combine_profiles
from tandem.coaching.effect import expected_effect
from tandem.domain import (
    Code,
    CodeAssignment,
    CodedMessage,
    CoupleProfile,
    Message,
    MessageKind,
    Partner,
    Platform,
    Role,
    RoleEstimate,
    SafetyConcern,
)
from tandem.errors import InvalidChoice, NotEnoughData

REFERENCE = Path(__file__).parent.parent / "assessment" / "reference" / "ratings.csv"
START = datetime(2026, 3, 1, 9, 0)
ROLES = {"Sam": RoleEstimate(Role.PURSUER, 0.8), "Alex": RoleEstimate(Role.DISTANCER, 0.7)}


def _msg(k: int, sender: str, text: str, *codes: Code) -> CodedMessage:
    message = Message(
        sender=sender,
        partner=Partner.A if sender == "Sam" else Partner.B,
        timestamp=START + timedelta(minutes=k),
        text=text,
        kind=MessageKind.TEXT,
        platform=Platform.CSV,
    )
    assigned = tuple(CodeAssignment(c, 0.9, "test") for c in codes) or (
        CodeAssignment(Code.NEUTRAL, 1.0, ""),
    )
    return CodedMessage(message=message, codes=assigned)


def _chat(
    sam: list[tuple[str, tuple[Code, ...]]], alex: list[tuple[str, tuple[Code, ...]]]
) -> tuple[CodedMessage, ...]:
    out = []
    for k in range(max(len(sam), len(alex))):
        if k < len(sam):
            out.append(_msg(2 * k, "Sam", sam[k][0], *sam[k][1]))
        if k < len(alex):
            out.append(_msg(2 * k + 1, "Alex", alex[k][0], *alex[k][1]))
    return tuple(out)


NEUTRAL = ("see you at 6", ())
CRITIC = [
    ("you never listen to me", (Code.CRITICISM,)),
    ("you always put your phone first", (Code.CRITICISM,)),
    ("why can't you ever plan anything", (Code.CRITICISM,)),
    ("you forgot again, typical", (Code.CRITICISM,)),
]
PRESSER = [
    ("answer me", (Code.PRESSURE,)),
    ("hello??", (Code.PRESSURE,)),
    ("we need to talk now", (Code.PRESSURE,)),
    ("why aren't you answering", (Code.PRESSURE,)),
]
WITHDRAWER = [
    ("whatever", (Code.WITHDRAWAL,)),
    ("fine", (Code.WITHDRAWAL,)),
    ("k", (Code.WITHDRAWAL,)),
]
DISMISSER = [
    ("you're overreacting", (Code.DISMISSAL,)),
    ("it's not a big deal", (Code.DISMISSAL,)),
    ("it's not my fault", (Code.DEFENSIVENESS,)),
]


def _plan(sam: list, alex: list):  # type: ignore[no-untyped-def]
    coded = _chat(sam + [NEUTRAL] * 6, alex + [NEUTRAL] * 6)
    return build_plan(
        CoupleProfile(partners=("Sam", "Alex"), roles=ROLES, sources=("chat",)), coded
    )


def test_criticism_heavy_pursuer_starts_with_asking_not_space() -> None:
    steps = _plan(CRITIC, WITHDRAWER).partners["Sam"].steps
    assert steps[0].key in ("ask_dont_criticise", "vulnerable_feeling")
    assert [s.key for s in steps].index("allow_space") == len(steps) - 1 or steps[-1].priority == 0


def test_pressure_heavy_pursuer_starts_with_space() -> None:
    steps = _plan(PRESSER, WITHDRAWER).partners["Sam"].steps
    assert steps[0].key == "allow_space"
    assert steps[0].because.startswith("4 of your 10 messages were coded pressure")


def test_silent_distancer_starts_with_the_break_and_dismissive_one_with_validation() -> None:
    silent = _plan(CRITIC, WITHDRAWER).partners["Alex"].steps
    assert silent[0].key in ("announce_break", "share_feelings")
    assert "coded withdrawal, against 0 with an announced break" in " ".join(
        s.because for s in silent
    )
    dismissive = _plan(CRITIC, DISMISSER).partners["Alex"].steps
    assert dismissive[0].key in ("validate", "listen")


def test_examples_are_the_partners_own_messages_with_softer_versions() -> None:
    plan = _plan(CRITIC, WITHDRAWER)
    sam_texts = {t for t, _ in CRITIC}
    shown = [ex for s in plan.partners["Sam"].steps for ex in s.examples]
    assert shown, "the pursuer's criticisms should appear as examples"
    for ex in shown:
        assert ex.original in sam_texts
        assert ex.softer != ex.original
    # no message is shown twice
    assert len({ex.original for ex in shown}) == len(shown)
    # "whatever", "fine", "k" have no point of their own: no stock break sentence, and the
    # plan says they need the writer's own words
    alex = [ex for s in plan.partners["Alex"].steps for ex in s.examples]
    assert alex and all(ex.softer is None for ex in alex)


def test_json_has_the_documented_shape() -> None:
    data = _plan(CRITIC, WITHDRAWER).to_dict()
    assert set(data) >= {"partners", "safety_concern", "expected_effect", "notes"}
    sam = data["partners"]["Sam"]
    assert set(sam) == {"role", "steps"}
    assert sam["role"] == "pursuer"
    step = sam["steps"][0]
    assert set(step) == {"key", "title", "because", "practice", "examples"}
    assert data["details"]["Sam"]["steps"][0]["key"] in ("ask_dont_criticise", "vulnerable_feeling")
    assert all(set(ex) == {"original", "softer"} for ex in step["examples"])
    assert data["safety_concern"] is None
    assert any("not therapy" in n and "counsellor" in n for n in data["notes"])


def test_safety_concern_means_no_steps_and_a_plain_pointer_to_help() -> None:
    concern = SafetyConcern(evidence=("threat: 'or else'",), message="get help: emergency number")
    profile = CoupleProfile(partners=("Sam", "Alex"), roles=ROLES, safety_concern=concern)
    plan = build_plan(profile, _chat(CRITIC, WITHDRAWER))
    assert all(p.steps == () for p in plan.partners.values())
    data = plan.to_dict()
    assert data["safety_concern"]["evidence"] == ["threat: 'or else'"]
    assert any("No coaching steps" in n for n in data["notes"])
    assert any("not therapy" in n for n in data["notes"])
    assert expected_effect(plan) is None


def test_no_roles_and_no_concern_is_not_enough_data() -> None:
    with pytest.raises(NotEnoughData, match="too little signal"):
        build_plan(CoupleProfile(partners=("Sam", "Alex")))


def _reference_quiz():  # type: ignore[no-untyped-def]
    with REFERENCE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return score_couple(
        AnswerSheet("Sam", {r["item"]: int(r["sam"]) for r in rows}),
        AnswerSheet("Alex", {r["item"]: int(r["alex"]) for r in rows}),
    )


def test_quiz_only_plan_names_the_quiz_measurements() -> None:
    quiz = _reference_quiz()
    plan = build_plan(quiz.to_couple_profile(), quiz=quiz)
    sam = plan.partners["Sam"]
    assert sam.role is Role.PURSUER
    text = " ".join(s.because for s in sam.steps)
    # The plan is read by both: it quotes only the shared picture, Sam's pressing from both
    # views together ((7.0 + 7.33) / 2 = 7.2), never Alex's overwhelm or need for space.
    assert "Your pressing is 7.2 of 9 in the quiz, from both your views together" in text
    assert sam.steps[0].key == "ask_dont_criticise"
    alex = plan.partners["Alex"]
    alex_text = " ".join(s.because for s in alex.steps)
    assert "Your pulling away is" in alex_text
    assert alex.steps[0].key == "announce_break"
    for private in ("overwhelm", "need for space", "worry", "rates your", "arguments"):
        assert private not in text + alex_text


def test_combine_takes_the_clearer_role_and_says_what_the_other_source_said() -> None:
    chat = CoupleProfile(
        partners=("Sam", "Alex"),
        roles={"Sam": RoleEstimate(Role.PURSUER, 0.4), "Alex": RoleEstimate(Role.DISTANCER, 0.9)},
        sources=("chat",),
    )
    quiz = CoupleProfile(
        partners=("sam", "alex"),
        roles={"sam": RoleEstimate(Role.BOTH, 0.7), "alex": RoleEstimate(Role.DISTANCER, 0.2)},
        sources=("quiz",),
    )
    both = combine_profiles(chat, quiz)
    assert both.sources == ("chat", "quiz")
    assert both.roles["Sam"].role is Role.BOTH
    assert "the chat differs: pursuer (40%)" in both.roles["Sam"].reasons
    assert both.roles["Alex"].role is Role.DISTANCER
    with pytest.raises(InvalidChoice, match="do not match"):
        combine_profiles(chat, CoupleProfile(partners=("Kim", "Lee"), sources=("quiz",)))


def test_expected_effect_is_seeded_and_shows_less_conflict_with_the_plan() -> None:
    plan = _plan(CRITIC, WITHDRAWER)
    one = expected_effect(plan, days=84, seed=7)
    two = expected_effect(plan, days=84, seed=7)
    assert one is not None and two is not None
    assert one.with_plan == two.with_plan and one.without_plan == two.without_plan
    assert len(one.days) == 12
    assert sum(one.with_plan) < sum(one.without_plan)
    assert one.change < 0
    assert "not a forecast" in one.sentence


CODE_CHOICES = [
    Code.CRITICISM,
    Code.CONTEMPT,
    Code.PRESSURE,
    Code.WITHDRAWAL,
    Code.DISMISSAL,
    Code.DEFENSIVENESS,
    Code.VULNERABILITY,
    Code.REQUEST,
    Code.VALIDATION,
    Code.TIMEOUT,
]


def _random_side(draw, n: int) -> list[tuple[str, tuple[Code, ...]]]:  # type: ignore[no-untyped-def]
    codes = draw(st.lists(st.sampled_from(CODE_CHOICES), min_size=n, max_size=n))
    return [(f"message {k} {c.value}", (c,)) for k, c in enumerate(codes)]


@st.composite
def couples(draw):  # type: ignore[no-untyped-def]
    role_a = draw(st.sampled_from(list(Role)))
    role_b = draw(st.sampled_from(list(Role)))
    sam = _random_side(draw, draw(st.integers(0, 12)))
    alex = _random_side(draw, draw(st.integers(0, 12)))
    return role_a, role_b, sam, alex


@settings(max_examples=60, deadline=None)
@given(couple=couples())
def test_plan_is_the_same_whichever_partner_comes_first(couple) -> None:  # type: ignore[no-untyped-def]
    role_a, role_b, sam, alex = couple
    roles = {"Sam": RoleEstimate(role_a, 0.6), "Alex": RoleEstimate(role_b, 0.6)}
    coded = _chat(sam, alex)
    one = build_plan(CoupleProfile(partners=("Sam", "Alex"), roles=roles), coded)
    two = build_plan(CoupleProfile(partners=("Alex", "Sam"), roles=roles), coded)
    for name in ("Sam", "Alex"):
        assert one.partners[name] == two.partners[name]
        steps = one.partners[name].steps
        priorities = [s.priority for s in steps]
        assert priorities == sorted(priorities, reverse=True)
        for s in steps:
            assert 0.0 <= s.priority <= 1.0
            assert s.because.endswith(".")
            assert "messages were coded" in s.because or "did not single" in s.because
            own = {t for t, _ in (sam if name == "Sam" else alex)}
            assert all(ex.original in own for ex in s.examples)


def test_a_chat_in_a_language_not_read_says_so_instead_of_too_little_signal() -> None:
    import numpy as np
    from tests.analysis.conftest import build
    from tests.coding.test_language import CHATS

    from tandem.analysis.cycle import analyze_cycle

    lines = [("A" if k % 2 else "B", 3.0, text, []) for k, text in enumerate(CHATS["de"] * 3)]
    coded = build(lines)
    analysis = analyze_cycle(coded, partners=("Ana", "Ben"), rng=np.random.default_rng(0))
    with pytest.raises(NotEnoughData, match="looks written in German"):
        build_plan(analysis.to_couple_profile(), coded, analysis=analysis)
