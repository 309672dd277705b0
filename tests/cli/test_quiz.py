"""``tandem quiz``: listing, scoring, bad files, and the interactive loop driven by keys."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import readchar
from rich.console import Console
from typer.testing import CliRunner

from tandem.assessment import QuizSession, load_items, read_answers
from tandem.cli import app
from tandem.cli._quiz_loop import run_quiz

BANK = load_items()
REFERENCE = Path(__file__).parent.parent / "assessment" / "reference" / "ratings.csv"


def _reference_files(tmp_path: Path) -> tuple[Path, Path]:
    with REFERENCE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    paths = []
    for name in ("sam", "alex"):
        path = tmp_path / f"{name}.json"
        answers = {r["item"]: int(r[name]) for r in rows}
        path.write_text(json.dumps({"partner": name.title(), "answers": answers}))
        paths.append(path)
    return paths[0], paths[1]


def _quiet() -> Console:
    return Console(file=io.StringIO(), width=100, color_system=None)


def test_items_json_lists_id_text_scale_reverse() -> None:
    result = CliRunner().invoke(app, ["quiz", "--items", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == len(BANK.items) >= 24
    assert {"id", "text", "scale", "reverse"} <= set(rows[0])
    assert sum(r["reverse"] for r in rows) >= 5


def test_score_two_files_json(tmp_path: Path) -> None:
    sam, alex = _reference_files(tmp_path)
    result = CliRunner().invoke(app, ["quiz", "--score", str(sam), str(alex), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["partners"]["Sam"]["role"] == "pursuer"
    assert data["partners"]["Alex"]["role"] == "distancer"
    # Two files give the shared picture only: no single answer sheet, no self scales.
    assert set(data) == {"partners", "constructive", "disagreements", "low", "high", "limits"}
    assert set(data["partners"]["Sam"]) == {"role", "clarity", "reasons", "pursue", "withdraw"}
    assert data["disagreements"]


def test_score_one_file_json_is_the_authors_own_result(tmp_path: Path) -> None:
    sam, _ = _reference_files(tmp_path)
    result = CliRunner().invoke(app, ["quiz", "--score", str(sam), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"][0]["scales"]["self_pursue"] == {
        "score": 7.0,
        "low": 1,
        "high": 9,
        "answered": 6,
        "items": 6,
    }
    assert data["safety_concern"] is None


def _with_fear(path: Path, rating: int) -> Path:
    data = json.loads(path.read_text())
    data["answers"] |= {i.id: rating for i in BANK.items_of("safety")}
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("as_json", [False, True])
def test_two_files_never_show_a_fear_answer_or_a_self_scale(tmp_path: Path, as_json: bool) -> None:
    """Sam may run --score with both files: nothing in it may tell Sam that Alex is afraid."""
    sam, alex = _reference_files(tmp_path)
    _with_fear(alex, 9)
    args = ["quiz", "--score", str(sam), str(alex)] + (["--json"] if as_json else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for item in BANK.items_of("safety"):
        assert item.text[:40] not in out
    for hidden in ("emergency", "Before anything else", "answered 9", "anxiety", "flooding"):
        assert hidden not in out


def test_one_file_shows_its_author_their_own_fear_note(tmp_path: Path) -> None:
    _, alex = _reference_files(tmp_path)
    _with_fear(alex, 8)
    result = CliRunner().invoke(app, ["quiz", "--score", str(alex)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Before anything else (only you see this)" in out
    assert "emergency number" in out and "you answered 8 of 9 to:" in out


def test_score_renders_patterns_not_labels(tmp_path: Path) -> None:
    sam, alex = _reference_files(tmp_path)
    result = CliRunner().invoke(app, ["quiz", "--score", str(sam), str(alex)])
    assert result.exit_code == 0, result.output
    assert "pursuer" in result.stdout and "distancer" in result.stdout
    assert "What a quiz cannot tell" in result.stdout
    assert "Where your views differ" in result.stdout


def test_invalid_file_is_one_line_naming_the_item_and_exit_2(tmp_path: Path) -> None:
    sam, _ = _reference_files(tmp_path)
    data = json.loads(sam.read_text())
    data["answers"]["fl_2"] = 11
    sam.write_text(json.dumps(data))
    result = CliRunner().invoke(app, ["quiz", "--score", str(sam)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: sam.json: answers.fl_2: 11 is outside 1-9"


def _keys(keys: list[str], path: Path, seen: list[int]) -> Iterator[str]:
    for key in keys:
        # Before every key press, the file already holds every answer given so far.
        if path.exists():
            seen.append(len(json.loads(path.read_text())["answers"]))
        yield key


def test_every_answer_is_saved_before_the_next_key(tmp_path: Path) -> None:
    path = tmp_path / "sam.json"
    seen: list[int] = []
    keys = _keys(["7", "3", "s", "b", "b", "9", "q"], path, seen)
    session = run_quiz(
        QuizSession(BANK, partner="Sam"), path, read_key=lambda: next(keys), out=_quiet()
    )
    assert seen == [0, 1, 2, 3, 3, 3, 3]
    saved = read_answers(path, BANK, complete=False)
    # 7, 3, skip, back, back lands on item 2 again, whose 3 becomes 9
    assert saved.answers == {"sp_arg_1": 7, "sp_arg_2": 9, "sp_str_1": None}
    assert session.index == 2


def test_ctrl_c_keeps_every_answer_and_resume_continues(tmp_path: Path) -> None:
    path = tmp_path / "sam.json"
    keys = iter(["4", "5", "6"])

    def reader() -> str:
        key = next(keys, None)
        if key is None:
            raise KeyboardInterrupt
        return key

    with pytest.raises(KeyboardInterrupt):
        run_quiz(QuizSession(BANK, partner="Sam"), path, read_key=reader, out=_quiet())
    sheet = read_answers(path, BANK, complete=False)
    assert list(sheet.answers.values()) == [4, 5, 6]
    resumed = QuizSession(BANK, partner="Sam", answers=dict(sheet.answers))
    assert resumed.current.id == BANK.ids[3]


def test_arrow_keys_move_the_cursor_and_enter_chooses(tmp_path: Path) -> None:
    path = tmp_path / "sam.json"
    keys = iter(
        [readchar.key.RIGHT, readchar.key.RIGHT, readchar.key.ENTER, readchar.key.LEFT, " ", "q"]
    )
    out = _quiet()
    run_quiz(QuizSession(BANK, partner="Sam"), path, read_key=lambda: next(keys), out=out)
    assert read_answers(path, BANK, complete=False).answers == {"sp_arg_1": 7, "sp_arg_2": 4}
    shown = out.file.getvalue()  # type: ignore[attr-defined]
    assert f"question 1 of {len(BANK.items)}" in shown
    assert "2 answered" in shown


def test_full_run_finishes_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "sam.json"
    keys = iter(["6"] * len(BANK.items))
    session = run_quiz(
        QuizSession(BANK, partner="Sam", other="Alex"),
        path,
        read_key=lambda: next(keys),
        out=_quiet(),
    )
    assert session.done
    result = CliRunner().invoke(app, ["quiz", "--score", str(path), "--json"])
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)["partners"]) == {"Sam", "Alex"}


def test_interactive_needs_a_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["quiz", "--name", "Sam"])
    assert result.exit_code == 2
    assert "--answers" in result.stderr


def test_interactive_needs_a_terminal_and_the_right_file(tmp_path: Path) -> None:
    path = tmp_path / "sam.json"
    result = CliRunner().invoke(app, ["quiz", "--answers", str(path), "--name", "Sam"])
    assert result.exit_code == 2
    assert "asked in a terminal" in result.stderr
    path.write_text(json.dumps({"partner": "Sam", "answers": {"sp_arg_1": 3}}))
    result = CliRunner().invoke(app, ["quiz", "--answers", str(path), "--name", "Alex"])
    assert result.exit_code == 2
    assert "holds Sam's answers, not Alex's" in result.stderr
