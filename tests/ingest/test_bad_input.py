"""Bad input of every sort ends in one ParseError naming the file (and line or JSON path)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.errors import ParseError, TandemError
from tandem.ingest import PARSERS, load

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXT_FIXTURES = sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.endswith(".expected.json")
)


def _single_json(path: Path) -> bool:
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return False  # JSON lines
    return True


JSON_FIXTURES = [p for p in TEXT_FIXTURES if p.suffix == ".json" and _single_json(p)]

# Examples are kept modest: the whole suite runs on 2 shared cores.
FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _load_or_parse_error(path: Path, **kwargs: Any) -> None:
    """Loading either succeeds or raises one of our errors, never anything else."""
    try:
        load(path, **kwargs)
    except ParseError as error:
        assert str(error).strip(), "an error must say something"
        # The catch-all in load() is a last resort; every shape should be handled on purpose.
        assert "cannot read as a chat export" not in str(error), str(error)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02\x03binary\x00", "binary file"),
        (b"   \n\n  \n", "empty file|not a chat export"),
        (b"just some words without any structure\n", "not a chat export"),
        (b'{"messages": [', "line 1: not valid JSON"),
        (b"PK\x03\x04truncated zip", "damaged zip"),
    ],
    ids=["empty", "binary", "blank", "prose", "truncated json", "truncated zip"],
)
def test_hopeless_files_say_what_is_wrong(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(content)
    with pytest.raises(ParseError, match=match) as caught:
        load(path)
    assert "export.txt" in str(caught.value)


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no such file"):
        load(tmp_path / "nope.txt")


def test_zip_without_a_chat_file(tmp_path: Path) -> None:
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("IMG-1.jpg", b"\xff\xd8")
    with pytest.raises(ParseError, match="holds no chat text"):
        load(archive)


def test_truncated_whatsapp_export_still_reads_what_is_there(tmp_path: Path) -> None:
    source = (FIXTURES / "whatsapp" / "android_ddmmyyyy_24h.txt").read_bytes()
    path = tmp_path / "cut.txt"
    path.write_bytes(source[: len(source) // 2])
    conversation = load(path)
    assert 0 < len(conversation.messages) < 12


def test_wrong_json_shape_names_the_json_path(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "telegram" / "personal_chat.json").read_text(encoding="utf-8"))
    data["messages"][3]["date"] = 20240203
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ParseError, match=r"result\.json, \$\.messages\[3\]\.date: expected text"):
        load(path)


def test_telegram_date_that_is_not_a_date(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "telegram" / "personal_chat.json").read_text(encoding="utf-8"))
    data["messages"][1]["date"] = "yesterday"
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ParseError, match=r"\$\.messages\[1\]\.date: not an ISO 8601"):
        load(path)


def test_csv_row_with_a_bad_time_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("sender,timestamp,text\nSam,2024-01-01T10:00:00,a\nAlex,soon,b\n", "utf-8")
    with pytest.raises(ParseError, match=r"m\.csv, row 3: not an ISO 8601 time"):
        load(path)


def test_unknown_format_key_lists_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Sam: hi\n", encoding="utf-8")
    with pytest.raises(TandemError, match="known formats: csv, discord"):
        load(path, fmt="myspace")


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_raise_anything_but_our_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(data)
    _load_or_parse_error(path)


@FUZZ
@given(
    data=st.data(),
    fixture=st.sampled_from(TEXT_FIXTURES),
)
def test_random_line_edits_of_real_exports(
    tmp_path: Path, data: st.DataObject, fixture: Path
) -> None:
    lines = fixture.read_text(encoding="utf-8").split("\n")
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        edit = data.draw(st.sampled_from(["drop", "dup", "cut", "junk", "swap"]), label="edit")
        if edit == "drop" and len(lines) > 1:
            del lines[i]
        elif edit == "dup":
            lines.insert(i, lines[i])
        elif edit == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))), label="at")]
        elif edit == "junk":
            lines[i] = data.draw(st.text(max_size=40), label="junk")
        elif edit == "swap" and len(lines) > 1:
            j = data.draw(st.integers(0, len(lines) - 1), label="other")
            lines[i], lines[j] = lines[j], lines[i]
    path = tmp_path / fixture.name
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    _load_or_parse_error(path, dayfirst=True)
    _load_or_parse_error(path, fmt=detect_guess(fixture))


def detect_guess(fixture: Path) -> str:
    golden = fixture.with_name(fixture.name + ".expected.json")
    if golden.exists():
        return str(json.loads(golden.read_text(encoding="utf-8"))["format"])
    return "messenger"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "messages",
                    "date",
                    "date_unixtime",
                    "from",
                    "text",
                    "type",
                    "chats",
                    "list",
                    "sender_name",
                    "timestamp_ms",
                    "content",
                    "reactions",
                    "guild",
                    "channel",
                    "author",
                    "timestamp",
                    "name",
                    "actor",
                    "action",
                    "reply_to_message_id",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@FUZZ
@given(value=JSON_VALUES, fmt=st.sampled_from(sorted(PARSERS)))
def test_random_json_shapes_never_raise_anything_but_our_error(
    tmp_path: Path, value: Any, fmt: str
) -> None:
    path = tmp_path / "message_1.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    _load_or_parse_error(path, fmt=fmt)
    _load_or_parse_error(path)


@FUZZ
@given(
    fixture=st.sampled_from(JSON_FIXTURES),
    replacement=JSON_VALUES,
    depth=st.integers(0, 5),
    seed=st.integers(0, 10_000),
)
def test_valid_json_exports_with_one_value_replaced(
    tmp_path: Path, fixture: Path, replacement: Any, depth: int, seed: int
) -> None:
    data = json.loads(fixture.read_text(encoding="utf-8"))
    node = data
    for step in range(depth):
        if isinstance(node, dict) and node:
            keys = sorted(node)
            key = keys[(seed + step) % len(keys)]
            if step == depth - 1 or not isinstance(node[key], dict | list):
                node[key] = replacement
                break
            node = node[key]
        elif isinstance(node, list) and node:
            index = (seed + step) % len(node)
            if step == depth - 1 or not isinstance(node[index], dict | list):
                node[index] = replacement
                break
            node = node[index]
    path = tmp_path / fixture.name
    path.write_text(json.dumps(data), encoding="utf-8")
    _load_or_parse_error(path, partners=None)


@pytest.mark.parametrize("content", ['{"a": 1, "b": [2, 3]}', "[]", '[{"x": "y: z"}]'])
def test_json_that_is_no_chat_export_is_not_read_as_a_transcript(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "data.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError, match="JSON, but not an export Tandem knows"):
        load(path)
