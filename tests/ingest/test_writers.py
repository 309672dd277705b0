"""Round trips: write a conversation in each output format, read it back, get it again."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.domain import Conversation, MessageKind
from tandem.errors import InvalidChoice
from tandem.ingest import WRITERS, load, to_table, write, write_table
from tandem.ingest.columns import COLUMNS
from tandem.ingest.table import row_of

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = [
    FIXTURES / "whatsapp" / "ios_ddmmyy_24h_seconds.txt",
    FIXTURES / "whatsapp" / "android_es_ddmmyy_p_m.txt",
    FIXTURES / "telegram" / "personal_chat.json",
    FIXTURES / "messenger" / "alexkim_10158" / "message_1.json",
    FIXTURES / "discord" / "dm_alexk.json",
    FIXTURES / "generic" / "transcript.txt",
]


def _table_rows(conversation: Conversation) -> list[dict[str, str]]:
    return [row_of(m) for m in conversation.messages]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_table_formats_round_trip(tmp_path: Path, source: Path, fmt: str) -> None:
    original = load(source)
    written = write(fmt, original, tmp_path / f"out.{fmt}")
    if fmt == "parquet":
        assert pq.read_table(written).to_pylist() == _table_rows(original)
        return
    again = load(written)
    assert _table_rows(again) == _table_rows(original)
    assert again.partners == original.partners


@pytest.mark.parametrize(
    "source", [p for p in SOURCES if p.parent.name == "whatsapp"], ids=lambda p: p.stem
)
def test_whatsapp_writer_round_trips_a_whatsapp_chat(tmp_path: Path, source: Path) -> None:
    original = load(source)
    again = load(write("whatsapp", original, tmp_path / "chat.txt"))
    assert again.messages == original.messages
    assert again.partners == original.partners


def test_table_has_the_documented_columns_and_iso_times() -> None:
    table = to_table(load(FIXTURES / "telegram" / "personal_chat.json"))
    assert tuple(table.column_names) == COLUMNS
    first = table.to_pylist()[0]
    assert first["timestamp"] == "2024-02-03T18:59:40+01:00"
    assert first["partner"] == "A"
    assert table.to_pylist()[-1]["partner"] == ""  # system line


def test_transcript_times_are_empty_in_the_table(tmp_path: Path) -> None:
    path = write_table(load(FIXTURES / "generic" / "transcript.txt"), tmp_path / "t.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {r["timestamp"] for r in rows} == {""}


def test_unknown_table_ending_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidChoice, match=".parquet, .jsonl, .csv"):
        write_table(load(FIXTURES / "generic" / "transcript.txt"), tmp_path / "t.xlsx")


def test_unknown_writer_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InvalidChoice, match="csv, jsonl, parquet, whatsapp"):
        write("pdf", load(FIXTURES / "generic" / "transcript.txt"), tmp_path / "x.pdf")


NAMES = st.sampled_from(["Sam", "Alex Kim", "Zoë", "李雷", "~ Jo", "Ana-María"])
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u2028"),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() == t and t != "")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["Sam", "Alex"]), TEXT, st.integers(0, 10**6)),
        min_size=1,
        max_size=15,
    ),
    fmt=st.sampled_from(["csv", "jsonl"]),
)
def test_any_two_person_chat_round_trips_through_csv_and_jsonl(
    tmp_path: Path, rows: list[tuple[str, str, int]], fmt: str
) -> None:
    start = datetime(2024, 1, 1)
    lines = [
        json.dumps(
            {"sender": s, "timestamp": (start + timedelta(seconds=t)).isoformat(), "text": x}
        )
        for s, x, t in rows
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = load(source)
    again = load(write(fmt, original, tmp_path / f"out.{fmt}"))
    assert _table_rows(again) == _table_rows(original)


def test_whatsapp_writer_keeps_media_and_edits(tmp_path: Path) -> None:
    original = load(FIXTURES / "whatsapp" / "android_ddmmyyyy_24h.txt")
    text = write("whatsapp", original, tmp_path / "chat.txt").read_text(encoding="utf-8")
    assert "<This message was edited>" in text
    assert sorted(WRITERS) == ["csv", "jsonl", "parquet", "whatsapp"]
    kinds = [m.kind for m in load(tmp_path / "chat.txt").messages]
    assert MessageKind.MEDIA in kinds and MessageKind.DELETED in kinds
