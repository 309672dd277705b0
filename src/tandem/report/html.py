"""The cycle analysis as one self-contained HTML file: charts inline, nothing fetched.

The page holds: who does what (roles with reasons), the timeline of both partners' moves
with heated exchanges shaded, the loop with its measured strengths, per-partner bars, the
heated exchanges one by one with the 5:1 reference, and examples of each code taken from
the partners' own messages. A safety concern replaces roles and the loop with where to find
help. All text is HTML-escaped (messages can contain anything).

Examples
--------
>>> import numpy as np
>>> from tandem.analysis import analyze_cycle
>>> page = render_html(analyze_cycle((), partners=("Sam", "Alex"), rng=np.random.default_rng(0)))
>>> page.startswith("<!doctype html>") and "http://" not in page.replace(
...     "http://www.w3.org/2000/svg", "")
True
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from tandem.analysis.cycle import STATUS_THIN, CycleAnalysis, Voice, reasons_for
from tandem.analysis.episodes import GOTTMAN_RATIO
from tandem.domain import CODES, SIDE_OF, Side
from tandem.report.charts import PALETTE, bars_svg, loop_svg, timeline_svg
from tandem.report.cycle import (
    ENDING_WORDS,
    ROLE_WORDS,
    STATUS_TITLES,
    headline,
    loop_sentence,
)
from tandem.report.terms import CLARITY, HEATED_EXCHANGE, LOOP_STRENGTH, coder_name

CODE_WORDS = {
    "criticism": "criticism — blaming, 'you always / you never'",
    "contempt": "contempt — sarcasm, mockery, put-downs",
    "pressure": "pressure — insisting on an answer or on talking now",
    "defensiveness": "defensiveness — excuses, counter-attack",
    "dismissal": "dismissal — waving the other's feeling away",
    "withdrawal": "withdrawal — shutting down, minimal replies, leaving",
    "vulnerability": "vulnerability — naming a soft feeling",
    "request": "request — a need asked for plainly",
    "validation": "validation — showing the other's view makes sense",
    "responsibility": "responsibility — owning a part, apologising",
    "timeout": "time-out — a break announced with a return time",
    "repair": "repair — warmth, humour, starting over",
}
"""Each code in a few plain words."""


_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_PAGE = _ENV.from_string(
    (resources.files("tandem.report") / "cycle_report.html").read_text(encoding="utf-8")
)


def _fmt_lat(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.0f} min" if x < 90 else f"{x / 60:.1f} h"


def render_html(
    analysis: CycleAnalysis, *, me: str | None = None, source: str = "", coder: str = ""
) -> str:
    """The self-contained HTML report of a cycle analysis.

    Parameters
    ----------
    analysis : CycleAnalysis
        The result.
    me : str, optional
        The reader's name ("you" in the text).
    source : str
        File name shown in the header.
    coder : str
        The ``tandem.coding`` name of the coder that read the messages, named in the header
        (nothing is said when empty or unknown).

    Returns
    -------
    str
        A complete HTML document.
    """
    v = Voice(me)
    a, b = analysis.partners
    roles_ok = analysis.status == "ok"
    people: list[dict[str, Any]] = []
    for name in sorted(analysis.partners, key=lambda n: n != me):
        s = analysis.summaries[name]
        examples = []
        for code in CODES:
            side = SIDE_OF[code]
            if side is Side.NEUTRAL:
                continue
            for ex in s.examples.get(code.value, ()):
                examples.append(
                    {
                        "code": CODE_WORDS[code.value],
                        "side": side.value,
                        "text": ex.text,
                        "evidence": ex.evidence,
                        "when": ex.when,
                    }
                )
        people.append(
            {
                "name": name,
                "title": name + (" (you)" if name == me else ""),
                "role": s.role.role.value if s.role and roles_ok else None,
                "role_words": ROLE_WORDS[s.role.role.value] if s.role else "",
                "confidence": s.role.confidence if s.role else 0.0,
                "clarity": CLARITY.show(s.role.confidence) if s.role else "",
                "reasons": reasons_for(analysis, name, me=me) if roles_ok else (),
                "bars": Markup(
                    bars_svg(
                        [
                            ("pressing", s.rates.pursue, PALETTE["pursue"]),
                            ("pulling back", s.rates.distance, PALETTE["distance"]),
                            ("constructive", s.rates.constructive, PALETTE["constructive"]),
                        ],
                        title="share of messages",
                        max_value=max(
                            0.5,
                            *(x.rates.pursue for x in analysis.summaries.values()),
                            *(x.rates.distance for x in analysis.summaries.values()),
                            *(x.rates.constructive for x in analysis.summaries.values()),
                        ),
                    )
                ),
                "examples": examples,
            }
        )
    head = headline(analysis, me) if roles_ok else ""

    tl = analysis.timeline
    timeline = timeline_svg(
        counts=tl.counts,
        partners=analysis.partners,
        labels=tl.labels,
        episodes=[
            (
                e.x_start,
                e.x_end,
                f"{e.number}: started by {e.started_by}, ended with {ENDING_WORDS[e.ending]}",
            )
            for e in analysis.episodes
        ],
    )
    loop = analysis.loop if roles_ok else None
    loop_markup = None
    if loop is not None:
        loop_markup = Markup(
            loop_svg(
                pursuer=analysis.name(loop.pursuer),
                distancer=analysis.name(loop.distancer),
                pursuit_to_withdrawal=(
                    loop.pursuit_to_withdrawal.value,
                    loop.pursuit_to_withdrawal.low,
                    loop.pursuit_to_withdrawal.high,
                ),
                withdrawal_to_pursuit=(
                    loop.withdrawal_to_pursuit.value,
                    loop.withdrawal_to_pursuit.low,
                    loop.withdrawal_to_pursuit.high,
                ),
                pursuer_inertia=loop.pursuer_inertia.value,
                distancer_inertia=loop.distancer_inertia.value,
                gain=loop.gain.value,
            )
        )
    pol = analysis.polarity
    polarity_text = (
        f"Demand–withdraw: {a} pressing while {b} pulled back in {pol.a_demand_b_withdraw:.0%} "
        f"of exchanges, {b} pressing while {a} pulled back in {pol.b_demand_a_withdraw:.0%} "
        f"(polarity {pol.polarity:+.2f})."
    )
    ratio = analysis.conflict_ratio
    ratio_svg = (
        Markup(
            bars_svg(
                [("inside conflict", ratio or 0.0, PALETTE["constructive"])],
                title="constructive moves per harmful one",
                max_value=6.0,
                percent=False,
                reference=(GOTTMAN_RATIO, "5 : 1"),
            )
        )
        if ratio is not None
        else ""
    )
    years = {e.start_time.year for e in analysis.episodes if e.start_time is not None}
    when = "%d %b %Y %H:%M" if len(years) > 1 else "%d %b %H:%M"
    episodes = [
        {
            "number": e.number,
            "when": e.start_time.strftime(when) if e.start_time else "",
            "started_by": v.subj(e.started_by),
            "start_text": e.start_text,
            "peak_text": e.peak_text,
            "ending": ENDING_WORDS[e.ending] + (f" ({v.obj(e.ended_by)})" if e.ended_by else ""),
            "end_text": e.end_text if e.ending in ("repair", "time-out") else "",
            "n_constructive": e.n_constructive,
            "n_harmful": e.n_harmful,
        }
        for e in analysis.episodes[:EPISODES_LISTED]
    ]
    sa, sb = analysis.summaries[a], analysis.summaries[b]
    timing_rows = [
        ("messages", sa.rates.n_messages, sb.rates.n_messages),
        ("runs of unanswered messages", sa.n_bursts, sb.n_bursts),
        ("... of them asking for an answer", sa.n_pressure_bursts, sb.n_pressure_bursts),
        ("typical reply time", _fmt_lat(sa.median_latency_min), _fmt_lat(sb.median_latency_min)),
        (
            "typical turn length (characters)",
            _fmt_num(sa.median_turn_chars),
            _fmt_num(sb.median_turn_chars),
        ),
        (
            "... inside heated exchanges",
            _fmt_num(sa.median_turn_chars_conflict),
            _fmt_num(sb.median_turn_chars_conflict),
        ),
        ("heated exchanges started", sa.episodes_started, sb.episodes_started),
        ("heated exchanges left", sa.episodes_left, sb.episodes_left),
        ("closed with a repair or a break", sa.episodes_closed_well, sb.episodes_closed_well),
    ]
    baseline = f"{a} {sa.baseline_role.value}, {b} {sb.baseline_role.value}"
    span = ""
    if analysis.start and analysis.end:
        span = f", {analysis.start:%d %b %Y} – {analysis.end:%d %b %Y}"
    return _PAGE.render(
        a=a,
        b=b,
        n=analysis.n_messages,
        span=span,
        source=source,
        coder=coder_name(coder),
        pal=PALETTE,
        safety=analysis.safety_concern,
        status=analysis.status,
        status_message=analysis.status_message,
        status_title=STATUS_TITLES.get(analysis.status, STATUS_TITLES[STATUS_THIN]),
        roles_ok=roles_ok,
        headline=head,
        loop_text=loop_sentence(analysis, me) if loop is not None else "",
        people=people,
        timeline=Markup(timeline),
        loop_svg=loop_markup,
        polarity_text=polarity_text,
        episodes=episodes,
        n_episodes=len(analysis.episodes),
        ratio=ratio,
        gottman=f"{GOTTMAN_RATIO:.0f}",
        ratio_svg=ratio_svg,
        timing_rows=timing_rows,
        baseline=baseline,
        terms=(CLARITY, LOOP_STRENGTH, HEATED_EXCHANGE),
        loop_definition=LOOP_STRENGTH.definition,
    )


EPISODES_LISTED = 200
"""Heated exchanges listed one by one; the count above the table is always all of them."""


def _fmt_num(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f}"
