"""``tandem analyze``: find the pursue–withdraw cycle in a chat export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from tandem.cli._app import app, console, err_console, progress_bar
from tandem.domain import Conversation
from tandem.errors import InvalidChoice, check_exists

BOOTSTRAP_SEED = 20261124
"""Seed of the bootstrap, so the same chat always gives the same report."""


@app.command()
def analyze(
    file: Annotated[
        Path, typer.Argument(help="A chat export (WhatsApp .txt/.zip, Telegram, ...).")
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print every figure as JSON instead of the summary.")
    ] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained HTML report here.")
    ] = None,
    me: Annotated[
        str | None, typer.Option("--me", help="Your name in the chat: the text then says 'you'.")
    ] = None,
    coder: Annotated[
        str, typer.Option("--coder", help="Behaviour coder: default, rules, learned or contextual.")
    ] = "default",
    dayfirst: Annotated[
        bool | None,
        typer.Option(
            "--dayfirst/--monthfirst",
            help="Date order, only needed when the file does not decide it.",
            show_default=False,
        ),
    ] = None,
    partners: Annotated[
        tuple[str, str] | None,
        typer.Option("--partners", help="The couple's two names, when more people wrote."),
    ] = None,
    n_boot: Annotated[
        int, typer.Option("--n-boot", help="Bootstrap draws for the loop's intervals.", min=0)
    ] = 500,
) -> None:
    """Find who pursues, who distances, how strongly each feeds the other, where it escalated."""
    check_exists(file)
    import numpy as np

    from tandem import ingest
    from tandem.analysis import analyze_cycle
    from tandem.coding import DEFAULT_CODER, code_conversation, get_coder
    from tandem.report.cycle import cycle_json, render_cycle

    with progress_bar() as progress:
        stage = _Stages(progress)
        stage.start("loading the coder")
        chosen = get_coder(coder)
        stage.start("reading the chat")
        conversation = ingest.load(file, dayfirst=dayfirst, partners=partners)
        if me is not None and me not in conversation.partners:
            names = " or ".join(repr(n) for n in conversation.partners)
            raise InvalidChoice(f"{me!r} is not one of the couple; use {names}", where="--me")
        stage.start("coding messages")
        coded = code_conversation(
            _without_lone_surrogates(conversation), coder=chosen, on_progress=stage.advance
        )
        stage.start("finding the cycle")
        result = analyze_cycle(
            coded,
            partners=conversation.partners,
            rng=np.random.default_rng(BOOTSTRAP_SEED),
            n_boot=n_boot,
        )
    coder_used = DEFAULT_CODER if coder == "default" else coder
    if html is not None:
        from tandem.report.html import render_html

        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(
            render_html(
                result,
                me=me,
                source=conversation.source or file.name,
                coder=coder_used,
            ),
            encoding="utf-8",
        )
        err_console.print(f"HTML report written to {html}", highlight=False)
    if json_out:
        # Straight to the stream: Rich's console.out would lay out the whole text first, which
        # for a 200,000-message chat (8 MB of JSON) took 3 s and 300 MB.
        out = console.file
        out.write(cycle_json(result))
        out.write("\n")
        out.flush()
    else:
        console.print(render_cycle(result, me=me, coder=coder_used))


class _Stages:
    """One line of the progress display per step of the command, replaced as steps change.

    Every change is drawn at once: the display otherwise redraws ten times a second, and a
    short step would never be seen.
    """

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, description: str) -> None:
        """Show a new step (its size unknown until :meth:`advance` says)."""
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(description, total=None)
        self.progress.refresh()

    def advance(self, done: int, total: int) -> None:
        """``done`` of ``total`` items of the current step are finished."""
        self.progress.update(self.task, completed=done, total=total)
        self.progress.refresh()


def _without_lone_surrogates(conversation: Conversation) -> Conversation:
    """The conversation with broken UTF-16 halves (from damaged JSON exports) replaced by U+FFFD.

    Such text cannot be written as UTF-8 (report files, the terminal) nor tokenised.
    """
    fixed = list(conversation.messages)
    changed = False
    for i, m in enumerate(fixed):
        try:
            m.text.encode("utf-8")
        except UnicodeEncodeError:
            text = m.text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            fixed[i] = replace(m, text=text)
            changed = True
    return replace(conversation, messages=tuple(fixed)) if changed else conversation
