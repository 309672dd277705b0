"""``tandem plan``: a change plan for each partner, from the quiz, a chat, or both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tandem.cli._app import app, console, err_console
from tandem.errors import InvalidChoice, check_exists


@app.command()
def plan(
    more: Annotated[
        list[Path] | None,
        typer.Argument(help="The second quiz file, after --quiz A.json.", show_default=False),
    ] = None,
    quiz: Annotated[
        Path | None, typer.Option("--quiz", help="Quiz answers: --quiz A.json [B.json].")
    ] = None,
    chat: Annotated[Path | None, typer.Option("--chat", help="A chat export.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML page here.")
    ] = None,
    md: Annotated[Path | None, typer.Option("--md", help="Write Markdown here.")] = None,
    coder: Annotated[
        str,
        typer.Option(
            "--coder", help="Behaviour coder for the chat: default, rules, learned, contextual."
        ),
    ] = "default",
    model: Annotated[
        bool,
        typer.Option("--model/--no-model", help="Simulate the plan's expected effect."),
    ] = True,
) -> None:
    """Build a plan for each partner, ordered by what your own data shows.

    Each step says why it is there (the measurement behind it) and shows your own messages with
    a softer way to say the same thing. It is not therapy; where the data shows fear or threats
    it gives no steps and says where to find help.
    """
    if more and quiz is None:
        raise InvalidChoice("quiz files go after --quiz (tandem plan --quiz A.json B.json)")
    quiz_files = [quiz, *(more or [])] if quiz is not None else []
    for given in [*quiz_files, chat]:
        if given is not None:
            check_exists(given)

    from tandem.coaching.from_data import plan_from_data
    from tandem.report.plan import plan_to_html, plan_to_markdown, render_plan

    result = plan_from_data(quiz_files=quiz_files, chat=chat, coder=coder, model=model)
    for path, text in ((html, plan_to_html), (md, plan_to_markdown)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text(result), encoding="utf-8")
            err_console.print(f"Plan written to {escape(str(path))}", highlight=False)
    if as_json:
        console.out(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), highlight=False)
    elif html is None and md is None:
        console.print(render_plan(result))
        if any(s.key == "announce_break" for p in result.partners.values() for s in p.steps):
            console.print(
                "The break helper: tandem timeout --need 'to calm down' --minutes 30 "
                "[--ics reminder.ics]",
                style="dim",
                highlight=False,
                markup=False,
            )
