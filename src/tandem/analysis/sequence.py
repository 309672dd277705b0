"""Roles read from the order and timing of moves, not from code counts alone.

A pursuer is someone who keeps reaching when the reach is not met; a distancer is someone who
lets a reach go: leaves, goes quiet, answers hours later. Counting codes misses both when the
words are polite ("could we find some time to talk this week?", asked four days running) or
when the answers are a syllable hours later ("hm"). This module walks the conversation turn by
turn and counts, for each partner, what the sequence shows.

Turns
-----
A turn is a run of messages by one partner with no session break inside (a gap over 6 hours,
or one spanning 04:00, ends a session; :func:`~tandem.analysis._arrays.is_break`). A turn
**reaches** when it carries a pursue code (criticism, contempt, pressure, including the
pressure that unanswered bursts add) or is a **bid**: a request or vulnerability code, or a
question. A reach is **met** when the other partner answers within the session, in time, and
not by distancing.

Moves counted
-------------
Pursuit, for the partner who reaches:

* **pressed**: a turn with a pursue code;
* **chased**: a reach made again after the partner's previous reach (within
  :data:`CHASE_WINDOW_DAYS`) was not met, and every extra message of a turn sent at least
  :data:`FOLLOW_UP_MIN` minutes after the partner's own unanswered reach ("?", "hello").

Distance, for the partner who is reached:

* **left**: an answer with a withdrawal code (a withdrawal code outside an answer to a reach
  counts half: it is avoidance, but nobody was reaching);
* **defended**: an answer with defensiveness or dismissal and no pursue code, when it comes
  late or ends the exchange. Arguing back fast and staying in the exchange is not leaving, so it
  counts nothing here (it still shows in the code rates);
* **unanswered**: a reach the partner did not answer before the session ended;
* **late**: an answer that came at least :data:`LATE_FACTOR` times the couple's usual reply
  time after the reach (and at least :data:`LATE_MIN` minutes);
* **postponed**: a reach put off with a time-out ("maybe another time") that then had to be
  made again (half weight).

Examples
--------
>>> FOLLOW_UP_MIN, LATE_MIN, LATE_FACTOR, CHASE_WINDOW_DAYS
(30.0, 90.0, 3.0, 7.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tandem.analysis._arrays import COL, BoolArray, IntArray, MessageArrays, is_break
from tandem.domain import Code

FOLLOW_UP_MIN = 30.0
"""Minutes after one's own unanswered reach after which another message is a follow-up."""
LATE_MIN = 90.0
"""Fewest minutes for an answer to count as late."""
LATE_FACTOR = 3.0
"""An answer is late when it takes this many times the couple's median reply time."""
CHASE_WINDOW_DAYS = 7.0
"""A reach repeats an unmet one when it comes within this many days of it."""
FAST_REPLY_MIN = 10.0
"""A defensive answer within this many minutes, in an exchange that goes on, is staying."""
UNPROMPTED_WEIGHT = 0.5
"""Weight of a withdrawal code that answers no reach."""
POSTPONED_WEIGHT = 0.5
"""Weight of putting a reach off (a time-out) when the reach then has to be made again."""

_BID_COLS = np.array([COL[Code.REQUEST], COL[Code.VULNERABILITY]])
_DEFEND_COLS = np.array([COL[Code.DEFENSIVENESS], COL[Code.DISMISSAL]])
_MEETING_COLS = np.array([COL[c] for c in (Code.VALIDATION, Code.REPAIR, Code.RESPONSIBILITY)])


@dataclass(frozen=True, slots=True)
class SequenceMoves:
    """What the sequence shows for one partner (module doc gives the definitions)."""

    turns: int
    """Turns this partner took."""
    pressed: float
    """Turns with a pursue code."""
    chased: float
    """Reaches made again after an unmet reach, and follow-ups to one's own unanswered reach."""
    left: float
    """Answers with a withdrawal code (unprompted ones at half weight)."""
    defended: float
    """Defensive or dismissive answers that came late or ended the exchange."""
    unanswered: float
    """The other partner's reaches this partner left unanswered in the session."""
    late: float
    """The other partner's reaches this partner answered late."""
    postponed: float = 0.0
    """Reaches this partner put off (a time-out) that then had to be made again."""
    reaches_met: int = 0
    """This partner's reaches that were met."""
    reaches: int = 0
    """This partner's reaches."""

    @property
    def pursuit_events(self) -> float:
        """Pursuit moves, weighted."""
        return self.pressed + self.chased

    @property
    def distance_events(self) -> float:
        """Distance moves, weighted."""
        return self.left + self.defended + self.unanswered + self.late + self.postponed

    @property
    def timing_events(self) -> float:
        """Moves that need no code: asking again, unanswered, late, put off."""
        return self.chased + self.unanswered + self.late + self.postponed

    @property
    def pursuit(self) -> float:
        """Pursuit moves per turn."""
        return self.pursuit_events / self.turns if self.turns else 0.0

    @property
    def distance(self) -> float:
        """Distance moves per turn."""
        return self.distance_events / self.turns if self.turns else 0.0


@dataclass(frozen=True, slots=True)
class Turns:
    """The conversation as turns (module doc), with what each turn carries."""

    who: IntArray
    start: IntArray
    """First row of each turn."""
    end: IntArray
    """Last row of each turn."""
    t_start: np.ndarray
    t_end: np.ndarray
    broken: BoolArray
    """Whether a session break comes before the turn."""
    pursue: BoolArray
    bid: BoolArray
    withdraw: BoolArray
    defend: BoolArray
    meets: BoolArray
    """Whether the turn meets a reach (validation, repair, responsibility)."""
    timeout: BoolArray
    """Whether the turn puts something off (a time-out code)."""
    message_reach: BoolArray
    """Per message (not per turn): whether it reaches."""

    @property
    def n(self) -> int:
        """Number of turns."""
        return int(self.who.shape[0])

    @property
    def reach(self) -> BoolArray:
        """Turns that reach (pursue or bid)."""
        out: BoolArray = self.pursue | self.bid
        return out


def split_turns(arr: MessageArrays) -> Turns:
    """Cut the messages into turns: a new turn at each change of sender or session break.

    Examples
    --------
    >>> from tandem.analysis._arrays import to_arrays
    >>> split_turns(to_arrays(())).n
    0
    """
    n = arr.n
    if n == 0:
        e = np.zeros(0, dtype=np.int64)
        b = np.zeros(0, dtype=bool)
        f = np.zeros(0, dtype=np.float64)
        return Turns(e, e, e, f, f, b, b, b, b, b, b, b, b)
    gap_break = np.zeros(n, dtype=bool)
    gap_break[1:] = is_break(arr.t[:-1], arr.t[1:])
    new = np.ones(n, dtype=bool)
    new[1:] = (arr.who[1:] != arr.who[:-1]) | gap_break[1:]
    start = np.flatnonzero(new).astype(np.int64)
    end = np.empty_like(start)
    end[:-1] = start[1:] - 1
    end[-1] = n - 1
    question = np.fromiter((t.rstrip().endswith("?") for t in arr.texts), dtype=bool, count=n)
    codes = arr.codes
    pursue = arr.pursue
    bid = codes[:, _BID_COLS].any(axis=1) | question

    def any_in(rows: object) -> BoolArray:
        flags = np.asarray(rows, dtype=np.int8)
        out: BoolArray = np.maximum.reduceat(flags, start) > 0
        return out

    return Turns(
        who=arr.who[start],
        start=start,
        end=end,
        t_start=arr.t[start],
        t_end=arr.t[end],
        broken=gap_break[start],
        pursue=any_in(pursue),
        bid=any_in(bid),
        withdraw=any_in(codes[:, COL[Code.WITHDRAWAL]]),
        defend=any_in(codes[:, _DEFEND_COLS].any(axis=1)),
        meets=any_in(codes[:, _MEETING_COLS].any(axis=1)),
        timeout=any_in(codes[:, COL[Code.TIMEOUT]]),
        message_reach=pursue | bid,
    )


def usual_reply_minutes(turns: Turns) -> float | None:
    """The couple's median reply time in minutes, within sessions (``None`` if unknown).

    Both partners' replies together: a partner who always answers hours later is slow by the
    couple's measure, not by their own.
    """
    if turns.n < 2:
        return None
    answers = (turns.who[1:] != turns.who[:-1]) & ~turns.broken[1:]
    gaps = (turns.t_start[1:] - turns.t_end[:-1]) / 60.0
    sel = answers & ~np.isnan(gaps)
    return float(np.median(gaps[sel])) if sel.any() else None


KINDS = ("pressed", "chased", "left", "defended", "unanswered", "late", "postponed")
"""The kinds of move counted, in :class:`MoveTable` column order."""


@dataclass(frozen=True)
class MoveTable:
    """Every counted move, per turn.

    ``weights[k, j, q]`` is partner ``q``'s move of kind ``KINDS[j]`` credited to turn ``k``.
    Sums over any run of turns are cheap (a period, or the two sides of a possible turning
    point).
    """

    turns: Turns
    weights: np.ndarray
    """``ndarray of shape (n_turns, n_kinds, 2)``."""
    reaches: np.ndarray
    """``ndarray of shape (n_turns, 2)``: 1 where the turn is that partner's reach."""
    met: np.ndarray
    """``ndarray of shape (n_turns, 2)``: 1 where that partner's reach was met."""
    _totals: np.ndarray = field(init=False, repr=False)
    """Running totals over turns (row ``k``: turns before ``k``), for sums in O(1)."""

    def __post_init__(self) -> None:
        m = self.turns.n
        per_turn = np.zeros((m, len(KINDS) + 3, 2))
        per_turn[:, : len(KINDS)] = self.weights
        per_turn[:, -3] = self.reaches
        per_turn[:, -2] = self.met
        per_turn[np.arange(m), -1, self.turns.who] = 1.0  # the turn itself
        totals = np.zeros((m + 1, len(KINDS) + 3, 2))
        np.cumsum(per_turn, axis=0, out=totals[1:])
        object.__setattr__(self, "_totals", totals)

    def moves(self, first: int = 0, stop: int | None = None) -> tuple[SequenceMoves, ...]:
        """Each partner's moves over turns ``first`` to ``stop`` (all turns by default)."""
        stop = self.turns.n if stop is None else stop
        total = self._totals[stop] - self._totals[first]
        return tuple(
            SequenceMoves(
                turns=round(total[-1, q]),
                **{kind: float(total[j, q]) for j, kind in enumerate(KINDS)},
                reaches_met=round(total[-2, q]),
                reaches=round(total[-3, q]),
            )
            for q in (0, 1)
        )


def move_table(arr: MessageArrays, *, usual_reply_min: float | None = None) -> MoveTable:
    """Walk the turns once and credit every move (module doc) to a partner and a turn.

    ``usual_reply_min`` fixes the couple's usual reply time that "late" is measured against
    (default: the median of this conversation's replies, :func:`usual_reply_minutes`).

    Examples
    --------
    >>> from tandem.analysis._arrays import to_arrays
    >>> move_table(to_arrays(())).moves()[0].turns
    0
    """
    turns = split_turns(arr)
    m = turns.n
    weights = np.zeros((m, len(KINDS), 2))
    reaches = np.zeros((m, 2))
    met_out = np.zeros((m, 2))
    usual = usual_reply_min if usual_reply_min is not None else usual_reply_minutes(turns)
    late_after = max(LATE_MIN, LATE_FACTOR * usual) if usual is not None else LATE_MIN
    pressed, chased, left, defended, unanswered, late, postponed = range(len(KINDS))
    reach = turns.reach.tolist()
    who = turns.who.tolist()
    broken = turns.broken.tolist()
    withdraw = turns.withdraw.tolist()
    defend = turns.defend.tolist()
    pursue = turns.pursue.tolist()
    meets = turns.meets.tolist()
    timeout = turns.timeout.tolist()
    t_start, t_end = turns.t_start.tolist(), turns.t_end.tolist()
    # Per partner: time of their last unmet reach, and who put it off (credited if they chase).
    last_unmet: list[float | None] = [None, None]
    put_off: list[int | None] = [None, None]
    t_msg = arr.t
    for k in range(m):
        q = who[k]
        if pursue[k]:
            weights[k, pressed, q] += 1
        answers_reach = k > 0 and not broken[k] and who[k - 1] != q and reach[k - 1]
        if withdraw[k] and not answers_reach:
            weights[k, left, q] += UNPROMPTED_WEIGHT
        if not reach[k]:
            continue
        reaches[k, q] = 1
        if turns.end[k] > turns.start[k]:
            # Follow-ups inside one turn: a message sent long after one's own reach.
            rows = slice(turns.start[k], turns.end[k] + 1)
            gaps = np.diff(t_msg[rows]) / 60.0
            after_reach = turns.message_reach[rows][:-1]
            weights[k, chased, q] += float(np.sum((gaps >= FOLLOW_UP_MIN) & after_reach))
        unmet = last_unmet[q]
        if unmet is not None and t_start[k] - unmet <= CHASE_WINDOW_DAYS * 86400:
            weights[k, chased, q] += 1
            if put_off[q] is not None:
                weights[k, postponed, 1 - q] += POSTPONED_WEIGHT
        nxt = k + 1
        o = 1 - q
        met = True
        pending: int | None = None
        if nxt >= m or broken[nxt] or who[nxt] == q:
            met = False
            weights[k, unanswered, o] += 1
        else:
            wait = (t_start[nxt] - t_end[k]) / 60.0
            is_late = wait == wait and wait >= late_after  # NaN (no times) is never late
            staying = (
                wait == wait and wait <= FAST_REPLY_MIN and nxt + 1 < m and not broken[nxt + 1]
            )
            if is_late:
                met = False
                weights[nxt, late, o] += 1
            if withdraw[nxt]:
                met = False
                weights[nxt, left, o] += 1
            elif defend[nxt] and not pursue[nxt] and not staying:
                met = False
                weights[nxt, defended, o] += 1
            if meets[nxt] and not is_late:
                met = True
            elif timeout[nxt]:
                # Putting a reach off is not meeting it; it counts against the one who put it
                # off only if the reach has to be made again.
                met = False
                pending = o
        if met:
            last_unmet[q] = None
            put_off[q] = None
            met_out[k, q] = 1
        else:
            last_unmet[q] = t_start[k]
            put_off[q] = pending
    return MoveTable(turns, weights, reaches, met_out)
