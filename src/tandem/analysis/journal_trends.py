"""Progress from the journal, per ISO week and before versus after the plan started.

The figures: pursue and withdraw moves per week, the constructive ratio, minutes until the
partners reconnected.

Pure functions over :class:`~tandem.domain.JournalEntry` and :class:`~tandem.domain.CheckIn`.
A week is an ISO week (Monday to Sunday) of the date written on the entry, in the writer's own
clock: a time with a zone is not converted, so an entry lands in the week its writer lived it.

A *move* is one behaviour code ticked for one partner in one conflict; which side it is on comes
from :data:`tandem.domain.SIDE_OF`. The constructive ratio is constructive moves over all
pursue, distance and constructive moves (neutral ones do not count), so 1 means every move
noted was constructive and 0 none.

What the journal cannot tell: it holds the conflicts someone chose to write down, so a quieter
week may mean fewer conflicts or fewer entries; the figures describe the entries, not the couple.

Examples
--------
>>> from datetime import datetime
>>> from tandem.domain import Code, Ending, JournalEntry, Partner
>>> e = JournalEntry(occurred_at=datetime(2024, 3, 1, 21), topic="dishes", raised_by=Partner.A,
...                  intensity=6, moves_a=(Code.PRESSURE, Code.CRITICISM),
...                  moves_b=(Code.WITHDRAWAL, Code.VALIDATION), ending=Ending.PAUSED,
...                  minutes_to_reconnect=40)
>>> [w] = weekly_trends([e])
>>> w.week, w.pursue_moves, w.withdraw_moves, w.constructive_ratio
('2024-W09', 2, 1, 0.25)
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tandem.domain import SIDE_OF, CheckIn, JournalEntry, Partner, Side
from tandem.errors import InvalidChoice

__all__ = [
    "BeforeAfter",
    "JournalTrends",
    "PeriodSummary",
    "PracticeWeek",
    "WeekTrend",
    "before_after",
    "iso_week",
    "journal_trends",
    "weekly_practice",
    "weekly_trends",
]


def iso_week(day: date) -> str:
    """The ISO week of ``day`` as ``YYYY-Www``.

    Examples
    --------
    >>> iso_week(date(2024, 12, 30))
    '2025-W01'
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


@dataclass(frozen=True)
class WeekTrend:
    """What the journal says about one ISO week (zeros and ``None`` for a week with no entry)."""

    week: str
    """The ISO week, ``YYYY-Www``."""
    week_start: date
    """Its Monday."""
    n_entries: int
    """Conflicts written down that week."""
    pursue_moves: int
    """Pursue-side codes ticked, both partners together."""
    withdraw_moves: int
    """Distance-side codes ticked (defensiveness, dismissal, withdrawal), both partners."""
    constructive_moves: int
    """Constructive codes ticked, both partners."""
    pursue_by: dict[str, int]
    """Pursue moves per partner label (``"A"``, ``"B"``)."""
    withdraw_by: dict[str, int]
    """Distance moves per partner label."""
    constructive_ratio: float | None
    """Constructive moves over all pursue, distance and constructive moves; ``None`` if none."""
    mean_intensity: float | None
    """Mean intensity (1-10) of the week's conflicts."""
    median_minutes_to_reconnect: float | None
    """Median minutes until reconnecting, over the entries that say; ``None`` if none do."""
    n_unreconnected: int
    """Entries with no reconnection time (not yet, or not written)."""


@dataclass(frozen=True)
class PracticeWeek:
    """Practice check-ins of one ISO week."""

    week: str
    """The ISO week, ``YYYY-Www``."""
    week_start: date
    """Its Monday."""
    n_checkins: int
    """Check-ins written."""
    n_done: int
    """Of which the step was done."""
    mean_went: float | None
    """Mean of "how it went" (1-5) where given."""


@dataclass(frozen=True)
class PeriodSummary:
    """The journal over one stretch of time (before or after the plan started)."""

    label: str
    """``"before"`` or ``"after"``."""
    start: date | None
    """First day covered (the first entry's day, or the plan start)."""
    end: date | None
    """Last day covered."""
    n_entries: int
    """Conflicts written down."""
    weeks: float
    """Length of the stretch in weeks (at least 1, so one busy day is not a huge rate)."""
    pursue_per_week: float | None
    """Pursue moves per week; ``None`` without entries."""
    withdraw_per_week: float | None
    """Distance moves per week."""
    conflicts_per_week: float | None
    """Entries per week."""
    constructive_ratio: float | None
    """As in :class:`WeekTrend`, over the whole stretch."""
    mean_intensity: float | None
    """Mean intensity."""
    median_minutes_to_reconnect: float | None
    """Median minutes to reconnect."""


@dataclass(frozen=True)
class BeforeAfter:
    """The journal before the plan started and since."""

    plan_start: date
    """The day the plan started (entries on that day count as after)."""
    before: PeriodSummary
    """Entries dated before ``plan_start``."""
    after: PeriodSummary
    """Entries dated on or after it."""

    @property
    def has_both(self) -> bool:
        """Whether both stretches have entries, so a comparison says something."""
        return self.before.n_entries > 0 and self.after.n_entries > 0


@dataclass(frozen=True)
class JournalTrends:
    """Everything the progress page shows: weekly figures, practice, before and after."""

    weeks: list[WeekTrend]
    """One per ISO week from the first entry to the last, empty weeks included."""
    practice: list[PracticeWeek]
    """One per ISO week with check-ins, in order."""
    before_after: BeforeAfter | None
    """``None`` when no plan start was given."""
    n_entries: int
    """All conflict entries."""
    n_checkins: int
    """All check-ins."""
    notes: list[str] = field(default_factory=list)
    """What the data cannot tell, in plain words."""


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _side_counts(
    entries: Iterable[JournalEntry],
) -> tuple[dict[Side, int], dict[Side, dict[str, int]]]:
    total = dict.fromkeys(Side, 0)
    by = {side: {p.value: 0 for p in Partner} for side in Side}
    for entry in entries:
        for partner in Partner:
            for code in entry.moves_of(partner):
                side = SIDE_OF[code]
                total[side] += 1
                by[side][partner.value] += 1
    return total, by


def _ratio(total: dict[Side, int]) -> float | None:
    moves = total[Side.PURSUE] + total[Side.DISTANCE] + total[Side.CONSTRUCTIVE]
    return total[Side.CONSTRUCTIVE] / moves if moves else None


def _reconnect_minutes(entries: Iterable[JournalEntry]) -> list[float]:
    return [float(e.minutes_to_reconnect) for e in entries if e.minutes_to_reconnect is not None]


def _week_trend(monday: date, entries: Sequence[JournalEntry]) -> WeekTrend:
    total, by = _side_counts(entries)
    return WeekTrend(
        week=iso_week(monday),
        week_start=monday,
        n_entries=len(entries),
        pursue_moves=total[Side.PURSUE],
        withdraw_moves=total[Side.DISTANCE],
        constructive_moves=total[Side.CONSTRUCTIVE],
        pursue_by=by[Side.PURSUE],
        withdraw_by=by[Side.DISTANCE],
        constructive_ratio=_ratio(total),
        mean_intensity=_mean([e.intensity for e in entries]),
        median_minutes_to_reconnect=_median(_reconnect_minutes(entries)),
        n_unreconnected=sum(e.minutes_to_reconnect is None for e in entries),
    )


def weekly_trends(entries: Iterable[JournalEntry], *, fill_gaps: bool = True) -> list[WeekTrend]:
    """Per ISO week: pursue, withdraw and constructive moves, intensity, time to reconnect.

    Parameters
    ----------
    entries : iterable of JournalEntry
        In any order.
    fill_gaps : bool, default True
        Include the weeks between the first and last entry that have no entry (as zeros), so a
        chart's x axis is time.

    Returns
    -------
    list of WeekTrend
        In time order; empty without entries.

    Examples
    --------
    >>> weekly_trends([])
    []
    """
    by_week: dict[date, list[JournalEntry]] = {}
    for entry in entries:
        by_week.setdefault(_monday(_day(entry.occurred_at)), []).append(entry)
    if not by_week:
        return []
    mondays = sorted(by_week)
    if fill_gaps:
        first, last = mondays[0], mondays[-1]
        mondays = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    return [_week_trend(m, by_week.get(m, [])) for m in mondays]


def weekly_practice(checkins: Iterable[CheckIn]) -> list[PracticeWeek]:
    """Per ISO week with check-ins: how many, how many done, how it went on average.

    Examples
    --------
    >>> from tandem.domain import Partner
    >>> c = CheckIn(occurred_at=datetime(2024, 3, 4), partner=Partner.A, step_title="pause",
    ...             done=True, went=4)
    >>> weekly_practice([c])[0].n_done
    1
    """
    by_week: dict[date, list[CheckIn]] = {}
    for checkin in checkins:
        by_week.setdefault(_monday(_day(checkin.occurred_at)), []).append(checkin)
    return [
        PracticeWeek(
            week=iso_week(monday),
            week_start=monday,
            n_checkins=len(group),
            n_done=sum(c.done for c in group),
            mean_went=_mean([float(c.went) for c in group if c.went is not None]),
        )
        for monday, group in sorted(by_week.items())
    ]


def _period(
    label: str, entries: Sequence[JournalEntry], start: date | None, end: date | None
) -> PeriodSummary:
    days = 0 if start is None or end is None else (end - start).days + 1
    weeks = max(1.0, days / 7)
    total, _ = _side_counts(entries)
    n = len(entries)
    return PeriodSummary(
        label=label,
        start=start,
        end=end,
        n_entries=n,
        weeks=weeks,
        pursue_per_week=total[Side.PURSUE] / weeks if n else None,
        withdraw_per_week=total[Side.DISTANCE] / weeks if n else None,
        conflicts_per_week=n / weeks if n else None,
        constructive_ratio=_ratio(total),
        mean_intensity=_mean([e.intensity for e in entries]),
        median_minutes_to_reconnect=_median(_reconnect_minutes(entries)),
    )


def before_after(
    entries: Iterable[JournalEntry],
    plan_start: date | datetime,
    *,
    until: date | None = None,
) -> BeforeAfter:
    """The journal before ``plan_start`` and from that day on, as rates per week.

    Parameters
    ----------
    entries : iterable of JournalEntry
        In any order.
    plan_start : date or datetime
        When the plan started; a datetime counts by its date.
    until : date, optional
        Last day of the "after" stretch (default: the last entry's day, or ``plan_start``).
        Pass today to count quiet days since the last entry.

    Returns
    -------
    BeforeAfter
        The "before" stretch runs from the first entry to the day before ``plan_start``.

    Raises
    ------
    InvalidChoice
        When ``until`` is before ``plan_start`` (``where="until"``).

    Examples
    --------
    >>> from tandem.domain import Code, Ending, Partner
    >>> def e(day, codes):
    ...     return JournalEntry(occurred_at=datetime(2024, 3, day), topic="t",
    ...                         raised_by=Partner.A, intensity=5, moves_a=codes, moves_b=(),
    ...                         ending=Ending.RESOLVED)
    >>> ba = before_after([e(1, ("pressure",)), e(14, ("request",))], date(2024, 3, 8))
    >>> ba.before.pursue_per_week, ba.after.constructive_ratio
    (1.0, 1.0)
    """
    start_day = _day(plan_start)
    listed = list(entries)
    before = [e for e in listed if _day(e.occurred_at) < start_day]
    after = [e for e in listed if _day(e.occurred_at) >= start_day]
    last = max((_day(e.occurred_at) for e in after), default=start_day)
    end = until if until is not None else last
    if end < start_day:
        raise InvalidChoice(
            f"must not be before the plan start {start_day.isoformat()}, got {end.isoformat()}",
            where="until",
        )
    first = min((_day(e.occurred_at) for e in before), default=None)
    return BeforeAfter(
        plan_start=start_day,
        before=_period(
            "before", before, first, None if first is None else start_day - timedelta(days=1)
        ),
        after=_period("after", after, start_day, end),
    )


def journal_trends(
    entries: Iterable[JournalEntry],
    *,
    checkins: Iterable[CheckIn] = (),
    plan_start: date | datetime | None = None,
    until: date | None = None,
) -> JournalTrends:
    """Weekly figures, weekly practice and (given a plan start) before versus after.

    Parameters
    ----------
    entries : iterable of JournalEntry
        The couple's conflict entries.
    checkins : iterable of CheckIn
        Their practice check-ins.
    plan_start : date or datetime, optional
        When the plan started; without it there is no before/after comparison.
    until : date, optional
        Passed to :func:`before_after`.

    Examples
    --------
    >>> journal_trends([]).notes
    ['No conflicts written down yet: trends start with the first entry.']
    """
    listed = list(entries)
    listed_checkins = list(checkins)
    comparison = None if plan_start is None else before_after(listed, plan_start, until=until)
    notes: list[str] = []
    if not listed:
        notes.append("No conflicts written down yet: trends start with the first entry.")
    elif len({iso_week(_day(e.occurred_at)) for e in listed}) < 3:
        notes.append("Fewer than three weeks of entries: too early to call anything a trend.")
    if comparison is not None and listed and not comparison.has_both:
        notes.append("Before and after the plan can be compared once both stretches have entries.")
    if listed:
        notes.append(
            "These figures describe the conflicts written down, which may not be all of them."
        )
    return JournalTrends(
        weeks=weekly_trends(listed),
        practice=weekly_practice(listed_checkins),
        before_after=comparison,
        n_entries=len(listed),
        n_checkins=len(listed_checkins),
        notes=notes,
    )
