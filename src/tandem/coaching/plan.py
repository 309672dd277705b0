"""A change plan for each partner, ordered by what this couple's own data shows.

:func:`build_plan` reads a :class:`~tandem.domain.CoupleProfile` (from the chat analysis, the quiz
or both, see :func:`combine_profiles`), the coded messages behind it, and optionally the quiz
result and the cycle analysis for finer measurements. Each step says *because*: the measurement
that put it where it is. Examples are the partner's own messages that fed the loop, each with a
softer way to say the same thing (:mod:`tandem.coaching.softer`).

Where the data shows signs of fear or threats the plan gives no steps at all: it says plainly
that pattern advice is not the right tool and where to find help.

Examples
--------
>>> from tandem.domain import CoupleProfile, Role, RoleEstimate
>>> profile = CoupleProfile(partners=("Sam", "Alex"), roles={
...     "Sam": RoleEstimate(Role.PURSUER, 0.8), "Alex": RoleEstimate(Role.DISTANCER, 0.7)})
>>> plan = build_plan(profile)
>>> [s.title for s in plan.partners["Alex"].steps][0]
'Show you understand before you explain'
>>> plan.to_dict()["partners"]["Sam"]["role"]
'pursuer'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from tandem.assessment import QuizResult, SharedQuiz
from tandem.coaching.softer import RULE_OF, shows_move, soften
from tandem.coaching.steps import STEPS, StepSpec
from tandem.domain import Code, CodedMessage, CoupleProfile, Role, RoleEstimate, SafetyConcern
from tandem.errors import InvalidChoice, NotEnoughData

if TYPE_CHECKING:
    from tandem.analysis import CycleAnalysis

NOT_THERAPY = (
    "This plan is not therapy and makes no diagnosis. It describes a pattern the two of you are "
    "caught in, not who you are. Changing it takes practice and slips are normal; a couples "
    "counsellor can help you both stay with it."
)
"""Said on every plan."""
SAFETY_STEPS_NOTE = (
    "No coaching steps are given: advice about the pursue-withdraw pattern assumes both partners "
    "are safe with each other, and the data raised a concern about that."
)
"""Said instead of steps when there is a safety concern."""
EXAMPLES_PER_STEP = 2
"""Most examples shown under one step."""
MAX_WORDS = 60
"""Longer messages are not used as examples (a rewrite of a long message helps less)."""
CHAT_SATURATION = 0.25
"""Share of a partner's messages with the old move at which a chat measurement counts fully."""
SIDE_WORDS = {
    Code.CRITICISM: "criticism",
    Code.CONTEMPT: "contempt",
    Code.PRESSURE: "pressure",
    Code.DEFENSIVENESS: "defensiveness",
    Code.DISMISSAL: "dismissal",
    Code.WITHDRAWAL: "withdrawal",
    Code.VULNERABILITY: "a soft feeling",
    Code.REQUEST: "a request",
    Code.VALIDATION: "validation",
    Code.TIMEOUT: "an announced break",
    Code.REPAIR: "repair",
}


@dataclass(frozen=True, slots=True)
class Example:
    """One of the partner's own messages and a softer way to say it."""

    original: str
    """As sent."""
    softer: str | None
    """The rewrite, keeping the point; ``None`` when no honest rewrite exists (the message has no
    point of its own a template could keep, or the rules would lose part of it): the plan then
    says it needs the writer's own words (:data:`tandem.coaching.softer.NO_SOFTER`)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a partner's plan."""

    key: str
    """Step id from :data:`tandem.coaching.steps.STEPS`."""
    title: str
    """What to do."""
    because: str
    """The measurement that put this step here."""
    practice: str
    """How to practise it."""
    examples: tuple[Example, ...] = ()
    """Own messages with softer alternatives."""
    priority: float = 0.0
    """How strongly the data points to it, 0-1 (the plan is ordered by it)."""


@dataclass(frozen=True, slots=True)
class PartnerPlan:
    """One partner's steps."""

    name: str
    """Display name."""
    role: Role | None
    """The role the plan is for (``None`` when withheld)."""
    clarity: float | None
    """How clear that role is, 0-1."""
    steps: tuple[Step, ...]
    """Ordered, most pressing first."""


@dataclass(frozen=True, slots=True)
class ExpectedEffect:
    """What the dynamics model expects from following the plan against not following it."""

    sentence: str
    """One sentence for people."""
    metric: str
    """What the series measure (e.g. ``conflict intensity``)."""
    days: tuple[int, ...]
    """Day of each point."""
    without_plan: tuple[float, ...]
    """The series when nothing changes."""
    with_plan: tuple[float, ...]
    """The series when both follow the plan."""
    interventions: tuple[str, ...]
    """Interventions simulated."""
    change: float
    """Relative change of the mean over the horizon (negative is lower)."""
    details: dict[str, Any] = field(default_factory=dict)
    """Seed, preset and the other settings, for reproducing it."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The change plan for a couple."""

    partners: dict[str, PartnerPlan]
    """Per partner name."""
    safety_concern: SafetyConcern | None = None
    """When set, there are no steps; the message says where to seek help."""
    expected_effect: ExpectedEffect | None = None
    """The model's expectation, when it could be computed."""
    sources: tuple[str, ...] = ()
    """Which data the plan read: ``chat``, ``quiz``."""
    notes: tuple[str, ...] = (NOT_THERAPY,)
    """Limits, always shown."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form.

        ``partners: {NAME: {role, steps: [{title, because, practice, examples: [{original,
        softer}]}]}}`` exactly, then ``safety_concern``, ``expected_effect``, ``details`` (role
        clarity, step ids and priorities), ``sources`` and ``notes``.
        """
        effect = self.expected_effect
        return {
            "partners": {
                name: {
                    "role": p.role.value if p.role else None,
                    "steps": [
                        {
                            "key": s.key,
                            "title": s.title,
                            "because": s.because,
                            "practice": s.practice,
                            "examples": [
                                {"original": e.original, "softer": e.softer} for e in s.examples
                            ],
                        }
                        for s in p.steps
                    ],
                }
                for name, p in self.partners.items()
            },
            "details": {
                name: {
                    "clarity": p.clarity,
                    "steps": [{"key": s.key, "priority": round(s.priority, 3)} for s in p.steps],
                }
                for name, p in self.partners.items()
            },
            "safety_concern": (
                {
                    "evidence": list(self.safety_concern.evidence),
                    "message": self.safety_concern.message,
                }
                if self.safety_concern
                else None
            ),
            "expected_effect": (
                {
                    "sentence": effect.sentence,
                    "metric": effect.metric,
                    "days": list(effect.days),
                    "without_plan": [round(v, 4) for v in effect.without_plan],
                    "with_plan": [round(v, 4) for v in effect.with_plan],
                    "interventions": list(effect.interventions),
                    "change": round(effect.change, 4),
                    "details": effect.details,
                }
                if effect
                else None
            ),
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


# ----- combining sources ----------------------------------------------------------------------


def match_names(names: Sequence[str], others: Sequence[str]) -> dict[str, str]:
    """Map each name of ``others`` onto ``names`` (case-insensitive).

    A quiz answered by one partner calls the other ``"NAME's partner"``; that placeholder maps
    onto whichever name is left.

    Raises
    ------
    InvalidChoice
        When the names cannot be matched.
    """
    mapping: dict[str, str] = {}
    left = list(names)
    for other in others:
        hit = next((n for n in left if n.casefold() == other.casefold()), None)
        if hit is not None:
            mapping[other] = hit
            left.remove(hit)
    for other in others:
        if other not in mapping and other.endswith("'s partner") and len(left) == 1:
            mapping[other] = left.pop()
    if len(mapping) != len(others):
        raise InvalidChoice(
            f"the quiz names {sorted(others)} do not match the chat names {sorted(names)}; "
            "answer the quiz with the names used in the chat"
        )
    return mapping


def combine_profiles(chat: CoupleProfile, quiz: CoupleProfile) -> CoupleProfile:
    """One profile from the chat analysis and the quiz.

    Names follow the chat. A role comes from whichever source is clearer about that partner
    (the chat when the chat withheld no role and is at least as confident), and its reasons
    say what the other source said. Rates and code counts come from the chat; a safety concern
    from either is kept.
    """
    mapping = match_names(chat.partners, quiz.partners)
    back = {v: k for k, v in mapping.items()}
    roles: dict[str, RoleEstimate] = {}
    for name in chat.partners:
        c = chat.roles.get(name)
        q = quiz.roles.get(back.get(name, ""))
        if c is None and q is None:
            continue
        if c is None or (q is not None and q.confidence > c.confidence):
            assert q is not None
            chosen, other, label = q, c, "chat"
        else:
            chosen, other, label = c, q, "quiz"
        reasons = list(chosen.reasons)
        if other is not None:
            agree = "agrees" if other.role is chosen.role else "differs"
            reasons.append(f"the {label} {agree}: {other.role.value} ({other.confidence:.0%})")
        roles[name] = replace(chosen, reasons=tuple(reasons))
    concern = chat.safety_concern or quiz.safety_concern
    if chat.safety_concern and quiz.safety_concern:
        concern = SafetyConcern(
            evidence=chat.safety_concern.evidence + quiz.safety_concern.evidence,
            message=chat.safety_concern.message,
        )
    return replace(
        chat,
        roles=roles,
        safety_concern=concern,
        sources=tuple(dict.fromkeys((*chat.sources, *quiz.sources))),
    )


# ----- measurements ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Evidence:
    strength: float
    text: str


def _codes_of(message: CodedMessage, codes: Sequence[Code]) -> list[Code]:
    return [a.code for a in message.codes if a.code in codes]


def _chat_evidence(
    spec: StepSpec,
    name: str,
    counts: Counter[Code],
    n_messages: int,
    analysis: CycleAnalysis | None,
) -> list[_Evidence]:
    out: list[_Evidence] = []
    if n_messages == 0:
        return out
    old = sum(counts[c] for c in spec.old_moves)
    new = sum(counts[c] for c in spec.new_moves)
    if old:
        words = " or ".join(SIDE_WORDS[c] for c in spec.old_moves)
        share = old / n_messages
        strength = min(1.0, share / CHAT_SATURATION) * old / (old + new)
        text = f"{old} of your {n_messages} messages were coded {words}"
        text += f", against {new} with {SIDE_WORDS[spec.new_moves[0]]}"
        out.append(_Evidence(strength, text))
    summary = analysis.summaries.get(name) if analysis is not None else None
    if summary is not None and spec.key == "announce_break" and summary.episodes_left:
        breaks = counts[Code.TIMEOUT]
        out.append(
            _Evidence(
                min(1.0, 0.5 + 0.1 * summary.episodes_left) if breaks == 0 else 0.4,
                f"you left {summary.episodes_left} heated exchange"
                f"{'s' if summary.episodes_left != 1 else ''} and announced a break "
                f"{breaks} time{'s' if breaks != 1 else ''}",
            )
        )
    if summary is not None and spec.key == "allow_space" and summary.n_pressure_bursts:
        out.append(
            _Evidence(
                min(1.0, 0.4 + 0.1 * summary.n_pressure_bursts),
                f"{summary.n_pressure_bursts} times you sent several messages in a row with a "
                "demand for an answer",
            )
        )
    return out


def _norm(score: float) -> float:
    return (score - 1) / 8


def _quiz_evidence(spec: StepSpec, me: str, quiz: SharedQuiz) -> list[_Evidence]:
    """Quiz measurements for a step, from the shared picture only; ``me`` is a quiz name.

    A plan is read by both partners (and a therapist they invite), so it quotes only what the
    quiz shows to everyone: each partner's side of the pattern from both views together, and
    how well the two of them rate talking things through. No single answer, no worry, overwhelm
    or need-for-space score and nothing about the safety questions ever reaches a plan.
    """
    out: list[_Evidence] = []
    mine = quiz.partner(me)
    pattern = PATTERN_EVIDENCE.get(spec.key)
    if mine is not None and pattern is not None:
        what, weight = pattern
        score = mine.pursue if what == "pressing" else mine.withdraw
        if score >= 5:
            out.append(
                _Evidence(
                    weight * _norm(score),
                    f"your {what} is {score:.1f} of {quiz.high} in the quiz, from both your views "
                    "together",
                )
            )
    constructive = quiz.constructive
    if spec.key in TALK_EVIDENCE and constructive is not None and constructive <= 5:
        out.append(
            _Evidence(
                (quiz.high - constructive) / (quiz.high - quiz.low),
                f"you two rate talking things through calmly at only {constructive:.1f} of "
                f"{quiz.high} in the quiz",
            )
        )
    return out


PATTERN_EVIDENCE: dict[str, tuple[str, float]] = {
    "ask_dont_criticise": ("pressing", 1.0),
    "allow_space": ("pressing", 0.9),
    "announce_break": ("pulling away", 1.0),
    "share_feelings": ("pulling away", 0.9),
}
"""Steps the shared pressing or pulling-away score speaks for, with a weight that keeps the more
direct step first (the score says how much, not how, so it backs two steps per side)."""

TALK_EVIDENCE = frozenset({"level_tone", "listen"})
"""Steps a low shared talk-through rating speaks for."""


NO_EXAMPLES = frozenset({"listen", "share_feelings"})
"""Steps whose point a rewrite of one message cannot show (their neighbours carry examples)."""


def _examples(
    spec: StepSpec,
    messages: Sequence[CodedMessage],
    used: set[str],
    heated: frozenset[int] = frozenset(),
) -> tuple[Example, ...]:
    """Up to :data:`EXAMPLES_PER_STEP` own messages with the step's old move, softened.

    Messages inside a heated exchange (``heated`` holds their ``id``) come first, then by the
    coder's confidence, then the earliest. When fewer than :data:`EXAMPLES_PER_STEP` have an
    honest rewrite, one message whose words show the move but that has none is shown with
    ``softer=None`` (it needs the writer's own words), never a stock sentence.
    """
    if spec.key in NO_EXAMPLES:
        return ()
    ranked: list[tuple[bool, float, int, CodedMessage, Code]] = []
    for k, m in enumerate(messages):
        for a in m.codes:
            if a.code in spec.old_moves:
                ranked.append((id(m) in heated, a.confidence, -k, m, a.code))
                break
    ranked.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    out: list[Example] = []
    unsoftened: Example | None = None
    for _, _, _, m, code in ranked:
        text = " ".join(m.message.text.split())
        key = text.casefold()
        if not text or key in used or len(text.split()) > MAX_WORDS:
            continue
        rewrite = soften(text, code)
        if rewrite is None:
            rule = RULE_OF.get(code)
            if unsoftened is None and rule is not None and shows_move(text, rule):
                unsoftened = Example(original=text, softer=None)
            continue
        used.add(key)
        out.append(Example(original=text, softer=rewrite.softer))
        if len(out) >= EXAMPLES_PER_STEP:
            break
    if unsoftened is not None and len(out) < EXAMPLES_PER_STEP:
        used.add(unsoftened.original.casefold())
        out.append(unsoftened)
    return tuple(out)


def _sides(role: Role) -> tuple[str, ...]:
    if role is Role.PURSUER:
        return ("pursuer",)
    if role is Role.DISTANCER:
        return ("distancer",)
    return ("pursuer", "distancer")


def _partner_steps(
    name: str,
    role: Role,
    messages: Sequence[CodedMessage],
    quiz: SharedQuiz | None,
    quiz_name: str | None,
    analysis: CycleAnalysis | None,
    heated: frozenset[int] = frozenset(),
) -> tuple[Step, ...]:
    counts: Counter[Code] = Counter(a.code for m in messages for a in m.codes)
    specs = [s for s in STEPS.values() if s.side in _sides(role)]
    scored: list[tuple[float, int, StepSpec, list[_Evidence]]] = []
    for index, spec in enumerate(specs):
        evidence = _chat_evidence(spec, name, counts, len(messages), analysis)
        if quiz is not None and quiz_name is not None:
            evidence += _quiz_evidence(spec, quiz_name, quiz)
        evidence.sort(key=lambda e: e.strength, reverse=True)
        priority = evidence[0].strength if evidence else 0.0
        scored.append((priority, index, spec, evidence))
    scored.sort(key=lambda r: (-r[0], r[1]))
    if role is Role.BOTH:
        scored = scored[:5]
    elif role in (Role.NEITHER, Role.UNCLEAR):
        # No clear side: only steps the couple's own data point to.
        scored = [r for r in scored if r[0] >= 0.5][:3]
    used: set[str] = set()
    steps: list[Step] = []
    for priority, _, spec, evidence in scored:
        if evidence:
            because = "; ".join(e.text for e in evidence[:2])
            because = because[0].upper() + because[1:] + "."
        else:
            because = (
                f"A usual step for the {spec.side} side of the pattern; your data did not single "
                "it out, so it comes after the ones it did."
            )
        steps.append(
            Step(
                key=spec.key,
                title=spec.title,
                because=because,
                practice=spec.practice,
                examples=_examples(spec, messages, used, heated),
                priority=priority,
            )
        )
    return tuple(steps)


def build_plan(
    profile: CoupleProfile,
    coded: Sequence[CodedMessage] = (),
    *,
    quiz: QuizResult | None = None,
    analysis: CycleAnalysis | None = None,
    expected_effect: ExpectedEffect | None = None,
) -> Plan:
    """Build each partner's plan from the couple's data.

    Parameters
    ----------
    profile : CoupleProfile
        Roles (and the safety concern) from the chat, the quiz or both.
    coded : sequence of CodedMessage
        The coded chat, for measurements and examples; empty when there is no chat.
    quiz : QuizResult, optional
        The scored quiz. The plan quotes only its shared picture (each partner's side of the
        pattern from both views, the couple's talk-through rating), because both partners read it.
    analysis : CycleAnalysis, optional
        The cycle analysis, for timing measurements (left exchanges, pressure bursts).
    expected_effect : ExpectedEffect, optional
        The model's expectation (see :func:`tandem.coaching.effect.expected_effect`).

    Returns
    -------
    Plan

    Raises
    ------
    NotEnoughData
        When no partner has a role and there is no safety concern (nothing honest to plan on).
    """
    sources = profile.sources
    if profile.safety_concern is not None:
        partners = {
            name: PartnerPlan(
                name=name,
                role=profile.roles[name].role if name in profile.roles else None,
                clarity=profile.roles[name].confidence if name in profile.roles else None,
                steps=(),
            )
            for name in profile.partners
        }
        return Plan(
            partners=partners,
            safety_concern=profile.safety_concern,
            expected_effect=None,
            sources=sources,
            notes=(SAFETY_STEPS_NOTE, NOT_THERAPY),
        )
    if not profile.roles:
        if (
            analysis is not None
            and analysis.language is not None
            and not analysis.language.supported
        ):
            raise NotEnoughData(
                f"the chat looks written in {analysis.language.name}, which Tandem does not read "
                "yet; the quiz would give the plan something to stand on"
            )
        raise NotEnoughData(
            "there is too little signal to tell who plays which part; a longer chat or the quiz "
            "would give the plan something to stand on"
        )
    quiz_names: dict[str, str] = {}
    if quiz is not None:
        mapping = match_names(profile.partners, quiz.partners)
        back = {v: k for k, v in mapping.items()}
        if all(name in back for name in profile.partners):
            quiz_names = {name: back[name] for name in profile.partners}
    heated: frozenset[int] = frozenset()
    if analysis is not None and coded:
        heated = frozenset(
            id(coded[k])
            for e in analysis.episodes
            for k in range(max(0, e.start), min(len(coded), e.end + 1))
        )
    shared = quiz.shared() if quiz is not None else None
    partners = {}
    for name in profile.partners:
        estimate = profile.roles.get(name)
        if estimate is None:
            partners[name] = PartnerPlan(name=name, role=None, clarity=None, steps=())
            continue
        own = [m for m in coded if m.message.sender == name and m.message.is_from_partner]
        partners[name] = PartnerPlan(
            name=name,
            role=estimate.role,
            clarity=estimate.confidence,
            steps=_partner_steps(
                name, estimate.role, own, shared, quiz_names.get(name), analysis, heated
            ),
        )
    return Plan(
        partners=partners,
        safety_concern=None,
        expected_effect=expected_effect,
        sources=sources,
    )
