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
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel
from sqlalchemy.orm import Session

from tandem.domain import Conversation
from tandem.store import repository


class Unavailable(Exception):
    """A part of Tandem this page needs is not available in this installation yet."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


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


def combined_quiz(session: Session, couple_id: str) -> dict[str, Any] | None:
    """The couple view of the quiz once both partners answered; never anyone's raw answers.

    Returns the roles, combined pressing and pulling-away scores, where the two views differ,
    a safety note when one applies, and what the quiz cannot tell. ``None`` until both
    partners have answered (each partner's latest answers count).
    """
    rows = repository.list_quiz_answers(session=session, couple_id=couple_id)
    latest: dict[str, Any] = {}
    for row in rows:
        latest[row.partner_label] = row
    if set(latest) != {"A", "B"}:
        return None
    score = _attr("tandem.assessment", "score_couple", QUIZ_MISSING)
    bank = quiz_bank()
    first = quiz_sheet(latest["A"].answers)
    second = quiz_sheet(latest["B"].answers)
    result = score(first, second, bank=bank)
    people = []
    for name in result.partners:
        estimate = result.roles[name]
        pursue, withdraw = result.combined(name)
        people.append(
            {
                "name": name,
                "role": to_jsonable(estimate.role),
                "clarity": round(float(estimate.confidence), 2),
                "reasons": list(estimate.reasons),
                "pursue": round(float(pursue), 1),
                "withdraw": round(float(withdraw), 1),
            }
        )
    constructive = result.scale_mean("constructive")
    concern = result.safety_concern
    return {
        "partners": people,
        "constructive": None if constructive is None else round(float(constructive), 1),
        "scale_low": bank.low,
        "scale_high": bank.high,
        "disagreements": list(result.disagreements),
        "safety_message": None if concern is None else concern.message,
        "limits": list(result.limits),
    }


# --- chats ----------------------------------------------------------------------------------

INGEST_MISSING = "Reading chat exports (tandem.ingest) is not installed in this copy of Tandem."


def load_chat_with(path: Path, *, dayfirst: bool | None = None) -> Conversation:
    """Parse a chat export completely (``tandem.ingest.load``); nothing is stored here."""
    load = _attr("tandem.ingest", "load", INGEST_MISSING)
    conversation: Conversation = load(path, dayfirst=dayfirst)
    return conversation


# --- analysis and report --------------------------------------------------------------------

ANALYSIS_MISSING = "The cycle analysis (tandem.analysis) is not available in this copy yet."


ANALYSIS_SEED = 20261124
"""Seed of the bootstrap intervals, so the same chat always gives the same report."""


def analyze(conversation: Conversation) -> dict[str, Any]:
    """Code and analyse a conversation (``tandem.coding`` then ``tandem.analysis.cycle``).

    Returns
    -------
    dict
        ``CycleAnalysis.to_dict()``: JSON-ready, stored as the couple's analysis.
    """
    import numpy as np

    code = _attr("tandem.coding", "code_conversation", ANALYSIS_MISSING)
    run = _attr("tandem.analysis.cycle", "analyze_cycle", ANALYSIS_MISSING)
    coded = code(conversation)
    result = run(coded, partners=conversation.partners, rng=np.random.default_rng(ANALYSIS_SEED))
    return dict(to_jsonable(result))


def _rate(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def report_view(result: Mapping[str, Any]) -> dict[str, Any]:
    """What the report page shows from a stored analysis, with its charts drawn.

    Only picks figures out of the analysis and draws them; nothing is computed here.
    """
    from tandem.web.charts import bar_chart, line_chart

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
    if people:
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
            )
        )
    timeline = result.get("timeline") or {}
    counts = timeline.get("counts") or {}
    labels = [str(x) for x in timeline.get("labels") or []]
    if counts and labels:
        series = []
        for name in names:
            sides = counts.get(name) or {}
            series.append((f"{name} pressing", [_rate(v) for v in sides.get("pursue", [])]))
            series.append((f"{name} pulling away", [_rate(v) for v in sides.get("distance", [])]))
        charts.append(line_chart(series, x_labels=labels, title="Moves along the conversation"))
    loop = result.get("loop") or {}
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
        "pursuer": loop.get("pursuer"),
        "distancer": loop.get("distancer"),
        "n_episodes": len(result.get("episodes") or []),
        "episodes": list(result.get("episodes") or [])[:5],
        "conflict_ratio": _rate(result.get("conflict_ratio")),
        "reference_ratio": _rate(result.get("gottman_reference_ratio")),
        "safety_message": concern.get("message"),
        "charts": charts,
    }


def report_html(session: Session, conversation_id: str) -> str:
    """The full HTML report of ``tandem.report.html`` for a stored conversation."""
    render = _attr("tandem.report.html", "render_html", "The HTML report is not available yet.")
    conversation = repository.get_conversation(session=session, conversation_id=conversation_id)
    if conversation is None:
        raise Unavailable("The chat of this report is no longer stored.")
    html: str = render(conversation)
    return html


# --- dynamics -------------------------------------------------------------------------------

DYNAMICS_MISSING = "The what-if simulator (tandem.dynamics) is not available in this copy yet."


def simulate(preset: str, params: Mapping[str, float], n_steps: int) -> dict[str, Any]:
    """Simulate a preset with overrides; trajectories as JSON-ready data."""
    run = _attr("tandem.dynamics", "simulate", DYNAMICS_MISSING)
    get_preset = _attr("tandem.dynamics", "get_preset", DYNAMICS_MISSING)
    model = get_preset(preset or "default")
    return dict(to_jsonable(run(model, n_steps=n_steps, **dict(params))))


def simulator_view(values: Mapping[str, str], names: tuple[str, str]) -> dict[str, Any]:
    """Sliders and the chart of the simulator page for the submitted slider ``values``."""
    del values, names
    _attr("tandem.dynamics", "simulate", DYNAMICS_MISSING)
    raise Unavailable(DYNAMICS_MISSING)


# --- plan -----------------------------------------------------------------------------------

PLAN_MISSING = "Plans (tandem.coaching) are not available in this copy of Tandem yet."


def plan_missing() -> str:
    """Why plans cannot be made here, or ``""`` when they can."""
    try:
        _attr("tandem.coaching", "make_plan", PLAN_MISSING)
    except Unavailable as missing:
        return missing.what
    return ""


def make_plan(
    session: Session,
    couple: Any,
    analysis: Mapping[str, Any] | None,
    quiz: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """Build a plan from the latest analysis and quiz (JSON-ready)."""
    del session, couple
    build = _attr("tandem.coaching", "make_plan", PLAN_MISSING)
    return dict(to_jsonable(build(analysis=analysis, quiz=quiz)))


def plan_view(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The stored plan as the page shows it: title, intro, steps."""
    steps = [s for s in plan.get("steps", []) if isinstance(s, Mapping)]
    return {
        "title": plan.get("title", "Your plan"),
        "intro": plan.get("intro") or plan.get("summary") or "",
        "steps": steps,
        "limits": list(plan.get("limits") or []),
    }


def plan_step_titles(session: Session, couple_id: str) -> list[str]:
    """Titles of the latest plan's steps (for the check-in form); empty without a plan."""
    row = repository.latest_plan(session=session, couple_id=couple_id)
    if row is None:
        return []
    steps = row.result.get("steps", [])
    titles = [str(s.get("title", "")) for s in steps if isinstance(s, Mapping)]
    return [t for t in titles if t]


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


def journal_trends(session: Session, couple: Any) -> Trends:
    """Weekly pursue/withdraw moves, constructive ratio and time to reconnect, as charts."""
    try:
        compute = _attr("tandem.analysis.journal_trends", "journal_trends", TRENDS_MISSING)
    except Unavailable as missing:
        return Trends(available=False, message=missing.what)
    entries = repository.list_journal_entries(session=session, couple_id=couple.couple_id)
    checkins = repository.list_checkins(session=session, couple_id=couple.couple_id)
    plan = repository.latest_plan(session=session, couple_id=couple.couple_id)
    plan_start = None if plan is None else plan.created_at
    result = compute(entries, checkins=checkins, plan_start=plan_start)
    data = dict(to_jsonable(result))
    return Trends(available=True, data=data)
