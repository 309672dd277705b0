"""Engines, sessions and migrations.

SQLite is the default (a file in the user's data directory); it is opened in WAL mode with
foreign keys on and a busy timeout, and every transaction starts with ``BEGIN IMMEDIATE`` so two
writers wait for each other instead of failing. PostgreSQL is used when the URL names it
(``postgresql://`` is read as ``postgresql+psycopg://``, the driver Tandem installs).

Examples
--------
>>> engine = make_engine("sqlite://")
>>> migrate(engine)
>>> from sqlalchemy import text
>>> with session_scope(engine) as session:
...     session.execute(text("SELECT count(*) FROM couples")).scalar_one()
0
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another one before giving up (30 s)."""

_HERE = Path(__file__).resolve().parent
ALEMBIC_INI = _HERE / "alembic.ini"
"""The Alembic configuration shipped inside the package."""
MIGRATIONS_DIR = _HERE / "migrations"
"""Where the migration scripts live."""


def normalize_url(url: str | URL) -> URL:
    """Parse ``url`` and pick Tandem's PostgreSQL driver (psycopg 3) when none is named.

    Examples
    --------
    >>> normalize_url("postgresql://u@localhost/tandem").drivername
    'postgresql+psycopg'
    >>> normalize_url("sqlite:///x.db").drivername
    'sqlite'
    """
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(
            f"database URL must be sqlite or postgresql, got {parsed.get_backend_name()!r}"
        )
    return parsed


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


READ_ONLY = "tandem_read_only"
"""Execution option: a SQLite transaction that only reads starts with a plain ``BEGIN``."""


def _sqlite_begin(connection: Any) -> None:
    # Take the write lock at the start so a read-then-write transaction never fails with
    # SQLITE_BUSY halfway; the busy timeout makes the second writer wait its turn. A session
    # opened with ``read_only=True`` reads a snapshot instead and never waits for writers.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | URL | None = None, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` (default: the configured database).

    Parameters
    ----------
    url : str or URL, optional
        A SQLAlchemy URL; ``None`` means ``get_settings().resolved_database_url``.
    **kwargs
        Passed on to :func:`sqlalchemy.create_engine`.

    Returns
    -------
    Engine
        For SQLite: WAL, foreign keys on, busy timeout, ``BEGIN IMMEDIATE`` transactions; the
        folder of the database file is created if missing.
    """
    if url is None:
        from tandem.config import get_settings

        url = get_settings().resolved_database_url
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if in_memory:
            kwargs.setdefault("poolclass", StaticPool)
        else:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def open_database(url: str | URL | None = None) -> Engine:
    """An engine on ``url`` (default: the configured database) with the schema up to date.

    What the command line uses: the first run creates the SQLite file and its tables, a later
    Tandem upgrades them.
    """
    engine = make_engine(url)
    migrate(engine)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """A session that commits once at the end, or rolls everything back if anything raised.

    Parameters
    ----------
    engine : Engine
        From :func:`make_engine`.
    read_only : bool, default False
        For a session that only reads: on SQLite it then does not take the write lock, so it
        never waits behind a writer (it sees the data as of its first query). Writing in such
        a session can fail with "database is locked" when another writer is active.

    Examples
    --------
    >>> engine = make_engine("sqlite://")
    >>> migrate(engine)
    >>> from tandem.store import repository as repo
    >>> with session_scope(engine) as s:
    ...     couple = repo.create_couple(session=s, name="Sam & Alex")
    >>> with session_scope(engine) as s:
    ...     [c.name for c in repo.list_couples(session=s)]
    ['Sam & Alex']
    """
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(connection: Any | None = None) -> Any:
    """The Alembic ``Config`` of the package, optionally bound to an open connection."""
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(target: str | URL | Engine | None = None, *, revision: str = "head") -> None:
    """Bring the database schema up to ``revision`` (``alembic upgrade head``).

    Parameters
    ----------
    target : str, URL or Engine, optional
        The database; ``None`` means the configured one.
    revision : str, default "head"
        The Alembic revision to upgrade to.
    """
    from alembic import command

    engine = target if isinstance(target, Engine) else make_engine(target)
    try:
        with engine.connect() as connection:
            command.upgrade(alembic_config(connection), revision)
            connection.commit()
    finally:
        if engine is not target:
            engine.dispose()
