"""``tandem quiz``: take the quiz in the terminal, list its items, or score saved answers.

The interactive loop lives in :mod:`tandem.cli._quiz_loop`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tandem.cli._app import app, console, err_console
from tandem.errors import InvalidChoice, check_exists


def _score(files: list[Path], as_json: bool) -> None:
    if len(files) > 2:
        raise InvalidChoice(f"--score takes one or two answer files, got {len(files)}")
    for path in files:
        check_exists(path)
    from tandem.assessment import load_items, read_answers, score_couple
    from tandem.report.quiz import render_own, render_shared

    bank = load_items()
    sheets = [read_answers(f, bank) for f in files]
    result = score_couple(sheets[0], sheets[1] if len(sheets) > 1 else None, bank=bank)
    # Two files: the shared picture both may see. One file: its author's own result.
    if len(sheets) == 2:
        shared = result.shared()
        if as_json:
            console.print_json(json.dumps(shared.to_dict(), ensure_ascii=False))
        else:
            console.print(render_shared(shared))
        return
    if as_json:
        data = result.own_dict(sheets[0].partner, bank)
        console.print_json(json.dumps(data, ensure_ascii=False))
    else:
        console.print(render_own(result))
        console.print(
            "With your partner's file, --score YOURS.json THEIRS.json prints the shared picture "
            "you can both see."
        )


@app.command()
def quiz(
    more: Annotated[
        list[Path] | None,
        typer.Argument(help="The second answer file, after --score A.json.", show_default=False),
    ] = None,
    items: Annotated[bool, typer.Option("--items", help="List the items.")] = False,
    score: Annotated[
        Path | None,
        typer.Option(
            "--score",
            help=(
                "Score saved answers: --score MINE.json shows your own result (for you only); "
                "--score A.json B.json shows the shared picture you both may see."
            ),
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Answer file to write (and resume from if it exists)."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Your name.")] = None,
    about: Annotated[
        str | None, typer.Option("--about", help="Your partner's name (optional).")
    ] = None,
) -> None:
    """Take the two-partner quiz, list its items, or score saved answers.

    Each partner answers alone. Without --items or --score the quiz is asked here, one statement
    at a time, and saved to --answers after every answer. One answer file scores its author's own
    result; two files give only the shared picture, never a single answer of either partner.
    """
    if score is not None and not items:
        _score([score, *(more or [])], as_json)
        return
    from tandem.assessment import load_items

    bank = load_items()
    if items:
        if as_json:
            rows = [
                {
                    "id": i.id,
                    "text": i.text,
                    "scale": i.scale,
                    "reverse": i.reverse,
                    "arena": i.arena,
                }
                for i in bank.items
            ]
            console.print_json(json.dumps(rows, ensure_ascii=False))
        else:
            from tandem.report.quiz import render_items

            console.print(render_items(bank))
        return
    if more:
        raise InvalidChoice("answer files go after --score (tandem quiz --score A.json B.json)")
    if answers is None:
        raise InvalidChoice("say where to save: tandem quiz --answers my-answers.json --name NAME")
    import readchar
    from rich.panel import Panel

    from tandem.assessment import QuizSession, read_answers, score_couple
    from tandem.cli._quiz_loop import run_quiz

    earlier: dict[str, int | None] = {}
    if answers.exists():
        sheet = read_answers(answers, bank, complete=False)
        if name is not None and name.strip().casefold() != sheet.partner.casefold():
            raise InvalidChoice(
                f"{answers.name} holds {sheet.partner}'s answers, not {name}'s; use another file"
            )
        name, about, earlier = sheet.partner, about or sheet.other, dict(sheet.answers)
    if name is None or not name.strip():
        raise InvalidChoice("say who is answering: --name NAME")
    if not sys.stdin.isatty():
        raise InvalidChoice(
            "the quiz is asked in a terminal; to score saved answers use --score A.json [B.json]"
        )
    session = QuizSession(bank, partner=name.strip(), other=about, answers=earlier)
    if session.done:
        session.jump_to_first_open()
    try:
        run_quiz(session, answers, read_key=readchar.readkey, out=err_console)
    except KeyboardInterrupt:
        err_console.print(f"\nStopped. Every answer so far is saved in {escape(str(answers))}.")
        raise typer.Exit(130) from None
    left = session.unanswered
    if left:
        err_console.print(
            f"Saved {session.answered} answers in {escape(str(answers))}; {len(left)} still open. "
            "Run the same command again to continue."
        )
    else:
        err_console.print(
            f"All {session.total} answered and saved in {escape(str(answers))}. Your own result: "
            f"tandem quiz --score {escape(str(answers))}; the shared picture, once your partner "
            f"has answered too: tandem quiz --score {escape(str(answers))} THEIRS.json"
        )
        own = score_couple(session.sheet, bank=bank).safety_for(session.sheet.partner, bank)
        if own is not None:
            # Said to the person at the keyboard now, who is the one who answered.
            err_console.print(Panel(own.message, title="Only you see this", border_style="red"))
