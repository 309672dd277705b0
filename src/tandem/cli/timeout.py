"""``tandem timeout``: write the message for an announced break, and a calendar reminder."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel

from tandem.cli._app import app, console, err_console
from tandem.coaching.timeout import DEFAULT_FEELING, plan_break, to_ics
from tandem.errors import InvalidChoice


def _now() -> datetime:
    """The local time with its zone: the one place the command reads the clock."""
    return datetime.now().astimezone()


def _parse_clock(text: str) -> time:
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
        return time(hour, minute)
    except ValueError:
        raise InvalidChoice(
            f"{text!r} is not a clock time; use HH:MM, e.g. 20:30", where="--back-at"
        ) from None


@app.command()
def timeout(
    need: Annotated[
        str, typer.Option("--need", help="What you need, e.g. 'to calm down' or 'a walk'.")
    ],
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="How long the break is.", show_default=False)
    ] = None,
    back_at: Annotated[
        str | None, typer.Option("--back-at", help="When you will be back (HH:MM).")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also save a calendar reminder (.ics) here.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Your name, for the reminder.")] = None,
    feeling: Annotated[
        str, typer.Option("--feeling", help="How the message opens.")
    ] = DEFAULT_FEELING,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Write a break message: how you are, what you need, and when you will be back.

    Say it, take the break, and come back at the time you gave.
    """
    now = _now()
    clock = _parse_clock(back_at) if back_at is not None else None
    plan = plan_break(need, now=now, minutes=minutes, back_at=clock, feeling=feeling, name=name)
    if ics is not None:
        ics.parent.mkdir(parents=True, exist_ok=True)
        ics.write_bytes(to_ics(plan, now=now).encode("utf-8"))
    if as_json:
        data = {
            "message": plan.message,
            "minutes": plan.minutes,
            "back_at": plan.back_at.isoformat(timespec="minutes"),
            "ics": str(ics) if ics is not None else None,
        }
        console.print_json(json.dumps(data, ensure_ascii=False))
        return
    console.print(Panel(escape(plan.message), title="Send or say this", border_style="green"))
    if ics is not None:
        err_console.print(
            f"Reminder for {plan.back_at.strftime('%H:%M')} saved in {escape(str(ics))}."
        )
