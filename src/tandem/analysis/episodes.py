"""Escalation episodes: where a conversation heated up, who started, how it ended.

Definitions
-----------
A **harmful move** is a message with a pursue-side code (criticism, contempt, pressure) or a
distance-side code (defensiveness, dismissal, withdrawal). Harmful moves belong to one
episode while each follows the previous one within :attr:`EpisodeRules.max_gap_messages`
messages and :attr:`EpisodeRules.max_gap_minutes` minutes; a cluster with at least
:attr:`EpisodeRules.min_harmful` harmful moves is an episode.

* **start** — its first harmful move; **started by** — who sent it.
* **peak** — the centre of the window of :attr:`EpisodeRules.peak_window` messages holding the
  most harmful moves (the first such window).
* **end** — the closing move when there is one (below), else the last harmful move.
* **how it ended**, checked in this order, looking at the messages after the last harmful move
  (at most ``close_messages`` of them, within ``close_minutes``), plus the last two inside:

  1. ``time-out``: someone announced a break (the ``timeout`` code);
  2. ``repair``: someone repaired, validated or took responsibility;
  3. ``left``: the last harmful move was a withdrawal (that partner left), or nobody answered
     it for ``left_hours`` hours or more (the partner who stayed silent left);
  4. ``faded``: none of these.

The **constructive : harmful ratio** inside conflict counts constructive and harmful moves in
all episodes, start to end. Gottman's observational studies found stable couples show about
five positive moves for each negative one during conflict, so 5 is drawn as the reference.

Examples
--------
>>> EpisodeRules().min_harmful
3
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tandem.analysis._arrays import MessageArrays, turn_starts
from tandem.domain import Code

GOTTMAN_RATIO = 5.0
"""Gottman's reference: about five constructive moves per harmful one during conflict."""

ENDINGS = ("time-out", "repair", "left", "faded")
"""How an episode can end, in the order they are checked."""


@dataclass(frozen=True, slots=True)
class EpisodeRules:
    """Thresholds that define an episode (see the module docstring)."""

    max_gap_messages: int = 6
    """Harmful moves further apart than this many messages belong to different episodes."""
    max_gap_minutes: float = 90.0
    """... or further apart than this many minutes."""
    min_harmful: int = 3
    """Harmful moves an episode needs."""
    peak_window: int = 5
    """Window (messages) over which the peak is found."""
    close_messages: int = 6
    """Messages after the last harmful move searched for a closing move."""
    close_minutes: float = 180.0
    """Minutes after the last harmful move searched for a closing move."""
    left_hours: float = 2.0
    """Silence after the last harmful move that counts as leaving."""


@dataclass(frozen=True, slots=True)
class Episode:
    """One escalation episode (rows refer to :class:`MessageArrays`)."""

    start: int
    """Row of the first harmful move."""
    peak: int
    """Row at the centre of the most heated window."""
    end: int
    """Row of the closing move (or the last harmful move)."""
    started_by: int
    """0 for A, 1 for B."""
    ending: str
    """One of :data:`ENDINGS`."""
    ended_by: int | None
    """Who made the closing move, or who left; ``None`` when it faded."""
    last_word: int
    """Who sent the episode's last message."""
    n_messages: int
    """Messages from start to end."""
    n_harmful: int
    """Harmful moves inside."""
    n_constructive: int
    """Constructive moves inside."""
    peak_heat: int
    """Harmful moves in the peak window."""

    @property
    def ratio(self) -> float | None:
        """Constructive over harmful moves inside (``None`` when no harmful move)."""
        return self.n_constructive / self.n_harmful if self.n_harmful else None


def find_episodes(arr: MessageArrays, rules: EpisodeRules | None = None) -> tuple[Episode, ...]:
    """Find the escalation episodes of a conversation.

    Parameters
    ----------
    arr : MessageArrays
        The partner messages, coded.
    rules : EpisodeRules, optional
        Thresholds; the defaults are documented in :class:`EpisodeRules`.

    Returns
    -------
    tuple of Episode
        In order of start.

    Examples
    --------
    >>> from tandem.analysis._arrays import to_arrays
    >>> find_episodes(to_arrays(()))
    ()
    """
    rules = rules or EpisodeRules()
    harmful = arr.pursue | arr.distance
    h = np.flatnonzero(harmful)
    if h.shape[0] < rules.min_harmful:
        return ()
    gap_msgs = np.diff(h)
    gap_min = np.diff(arr.t[h]) / 60.0
    with np.errstate(invalid="ignore"):
        split = (gap_msgs > rules.max_gap_messages) | (gap_min > rules.max_gap_minutes)
    cut = np.flatnonzero(split) + 1
    bounds_lo = np.concatenate(([0], cut))
    bounds_hi = np.concatenate((cut, [h.shape[0]])) - 1
    keep = (bounds_hi - bounds_lo + 1) >= rules.min_harmful
    harm_cum = np.concatenate(([0], np.cumsum(harmful)))
    cons = arr.constructive
    cons_cum = np.concatenate(([0], np.cumsum(cons)))
    timeout = arr.has(Code.TIMEOUT)
    repairish = arr.has(Code.REPAIR) | arr.has(Code.VALIDATION) | arr.has(Code.RESPONSIBILITY)
    withdrawal = arr.has(Code.WITHDRAWAL)
    n = arr.n
    starts = turn_starts(arr.who)
    turn_of = np.cumsum(np.isin(np.arange(n), starts)) - 1
    next_turn = np.append(starts[1:], n)[turn_of]
    out: list[Episode] = []
    for lo, hi in zip(bounds_lo[keep].tolist(), bounds_hi[keep].tolist(), strict=True):
        start, last_harm = int(h[lo]), int(h[hi])
        # Closing move: search after the last harmful move (and its two predecessors).
        # ... but never into the next cluster of harmful moves, so episodes never overlap.
        next_harm = int(h[hi + 1]) - 1 if hi + 1 < h.shape[0] else n - 1
        window_end = min(n - 1, last_harm + rules.close_messages, next_harm)
        t0 = arr.t[last_harm]
        cand = np.arange(max(start, last_harm - 2), window_end + 1)
        if not np.isnan(t0):
            dt = (arr.t[cand] - t0) / 60.0
            cand = cand[~(dt > rules.close_minutes)]
        ending, end, ended_by = "faded", last_harm, None
        hit = cand[timeout[cand]]
        if hit.shape[0]:
            ending, end = "time-out", int(hit[0])
        else:
            after = cand[cand > last_harm]
            hit = after[repairish[after]]
            if hit.shape[0]:
                ending, end = "repair", int(hit[0])
        if ending != "faded":
            ended_by = int(arr.who[end])
        elif withdrawal[last_harm]:
            ending, ended_by = "left", int(arr.who[last_harm])
        else:
            # The other partner's next message: the start of the next turn.
            nxt = int(next_turn[last_harm])
            silent = nxt >= n or (
                not np.isnan(t0)
                and not np.isnan(arr.t[nxt])
                and (arr.t[nxt] - t0) / 3600.0 >= rules.left_hours
            )
            if silent:
                ending, ended_by = "left", 1 - int(arr.who[last_harm])
        end = max(end, last_harm)
        seg = harmful[start : end + 1].astype(np.int64)
        w = min(rules.peak_window, seg.shape[0])
        heat = np.convolve(seg, np.ones(w, dtype=np.int64), mode="valid")
        top = int(np.argmax(heat))
        out.append(
            Episode(
                start=start,
                peak=start + top + w // 2,
                end=end,
                started_by=int(arr.who[start]),
                ending=ending,
                ended_by=ended_by,
                last_word=int(arr.who[end]),
                n_messages=end - start + 1,
                n_harmful=int(harm_cum[end + 1] - harm_cum[start]),
                n_constructive=int(cons_cum[end + 1] - cons_cum[start]),
                peak_heat=int(heat[top]),
            )
        )
    return tuple(out)


def conflict_ratio(episodes: tuple[Episode, ...]) -> float | None:
    """Constructive : harmful moves over all episodes (``None`` without episodes).

    Examples
    --------
    >>> conflict_ratio(())
    """
    harm = sum(e.n_harmful for e in episodes)
    if harm == 0:
        return None
    return sum(e.n_constructive for e in episodes) / harm


def episode_mask(n: int, episodes: tuple[Episode, ...]) -> np.ndarray:
    """``ndarray of shape (n,)``: True for rows inside an episode.

    Examples
    --------
    >>> episode_mask(3, ()).tolist()
    [False, False, False]
    """
    delta = np.zeros(n + 1, dtype=np.int64)
    for e in episodes:
        delta[e.start] += 1
        delta[e.end + 1] -= 1
    return np.cumsum(delta[:n]) > 0
