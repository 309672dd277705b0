"""Signal exports as written by signal-export: Markdown (``chat.md``) and JSON lines.

Markdown lines look like ``[2023-01-05 21:05] Alex: text``; lines without that prefix continue
the message above. JSON lines carry ``date``, ``sender``, ``body`` and optional ``quote``,
``sticker``, ``attachments`` and ``reactions``.

Examples
--------
>>> HEADER.match("[2023-01-05 21:05] Alex: hi").group(7)
'Alex'
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from tandem.domain import Conversation, MessageKind, Platform
from tandem.errors import ParseError
from tandem.ingest._build import Raw, finalize
from tandem.ingest._json import Walker
from tandem.ingest._source import Source

HEADER = re.compile(
    r"^\[(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\] ([^:\n]+?): ?(.*)$"
)
"""A Markdown message line; groups: Y, M, D, h, m, s, sender, body."""
_ATTACH = re.compile(r"^(?:!?\[[^\]]*\]\([^)]*\)\s*)+$")
_REACTIONS = re.compile(r"^\(- (.*) -\)$")
_STICKER = re.compile(r"^\(\( (.*) \)\)$")
_DELETED = "(This message was deleted)"


def sniff_markdown(head: str, name: str = "") -> bool:
    r"""Whether ``head`` starts like a signal-export Markdown file (``chat.md``).

    WhatsApp on iOS writes year-first bracketed stamps too in some languages, so a stamp with
    seconds counts as Signal only in a ``.md`` file or next to Signal's own marks (reaction
    lines, ``](./`` attachment links, sticker labels); WhatsApp's stamps always have seconds.

    Examples
    --------
    >>> sniff_markdown("[2023-01-05 21:05] Alex: hi\n")
    True
    >>> sniff_markdown("[2023-01-05 21:05:33] Alex: hi\n", "chat.md")
    True
    >>> sniff_markdown("[2023-01-05 21:05:33] Alex: hi\n", "_chat.txt")
    False
    """
    lines = [line for line in head.splitlines() if line.strip()]
    if not lines:
        return False
    m = HEADER.match(lines[0])
    if m is None:
        return False
    return (
        m.group(6) is None
        or name.lower().endswith(".md")
        or any(mark in head for mark in ("\n(- ", "](./", "\n(( ", _DELETED))
    )


def sniff_jsonl(head: str) -> bool:
    """Whether ``head`` starts like signal-export JSON lines."""
    first = head.lstrip().split("\n", 1)[0]
    try:
        row = json.loads(first)
    except ValueError:
        return False
    return isinstance(row, dict) and "body" in row and "date" in row and "sender" in row


def _time(m: re.Match[str], where: str) -> datetime:
    try:
        y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
        return datetime(y, mo, d, h, mi, int(m.group(6) or 0))
    except ValueError as error:
        raise ParseError(f"impossible date or time ({error})", where=where) from None


def parse_markdown(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - ISO dates, never ambiguous
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read a signal-export Markdown chat."""
    rows: list[list[Any]] = []
    for number, line in source.numbered_lines():
        m = HEADER.match(line)
        if m is not None:
            rows.append(
                [m.group(7).strip(), _time(m, f"{source.name}, line {number}"), [m.group(8)]]
            )
        elif rows:
            rows[-1][2].append(line)
        elif line.strip():
            raise ParseError(
                "expected a line like [2023-01-05 21:05] Name: text",
                where=f"{source.name}, line {number}",
            )
    if not rows:
        raise ParseError("no Signal message found", where=source.name)
    raws: list[Raw] = []
    for sender, when, lines in rows:
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        raws.extend(_markdown_rows(sender, when, lines))
    return finalize(raws, platform=Platform.SIGNAL, source=source.name, partners=partners)


def _markdown_rows(sender: str, when: datetime, lines: list[str]) -> list[Raw]:
    """One Markdown message as rows, its reactions after it.

    Quote lines become ``reply_to``, the ``(- Name: emoji -)`` line becomes reaction rows,
    stickers and attachment links set the kind.
    """
    quote = [ln[2:] for ln in lines if ln.startswith("> ")]
    body_lines = [ln for ln in lines if not ln.startswith("> ")]
    reactions: list[tuple[str, str]] = []
    kind = MessageKind.TEXT
    kept: list[str] = []
    for line in body_lines:
        m = _REACTIONS.match(line)
        if m is not None:
            for pair in m.group(1).split(", "):
                who, _, emoji = pair.rpartition(": ")
                if who and emoji:
                    reactions.append((who, emoji))
            continue
        m = _STICKER.match(line)
        if m is not None:
            kind = MessageKind.STICKER
            kept.append(m.group(1))
            continue
        kept.append(line)
    while kept and not kept[0].strip() and len(kept) > 1:
        kept.pop(0)
    body = "\n".join(kept)
    if body.strip() == _DELETED:
        kind = MessageKind.DELETED
    elif kind is MessageKind.TEXT and body.strip() and _ATTACH.match(body.strip()):
        kind = MessageKind.MEDIA
        body = body.strip()
    reply = "\n".join(quote) or None
    rows: list[Raw] = [(sender, when, body, kind, False, reply, None)]
    rows.extend(
        (who, when, emoji, MessageKind.REACTION, False, body, None) for who, emoji in reactions
    )
    return rows


def parse_jsonl(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - ISO dates, never ambiguous
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read signal-export JSON lines."""
    raws: list[Raw] = []
    for number, row in iter_json_lines(source):
        walker = Walker(f"{source.name}, line {number}")
        obj = walker.obj(row, "$")
        when = walker.iso(walker.get_str(obj, "date", "$"), "$.date")
        sender = walker.get_str(obj, "sender", "$")
        body = walker.get_str(obj, "body", "$", "")
        quote = obj.get("quote")
        kind = MessageKind.TEXT
        if obj.get("deleted") is True:
            kind = MessageKind.DELETED
        elif obj.get("call") is True:
            kind = MessageKind.CALL
        elif obj.get("sticker"):
            kind = MessageKind.STICKER
        elif obj.get("attachments") and not body:
            kind = MessageKind.MEDIA
        reply = quote if isinstance(quote, str) and quote else None
        raws.append((sender, when, body, kind, False, reply, None))
        reactions = obj.get("reactions")
        if isinstance(reactions, list):
            for reaction in reactions:
                if isinstance(reaction, list) and len(reaction) == 2:
                    reaction = {"name": reaction[0], "emoji": reaction[1]}
                if isinstance(reaction, dict) and isinstance(reaction.get("emoji"), str):
                    actor = reaction.get("name") or reaction.get("author") or ""
                    if isinstance(actor, str) and actor:
                        raws.append(
                            (
                                actor,
                                when,
                                reaction["emoji"],
                                MessageKind.REACTION,
                                False,
                                body,
                                None,
                            )
                        )
    if not raws:
        raise ParseError("no Signal message found", where=source.name)
    return finalize(raws, platform=Platform.SIGNAL, source=source.name, partners=partners)


def iter_json_lines(source: Source) -> list[tuple[int, Any]]:
    """Every non-blank line parsed as JSON, with its line number."""
    rows: list[tuple[int, Any]] = []
    for number, line in source.numbered_lines():
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except ValueError as error:
            raise ParseError(
                f"not a JSON object ({error})", where=f"{source.name}, line {number}"
            ) from None
        except RecursionError:
            raise ParseError(
                "JSON nested too deeply", where=f"{source.name}, line {number}"
            ) from None
    return rows
