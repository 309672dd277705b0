"""Per-partner rates of pursue, distance and constructive moves; roles; demand–withdraw polarity.

Rates
-----
Each message has weight 1, shared equally among the sides of the cycle it touches (a message
coded ``criticism`` and ``vulnerability`` gives 1/2 to pursue and 1/2 to constructive; an
uncoded one gives 1 to neutral). A partner's **pursue rate** is the pursue weight over their
message count, and likewise for distance, constructive and neutral, so the four rates of a
partner add up to 1.

Roles
-----
Roles are read from the order and timing of turns (:mod:`tandem.analysis.sequence`), not from
these rates: :func:`role_from_moves` gives each partner's role, confidence and lean from their
pursuit and distance moves, and :func:`find_turning_point` finds where roles change hands
part-way (a swap, or one side of the cycle passing from one partner to the other).
The rates stay as a description of what each partner wrote.

Polarity
--------
Christensen's Communication Patterns Questionnaire scores "man demands / woman withdraws" and
"woman demands / man withdraws" from paired items (one asks to discuss, the other avoids;
one nags, the other goes silent; one criticises, the other defends), and their difference is
the demand–withdraw **polarity**. Here the pairs are observed: over all adjacent turn pairs
(one turn by each partner, no session break between them), **A-demand/B-withdraw** is the
share of pairs in which A's turn holds a pursue move and B's turn a distance move (in either
order), and **B-demand/A-withdraw** the reverse. Polarity is the first minus the second, in
``[-1, 1]``; the total is their sum.

Examples
--------
>>> LEAN, SEQUENCE_MIN_RATE
(0.3, 0.1)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tandem.analysis._arrays import MessageArrays, is_break, turn_starts
from tandem.analysis.sequence import MoveTable, SequenceMoves
from tandem.domain import Role

LEAN = 0.3
"""Lean beyond which a partner is mainly a pursuer (or, negative, a distancer)."""


@dataclass(frozen=True, slots=True)
class Rates:
    """One partner's rates (they add up to 1) and counts."""

    n_messages: int
    """Messages sent."""
    pursue: float
    """Pursue rate."""
    distance: float
    """Distance rate."""
    constructive: float
    """Constructive rate."""
    neutral: float
    """Neutral rate."""
    n_pursue: int
    """Messages with at least one pursue move."""
    n_distance: int
    """Messages with at least one distance move."""
    n_constructive: int
    """Messages with at least one constructive move."""


def partner_rates(arr: MessageArrays) -> tuple[Rates, Rates]:
    """Rates of A and of B.

    Examples
    --------
    >>> from tandem.analysis._arrays import to_arrays
    >>> partner_rates(to_arrays(()))[0].pursue
    0.0
    """
    sides = np.stack((arr.pursue, arr.distance, arr.constructive), axis=1).astype(np.float64)
    touched = sides.sum(axis=1)
    neutral = (touched == 0).astype(np.float64)
    weights = sides / np.maximum(touched, 1.0)[:, None]
    out: list[Rates] = []
    for q in (0, 1):
        sel = arr.who == q
        n = int(sel.sum())
        if n == 0:
            out.append(Rates(0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0))
            continue
        share = weights[sel].sum(axis=0) / n
        counts = sides[sel].sum(axis=0).astype(np.int64)
        out.append(
            Rates(
                n_messages=n,
                pursue=float(share[0]),
                distance=float(share[1]),
                constructive=float(share[2]),
                neutral=float(neutral[sel].sum() / n),
                n_pursue=int(counts[0]),
                n_distance=int(counts[1]),
                n_constructive=int(counts[2]),
            )
        )
    return out[0], out[1]


@dataclass(frozen=True, slots=True)
class Polarity:
    """Demand–withdraw scores in both directions (module doc gives the definition)."""

    a_demand_b_withdraw: float
    """Share of adjacent turn pairs with A pursuing and B distancing."""
    b_demand_a_withdraw: float
    """Share with B pursuing and A distancing."""
    n_pairs: int
    """Adjacent turn pairs counted."""

    @property
    def polarity(self) -> float:
        """A-demand/B-withdraw minus B-demand/A-withdraw."""
        return self.a_demand_b_withdraw - self.b_demand_a_withdraw

    @property
    def total(self) -> float:
        """Both directions together."""
        return self.a_demand_b_withdraw + self.b_demand_a_withdraw


def turn_states(arr: MessageArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per turn: who, pursuit (0/1), withdrawal (0/1), and whether a session break precedes it."""
    starts = turn_starts(arr.who)
    m = starts.shape[0]
    if m == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, np.zeros(0, dtype=bool)
    who = arr.who[starts]
    p = np.maximum.reduceat(arr.pursue.astype(np.int64), starts)
    w = np.maximum.reduceat(arr.distance.astype(np.int64), starts)
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:] - 1
    ends[-1] = arr.n - 1
    brk = np.zeros(m, dtype=bool)
    brk[1:] = is_break(arr.t[ends[:-1]], arr.t[starts[1:]])
    return who, p, w, brk


def polarity(who: np.ndarray, p: np.ndarray, w: np.ndarray, brk: np.ndarray) -> Polarity:
    """Demand–withdraw in both directions over adjacent turn pairs.

    Examples
    --------
    >>> pol = polarity(np.array([0, 1, 0, 1]), np.array([1, 0, 1, 0]), np.array([0, 1, 0, 1]),
    ...                np.zeros(4, dtype=bool))
    >>> pol.a_demand_b_withdraw, pol.b_demand_a_withdraw, pol.n_pairs
    (1.0, 0.0, 3)
    """
    m = who.shape[0]
    if m < 2:
        return Polarity(0.0, 0.0, 0)
    ok = ~brk[1:]
    n = int(ok.sum())
    if n == 0:
        return Polarity(0.0, 0.0, 0)
    first_a = who[:-1] == 0
    # Pursuit and withdrawal of A and of B in each pair (k-1, k).
    p_a = np.where(first_a, p[:-1], p[1:])
    p_b = np.where(first_a, p[1:], p[:-1])
    w_a = np.where(first_a, w[:-1], w[1:])
    w_b = np.where(first_a, w[1:], w[:-1])
    ab = float(((p_a > 0) & (w_b > 0) & ok).sum()) / n
    ba = float(((p_b > 0) & (w_a > 0) & ok).sum()) / n
    return Polarity(ab, ba, n)


SEQUENCE_MIN_RATE = 0.1
"""A side is present in the sequence when it shows in at least this many moves per turn..."""
SEQUENCE_MIN_MOVES = 3.0
"""... and at least this many (weighted) moves."""
UNCLEAR_BELOW = 0.15
"""A pursuer, distancer or both role with less confidence than this is reported as unclear."""


def role_from_moves(moves: SequenceMoves) -> tuple[Role, float, float]:
    """Role, confidence and lean of one partner from the moves the sequence shows.

    On pursuit and distance moves per turn (:mod:`tandem.analysis.sequence`): a side is
    present with at least
    :data:`SEQUENCE_MIN_RATE` moves per turn and :data:`SEQUENCE_MIN_MOVES` moves; the lean
    decides between pursuer, distancer and both. Confidence is the clarity of the lean times
    ``moves / (moves + 8)``; a role held with less than :data:`UNCLEAR_BELOW` is ``unclear``
    (the data point both ways, or barely anywhere), rather than a guess.

    Examples
    --------
    >>> from tandem.analysis.sequence import SequenceMoves
    >>> role, conf, lean = role_from_moves(SequenceMoves(20, 4, 6, 0, 0, 0, 0))
    >>> role.value, conf, round(lean, 2)
    ('pursuer', 0.56, 1.0)
    >>> role_from_moves(SequenceMoves(20, 0, 0, 1, 0, 0, 0))[0].value
    'neither'
    """
    p, d = moves.pursuit, moves.distance
    n_p, n_d = moves.pursuit_events, moves.distance_events
    has_p = p >= SEQUENCE_MIN_RATE and n_p >= SEQUENCE_MIN_MOVES
    has_d = d >= SEQUENCE_MIN_RATE and n_d >= SEQUENCE_MIN_MOVES
    lean = (p - d) / (p + d) if p + d > 0 else 0.0
    data = (n_p + n_d) / (n_p + n_d + 8.0)
    if not has_p and not has_d:
        share = min(1.0, max(p, d) / SEQUENCE_MIN_RATE)
        return Role.NEITHER, round((1.0 - share) * moves.turns / (moves.turns + 10.0), 2), lean
    if has_p and (lean >= LEAN or not has_d):
        role, conf = Role.PURSUER, max(abs(lean), 0.2) * data
    elif has_d and (lean <= -LEAN or not has_p):
        role, conf = Role.DISTANCER, max(abs(lean), 0.2) * data
    else:
        role, conf = Role.BOTH, (1.0 - abs(lean)) * data
    if conf < UNCLEAR_BELOW:
        return Role.UNCLEAR, round(conf, 2), lean
    return role, round(conf, 2), lean


@dataclass(frozen=True, slots=True)
class TurningPoint:
    """Where the cycle's roles changed hands part-way (a reversal)."""

    turn: int
    """Index of the first turn after the swap."""
    row: int
    """Row (message) where that turn starts."""
    before: tuple[tuple[Role, float], tuple[Role, float]]
    """Role and confidence of A and B before."""
    after: tuple[tuple[Role, float], tuple[Role, float]]
    """Role and confidence of A and B after."""
    kind: str = "swap"
    """``"swap"``: pursuer and distancer traded places. ``"handover"``: one side of the cycle
    passed from one partner to the other while the first left it (the pursuer stopped chasing
    and the one who used to withdraw began to, say)."""


_OFF_SIDE = {
    Role.PURSUER: (Role.DISTANCER, Role.NEITHER),
    Role.DISTANCER: (Role.PURSUER, Role.NEITHER),
}
"""Roles that clearly do not hold a side of the cycle (``unclear`` and ``both`` do not count)."""


def role_change(before: tuple[Role, Role], after: tuple[Role, Role]) -> str | None:
    """``"swap"``, ``"handover"`` or ``None``: how A's and B's roles changed between periods.

    Examples
    --------
    >>> P, D, N = Role.PURSUER, Role.DISTANCER, Role.NEITHER
    >>> role_change((P, D), (D, P)), role_change((P, D), (N, P)), role_change((P, D), (P, P))
    ('swap', 'handover', None)
    """
    if set(before) == {Role.PURSUER, Role.DISTANCER} and after == before[::-1]:
        return "swap"
    for side, off in _OFF_SIDE.items():
        for (x0, y0), (x1, y1) in ((before, after), (before[::-1], after[::-1])):
            if x0 is side and y0 in off and y1 is side and x1 in off:
                return "handover"
    return None


MIN_PERIOD_SHARE = 0.2
"""Each side of a turning point holds at least this share of the turns."""
MAX_CANDIDATES = 60
"""Session starts tried as turning points (evenly spread over the allowed range)."""


def find_turning_point(table: MoveTable) -> TurningPoint | None:
    """The session start where the partners' roles change hands, if they do.

    A turning point is a session start with at least :data:`MIN_PERIOD_SHARE` of the turns on
    each side where, by :func:`role_change`, the pursuer and the distancer swap, or one side of
    the cycle passes from one partner to the other (the pursuer becomes a distancer or neither
    while the other becomes the pursuer; likewise for the distancer). A swap wins over a
    handover; among several of a kind, the largest change of lean wins.

    Examples
    --------
    >>> from tandem.analysis._arrays import to_arrays
    >>> from tandem.analysis.sequence import move_table
    >>> find_turning_point(move_table(to_arrays(()))) is None
    True
    """
    turns = table.turns
    m = turns.n
    if m < 10:
        return None
    lo, hi = int(m * MIN_PERIOD_SHARE), int(m * (1.0 - MIN_PERIOD_SHARE))
    starts = np.flatnonzero(turns.broken[lo : hi + 1]) + lo
    if starts.shape[0] == 0:
        return None
    if starts.shape[0] > MAX_CANDIDATES:
        starts = starts[np.linspace(0, starts.shape[0] - 1, MAX_CANDIDATES).astype(np.int64)]
    best: tuple[tuple[bool, float], TurningPoint] | None = None
    for cut in starts.tolist():
        early = [role_from_moves(mv) for mv in table.moves(0, cut)]
        late = [role_from_moves(mv) for mv in table.moves(cut)]
        kind = role_change((early[0][0], early[1][0]), (late[0][0], late[1][0]))
        if kind is None:
            continue
        change = abs(early[0][2] - late[0][2]) + abs(early[1][2] - late[1][2])
        score = (kind == "swap", change)
        if best is None or score > best[0]:
            point = TurningPoint(
                turn=cut,
                row=int(turns.start[cut]),
                before=((early[0][0], early[0][1]), (early[1][0], early[1][1])),
                after=((late[0][0], late[0][1]), (late[1][0], late[1][1])),
                kind=kind,
            )
            best = (score, point)
    return None if best is None else best[1]
