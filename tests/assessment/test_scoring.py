"""Scoring against the hand-computed reference and the properties a fair scorer must keep."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.assessment import AnswerSheet, classify_role, load_items, score_couple
from tandem.domain import Role

REFERENCE = Path(__file__).parent / "reference"
BANK = load_items()


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def _reference_sheets() -> tuple[AnswerSheet, AnswerSheet]:
    rows = _rows("ratings.csv")
    sam = AnswerSheet("Sam", {r["item"]: int(r["sam"]) for r in rows})
    alex = AnswerSheet("Alex", {r["item"]: int(r["alex"]) for r in rows})
    return sam, alex


def test_reference_sheet_matches_the_shipped_items() -> None:
    rows = _rows("ratings.csv")
    assert [r["item"] for r in rows] == list(BANK.ids)
    for r in rows:
        item = BANK.item(r["item"])
        assert item.scale == r["scale"]
        assert item.reverse == (r["reverse"] == "1")


@pytest.mark.parametrize("row", _rows("expected_scales.csv"), ids=lambda r: r["scale"])
def test_scale_scores_match_the_hand_computed_means(row: dict[str, str]) -> None:
    result = score_couple(*_reference_sheets())
    sam, alex = result.scores
    assert sam.scales[row["scale"]].score == pytest.approx(float(row["sam_mean"]), abs=1e-6)
    assert alex.scales[row["scale"]].score == pytest.approx(float(row["alex_mean"]), abs=1e-6)
    assert sam.scales[row["scale"]].n_items == int(row["items"])


@pytest.mark.parametrize(
    "row", _rows("expected_roles.csv"), ids=lambda r: f"{r['about']}-by-{r['reporter']}"
)
def test_roles_match_the_hand_computed_reference(row: dict[str, str]) -> None:
    result = score_couple(*_reference_sheets())
    if row["reporter"] == "couple":
        estimate = result.roles[row["about"]]
        pursue, withdraw = result.combined(row["about"])
    else:
        view = next(
            v for v in result.views if v.about == row["about"] and v.reporter == row["reporter"]
        )
        estimate, pursue, withdraw = view.estimate, view.pursue, view.withdraw
    assert pursue == pytest.approx(float(row["pursue"]), abs=1e-6)
    assert withdraw == pytest.approx(float(row["withdraw"]), abs=1e-6)
    assert estimate.role.value == row["role"]
    assert estimate.confidence == pytest.approx(float(row["clarity"]), abs=1e-4)


def test_disagreement_about_alex_is_stated_in_plain_words() -> None:
    result = score_couple(*_reference_sheets())
    text = " ".join(result.disagreements)
    # Alex rates their own pulling away at 4.33, Sam rates it at 7.5: only the gap is said,
    # never who gave which rating (both partners read this).
    assert "You see Alex's pulling away differently: your two views of it are 3.2 points" in text
    assert "4.3" not in text and "7.5" not in text
    assert "Your two views of Alex point to different sides of the pattern" in text
    # Sam's two views agree within 2 points, so nothing is said about Sam's pressing.
    assert "Sam's pressing" not in text


def test_couple_profile_from_the_quiz() -> None:
    profile = score_couple(*_reference_sheets()).to_couple_profile()
    assert profile.sources == ("quiz",)
    assert profile.partners == ("Sam", "Alex")
    assert profile.roles["Sam"].role is Role.PURSUER
    assert profile.roles["Alex"].role is Role.DISTANCER
    # Positions on the 1-9 scale moved to 0-1: (7.166667 - 1) / 8.
    assert profile.pursue_rate["Sam"] == pytest.approx(6.166667 / 8, abs=1e-4)
    assert profile.safety_concern is None


def test_fear_item_raises_a_safety_concern_naming_the_answer() -> None:
    sam, alex = _reference_sheets()
    alex = AnswerSheet("Alex", {**alex.answers, "sf_1": 6})
    result = score_couple(sam, alex)
    assert result.safety_concern is not None
    assert "Alex answered 6 of 9" in result.safety_concern.evidence[0]
    assert "emergency" in result.safety_concern.message


def test_one_sheet_gives_the_other_partner_a_role_from_one_view() -> None:
    sam, _ = _reference_sheets()
    result = score_couple(AnswerSheet("Sam", sam.answers, other="Alex"))
    assert result.partners == ("Sam", "Alex")
    assert result.roles["Alex"].role is Role.DISTANCER
    assert any("only one view" in r for r in result.roles["Alex"].reasons)
    assert result.disagreements == ()


def test_same_name_twice_is_refused() -> None:
    sam, alex = _reference_sheets()
    with pytest.raises(ValueError, match="each partner answers alone"):
        score_couple(sam, AnswerSheet("sam", alex.answers))


def test_scale_with_too_many_skips_says_which_scale() -> None:
    sam, alex = _reference_sheets()
    skipped = {**sam.answers, "ns_1": None, "ns_2": None}
    with pytest.raises(ValueError, match="'space'"):
        score_couple(AnswerSheet("Sam", skipped), alex)


def test_limits_say_what_a_quiz_cannot_tell() -> None:
    result = score_couple(*_reference_sheets())
    text = " ".join(result.limits)
    assert "cannot" in text and "not therapy" in text and "counselling" in text


# ----- properties ---------------------------------------------------------------------------

ratings = st.integers(min_value=1, max_value=9)
sheets = st.fixed_dictionaries(dict.fromkeys(BANK.ids, ratings))


@settings(max_examples=60, deadline=None)
@given(a=sheets, b=sheets)
def test_every_score_lies_in_its_range_and_clarity_in_0_1(
    a: dict[str, int], b: dict[str, int]
) -> None:
    result = score_couple(AnswerSheet("A", a), AnswerSheet("B", b))
    for s in result.scores:
        for sc in s.scales.values():
            assert sc.low <= sc.score <= sc.high
            assert 0.0 <= sc.normalised <= 1.0
    for estimate in result.roles.values():
        assert 0.0 <= estimate.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(a=sheets)
def test_reversing_every_answer_mirrors_every_scale(a: dict[str, int]) -> None:
    """Answer r -> 10 - r on every item turns each scale score s into 10 - s."""
    flipped = {k: 10 - v for k, v in a.items()}
    one = score_couple(AnswerSheet("A", a)).scores[0].scales
    two = score_couple(AnswerSheet("A", flipped)).scores[0].scales
    for sid in one:
        assert two[sid].score == pytest.approx(10 - one[sid].score)


@settings(max_examples=60, deadline=None)
@given(a=sheets, b=sheets)
def test_swapping_partners_swaps_the_results(a: dict[str, int], b: dict[str, int]) -> None:
    ab = score_couple(AnswerSheet("A", a), AnswerSheet("B", b))
    ba = score_couple(AnswerSheet("B", b), AnswerSheet("A", a))
    for name in ("A", "B"):
        assert ab.roles[name].role is ba.roles[name].role
        assert ab.roles[name].confidence == pytest.approx(ba.roles[name].confidence)
        assert ab.combined(name) == pytest.approx(ba.combined(name))
    assert ab.scores[0].scales == ba.scores[1].scales
    assert sorted(ab.disagreements) == sorted(ba.disagreements)


@settings(max_examples=100, deadline=None)
@given(p=st.floats(1, 9), w=st.floats(1, 9))
def test_role_rule_is_symmetric_between_pressing_and_pulling_away(p: float, w: float) -> None:
    role, clarity = classify_role(p, w)
    mirrored, clarity2 = classify_role(w, p)
    swap = {Role.PURSUER: Role.DISTANCER, Role.DISTANCER: Role.PURSUER}
    assert mirrored is swap.get(role, role)
    assert clarity == pytest.approx(clarity2)
