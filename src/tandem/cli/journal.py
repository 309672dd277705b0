"""``tandem journal add|checkin|list|trends``: write conflicts and practice down, see progress."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from tandem.cli._app import app, console
from tandem.cli.data import CoupleOption, note_created_couple, resolve_couple, store_session
from tandem.errors import InvalidChoice

if TYPE_CHECKING:
    from tandem.domain import Code, Partner
    from tandem.store.models import CoupleRow

journal_app = typer.Typer(
    help="The journal: conflicts as they happen, practice check-ins, progress per week.",
    no_args_is_help=True,
)
app.add_typer(journal_app, name="journal")

_OPTION_OF = {
    "occurred_at": "--when",
    "topic": "--topic",
    "raised_by": "--raised-by",
    "intensity": "--intensity",
    "moves_a": "--moves-a",
    "moves_b": "--moves-b",
    "ending": "--ending",
    "minutes_to_reconnect": "--reconnect",
    "notes": "--notes",
    "author": "--author",
    "partner": "--partner",
    "step_title": "--step",
    "done": "--done",
    "went": "--went",
    "note": "--note",
}
"""Domain field → the option that sets it, so an error names what the user typed."""


def parse_codes(text: str, option: str) -> tuple[Code, ...]:
    """A comma-separated list of behaviour codes (``""`` or ``none`` for none).

    Examples
    --------
    >>> [c.value for c in parse_codes("pressure, Criticism", "--moves-a")]
    ['pressure', 'criticism']
    """
    from tandem.domain import CODES, Code

    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if names == ["none"]:
        return ()
    unknown = [n for n in names if n not in {c.value for c in CODES}]
    if unknown:
        allowed = ", ".join(c.value for c in CODES)
        raise InvalidChoice(
            f"unknown behaviour code {unknown[0]!r}; allowed: {allowed}", where=option
        )
    return tuple(Code(n) for n in names)


def parse_when(text: str | None, option: str = "--when") -> datetime:
    """An ISO date or date and time (a zone is kept when given); ``None`` means now, local."""
    if text is None:
        return datetime.now().replace(second=0, microsecond=0)
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidChoice(
            f"not a date and time: {text!r} (use e.g. 2024-03-01 21:30)", where=option
        ) from None


def _partner(couple: CoupleRow, text: str, option: str) -> Partner:
    from tandem.domain import Partner

    value = text.strip()
    if value.upper() in ("A", "B"):
        return Partner(value.upper())
    for p in couple.partners:
        if p.name.casefold() == value.casefold():
            return Partner(p.label)
    names = " or ".join(f"{p.label} ({p.name})" for p in couple.partners)
    raise InvalidChoice(f"unknown partner {text!r}; use {names}", where=option)


def _names(couple: CoupleRow) -> tuple[str, str]:
    by = {p.label: p.name for p in couple.partners}
    return by.get("A", "A"), by.get("B", "B")


def _as_option(error: InvalidChoice) -> InvalidChoice:
    where = _OPTION_OF.get(error.where or "", error.where)
    return InvalidChoice(error.what, where=where)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


_CODES_HELP = (
    "What {who} did, as behaviour codes separated by commas: criticism, contempt, pressure, "
    "defensiveness, dismissal, withdrawal, vulnerability, request, validation, responsibility, "
    "timeout, repair, neutral."
)


@journal_app.command("add")
def add(
    topic: Annotated[str, typer.Option("--topic", help="What it was about.")],
    raised_by: Annotated[
        str, typer.Option("--raised-by", help="Who brought it up: A, B or a partner's name.")
    ],
    intensity: Annotated[int, typer.Option("--intensity", help="How heated, 1 (calm) to 10.")],
    ending: Annotated[
        str,
        typer.Option(
            "--ending", help="How it ended: resolved, paused, unresolved, escalated, walked_away."
        ),
    ],
    moves_a: Annotated[str, typer.Option("--moves-a", help=_CODES_HELP.format(who="A"))] = "",
    moves_b: Annotated[str, typer.Option("--moves-b", help=_CODES_HELP.format(who="B"))] = "",
    reconnect: Annotated[
        int | None,
        typer.Option(
            "--reconnect", help="Minutes until you felt close again (leave out if not yet)."
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option("--when", help="When it happened, e.g. 2024-03-01 21:30 (default now)."),
    ] = None,
    notes: Annotated[str, typer.Option("--notes", help="Anything else worth keeping.")] = "",
    author: Annotated[
        str | None, typer.Option("--author", help="Who is writing: A, B or a partner's name.")
    ] = None,
    couple: CoupleOption = None,
) -> None:
    """Write down a conflict: when, what about, who did what, how it ended."""
    from tandem.domain import JournalEntry
    from tandem.store import repository as repo

    with store_session() as session:
        row = resolve_couple(session, couple, create=True)
        try:
            entry = JournalEntry(
                occurred_at=parse_when(when),
                topic=topic,
                raised_by=_partner(row, raised_by, "--raised-by"),
                intensity=intensity,
                moves_a=parse_codes(moves_a, "--moves-a"),
                moves_b=parse_codes(moves_b, "--moves-b"),
                ending=ending.strip().lower().replace(" ", "_"),  # type: ignore[arg-type]
                minutes_to_reconnect=reconnect,
                notes=notes,
                author=None if author is None else _partner(row, author, "--author"),
            )
        except InvalidChoice as error:
            raise _as_option(error) from None
        stored = repo.add_journal_entry(session=session, couple_id=row.id, entry=entry)
        note_created_couple(session)
        console.print(
            f"Added to the journal of {escape(row.name)}: {escape(stored.topic)} "
            f"({stored.occurred_at:%Y-%m-%d %H:%M}, id {(stored.id or '')[:8]})",
            highlight=False,
        )


@journal_app.command("checkin")
def checkin(
    step: Annotated[str, typer.Option("--step", help="The plan step you practised (its title).")],
    partner: Annotated[str, typer.Option("--partner", help="Who is checking in: A, B or a name.")],
    done: Annotated[bool, typer.Option("--done/--not-done", help="Did you do it?")],
    went: Annotated[
        int | None, typer.Option("--went", help="How it went, 1 (hard) to 5 (well).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A line about how it went.")] = "",
    when: Annotated[str | None, typer.Option("--when", help="When (default now).")] = None,
    couple: CoupleOption = None,
) -> None:
    """Record a practice check-in: which plan step, did I do it, how it went."""
    from tandem.domain import CheckIn
    from tandem.store import repository as repo

    with store_session() as session:
        row = resolve_couple(session, couple, create=True)
        try:
            item = CheckIn(
                occurred_at=parse_when(when),
                partner=_partner(row, partner, "--partner"),
                step_title=step,
                done=done,
                went=went,
                note=note,
            )
        except InvalidChoice as error:
            raise _as_option(error) from None
        repo.add_checkin(session=session, couple_id=row.id, checkin=item)
        note_created_couple(session)
        console.print(f"Check-in saved for {escape(row.name)}: {escape(step)}", highlight=False)


@journal_app.command("list")
def list_(
    couple: CoupleOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
) -> None:
    """Show the journal: every conflict written down, and the practice check-ins."""
    from tandem.report.journal import render_checkins, render_journal
    from tandem.store import repository as repo

    with store_session() as session:
        row = resolve_couple(session, couple)
        entries = repo.list_journal_entries(session=session, couple_id=row.id)
        checkins = repo.list_checkins(session=session, couple_id=row.id)
        names = _names(row)
    if json_out:
        data = {
            "entries": [asdict(e) for e in entries],
            "checkins": [asdict(c) for c in checkins],
        }
        console.print_json(json.dumps(data, default=_json_default, ensure_ascii=False))
        return
    console.print(render_journal(entries, partners=names))
    if checkins:
        console.print(render_checkins(checkins, partners=names))


@journal_app.command("trends")
def trends(
    couple: CoupleOption = None,
    plan_start: Annotated[
        str | None,
        typer.Option(
            "--plan-start", help="When the plan started (default: when the latest plan was made)."
        ),
    ] = None,
    no_plan: Annotated[
        bool, typer.Option("--no-plan", help="Leave out the before/after comparison.")
    ] = False,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also draw the trends to a .png or .svg file.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Progress per week: pursue and withdraw moves, constructive ratio, time to reconnect."""
    from tandem.analysis.journal_trends import journal_trends
    from tandem.report.journal import render_trends, trends_chart
    from tandem.store import repository as repo

    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise InvalidChoice(f"must end in .png or .svg, got {chart.name!r}", where="--chart")
    with store_session() as session:
        row = resolve_couple(session, couple)
        entries = repo.list_journal_entries(session=session, couple_id=row.id)
        checkins = repo.list_checkins(session=session, couple_id=row.id)
        start: date | None = None
        if plan_start is not None:
            start = parse_when(plan_start, "--plan-start").date()
        elif not no_plan:
            plan = repo.latest_plan(session=session, couple_id=row.id)
            start = None if plan is None else plan.created_at.date()
    result = journal_trends(entries, checkins=checkins, plan_start=None if no_plan else start)
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        image = trends_chart(result, fmt="svg" if chart.suffix.lower() == ".svg" else "png")
        chart.write_bytes(image)
    if json_out:
        console.print_json(json.dumps(asdict(result), default=_json_default, ensure_ascii=False))
        return
    console.print(render_trends(result))
    if chart is not None:
        console.print(f"Chart written to {escape(str(chart))}", highlight=False)
