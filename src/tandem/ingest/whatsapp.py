"""WhatsApp chat exports (``.txt`` or the ``.zip`` WhatsApp shares), Android and iOS styles.

The header shapes, 12-hour clock words, placeholders and edit marks live in
``formats/whatsapp.toml``; they are compiled into one regular expression per header style once,
at import. Parsing reads line by line, turns each distinct header stamp into numbers once (a
cache, no ``strptime`` per line), and decides the day/month order only after the whole file has
been seen, so one unambiguous date anywhere settles it.

Examples
--------
>>> ANDROID.match("31/12/2023, 21:05 - Sam: hi").group(10)
'Sam: hi'
>>> IOS.match("[12/31/23, 9:05:33\u202fPM] Alex: hey").group(10)
'Alex: hey'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from datetime import datetime
from importlib.resources import files
from typing import Any

from tandem.domain import Conversation, MessageKind, Platform
from tandem.errors import ParseError
from tandem.ingest._build import Raw, finalize
from tandem.ingest._dates import DMY, MDY, YMD, full_year, resolve_order
from tandem.ingest._source import Source, decode_error

FORMAT: dict[str, Any] = tomllib.loads(
    files("tandem.ingest").joinpath("formats/whatsapp.toml").read_text(encoding="utf-8")
)
"""The format description, as read from ``formats/whatsapp.toml``."""

_SP = "[ \u202f\u00a0]"
_MARKS = "".join(FORMAT["marks"]["remove"])
_STRIP = _MARKS + "".join(FORMAT["marks"]["space"]) + " ~"


def _token(word: str) -> str:
    return "".join(f"{_SP}?" if ch == " " else re.escape(ch) for ch in word)


def _clock_key(word: str) -> str:
    return re.sub(r"[\s.\u202f\u00a0]", "", word).lower()


_CLOCK_WORDS = sorted({*FORMAT["clock"]["am"], *FORMAT["clock"]["pm"]}, key=len, reverse=True)
_AP = "(?:" + "|".join(_token(w) for w in _CLOCK_WORDS) + ")"
PM: dict[str, bool] = {
    **{_clock_key(w): False for w in FORMAT["clock"]["am"]},
    **{_clock_key(w): True for w in FORMAT["clock"]["pm"]},
}
"""Normalised 12-hour clock word -> whether it means afternoon."""


def _compile(open_: str, close: str) -> re.Pattern[str]:
    h = FORMAT["header"]
    stamp = f"{h['date']}{h['between']}(?:({_AP}){_SP}?)?{h['time']}(?:{_SP}?({_AP}))?".replace(
        "[ ]", _SP
    )
    return re.compile(f"^[{_MARKS}]*{open_}({stamp}){close.replace('[ ]', _SP)}(.*)", re.DOTALL)


ANDROID = _compile("", FORMAT["header"]["android_tail"])
"""Header of an Android export line; groups: stamp, 3 date fields, AM/PM, H, M, S, AM/PM, rest."""
IOS = _compile(FORMAT["header"]["ios_open"], FORMAT["header"]["ios_close"])
"""Header of an iOS export line (bracketed stamp), same groups as :data:`ANDROID`."""

_K = FORMAT["kinds"]
_EXACT: dict[str, MessageKind] = {}
for _kind, _key in (
    (MessageKind.MEDIA, "media"),
    (MessageKind.STICKER, "sticker"),
    (MessageKind.CONTACT, "contact"),
    (MessageKind.DELETED, "deleted"),
    (MessageKind.CALL, "call"),
):
    for _word in _K[_key]:
        _EXACT[_word] = _kind
_PREFIXES: tuple[tuple[tuple[str, ...], MessageKind], ...] = (
    (tuple(_K["attachment_prefix"]), MessageKind.MEDIA),
    (tuple(_K["location_prefix"]), MessageKind.LOCATION),
    (tuple(_K["poll_prefix"]), MessageKind.POLL),
    (tuple(_K["call_prefix"]), MessageKind.CALL),
)
_ALL_PREFIXES = tuple(p for group, _ in _PREFIXES for p in group)
_SUFFIXES = tuple(_K["attachment_suffix"])
_EDIT_MARKS = tuple(FORMAT["edited"]["marks"])
_SYSTEM_PHRASES = tuple(p.lower() for p in FORMAT["system"]["phrases"])
_NO_MARKS = {ord(ch): None for ch in _MARKS}
_SLOW_FIRST = frozenset("<" + _MARKS)
_SLOW_LAST = frozenset(">)")

Stamp = tuple[int, int, int, int, int, int, bool | None, int]
"""``(a, b, c, hour, minute, second, pm, line)`` of one distinct header stamp."""


def sniff(head: str) -> re.Pattern[str] | None:
    r"""The header style of a WhatsApp export, or ``None`` when ``head`` is not one.

    Examples
    --------
    >>> sniff("[01/02/24, 10:00:00] Sam: hi\n") is IOS
    True
    >>> sniff("hello") is None
    True
    """
    lines = [line for line in head.splitlines()[:50] if line.strip()]
    if not lines:
        return None
    for pattern in (IOS, ANDROID):
        hits = sum(1 for line in lines[:20] if pattern.match(line))
        if hits and pattern.match(lines[0]):
            return pattern
    return None


def _classify(body: str, *, ios: bool) -> tuple[str, MessageKind, bool]:
    """Text, kind and edited flag of a body that may be a placeholder or carry an edit mark."""
    edited = False
    if body.endswith(_EDIT_MARKS):
        for mark in _EDIT_MARKS:
            if body.endswith(mark):
                body = body[: -len(mark)].rstrip(" \n" + _MARKS)
                edited = True
                break
    core = body.strip(_STRIP)
    if not core.isascii():
        core = core.translate(_NO_MARKS)
    kind = _EXACT.get(core)
    if kind is not None:
        return core, kind, edited
    if core.startswith(_ALL_PREFIXES):
        for prefixes, prefixed_kind in _PREFIXES:
            if core.startswith(prefixes):
                return core, prefixed_kind, edited
    if core.endswith(_SUFFIXES):
        return core, MessageKind.MEDIA, edited
    if ios and body[:1] in _MARKS and body[:1]:
        return core, MessageKind.SYSTEM, edited
    return body, MessageKind.TEXT, edited


def _is_system_text(text: str) -> bool:
    low = text.lower()
    return any(p in low for p in _SYSTEM_PHRASES)


def parse(
    source: Source,
    *,
    dayfirst: bool | None = None,
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read a WhatsApp export.

    Parameters
    ----------
    source : Source
        The ``.txt`` file or the chat file inside the ``.zip``.
    dayfirst : bool, optional
        Day/month order when no date in the file decides it.
    partners : tuple of two str, optional
        The couple, when more than two people wrote.

    Returns
    -------
    Conversation
        Every message in file order, system lines included.

    Raises
    ------
    ParseError
        The file does not start with a message header, is not UTF-8, or has impossible dates.
    AmbiguousDateOrder
        No date says whether it is day-first and ``dayfirst`` was not given.
    """
    pattern = sniff(source.head())
    if pattern is None:
        raise ParseError("no WhatsApp message header on the first line", where=source.name)
    ios = pattern is IOS
    with source.open_text() as handle:
        records, stamps = _scan(handle, pattern, source)
    order = resolve_order(
        ((s[0], s[1], s[2]) for s in stamps.values()), dayfirst=dayfirst, where=source.name
    )
    when = {stamp: _datetime(stamp, order, source) for stamp in stamps.values()}
    raws, title = _rows(records, when, ios=ios)
    if title is None:
        title = _title_from_name(source.inner_name)
    return finalize(
        raws, platform=Platform.WHATSAPP, source=source.name, partners=partners, title=title
    )


def _scan(
    lines: Iterable[str], pattern: re.Pattern[str], source: Source
) -> tuple[list[list[Any]], dict[str, Stamp]]:
    match = pattern.match
    stamps: dict[str, Stamp] = {}
    records: list[list[Any]] = []
    current: list[Any] | None = None
    number = 0
    iterator = iter(lines)
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            break
        except UnicodeDecodeError as error:
            raise decode_error(source, error, number + 1) from None
        number += 1
        if line[-1:] == "\n":
            line = line[:-1]
        m = match(line)
        if m is None:
            if current is None:
                if not line.strip():
                    continue
                raise ParseError(
                    "expected a WhatsApp message header (date, time, name)",
                    where=f"{source.name}, line {number}",
                )
            extra = current[2]
            if extra is None:
                current[2] = [line]
            else:
                extra.append(line)
            continue
        key = m.group(1)
        stamp = stamps.get(key)
        if stamp is None:
            stamp = stamps[key] = _stamp(m, number)
        current = [stamp, m.group(10), None]
        records.append(current)
    if not records:
        raise ParseError("no WhatsApp message found", where=source.name)
    return records, stamps


def _stamp(m: re.Match[str], number: int) -> Stamp:
    word = m.group(5) or m.group(9)
    pm: bool | None = None
    if word is not None:
        pm = PM.get(_clock_key(word))
    seconds = m.group(8)
    return (
        int(m.group(2)),
        int(m.group(3)),
        int(m.group(4)),
        int(m.group(6)),
        int(m.group(7)),
        int(seconds) if seconds else 0,
        pm,
        number,
    )


def _datetime(stamp: Stamp, order: str, source: Source) -> datetime:
    a, b, c, hour, minute, second, pm, number = stamp
    if a > 31 or order == YMD:
        year, month, day = a, b, c
    elif order == DMY:
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    if pm is not None:
        if not 1 <= hour <= 12:
            raise ParseError(
                f"hour {hour} on a 12-hour clock", where=f"{source.name}, line {number}"
            )
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(full_year(year), month, day, hour, minute, second)
    except ValueError as error:
        raise ParseError(
            f"impossible date or time ({error})", where=f"{source.name}, line {number}"
        ) from None
    assert order in (DMY, MDY)  # pragma: no cover


def _clean_name(raw: str, cache: dict[str, str]) -> str:
    name = cache.get(raw)
    if name is None:
        name = cache[raw] = re.sub(f"{_SP}+", " ", raw.strip(_STRIP))
    return name


def _rows(
    records: list[list[Any]], when: dict[Stamp, datetime], *, ios: bool
) -> tuple[list[Raw], str | None]:
    names: dict[str, str] = {}
    raws: list[Raw] = []
    append = raws.append
    title: str | None = None
    text_kind = MessageKind.TEXT
    system = MessageKind.SYSTEM
    exact = _EXACT
    slow_first, slow_last, prefixes = _SLOW_FIRST, _SLOW_LAST, _ALL_PREFIXES
    for stamp, rest, extra in records:
        at = when[stamp]
        cut = rest.find(": ")
        if cut <= 0 or '"' in rest[:cut] or "\u201c" in rest[:cut]:
            text = rest.strip(_MARKS) if extra is None else "\n".join([rest.strip(_MARKS), *extra])
            append(("", at, text, system, False, None, None))
            continue
        sender = _clean_name(rest[:cut], names)
        body = rest[cut + 2 :]
        if extra is not None:
            body = "\n".join([body, *extra])
        kind: MessageKind | None = exact.get(body)
        if kind is not None:
            append((sender, at, body, kind, False, None, None))
            continue
        if body[:1] in slow_first or body[-1:] in slow_last or body.startswith(prefixes):
            text, kind, edited = _classify(body, ios=ios)
            if kind is system or (ios and body[:1] in _MARKS and _is_system_text(text)):
                if ios:
                    title = sender if title is None else title
                    append(("", at, text, system, False, None, None))
                    continue
            append((sender, at, text, kind, edited, None, None))
            continue
        append((sender, at, body, text_kind, False, None, None))
    return raws, title


_TITLE = re.compile(
    r"^WhatsApp (?:Chat with|Chat -|Chat mit|Chat con|Chat avec|Conversa com) (.+)$"
)


def _title_from_name(name: str) -> str | None:
    stem = name.rsplit(".", 1)[0]
    m = _TITLE.match(stem)
    return m.group(1).strip() if m else None
