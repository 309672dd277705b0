"""``tandem journal add|checkin|list|trends`` against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from tandem.cli import app
from tandem.config import get_settings

Run = Callable[..., Result]


@pytest.fixture
def tandem(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    monkeypatch.setenv("TANDEM_DATABASE_URL", db_url)
    get_settings.cache_clear()

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, list(args))

    yield run
    get_settings.cache_clear()


def flat(result: Result) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(result.output.split())


ADD = (
    "journal",
    "add",
    "--topic",
    "dishes",
    "--raised-by",
    "A",
    "--intensity",
    "7",
    "--ending",
    "paused",
)


def test_add_then_list_shows_every_field(tandem: Run) -> None:
    added = tandem(
        *ADD,
        "--moves-a",
        "pressure, Criticism",
        "--moves-b",
        "withdrawal",
        "--reconnect",
        "40",
        "--when",
        "2024-03-01 21:30",
        "--notes",
        "kitchen",
        "--author",
        "B",
    )
    assert added.exit_code == 0, added.output
    assert "Created couple" in flat(added) and "Added to the journal" in flat(added)
    listed = tandem("journal", "list", "--json")
    assert listed.exit_code == 0, listed.output
    [entry] = json.loads(listed.stdout)["entries"]
    assert entry["occurred_at"] == "2024-03-01T21:30:00"
    assert entry["moves_a"] == ["criticism", "pressure"]
    assert entry["moves_b"] == ["withdrawal"]
    assert (entry["raised_by"], entry["author"], entry["intensity"]) == ("A", "B", 7)
    assert (entry["ending"], entry["minutes_to_reconnect"], entry["notes"]) == (
        "paused",
        40,
        "kitchen",
    )
    table = flat(tandem("journal", "list"))
    assert "2024-03-01 21:30" in table and "dishes" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--intensity", "11"), "error: --intensity: must be a whole number from 1 to 10, got 11"),
        (("--moves-a", "pressure,yelling"), "error: --moves-a: unknown behaviour code 'yelling'"),
        (("--moves-b", "sulking"), "error: --moves-b: unknown behaviour code 'sulking'"),
        (("--raised-by", "C"), "error: --raised-by: unknown partner 'C'"),
        (("--ending", "fine"), "error: --ending: unknown ending 'fine'"),
        (("--reconnect", "-3"), "error: --reconnect: must be a whole number of minutes"),
        (("--when", "last tuesday"), "error: --when: not a date and time: 'last tuesday'"),
        (("--topic", " "), "error: --topic: must not be empty"),
    ],
    ids=["intensity", "code-a", "code-b", "raised-by", "ending", "reconnect", "when", "topic"],
)
def test_bad_input_names_the_option_and_writes_nothing(
    tandem: Run, args: tuple[str, ...], message: str
) -> None:
    assert tandem("couples", "create", "Sam & Alex").exit_code == 0
    # Later options win in click, so appending overrides ADD's valid value.
    result = tandem(*ADD, *args)
    assert result.exit_code == 2
    assert message in flat(result)
    assert "Traceback" not in result.output
    listed = tandem("journal", "list", "--json")
    assert json.loads(listed.stdout)["entries"] == []


def test_partners_can_be_named_and_couples_chosen(tandem: Run) -> None:
    assert tandem("couples", "create", "Sam & Alex", "--a", "Sam", "--b", "Alex").exit_code == 0
    assert tandem("couples", "create", "Kim & Lee", "--a", "Kim", "--b", "Lee").exit_code == 0
    ambiguous = tandem(*ADD)
    assert ambiguous.exit_code == 2
    assert "--couple: there are several couples, choose one" in flat(ambiguous)
    ok = tandem(*ADD[:5], "alex", *ADD[6:], "--couple", "sam & alex")
    assert ok.exit_code == 0, ok.output
    listed = json.loads(tandem("journal", "list", "--json", "-c", "Sam & Alex").stdout)
    assert [e["raised_by"] for e in listed["entries"]] == ["B"]
    other = json.loads(tandem("journal", "list", "--json", "-c", "Kim & Lee").stdout)
    assert other["entries"] == []
    missing = tandem("journal", "list", "-c", "nobody")
    assert missing.exit_code == 2 and "--couple: no couple 'nobody'" in flat(missing)


def test_checkin_and_trends_before_and_after_the_plan(tandem: Run, tmp_path: Path) -> None:
    for when, a, b, minutes in (
        ("2024-03-01 21:00", "pressure,criticism", "withdrawal", "90"),
        ("2024-03-08 21:00", "pressure", "dismissal", "60"),
        ("2024-03-18 21:00", "request", "validation", "10"),
    ):
        assert (
            tandem(
                *ADD, "--when", when, "--moves-a", a, "--moves-b", b, "--reconnect", minutes
            ).exit_code
            == 0
        )
    done = tandem(
        "journal",
        "checkin",
        "--step",
        "Announce a break",
        "--partner",
        "B",
        "--done",
        "--went",
        "4",
        "--when",
        "2024-03-19",
    )
    assert done.exit_code == 0, done.output
    bad = tandem("journal", "checkin", "--step", "x", "--partner", "A", "--not-done", "--went", "9")
    assert bad.exit_code == 2 and "--went: must be a whole number from 1 to 5" in flat(bad)

    chart = tmp_path / "trends.svg"
    result = tandem(
        "journal", "trends", "--plan-start", "2024-03-15", "--json", "--chart", str(chart)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [w["week"] for w in data["weeks"]] == ["2024-W09", "2024-W10", "2024-W11", "2024-W12"]
    assert [w["pursue_moves"] for w in data["weeks"]] == [2, 1, 0, 0]
    ba = data["before_after"]
    assert ba["before"]["n_entries"] == 2 and ba["after"]["n_entries"] == 1
    assert ba["before"]["median_minutes_to_reconnect"] == 75
    assert ba["after"]["constructive_ratio"] == 1.0
    assert data["practice"][0]["n_done"] == 1
    assert chart.read_text().lstrip().startswith("<?xml") and "<svg" in chart.read_text()

    text = flat(tandem("journal", "trends", "--plan-start", "2024-03-15"))
    assert "Before and after the plan started (2024-03-15)" in text and "2024-W12" in text
    png = tmp_path / "t.png"
    assert tandem("journal", "trends", "--no-plan", "--chart", str(png)).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    wrong = tandem("journal", "trends", "--chart", str(tmp_path / "t.gif"))
    assert wrong.exit_code == 2 and "--chart: must end in .png or .svg" in flat(wrong)


def test_trends_use_the_latest_plan_when_no_start_is_given(tandem: Run, db_url: str) -> None:
    from datetime import UTC, datetime

    from tandem.store import repository as repo
    from tandem.store.db import make_engine, session_scope

    assert tandem(*ADD, "--when", "2024-03-01 10:00").exit_code == 0
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        [couple] = repo.list_couples(session=s)
        repo.add_plan(
            session=s,
            couple_id=couple.id,
            result={"steps": []},
            created_at=datetime(2024, 3, 10, 12, tzinfo=UTC),
        )
    engine.dispose()
    data = json.loads(tandem("journal", "trends", "--json").stdout)
    assert data["before_after"]["plan_start"] == "2024-03-10"
    assert (
        json.loads(tandem("journal", "trends", "--json", "--no-plan").stdout)["before_after"]
        is None
    )


def test_list_and_trends_need_a_couple_first(tandem: Run) -> None:
    result = tandem("journal", "trends")
    assert result.exit_code == 2
    assert "--couple: no couple yet; create one with `tandem couples create NAME`" in flat(result)
