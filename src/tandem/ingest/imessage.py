"""iMessage conversations exported as text by imessage-exporter (``--format txt``).

Each message is a block: a timestamp line (``Jan 05, 2023  9:05:33 PM``, optionally followed by
``(Read by them after 2 minutes, 3 seconds)``), the sender line, then the body. Replies in a
thread are also written indented under the message they answer; such copies are dropped when
the reply also appears at its own place, and otherwise kept with ``reply_to`` set.

Examples
--------
>>> STAMP.match("Jan 05, 2023  9:05:33 PM (Read by them after 1 minute)").group(3)
'Read by them after 1 minute'
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from tandem.domain import Conversation, MessageKind, Platform
from tandem.errors import ParseError
from tandem.ingest._build import Raw, finalize
from tandem.ingest._source import Source

STAMP = re.compile(
    r"^( *)((?:[A-Z][a-z]{2}) \d{1,2}, \d{4} +\d{1,2}:\d{2}:\d{2} [AP]M)"
    r"(?: \(((?:Read|Delivered|Sent)[^)]*)\))?(?: (\S.*?))?\s*$"
)
"""A block's timestamp line; groups: indent, the time, the read receipt, an announcement."""
_PARTS = re.compile(r"([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) +(\d{1,2}):(\d{2}):(\d{2}) ([AP]M)")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_UNIT = re.compile(r"(\d+) (day|hour|minute|second)s?")
_SECONDS = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}
_TAPBACK_WORDS = r"(?:Loved|Liked|Disliked|Laughed at|Emphasized|Questioned)"
_TAPBACK = re.compile(rf"^{_TAPBACK_WORDS} [“\"]")
_TAPBACK_BY = re.compile(rf"^\s+({_TAPBACK_WORDS}|\S.*?) by (.+?)\s*$")
_ATTACHMENT = re.compile(
    r"^\S.*\.(?:jpe?g|heic|png|gif|mov|mp4|m4a|caf|pdf|webp|pluginpayloadattachment)$", re.I
)
_REPLY_NOTE = "This message responded to an earlier message."
_DELETED_NOTE = "This message was deleted from the conversation!"
_EDITED = re.compile(r"^Edited .+ later: ")


def sniff(head: str) -> bool:
    r"""Whether ``head`` starts like an imessage-exporter text file.

    Examples
    --------
    >>> sniff("Jan 05, 2023  9:05:33 PM\nAlex\nhi\n")
    True
    """
    lines = [line for line in head.splitlines() if line.strip()]
    return bool(lines) and STAMP.match(lines[0]) is not None


def _time(text: str, where: str) -> datetime:
    m = _PARTS.match(text)
    if m is None:  # pragma: no cover - STAMP guarantees the shape
        raise ParseError("bad timestamp", where=where)
    month = _MONTHS.get(m.group(1))
    hour = int(m.group(4)) % 12 + (12 if m.group(7) == "PM" else 0)
    try:
        if month is None:
            raise ValueError(f"unknown month {m.group(1)!r}")
        return datetime(
            int(m.group(3)), month, int(m.group(2)), hour, int(m.group(5)), int(m.group(6))
        )
    except ValueError as error:
        raise ParseError(f"impossible date or time ({error})", where=where) from None


def _read_at(when: datetime, receipt: str | None) -> datetime | None:
    if not receipt or not receipt.startswith("Read by"):
        return None
    total = sum(int(n) * _SECONDS[unit] for n, unit in _UNIT.findall(receipt))
    return when + timedelta(seconds=total)


def _kind(body: str, sender: str) -> MessageKind:
    if not sender:
        return MessageKind.SYSTEM
    if _TAPBACK.match(body):
        return MessageKind.REACTION
    if body and all(_ATTACHMENT.match(line.strip()) for line in body.splitlines() if line.strip()):
        return MessageKind.MEDIA
    if body in ("Attachment missing!", "Sticker from Me", "Apple Pay"):
        return MessageKind.MEDIA
    return MessageKind.TEXT


def parse(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - month names, never ambiguous
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read an imessage-exporter ``.txt`` conversation.

    Raises
    ------
    ParseError
        The file does not start with a timestamp line, a block has no sender, or a date is
        impossible.
    """
    blocks: list[tuple[int, int, datetime, datetime | None, str | None, list[str]]] = []
    for number, line in source.numbered_lines():
        m = STAMP.match(line)
        if m is not None:
            where = f"{source.name}, line {number}"
            when = _time(m.group(2), where)
            receipt = _read_at(when, m.group(3))
            blocks.append((number, len(m.group(1)), when, receipt, m.group(4), []))
        elif blocks:
            blocks[-1][5].append(line)
        elif line.strip():
            raise ParseError(
                "expected an imessage-exporter timestamp line",
                where=f"{source.name}, line {number}",
            )
    if not blocks:
        raise ParseError("no iMessage found", where=source.name)
    rows: list[tuple[int, Raw]] = []
    for line_no, indent, when, read_at, note, lines in blocks:
        if note is not None:  # "Alex added Sam to the conversation." on the timestamp line
            rows.append((indent, ("", when, note, MessageKind.SYSTEM, False, None, None)))
            continue
        if indent:
            lines = [ln[indent:] if ln.startswith(" " * indent) else ln.lstrip() for ln in lines]
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            raise ParseError(
                "message without a sender line", where=f"{source.name}, line {line_no}"
            )
        sender = lines[0].strip()
        body_lines, reactions, edited, deleted = _split_body(lines[1:])
        body = "\n".join(body_lines)
        kind = MessageKind.DELETED if deleted else _kind(body, sender)
        rows.append((indent, (sender, when, body, kind, edited, None, read_at)))
        for word, who in reactions:
            reaction = MessageKind.REACTION
            rows.append((indent, (who, when, word, reaction, False, body, None)))
    return finalize(
        _dedupe_replies(rows), platform=Platform.IMESSAGE, source=source.name, partners=partners
    )


def _split_body(lines: list[str]) -> tuple[list[str], list[tuple[str, str]], bool, bool]:
    """Body lines without the exporter's notes, the tapbacks, and the edited/deleted flags."""
    body: list[str] = []
    reactions: list[tuple[str, str]] = []
    edited = deleted = in_tapbacks = False
    for line in lines:
        if in_tapbacks:
            m = _TAPBACK_BY.match(line)
            if m is not None:
                reactions.append((m.group(1), m.group(2)))
                continue
            in_tapbacks = False
        stripped = line.strip()
        if stripped == "Tapbacks:":
            in_tapbacks = True
        elif stripped == _REPLY_NOTE:
            continue
        elif stripped == _DELETED_NOTE:
            deleted = True
        else:
            if _EDITED.match(stripped):
                edited = True
            body.append(line)
    while body and not body[-1].strip():
        body.pop()
    return body, reactions, edited, deleted


def _dedupe_replies(rows: list[tuple[int, Raw]]) -> list[Raw]:
    """Drop indented thread copies that also appear at their own place; mark replies."""
    top = {(r[0], r[1], r[2]) for indent, r in rows if indent == 0}
    parent_text: str | None = None
    reply_of: dict[tuple[object, ...], str] = {}
    kept: list[Raw] = []
    for indent, raw in rows:
        if indent == 0:
            if raw[3] is not MessageKind.REACTION and raw[3] is not MessageKind.SYSTEM:
                parent_text = raw[2]
            continue
        key = (raw[0], raw[1], raw[2])
        if parent_text is not None:
            reply_of.setdefault(key, parent_text)
    for indent, raw in rows:
        key = (raw[0], raw[1], raw[2])
        if indent and key in top:
            continue
        reply = reply_of.get(key)
        if reply is not None:
            raw = (raw[0], raw[1], raw[2], raw[3], raw[4], reply, raw[6])
        kept.append(raw)
    return kept
