"""Engines: SQLite settings, the default database location, URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tandem.config import get_settings
from tandem.store import repository as repo
from tandem.store.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    make_engine,
    normalize_url,
    open_database,
    session_scope,
)


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == SQLITE_BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


def test_default_database_is_a_file_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "not" / "yet" / "there"
    monkeypatch.delenv("TANDEM_DATABASE_URL", raising=False)
    monkeypatch.setenv("TANDEM_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    try:
        engine = open_database()
        with session_scope(engine) as s:
            repo.create_couple(session=s, name="here")
        engine.dispose()
        assert (data_dir / "tandem.db").is_file()
    finally:
        get_settings.cache_clear()


def test_postgresql_urls_get_the_installed_driver_and_others_are_refused() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(ValueError, match="must be sqlite or postgresql, got 'mysql'"):
        normalize_url("mysql://u@h/db")


def test_foreign_keys_are_enforced(db_url: str) -> None:
    from sqlalchemy.exc import IntegrityError

    from tandem.store.models import PlanRow, new_id, utcnow

    engine = make_engine(db_url)
    try:
        with pytest.raises(IntegrityError), session_scope(engine) as s:
            s.add(PlanRow(id=new_id(), couple_id="no-such-couple", created_at=utcnow(), result={}))
            s.flush()
    finally:
        engine.dispose()
