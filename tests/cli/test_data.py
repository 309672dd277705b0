"""``tandem couples``, ``tandem export`` and ``tandem import`` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from tests.store._factories import full_couple
from typer.testing import CliRunner

from tandem.cli import app
from tandem.config import get_settings
from tandem.store import repository as repo
from tandem.store.db import make_engine, session_scope

Run = Callable[..., Result]


@pytest.fixture
def tandem(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    monkeypatch.setenv("TANDEM_DATABASE_URL", db_url)
    get_settings.cache_clear()

    def run(*args: object, input: str | None = None) -> Result:
        return CliRunner().invoke(app, [str(a) for a in args], input=input)

    yield run
    get_settings.cache_clear()


def flat(result: Result) -> str:
    return " ".join(result.output.split())


def _full_couple(db_url: str) -> str:
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            return full_couple(s).id
    finally:
        engine.dispose()


def test_export_delete_import_export_gives_the_same_file(
    tandem: Run, db_url: str, tmp_path: Path
) -> None:
    couple_id = _full_couple(db_url)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    exported = tandem("export", first, "--couple", couple_id)
    assert exported.exit_code == 0, exported.output
    assert "1 conversation(s), 6 messages, 1 journal entries, 1 check-ins" in flat(exported)
    assert tandem("couples", "delete", "--couple", couple_id, "--yes").exit_code == 0
    assert "No couples yet" in flat(tandem("couples", "list"))
    imported = tandem("import", first)
    assert imported.exit_code == 0, imported.output
    assert tandem("export", second).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["conversations"][0]["messages"][1]["text"] == "are you coming?\nI waited\r\nagain  "
    assert "password_hash" not in first.read_text(encoding="utf-8")


def test_import_twice_needs_copy(tandem: Run, db_url: str, tmp_path: Path) -> None:
    _full_couple(db_url)
    out = tmp_path / "us.json"
    assert tandem("export", out).exit_code == 0
    again = tandem("import", out)
    assert again.exit_code == 2
    assert "us.json: a couple with id" in flat(again) and "already stored" in flat(again)
    copy = tandem("import", out, "--copy")
    assert copy.exit_code == 0, copy.output
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        couples = repo.list_couples(session=s)
        assert len(couples) == 2
        assert {len(repo.list_journal_entries(session=s, couple_id=c.id)) for c in couples} == {1}
    engine.dispose()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "tandem.couple",\n "version": 1,\n oops}', "bad.json, line 3: not valid JSON"),
        ("[1, 2]", "bad.json: expected a JSON object"),
        ('{"format": "something-else"}', "bad.json: not a Tandem couple export"),
        ('{"format": "tandem.couple", "version": 99}', "export version 99 is not supported"),
    ],
    ids=["syntax", "array", "format", "version"],
)
def test_import_of_a_broken_file_says_what_and_where(
    tandem: Run, tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = tandem("import", bad)
    assert result.exit_code == 2
    assert message in flat(result)
    assert "Traceback" not in result.output


def test_import_of_a_missing_file_is_one_line(tandem: Run, tmp_path: Path) -> None:
    result = tandem("import", tmp_path / "nope.json")
    assert result.exit_code == 2 and "nope.json" in flat(result)


def test_couples_create_list_delete(tandem: Run) -> None:
    made = tandem("couples", "create", "Sam & Alex", "--a", "Sam", "--b", "Alex")
    assert made.exit_code == 0, made.output
    listed = flat(tandem("couples", "list"))
    assert "Sam & Alex" in listed and "Sam" in listed and "Alex" in listed
    refused = tandem("couples", "delete", "-c", "Sam & Alex", input="n\n")
    assert refused.exit_code == 1
    assert "Sam & Alex" in flat(tandem("couples", "list"))
    assert tandem("couples", "delete", "-c", "Sam & Alex", input="y\n").exit_code == 0
    assert "No couples yet" in flat(tandem("couples", "list"))
