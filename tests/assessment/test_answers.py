"""Answer files: every kind of mistake is named, saving is atomic and complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tandem.assessment import AnswerSheet, load_items, read_answers, save_answers
from tandem.errors import ParseError

BANK = load_items()
FULL = dict.fromkeys(BANK.ids, 5)


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**FULL, "sp_arg_1": 0}, "answers.sp_arg_1: 0 is outside 1-9"),
        ({**FULL, "co_2": 10}, "answers.co_2: 10 is outside 1-9"),
        ({**FULL, "co_2": 4.5}, "answers.co_2: 4.5 is not a whole number"),
        ({**FULL, "co_2": "7"}, "answers.co_2: '7' is not a whole number"),
        ({**FULL, "co_2": True}, "answers.co_2: True is not a whole number"),
        ({**FULL, "made_up": 3}, "unknown item id 'made_up'"),
        ({k: v for k, v in FULL.items() if k != "fl_2"}, "item 'fl_2' not answered"),
    ],
    ids=["zero", "ten", "fraction", "string", "bool", "unknown", "missing"],
)
def test_invalid_answer_file_names_the_item(
    tmp_path: Path, answers: dict[str, object], message: str
) -> None:
    with pytest.raises(ParseError) as info:
        read_answers(_write(tmp_path, {"partner": "Sam", "answers": answers}), BANK)
    assert message in str(info.value)
    assert str(info.value).startswith("a.json")


def test_not_json_and_wrong_shapes(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{nope")
    with pytest.raises(ParseError, match="not valid JSON"):
        read_answers(path, BANK)
    with pytest.raises(ParseError, match="'partner'"):
        read_answers(_write(tmp_path, {"answers": FULL}), BANK)
    with pytest.raises(ParseError, match="'answers'"):
        read_answers(_write(tmp_path, {"partner": "Sam", "answers": [1, 2]}), BANK)


def test_skipped_items_are_null_and_accepted(tmp_path: Path) -> None:
    sheet = read_answers(
        _write(tmp_path, {"partner": "Sam", "answers": {**FULL, "co_1": None}}), BANK
    )
    assert sheet.answers["co_1"] is None


def test_save_then_read_round_trips_and_leaves_no_temp_file(tmp_path: Path) -> None:
    sheet = AnswerSheet("Sam", FULL, other="Alex")
    save_answers(tmp_path / "sam.json", sheet)
    assert read_answers(tmp_path / "sam.json", BANK) == sheet
    assert [p.name for p in tmp_path.iterdir()] == ["sam.json"]
