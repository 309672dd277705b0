"""``tandem parse``: read a chat export, write its message table or print a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tandem.cli._app import app, console
from tandem.errors import check_exists


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="The chat export (.txt, .zip, .json, .csv, ...).")],
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Write the message table to a .parquet, .jsonl or .csv file."),
    ] = None,
    dayfirst: Annotated[
        bool | None,
        typer.Option(
            "--dayfirst/--monthfirst",
            help="Date order, only needed when no date in the file settles it.",
            show_default=False,
        ),
    ] = None,
    partners: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--partners",
            help="The two people of the couple, when more wrote (partner A first).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="Skip detection and read as this format."),
    ] = None,
) -> None:
    """Read a chat export into an ordered table of messages between two partners."""
    check_exists(file)
    from tandem.ingest import load, load_table, write_rows
    from tandem.report.chat_summary import render_chat_summary

    if to is None:
        conversation = load(file, dayfirst=dayfirst, partners=partners, fmt=fmt)
        console.print(render_chat_summary(conversation))
        return
    table = load_table(file, dayfirst=dayfirst, partners=partners, fmt=fmt)
    written = write_rows(table, to)
    console.print(f"wrote {table.num_rows} messages to {written}")
