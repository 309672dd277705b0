"""Scoring the quiz: scale scores, each partner's role from both views, and where they differ.

Every scale score is the mean of its keyed ratings (reverse-keyed items count as
``low + high - rating``), so it lies on the rating range itself, 1 to 9, with 5 in the middle.
Skipped items (``null``) are left out of the mean; a scale needs at least half of its items.

A partner's role comes from two places: their own answers about themselves (``self_pursue``,
``self_withdraw``) and the other partner's answers about them (``partner_pursue``,
``partner_withdraw``). :func:`classify_role` turns a pair of pressing and pulling-away scores into
a role and how clear it is; the couple view averages the two reports.

Examples
--------
>>> from tandem.assessment.items import load_items
>>> from tandem.assessment.answers import AnswerSheet
>>> bank = load_items()
>>> def sheet(name, press, pull, p_press, p_pull):
...     values = {"self_pursue": press, "self_withdraw": pull, "partner_pursue": p_press,
...               "partner_withdraw": p_pull}
...     answers = {}
...     for item in bank.items:
...         rating = values.get(item.scale, 3)
...         answers[item.id] = 10 - rating if item.reverse else rating
...     return AnswerSheet(name, answers)
>>> result = score_couple(sheet("Sam", 8, 2, 3, 7), sheet("Alex", 2, 7, 8, 3))
>>> result.roles["Sam"].role.value, result.roles["Alex"].role.value
('pursuer', 'distancer')
>>> result.scores[0].scales["self_pursue"].score
8.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tandem.assessment.answers import AnswerSheet
from tandem.assessment.items import ItemBank, load_items
from tandem.domain import CoupleProfile, Role, RoleEstimate, SafetyConcern
from tandem.errors import InvalidChoice, NotEnoughData

ROLE_MARGIN = 1.0
"""Points (on the 1-9 scale) by which pressing must exceed pulling away, or the reverse, for a
one-sided role; closer than this and both high, the role is ``both``."""
CLARITY_SPAN = 2.0
"""Points beyond the nearest decision line at which a role counts as fully clear."""
DISAGREEMENT_GAP = 2.0
"""Points apart at which two views of the same thing are reported as a disagreement."""

SAFETY_MESSAGE = (
    "Some answers or messages point to fear, threats or control. That is not a pursue-withdraw "
    "pattern, and advice about this pattern is not the right tool for it. If you are in danger "
    "now, call your local emergency number (112 in Europe, 911 in North America, 999 in the UK). "
    "A domestic abuse helpline can listen and help you plan in confidence (for example the "
    "National Domestic Violence Hotline in the US, 1-800-799-7233, or the National Domestic Abuse "
    "Helpline in the UK, 0808 2000 247); a counsellor or doctor you trust can point you to local "
    "services. Couples sessions are usually not advised while one partner is afraid of the other."
)
"""What Tandem says instead of coaching when it sees signs of fear or abuse."""

OWN_SAFETY_MESSAGE = (
    "Your answers say that you are sometimes afraid of your partner, or feel threatened or "
    "controlled. Only you see this: Tandem never shows these answers to your partner or to a "
    "therapist, and nothing on your partner's pages changes because of them. If you are in danger "
    "now, call your local emergency number (112 in Europe, 911 in North America, 999 in the UK). "
    "A domestic abuse helpline can listen and help you plan in confidence (for example the "
    "National Domestic Violence Hotline in the US, 1-800-799-7233, or the National Domestic Abuse "
    "Helpline in the UK, 0808 2000 247). Exercises for couples are usually not advised while one "
    "partner is afraid of the other; a counsellor you see on your own is a safer place to start."
)
"""Said to the person whose own quiz answers point to fear, and only to them."""

LIMITS: tuple[str, ...] = (
    "These scores describe how each of you sees your usual pattern, not who is right and not "
    "anyone's character.",
    "A quiz cannot see what actually happens between you; an analysis of your chat or a "
    "counsellor sees more.",
    "Answers move with mood and recent events: treat them as a place to start talking, not a "
    "verdict.",
    "Two questions ask about fear; they cannot rule out danger. Trust your own sense of safety.",
    "Each of you sees only your own answers. What you both see is this combined picture: each "
    "partner's side of the pattern from both views together, so it can hint at how the other "
    "answered, but never shows a single answer.",
    "This is not therapy and not a diagnosis; couples counselling is the place to go deeper.",
)
"""What the quiz cannot tell, shown with every result."""


@dataclass(frozen=True, slots=True)
class ScaleScore:
    """One scale's score for one answerer."""

    scale: str
    """Scale id."""
    score: float
    """Mean keyed rating, from ``low`` to ``high``."""
    low: int
    """Lowest possible score."""
    high: int
    """Highest possible score."""
    answered: int
    """Items answered on this scale."""
    n_items: int
    """Items the scale has."""

    @property
    def normalised(self) -> float:
        """The score moved to 0-1 (0 = lowest rating, 1 = highest)."""
        return (self.score - self.low) / (self.high - self.low)


@dataclass(frozen=True)
class PartnerScores:
    """Everything one answer sheet says."""

    partner: str
    """Who answered."""
    other: str
    """Whom the ``partner_*`` scales describe."""
    scales: dict[str, ScaleScore]
    """Score per scale id."""
    arenas: dict[str, dict[str, float]]
    """Per arena (arguments, stress, intimacy), the answerer's own ``pursue`` and ``withdraw``."""
    patterns: dict[str, float]
    """The two demand-withdraw patterns as this answerer sees them (mean of the two scales):
    ``self_demand_partner_withdraw`` and ``partner_demand_self_withdraw``."""
    skipped: tuple[str, ...] = ()
    """Items skipped on purpose."""
    safety_items: tuple[tuple[str, int], ...] = ()
    """Safety items answered at or above the middle of the scale, with the rating."""


@dataclass(frozen=True, slots=True)
class RoleView:
    """One report of a partner's role: their own, or the other partner's view of them."""

    about: str
    """Whose role."""
    reporter: str
    """Whose answers it comes from."""
    pursue: float
    """Pressing score, 1-9."""
    withdraw: float
    """Pulling-away score, 1-9."""
    estimate: RoleEstimate
    """Role with clarity."""

    @property
    def is_self_report(self) -> bool:
        """Whether the person describes themselves."""
        return self.about == self.reporter


@dataclass(frozen=True, slots=True)
class SharedPartner:
    """One partner in the shared picture: their side of the pattern from both views together."""

    name: str
    role: RoleEstimate
    """Role and clarity from every report about this partner."""
    pursue: float
    """Pressing, the mean of the partner's own view and the other's view (1-9)."""
    withdraw: float
    """Pulling away, the same mean (1-9)."""


@dataclass(frozen=True)
class SharedQuiz:
    """What the quiz shows to anyone but the person who answered: partner and therapist.

    Built by :meth:`QuizResult.shared`. It holds no item answer, no single view's score, none of
    the self scales (worry, overwhelm, need for space), no arenas and nothing about the safety
    items, so no page, plan, JSON or terminal output made from it can reveal them.

    Examples
    --------
    >>> from tandem.assessment.items import load_items
    >>> from tandem.assessment.answers import AnswerSheet
    >>> bank = load_items()
    >>> a = AnswerSheet("Sam", {i.id: 5 for i in bank.items}, other="Alex")
    >>> shared = score_couple(a, AnswerSheet("Alex", {i.id: 5 for i in bank.items})).shared()
    >>> sorted(shared.to_dict())
    ['constructive', 'disagreements', 'high', 'limits', 'low', 'partners']
    """

    partners: tuple[SharedPartner, ...]
    constructive: float | None
    """Both partners' mean rating of how well they talk things through (1-9)."""
    disagreements: tuple[str, ...]
    """Where the two views differ, without saying who gave which rating."""
    low: int
    high: int
    limits: tuple[str, ...] = field(default=LIMITS)

    def partner(self, name: str) -> SharedPartner | None:
        """The shared figures of ``name``, if the quiz describes them."""
        return next((p for p in self.partners if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """The shared picture as plain JSON types."""
        return {
            "partners": {
                p.name: {
                    "role": p.role.role.value,
                    "clarity": round(p.role.confidence, 3),
                    "reasons": list(p.role.reasons),
                    "pursue": round(p.pursue, 3),
                    "withdraw": round(p.withdraw, 3),
                }
                for p in self.partners
            },
            "constructive": None if self.constructive is None else round(self.constructive, 3),
            "disagreements": list(self.disagreements),
            "low": self.low,
            "high": self.high,
            "limits": list(self.limits),
        }


@dataclass(frozen=True)
class QuizResult:
    """The scored quiz for one couple (one or both partners answered)."""

    partners: tuple[str, str]
    """Names of the two partners (the first answer sheet's author first)."""
    scores: tuple[PartnerScores, ...]
    """One per answer sheet."""
    views: tuple[RoleView, ...]
    """Every role report: self-reports and reports about the other."""
    roles: dict[str, RoleEstimate]
    """The couple view: per partner, the role from all reports together."""
    disagreements: tuple[str, ...]
    """Plain statements of where the two views differ."""
    safety_concern: SafetyConcern | None = None
    """Set when a safety item was answered at or above the middle. Private to whoever answered
    it: show it only through :meth:`safety_for` to that person, never in anything shared."""
    limits: tuple[str, ...] = field(default=LIMITS)
    """What the quiz cannot tell."""

    def shared(self) -> SharedQuiz:
        """The picture a partner or a therapist may see (see :class:`SharedQuiz`)."""
        first = self.scores[0].scales["self_pursue"]
        people = []
        for name in self.partners:
            if not self.views_of(name):
                continue
            pursue, withdraw = self.combined(name)
            people.append(SharedPartner(name, self.roles[name], pursue, withdraw))
        return SharedQuiz(
            partners=tuple(people),
            constructive=self.scale_mean("constructive"),
            disagreements=self.disagreements,
            low=first.low,
            high=first.high,
            limits=self.limits,
        )

    def safety_for(self, name: str, bank: ItemBank | None = None) -> SafetyConcern | None:
        """The safety note for ``name``'s own answers, to be shown to ``name`` alone."""
        mine = next((s for s in self.scores if s.partner == name), None)
        if mine is None or not mine.safety_items:
            return None
        bank = bank or load_items()
        return SafetyConcern(
            evidence=tuple(
                f"you answered {rating} of {bank.high} to: {bank.item(item_id).text}"
                for item_id, rating in mine.safety_items
            ),
            message=OWN_SAFETY_MESSAGE,
        )

    def views_of(self, name: str) -> tuple[RoleView, ...]:
        """Reports about ``name``, self-report first."""
        return tuple(
            sorted((v for v in self.views if v.about == name), key=lambda v: not v.is_self_report)
        )

    def combined(self, name: str) -> tuple[float, float]:
        """Mean pressing and pulling-away score of ``name`` over all reports."""
        views = self.views_of(name)
        return (
            sum(v.pursue for v in views) / len(views),
            sum(v.withdraw for v in views) / len(views),
        )

    def scale_mean(self, scale: str) -> float | None:
        """Mean over answerers of a couple-level scale (e.g. ``constructive``)."""
        values = [s.scales[scale].score for s in self.scores if scale in s.scales]
        return sum(values) / len(values) if values else None

    def own_scale(self, name: str, scale: str) -> float | None:
        """``name``'s own score on a self scale (anxiety, flooding, space), if they answered."""
        for s in self.scores:
            if s.partner == name and scale in s.scales:
                return s.scales[scale].score
        return None

    def to_couple_profile(self) -> CoupleProfile:
        """The couple profile of the quiz (``sources=("quiz",)``).

        Rates are positions on the scale moved to 0-1: ``pursue_rate`` is the combined pressing
        score, ``distance_rate`` the combined pulling-away score, ``constructive_rate`` the mean
        of the answerers' ``constructive`` score (the same for both partners). It never carries
        the safety answers (they stay with whoever gave them, see :meth:`safety_for`).
        """
        low, high = (
            self.scores[0].scales["self_pursue"].low,
            self.scores[0].scales["self_pursue"].high,
        )
        span = high - low
        constructive = self.scale_mean("constructive")
        pursue: dict[str, float] = {}
        distance: dict[str, float] = {}
        for name in self.partners:
            p, w = self.combined(name)
            pursue[name] = round((p - low) / span, 4)
            distance[name] = round((w - low) / span, 4)
        return CoupleProfile(
            partners=self.partners,
            roles=dict(self.roles),
            pursue_rate=pursue,
            distance_rate=distance,
            constructive_rate=(
                {n: round((constructive - low) / span, 4) for n in self.partners}
                if constructive is not None
                else {}
            ),
            # Never the quiz's safety answers: the profile feeds pages both partners see.
            safety_concern=None,
            sources=("quiz",),
        )

    def to_dict(self) -> dict[str, Any]:
        """Every figure as plain JSON types."""
        return {
            "partners": {
                name: {
                    "role": self.roles[name].role.value,
                    "clarity": round(self.roles[name].confidence, 3),
                    "reasons": list(self.roles[name].reasons),
                    "views": [
                        {
                            "reporter": v.reporter,
                            "pursue": round(v.pursue, 3),
                            "withdraw": round(v.withdraw, 3),
                            "role": v.estimate.role.value,
                            "clarity": round(v.estimate.confidence, 3),
                        }
                        for v in self.views_of(name)
                    ],
                }
                for name in self.partners
            },
            "answers": [
                {
                    "partner": s.partner,
                    "about": s.other,
                    "scales": {
                        sid: {
                            "score": round(sc.score, 3),
                            "low": sc.low,
                            "high": sc.high,
                            "answered": sc.answered,
                            "items": sc.n_items,
                        }
                        for sid, sc in s.scales.items()
                    },
                    "arenas": {
                        a: {k: round(v, 3) for k, v in d.items()} for a, d in s.arenas.items()
                    },
                    "patterns": {k: round(v, 3) for k, v in s.patterns.items()},
                    "skipped": list(s.skipped),
                }
                for s in self.scores
            ],
            "disagreements": list(self.disagreements),
            "safety_concern": _concern_dict(self.safety_concern),
            "limits": list(self.limits),
        }

    def own_dict(self, name: str, bank: ItemBank | None = None) -> dict[str, Any]:
        """:meth:`to_dict` as ``name`` alone may see it: their safety note in their own words.

        Meant for a result scored from ``name``'s own answer sheet only (the self view).
        """
        return {**self.to_dict(), "safety_concern": _concern_dict(self.safety_for(name, bank))}


def _concern_dict(concern: SafetyConcern | None) -> dict[str, Any] | None:
    if concern is None:
        return None
    return {"evidence": list(concern.evidence), "message": concern.message}


def classify_role(
    pursue: float, withdraw: float, *, low: int = 1, high: int = 9
) -> tuple[Role, float]:
    """The role a pair of pressing and pulling-away scores describes, and how clear it is.

    With ``mid`` the middle of the scale (5 on 1-9) and ``d = pursue - withdraw``:

    * both below ``mid``: ``neither``;
    * otherwise ``|d| < ROLE_MARGIN``: ``both``;
    * otherwise ``pursuer`` when ``d > 0``, ``distancer`` when ``d < 0``.

    Clarity is the distance to the nearest of those lines divided by :data:`CLARITY_SPAN`,
    capped at 1 (for ``both`` the distance to the ``|d|`` line counts double, since that band is
    only ``2 * ROLE_MARGIN`` wide).

    Examples
    --------
    >>> classify_role(9, 1)
    (<Role.PURSUER: 'pursuer'>, 1.0)
    >>> classify_role(5.5, 2)
    (<Role.PURSUER: 'pursuer'>, 0.25)
    >>> classify_role(2, 3)
    (<Role.NEITHER: 'neither'>, 1.0)
    >>> classify_role(7, 7)
    (<Role.BOTH: 'both'>, 1.0)
    """
    mid = (low + high) / 2
    d = pursue - withdraw
    top = max(pursue, withdraw)
    if top < mid:
        return Role.NEITHER, min(1.0, (mid - top) / CLARITY_SPAN)
    if abs(d) < ROLE_MARGIN:
        margin = min(2 * (ROLE_MARGIN - abs(d)), pursue - mid, withdraw - mid)
        return Role.BOTH, max(0.0, min(1.0, margin / CLARITY_SPAN))
    margin = min(abs(d) - ROLE_MARGIN, top - mid)
    return (Role.PURSUER if d > 0 else Role.DISTANCER), min(1.0, margin / CLARITY_SPAN)


def score_sheet(sheet: AnswerSheet, bank: ItemBank | None = None, *, other: str) -> PartnerScores:
    """Score one partner's answers.

    Parameters
    ----------
    sheet : AnswerSheet
        Checked answers (see :func:`tandem.assessment.answers.parse_answers`).
    bank : ItemBank, optional
        The quiz; the shipped one by default.
    other : str
        Name of the partner the ``partner_*`` items describe.

    Raises
    ------
    NotEnoughData
        When fewer than half of a scale's items are answered.
    """
    bank = bank or load_items()
    scales: dict[str, ScaleScore] = {}
    for sid in bank.scale_ids:
        items = bank.items_of(sid)
        keyed = [bank.keyed(i.id, r) for i in items if (r := sheet.answers.get(i.id)) is not None]
        if 2 * len(keyed) < len(items):
            raise NotEnoughData(
                f"only {len(keyed)} of {len(items)} items of scale {sid!r} answered; "
                f"answer at least {(len(items) + 1) // 2}",
                where=f"answers of {sheet.partner}",
            )
        scales[sid] = ScaleScore(
            scale=sid,
            score=sum(keyed) / len(keyed),
            low=bank.low,
            high=bank.high,
            answered=len(keyed),
            n_items=len(items),
        )
    arenas: dict[str, dict[str, float]] = {}
    for arena in ("arguments", "stress", "intimacy"):
        row: dict[str, float] = {}
        for side, sid in (("pursue", "self_pursue"), ("withdraw", "self_withdraw")):
            keyed = [
                bank.keyed(i.id, r)
                for i in bank.items_of(sid, arena)
                if (r := sheet.answers.get(i.id)) is not None
            ]
            if keyed:
                row[side] = sum(keyed) / len(keyed)
        if len(row) == 2:
            arenas[arena] = row
    mid = (bank.low + bank.high) / 2
    safety = tuple(
        (i.id, r)
        for i in bank.items_of("safety")
        if (r := sheet.answers.get(i.id)) is not None and r >= mid
    )
    return PartnerScores(
        partner=sheet.partner,
        other=other,
        scales=scales,
        arenas=arenas,
        patterns={
            "self_demand_partner_withdraw": (
                scales["self_pursue"].score + scales["partner_withdraw"].score
            )
            / 2,
            "partner_demand_self_withdraw": (
                scales["partner_pursue"].score + scales["self_withdraw"].score
            )
            / 2,
        },
        skipped=tuple(k for k, v in sheet.answers.items() if v is None),
        safety_items=safety,
    )


def _estimate(pursue: float, withdraw: float, reason: str, bank: ItemBank) -> RoleEstimate:
    role, clarity = classify_role(pursue, withdraw, low=bank.low, high=bank.high)
    return RoleEstimate(role=role, confidence=round(clarity, 4), reasons=(reason,))


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def score_couple(
    first: AnswerSheet, second: AnswerSheet | None = None, *, bank: ItemBank | None = None
) -> QuizResult:
    """Score one or both partners' answers and combine them into the couple view.

    Parameters
    ----------
    first : AnswerSheet
        One partner's answers.
    second : AnswerSheet, optional
        The other partner's answers. Without it, the other partner's role comes only from
        ``first``'s answers about them.
    bank : ItemBank, optional
        The quiz; the shipped one by default.

    Returns
    -------
    QuizResult

    Raises
    ------
    InvalidChoice
        When both sheets are by the same name, or a sheet's ``other`` names someone else.
    NotEnoughData
        When a scale has fewer than half its items answered.
    """
    bank = bank or load_items()
    a = first.partner
    if second is not None:
        b = second.partner
        if a.casefold() == b.casefold():
            raise InvalidChoice(f"both answer files are by {a!r}; each partner answers alone")
        for sheet, expected in ((first, b), (second, a)):
            if sheet.other is not None and sheet.other.casefold() != expected.casefold():
                raise InvalidChoice(
                    f"{sheet.partner}'s answers are about {sheet.other!r}, "
                    f"but the other file is by {expected!r}"
                )
    else:
        b = first.other or f"{a}'s partner"
    sheets = (first,) if second is None else (first, second)
    scores = tuple(score_sheet(s, bank, other=(b if s is first else a)) for s in sheets)
    views: list[RoleView] = []
    for s in scores:
        p, w = s.scales["self_pursue"].score, s.scales["self_withdraw"].score
        views.append(
            RoleView(
                about=s.partner,
                reporter=s.partner,
                pursue=p,
                withdraw=w,
                estimate=_estimate(
                    p,
                    w,
                    f"{s.partner}'s own answers: presses {_fmt(p)}, pulls away {_fmt(w)} "
                    f"of {bank.high}",
                    bank,
                ),
            )
        )
        p, w = s.scales["partner_pursue"].score, s.scales["partner_withdraw"].score
        views.append(
            RoleView(
                about=s.other,
                reporter=s.partner,
                pursue=p,
                withdraw=w,
                estimate=_estimate(
                    p,
                    w,
                    f"{s.partner}'s answers about {s.other}: presses {_fmt(p)}, pulls "
                    f"away {_fmt(w)} of {bank.high}",
                    bank,
                ),
            )
        )
    roles: dict[str, RoleEstimate] = {}
    for name in (a, b):
        own = [v for v in views if v.about == name]
        own.sort(key=lambda v: not v.is_self_report)
        p = sum(v.pursue for v in own) / len(own)
        w = sum(v.withdraw for v in own) / len(own)
        role, clarity = classify_role(p, w, low=bank.low, high=bank.high)
        reasons = [v.estimate.reasons[0] + f" ({v.estimate.role.value})" for v in own]
        if len({v.estimate.role for v in own}) > 1:
            clarity /= 2
            reasons.append(
                "the two views point to different roles, so the combined role is less clear"
            )
        if len(own) == 1:
            reasons.append("only one view of this partner: ask them to answer too")
        roles[name] = RoleEstimate(role=role, confidence=round(clarity, 4), reasons=tuple(reasons))
    disagreements = _disagreements(scores, views, bank)
    return QuizResult(
        partners=(a, b),
        scores=scores,
        views=tuple(views),
        roles=roles,
        disagreements=disagreements,
        safety_concern=_safety(scores, bank),
    )


def _disagreements(
    scores: Sequence[PartnerScores], views: Sequence[RoleView], bank: ItemBank
) -> tuple[str, ...]:
    out: list[str] = []
    if len(scores) < 2:
        return ()
    for s in scores:
        name = s.partner
        mine = next(v for v in views if v.about == name and v.is_self_report)
        theirs = next(v for v in views if v.about == name and not v.is_self_report)
        # Who gave which rating stays private: only the gap is shared.
        for what, x, y in (
            ("pressing", mine.pursue, theirs.pursue),
            ("pulling away", mine.withdraw, theirs.withdraw),
        ):
            if abs(x - y) >= DISAGREEMENT_GAP:
                out.append(
                    f"You see {name}'s {what} differently: your two views of it are "
                    f"{_fmt(abs(x - y))} points apart on the {bank.low}-{bank.high} scale."
                )
        if mine.estimate.role is not theirs.estimate.role:
            out.append(
                f"Your two views of {name} point to different sides of the pattern, so "
                f"{name}'s side is less clear."
            )
    c1, c2 = (s.scales["constructive"].score for s in scores)
    if abs(c1 - c2) >= DISAGREEMENT_GAP:
        out.append(
            "You rate how well you talk things through differently: "
            f"{_fmt(abs(c1 - c2))} points apart."
        )
    if out:
        out.append(
            "Different views are information too: they show moments the two of you experience "
            "differently, which is worth talking over calmly."
        )
    return tuple(out)


def _safety(scores: Sequence[PartnerScores], bank: ItemBank) -> SafetyConcern | None:
    evidence = tuple(
        f"{s.partner} answered {rating} of {bank.high} to: {bank.item(item_id).text}"
        for s in scores
        for item_id, rating in s.safety_items
    )
    return SafetyConcern(evidence=evidence, message=SAFETY_MESSAGE) if evidence else None
