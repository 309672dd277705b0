"""WhatsApp chat exports (``.txt`` or the ``.zip`` WhatsApp shares), Android and iOS styles.

The header shapes, 12-hour clock words, placeholders and edit marks live in
``formats/whatsapp.toml``; they are compiled into regular expressions once, at import. Parsing
reads 1 MB chunks and splits each at every header inside the regex engine (continuation lines
cost nothing), turns each distinct date text and time text into numbers once (no ``strptime``
per line), and builds a chunk's messages as soon as the dates seen so far settle the day/month
order. Once the whole file is read the order is checked against every date, so a file that
contradicts itself, or that never settles it, is refused rather than guessed.

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
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from importlib.resources import files
from itertools import compress, count, repeat
from operator import is_
from typing import IO, TYPE_CHECKING, Any

from tandem.domain import Conversation, Message, MessageKind, Partner, Platform
from tandem.errors import ParseError
from tandem.ingest import columns as col
from tandem.ingest._build import MESSAGE_SLOTS, choose_partners, make_message
from tandem.ingest._dates import DMY, MDY, YMD, full_year, resolve_order
from tandem.ingest._source import Source, decode_error

if TYPE_CHECKING:
    import pyarrow as pa

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
        for _form in (_word.rstrip(".。"), _word.rstrip(".。") + "."):
            _EXACT.setdefault(_form, _kind)  # with and without a final full stop
_FOLDED: dict[str, MessageKind] = {w.casefold().rstrip(".。"): k for w, k in _EXACT.items()}
"""The placeholders by lower case without a final full stop (sources and exports differ in both)."""
_PREFIXES: tuple[tuple[tuple[str, ...], MessageKind], ...] = (
    (tuple(_K["attachment_prefix"]), MessageKind.MEDIA),
    (tuple(_K["location_prefix"]), MessageKind.LOCATION),
    (tuple(_K["poll_prefix"]), MessageKind.POLL),
    (tuple(_K["call_prefix"]), MessageKind.CALL),
)
_ALL_PREFIXES = tuple(p for group, _ in _PREFIXES for p in group)
_SUFFIXES = tuple(_K["attachment_suffix"]) + tuple(_K["omitted_suffix"])
_EDIT_MARKS = tuple(FORMAT["edited"]["marks"])
_SYSTEM_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in FORMAT["system"]["phrases"]) + r")\b", re.I
)
_NO_MARKS = {ord(ch): None for ch in _MARKS}
_SLOW_FIRST = frozenset("<" + _MARKS)
_SLOW_LAST = frozenset(">)")
_PREFIX_FIRSTS = frozenset(p[0] for p in _ALL_PREFIXES)
_SUFFIX_LASTS = frozenset(p[-1] for p in _SUFFIXES)


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
    kind = _EXACT.get(core) or _FOLDED.get(core.casefold().rstrip(".。"))
    if kind is not None:
        return core, kind, edited
    marked = body[:1] in _MARKS and body[:1] != ""
    if core.startswith(_ALL_PREFIXES):
        for prefixes, prefixed_kind in _PREFIXES:
            # A call line is only trusted with the mark iOS puts before it ("Video call
            # tonight?" typed by someone stays text).
            if core.startswith(prefixes) and (marked or prefixed_kind is not MessageKind.CALL):
                return core, prefixed_kind, edited
    if core.endswith(_SUFFIXES) or core.partition("\n")[0].endswith(_SUFFIXES):
        return core, MessageKind.MEDIA, edited  # an attachment, perhaps with a caption below
    if ios and marked:
        return core, MessageKind.SYSTEM, edited
    return body, MessageKind.TEXT, edited


def _is_system_text(text: str) -> bool:
    """Whether ``text`` reads like a WhatsApp system line (see ``[system]`` in the TOML)."""
    return _SYSTEM_PHRASES.search(text) is not None


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
    return _scan(source, dayfirst, partners, table=False).finish()


def parse_table(
    source: Source,
    *,
    dayfirst: bool | None = None,
    partners: tuple[str, str] | None = None,
) -> pa.Table:
    """Read a WhatsApp export straight into the message table, with no ``Message`` objects.

    The same scan, dates, kinds and partner rules as :func:`parse` (one loop serves both);
    only the last step differs: each message becomes one entry in each column. The result
    equals ``to_table(parse(source, ...))``.

    Raises
    ------
    ParseError, AmbiguousDateOrder, TooManySenders, InvalidChoice
        Exactly as :func:`parse`.
    """
    from tandem.ingest._whatsapp_halves import parse_table_in_halves

    scanner, ios = _scanner(source)
    halves = parse_table_in_halves(source, scanner, ios, dayfirst=dayfirst, partners=partners)
    if halves is not None:
        return halves
    return _scan(source, dayfirst, partners, table=True, scanner=(scanner, ios)).finish_table()


def _scanner(source: Source) -> tuple[re.Pattern[str], bool]:
    """The header scanner for this export, and whether it is an iOS one."""
    head = source.head()
    pattern = sniff(head)
    if pattern is None:
        raise ParseError("no WhatsApp message header on the first line", where=source.name)
    ios = pattern is IOS
    return _specialise(head, pattern) or (_SCAN_IOS if ios else _SCAN_ANDROID), ios


def _scan(
    source: Source,
    dayfirst: bool | None,
    partners: tuple[str, str] | None,
    *,
    table: bool,
    scanner: tuple[re.Pattern[str], bool] | None = None,
) -> _Builder:
    """Scan the whole export into a builder of messages (or of table columns).

    ``scanner`` is :func:`_scanner`'s answer when the caller already has it.
    """
    pattern, ios = scanner if scanner is not None else _scanner(source)
    builder = _Builder(ios=ios, source=source, partners=partners, table=table)
    triples: dict[str, tuple[int, int, int]] = {}
    days: dict[str, date] = {}
    clock: dict[str, time] = {}
    pending: list[list[Any]] = []
    order: str | None = None
    with source.open_text() as handle:
        for parts in _chunks(handle, pattern, source):
            _read_stamps(parts, triples, clock, source)
            pending.append(parts)
            if order is None:
                order = _settled(triples.values(), dayfirst)
            if order is not None:
                # Build as soon as the order is known, so raw chunks do not pile up.
                for ready in pending:
                    _add_days(ready, days, triples, order, source, dayfirst)
                    builder.add(ready, days, clock)
                pending.clear()
    # Every date has been seen: this raises on ambiguity or contradiction.
    final = resolve_order(triples.values(), dayfirst=dayfirst, where=source.name)
    for ready in pending:
        _add_days(ready, days, triples, final, source, dayfirst)
        builder.add(ready, days, clock)
    return builder


def _read_stamps(
    parts: list[Any],
    triples: dict[str, tuple[int, int, int]],
    clock: dict[str, time],
    source: Source,
) -> None:
    """Parse the chunk's new date texts into number fields and its new time texts into times."""
    for key in dict.fromkeys(parts[0::4]):
        if key not in triples:
            triples[key] = _triple(key)
    for key in dict.fromkeys(parts[1::4]):
        if key not in clock:
            clock[key] = _clock(key, source)


def _add_days(
    parts: list[Any],
    days: dict[str, date],
    triples: dict[str, tuple[int, int, int]],
    order: str,
    source: Source,
    dayfirst: bool | None,
) -> None:
    """Turn the chunk's new date texts into dates, in the order settled so far."""
    for key in dict.fromkeys(parts[0::4]):
        if key not in days:
            try:
                days[key] = _day(key, triples[key], order, source)
            except ParseError:
                # Dates that disagree on the order explain an "impossible" date better.
                resolve_order(triples.values(), dayfirst=dayfirst, where=source.name)
                raise


def _settled(triples: Iterable[tuple[int, int, int]], dayfirst: bool | None) -> str | None:
    """The date order as far as the dates seen so far (or the user) settle it, else ``None``."""
    day_first = month_first = short = False
    for a, b, _ in triples:
        if a > 31:
            continue
        short = True
        if a > 12:
            day_first = True
        elif b > 12:
            month_first = True
    if day_first and month_first:
        return None  # contradiction: reported once the whole file is read
    if day_first:
        return DMY
    if month_first:
        return MDY
    if not short:
        return YMD
    if dayfirst is not None:
        return DMY if dayfirst else MDY
    return None


_SCAN_CHUNK = 1 << 20
"""Characters read per step; the scan holds about this much text at a time."""


def _ungroup(piece: str) -> str:
    return re.sub(r"\((?!\?)", "(?:", piece).replace("[ ]", _SP)


def _compile_scan(open_: str, close: str) -> re.Pattern[str]:
    """The header as the scanner sees it: after a newline, with date, time and sender captured.

    Starting with a literal newline lets the regex engine jump between line starts instead of
    trying every character. The sender is everything up to the first ``": "`` on the line.
    """
    h = FORMAT["header"]
    date = _ungroup(h["date"])
    between = _ungroup(h["between"])
    time = _ungroup(f"(?:{_AP}{_SP}?)?{h['time']}(?:{_SP}?{_AP})?")
    sender = "(?:([^:\n]*(?::(?! )[^:\n]*)*): )?"
    return re.compile(f"\n[{_MARKS}]*{open_}({date}){between}({time}){_ungroup(close)}{sender}")


_SCAN_ANDROID = _compile_scan("", FORMAT["header"]["android_tail"])
_SCAN_IOS = _compile_scan(FORMAT["header"]["ios_open"], FORMAT["header"]["ios_close"])
_DIGITS = re.compile(r"\d+")
_TIME_PARTS = re.compile(
    f"^(?:({_AP}){_SP}?)?" + r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?" + f"(?:{_SP}?({_AP}))?$"
)


def _generalise(text: str, clock_word: str | None) -> str:
    """A regex for header text shaped like ``text``: any digits, the same separators."""
    if clock_word is not None and clock_word in text:
        before, _, after = text.partition(clock_word)
        return _generalise(before, None) + _AP + _generalise(after, None)
    out = []
    for piece in re.findall(r"\d+|[ \u202f\u00a0]|[^\d \u202f\u00a0]+", text):
        if piece.isdigit():
            out.append(r"\d{1,4}")
        elif piece in " \u202f\u00a0":
            out.append(_SP)
        else:
            out.append(re.escape(piece))
    return "".join(out)


_SPECIALISED: dict[str, re.Pattern[str]] = {}


def _specialise(head: str, pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A scanner cut to the header shape of this file, about twice as fast as the general one.

    The shape (separators, clock words or not, seconds or not) is taken from the first header;
    the scanner is used only if it finds exactly the headers the general one finds in the first
    64 KB, so an unusual file falls back to the general scanner.
    """
    first = next((line for line in head.splitlines() if line.strip()), "")
    m = pattern.match(first)
    if m is None:
        return None
    date_end = m.end(4) + (1 if first[m.end(4) : m.end(4) + 1] == "." else 0)
    time_start = m.start(5) if m.group(5) else m.start(6)
    time_end = m.end(9) if m.group(9) else (m.end(8) if m.group(8) else m.end(7))
    word = m.group(5) or m.group(9)
    opening = _generalise(first[: m.start(2)].lstrip(_MARKS), None)
    day = _generalise(first[m.start(2) : date_end], None)
    between = _generalise(first[date_end:time_start], None)
    clock = _generalise(first[time_start:time_end], word)
    closing = _generalise(first[time_end : m.start(10)], None)
    sender = "(?:([^:\\n]*(?::(?! )[^:\\n]*)*): )?"
    shape = f"\\n[{_MARKS}]*{opening}({day}){between}({clock}){closing}{sender}"
    scanner = _SPECIALISED.get(shape)
    if scanner is None:
        try:
            scanner = re.compile(shape)
        except re.error:  # pragma: no cover - built from escaped pieces
            return None
        if len(_SPECIALISED) < 64:
            _SPECIALISED[shape] = scanner
    general = _SCAN_IOS if pattern is IOS else _SCAN_ANDROID
    sample = "\n" + head
    if scanner.split(sample) != general.split(sample):
        return None
    return scanner


def _chunks(
    handle: IO[str], scanner: re.Pattern[str], source: Source, *, last: bool = True
) -> Iterator[list[Any]]:
    """Split the text at every header, one chunk at a time, entirely inside the regex engine.

    ``last=False`` reads a first part of the file that ends just before a header: its final
    body is then kept as it is, since blank lines before that header belong to it.

    Yields
    ------
    list
        ``re.split`` output without its head: ``[date, time, sender, body, ...]`` (``sender``
        is ``None`` for system lines), complete messages only. The last message of a chunk is
        held back until the next chunk, whose first lines may continue its body.
    """
    split = scanner.split
    carry = "\n"
    read = handle.read
    held: list[Any] | None = None
    first = True
    while True:
        try:
            chunk = read(_SCAN_CHUNK)
        except UnicodeDecodeError as error:
            raise decode_error(source, error, None) from None
        if chunk:
            text = carry + chunk
            cut = text.rfind("\n")
            if cut <= 0:
                carry = text
                continue
            carry = text[cut:]
            text = text[:cut]
        else:
            text, carry = carry, ""
        parts: list[Any] = split(text)
        head = parts[0]
        if first:
            if head.strip():
                _before_first_header(source, head)
            first = len(parts) == 1
        elif head and held is not None:
            held[3] = f"{held[3]}{head}"
        if len(parts) > 1:
            if held is not None:
                parts[:1] = held
            else:
                del parts[0]
            held = parts[-4:]
            del parts[-4:]
            if parts:
                yield parts
        if not chunk:
            break
    if held is None:
        raise ParseError("no WhatsApp message found", where=source.name)
    if last:
        held[3] = held[3].rstrip("\n")
    yield held


def _before_first_header(source: Source, head: str) -> None:
    lead = len(head) - len(head.lstrip())
    line = head.count("\n", 0, lead)
    raise ParseError(
        "expected a WhatsApp message header (date, time, name)",
        where=f"{source.name}, line {max(line, 1)}",
    )


def _triple(date_text: str) -> tuple[int, int, int]:
    a, b, c = (int(x) for x in _DIGITS.findall(date_text)[:3])
    return (a, b, c)


def _line_of(source: Source, needle: str) -> str:
    """``"<file>, line N"`` of the first line containing ``needle`` (error path only)."""
    with source.open_text() as handle:
        for number, line in enumerate(handle, start=1):
            if needle in line:
                return f"{source.name}, line {number}"
    return source.name  # pragma: no cover - the text came from this file


def _day(key: str, triple: tuple[int, int, int], order: str, source: Source) -> date:
    a, b, c = triple
    if a > 31 or order == YMD:
        year, month, day = a, b, c
    elif order == DMY:
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    try:
        return date(full_year(year), month, day)
    except ValueError as error:
        raise ParseError(
            f"impossible date {key!r} ({error})", where=_line_of(source, key)
        ) from None


def _clock(key: str, source: Source) -> time:
    m = _TIME_PARTS.match(key)
    if m is None:  # pragma: no cover - the scanner matched the same shape
        raise ParseError(f"unreadable time {key!r}", where=_line_of(source, key))
    word = m.group(1) or m.group(5)
    hour, minute = int(m.group(2)), int(m.group(3))
    second = int(m.group(4)) if m.group(4) else 0
    if word is not None:
        if not 1 <= hour <= 12:
            raise ParseError(f"hour {hour} on a 12-hour clock", where=_line_of(source, key))
        hour = hour % 12 + (12 if PM.get(_clock_key(word)) else 0)
    try:
        return time(hour, minute, second)
    except ValueError as error:
        where = _line_of(source, key)
        raise ParseError(f"impossible time {key!r} ({error})", where=where) from None


def _clean_name(raw: str) -> str | None:
    """The display name, or ``None`` when the "name" is really a system line with a colon."""
    if '"' in raw or "\u201c" in raw or _is_system_text(raw):
        return None
    return re.sub(f"{_SP}+", " ", raw.strip(_STRIP))


_UNSEEN = object()


def _label_new(sender: str, seen: list[str], partners: tuple[str, str] | None) -> Partner | None:
    """Label of a sender seen for the first time: A, then B, then nobody (or as ``partners``)."""
    seen.append(sender)
    if partners is not None:
        return Partner.A if sender == partners[0] else Partner.B if sender == partners[1] else None
    return (Partner.A, Partner.B)[len(seen) - 1] if len(seen) <= 2 else None


class _Builder:
    """Classifies bodies and builds messages chunk by chunk, labelling partners as they appear.

    :meth:`add` is the innermost loop of the fastest path in Tandem; it trades a little
    repetition for speed (local names, inlined message construction, the previous timestamp
    reused when the header text repeats). With ``table=True`` the same loop appends each
    message's sender, partner, kind and text to lists instead, and :class:`_Columns` turns the
    chunk into Arrow arrays at once, so the Python strings of a chunk do not outlive it.
    """

    def __init__(
        self,
        *,
        ios: bool,
        source: Source,
        partners: tuple[str, str] | None,
        table: bool = False,
    ) -> None:
        self.ios = ios
        self.source = source
        self.partners = partners
        self.names: dict[str | None, str | None] = {None: None}
        self.label: dict[str, Partner | None] = {}
        self.seen: list[str] = []
        self.messages: list[Message] = []
        self.title: str | None = None
        self.last: tuple[str, str, Any] = ("", "", datetime.min)
        self.table = table
        self.columns: Any = None  # the Arrow columns, made by the first table chunk

    def add(self, parts: list[Any], days: dict[str, date] | None, clock: dict[str, time]) -> None:
        """Build the messages of one chunk (``[date, time, sender, body, ...]``).

        ``days`` is ``None`` when the day/month order is settled only later (a table read in
        halves): the day column then keeps each date's text, to be turned into ISO dates by
        :meth:`_Columns.settle_days`.
        """
        if self.table:
            self._add_columns(parts, days, clock)
            return
        assert days is not None, "messages need their dates settled"
        names = self.names
        names_get = names.get
        label = self.label
        label_get = label.get
        unseen: Any = _UNSEEN
        seen = self.seen
        partners = self.partners
        ios = self.ios
        append = self.messages.append
        title = self.title
        platform = Platform.WHATSAPP
        text_kind = MessageKind.TEXT
        system = MessageKind.SYSTEM
        exact_get = _EXACT.get
        slow_first, slow_last = _SLOW_FIRST, _SLOW_LAST
        prefixes, suffixes = _ALL_PREFIXES, _SUFFIXES
        prefix_firsts, suffix_lasts = _PREFIX_FIRSTS, _SUFFIX_LASTS
        combine = datetime.combine
        slots = MESSAGE_SLOTS
        new = object.__new__
        make = make_message
        if slots is not None:
            s0, s1, s2, s3, s4, s5, s6, s7, s8 = slots
        last_dk, last_tk, at = self.last
        it = iter(parts)
        for dk, tk, raw_sender, body in zip(it, it, it, it, strict=True):
            if dk != last_dk or tk != last_tk:
                at = combine(days[dk], clock[tk])
                last_dk, last_tk = dk, tk
            sender = names_get(raw_sender, unseen)
            if sender is unseen:
                sender = names[raw_sender] = _clean_name(raw_sender)
            edited = False
            if sender is None:  # a system line (no name, or a "name" that is not one)
                body = _system_text(raw_sender, body)
                sender = ""
                kind = system
                partner = None
            else:
                kind = exact_get(body, text_kind)
                if kind is text_kind:
                    first = body[:1]
                    last = body[-1:]
                    if (
                        first in slow_first
                        or last in slow_last
                        or (first in prefix_firsts and body.startswith(prefixes))
                        or (last in suffix_lasts and body.endswith(suffixes))
                        or ")\n" in body
                    ):
                        body, kind, edited = _classify(body, ios=ios)
                if kind is system:
                    title = sender if title is None else title
                    sender = ""
                    partner = None
                else:
                    partner = label_get(sender, unseen)
                    if partner is unseen:
                        partner = label[sender] = _label_new(sender, seen, partners)
            if slots is None:
                append(make(sender, partner, at, body, kind, platform, edited, None, None))
                continue
            m = new(Message)
            s0(m, sender)
            s1(m, partner)
            s2(m, at)
            s3(m, body)
            s4(m, kind)
            s5(m, platform)
            s6(m, edited)
            s7(m, None)
            s8(m, None)
            append(m)
        self.last = (last_dk, last_tk, at)
        self.title = title

    def _add_columns(
        self, parts: list[Any], days: dict[str, date] | None, clock: dict[str, time]
    ) -> None:
        """:meth:`add` for the table: the same rules, applied to a whole chunk at once.

        The common case (a named sender, a body that is plain text) needs no Python per
        message: names are cleaned once per distinct name, and which bodies might be a
        placeholder, an attachment, a call or an edit is decided by :func:`_maybe_special` in
        Arrow with the same tests as the loop of :meth:`add`. Only those rows and system lines
        go through the loop's per-message code (:func:`_system_text`, :func:`_classify`).
        """
        import pyarrow.compute as pc

        from tandem.ingest._whatsapp_columns import (
            _booleans,
            _Columns,
            _maybe_special,
            _strings,
            _text_mask,
        )

        if self.columns is None:
            self.columns = _Columns()
        raws = parts[2::4]
        bodies = parts[3::4]
        names = self.names
        for raw in dict.fromkeys(raws):
            if raw not in names:
                names[raw] = _clean_name(raw)
        senders: list[str | None] = list(map(names.__getitem__, raws))  # None: system line
        kinds: list[MessageKind] = list(map(_EXACT.get, bodies, repeat(MessageKind.TEXT)))
        texts = _strings(bodies)
        maybe = _maybe_special(texts)
        special = sorted(
            {
                *compress(count(), map(is_, senders, repeat(None))),
                *compress(count(), maybe & _text_mask(kinds)),
            }
        )
        new_bodies: list[str] = []
        system = MessageKind.SYSTEM
        for i in special:
            sender, body = senders[i], bodies[i]
            if sender is None:
                body, kind = _system_text(raws[i], body), system
            else:
                body, kind, _ = _classify(body, ios=self.ios)
                if kind is system:
                    self.title = sender if self.title is None else self.title
                    senders[i] = None
            kinds[i] = kind
            new_bodies.append(body)
        if special:
            mask = bytearray(len(bodies))
            for i in special:
                mask[i] = 1
            texts = pc.replace_with_mask(texts, _booleans(mask), _strings(new_bodies))
        label, seen, partners = self.label, self.seen, self.partners
        for sender in dict.fromkeys(senders):
            if sender is not None and sender not in label:
                label[sender] = _label_new(sender, seen, partners)
        columns = self.columns
        columns.add(col.SENDER, senders, lambda name: name or "")
        if days is None:
            columns.add(_Columns.DAY, parts[0::4], str)
        else:
            known = days
            columns.add(_Columns.DAY, parts[0::4], lambda key: known[key].isoformat())
        columns.add(_Columns.CLOCK, parts[1::4], lambda key: "T" + clock[key].isoformat())
        columns.add(col.KIND, kinds, _kind_text)
        columns.texts.append(texts)

    def finish(self) -> Conversation:
        """The conversation, once every chunk was added."""
        source = self.source
        couple = choose_partners(self.seen, self.partners, where=source.name)
        title = self.title if self.title is not None else _title_from_name(source.inner_name)
        return Conversation(
            messages=tuple(self.messages),
            partners=couple,
            platform=Platform.WHATSAPP,
            source=source.name,
            title=title,
        )

    def finish_table(self) -> pa.Table:
        """The message table, once every chunk was added (same checks as :meth:`finish`)."""
        choose_partners(self.seen, self.partners, where=self.source.name)
        return self.columns.table(self.partner_text)

    def partner_text(self, name: str | None) -> str:
        """The partner column's text for a cleaned sender name (``None``: a system line)."""
        return _partner_text(self.label.get(name)) if name is not None else ""


def _system_text(raw_sender: str | None, body: str) -> str:
    """The text of a system line (a "name" that is not one is part of the text)."""
    text = body if raw_sender is None else f"{raw_sender}: {body}"
    return text.strip(_MARKS)


def _partner_text(partner: Partner | None) -> str:
    return partner.value if partner is not None else ""


def _kind_text(kind: MessageKind | Platform) -> str:
    return kind.value


_TITLE = re.compile(
    r"^WhatsApp (?:Chat with|Chat -|Chat mit|Chat con|Chat avec|Conversa com) (.+)$"
)


def _title_from_name(name: str) -> str | None:
    stem = name.rsplit(".", 1)[0]
    m = _TITLE.match(stem)
    return m.group(1).strip() if m else None
