"""The state of one partner taking the quiz: where they are, what they answered.

Pure state, no terminal: the ``tandem quiz`` command feeds it keys and saves
:attr:`QuizSession.sheet` after every change.

Examples
--------
>>> from tandem.assessment.items import load_items
>>> session = QuizSession(load_items(), partner="Sam")
>>> session.answer(7)
>>> session.index, session.answers["sp_arg_1"]
(1, 7)
>>> session.back(); session.index
0
>>> session.skip(); session.answers["sp_arg_1"]  # skipping keeps an earlier answer
7
>>> session.skip(); session.answers["sp_arg_2"] is None
True

Coming back to finish: only the open items are asked, answered ones are not walked again.

>>> again = QuizSession(load_items(), partner="Sam", answers=dict(session.answers))
>>> again.jump_to_first_open(); again.current.id
'sp_arg_2'
>>> again.answer(4); again.current.id == again.bank.ids[2]  # the next one not yet answered
True
"""

from __future__ import annotations

from tandem.assessment.answers import AnswerSheet
from tandem.assessment.items import Item, ItemBank


class QuizSession:
    """One partner working through the items in order.

    Parameters
    ----------
    bank : ItemBank
        The quiz.
    partner : str
        Who answers.
    other : str, optional
        The partner the answers are about.
    answers : dict, optional
        Earlier answers to resume from; the session starts at the first item not yet in it.
    """

    def __init__(
        self,
        bank: ItemBank,
        *,
        partner: str,
        other: str | None = None,
        answers: dict[str, int | None] | None = None,
    ) -> None:
        self.bank = bank
        self.partner = partner
        self.other = other
        self.answers: dict[str, int | None] = dict(answers or {})
        self.only_open = False
        """After :meth:`jump_to_first_open`: moving on skips items already answered."""
        self.index = next(
            (k for k, item in enumerate(bank.items) if item.id not in self.answers),
            len(bank.items),
        )

    @property
    def total(self) -> int:
        """Number of items."""
        return len(self.bank.items)

    @property
    def done(self) -> bool:
        """Whether the cursor has moved past the last item."""
        return self.index >= self.total

    @property
    def current(self) -> Item:
        """The item under the cursor (``IndexError`` when done)."""
        return self.bank.items[self.index]

    @property
    def answered(self) -> int:
        """Items with a rating (skips not counted)."""
        return sum(v is not None for v in self.answers.values())

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Items skipped or not reached yet, in order."""
        return tuple(i for i in self.bank.ids if self.answers.get(i) is None)

    @property
    def sheet(self) -> AnswerSheet:
        """The answers as an answer sheet, in item order."""
        ordered = {i: self.answers[i] for i in self.bank.ids if i in self.answers}
        return AnswerSheet(partner=self.partner, answers=ordered, other=self.other)

    def answer(self, rating: int) -> None:
        """Rate the current item and move on."""
        if not self.bank.low <= rating <= self.bank.high:
            raise ValueError(f"rating {rating} is outside {self.bank.low}-{self.bank.high}")
        self.answers[self.current.id] = rating
        self._move_on()

    def skip(self) -> None:
        """Mark the current item as skipped on purpose and move on."""
        self.answers.setdefault(self.current.id, None)
        self._move_on()

    def _move_on(self) -> None:
        self.index += 1
        if self.only_open:
            while self.index < self.total and self.answers.get(self.current.id) is not None:
                self.index += 1

    def back(self) -> None:
        """Go to the previous item (stays on the first)."""
        self.index = max(0, self.index - 1)

    def jump_to_first_open(self) -> None:
        """Move to the first skipped or unreached item (or stay done).

        From then on the session moves only between open items, so a second round asks only
        what is still open.
        """
        self.only_open = True
        open_items = set(self.unanswered)
        self.index = next(
            (k for k, item in enumerate(self.bank.items) if item.id in open_items), self.total
        )
