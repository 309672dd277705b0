"""Who sees what: nothing private in a quiz can change, or appear in, what is shared.

The shared picture (``QuizResult.shared``) is what the other partner and a therapist see. If the
answers to the private scales (worry, overwhelm, need for space, the fear questions) could move
it, a partner could read them off it; so the property is exact equality.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.assessment import AnswerSheet, load_items, score_couple

BANK = load_items()
PRIVATE_SCALES = ("anxiety", "flooding", "space", "safety")
PRIVATE_ITEMS = [i.id for i in BANK.items if i.scale in PRIVATE_SCALES]
SHARED_ITEMS = [i.id for i in BANK.items if i.scale not in PRIVATE_SCALES]

rating = st.integers(BANK.low, BANK.high)
answers = st.fixed_dictionaries({i.id: rating for i in BANK.items})
private_answers = st.fixed_dictionaries(dict.fromkeys(PRIVATE_ITEMS, rating))


@settings(max_examples=60, deadline=None)
@given(answers, answers, private_answers, private_answers)
def test_private_answers_never_change_the_shared_picture(
    sam: dict[str, int],
    alex: dict[str, int],
    sam_private: dict[str, int],
    alex_private: dict[str, int],
) -> None:
    before = score_couple(AnswerSheet("Sam", sam, "Alex"), AnswerSheet("Alex", alex, "Sam"))
    after = score_couple(
        AnswerSheet("Sam", sam | sam_private, "Alex"),
        AnswerSheet("Alex", alex | alex_private, "Sam"),
    )
    assert before.shared().to_dict() == after.shared().to_dict()
    # The profile the plan and the pages are built from is the same too, and never carries
    # a safety concern from the quiz.
    assert before.to_couple_profile() == after.to_couple_profile()
    assert after.to_couple_profile().safety_concern is None


@settings(max_examples=40, deadline=None)
@given(answers, answers)
def test_shared_json_never_names_a_fear_item(sam: dict[str, int], alex: dict[str, int]) -> None:
    shared = score_couple(AnswerSheet("Sam", sam), AnswerSheet("Alex", alex)).shared()
    text = json.dumps(shared.to_dict())
    for item in BANK.items_of("safety"):
        assert item.text not in text
    assert " answered " not in json.dumps(shared.to_dict()["partners"])


def test_safety_note_goes_to_its_author_only() -> None:
    calm = {i.id: 3 for i in BANK.items}
    afraid = calm | {i.id: 8 for i in BANK.items_of("safety")}
    result = score_couple(AnswerSheet("Sam", calm), AnswerSheet("Alex", afraid))
    assert result.safety_for("Sam") is None
    note = result.safety_for("Alex")
    assert note is not None and "Only you see this" in note.message
    assert all(line.startswith("you answered 8 of 9 to:") for line in note.evidence)
