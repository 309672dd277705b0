"""The Arrow half of the WhatsApp table path, imported only when a table is built.

``tandem parse`` without ``--to``, and every command that only needs the messages, read a
WhatsApp export without loading PyArrow and NumPy (about 0.2 s).
"""

from __future__ import annotations

import array
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tandem.domain import MessageKind, Platform
from tandem.ingest import columns as col
from tandem.ingest.whatsapp import _ALL_PREFIXES, _SLOW_FIRST, _SLOW_LAST, _SUFFIXES


def _re2_literal(text: str) -> str:
    return "".join(ch if ch.isalnum() else f"\\x{{{ord(ch):x}}}" for ch in text)


def _alternatives(pieces: Iterable[str]) -> str:
    return "|".join(_re2_literal(piece) for piece in pieces)


_MAYBE_SPECIAL = (
    f"^(?:{_alternatives(sorted(_SLOW_FIRST))}|{_alternatives(_ALL_PREFIXES)})"
    f"|(?:{_alternatives(sorted(_SLOW_LAST))}|{_alternatives(_SUFFIXES)})\\z"
    r"|\x29\n"
)
"""One RE2 pattern for the loop's quick test: ``<`` or a mark first, ``>`` or ``)`` last, a
known prefix or suffix, or ``")\\n"`` inside."""


def _maybe_special(texts: pa.Array) -> Any:
    """Which bodies the loop of :meth:`_Builder.add` would hand to :func:`_classify`.

    The same quick test on the same constants, run by Arrow over a whole chunk in one regex
    pass (:data:`_MAYBE_SPECIAL`). Returns a NumPy bool array.
    """
    # Bodies are never null, so the bytes of the cast are the whole answer. Arrow's own
    # ``to_numpy`` would import pandas (0.2 s) to do the same.
    hit = pc.match_substring_regex(texts, _MAYBE_SPECIAL).cast(pa.uint8())
    return np.frombuffer(hit.buffers()[1], np.uint8, len(hit), hit.offset).view(bool)


def _text_mask(kinds: list[MessageKind]) -> Any:
    return np.fromiter(map(MessageKind.TEXT.__eq__, kinds), dtype=bool, count=len(kinds))


def _booleans(mask: bytearray) -> pa.Array:
    return pa.Array.from_buffers(pa.uint8(), len(mask), [None, pa.py_buffer(mask)]).cast(pa.bool_())


def _strings(values: list[str]) -> pa.Array:
    """A string array, built without ``pa.array`` where Arrow allows.

    ``pa.array`` imports pandas on its first call when pandas is installed (about 0.2 s).
    """
    if _STRING_BUILDER is None:  # pragma: no cover - every pyarrow we test with has it
        return pa.array(values, pa.string())
    builder = _STRING_BUILDER()
    builder.append_values(values)
    return builder.finish()


_STRING_BUILDER: Any = getattr(pa.lib, "StringBuilder", None)


class _Columns:
    """The message table, chunk by chunk, as Arrow arrays.

    Columns with few distinct values (sender, partner, kind, platform, and the date and time
    halves of the timestamp) are kept as 32-bit codes into a list of their distinct texts and
    decoded once at the end inside Arrow; the text column is built chunk by chunk. The
    timestamp is the date's ISO text joined to the time's (``"2024-03-01" + "T09:30:00"``),
    exactly what ``datetime.isoformat`` writes for these second-precision times.
    """

    DAY = "day"
    CLOCK = "clock"

    def __init__(self) -> None:
        self.codes: dict[str, dict[Any, int]] = {}
        self.values: dict[str, list[str]] = {}
        self.chunks: dict[str, list[pa.Array]] = {}
        self.texts: list[pa.Array] = []

    def add(self, name: str, items: Iterable[Any], text: Callable[[Any], str]) -> None:
        """Append one chunk of column ``name``; ``text`` gives a new distinct item's text."""
        codes = self.codes.setdefault(name, {})
        values = self.values.setdefault(name, [])
        items = items if isinstance(items, list) else list(items)
        for item in dict.fromkeys(items):
            if item not in codes:
                codes[item] = len(values)
                values.append(text(item))
        numbers = array.array("i", map(codes.__getitem__, items))
        buffer = pa.py_buffer(numbers)
        self.chunks.setdefault(name, []).append(
            pa.Array.from_buffers(pa.int32(), len(numbers), [None, buffer])
        )

    def settle_days(self, iso_day: Callable[[str], str]) -> None:
        """Replace the day column's date texts by their ISO dates, once the order is known.

        Used when the column was built with the dates kept as text (a file read in halves,
        where neither half alone may settle the day/month order).
        """
        self.values[self.DAY] = [iso_day(key) for key in self.values[self.DAY]]

    def _decoded(self, name: str) -> pa.ChunkedArray:
        codes = pa.chunked_array(self.chunks[name], pa.int32())
        return pc.take(_strings(self.values[name]), codes)

    def table(self, partner_of: Callable[[str | None], str]) -> pa.Table:
        """Every column, decoded, in :data:`~tandem.ingest.columns.COLUMNS` order.

        ``partner_of`` gives a sender's partner label (final once the whole file is read), so
        the partner column is the sender codes decoded through it.
        """
        senders = pa.chunked_array(self.chunks[col.SENDER], pa.int32())
        partners = _strings([partner_of(name) for name in self.codes[col.SENDER]])
        rows = len(senders)
        zeros = pa.Array.from_buffers(pa.int32(), rows, [None, pa.py_buffer(bytes(4 * rows))])
        # The separator as an Arrow scalar: a Python "" would go through pa.scalar, which
        # imports pandas (0.2 s).
        nothing = _strings([""])[0]
        stamp = pc.binary_join_element_wise(
            self._decoded(self.DAY), self._decoded(self.CLOCK), nothing
        )
        data = {
            col.SENDER: self._decoded(col.SENDER),
            col.PARTNER: pc.take(partners, senders),
            col.TIMESTAMP: stamp,
            col.KIND: self._decoded(col.KIND),
            col.TEXT: pa.chunked_array(self.texts, pa.string()),
            col.PLATFORM: pc.take(_strings([Platform.WHATSAPP.value]), zeros),
        }
        return pa.Table.from_arrays([data[name] for name in col.COLUMNS], names=list(col.COLUMNS))
