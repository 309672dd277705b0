"""The quiz session: moving, skipping, going back and resuming."""

from __future__ import annotations

from tandem.assessment import QuizSession, load_items

BANK = load_items()


def test_resume_starts_at_the_first_item_not_yet_answered() -> None:
    first_three = dict.fromkeys(BANK.ids[:3], 4)
    session = QuizSession(BANK, partner="Sam", answers=first_three)
    assert session.index == 3
    assert session.answered == 3


def test_back_never_goes_before_the_first_item() -> None:
    session = QuizSession(BANK, partner="Sam")
    session.back()
    assert session.index == 0


def test_skipped_items_stay_open_and_jump_finds_them() -> None:
    session = QuizSession(BANK, partner="Sam")
    session.answer(3)
    session.skip()
    for _ in range(session.total - 2):
        session.answer(5)
    assert session.done
    assert session.unanswered == (BANK.ids[1],)
    session.jump_to_first_open()
    assert session.index == 1
    assert session.sheet.answers[BANK.ids[1]] is None


def test_a_second_round_asks_only_the_open_items() -> None:
    # Items 1 and 5 skipped, everything else answered: the rerun asks 1, then 5, then is done,
    # instead of walking through the answered items in between again.
    answers: dict[str, int | None] = dict.fromkeys(BANK.ids, 4)
    answers[BANK.ids[1]] = answers[BANK.ids[5]] = None
    session = QuizSession(BANK, partner="Sam", answers=answers)
    assert session.done
    session.jump_to_first_open()
    asked = []
    while not session.done:
        asked.append(session.current.id)
        session.answer(6)
    assert asked == [BANK.ids[1], BANK.ids[5]]
    assert session.unanswered == ()
    assert session.answers[BANK.ids[2]] == 4  # answered items are left as they were
