"""Timing signals: unanswered bursts, reply latency, reply length, and a timing-only baseline.

Definitions (every number in a report is one of these):

* **turn** — a run of consecutive messages by the same partner.
* **unanswered burst** — a turn of at least :data:`BURST_MIN_MESSAGES` messages whose first and
  last message are at least :data:`BURST_MIN_MINUTES` minutes apart: the sender kept writing
  while no reply came. A burst that also contains a demand marker (``??``, ``hello?``,
  ``answer me``, ``why aren't you replying``...) after its first message is **pressure**; the
  marker message gets the ``pressure`` code with the timing fact as evidence, e.g.
  ``"4 messages in 12 minutes with no reply: 'hello??'"``.
* **reply latency** — time from the last message of one partner's turn to the first message of
  the other's next turn, credited to the one replying. Gaps that end a session are left out:
  longer than 6 hours, or spanning 04:00 local time (someone slept).
* **turn length** — characters in a turn (all its messages together); the asymmetry is the
  ratio of the two partners' medians.

The **timing-only baseline** calls the partner with more unanswered bursts per turn (ties
broken by faster replies) the pursuer and the other the distancer. It reads nothing of what
was said, which is why it is a baseline: double-texting good news looks like pursuit to it.

Examples
--------
>>> DEMAND_MARKER.search("hello??") is not None
True
>>> DEMAND_MARKER.search("see you at 8") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from tandem.analysis._arrays import (
    COL,
    MessageArrays,
    is_break,
    rows_matching,
    snippet,
    turn_starts,
)
from tandem.domain import Code, Role

BURST_MIN_MESSAGES = 3
"""Messages in a row, with no reply, that make a burst."""
BURST_MIN_MINUTES = 5.0
"""Minimum span of a burst, so one thought split over three lines is not a burst."""

DEMAND_MARKER = re.compile(
    r"\?\s*\?|\?!|!\?"
    r"|\b(?:answer|reply|respond|text|call|talk to)\s+(?:me|back)\b"
    r"|\bhel+o+\s*\?|\bhel{2,}o{2,}\b"
    r"|\b(?:are|r)\s+(?:you|u)\s+(?:there|ignoring\s+me|even\s+reading)\b"
    r"|\bwhy\s+(?:aren'?t|are\s+not|arent|won'?t|don'?t|r\s?n'?t)\s+(?:you|u)\s+"
    r"(?:answer|reply|respond|talk|pick)"
    r"|\bignoring\s+me\b|\bpick\s+up\b|\bstop\s+ignoring\b",
)
"""Words and punctuation that demand an answer (written for lower-cased text)."""
_DEMAND_ANCHORS = (
    "?",
    "answer",
    "reply",
    "respond",
    "text",
    "call",
    "talk",
    "hel",
    "pick",
    "ignor",
    "there",
    "reading",
)
"""Every demand marker contains one of these."""


@dataclass(frozen=True, slots=True)
class Burst:
    """Several messages in a row by one partner with no reply."""

    partner: int
    """0 for A, 1 for B."""
    first: int
    """Row of its first message (in :class:`MessageArrays`)."""
    last: int
    """Row of its last message."""
    n_messages: int
    """How many messages."""
    minutes: float
    """Minutes from the first to the last message."""
    demand: str | None
    """The demand marker message, when there is one (then the burst counts as pressure)."""

    @property
    def evidence(self) -> str:
        """The timing fact in plain words."""
        base = f"{self.n_messages} messages in {self.minutes:.0f} minutes with no reply"
        return f"{base}: '{self.demand}'" if self.demand else base


@dataclass(frozen=True)
class TimingSignals:
    """Timing facts for both partners (index 0 is A, 1 is B)."""

    bursts: tuple[Burst, ...]
    """Every unanswered burst, in order."""
    pressure_rows: dict[int, str]
    """Rows that get a timing ``pressure`` code, with the evidence."""
    median_latency_min: tuple[float | None, float | None]
    """Median reply latency per partner in minutes (session breaks left out)."""
    n_latencies: tuple[int, int]
    """How many replies each median is based on."""
    median_turn_chars: tuple[float | None, float | None]
    """Median characters per turn, per partner."""
    n_turns: tuple[int, int]
    """Turns per partner."""
    turn_start: np.ndarray
    """``ndarray of shape (n_turns,)``: row where each turn starts."""

    def bursts_of(self, partner: int) -> tuple[Burst, ...]:
        """Bursts by ``partner``."""
        return tuple(b for b in self.bursts if b.partner == partner)

    @property
    def length_ratio(self) -> float | None:
        """Median turn length of A over B (``None`` when either is unknown or zero)."""
        a, b = self.median_turn_chars
        if a is None or b is None or b == 0:
            return None
        return a / b


def timing_signals(arr: MessageArrays) -> TimingSignals:
    """Compute the timing signals of a conversation.

    Parameters
    ----------
    arr : MessageArrays
        The partner messages.

    Returns
    -------
    TimingSignals
        Bursts, latency, turn lengths.

    Examples
    --------
    >>> from tandem.analysis._arrays import to_arrays
    >>> timing_signals(to_arrays(())).bursts
    ()
    """
    n = arr.n
    starts = turn_starts(arr.who)
    if n == 0:
        return TimingSignals((), {}, (None, None), (0, 0), (None, None), (0, 0), starts)
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:] - 1
    ends[-1] = n - 1
    t_who = arr.who[starts]
    counts = ends - starts + 1
    span_min = (arr.t[ends] - arr.t[starts]) / 60.0

    # Bursts: only the few candidate turns are visited in Python.
    with np.errstate(invalid="ignore"):
        cand = np.flatnonzero((counts >= BURST_MIN_MESSAGES) & (span_min >= BURST_MIN_MINUTES))
    bursts: list[Burst] = []
    pressure_rows: dict[int, str] = {}
    after_first = [r for k in cand.tolist() for r in range(int(starts[k]) + 1, int(ends[k]) + 1)]
    short = [t[:2000] for t in arr.texts] if after_first else []
    demanding = rows_matching(short, DEMAND_MARKER, _DEMAND_ANCHORS, after_first)
    for k in cand.tolist():
        s, e = int(starts[k]), int(ends[k])
        marker_rows = [r for r in range(s + 1, e + 1) if r in demanding]
        demand = snippet(arr.texts[marker_rows[-1]], 60) if marker_rows else None
        burst = Burst(int(t_who[k]), s, e, int(counts[k]), float(span_min[k]), demand)
        bursts.append(burst)
        for r in marker_rows:
            pressure_rows[r] = burst.evidence

    # Latency: first message of a turn minus last message of the previous turn.
    lat_min: list[float | None] = [None, None]
    n_lat = [0, 0]
    if starts.shape[0] > 1:
        t_prev = arr.t[ends[:-1]]
        t_next = arr.t[starts[1:]]
        gap = (t_next - t_prev) / 60.0
        ok = ~np.isnan(gap) & ~is_break(t_prev, t_next) & (gap >= 0)
        replier = t_who[1:]
        for p in (0, 1):
            sel = gap[ok & (replier == p)]
            n_lat[p] = int(sel.shape[0])
            lat_min[p] = float(np.median(sel)) if sel.shape[0] else None

    chars = np.add.reduceat(arr.length, starts)
    med_chars: list[float | None] = [None, None]
    n_turns = [0, 0]
    for p in (0, 1):
        sel = chars[t_who == p]
        n_turns[p] = int(sel.shape[0])
        med_chars[p] = float(np.median(sel)) if sel.shape[0] else None
    return TimingSignals(
        bursts=tuple(bursts),
        pressure_rows=pressure_rows,
        median_latency_min=(lat_min[0], lat_min[1]),
        n_latencies=(n_lat[0], n_lat[1]),
        median_turn_chars=(med_chars[0], med_chars[1]),
        n_turns=(n_turns[0], n_turns[1]),
        turn_start=starts,
    )


def add_timing_pressure(arr: MessageArrays, signals: TimingSignals) -> MessageArrays:
    """A copy of ``arr`` where demand markers inside unanswered bursts carry ``pressure``."""
    if not signals.pressure_rows:
        return arr
    codes = arr.codes.copy()
    rows = np.fromiter(signals.pressure_rows, dtype=np.int64)
    codes[rows, COL[Code.PRESSURE]] = True
    codes[rows, COL[Code.NEUTRAL]] = False
    return MessageArrays(arr.who, arr.t, arr.length, codes, arr.index, arr.texts, arr.times)


@dataclass(frozen=True, slots=True)
class BaselineRoles:
    """What timing alone would say: the baseline the full analysis must beat."""

    roles: tuple[Role, Role]
    """Role of A and of B."""
    reason: str
    """Why, in plain words."""


def timing_baseline(signals: TimingSignals) -> BaselineRoles:
    """Roles from timing alone: more unanswered bursts (then faster replies) = pursuer.

    Examples
    --------
    >>> from tandem.analysis._arrays import to_arrays
    >>> timing_baseline(timing_signals(to_arrays(()))).roles
    (<Role.NEITHER: 'neither'>, <Role.NEITHER: 'neither'>)
    """
    rate = [
        len(signals.bursts_of(p)) / signals.n_turns[p] if signals.n_turns[p] else 0.0
        for p in (0, 1)
    ]
    if rate[0] != rate[1]:
        p = 0 if rate[0] > rate[1] else 1
        why = "more runs of unanswered messages per turn"
    else:
        la, lb = signals.median_latency_min
        if la is None or lb is None or la == lb:
            return BaselineRoles((Role.NEITHER, Role.NEITHER), "timing does not tell them apart")
        p = 0 if la < lb else 1
        why = "faster replies"
    roles = (Role.PURSUER, Role.DISTANCER) if p == 0 else (Role.DISTANCER, Role.PURSUER)
    return BaselineRoles(roles, why)
