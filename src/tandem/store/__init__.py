"""Where Tandem keeps a couple's data: SQLAlchemy models, Alembic migrations, repository.

SQLite in the user's data directory by default, PostgreSQL when ``TANDEM_DATABASE_URL`` names
one. Only this package converts between database rows and :mod:`tandem.domain` types.
"""

from __future__ import annotations

from tandem.store.db import (
    make_engine,
    make_sessionmaker,
    migrate,
    open_database,
    session_scope,
)

__all__ = ["make_engine", "make_sessionmaker", "migrate", "open_database", "session_scope"]
