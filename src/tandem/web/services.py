"""The web app's doors into the rest of Tandem: quiz, ingest, analysis, dynamics, plan, trends.

Every function here calls the library and turns its result into plain view data; templates
only show what they receive. A part of Tandem that is not installed (or not built yet) makes
the matching function raise :class:`Unavailable`, and the page says so honestly instead of
showing anything made up.

Examples
--------
>>> to_jsonable({"when": __import__("datetime").date(2024, 3, 1), "xs": (1, 2.5)})
{'when': '2024-03-01', 'xs': [1, 2.5]}
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import HTTPException, status
from markupsafe import Markup
from pydantic import BaseModel
from sqlalchemy.orm import Session

from tandem.domain import Conversation
from tandem.errors import TandemError
from tandem.report.terms import LOOP_STRENGTH, coder_name
from tandem.store import repository
from tandem.web.deps import release


class Unavailable(Exception):
    """A part of Tandem this page needs is not available in this installation yet."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def as_problem(error: Exception) -> HTTPException:
    """The HTTP problem for a feature that could not run, as pages and the API report it.

    503 when a part of Tandem the feature needs is missing (:class:`Unavailable`), 422 when the
    user's data or choices are the reason (:class:`~tandem.errors.TandemError`); an
    ``HTTPException`` passes through unchanged.
    """
    if isinstance(error, HTTPException):
        return error
    if isinstance(error, Unavailable):
        return HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=error.what)
    if isinstance(error, TandemError):
        return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error))
    raise TypeError(f"not a feature failure: {type(error).__name__}")


class FeatureResult(BaseModel):
    """An API reply for a result made by another part of Tandem, or why there is none."""

    available: bool
    message: str = ""
    result: Any = None


def _attr(module: str, name: str, what: str) -> Any:
    """``module.name``, or :class:`Unavailable` saying ``what`` is missing."""
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        raise Unavailable(what) from None
    value = getattr(loaded, name, None)
    if value is None:
        raise Unavailable(what)
    return value


def to_jsonable(value: Any) -> Any:
    """``value`` as plain JSON types (dataclasses, enums, dates, tuples, NumPy numbers).

    A ``to_dict()`` method wins when the object has one. Non-finite floats become ``None``.
    """
    if hasattr(value, "to_dict") and callable(value.to_dict) and not isinstance(value, type):
        return to_jsonable(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "tolist"):
        return to_jsonable(value.tolist())
    if hasattr(value, "item"):
        return to_jsonable(value.item())
    return str(value)


# --- quiz -----------------------------------------------------------------------------------

QUIZ_MISSING = "The quiz module (tandem.assessment) is not installed in this copy of Tandem."


def quiz_bank() -> Any:
    """The quiz items (``tandem.assessment.load_items()``)."""
    return _attr("tandem.assessment", "load_items", QUIZ_MISSING)()


def quiz_sheet(data: Mapping[str, Any]) -> Any:
    """Check a partner's answers against the quiz; raises ``ParseError`` naming the item."""
    parse = _attr("tandem.assessment", "parse_answers", QUIZ_MISSING)
    return parse(dict(data), quiz_bank(), complete=True)


def _latest_quiz_rows(session: Session, couple_id: str) -> dict[str, Any]:
    latest: dict[str, Any] = {}
    for row in repository.list_quiz_answers(session=session, couple_id=couple_id):
        latest[row.partner_label] = row
    return latest


def combined_quiz(session: Session, couple_id: str) -> dict[str, Any] | None:
    """The shared picture of the quiz once both partners answered (``QuizResult.shared``).

    What both partners and a therapist see: each partner's side of the pattern from both views
    together, the couple's talk-through rating, where the views differ (without who said what)
    and what the quiz cannot tell. Never a single answer, a single view's score, the self scales
    or anything about the safety questions. ``None`` until both partners have answered (each
    partner's latest answers count).
    """
    latest = _latest_quiz_rows(session, couple_id)
    if set(latest) != {"A", "B"}:
        return None
    score = _attr("tandem.assessment", "score_couple", QUIZ_MISSING)
    bank = quiz_bank()
    first = quiz_sheet(latest["A"].answers)
    second = quiz_sheet(latest["B"].answers)
    shared = score(first, second, bank=bank).shared()
    return {
        "partners": [
            {
                "name": p.name,
                "role": to_jsonable(p.role.role),
                "clarity": round(float(p.role.confidence), 2),
                "reasons": list(p.role.reasons),
                "pursue": round(float(p.pursue), 1),
                "withdraw": round(float(p.withdraw), 1),
            }
            for p in shared.partners
        ],
        "constructive": None if shared.constructive is None else round(shared.constructive, 1),
        "scale_low": shared.low,
        "scale_high": shared.high,
        "disagreements": list(shared.disagreements),
        "limits": list(shared.limits),
    }


def own_quiz(session: Session, couple_id: str, label: str) -> dict[str, Any] | None:
    """What partner ``label`` alone may see of their own latest answers, or ``None``.

    Their own scale scores and, when their answers point to fear, the safety note with where to
    find help. Only ever for the person who answered (the logged-in partner, or right after
    they saved in single-user mode).
    """
    row = _latest_quiz_rows(session, couple_id).get(label)
    if row is None:
        return None
    score = _attr("tandem.assessment", "score_couple", QUIZ_MISSING)
    bank = quiz_bank()
    sheet = quiz_sheet(row.answers)
    result = score(sheet, bank=bank)
    mine = result.scores[0]
    concern = result.safety_for(sheet.partner, bank)
    return {
        "name": sheet.partner,
        "scales": [
            {"label": bank.scales[sid].label, "score": round(sc.score, 1)}
            for sid, sc in mine.scales.items()
            if sid in bank.scales and sid != "safety"
        ],
        "safety_message": None if concern is None else concern.message,
    }


# --- chats ----------------------------------------------------------------------------------

INGEST_MISSING = "Reading chat exports (tandem.ingest) is not installed in this copy of Tandem."


def load_chat_with(
    path: Path, *, dayfirst: bool | None = None, partners: tuple[str, str] | None = None
) -> Conversation:
    """Parse a chat export completely (``tandem.ingest.load``); nothing is stored here."""
    load = _attr("tandem.ingest", "load", INGEST_MISSING)
    conversation: Conversation = load(path, dayfirst=dayfirst, partners=partners)
    return conversation


# --- analysis and report --------------------------------------------------------------------

ANALYSIS_MISSING = "The cycle analysis (tandem.analysis) is not available in this copy yet."


ANALYSIS_SEED = 20261124
"""Seed of the bootstrap intervals, so the same chat always gives the same report."""


CODER_CHOICES: tuple[tuple[str, str], ...] = (
    ("default", "Standard: quick, reads the words and phrases of each message"),
    ("contextual", "Careful: reads each message as a whole; slower, English only"),
    ("rules", "Word list only: every code points to the words that gave it"),
)
"""The coders the upload form offers (``tandem.coding`` names), the first being the default."""

CODER_SHORT = {"default": "standard", "contextual": "careful", "rules": "word list"}
"""The chosen coder in the list of stored chats."""


def _cycle(conversation: Conversation, coder: str) -> tuple[Any, Any, str]:
    """The conversation coded by the named coder, its cycle analysis, the coder's resolved name.

    The analysis is seeded, so the same chat read the same way always gives the same figures.
    """
    import numpy as np

    code = _attr("tandem.coding", "code_conversation", ANALYSIS_MISSING)
    get_coder = _attr("tandem.coding", "get_coder", ANALYSIS_MISSING)
    default = _attr("tandem.coding", "DEFAULT_CODER", ANALYSIS_MISSING)
    run = _attr("tandem.analysis.cycle", "analyze_cycle", ANALYSIS_MISSING)
    coded = code(conversation, get_coder(coder))
    result = run(coded, partners=conversation.partners, rng=np.random.default_rng(ANALYSIS_SEED))
    return coded, result, default if coder == "default" else coder


def analyze(conversation: Conversation, coder: str = "default") -> dict[str, Any]:
    """Code and analyse a conversation (``tandem.coding`` then ``tandem.analysis.cycle``).

    Parameters
    ----------
    conversation : Conversation
        The chat.
    coder : str
        A coder name of ``tandem.coding`` (``default``, ``learned``, ``contextual``, ``rules``).

    Returns
    -------
    dict
        ``CycleAnalysis.to_dict()``, JSON-ready, with ``coder`` (the resolved coder name) added:
        stored as the couple's analysis.
    """
    _, result, name = _cycle(conversation, coder)
    return {**to_jsonable(result), "coder": name}


def analysis_missing() -> str:
    """Why chats cannot be analysed here, or ``""`` when they can."""
    try:
        _attr("tandem.analysis.cycle", "analyze_cycle", ANALYSIS_MISSING)
        _attr("tandem.coding", "code_conversation", ANALYSIS_MISSING)
    except Unavailable as missing:
        return missing.what
    return ""


def _rate(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _timeline_episodes(result: Mapping[str, Any]) -> list[tuple[float, float, str]]:
    """Each stored heated exchange as a shaded band: its share of the way through the chat."""
    n = result.get("n_messages")
    if not isinstance(n, int) or n <= 0:
        return []
    bands = []
    for e in result.get("episodes") or []:
        start, end = e.get("start_index"), e.get("end_index")
        if isinstance(start, int) and isinstance(end, int):
            label = f"{e.get('number', '')}: started by {e.get('started_by', '')}"
            bands.append((start / n, min(1.0, (end + 1) / n), label))
    return bands


def report_view(result: Mapping[str, Any]) -> dict[str, Any]:
    """What the report page shows from a stored analysis, with its charts drawn.

    Only picks figures out of the analysis and draws them; nothing is computed here.
    """
    from tandem.web.charts import bar_chart

    partners = result.get("partners", {}) or {}
    names = list(partners)
    people = []
    for name in names:
        p = partners[name] or {}
        people.append(
            {
                "name": name,
                "role": p.get("role"),
                "confidence": _rate(p.get("confidence")),
                "reasons": list(p.get("reasons") or []),
                "pursue_rate": _rate(p.get("pursue_rate")),
                "distance_rate": _rate(p.get("distance_rate")),
                "constructive_rate": _rate(p.get("constructive_rate")),
                "n_messages": p.get("n_messages"),
                "examples": p.get("examples") or {},
            }
        )
    charts = []
    read = result.get("status") != "language_not_read"  # codes of another language mean nothing
    if people and read:
        charts.append(
            bar_chart(
                [
                    (
                        person["name"],
                        [
                            person["pursue_rate"],
                            person["distance_rate"],
                            person["constructive_rate"],
                        ],
                    )
                    for person in people
                ],
                x_labels=["pressing", "pulling away", "constructive"],
                title="Share of each partner's messages on each side of the cycle",
                colors=("partner_a", "partner_b"),
            )
        )
    timeline = result.get("timeline") or {}
    counts = timeline.get("counts") or {}
    labels = [str(x) for x in timeline.get("labels") or []]
    loop = result.get("loop") or {}
    try:
        timeline_svg = _attr("tandem.report.charts", "timeline_svg", "")
        loop_svg = _attr("tandem.report.charts", "loop_svg", "")
    except Unavailable:
        timeline_svg = loop_svg = None
    if loop_svg is not None and loop and read:

        def est(key: str) -> tuple[float | None, float | None, float | None]:
            e = loop.get(key) or {}
            return (_rate(e.get("value")), _rate(e.get("ci_low")), _rate(e.get("ci_high")))

        charts.insert(
            0,
            Markup(
                loop_svg(
                    pursuer=str(loop.get("pursuer")),
                    distancer=str(loop.get("distancer")),
                    pursuit_to_withdrawal=est("pursuit_to_next_withdrawal"),
                    withdrawal_to_pursuit=est("withdrawal_to_next_pursuit"),
                    pursuer_inertia=est("pursuer_inertia")[0],
                    distancer_inertia=est("distancer_inertia")[0],
                    gain=est("loop_gain")[0],
                )
            ),
        )
    if timeline_svg is not None and counts and labels and len(names) == 2 and read:
        charts.append(
            Markup(
                timeline_svg(
                    counts=counts,
                    partners=(names[0], names[1]),
                    labels=labels,
                    episodes=_timeline_episodes(result),
                )
            )
        )
    concern = result.get("safety_concern") or {}
    return {
        "status": result.get("status"),
        "status_message": result.get("status_message", ""),
        "n_messages": result.get("n_messages"),
        "start": result.get("start"),
        "end": result.get("end"),
        "people": people,
        "loop_gain": _rate(result.get("loop_gain")),
        "loop_gain_ci": result.get("loop_gain_ci"),
        "loop_definition": LOOP_STRENGTH.definition,
        "pursuer": loop.get("pursuer"),
        "distancer": loop.get("distancer"),
        "n_episodes": len(result.get("episodes") or []),
        "episodes": list(result.get("episodes") or [])[:5],
        "conflict_ratio": _rate(result.get("conflict_ratio")),
        "reference_ratio": _rate(result.get("gottman_reference_ratio")),
        "safety_message": concern.get("message"),
        "charts": charts,
        "coder": coder_name(str(result.get("coder", ""))),
    }


def report_html(session: Session, conversation_id: str) -> str:
    """The stand-alone HTML report (``tandem.report.html``) of a stored conversation."""
    render = _attr("tandem.report.html", "render_html", "The HTML report is not available yet.")
    conversation = repository.get_conversation(session=session, conversation_id=conversation_id)
    if conversation is None:
        raise Unavailable("The chat of this report is no longer stored.")
    coder = repository.conversation_coder(session=session, conversation_id=conversation_id)
    release(session)
    _, result, name = _cycle(conversation, coder)
    html: str = render(result, source=conversation.source, coder=name)
    return html


# --- dynamics -------------------------------------------------------------------------------

DYNAMICS_MISSING = "The what-if simulator (tandem.dynamics) is not available in this copy yet."
SIM_DAYS = 120
"""Days the simulator page looks ahead."""
SIM_SEED = 7
"""One noise stream for every what-if, so moving a slider changes only what it moves."""


def sliders_for(pursuer_is_b: bool) -> tuple[tuple[str, str], ...]:
    """The model settings offered as sliders, with their labels (``{a}``, ``{b}`` the names).

    The alarm slider belongs to whoever presses and the flooding slider to whoever pulls away,
    so with B as the pursuer they are B's alarm and A's flooding.

    Examples
    --------
    >>> [name for name, _ in sliders_for(pursuer_is_b=True)][2:4]
    ['anxiety_b', 'flooding_a']
    """
    p, d = ("b", "a") if pursuer_is_b else ("a", "b")
    return (
        ("need_a", "{a}'s need for closeness"),
        ("need_b", "{b}'s need for closeness"),
        (f"anxiety_{p}", f"How alarmed {{{p}}} gets when {{{d}}} pulls away"),
        (f"flooding_{d}", f"How flooded {{{d}}} gets when {{{p}}} presses"),
        ("practice_rate", "How quickly a new habit takes hold"),
        ("adherence_max", "How fully the new habit is kept up"),
    )


def _spec_step(low: float, high: float) -> float:
    span = high - low
    return 0.01 if span <= 2 else 0.1


def roles_from_report(
    session: Session, couple_id: str, names: tuple[str, str]
) -> tuple[str, str] | None:
    """Partner A's and B's roles from the latest cycle report, when it gave both.

    Looked up by name, never by position: the report's partners are the chat's, and only a
    chat whose people are the couple's two names (as uploads now ensure) gives roles here.
    """
    row = repository.latest_analysis(session=session, couple_id=couple_id)
    if row is None:
        return None
    partners = row.result.get("partners") or {}
    roles = [(partners.get(name) or {}).get("role") for name in names]
    if not all(isinstance(r, str) and r for r in roles):
        return None
    return str(roles[0]), str(roles[1])


def simulator_view(
    values: Mapping[str, str], names: tuple[str, str], roles: tuple[str, str] | None = None
) -> dict[str, Any]:
    """Sliders, charts and sentences of the simulator page for the submitted ``values``.

    Runs ``tandem.dynamics.compare`` for the chosen starting point without and with the chosen
    change; a slider value outside its range is reported next to that slider. With ``roles``
    from the couple's report, the first starting point is the model of their own role pair.
    Moving to another starting point resets the sliders to its values.
    """
    import numpy as np

    from tandem.web.charts import line_chart

    presets = _attr("tandem.dynamics", "PRESETS", DYNAMICS_MISSING)
    specs = _attr("tandem.dynamics", "PARAM_SPECS", DYNAMICS_MISSING)
    interventions = _attr("tandem.dynamics", "INTERVENTIONS", DYNAMICS_MISSING)
    compare = _attr("tandem.dynamics", "compare", DYNAMICS_MISSING)
    a, b = names
    errors: dict[str, str] = {}
    options: dict[str, tuple[str, Any]] = {}
    if roles is not None:
        for_roles = _attr("tandem.dynamics", "params_for_roles", DYNAMICS_MISSING)
        options["yours"] = (
            f"yours: {a} {roles[0]}, {b} {roles[1]} (from your cycle report)",
            for_roles(*roles),
        )
    options.update({key: (f"{key}: {text}", p) for key, (text, p) in presets.items()})
    default = next(iter(options))
    preset = values.get("preset") or default
    if preset not in options:
        errors["preset"] = "Choose one of the starting points."
        preset = default
    base = options[preset][1]
    same_start = values.get("shown_preset", preset) == preset
    change = values.get("change") or "both"
    if change not in interventions:
        errors["change"] = "Choose one of the changes."
        change = "both"
    overrides: dict[str, float] = {}
    sliders = []
    model_roles = _attr("tandem.dynamics", "roles", DYNAMICS_MISSING)(base)
    pursuer_is_b = model_roles[1].value == "pursuer" and model_roles[0].value != "pursuer"
    for name, label in sliders_for(pursuer_is_b):
        spec = specs[name]
        current = float(getattr(base, name))
        raw = values.get(name) if same_start else None
        if raw not in (None, ""):
            try:
                value = float(str(raw))
            except ValueError:
                value = float("nan")
            if not spec.low <= value <= spec.high:
                errors[name] = f"Choose a value from {spec.low:g} to {spec.high:g}."
            else:
                current = value
                overrides[name] = value
        sliders.append(
            {
                "name": name,
                "label": label.format(a=a, b=b),
                "hint": spec.help.replace("A's", f"{a}'s").replace("B's", f"{b}'s"),
                "min": spec.low,
                "max": spec.high,
                "step": _spec_step(spec.low, spec.high),
                "value": round(current, 3),
            }
        )
    start_raw = values.get("start_day") or "14"
    start_day = int(start_raw) if start_raw.isdigit() and int(start_raw) <= SIM_DAYS else 14
    if start_raw and (not start_raw.isdigit() or int(start_raw) > SIM_DAYS):
        errors["start_day"] = f"Choose a day from 0 to {SIM_DAYS}."
    params = dataclasses.replace(base, **overrides) if overrides else base
    chosen = interventions[change].at(start_day)
    arms = compare(params, [chosen], days=SIM_DAYS, rng=np.random.default_rng(SIM_SEED))
    without, with_change = arms[0].trajectory, arms[-1].trajectory
    weeks = list(range(0, SIM_DAYS, 7))

    def weekly(trajectory: Any, column: str) -> list[float | None]:
        series = trajectory.column(column)
        return [float(np.mean(series[w : w + 7])) for w in weeks]

    labels = [f"wk {i + 1}" for i in range(len(weeks))]
    charts = [
        line_chart(
            [
                ("as things are", weekly(without, "intensity")),
                (f"with the change from day {start_day}", weekly(with_change, "intensity")),
            ],
            x_labels=labels,
            title="How heated conflicts get, week by week (model)",
            colors=("before", "after"),
        ),
        line_chart(
            [
                (f"{a} as is", weekly(without, "satisfaction_a")),
                (f"{a} with the change", weekly(with_change, "satisfaction_a")),
                (f"{b} as is", weekly(without, "satisfaction_b")),
                (f"{b} with the change", weekly(with_change, "satisfaction_b")),
            ],
            x_labels=labels,
            title="How satisfied each partner feels (model)",
            colors=("partner_a_before", "partner_a", "partner_b_before", "partner_b"),
        ),
    ]
    before, after = arms[0].as_dict(), arms[-1].as_dict()
    notes = [
        f"Change tried: {interventions[change].label}, from day {start_day}.",
        (
            f"Average heat of a conflict: {before['intensity']:.2f} as things are, "
            f"{after['intensity']:.2f} with the change."
        ),
    ]
    if before.get("burnout_day") is not None:
        notes.append(
            f"As things are, someone runs out of energy around day {before['burnout_day']}; "
            + (
                f"with the change, around day {after['burnout_day']}."
                if after.get("burnout_day") is not None
                else "with the change, nobody does within these days."
            )
        )
    return {
        "presets": [(key, label) for key, (label, _) in options.items()],
        "changes": [(key, iv.label) for key, iv in interventions.items()],
        "chosen": {"preset": preset, "change": change, "start_day": str(start_day)},
        "start_day": start_day,
        "days": SIM_DAYS,
        "sliders": sliders,
        "errors": errors,
        "charts": charts,
        "notes": notes,
        "result": {"without": to_jsonable(before), "with": to_jsonable(after)},
    }


def simulate(preset: str, params: Mapping[str, float], n_steps: int) -> dict[str, Any]:
    """Simulate a preset with overrides for ``n_steps`` days; the figures as JSON-ready data."""
    import numpy as np

    get_preset = _attr("tandem.dynamics", "get_preset", DYNAMICS_MISSING)
    run = _attr("tandem.dynamics", "simulate", DYNAMICS_MISSING)
    specs = _attr("tandem.dynamics", "PARAM_SPECS", DYNAMICS_MISSING)
    unknown = sorted(set(params) - set(specs))
    if unknown:
        from tandem.errors import InvalidChoice

        raise InvalidChoice(
            f"unknown setting {unknown[0]!r}; known: {', '.join(specs)}", where="params"
        )
    known = _attr("tandem.dynamics", "PRESETS", DYNAMICS_MISSING)
    if (preset or "classic") not in known:
        from tandem.errors import InvalidChoice

        raise InvalidChoice(
            f"unknown preset {preset!r}; choose one of: {', '.join(known)}", where="preset"
        )
    base = get_preset(preset or "classic")
    model = dataclasses.replace(base, **dict(params)) if params else base
    trajectory = run(model, days=n_steps, rng=np.random.default_rng(SIM_SEED))
    return dict(to_jsonable(trajectory.as_dict()))


# --- plan -----------------------------------------------------------------------------------

PLAN_MISSING = "Plans (tandem.coaching) are not available in this copy of Tandem yet."


def plan_missing() -> str:
    """Why plans cannot be made here, or ``""`` when they can."""
    try:
        _attr("tandem.coaching", "build_plan", PLAN_MISSING)
    except Unavailable as missing:
        return missing.what
    return ""


def _quiz_result(session: Session, couple_id: str) -> Any:
    """The scored quiz from each partner's latest answers, or ``None`` if nobody answered."""
    latest = _latest_quiz_rows(session, couple_id)
    if not latest:
        return None
    score = _attr("tandem.assessment", "score_couple", QUIZ_MISSING)
    sheets = [quiz_sheet(latest[k].answers) for k in sorted(latest)]
    return score(*sheets, bank=quiz_bank())


def make_plan(session: Session, couple_id: str) -> dict[str, Any]:
    """Build the couple's plan from their latest chat and quiz (JSON-ready).

    Raises
    ------
    Unavailable
        When coaching is not installed.
    NotEnoughData
        When neither chat nor quiz gives a role to plan on.
    """
    from tandem.errors import NotEnoughData

    build = _attr("tandem.coaching", "build_plan", PLAN_MISSING)
    combine = _attr("tandem.coaching", "combine_profiles", PLAN_MISSING)
    coded: Any = ()
    analysis = None
    rows = repository.list_conversations(session=session, couple_id=couple_id)
    conversation = (
        repository.get_conversation(session=session, conversation_id=rows[-1].id) if rows else None
    )
    coder = rows[-1].coder if rows else "default"
    quiz = _quiz_result(session, couple_id)
    release(session)  # what follows takes seconds and reads nothing more
    if conversation is not None:
        coded, analysis, _ = _cycle(conversation, coder)
    if analysis is None and quiz is None:
        raise NotEnoughData("Take the quiz or upload a chat first; the plan is made from them.")
    if analysis is not None and quiz is not None:
        profile = combine(analysis.to_couple_profile(), quiz.to_couple_profile())
    elif analysis is not None:
        profile = analysis.to_couple_profile()
    else:
        profile = quiz.to_couple_profile()
    plan = build(profile, coded, quiz=quiz, analysis=analysis)
    try:
        effect = _attr("tandem.coaching.effect", "expected_effect", PLAN_MISSING)(plan)
    except Unavailable:
        effect = None
    if effect is not None:
        plan = dataclasses.replace(plan, expected_effect=effect)
    return dict(to_jsonable(plan))


def plan_view(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The stored plan as the page shows it: each partner's steps, the model's expectation."""
    from tandem.web.charts import line_chart

    partners = []
    for name, p in (plan.get("partners") or {}).items():
        partners.append(
            {
                "name": name,
                "role": p.get("role"),
                "steps": [s for s in p.get("steps", []) if isinstance(s, Mapping)],
            }
        )
    effect = plan.get("expected_effect") or None
    chart = None
    if effect and effect.get("days"):
        chart = line_chart(
            [
                ("if nothing changes", effect.get("without_plan", [])),
                ("if you both follow the plan", effect.get("with_plan", [])),
            ],
            x_labels=[f"day {d}" for d in effect["days"]],
            title=f"What the model expects: {effect.get('metric', '')}",
            colors=("before", "after"),
        )
    concern = plan.get("safety_concern") or {}
    return {
        "partners": partners,
        "effect_sentence": (effect or {}).get("sentence", ""),
        "effect_chart": chart,
        "safety_message": concern.get("message"),
        "notes": list(plan.get("notes") or []),
    }


def plan_step_titles(session: Session, couple_id: str) -> list[str]:
    """Titles of the latest plan's steps (for the check-in form); empty without a plan."""
    row = repository.latest_plan(session=session, couple_id=couple_id)
    if row is None:
        return []
    titles: list[str] = []
    for partner in (row.result.get("partners") or {}).values():
        for step in partner.get("steps", []):
            title = str(step.get("title", "")) if isinstance(step, Mapping) else ""
            if title and title not in titles:
                titles.append(title)
    return titles


# --- journal trends -------------------------------------------------------------------------

TRENDS_MISSING = "Progress trends (tandem.analysis.journal_trends) are not available yet."


@dataclasses.dataclass(frozen=True)
class Trends:
    """Trend data for the progress page and the therapist dashboard."""

    available: bool
    """Whether the trend computation exists in this installation."""
    message: str = ""
    """Why not, or what the data cannot tell yet."""
    data: dict[str, Any] | None = None
    """JSON-ready trend figures."""
    charts: tuple[Markup, ...] = ()
    """Finished SVG charts."""
    summary: str = ""
    """One line for the therapist dashboard."""
    periods: tuple[dict[str, Any], ...] = ()
    """Before and after the plan started, when there is a plan."""
    plan_start: date | None = None
    """The day the latest plan was made."""


def week_labels(weeks: Sequence[str]) -> list[str]:
    """ISO weeks (``2024-W05``) as axis labels: the week, with its year where the year starts.

    Examples
    --------
    >>> week_labels(["2024-W51", "2024-W52", "2025-W01"])
    ['W51 2024', 'W52', 'W01 2025']
    """
    labels, year = [], ""
    for week in weeks:
        this_year, _, number = week.partition("-")
        labels.append(f"{number} {this_year}" if this_year != year else number)
        year = this_year
    return labels


def journal_trends(session: Session, couple: Any) -> Trends:
    """Weekly pursue/withdraw moves, constructive ratio and time to reconnect, as charts.

    The figures come from :func:`tandem.analysis.journal_trends.journal_trends`; this only picks
    them out, writes the sentences and draws the charts.
    """
    from tandem.web.charts import bar_chart, line_chart

    try:
        compute = _attr("tandem.analysis.journal_trends", "journal_trends", TRENDS_MISSING)
    except Unavailable as missing:
        return Trends(available=False, message=missing.what)
    entries = repository.list_journal_entries(session=session, couple_id=couple.couple_id)
    checkins = repository.list_checkins(session=session, couple_id=couple.couple_id)
    plan = repository.latest_plan(session=session, couple_id=couple.couple_id)
    plan_start = None if plan is None else plan.created_at.date()
    result = compute(entries, checkins=checkins, plan_start=plan_start)
    data = dict(to_jsonable(result))
    weeks = result.weeks
    labels = week_labels([w.week for w in weeks])
    charts: list[Markup] = []
    if weeks:
        charts.append(
            line_chart(
                [
                    ("pressing moves", [float(w.pursue_moves) for w in weeks]),
                    ("pulling-away moves", [float(w.withdraw_moves) for w in weeks]),
                ],
                x_labels=labels,
                title="Moves per week, from the journal",
                colors=("pursue", "distance"),
            )
        )
        charts.append(
            line_chart(
                [("share of kind moves", [w.constructive_ratio for w in weeks])],
                x_labels=labels,
                title="Share of moves that were constructive (0 to 1)",
                colors=("constructive",),
            )
        )
        charts.append(
            bar_chart(
                [("median minutes", [w.median_minutes_to_reconnect for w in weeks])],
                x_labels=labels,
                title="Minutes until you felt close again (median per week)",
                colors=("measure",),
            )
        )
    periods = []
    comparison = result.before_after
    if comparison is not None:
        for period in (comparison.before, comparison.after):
            periods.append(
                {
                    "label": period.label,
                    "n_entries": period.n_entries,
                    "pursue_per_week": period.pursue_per_week,
                    "withdraw_per_week": period.withdraw_per_week,
                    "constructive_ratio": period.constructive_ratio,
                    "mean_intensity": period.mean_intensity,
                    "median_minutes_to_reconnect": period.median_minutes_to_reconnect,
                }
            )
    summary = ""
    if weeks:
        last = weeks[-1]
        ratio = (
            "no moves noted"
            if last.constructive_ratio is None
            else f"{last.constructive_ratio:.0%} of moves constructive"
        )
        summary = (
            f"Week {last.week}: {last.n_entries} "
            f"conflict{'' if last.n_entries == 1 else 's'} written down, "
            f"{last.pursue_moves} pressing and {last.withdraw_moves} pulling-away "
            f"move{'' if last.withdraw_moves == 1 else 's'}, {ratio}."
        )
    data["periods"] = to_jsonable(periods)
    return Trends(
        available=True,
        message=" ".join(result.notes),
        data=data,
        charts=tuple(charts),
        summary=summary,
        periods=tuple(periods),
        plan_start=plan_start,
    )
