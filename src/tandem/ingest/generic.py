"""Generic exports: CSV or JSON lines with ``sender, timestamp, text`` columns, and transcripts.

A transcript is ``Name: text`` lines without times; order is kept and timestamps are empty. Lines
that do not start with a name continue the message above.

CSV and JSON lines may also carry ``kind`` and ``platform`` (as Tandem's own message table does);
``partner`` is recomputed, never trusted.

Examples
--------
>>> TRANSCRIPT_LINE.match("Sam: are you coming?").group(1)
'Sam'
"""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from typing import Any

from tandem.domain import Conversation, MessageKind, Platform
from tandem.errors import ParseError
from tandem.ingest import columns as col
from tandem.ingest._build import Raw, finalize
from tandem.ingest._json import Walker
from tandem.ingest._source import Source
from tandem.ingest.signal import iter_json_lines

TRANSCRIPT_LINE = re.compile(r"^([^\s:\[\]<>][^:\n]{0,47}?): (.*)$")
"""A transcript message line; groups: name, text."""

ALIASES: dict[str, tuple[str, ...]] = {
    col.SENDER: ("sender", "author", "from", "name", "sender_name", "user"),
    col.TIMESTAMP: ("timestamp", "time", "date", "datetime", "sent_at", "date_time"),
    col.TEXT: ("text", "message", "body", "content"),
    col.KIND: ("kind", "type"),
    col.PLATFORM: ("platform",),
}
"""Accepted column names (lower case) for each field."""

_KINDS = {k.value: k for k in MessageKind}
_PLATFORMS = {p.value: p for p in Platform}


def _map_columns(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for field, names in ALIASES.items():
        for name in names:
            if name in lowered:
                found[field] = lowered.index(name)
                break
    return found


def sniff_csv(head: str) -> bool:
    r"""Whether ``head`` starts with a CSV header naming sender, timestamp and text columns.

    Examples
    --------
    >>> sniff_csv("sender,timestamp,text\nSam,2024-01-01T10:00:00,hi\n")
    True
    """
    first = head.lstrip().split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        try:
            cells = next(csv.reader([first.rstrip("\r")], delimiter=delimiter), [])
        except csv.Error:
            return False
        found = _map_columns(cells)
        if col.SENDER in found and col.TEXT in found:
            return True
    return False


def sniff_jsonl(head: str) -> bool:
    """Whether ``head`` starts with a JSON object per line that has sender and text fields."""
    first = head.lstrip().split("\n", 1)[0]
    try:
        row = json.loads(first)
    except ValueError:
        return False
    return (
        isinstance(row, dict)
        and col.SENDER in _map_columns(list(row))
        and col.TEXT in _map_columns(list(row))
    )


def sniff_transcript(head: str) -> bool:
    r"""Whether ``head`` looks like ``Name: text`` lines.

    Examples
    --------
    >>> sniff_transcript("Sam: hi\nAlex: hey\n")
    True
    """
    lines = [line for line in head.splitlines()[:40] if line.strip()]
    if not lines or TRANSCRIPT_LINE.match(lines[0]) is None:
        return False
    hits = sum(1 for line in lines if TRANSCRIPT_LINE.match(line))
    return hits * 2 >= len(lines)


def _time(value: str, where: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        raise ParseError(f"not an ISO 8601 time: {value[:40]!r}", where=where) from None
    return Walker(where).epoch(number / 1000 if number > 1e11 else number, "timestamp")


def _row(values: dict[str, Any], where: str) -> tuple[Raw, Platform | None]:
    sender = values.get(col.SENDER)
    text = values.get(col.TEXT)
    when = values.get(col.TIMESTAMP)
    if not isinstance(sender, str):
        raise ParseError("sender must be text", where=where)
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ParseError("text must be text", where=where)
    if when is not None and not isinstance(when, str | int | float) or isinstance(when, bool):
        raise ParseError("timestamp must be an ISO 8601 text or a number", where=where)
    timestamp = _time(str(when), where) if when is not None else None
    kind = MessageKind.TEXT
    kind_value = values.get(col.KIND)
    if isinstance(kind_value, str) and kind_value.strip():
        kind = _KINDS.get(kind_value.strip().lower(), MessageKind.TEXT)
    platform_value = values.get(col.PLATFORM)
    platform = (
        _PLATFORMS.get(platform_value.strip().lower()) if isinstance(platform_value, str) else None
    )
    if kind is MessageKind.SYSTEM:
        sender = sender.strip()
    return (sender, timestamp, text, kind, False, None, None), platform


def _conversation(
    rows: list[tuple[Raw, Platform | None]],
    platform: Platform,
    source: Source,
    partners: tuple[str, str] | None,
) -> Conversation:
    if not rows:
        raise ParseError("no message rows", where=source.name)
    platforms = {p for _, p in rows if p is not None}
    if len(platforms) == 1:
        platform = platforms.pop()
    return finalize([r for r, _ in rows], platform=platform, source=source.name, partners=partners)


def parse_csv(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - ISO times only
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read a CSV file with a header row naming sender, timestamp and text columns."""
    text = source.read_text()
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        records = list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))
    except csv.Error as error:
        raise ParseError(f"not valid CSV ({error})", where=source.name) from None
    if not records:
        raise ParseError("empty file", where=source.name)
    mapping = _map_columns(records[0])
    missing = [f for f in (col.SENDER, col.TEXT) if f not in mapping]
    if missing:
        raise ParseError(
            f"header has no {' or '.join(missing)} column (found: {', '.join(records[0])})",
            where=f"{source.name}, line 1",
        )
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(records[0]):
            raise ParseError(
                f"{len(record)} fields where the header has {len(records[0])}",
                where=f"{source.name}, row {number}",
            )
        values = {field: record[i] for field, i in mapping.items()}
        rows.append(_row(values, f"{source.name}, row {number}"))
    return _conversation(rows, Platform.CSV, source, partners)


def parse_jsonl(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - ISO times only
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read JSON lines, one object with sender, timestamp and text per line."""
    rows = []
    for number, obj in iter_json_lines(source):
        where = f"{source.name}, line {number}"
        if not isinstance(obj, dict):
            raise ParseError("expected a JSON object", where=where)
        chosen: dict[str, Any] = {}
        for field, names in ALIASES.items():
            for name in names:
                if name in obj:
                    chosen[field] = obj[name]
                    break
        if col.SENDER not in chosen:
            raise ParseError("no sender field", where=where)
        rows.append(_row(chosen, where))
    return _conversation(rows, Platform.JSONL, source, partners)


def parse_transcript(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - no times at all
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read ``Name: text`` lines; the timestamps stay empty."""
    rows: list[list[Any]] = []
    for number, line in source.numbered_lines():
        m = TRANSCRIPT_LINE.match(line)
        if m is not None:
            rows.append([m.group(1).strip(), [m.group(2)]])
        elif rows:
            rows[-1][1].append(line)
        elif line.strip():
            raise ParseError(
                "expected a line like 'Name: text'", where=f"{source.name}, line {number}"
            )
    raws: list[Raw] = []
    for sender, lines in rows:
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        raws.append((sender, None, "\n".join(lines), MessageKind.TEXT, False, None, None))
    if not raws:
        raise ParseError("no 'Name: text' line found", where=source.name)
    return finalize(raws, platform=Platform.TRANSCRIPT, source=source.name, partners=partners)
