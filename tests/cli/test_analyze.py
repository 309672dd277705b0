"""``tandem analyze`` end to end on the bundled example and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from tandem.cli import app

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "maya_jonas_whatsapp.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["analyze", *args])


def flat(text: str) -> str:
    """Wrapped terminal text joined into one line, panel borders dropped."""
    return " ".join(text.replace("│", " ").split())


def test_demo_chat_shows_the_pursuer_and_the_distancer() -> None:
    result = run(str(DEMO), "--n-boot", "100")
    assert result.exit_code == 0, result.output
    assert "Maya mostly pursues" in flat(result.output)
    assert "Jonas mostly distances" in flat(result.output)
    assert "Heated exchanges" in result.output
    # The default coder is named, as the HTML report and the web page name it.
    assert "Messages read by the standard coder" in flat(result.output)


def test_json_output(tmp_path: Path) -> None:
    result = run(str(DEMO), "--json", "--n-boot", "50")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["partners"]["Maya"]["role"] == "pursuer"
    assert data["partners"]["Jonas"]["role"] == "distancer"
    # The demo was written to show several episodes ending in different ways.
    endings = {e["ending"] for e in data["episodes"]}
    assert len(data["episodes"]) >= 5
    assert {"left", "time-out", "repair"} <= endings
    assert data["safety_concern"] is None
    assert isinstance(data["loop_gain"], float)


def test_html_and_me(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.html"
    result = run(str(DEMO), "--html", str(out), "--me", "Jonas", "--n-boot", "50")
    assert result.exit_code == 0
    assert "You mostly distance" in flat(result.output)
    html = out.read_text(encoding="utf-8")
    assert "Jonas (you)" in html and "<svg" in html
    assert "read by the standard coder" in html  # the default, named as the web names it


def test_the_report_names_the_coder_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(str(DEMO), "--html", str(out), "--coder", "rules", "--n-boot", "50")
    assert result.exit_code == 0
    assert "read by the word-list coder" in out.read_text(encoding="utf-8")
    assert "Messages read by the word-list coder" in flat(result.output)


def test_unknown_me_is_a_clear_error() -> None:
    result = run(str(DEMO), "--me", "Zoe")
    assert result.exit_code == 2
    assert "'Zoe' is not one of the couple" in flat(result.output)


def test_missing_file_and_unknown_coder_are_clear_errors(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    bad = run(str(DEMO), "--coder", "magic")
    assert bad.exit_code == 2 and "unknown coder" in bad.output


def test_too_little_signal_is_said_not_crashed(tmp_path: Path) -> None:
    chat = tmp_path / "tiny.txt"
    chat.write_text(
        "02/03/2026, 08:00 - Sam: hi\n02/03/2026, 08:01 - Alex: hey\n", encoding="utf-8"
    )
    ambiguous = run(str(chat))
    assert ambiguous.exit_code == 2 and "--dayfirst" in ambiguous.output
    result = run(str(chat), "--dayfirst")
    assert result.exit_code == 0
    assert "Too little to go on" in result.output


def test_huge_unicode_message(tmp_path: Path) -> None:
    body = "🤬 " * 50_000
    lines = [
        f"02/03/2026, 08:0{k} - {'Sam' if k % 2 else 'Alex'}: {body if k == 3 else 'hm'}"
        for k in range(8)
    ]
    chat = tmp_path / "huge.txt"
    chat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(chat), "--json", "--dayfirst")
    assert result.exit_code == 0
    json.loads(result.stdout)


def test_second_example_is_an_untimed_transcript() -> None:
    result = run(str(ROOT / "examples" / "sam_alex_transcript.txt"), "--json", "--n-boot", "50")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["start"] is None  # a transcript has no times
    assert data["partners"]["Sam"]["role"] == "pursuer"
    assert data["partners"]["Alex"]["role"] == "distancer"
    assert [e["ending"] for e in data["episodes"]] == ["time-out"]


def test_partners_pick_the_couple_out_of_a_group(tmp_path: Path) -> None:
    chat = tmp_path / "group.txt"
    extra = "06/04/2026, 13:00 - Lena: brunch on sunday, you two?\n"
    chat.write_text(DEMO.read_text(encoding="utf-8") + extra, encoding="utf-8")
    refused = run(str(chat))
    assert refused.exit_code == 2 and "--partners" in flat(refused.output)
    result = run(str(chat), "--partners", "Maya", "Jonas", "--json", "--n-boot", "20")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data["partners"]) == ["Maya", "Jonas"]
    assert data["partners"]["Maya"]["role"] == "pursuer"


def test_broken_utf16_halves_in_a_json_export_are_no_traceback(tmp_path: Path) -> None:
    chat = tmp_path / "broken.jsonl"
    rows = [
        '{"sender":"Sam","timestamp":"2026-03-02T08:00:00","text":"hi \\ud83d broken"}',
        '{"sender":"Alex","timestamp":"2026-03-02T08:01:00","text":"you never listen \\udfff"}',
    ]
    chat.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = run(str(chat), "--json", "--html", str(out))
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "\ufffd" in out.read_text(encoding="utf-8") or "Too little" in out.read_text(
        encoding="utf-8"
    )


def _long_chat(path: Path, n: int) -> Path:
    lines = []
    for k in range(n):
        who = "Sam" if k % 2 else "Alex"
        text = "you never listen" if k % 7 == 0 else f"ok, see you at {k % 12 + 1}"
        lines.append(
            f"{1 + k // 1440:02d}/03/2024, {k // 60 % 24:02d}:{k % 60:02d} - {who}: {text}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_long_chat_shows_progress_in_a_terminal_and_none_when_redirected(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    # More texts than one coding chunk (5,000), so the bar moves at least once.
    chat = _long_chat(tmp_path / "WhatsApp Chat with Sam.txt", 6_000)
    command = [sys.executable, "-c", "from tandem.cli import main; main()"]
    command += ["analyze", str(chat), "--dayfirst", "--coder", "rules", "--json", "--n-boot", "20"]
    for terminal in (True, False):
        env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
        if terminal:
            env["FORCE_COLOR"] = "1"  # Rich then draws as on a terminal
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        assert json.loads(done.stdout)["n_messages"] == 6_000  # the JSON stays clean either way
        if terminal:
            assert "coding messages" in done.stderr
            assert "5000/6000" in done.stderr
        else:
            assert done.stderr == ""
