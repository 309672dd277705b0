"""``tandem parse``: summary, table output, options and one-line errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from rich.console import Console
from typer.testing import CliRunner

from tandem.cli import app
from tandem.ingest import load
from tandem.report.chat_summary import render_chat_summary

FIXTURES = Path(__file__).resolve().parent.parent / "ingest" / "fixtures"
ANDROID = FIXTURES / "whatsapp" / "android_ddmmyyyy_24h.txt"


def _run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout, and stderr with Rich's soft wrapping at 80 columns undone."""
    result = CliRunner().invoke(app, ["parse", *args])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_summary_names_platform_dates_senders_and_kinds() -> None:
    code, out, _ = _run(str(ANDROID))
    assert code == 0
    assert "whatsapp, 12 messages, 2023-12-25 21:00 to 2023-12-26 13:45" in out
    assert "Sam Rivera" in out and "Alex 🌻" in out
    for kind in ("text", "media", "deleted", "location", "system"):
        assert kind in out


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
def test_to_writes_the_message_table(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"messages{suffix}"
    code, out, _ = _run(str(ANDROID), "--to", str(target))
    assert code == 0 and "wrote 12 messages" in out
    if suffix == ".parquet":
        rows = pq.read_table(target).to_pylist()
    elif suffix == ".jsonl":
        rows = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    else:
        rows = load(target).messages  # type: ignore[assignment]
        assert len(rows) == 12
        return
    assert list(rows[1]) == ["sender", "partner", "timestamp", "kind", "text", "platform"]
    assert rows[1]["timestamp"] == "2023-12-25T21:05:00" and rows[1]["partner"] == "A"


def test_ambiguous_dates_exit_2_with_one_line_and_dayfirst_fixes_it() -> None:
    path = FIXTURES / "whatsapp" / "ambiguous_dayfirst_needed.txt"
    code, _, err = _run(str(path))
    assert code == 2
    assert err.count("error:") == 1 and "--dayfirst or --monthfirst" in err
    code, out, _ = _run(str(path), "--monthfirst")
    assert code == 0 and "2024-03-04 08:00 to 2024-04-04 19:10" in out
    code, out, _ = _run(str(path), "--dayfirst")
    assert code == 0 and "2024-04-03 08:00 to 2024-04-04 19:10" in out


def test_partners_takes_two_names() -> None:
    path = FIXTURES / "whatsapp" / "group_three_senders.txt"
    code, _, err = _run(str(path))
    assert code == 2 and "--partners NAME NAME" in err and "'Jordan'" in err
    code, out, _ = _run(str(path), "--partners", "Alex 🌻", "Sam Rivera")
    assert code == 0
    assert out.index("Alex 🌻") < out.index("Sam Rivera")  # partner A listed first


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xff\x00garbage", b'{"messages": [{"date": 5}]}', b"hello world\n"]
)
def test_bad_files_exit_2_with_one_line_and_no_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = _run(str(path))
    assert code == 2
    assert err.startswith("error: bad.txt") and err.count("error:") == 1
    assert "Traceback" not in err


def test_missing_file_exit_2(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "none.txt"))
    assert code == 2 and "no such file" in err


def test_render_chat_summary_text() -> None:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(
        render_chat_summary(load(FIXTURES / "telegram" / "personal_chat.json"))
    )
    text = out.getvalue()
    assert text.startswith("personal_chat.json (Alex Kim)\ntelegram, 8 messages")
    assert "2024-02-03 18:59 +01:00 to 2024-02-04 09:20 +01:00" in text
    assert "Senders" in text and "Kinds" in text
