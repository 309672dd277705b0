"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import column, insert, inspect, table, text

from tandem.store.db import alembic_config, make_engine, migrate
from tandem.store.models import Base, UTCDateTime


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


def test_chats_stored_before_the_coder_choice_keep_the_default_reading(db_url: str) -> None:
    """Upgrading a database from 0001 keeps its chats, each read by the default coder."""
    when = datetime(2026, 1, 1, tzinfo=UTC)
    # Tables as revision 0001 had them (the models already carry the new column).
    couples = table("couples", column("id"), column("name"), column("created_at", UTCDateTime()))
    conversations = table(
        "conversations",
        *(column(name) for name in ("id", "couple_id", "platform", "source", "partner_a")),
        *(column(name) for name in ("partner_b", "n_messages")),
        column("uploaded_at", UTCDateTime()),
    )
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            command.downgrade(alembic_config(conn), "0001")
            conn.execute(insert(couples).values(id="c1", name="us", created_at=when))
            conn.execute(
                insert(conversations).values(
                    id="v1",
                    couple_id="c1",
                    platform="whatsapp",
                    source="chat.txt",
                    partner_a="Sam",
                    partner_b="Alex",
                    n_messages=0,
                    uploaded_at=when,
                )
            )
            conn.commit()
        migrate(engine)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, coder FROM conversations")).all()
        assert [tuple(r) for r in rows] == [("v1", "default")]
    finally:
        engine.dispose()
