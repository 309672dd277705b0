"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from tandem.store.db import alembic_config, make_engine, migrate
from tandem.store.models import Base


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models differ from migrations; run alembic revision --autogenerate: {diff}"


def test_database_is_at_the_single_head(db_url: str) -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migration history has branched: {heads}"
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == heads[0]
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            command.downgrade(alembic_config(conn), "base")
            conn.commit()
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrate_twice_is_harmless(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)
