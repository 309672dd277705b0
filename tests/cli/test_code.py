import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tandem.cli import app

RUNNER = CliRunner()


def test_codes_stdin_as_json_lines_in_input_order() -> None:
    result = RUNNER.invoke(
        app, ["code", "-", "--coder", "rules"], input="you never listen\nk\n\nsee you at 6\n"
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["you never listen", "k", "", "see you at 6"]
    assert rows[0]["codes"][0] == "criticism"
    assert rows[0]["evidence"]["criticism"].startswith("you never")
    assert rows[1]["codes"] == ["withdrawal"]
    assert rows[2]["codes"] == ["neutral"] and rows[3]["codes"] == ["neutral"]


def test_codes_a_file_with_the_learned_coder(tmp_path: Path) -> None:
    path = tmp_path / "msgs.txt"
    path.write_text("I'm sorry, that was my fault\nhello??\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["code", str(path), "--coder", "learned"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["codes"][0] == "responsibility"
    assert rows[1]["codes"][0] == "pressure"
    conf = rows[0]["confidence"]
    assert list(conf.values()) == sorted(conf.values(), reverse=True)


def test_missing_file_is_one_line_and_exit_2() -> None:
    result = RUNNER.invoke(app, ["code", "no-such-file.txt"])
    assert result.exit_code == 2
    assert "no-such-file.txt" in result.output
    assert "Traceback" not in result.output


def test_unknown_coder_is_one_line_and_exit_2() -> None:
    result = RUNNER.invoke(app, ["code", "-", "--coder", "bert"], input="hi\n")
    assert result.exit_code == 2
    assert "unknown coder 'bert'" in result.output


def test_eval_prints_per_code_table_and_macro_f1(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [
        {"text": "you never help", "codes": ["criticism"]},
        {"text": "see you at 6", "codes": ["neutral"]},
        {"text": "I'm so sorry", "codes": ["responsibility"]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = RUNNER.invoke(app, ["code", "--eval", str(path), "--coder", "rules"])
    assert result.exit_code == 0, result.output
    assert "criticism" in result.stdout and "precision" in result.stdout
    assert "macro-F1 = 1.000" in result.stdout


def test_eval_scores_each_kind_of_source_and_site(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [
        {"text": "you never help", "codes": ["criticism"], "source": "a.org", "kind": "blog"},
        {"text": "see you at 6", "codes": ["neutral"], "source": "a.org", "kind": "blog"},
        {"text": "I'm so sorry", "codes": ["responsibility"], "source": "b.org", "kind": "app"},
        {"text": "whatever", "codes": ["withdrawal"], "source": "b.org", "kind": "app"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = RUNNER.invoke(app, ["code", "--eval", str(path), "--coder", "rules"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "RulesCoder, kind of source: blog" in out and "kind of source: app" in out
    assert "macro-F1 per source site" in out
    # One row per site, with its line count and macro-F1.
    assert re.search(r"a\.org │ 2 │ \d\.\d{3}", out) and re.search(r"b\.org │ 2 │", out)
    # Rules learn nothing, so there is no cross-validation column.
    assert "grouped CV" not in out


def test_eval_of_the_learned_coder_cross_validates_by_site(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [
        {"text": text, "codes": [code], "source": f"site{k % 3}.org"}
        for k, (text, code) in enumerate(
            [
                ("you never help with anything", "criticism"),
                ("see you at 6", "neutral"),
                ("I'm so sorry, that was on me", "responsibility"),
                ("whatever. I'm done talking", "withdrawal"),
                ("I feel lonely when you're on your phone", "vulnerability"),
                ("can we try again after dinner?", "repair"),
            ]
        )
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = RUNNER.invoke(app, ["code", "--eval", str(path), "--coder", "learned"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "grouped 5-fold CV by site" in out and "grouped CV" in out
    assert re.search(r"site0\.org │ 2 │ \d\.\d{3} │ \d\.\d{3}", out), out[-2000:]
    assert "grouped 5-fold CV on the shipped corpus" in out


def test_eval_bad_jsonl_line_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "hi", "codes": ["neutral"]}\n{oops\n')
    result = RUNNER.invoke(app, ["code", "--eval", str(path)])
    assert result.exit_code == 2
    assert "gold.jsonl, line 2" in result.output
    assert "Traceback" not in result.output


@settings(max_examples=150)
@given(texts=st.lists(st.text(max_size=60), min_size=1, max_size=20))
def test_json_lines_are_exactly_what_json_dumps_writes(texts: list[str]) -> None:
    """The hand-built lines (for speed) equal ``json.dumps`` of the same record, any text."""
    from tandem.cli.code import code_lines
    from tandem.coding import get_coder

    texts = [t.replace("\n", " ").replace("\r", " ") for t in texts]
    coder = get_coder("rules")
    expected = [
        json.dumps(
            {
                "text": t,
                "codes": [a.code.value for a in assigned],
                "confidence": {a.code.value: a.confidence for a in assigned},
                "evidence": {a.code.value: a.evidence for a in assigned},
            },
            ensure_ascii=False,
        )
        for t, assigned in zip(texts, coder.code(texts), strict=True)
    ]
    lines = code_lines(texts, coder)
    assert lines == expected
    assert [json.loads(line)["text"] for line in lines] == texts


def test_a_long_input_coded_on_every_core_gives_the_same_lines_in_order(tmp_path: Path) -> None:
    # More than one batch takes the forked-worker path (where the machine has cores to spare);
    # the output must be the single-process output, line for line, in input order.
    from tandem.cli import code as code_cmd
    from tandem.coding import get_coder

    texts = [
        f"you never call me back ({i})" if i % 3 else f"see you at {i % 12}"
        for i in range(2 * code_cmd.BATCH + 17)
    ]
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["code", str(path), "--coder", "rules"])
    assert result.exit_code == 0, result.output
    expected = code_cmd.code_lines(texts, get_coder("rules"))
    assert result.stdout.splitlines() == expected


def test_a_bad_byte_deep_in_the_file_names_its_own_line(tmp_path: Path) -> None:
    # A text-mode reader fails when its read-ahead buffer meets the byte, hundreds of lines
    # early; each line is decoded alone so the message points at the right one.
    path = tmp_path / "lines.txt"
    path.write_bytes(b"see you at 6\n" * 5000 + b"caf\xe9 later\n" + b"ok\n")
    result = RUNNER.invoke(app, ["code", str(path), "--coder", "rules"])
    assert result.exit_code == 2
    assert "lines.txt, line 5001: not UTF-8 text" in result.output
    assert "Traceback" not in result.output


def test_a_bad_byte_in_a_long_input_stops_after_the_batches_before_it(tmp_path: Path) -> None:
    # Batches are decoded where they are coded (a worker, on a long input): the error still
    # names its line, every batch before it is written, and nothing after it.
    from tandem.cli import code as code_cmd

    n = code_cmd.BATCH
    path = tmp_path / "lines.txt"
    bad_line = 2 * n + 7
    path.write_bytes(b"see you at 6\n" * (bad_line - 1) + b"caf\xe9 later\n" + b"ok\n" * (2 * n))
    result = RUNNER.invoke(app, ["code", str(path), "--coder", "rules"])
    assert result.exit_code == 2
    assert f"lines.txt, line {bad_line}: not UTF-8 text" in result.output
    assert result.stdout.count('"text": "see you at 6"') == 2 * n
    assert '"text": "ok"' not in result.stdout


def test_windows_line_ends_and_a_last_line_without_one_are_read_as_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"you never listen\r\n\r\nok see you at 6")
    result = RUNNER.invoke(app, ["code", str(path), "--coder", "rules"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["text"] for row in rows] == ["you never listen", "", "ok see you at 6"]
    assert "criticism" in rows[0]["codes"]


def test_contextual_eval_says_when_the_file_was_trained_on(tmp_path: Path) -> None:
    # A user scoring the contextual coder on one of the shipped published sets must be told
    # it is partly a training score; on new lines there is nothing to say.
    from importlib.resources import files

    shipped_set = Path(str(files("tandem.coding").joinpath("data", "published_holdout_5.jsonl")))
    result = RUNNER.invoke(app, ["code", "--eval", str(shipped_set), "--coder", "contextual"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "fine-tuned on 43 of these 43 lines" in out
    fresh = tmp_path / "fresh.jsonl"
    fresh.write_text(json.dumps({"text": "see you at 6, parking by the gym", "codes": ["neutral"]}))
    result = RUNNER.invoke(app, ["code", "--eval", str(fresh), "--coder", "contextual"])
    assert result.exit_code == 0, result.output
    assert "fine-tuned on" not in result.output
