"""``tandem timeout``: the message, the reminder file, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tandem.cli import app


def test_timeout_writes_message_and_ics(tmp_path: Path) -> None:
    ics = tmp_path / "reminder.ics"
    result = CliRunner().invoke(
        app,
        ["timeout", "--need", "to calm down", "--minutes", "30", "--ics", str(ics), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "I need 30 minutes to calm down" in data["message"]
    assert "I want to finish this with you" in data["message"]
    raw = ics.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"DTSTART:" in raw and b"UID:" in raw and b"DTSTAMP:" in raw


def test_timeout_back_at_is_in_the_message() -> None:
    result = CliRunner().invoke(app, ["timeout", "--need", "a walk", "--back-at", "23:59"])
    assert result.exit_code == 0, result.output
    assert "23:59" in result.stdout


def test_bad_clock_is_one_line_exit_2() -> None:
    result = CliRunner().invoke(app, ["timeout", "--need", "x", "--back-at", "8pm"])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "error: --back-at: '8pm' is not a clock time; use HH:MM, e.g. 20:30"
    )


def test_no_length_is_one_line_exit_2() -> None:
    result = CliRunner().invoke(app, ["timeout", "--need", "x"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --minutes: give how long the break is or when you will be back"
    )
