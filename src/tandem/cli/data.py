"""``tandem couples``, ``tandem export`` and ``tandem import``: the couples in the database.

The database is ``TANDEM_DATABASE_URL`` or the SQLite file in the user's data directory; it is
created and migrated on first use. In single-user mode there is usually one couple, which every
command picks without ``--couple``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tandem.cli._app import app, console, err_console
from tandem.errors import InvalidChoice, ParseError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from tandem.store.models import CoupleRow

DEFAULT_COUPLE_NAME = "Our couple"
"""Name of the couple created on first use in single-user mode."""

CREATED_KEY = "tandem.cli.created_couple"
"""``session.info`` key set when :func:`resolve_couple` created the default couple."""

CoupleOption = Annotated[
    str | None,
    typer.Option(
        "--couple",
        "-c",
        help="Couple id (or its first characters, or its name); not needed when there is one.",
    ),
]


def open_store() -> Engine:
    """The configured database, migrated to the current schema."""
    from tandem.store.db import open_database

    return open_database()


@contextmanager
def store_session() -> Iterator[Session]:
    """A session on the configured database: committed at the end, its engine then closed."""
    from tandem.store.db import session_scope

    engine = open_store()
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def _describe(couple: CoupleRow) -> str:
    return f"{couple.id[:8]} {couple.name!r}"


def resolve_couple(session: Session, selector: str | None, *, create: bool = False) -> CoupleRow:
    """The couple ``selector`` names, or the only one when it is ``None``.

    Parameters
    ----------
    session : Session
        Open session.
    selector : str or None
        A full id, the first four or more characters of one, or a couple's name.
    create : bool
        With no couple at all and no selector, create :data:`DEFAULT_COUPLE_NAME`.

    Raises
    ------
    InvalidChoice
        ``where="--couple"``, listing the couples to choose from.
    """
    from tandem.store import repository as repo

    couples = repo.list_couples(session=session)
    if selector is None:
        if len(couples) == 1:
            return couples[0]
        if not couples:
            if create:
                couple = repo.create_couple(session=session, name=DEFAULT_COUPLE_NAME)
                session.info[CREATED_KEY] = couple.id
                return couple
            raise InvalidChoice(
                "no couple yet; create one with `tandem couples create NAME`", where="--couple"
            )
        listed = ", ".join(_describe(c) for c in couples)
        raise InvalidChoice(f"there are several couples, choose one: {listed}", where="--couple")
    exact = [c for c in couples if c.id == selector]
    by_prefix = [c for c in couples if len(selector) >= 4 and c.id.startswith(selector)]
    by_name = [c for c in couples if c.name.casefold() == selector.casefold()]
    for found in (exact, by_prefix, by_name):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = ", ".join(_describe(c) for c in found)
            raise InvalidChoice(f"{selector!r} matches several couples: {listed}", where="--couple")
    listed = ", ".join(_describe(c) for c in couples) or "none yet"
    raise InvalidChoice(f"no couple {selector!r}; couples: {listed}", where="--couple")


def note_created_couple(session: Session) -> None:
    """Tell the user (on stderr) when this command created the default couple."""
    if CREATED_KEY in session.info:
        err_console.print(
            f"Created couple {escape(DEFAULT_COUPLE_NAME)} ({session.info[CREATED_KEY][:8]}) "
            "with partners A and B; `tandem couples create NAME --a NAME --b NAME` names them.",
            highlight=False,
        )


couples_app = typer.Typer(help="List, create and delete couples.", no_args_is_help=True)
app.add_typer(couples_app, name="couples")


@couples_app.command("list")
def couples_list() -> None:
    """List the couples in the database."""
    from tandem.store import repository as repo

    with store_session() as session:
        couples = repo.list_couples(session=session)
        if not couples:
            console.print("No couples yet: `tandem couples create NAME` adds one.")
            return
        table = Table(title="Couples", title_justify="left")
        for column in ("id", "name", "partner A", "partner B", "entries", "created"):
            table.add_column(column)
        for c in couples:
            names = {p.label: p.name for p in c.partners}
            table.add_row(
                c.id,
                escape(c.name),
                escape(names.get("A", "")),
                escape(names.get("B", "")),
                str(repo.count_journal_entries(session=session, couple_id=c.id)),
                c.created_at.strftime("%Y-%m-%d"),
            )
        console.print(table)


@couples_app.command("create")
def couples_create(
    name: Annotated[str, typer.Argument(help="What to call the couple.")],
    a: Annotated[str, typer.Option("--a", help="Partner A's name.")] = "Partner A",
    b: Annotated[str, typer.Option("--b", help="Partner B's name.")] = "Partner B",
) -> None:
    """Create a couple with its two partners."""
    from tandem.store import repository as repo

    with store_session() as session:
        couple = repo.create_couple(session=session, name=name, partner_names=(a, b))
        console.print(f"Created couple {escape(couple.name)} ({couple.id})", highlight=False)


@couples_app.command("delete")
def couples_delete(
    couple: CoupleOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a couple and everything recorded about it (chats, quiz, plans, journal)."""
    from tandem.store import repository as repo

    with store_session() as session:
        row = resolve_couple(session, couple)
        label = _describe(row)
        if not yes and not typer.confirm(f"Delete couple {label} and all of its data?"):
            raise typer.Exit(1)
        repo.delete_couple(session=session, couple_id=row.id)
    console.print(f"Deleted couple {escape(label)}", highlight=False)


@app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="The JSON file to write.")],
    couple: CoupleOption = None,
) -> None:
    """Write all of a couple's data to one JSON file (no accounts or passwords)."""
    from tandem.store import repository as repo

    with store_session() as session:
        row = resolve_couple(session, couple)
        data = repo.export_couple(session=session, couple_id=row.id)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, out)
    n_messages = sum(len(c["messages"]) for c in data["conversations"])
    console.print(
        f"Wrote {escape(str(out))}: {len(data['conversations'])} conversation(s), "
        f"{n_messages} messages, {len(data['journal_entries'])} journal entries, "
        f"{len(data['checkins'])} check-ins",
        highlight=False,
    )


def read_export(path: Path) -> dict[str, Any]:
    """Read an export file, naming the line and column of broken JSON."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(
            f"not valid JSON: {error.msg}", where=f"{path.name}, line {error.lineno}"
        ) from None
    if not isinstance(data, dict):
        raise ParseError("expected a JSON object", where=path.name)
    return data


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A file written by `tandem export`.")],
    copy: Annotated[
        bool,
        typer.Option("--copy", help="Import with new ids, next to a couple already stored."),
    ] = False,
) -> None:
    """Read a couple back from a `tandem export` file, all of it or nothing."""
    from tandem.store import repository as repo

    data = read_export(file)
    with store_session() as session:
        row = repo.import_couple(session=session, data=data, new_ids=copy, source=file.name)
        label = _describe(row)
    console.print(f"Imported couple {escape(label)}", highlight=False)
