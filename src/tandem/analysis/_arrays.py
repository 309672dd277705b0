"""Coded messages as flat NumPy arrays, so every analysis step is vectorised.

Only messages sent by one of the two partners are kept (system lines and outsiders are
dropped); ``index`` maps each row back to its position in the coded tuple.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from tandem.domain import CODES, SIDE_OF, Code, CodedMessage, Partner, Side

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

N_CODES = len(CODES)
PURSUE_COLS = np.array([i for i, c in enumerate(CODES) if SIDE_OF[c] is Side.PURSUE])
DISTANCE_COLS = np.array([i for i, c in enumerate(CODES) if SIDE_OF[c] is Side.DISTANCE])
CONSTRUCTIVE_COLS = np.array([i for i, c in enumerate(CODES) if SIDE_OF[c] is Side.CONSTRUCTIVE])
COL = {c: i for i, c in enumerate(CODES)}

_EPOCH = datetime(1970, 1, 1)
SESSION_BREAK_SECONDS = 6 * 3600.0
"""A gap longer than this ends a conversation session."""
NIGHT_BOUNDARY_SECONDS = 4 * 3600.0
"""A gap that spans 04:00 local time is overnight (someone slept)."""


@dataclass(frozen=True)
class MessageArrays:
    """The partner messages of a coded conversation, one row per message."""

    who: IntArray
    """``ndarray of shape (n,)``: 0 for partner A, 1 for partner B."""
    t: FloatArray
    """``ndarray of shape (n,)``: local wall-clock seconds since 1970, NaN when unknown."""
    length: IntArray
    """``ndarray of shape (n,)``: characters in the text."""
    codes: BoolArray
    """``ndarray of shape (n, n_codes)``: which codes each message carries."""
    index: IntArray
    """``ndarray of shape (n,)``: position of the message in the coded tuple."""
    texts: tuple[str, ...]
    """The texts, one per row."""
    times: tuple[datetime | None, ...]
    """The timestamps as given, one per row."""

    @property
    def n(self) -> int:
        """Number of partner messages."""
        return int(self.who.shape[0])

    @property
    def pursue(self) -> BoolArray:
        """Messages with at least one pursue-side code."""
        return np.asarray(self.codes[:, PURSUE_COLS].any(axis=1), dtype=bool)

    @property
    def distance(self) -> BoolArray:
        """Messages with at least one distance-side code."""
        return np.asarray(self.codes[:, DISTANCE_COLS].any(axis=1), dtype=bool)

    @property
    def constructive(self) -> BoolArray:
        """Messages with at least one constructive code."""
        return np.asarray(self.codes[:, CONSTRUCTIVE_COLS].any(axis=1), dtype=bool)

    def has(self, code: Code) -> BoolArray:
        """Messages carrying ``code``."""
        return self.codes[:, COL[code]]


def _wall_seconds(ts: datetime | None) -> float:
    if ts is None:
        return float("nan")
    if ts.tzinfo is not None:
        ts = ts.replace(tzinfo=None)
    return (ts - _EPOCH).total_seconds()


def to_arrays(coded: Sequence[CodedMessage]) -> MessageArrays:
    """Flatten ``coded`` into :class:`MessageArrays` (partner messages only).

    Examples
    --------
    >>> to_arrays(()).n
    0
    """
    rows: list[int] = []
    who: list[int] = []
    t: list[float] = []
    length: list[int] = []
    texts: list[str] = []
    times: list[datetime | None] = []
    code_rows: list[int] = []
    code_cols: list[int] = []
    for i, cm in enumerate(coded):
        m = cm.message
        if not m.is_from_partner:
            continue
        r = len(rows)
        rows.append(i)
        who.append(0 if m.partner is Partner.A else 1)
        t.append(_wall_seconds(m.timestamp))
        text = m.text if isinstance(m.text, str) else ""
        length.append(len(text))
        texts.append(text)
        times.append(m.timestamp)
        for a in cm.codes:
            code_rows.append(r)
            code_cols.append(COL[a.code])
    n = len(rows)
    codes = np.zeros((n, N_CODES), dtype=bool)
    if code_rows:
        codes[np.asarray(code_rows), np.asarray(code_cols)] = True
    return MessageArrays(
        who=np.asarray(who, dtype=np.int64),
        t=np.asarray(t, dtype=np.float64),
        length=np.asarray(length, dtype=np.int64),
        codes=codes,
        index=np.asarray(rows, dtype=np.int64),
        texts=tuple(texts),
        times=tuple(times),
    )


def turn_starts(who: IntArray) -> IntArray:
    """Row where each turn (a run of messages by one partner) starts.

    Examples
    --------
    >>> turn_starts(np.array([0, 0, 1, 0, 0, 0])).tolist()
    [0, 2, 3]
    """
    if who.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.empty(who.shape[0], dtype=bool)
    change[0] = True
    change[1:] = who[1:] != who[:-1]
    return np.flatnonzero(change).astype(np.int64)


def is_break(t_before: FloatArray, t_after: FloatArray) -> BoolArray:
    """Whether the gap between two times ends a session (over 6 h, or spans 04:00).

    Unknown times (NaN) never count as a break.

    Examples
    --------
    >>> h = 3600.0
    >>> is_break(np.array([22 * h, 23 * h, 10 * h]), np.array([23 * h, 32 * h, 11 * h])).tolist()
    [False, True, False]
    """
    gap = t_after - t_before
    day_before = np.floor((t_before - NIGHT_BOUNDARY_SECONDS) / 86400.0)
    day_after = np.floor((t_after - NIGHT_BOUNDARY_SECONDS) / 86400.0)
    with np.errstate(invalid="ignore"):
        out = (gap > SESSION_BREAK_SECONDS) | (day_after != day_before)
    result: BoolArray = out & ~np.isnan(gap)
    return result


def snippet(text: str, limit: int = 140) -> str:
    r"""``text`` on one line, cut to ``limit`` characters with an ellipsis.

    Examples
    --------
    >>> snippet("a\nb  c", 10)
    'a b c'
    >>> snippet("x" * 20, 5)
    'xxxx…'
    """
    flat = " ".join(text[: limit * 4].split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def rows_matching(
    texts: Sequence[str],
    rx: re.Pattern[str],
    anchors: Sequence[str],
    rows: Sequence[int] | None = None,
) -> dict[int, tuple[int, int]]:
    r"""Rows whose lower-cased text matches ``rx``, found fast through literal ``anchors``.

    ``rx`` is written for lower-case text (case-insensitive patterns are several times
    slower in Python's engine). Every match of ``rx`` must contain one of ``anchors`` as a
    substring: the anchors are found with ``str.find`` over all lower-cased texts joined (fast
    C scans), and ``rx`` runs only on the texts that hold one. This keeps a many-branch
    pattern cheap on 100,000 messages.

    Returns
    -------
    dict of int to (int, int)
        Row to the span of the first match in the lower-cased text (the same span in the
        original text unless lower-casing changed its length, as for a few letters like İ).

    Examples
    --------
    >>> rx = re.compile(r"\bhel+o+\?")
    >>> rows_matching(["ok", "HELLO?", "hello"], rx, ["hel"])
    {1: (0, 6)}
    """
    idx = list(range(len(texts))) if rows is None else list(rows)
    out: dict[int, tuple[int, int]] = {}
    # In chunks: the joined lower-cased copy of 200,000 texts with one emoji in them is four
    # bytes a character (tens of MB); a chunk at a time keeps it small, with the same result.
    for lo in range(0, len(idx), MATCH_CHUNK):
        out.update(_rows_matching(texts, rx, anchors, idx[lo : lo + MATCH_CHUNK]))
    return out


MATCH_CHUNK = 20_000
"""Texts joined and scanned at a time by :func:`rows_matching`."""


def _rows_matching(
    texts: Sequence[str], rx: re.Pattern[str], anchors: Sequence[str], idx: list[int]
) -> dict[int, tuple[int, int]]:
    lowered = [texts[r].lower() for r in idx]
    big = "\x00".join(lowered)
    ends = np.cumsum(np.fromiter((len(s) + 1 for s in lowered), dtype=np.int64, count=len(idx)))
    found: list[int] = []
    for anchor in anchors:
        pos = big.find(anchor)
        while pos != -1:
            found.append(pos)
            pos = big.find(anchor, pos + 1)
    if not found:
        return {}
    cand = np.unique(np.searchsorted(ends, np.asarray(found, dtype=np.int64), side="right"))
    out: dict[int, tuple[int, int]] = {}
    for c in cand.tolist():
        m = rx.search(lowered[c])
        if m is not None:
            out[idx[c]] = m.span()
    return out
