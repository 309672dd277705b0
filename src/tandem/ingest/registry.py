"""The parser registry and format detection from a file's content.

Examples
--------
>>> sorted(PARSERS)[:3]
['csv', 'discord', 'imessage']
>>> parser_for("fax")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tandem.errors.InvalidChoice: --format: unknown format 'fax'; known formats: csv, discord, ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from tandem.domain import Conversation
from tandem.errors import InvalidChoice, ParseError
from tandem.ingest import discord, generic, imessage, meta, signal, telegram, whatsapp
from tandem.ingest._source import Source

if TYPE_CHECKING:
    import pyarrow as pa


class Parser(Protocol):
    """A format's reader: a source in, a two-person conversation out."""

    def __call__(
        self,
        source: Source,
        *,
        dayfirst: bool | None = None,
        partners: tuple[str, str] | None = None,
    ) -> Conversation:
        """Read ``source``."""
        ...


PARSERS: dict[str, Parser] = {
    "whatsapp": whatsapp.parse,
    "telegram": telegram.parse,
    "messenger": meta.parse_messenger,
    "instagram": meta.parse_instagram,
    "imessage": imessage.parse,
    "signal-md": signal.parse_markdown,
    "signal-jsonl": signal.parse_jsonl,
    "discord": discord.parse,
    "csv": generic.parse_csv,
    "jsonl": generic.parse_jsonl,
    "transcript": generic.parse_transcript,
}
"""Format key -> parser. Keys are what ``fmt=`` and ``--format`` accept."""


class TableReader(Protocol):
    """A format's direct reader into the message table (no ``Message`` objects)."""

    def __call__(
        self,
        source: Source,
        *,
        dayfirst: bool | None = None,
        partners: tuple[str, str] | None = None,
    ) -> pa.Table:
        """Read ``source`` into the table ``to_table`` would make of the parsed conversation."""
        ...


TABLE_READERS: dict[str, TableReader] = {"whatsapp": whatsapp.parse_table}
"""Format key -> columnar reader, for the formats that have one (the others are tabled after
parsing)."""


def parser_for(key: str) -> Parser:
    """The parser registered under ``key``.

    Raises
    ------
    InvalidChoice
        ``key`` is not a known format; the message lists the known ones.
    """
    try:
        return PARSERS[key]
    except KeyError:
        known = ", ".join(sorted(PARSERS))
        raise InvalidChoice(
            f"unknown format {key!r}; known formats: {known}", where="--format"
        ) from None


def detect(source: Source) -> str:
    """The format key of ``source``, judged from its content (and, for folders, file names).

    Raises
    ------
    ParseError
        Binary content or no known format.
    """
    if source.path.is_dir() and source.member is None:
        names = {p.name for p in source.path.iterdir()}
        if any(meta._PART.match(n) for n in names):
            return "instagram" if meta.looks_like_instagram(source, "") else "messenger"
        if "result.json" in names:
            return "telegram"
        raise ParseError(
            "folder holds neither message_N.json (Messenger/Instagram) nor result.json (Telegram)",
            where=source.name,
        )
    head = source.head()
    text = head.lstrip("\ufeff \t\r\n")
    if not text:
        raise ParseError("empty file", where=source.name)
    if text[0] in "{[":
        first_line = text.split("\n", 1)[0]
        if signal.sniff_jsonl(first_line):
            return "signal-jsonl"
        if generic.sniff_jsonl(first_line):
            return "jsonl"
        if discord.sniff(text):
            return "discord"
        if meta.sniff(text):
            return "instagram" if meta.looks_like_instagram(source, text) else "messenger"
        if '"messages"' in text or '"chats"' in text:
            return "telegram"
        if text[0] == "{" or text.lstrip("[ \t\r\n")[:1] in ("{", "]", ""):
            raise ParseError(
                "JSON, but not an export Tandem knows (Telegram result.json, Messenger or "
                "Instagram message_N.json, DiscordChatExporter, Signal or sender/timestamp/text "
                "JSON lines)",
                where=source.name,
            )
    if signal.sniff_markdown(text, source.inner_name):
        return "signal-md"
    if whatsapp.sniff(text) is not None:
        return "whatsapp"
    if imessage.sniff(text):
        return "imessage"
    if generic.sniff_csv(text):
        return "csv"
    if generic.sniff_transcript(text):
        return "transcript"
    raise ParseError(
        "not a chat export Tandem knows (WhatsApp, Telegram, Messenger, Instagram, iMessage, "
        "Signal, Discord, CSV, JSON lines or a 'Name: text' transcript)",
        where=source.name,
    )
