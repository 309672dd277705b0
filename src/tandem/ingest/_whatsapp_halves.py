"""A large WhatsApp export read into its table on two cores, one half of the file each.

Only the table path (``tandem parse --to``, :func:`tandem.ingest.load_table`) uses this, and
only for a plain UTF-8 file of at least :data:`MIN_BYTES`, on Linux with two or more cores,
from a process that runs no other thread (forking a threaded process can leave a lock held in
the copy). The file is cut just before a message header near its middle. A forked copy of this
process scans the second half while this process scans the first, both keeping each date as
its text, because neither half alone may settle the day/month order. Then the order is settled
over every date of the file, partners are labelled in file order, and the two tables are
joined: the result equals the one-pass table, which the tests check on every fixture and on
generated exports cut at any header.

Any problem, in either half (an impossible date, bad bytes, too many senders, a child that
died), makes :func:`parse_table_in_halves` return ``None``; the caller then reads the whole
file in one pass, which reports the problem exactly as it always does (with its line number).
"""

from __future__ import annotations

import codecs
import io
import multiprocessing
import os
import pickle
import re
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import time
from multiprocessing.connection import Connection
from typing import IO, TYPE_CHECKING, Any

from tandem.errors import TandemError
from tandem.ingest._build import choose_partners
from tandem.ingest._dates import resolve_order
from tandem.ingest._source import Source
from tandem.ingest.whatsapp import (
    _Builder,
    _chunks,
    _day,
    _label_new,
    _read_stamps,
)

if TYPE_CHECKING:
    import pyarrow as pa

MIN_BYTES = 16 << 20
"""Files smaller than this are read in one pass: below about 16 MB (0.5 s of scanning) the fork
and the hand-over of the second half's columns cost more than the second core saves."""

_SEARCH_BYTES = 1 << 20
"""How far past the middle a header is looked for before giving up on cutting the file."""

_Half = tuple[_Builder, dict[str, tuple[int, int, int]]]
"""A scanned part of the file: its builder (dates kept as text) and its dates' number fields."""


def parse_table_in_halves(
    source: Source,
    scanner: re.Pattern[str],
    ios: bool,
    *,
    dayfirst: bool | None,
    partners: tuple[str, str] | None,
) -> pa.Table | None:
    """The message table read on two cores, or ``None`` when this file is read in one pass.

    ``None`` means: too small, inside a zip, UTF-16, one core, other threads running, not
    Linux, no header past the middle, or any problem while reading.
    """
    if not _worth_halving(source):
        return None
    cut = find_cut(source, scanner, os.path.getsize(source.path) // 2)
    if cut is None:
        return None
    return table_in_halves(source, scanner, ios, cut, dayfirst=dayfirst, partners=partners)


def _worth_halving(source: Source) -> bool:
    # Linux only: macOS lists "fork" too, but forking there after system libraries have
    # started is known to crash, and Windows has no fork at all.
    if source.member is not None or not sys.platform.startswith("linux"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cores or 1) < 2 or threading.active_count() > 1:
        return False
    if multiprocessing.current_process().daemon:  # a pool's worker may not start processes
        return False
    try:
        if os.path.getsize(source.path) < MIN_BYTES:
            return False
        with source.open_binary() as raw:
            start = raw.read(2)
    except OSError:
        return False
    return not start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def find_cut(source: Source, scanner: re.Pattern[str], after: int) -> int | None:
    """The byte offset of the first line break before a header at or past byte ``after``.

    The one-pass scan splits the text at every line break followed by a header, so the file
    may be cut there. A Windows break (CR LF) is cut before its CR, so the second half starts
    with the whole break. ``None`` when no header follows within :data:`_SEARCH_BYTES`.
    """
    start = max(after - 1, 0)
    base = max(start - 1, 0)  # one byte more, to see a "\r" just before the first line break
    with source.open_binary() as raw:
        raw.seek(base)
        window = raw.read(_SEARCH_BYTES + 1)
    newline = window.find(b"\n", start - base)
    if newline < 0:
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(window[newline:], final=False)
    except UnicodeDecodeError:
        return None
    found = scanner.search(text)  # the scanner's match starts with the line break
    if found is None:
        return None
    at = newline + len(text[: found.start()].encode("utf-8"))  # index in ``window``
    if at > 0 and window[at - 1 : at] == b"\r":
        at -= 1
    cut = base + at
    return cut if cut > 0 else None


def table_in_halves(
    source: Source,
    scanner: re.Pattern[str],
    ios: bool,
    cut: int,
    *,
    dayfirst: bool | None,
    partners: tuple[str, str] | None,
) -> pa.Table | None:
    """The table of the file read as bytes ``[0, cut)`` here and ``[cut, end)`` in a child.

    ``cut`` must be a value of :func:`find_cut`. ``None`` on any problem (see the module).
    """
    # Imported once here rather than in each process after the fork (0.2 s each).
    import tandem.ingest._whatsapp_columns  # noqa: F401

    context = multiprocessing.get_context("fork")
    for stream in (sys.stdout, sys.stderr):  # else the child would print their buffers again
        stream.flush()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_scan_second_half, args=(send, source, scanner, ios, partners, cut), daemon=True
    )
    try:
        child.start()
    except (OSError, AssertionError):  # out of processes, or a daemon's child after all
        receive.close()
        send.close()
        return None
    send.close()
    try:
        try:
            first = _scan_part(source, scanner, ios, partners, 0, cut)
        except TandemError:  # the one pass reports it, with its line
            return None
        try:
            second: _Half | None = receive.recv()
        except (EOFError, OSError, pickle.UnpicklingError):  # the child died or was cut off
            return None
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()
    if second is None:
        return None
    try:
        return _join(first, second, source, dayfirst=dayfirst, partners=partners)
    except TandemError:
        return None


def _scan_second_half(
    send: Connection,
    source: Source,
    scanner: re.Pattern[str],
    ios: bool,
    partners: tuple[str, str] | None,
    cut: int,
) -> None:
    """The child's work: scan from ``cut`` to the end and hand the result over (``None`` if not)."""
    try:
        half: _Half | None = _scan_part(source, scanner, ios, partners, cut, None)
    except BaseException:  # noqa: BLE001 - any failure means: read the file in one pass
        half = None
    try:
        send.send(half)
    finally:
        send.close()


def _scan_part(
    source: Source,
    scanner: re.Pattern[str],
    ios: bool,
    partners: tuple[str, str] | None,
    start: int,
    stop: int | None,
) -> _Half:
    """Scan bytes ``[start, stop)`` (``stop=None``: to the end), dates kept as text."""
    builder = _Builder(ios=ios, source=source, partners=partners, table=True)
    triples: dict[str, tuple[int, int, int]] = {}
    clock: dict[str, time] = {}
    with _open_part(source, start, stop) as handle:
        for parts in _chunks(handle, scanner, source, last=stop is None):
            _read_stamps(parts, triples, clock, source)
            builder.add(parts, None, clock)
    return builder, triples


class _Window(io.RawIOBase):
    """The bytes of an open file up to ``stop`` (the end when ``None``)."""

    def __init__(self, raw: io.BufferedReader, stop: int | None) -> None:
        super().__init__()
        self._raw = raw
        self._left = None if stop is None else stop - raw.tell()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._left is not None:
            view = view[: max(self._left, 0)]
        if not len(view):
            return 0
        count = self._raw.readinto(view)
        if self._left is not None:
            self._left -= count
        return count


@contextmanager
def _open_part(source: Source, start: int, stop: int | None) -> Iterator[IO[str]]:
    """Text of bytes ``[start, stop)`` of the file, decoded as :meth:`Source.open_text` does."""
    with source.path.open("rb") as raw:
        raw.seek(start)
        # The first part may start with a byte-order mark, the second starts at a line break.
        encoding = "utf-8-sig" if start == 0 else "utf-8"
        buffered = io.BufferedReader(_Window(raw, stop))
        with io.TextIOWrapper(buffered, encoding=encoding, errors="strict", newline=None) as text:
            yield text


def _join(
    first: _Half,
    second: _Half,
    source: Source,
    *,
    dayfirst: bool | None,
    partners: tuple[str, str] | None,
) -> pa.Table | None:
    """One table from the two halves, with the checks of the one-pass scan."""
    import pyarrow as pa

    builder, triples = first
    other, other_triples = second
    if builder.columns is None or other.columns is None:
        return None
    every = {**triples, **other_triples}
    order = resolve_order(every.values(), dayfirst=dayfirst, where=source.name)
    for half in (builder, other):
        half.columns.settle_days(lambda key: _day(key, every[key], order, source).isoformat())
    label, seen = builder.label, builder.seen
    for sender in other.seen:  # partners are labelled in the order they first wrote
        if sender not in label:
            label[sender] = _label_new(sender, seen, partners)
    choose_partners(seen, partners, where=source.name)
    # Decoding is Arrow work that releases the GIL, so the two halves decode side by side.
    # Both use the first half's labels, which now cover every sender of the file.
    with ThreadPoolExecutor(max_workers=2) as pool:
        tables = list(
            pool.map(lambda half: half.columns.table(builder.partner_text), (builder, other))
        )
    return pa.concat_tables(tables)
