"""The cycle analysis of one coded conversation: roles, polarity, coupling, episodes, safety.

:func:`analyze_cycle` takes coded messages (from :func:`tandem.coding.code_conversation` or
built by hand) and returns a :class:`CycleAnalysis` holding every figure; the report layer only
renders it. See ``docs/analysis.md`` for the definitions in one place.

Examples
--------
>>> import numpy as np
>>> result = analyze_cycle((), partners=("Sam", "Alex"), rng=np.random.default_rng(0))
>>> result.status
'too_little_signal'
>>> result.status_message
'There are no messages from the couple to analyse.'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np

from tandem.analysis._arrays import (
    CONSTRUCTIVE_COLS,
    DISTANCE_COLS,
    PURSUE_COLS,
    MessageArrays,
    snippet,
    to_arrays,
)
from tandem.analysis.coupling import Coupling, Estimate, Loop, fit_coupling
from tandem.analysis.episodes import (
    GOTTMAN_RATIO,
    EpisodeRules,
    conflict_ratio,
    episode_mask,
    find_episodes,
)
from tandem.analysis.roles import (
    Polarity,
    Rates,
    TurningPoint,
    find_turning_point,
    partner_rates,
    polarity,
    role_from_moves,
    turn_states,
)
from tandem.analysis.safety import SAFETY_MESSAGE, SELF_HARM_NOTE, SafetyHit, scan_safety
from tandem.analysis.sequence import SequenceMoves, move_table
from tandem.analysis.timing import (
    BaselineRoles,
    TimingSignals,
    add_timing_pressure,
    timing_baseline,
    timing_signals,
)
from tandem.coding.language import LanguageGuess, detect_language, language_note
from tandem.domain import (
    CODES,
    Code,
    CodedMessage,
    CoupleProfile,
    MessageKind,
    Role,
    RoleEstimate,
    SafetyConcern,
)

MIN_MESSAGES = 10
"""Fewest partner messages (both together) for any role."""
MIN_EACH = 3
"""Fewest messages each partner must have sent."""
MIN_CODED = 4
"""Fewest messages with a non-neutral code."""
EXAMPLES_PER_CODE = 2
"""Examples kept per partner and code."""
EXAMPLE_POOL = 300
"""Messages per partner and code considered when picking examples."""
TIMELINE_BINS = 120
"""Most bins in the timeline."""

STATUS_OK = "ok"
STATUS_THIN = "too_little_signal"
STATUS_SAFETY = "safety_concern"
STATUS_LANGUAGE = "language_not_read"


@dataclass(frozen=True, slots=True)
class Example:
    """One of a partner's own messages that shows a code."""

    text: str
    """The message, on one line and shortened."""
    evidence: str
    """Why the code was given."""
    when: str
    """When it was sent (``""`` when unknown)."""
    confidence: float
    """The coder's confidence."""


@dataclass(frozen=True, slots=True)
class PartnerSummary:
    """Everything measured about one partner."""

    name: str
    """Display name."""
    rates: Rates
    """Pursue, distance, constructive, neutral rates and counts."""
    role: RoleEstimate | None
    """The role, or ``None`` when withheld (too little signal, or a safety concern)."""
    lean: float
    """(pursue - distance) / (pursue + distance), in ``[-1, 1]``."""
    code_counts: dict[str, int]
    """Messages per code."""
    n_bursts: int
    """Unanswered bursts sent."""
    n_pressure_bursts: int
    """Of those, bursts with a demand marker."""
    median_latency_min: float | None
    """Median reply latency in minutes (session breaks left out)."""
    n_latencies: int
    """Replies behind that median."""
    median_turn_chars: float | None
    """Median characters per turn."""
    median_turn_chars_conflict: float | None
    """Median characters per turn inside episodes."""
    episodes_started: int
    """Episodes this partner started."""
    episodes_left: int
    """Episodes that ended with this partner leaving."""
    episodes_last_word: int
    """Episodes in which this partner sent the last message."""
    episodes_closed_well: int
    """Episodes this partner closed with a repair or an announced time-out."""
    baseline_role: Role
    """What timing alone would say."""
    examples: dict[str, tuple[Example, ...]]
    """Per code, examples from this partner's own messages."""
    moves: SequenceMoves | None = None
    """What the order and timing of turns show (the basis of the role)."""
    periods: tuple[RolePeriod, ...] = ()
    """The role before and after a turning point, when the partners swapped roles."""


@dataclass(frozen=True, slots=True)
class RolePeriod:
    """A partner's role over one stretch of the conversation."""

    start: datetime | None
    """First message of the stretch."""
    end: datetime | None
    """Last message of the stretch."""
    role: Role
    """The role in that stretch."""
    confidence: float
    """How clear it was there."""


@dataclass(frozen=True, slots=True)
class EpisodeView:
    """An episode, in names and times for the report."""

    number: int
    """1-based."""
    start: int
    """Index of its first message in the coded tuple."""
    peak: int
    """Index of its peak message."""
    end: int
    """Index of its last message."""
    start_time: datetime | None
    """When it started."""
    peak_time: datetime | None
    """When it peaked."""
    end_time: datetime | None
    """When it ended."""
    started_by: str
    """Who made the first harmful move."""
    ending: str
    """``time-out``, ``repair``, ``left`` or ``faded``."""
    ended_by: str | None
    """Who closed it or left."""
    last_word: str
    """Who sent its last message."""
    n_messages: int
    """Messages inside."""
    n_harmful: int
    """Harmful moves inside."""
    n_constructive: int
    """Constructive moves inside."""
    peak_heat: int
    """Harmful moves in its most heated window."""
    start_text: str
    """The first harmful message."""
    peak_text: str
    """The peak message."""
    end_text: str
    """The closing message."""
    x_start: float
    """Start position on the timeline, as a share of the conversation in ``[0, 1]``."""
    x_end: float
    """End position on the timeline."""

    @property
    def ratio(self) -> float | None:
        """Constructive : harmful moves inside."""
        return self.n_constructive / self.n_harmful if self.n_harmful else None


@dataclass(frozen=True, slots=True)
class Timeline:
    """Moves per partner in bins along the conversation (message order)."""

    edges: tuple[int, ...]
    """Bin edges as message positions (partner messages), length ``n_bins + 1``."""
    labels: tuple[str, ...]
    """Date of each bin's first message (``""`` when unknown)."""
    counts: dict[str, dict[str, tuple[int, ...]]]
    """Per partner name, per side (``pursue``, ``distance``, ``constructive``, ``messages``)."""


@dataclass
class CycleAnalysis:
    """The pursue–withdraw analysis of one conversation.

    Not frozen and without slots because expensive views are ``cached_property``.
    """

    partners: tuple[str, str]
    """Names of A and B."""
    status: str
    """``ok``, ``too_little_signal``, ``safety_concern`` or ``language_not_read``."""
    status_message: str
    """What the status means, in plain words."""
    n_messages: int
    """Partner messages analysed."""
    start: datetime | None
    """First timestamp."""
    end: datetime | None
    """Last timestamp."""
    summaries: dict[str, PartnerSummary]
    """Per partner name."""
    polarity: Polarity
    """Demand–withdraw in both directions."""
    coupling: Coupling
    """Inertia–coordination fits in both directions."""
    main_loop: int | None
    """Which loop of ``coupling.loops`` is this couple's (0: A pursues, 1: B pursues)."""
    episodes: tuple[EpisodeView, ...]
    """Escalation episodes."""
    conflict_ratio: float | None
    """Constructive : harmful moves inside episodes."""
    timing: TimingSignals
    """Raw timing signals."""
    baseline: BaselineRoles
    """Timing-only roles (the baseline)."""
    safety_hits: tuple[SafetyHit, ...]
    """Messages that raised a safety concern (rows are indices in the coded tuple)."""
    timeline: Timeline
    """Binned moves for the chart."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Thresholds and bootstrap settings used."""
    language: LanguageGuess | None = None
    """The conversation's main language, and whether Tandem reads it."""
    turning_point: datetime | None = None
    """When the partners swapped roles (each partner's ``periods`` give before and after)."""

    # -- convenience -------------------------------------------------------------------------
    @property
    def loop(self) -> Loop | None:
        """The couple's loop (``None`` when withheld)."""
        return None if self.main_loop is None else self.coupling.loops[self.main_loop]

    @property
    def loop_gain(self) -> float | None:
        """Gain of the couple's loop."""
        loop = self.loop
        return None if loop is None else loop.gain.value

    @property
    def roles_assigned(self) -> bool:
        """Whether roles were given (status ``ok``)."""
        return self.status == STATUS_OK

    @cached_property
    def safety_concern(self) -> SafetyConcern | None:
        """The domain safety concern, when any message raised one."""
        if not self.safety_hits:
            return None
        msg = SAFETY_MESSAGE
        if any(h.kind == "self-harm" for h in self.safety_hits):
            msg = f"{msg} {SELF_HARM_NOTE}"
        ev = tuple(f"{h.kind}: '{h.words}' in \"{h.text}\"" for h in self.safety_hits[:20])
        return SafetyConcern(evidence=ev, message=msg)

    def name(self, q: int) -> str:
        """Name of partner 0 (A) or 1 (B)."""
        return self.partners[q]

    # -- conversions -------------------------------------------------------------------------
    def to_couple_profile(self) -> CoupleProfile:
        """The couple profile the rest of Tandem (dynamics, coaching, store) reads."""
        roles = {
            n: s.role
            for n, s in self.summaries.items()
            if s.role is not None and self.roles_assigned
        }
        return CoupleProfile(
            partners=self.partners,
            roles=roles,
            pursue_rate={n: s.rates.pursue for n, s in self.summaries.items()},
            distance_rate={n: s.rates.distance for n, s in self.summaries.items()},
            constructive_rate={n: s.rates.constructive for n, s in self.summaries.items()},
            code_counts={n: dict(s.code_counts) for n, s in self.summaries.items()},
            loop_gain=self.loop_gain,
            safety_concern=self.safety_concern,
            sources=("chat",),
        )

    def to_dict(self) -> dict[str, Any]:
        """Every figure, JSON-ready (see ``docs/analysis.md`` for the keys)."""

        def est(e: Estimate) -> dict[str, float | None]:
            return e.as_dict()

        def loop_dict(lp: Loop) -> dict[str, Any]:
            return {
                "pursuer": self.name(lp.pursuer),
                "distancer": self.name(lp.distancer),
                "pursuit_to_next_withdrawal": est(lp.pursuit_to_withdrawal),
                "withdrawal_to_next_pursuit": est(lp.withdrawal_to_pursuit),
                "pursuer_inertia": est(lp.pursuer_inertia),
                "distancer_inertia": est(lp.distancer_inertia),
                "loop_gain": est(lp.gain),
                "n_rows": {"withdrawal_model": lp.n_rows[0], "pursuit_model": lp.n_rows[1]},
            }

        partners: dict[str, Any] = {}
        for n, s in self.summaries.items():
            partners[n] = {
                "role": s.role.role.value if s.role else None,
                "confidence": s.role.confidence if s.role else None,
                "reasons": list(s.role.reasons) if s.role else [],
                "pursue_rate": s.rates.pursue,
                "distance_rate": s.rates.distance,
                "constructive_rate": s.rates.constructive,
                "neutral_rate": s.rates.neutral,
                "lean": s.lean,
                "n_messages": s.rates.n_messages,
                "n_pursue_messages": s.rates.n_pursue,
                "n_distance_messages": s.rates.n_distance,
                "n_constructive_messages": s.rates.n_constructive,
                "code_counts": s.code_counts,
                "unanswered_bursts": s.n_bursts,
                "pressure_bursts": s.n_pressure_bursts,
                "median_reply_latency_min": s.median_latency_min,
                "n_replies_timed": s.n_latencies,
                "median_turn_chars": s.median_turn_chars,
                "median_turn_chars_in_conflict": s.median_turn_chars_conflict,
                "episodes_started": s.episodes_started,
                "episodes_left": s.episodes_left,
                "episodes_last_word": s.episodes_last_word,
                "episodes_closed_with_repair_or_timeout": s.episodes_closed_well,
                "sequence_moves": (
                    {
                        "turns": s.moves.turns,
                        "pursuit_per_turn": s.moves.pursuit,
                        "distance_per_turn": s.moves.distance,
                        "pressed": s.moves.pressed,
                        "asked_again": s.moves.chased,
                        "left": s.moves.left,
                        "defended_and_left": s.moves.defended,
                        "left_unanswered": s.moves.unanswered,
                        "answered_late": s.moves.late,
                        "put_off": s.moves.postponed,
                    }
                    if s.moves is not None
                    else None
                ),
                "periods": [
                    {
                        "from": p.start.isoformat() if p.start else None,
                        "to": p.end.isoformat() if p.end else None,
                        "role": p.role.value,
                        "confidence": p.confidence,
                    }
                    for p in s.periods
                ],
                "timing_only_role": (
                    s.baseline_role.value if self.status != STATUS_SAFETY else None
                ),
                "examples": {
                    c: [
                        {
                            "text": x.text,
                            "evidence": x.evidence,
                            "when": x.when,
                            "confidence": x.confidence,
                        }
                        for x in xs
                    ]
                    for c, xs in s.examples.items()
                },
            }
        loop = self.loop
        return {
            "partners": partners,
            "status": self.status,
            "status_message": self.status_message,
            "turning_point": self.turning_point.isoformat() if self.turning_point else None,
            "language": self.language.to_dict() if self.language else None,
            "n_messages": self.n_messages,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "loop_gain": self.loop_gain,
            "loop_gain_ci": [loop.gain.low, loop.gain.high] if loop else None,
            "loop": loop_dict(loop) if loop else None,
            "loops": [loop_dict(lp) for lp in self.coupling.loops],
            "coupling": {
                "n_turns": self.coupling.n_turns,
                "block_length": self.coupling.block_length,
                "blocks": self.coupling.blocks,
                "n_blocks": self.coupling.n_blocks,
                "n_boot": self.coupling.n_boot,
            },
            "polarity": {
                f"{self.partners[0]}_demands_{self.partners[1]}_withdraws": (
                    self.polarity.a_demand_b_withdraw
                ),
                f"{self.partners[1]}_demands_{self.partners[0]}_withdraws": (
                    self.polarity.b_demand_a_withdraw
                ),
                "a_demand_b_withdraw": self.polarity.a_demand_b_withdraw,
                "b_demand_a_withdraw": self.polarity.b_demand_a_withdraw,
                "polarity": self.polarity.polarity,
                "total": self.polarity.total,
                "n_turn_pairs": self.polarity.n_pairs,
            },
            "episodes": [
                {
                    "number": e.number,
                    "start_index": e.start,
                    "peak_index": e.peak,
                    "end_index": e.end,
                    "start": e.start_time.isoformat() if e.start_time else None,
                    "peak": e.peak_time.isoformat() if e.peak_time else None,
                    "end": e.end_time.isoformat() if e.end_time else None,
                    "started_by": e.started_by,
                    "ending": e.ending,
                    "ended_by": e.ended_by,
                    "last_word": e.last_word,
                    "n_messages": e.n_messages,
                    "n_harmful": e.n_harmful,
                    "n_constructive": e.n_constructive,
                    "constructive_to_harmful": e.ratio,
                    "peak_heat": e.peak_heat,
                    "start_text": e.start_text,
                    "peak_text": e.peak_text,
                    "end_text": e.end_text,
                }
                for e in self.episodes
            ],
            "conflict_ratio": self.conflict_ratio,
            "gottman_reference_ratio": GOTTMAN_RATIO,
            "timing": {
                "bursts": [
                    {
                        "partner": self.name(b.partner),
                        "n_messages": b.n_messages,
                        "minutes": b.minutes,
                        "demand": b.demand,
                        "evidence": b.evidence,
                    }
                    for b in self.timing.bursts
                ],
                "turn_length_ratio": self.timing.length_ratio,
                "timing_only_roles": (
                    {
                        self.partners[0]: self.baseline.roles[0].value,
                        self.partners[1]: self.baseline.roles[1].value,
                    }
                    if self.status != STATUS_SAFETY
                    else None
                ),
                "timing_only_reason": self.baseline.reason,
            },
            "safety_concern": (
                {
                    "message": self.safety_concern.message,
                    "evidence": list(self.safety_concern.evidence),
                    "hits": [
                        {"index": h.row, "kind": h.kind, "words": h.words, "text": h.text}
                        for h in self.safety_hits
                    ],
                }
                if self.safety_concern
                else None
            ),
            "timeline": {
                "edges": list(self.timeline.edges),
                "labels": list(self.timeline.labels),
                "counts": {
                    n: {k: list(v) for k, v in c.items()} for n, c in self.timeline.counts.items()
                },
            },
            "settings": self.settings,
        }


# ------------------------------------------------------------------------------------------
def _status(
    arr: MessageArrays,
    partners: tuple[str, str],
    hits: tuple[SafetyHit, ...],
    language: LanguageGuess,
    timed_moves: float = 0.0,
) -> tuple[str, str]:
    n_each = [int((arr.who == q).sum()) for q in (0, 1)]
    n_coded = int((arr.pursue | arr.distance | arr.constructive).sum())
    signal = n_coded + timed_moves
    if hits:
        return STATUS_SAFETY, SAFETY_MESSAGE
    if arr.n == 0:
        return STATUS_THIN, "There are no messages from the couple to analyse."
    if min(n_each) == 0:
        who = partners[0] if n_each[0] else partners[1]
        return STATUS_THIN, (
            f"Only {who} wrote here. A cycle is something two people do, so it needs both "
            "partners' messages."
        )
    if arr.n < MIN_MESSAGES or min(n_each) < MIN_EACH:
        return STATUS_THIN, (
            f"There are only {arr.n} messages ({n_each[0]} from {partners[0]}, {n_each[1]} from "
            f"{partners[1]}): too few to see a pattern. A few weeks of everyday chat is a "
            "better start."
        )
    if not language.supported:
        # Coded as if English, such a chat comes out nearly all "neutral": say why, name no
        # roles (before "too little was coded", which would blame the chat).
        return STATUS_LANGUAGE, language_note(language)
    if signal < MIN_CODED:
        # Timing moves count toward the threshold, so the sentence names them too: otherwise
        # "3 showed a move" could stand beside a threshold the reader cannot reconstruct.
        timing = ""
        if timed_moves > 0:
            timing = (
                f", and the timing of the replies adds {_count_words(timed_moves)} more "
                "(answers hours late, reaches left unanswered, asking again)"
            )
        return STATUS_THIN, (
            f"Of {arr.n} messages, {n_coded} showed any move of the cycle (pursuing, distancing "
            f"or reaching out){timing}; the rest is everyday talk. That is too little to name "
            "roles, and it may simply mean this chat is not where your conflicts happen."
        )
    return STATUS_OK, "Roles and loop strength are estimated from the coded messages."


def _count_words(moves: float) -> str:
    """A move count as a reader says it: half moves (unprompted leaving) shown as "about"."""
    whole = round(moves)
    return str(whole) if abs(moves - whole) < 1e-9 else f"about {whole or 1}"


def _fmt_min(x: float | None) -> str:
    if x is None:
        return "unknown"
    if x < 1:
        return "under a minute"
    if x < 90:
        return f"{x:.0f} min"
    return f"{x / 60:.1f} h"


@dataclass(frozen=True, slots=True)
class Voice:
    """Who the text speaks to: with ``me`` set, that partner is "you".

    Examples
    --------
    >>> v = Voice("Sam")
    >>> v.subj("Sam"), v.poss("Alex"), v.obj("Sam")
    ('You', "Alex's", 'you')
    """

    me: str | None = None
    """The reader's name, or ``None`` for a neutral third-person text."""

    def subj(self, name: str) -> str:
        """Subject at the start of a sentence."""
        return "You" if name == self.me else name

    def obj(self, name: str) -> str:
        """Name inside a sentence."""
        return "you" if name == self.me else name

    def poss(self, name: str) -> str:
        """Possessive at the start of a sentence."""
        return "Your" if name == self.me else f"{name}'s"

    def poss_pron(self, name: str) -> str:
        """Possessive standing alone ("yours", "Alex's")."""
        return "yours" if name == self.me else f"{name}'s"

    def poss_obj(self, name: str) -> str:
        """Possessive inside a sentence."""
        return "your" if name == self.me else f"{name}'s"


def _pct(k: int, n: int) -> str:
    return f"{k / n:.0%}" if n else "0%"


def partner_reasons(
    mine: PartnerSummary,
    other: PartnerSummary,
    *,
    role: Role,
    n_episodes: int,
    burst_example: str | None,
    voice: Voice | None = None,
) -> tuple[str, ...]:
    """The reasons behind a role, in plain words, each naming its measurement.

    When the partners swapped roles part-way (``mine.periods``), the swap is the first reason,
    and ``both`` is not described as both sides showing all along.

    Examples
    --------
    >>> from tandem.analysis.roles import Rates
    >>> def summary(name, rates):
    ...     return PartnerSummary(name, rates, None, 0.0, {}, 0, 0, None, 0, None, None,
    ...                           0, 0, 0, 0, Role.NEITHER, {})
    >>> a = summary("Sam", Rates(10, 0.3, 0.0, 0.0, 0.7, 3, 0, 0))
    >>> b = summary("Alex", Rates(10, 0.0, 0.2, 0.0, 0.8, 0, 2, 0))
    >>> partner_reasons(a, b, role=Role.PURSUER, n_episodes=0, burst_example=None,
    ...                 voice=Voice("Sam"))[0]
    'You pressed, criticised or demanded in 3 of 10 messages (30%); Alex did in 0 of 10 (0%).'
    """
    v = voice or Voice()
    me, ot = mine.name, other.name
    r, o = mine.rates, other.rates
    out = [
        f"{v.subj(me)} pressed, criticised or demanded in {r.n_pursue:,} of {r.n_messages:,} "
        f"messages ({_pct(r.n_pursue, r.n_messages)}); {v.obj(ot)} did in {o.n_pursue:,} of "
        f"{o.n_messages:,} ({_pct(o.n_pursue, o.n_messages)}).",
        f"{v.subj(me)} defended, dismissed or withdrew in {r.n_distance:,} of {r.n_messages:,} "
        f"messages ({_pct(r.n_distance, r.n_messages)}); {v.obj(ot)} did in {o.n_distance:,} "
        f"({_pct(o.n_distance, o.n_messages)}).",
    ]
    mv = mine.moves
    if mv is not None:
        said = [
            (mv.pressed, "pressed in {n} turns"),
            (mv.chased, "asked again after an unmet reach {n} times"),
            (mv.unanswered, f"let {{n}} of {v.poss_obj(ot)} reaches go unanswered"),
            (mv.late, "answered {n} reaches late"),
            (mv.left + mv.defended, "pulled away in {n} answers"),
        ]
        parts = [text.format(n=f"{n:g}") for n, text in said if n > 0]
        if parts:
            listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            out.append(f"Turn by turn ({mv.turns:,} turns), {v.obj(me)} {listed}.")
    if mine.n_pressure_bursts and burst_example:
        out.append(
            f"{v.subj(me)} sent {mine.n_pressure_bursts:,} run(s) of unanswered messages asking "
            f"for an answer, e.g. {burst_example}."
        )
    if mine.median_latency_min is not None and other.median_latency_min is not None:
        out.append(
            f"{v.poss(me)} typical reply took {_fmt_min(mine.median_latency_min)}, "
            f"{v.poss_pron(ot)} "
            f"{_fmt_min(other.median_latency_min)} (overnight gaps left out)."
        )
    mc, oc = mine.median_turn_chars_conflict, other.median_turn_chars_conflict
    if mc is not None and oc is not None and n_episodes:
        out.append(
            f"In heated exchanges {v.poss_obj(me)} turns ran to a median of {mc:.0f} characters, "
            f"{v.poss_pron(ot)} to {oc:.0f}."
        )
    if n_episodes:
        out.append(
            f"{v.subj(me)} started {mine.episodes_started:,} of {n_episodes:,} heated exchanges "
            f"and left {mine.episodes_left:,} of them."
        )
        if mine.episodes_closed_well:
            out.append(
                f"{v.subj(me)} closed {mine.episodes_closed_well:,} with a repair or an announced "
                "break: the better move, already in use."
            )
    if mine.periods:
        out.insert(0, swap_reason(me, mine.periods, v))
    if role is Role.BOTH and not mine.periods:
        out.append(f"{v.subj(me)} both pressed and pulled back, in similar measure.")
    elif role is Role.NEITHER:
        out.append(f"Few of {v.poss_obj(me)} messages were on either side of the cycle.")
    elif role is Role.UNCLEAR:
        out.append(
            f"The signs for {v.obj(me)} are few or point both ways, so no role is named; more "
            "weeks of chat would tell more."
        )
    return tuple(out)


def reasons_for(analysis: CycleAnalysis, name: str, *, me: str | None = None) -> tuple[str, ...]:
    """The reasons for ``name``'s role, addressed to ``me`` ("you") when given.

    Returns ``()`` when roles were withheld.
    """
    s = analysis.summaries[name]
    if s.role is None:
        return ()
    other = next(o for n, o in analysis.summaries.items() if n != name)
    q = analysis.partners.index(name)
    pressing = [b for b in analysis.timing.bursts_of(q) if b.demand]
    return partner_reasons(
        s,
        other,
        role=s.role.role,
        n_episodes=len(analysis.episodes),
        burst_example=pressing[0].evidence if pressing else None,
        voice=Voice(me),
    )


def _examples(
    coded: Sequence[CodedMessage], arr: MessageArrays, extra: dict[int, str], q: int
) -> dict[str, tuple[Example, ...]]:
    best: dict[Code, list[tuple[float, int, str]]] = {}
    mine = arr.who == q
    for j, code in enumerate(CODES):
        if code is Code.NEUTRAL:
            continue
        # The first few hundred messages with this code are plenty to pick two examples from.
        for r in np.flatnonzero(arr.codes[:, j] & mine)[:EXAMPLE_POOL].tolist():
            cm = coded[int(arr.index[r])]
            a = next((a for a in cm.codes if a.code is code), None)
            if a is not None:
                best.setdefault(code, []).append((a.confidence, r, a.evidence))
            elif r in extra:  # pressure that only the timing showed
                best.setdefault(code, []).append((0.9, r, extra[r]))
    out: dict[str, tuple[Example, ...]] = {}
    for code in CODES:
        cands = best.get(code)
        if not cands:
            continue
        cands.sort(key=lambda c: (-c[0], len(arr.texts[c[1]]) > 300, c[1]))
        chosen: list[Example] = []
        seen: set[str] = set()
        for conf, r, ev in cands:
            text = snippet(arr.texts[r], 200)
            if text in seen or not text:
                continue
            seen.add(text)
            ts = arr.times[r]
            chosen.append(Example(text, ev, ts.strftime("%Y-%m-%d %H:%M") if ts else "", conf))
            if len(chosen) == EXAMPLES_PER_CODE:
                break
        out[code.value] = tuple(chosen)
    return out


def _timeline(arr: MessageArrays, partners: tuple[str, str]) -> Timeline:
    n = arr.n
    bins = max(1, min(TIMELINE_BINS, n))
    edges = np.unique(np.linspace(0, n, bins + 1).round().astype(np.int64)) if n else np.array([0])
    counts: dict[str, dict[str, tuple[int, ...]]] = {}
    sides = {
        "pursue": arr.pursue,
        "distance": arr.distance,
        "constructive": arr.constructive,
        "messages": np.ones(n, dtype=bool),
    }
    pos = np.arange(n)
    for q in (0, 1):
        mine = arr.who == q
        counts[partners[q]] = {
            k: tuple(np.histogram(pos[mine & v], bins=edges)[0].tolist()) if n else ()
            for k, v in sides.items()
        }
    stamps = [arr.times[int(e)] for e in edges[:-1]] if n else []
    return Timeline(edges=tuple(edges.tolist()), labels=date_labels(stamps), counts=counts)


def date_labels(stamps: Sequence[datetime | None]) -> tuple[str, ...]:
    """Axis labels for the timeline, so a chat of many years shows its years.

    Day and month within one calendar year; month and year across years.

    Examples
    --------
    >>> date_labels([datetime(2024, 3, 2), None])
    ('02 Mar', '')
    >>> date_labels([datetime(2009, 3, 2), datetime(2026, 1, 5)])
    ('Mar 2009', 'Jan 2026')
    """
    years = {ts.year for ts in stamps if ts is not None}
    shape = "%b %Y" if len(years) > 1 else "%d %b"
    return tuple(ts.strftime(shape) if ts is not None else "" for ts in stamps)


def _periods(turning: TurningPoint, arr: MessageArrays) -> list[tuple[RolePeriod, ...]]:
    """Each partner's role before and after the turning point."""
    times = arr.times
    cut = turning.row
    first = times[0] if times else None
    last = times[-1] if times else None
    return [
        (
            RolePeriod(first, times[cut - 1], *turning.before[q]),
            RolePeriod(times[cut], last, *turning.after[q]),
        )
        for q in (0, 1)
    ]


_BOTH_SIDES = {Role.PURSUER, Role.DISTANCER}


def swap_reason(name: str, periods: tuple[RolePeriod, ...], voice: Voice | None = None) -> str:
    """One sentence on a reversal, from a partner's two periods.

    Examples
    --------
    >>> before = RolePeriod(None, None, Role.PURSUER, 0.7)
    >>> after = RolePeriod(datetime(2026, 2, 9), None, Role.DISTANCER, 0.6)
    >>> swap_reason("Nora", (before, after), Voice("Nora"))[:72]
    'The roles swapped around 09 Feb 2026: you were mostly the pursuer before'
    >>> quiet = RolePeriod(datetime(2026, 2, 9), None, Role.NEITHER, 0.6)
    >>> swap_reason("Nora", (before, quiet), Voice("Nora"))[:42]
    'The roles changed hands around 09 Feb 2026'
    >>> swap_reason("Nora", (before, quiet), Voice("Nora"))[44:]
    'you were mostly the pursuer before that, and in neither role after.'
    """
    v = voice or Voice()
    before, after = periods
    at = f"around {after.start:%d %b %Y}" if after.start is not None else "part-way through"
    were = "were" if name == v.me else "was"
    who = v.obj(name)
    if {before.role, after.role} == _BOTH_SIDES:
        return (
            f"The roles swapped {at}: {who} {were} mostly the {before.role.value} before that "
            f"and the {after.role.value} after, so over the whole chat {who} {were} both."
        )
    return (
        f"The roles changed hands {at}: {who} {were} mostly {_in_role(before.role)} before "
        f"that, and {_in_role(after.role)} after."
    )


def _in_role(role: Role) -> str:
    return "in neither role" if role is Role.NEITHER else f"the {role.value}"


def analyze_cycle(
    coded: Sequence[CodedMessage],
    *,
    partners: tuple[str, str],
    rng: np.random.Generator,
    n_boot: int = 500,
    episode_rules: EpisodeRules | None = None,
) -> CycleAnalysis:
    """Analyse the pursue–withdraw cycle of a coded conversation.

    Parameters
    ----------
    coded : sequence of CodedMessage
        The coded messages, in conversation order (system lines are skipped).
    partners : tuple of (str, str)
        Names of partner A and partner B.
    rng : numpy.random.Generator
        Randomness for the bootstrap intervals (seed it for reproducible reports).
    n_boot : int, default=500
        Bootstrap draws for the coupling intervals.
    episode_rules : EpisodeRules, optional
        Thresholds for escalation episodes.

    Returns
    -------
    CycleAnalysis
        Every figure. Too little signal or a safety concern withholds the roles and says why
        in ``status_message``.

    Examples
    --------
    >>> import numpy as np
    >>> analyze_cycle((), partners=("A", "B"), rng=np.random.default_rng(0)).roles_assigned
    False
    """
    rules = episode_rules or EpisodeRules()
    raw = to_arrays(coded)
    signals = timing_signals(raw)
    arr = add_timing_pressure(raw, signals)
    hits = tuple(
        SafetyHit(int(arr.index[h.row]), h.kind, h.words, h.text) for h in scan_safety(arr.texts)
    )
    language = detect_language(
        cm.message.text
        for cm in coded
        if cm.message.is_from_partner and cm.message.kind is MessageKind.TEXT
    )
    table = move_table(arr)
    moves = table.moves()
    status, message = _status(arr, partners, hits, language, sum(m.timing_events for m in moves))
    rates = partner_rates(arr)
    episodes = find_episodes(arr, rules)
    who_t, p_t, w_t, brk = turn_states(arr)
    pol = polarity(who_t, p_t, w_t, brk)
    coupling = fit_coupling(who_t, p_t, w_t, brk, rng=rng, n_boot=n_boot)
    baseline = timing_baseline(signals)

    # Turn lengths inside conflict.
    in_ep = episode_mask(arr.n, episodes)
    starts = signals.turn_start
    conflict_chars: list[float | None] = [None, None]
    if starts.shape[0]:
        chars = np.add.reduceat(arr.length, starts)
        t_in = in_ep[starts]
        for q in (0, 1):
            sel = chars[(arr.who[starts] == q) & t_in]
            conflict_chars[q] = float(np.median(sel)) if sel.shape[0] else None

    code_totals = []
    for q in (0, 1):
        sums = arr.codes[arr.who == q].sum(axis=0).tolist()
        code_totals.append({c.value: int(sums[j]) for j, c in enumerate(CODES)})
    summaries: dict[str, PartnerSummary] = {}
    role_list: list[tuple[Role, float, float]] = [role_from_moves(moves[q]) for q in (0, 1)]
    # Withheld roles (a safety concern, too little signal) get no periods either.
    turning = find_turning_point(table) if status == STATUS_OK else None
    periods: list[tuple[RolePeriod, ...]] = [(), ()]
    if turning is not None:
        periods = _periods(turning, arr)
        for q in (0, 1):
            # Pursuer in one stretch and distancer in the other is both over the whole chat;
            # a partner who only left a side of the cycle (pursuer, then neither) keeps the
            # role read over the whole chat.
            if {turning.before[q][0], turning.after[q][0]} == _BOTH_SIDES:
                conf = min(turning.before[q][1], turning.after[q][1])
                role_list[q] = (Role.BOTH, conf, role_list[q][2])
    for q in (0, 1):
        summaries[partners[q]] = PartnerSummary(
            name=partners[q],
            rates=rates[q],
            role=None,
            lean=role_list[q][2],
            code_counts=code_totals[q],
            n_bursts=len(signals.bursts_of(q)),
            n_pressure_bursts=sum(1 for b in signals.bursts_of(q) if b.demand),
            median_latency_min=signals.median_latency_min[q],
            n_latencies=signals.n_latencies[q],
            median_turn_chars=signals.median_turn_chars[q],
            median_turn_chars_conflict=conflict_chars[q],
            episodes_started=sum(e.started_by == q for e in episodes),
            episodes_left=sum(e.ending == "left" and e.ended_by == q for e in episodes),
            episodes_last_word=sum(e.last_word == q for e in episodes),
            episodes_closed_well=sum(
                e.ending in ("repair", "time-out") and e.ended_by == q for e in episodes
            ),
            baseline_role=baseline.roles[q],
            examples=_examples(coded, arr, signals.pressure_rows, q),
            moves=moves[q],
            periods=periods[q],
        )
    if status == STATUS_OK:
        for q in (0, 1):
            role, conf, _ = role_list[q]
            pressing = [b for b in signals.bursts_of(q) if b.demand]
            reasons = partner_reasons(
                summaries[partners[q]],
                summaries[partners[1 - q]],
                role=role,
                n_episodes=len(episodes),
                burst_example=pressing[0].evidence if pressing else None,
            )
            summaries[partners[q]] = replace(
                summaries[partners[q]], role=RoleEstimate(role, conf, reasons)
            )
    roles_only = [r[0] for r in role_list]

    main_loop: int | None = None
    if status == STATUS_OK:
        if roles_only[0] is Role.PURSUER and roles_only[1] is not Role.PURSUER:
            main_loop = 0
        elif roles_only[1] is Role.PURSUER and roles_only[0] is not Role.PURSUER:
            main_loop = 1
        elif pol.polarity != 0:
            main_loop = 0 if pol.polarity > 0 else 1
        else:
            g = [abs(lp.gain.value) if lp.gain.value is not None else -1.0 for lp in coupling.loops]
            main_loop = 0 if g[0] >= g[1] else 1

    n = arr.n
    views: list[EpisodeView] = []
    for i, e in enumerate(episodes, start=1):
        views.append(
            EpisodeView(
                number=i,
                start=int(arr.index[e.start]),
                peak=int(arr.index[e.peak]),
                end=int(arr.index[e.end]),
                start_time=arr.times[e.start],
                peak_time=arr.times[e.peak],
                end_time=arr.times[e.end],
                started_by=partners[e.started_by],
                ending=e.ending,
                ended_by=None if e.ended_by is None else partners[e.ended_by],
                last_word=partners[e.last_word],
                n_messages=e.n_messages,
                n_harmful=e.n_harmful,
                n_constructive=e.n_constructive,
                peak_heat=e.peak_heat,
                start_text=snippet(arr.texts[e.start]),
                peak_text=snippet(arr.texts[e.peak]),
                end_text=snippet(arr.texts[e.end]),
                x_start=e.start / n,
                x_end=(e.end + 1) / n,
            )
        )
    timed = [t for t in arr.times if t is not None]
    return CycleAnalysis(
        partners=partners,
        status=status,
        status_message=message,
        n_messages=n,
        start=timed[0] if timed else None,
        end=timed[-1] if timed else None,
        summaries=summaries,
        polarity=pol,
        coupling=coupling,
        main_loop=main_loop,
        episodes=tuple(views),
        conflict_ratio=conflict_ratio(episodes),
        timing=signals,
        baseline=baseline,
        safety_hits=hits,
        timeline=_timeline(arr, partners),
        language=language,
        turning_point=arr.times[turning.row] if turning is not None else None,
        settings={
            "n_boot": n_boot,
            "episode_rules": {k: getattr(rules, k) for k in rules.__dataclass_fields__},
            "min_messages": MIN_MESSAGES,
            "min_each": MIN_EACH,
            "min_coded": MIN_CODED,
            "pursue_codes": [CODES[i].value for i in PURSUE_COLS],
            "distance_codes": [CODES[i].value for i in DISTANCE_COLS],
            "constructive_codes": [CODES[i].value for i in CONSTRUCTIVE_COLS],
        },
    )
