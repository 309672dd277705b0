"""The terminal quiz loop: one statement at a time, saved after every key that changes an answer.

:func:`run_quiz` takes its key reader as a parameter, so tests drive it with a list of keys and
``tandem quiz`` passes :func:`readchar.readkey`. Answers are saved atomically after every
change, so Ctrl-C never loses an answer. Kept apart from the command so ``tandem --help`` does
not load the key reader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import readchar
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from tandem.assessment import QuizSession, save_answers

KeyReader = Callable[[], str]
"""Returns one key press as a string (``readchar.readkey`` or a test's list of keys)."""

_BACK = {"b", "B", readchar.key.UP, readchar.key.BACKSPACE}
_SKIP = {"s", "S", readchar.key.DOWN}
_QUIT = {"q", "Q", readchar.key.ESC}
_CONFIRM = {readchar.key.ENTER, readchar.key.CR, readchar.key.LF, " "}


def _question(session: QuizSession, cursor: int) -> Panel:
    bank = session.bank
    item = session.current
    scale = Text()
    for value in range(bank.low, bank.high + 1):
        style = "reverse bold" if value == cursor else ""
        scale.append(f" {value} ", style=style)
        scale.append(" ")
    body = Text()
    body.append(item.text + "\n\n", style="bold")
    body.append(f"{bank.low} = {bank.low_label}   …   {bank.high} = {bank.high_label}\n")
    body.append_text(scale)
    earlier = session.answers.get(item.id)
    if earlier is not None:
        body.append(f"\n(your earlier answer: {earlier})")
    body.append(
        "\n\nkeys: 1-9 answer · ←/→ move, Enter choose · b or ↑ back · s or ↓ skip"
        " · q save and stop",
        style="dim",
    )
    done = session.index
    bar = "█" * round(20 * done / session.total) + "·" * (20 - round(20 * done / session.total))
    title = f"question {session.index + 1} of {session.total}  {bar}  {session.answered} answered"
    return Panel(body, title=title, title_align="left")


def run_quiz(session: QuizSession, path: Path, *, read_key: KeyReader, out: Console) -> QuizSession:
    """Ask the remaining items, saving ``session.sheet`` to ``path`` after every change.

    Parameters
    ----------
    session : QuizSession
        Where to start (a fresh session or one resumed from ``path``).
    path : Path
        The answer file, rewritten atomically after each answer, skip or back step.
    read_key : callable
        Returns the next key press. Digits answer; arrows move the cursor (←/→), go back (↑) or
        skip (↓); Enter or space choose the cursor value; ``b`` back, ``s`` skip, ``q`` stop.
    out : Console
        Where the questions are shown.

    Returns
    -------
    QuizSession
        The session as it ended (done, or stopped with ``q``).
    """
    bank = session.bank
    mid = (bank.low + bank.high) // 2
    save_answers(path, session.sheet)
    shown = -1
    cursor = mid
    while not session.done:
        if session.index != shown:
            shown = session.index
            earlier = session.answers.get(session.current.id)
            cursor = earlier if earlier is not None else mid
        if out.is_terminal:
            out.clear()
        out.print(_question(session, cursor))
        key = read_key()
        if key in _QUIT:
            break
        if key == readchar.key.LEFT:
            cursor = max(bank.low, cursor - 1)
            continue
        if key == readchar.key.RIGHT:
            cursor = min(bank.high, cursor + 1)
            continue
        if key.isdigit() and bank.low <= int(key) <= bank.high:
            session.answer(int(key))
        elif key in _CONFIRM:
            session.answer(cursor)
        elif key in _BACK:
            session.back()
            shown = -1
        elif key in _SKIP:
            session.skip()
        else:
            continue
        save_answers(path, session.sheet)
    return session
