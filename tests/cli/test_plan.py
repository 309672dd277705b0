"""``tandem plan`` end to end: from a real example chat and from quiz files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tandem.cli import app

ROOT = Path(__file__).resolve().parents[2]
CHAT = ROOT / "examples" / "maya_jonas_whatsapp.txt"
RATINGS = ROOT / "tests" / "assessment" / "reference" / "ratings.csv"


def _quiz_files(tmp_path: Path, **changes: int) -> tuple[Path, Path]:
    with RATINGS.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    paths = []
    for name in ("sam", "alex"):
        answers = {r["item"]: int(r[name]) for r in rows}
        if name == "alex":
            answers.update(changes)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"partner": name.title(), "answers": answers}))
        paths.append(path)
    return paths[0], paths[1]


def test_plan_from_quiz_json(tmp_path: Path) -> None:
    sam, alex = _quiz_files(tmp_path)
    result = CliRunner().invoke(app, ["plan", "--quiz", str(sam), str(alex), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["partners"]["Sam"]["role"] == "pursuer"
    assert data["partners"]["Alex"]["role"] == "distancer"
    assert data["safety_concern"] is None
    assert data["sources"] == ["quiz"]
    effect = data["expected_effect"]
    assert effect is not None and effect["change"] < 0
    assert len(effect["with_plan"]) == len(effect["without_plan"]) == len(effect["days"])


def test_own_fear_answer_gives_its_author_help_instead_of_steps(tmp_path: Path) -> None:
    """One answer file is its author's own view: Alex alone sees the help note."""
    _, alex = _quiz_files(tmp_path, sf_1=8)
    result = CliRunner().invoke(app, ["plan", "--quiz", str(alex), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["safety_concern"]["evidence"] == ["you answered 8 of 9 to: " + _item_text("sf_1")]
    assert "emergency" in data["safety_concern"]["message"]
    assert all(p["steps"] == [] for p in data["partners"].values())
    assert data["expected_effect"] is None


def test_shared_plan_never_reveals_a_fear_answer(tmp_path: Path) -> None:
    """With both files the plan is read by both partners: Alex's fear answer must not show."""
    sam, alex = _quiz_files(tmp_path, sf_1=8)
    result = CliRunner().invoke(app, ["plan", "--quiz", str(sam), str(alex), "--json"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    data = json.loads(text)
    assert data["safety_concern"] is None
    assert _item_text("sf_1") not in text and "emergency" not in text
    # Nothing else private either: no self scale or single view of the other is quoted.
    because = " ".join(s["because"] for p in data["partners"].values() for s in p["steps"])
    for private in ("worry", "overwhelm", "need for space", "rates your"):
        assert private not in because
    assert data["partners"]["Sam"]["steps"]


def _item_text(item_id: str) -> str:
    from tandem.assessment import load_items

    return load_items().item(item_id).text


@pytest.mark.skipif(not CHAT.exists(), reason="the bundled example chat is not in this tree")
def test_plan_from_the_example_chat_uses_their_own_messages(tmp_path: Path) -> None:
    html, md = tmp_path / "plan.html", tmp_path / "plan.md"
    result = CliRunner().invoke(
        app, ["plan", "--chat", str(CHAT), "--html", str(html), "--md", str(md), "--no-model"]
    )
    assert result.exit_code == 0, result.output
    assert "<svg" not in html.read_text()  # --no-model: no chart
    result = CliRunner().invoke(app, ["plan", "--chat", str(CHAT), "--json", "--no-model"])
    data = json.loads(result.stdout)
    chat_text = CHAT.read_text(encoding="utf-8")
    examples = [ex for p in data["partners"].values() for s in p["steps"] for ex in s["examples"]]
    assert examples
    assert all(ex["original"] in chat_text for ex in examples)
    roles = {n: p["role"] for n, p in data["partners"].items()}
    assert sorted(roles.values()) == ["distancer", "pursuer"]


def test_no_input_and_bad_quiz_file_are_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan"])
    assert result.exit_code == 2
    assert "--quiz" in result.stderr and "--chat" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"partner": "Sam", "answers": {"nope": 3}}))
    result = CliRunner().invoke(app, ["plan", "--quiz", str(bad)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "error: bad.json: answers: unknown item id 'nope' (see `tandem quiz --items`)"
    )
