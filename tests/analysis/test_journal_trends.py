"""Journal trends: weekly moves, constructive ratio, reconnect time, before/after the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.analysis.journal_trends import (
    before_after,
    iso_week,
    journal_trends,
    weekly_practice,
    weekly_trends,
)
from tandem.domain import (
    CODES,
    SIDE_OF,
    CheckIn,
    Code,
    Ending,
    JournalEntry,
    Partner,
    Side,
)
from tandem.errors import InvalidChoice


def entry(when: datetime, a: tuple[str, ...] = (), b: tuple[str, ...] = (), **kw: object):
    values: dict[str, object] = {
        "occurred_at": when,
        "topic": "t",
        "raised_by": Partner.A,
        "intensity": 5,
        "moves_a": a,
        "moves_b": b,
        "ending": Ending.RESOLVED,
        "minutes_to_reconnect": 30,
    }
    values.update(kw)
    return JournalEntry(**values)  # type: ignore[arg-type]


def test_a_week_counts_each_side_for_each_partner() -> None:
    week = weekly_trends(
        [
            entry(
                datetime(2024, 3, 4, 20),
                a=("pressure", "criticism"),
                b=("withdrawal",),
                minutes_to_reconnect=20,
                intensity=8,
            ),
            entry(
                datetime(2024, 3, 10, 23, 59),
                a=("request",),
                b=("defensiveness", "validation"),
                minutes_to_reconnect=None,
                intensity=4,
            ),
        ]
    )
    assert len(week) == 1
    w = week[0]
    assert (w.week, w.week_start) == ("2024-W10", date(2024, 3, 4))
    assert (w.pursue_moves, w.withdraw_moves, w.constructive_moves) == (2, 2, 2)
    assert w.pursue_by == {"A": 2, "B": 0} and w.withdraw_by == {"A": 0, "B": 2}
    assert w.constructive_ratio == pytest.approx(2 / 6)
    assert w.mean_intensity == 6
    assert w.median_minutes_to_reconnect == 20 and w.n_unreconnected == 1


def test_neutral_moves_do_not_change_the_constructive_ratio() -> None:
    [w] = weekly_trends([entry(datetime(2024, 3, 4), a=("neutral", "repair"), b=("neutral",))])
    assert w.constructive_ratio == 1.0
    [w] = weekly_trends([entry(datetime(2024, 3, 4), a=("neutral",))])
    assert w.constructive_ratio is None


def test_weeks_without_entries_are_filled_so_the_axis_is_time() -> None:
    weeks = weekly_trends([entry(datetime(2024, 3, 4)), entry(datetime(2024, 3, 25))])
    assert [w.week for w in weeks] == ["2024-W10", "2024-W11", "2024-W12", "2024-W13"]
    assert [w.n_entries for w in weeks] == [1, 0, 0, 1]
    assert weeks[1].constructive_ratio is None and weeks[1].median_minutes_to_reconnect is None
    assert (
        len(
            weekly_trends(
                [entry(datetime(2024, 3, 4)), entry(datetime(2024, 3, 25))], fill_gaps=False
            )
        )
        == 2
    )


def test_weeks_follow_the_writers_clock_and_iso_years() -> None:
    # 23:30 on Sunday in UTC-5 is Monday in UTC; the entry belongs to the Sunday's week.
    late = entry(datetime(2024, 3, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5))))
    naive = entry(datetime(2024, 3, 11, 0, 30))
    weeks = weekly_trends([late, naive])
    assert [(w.week, w.n_entries) for w in weeks] == [("2024-W10", 1), ("2024-W11", 1)]
    assert iso_week(date(2024, 12, 30)) == "2025-W01"
    assert iso_week(date(2021, 1, 3)) == "2020-W53"


def test_before_and_after_the_plan_as_rates_per_week() -> None:
    plan = date(2024, 3, 15)
    entries = [
        # Before: 14 days (1-14 March), 4 pursue moves, 2 withdraw -> 2 and 1 per week.
        entry(
            datetime(2024, 3, 1),
            a=("pressure", "criticism"),
            b=("withdrawal",),
            minutes_to_reconnect=120,
        ),
        entry(
            datetime(2024, 3, 10),
            a=("pressure", "contempt"),
            b=("dismissal",),
            minutes_to_reconnect=60,
        ),
        # On the plan day counts as after; after runs 15-28 March (14 days).
        entry(
            datetime(2024, 3, 15, 9),
            a=("pressure", "vulnerability"),
            b=("validation",),
            minutes_to_reconnect=10,
        ),
        entry(datetime(2024, 3, 28), a=("request",), b=("timeout",), minutes_to_reconnect=20),
    ]
    ba = before_after(entries, datetime(2024, 3, 15, 18, tzinfo=UTC))
    assert ba.plan_start == plan and ba.has_both
    assert (ba.before.start, ba.before.end) == (date(2024, 3, 1), date(2024, 3, 14))
    assert ba.before.n_entries == 2 and ba.after.n_entries == 2
    assert ba.before.weeks == ba.after.weeks == 2
    assert ba.before.pursue_per_week == 2 and ba.before.withdraw_per_week == 1
    assert ba.after.pursue_per_week == 0.5 and ba.after.withdraw_per_week == 0
    assert ba.before.constructive_ratio == 0 and ba.after.constructive_ratio == 4 / 5
    assert ba.before.median_minutes_to_reconnect == 90
    assert ba.after.median_minutes_to_reconnect == 15


def test_quiet_days_after_the_last_entry_lower_the_rate_when_until_is_given() -> None:
    entries = [entry(datetime(2024, 3, 15), a=("pressure",))]
    ba = before_after(entries, date(2024, 3, 15), until=date(2024, 4, 11))
    assert ba.after.weeks == 4 and ba.after.pursue_per_week == 0.25
    assert ba.before.n_entries == 0 and ba.before.pursue_per_week is None
    assert not ba.has_both


def test_until_before_the_plan_names_the_field() -> None:
    with pytest.raises(InvalidChoice, match="^until: must not be before the plan start"):
        before_after([], date(2024, 3, 15), until=date(2024, 3, 1))


def test_practice_weeks_count_done_and_how_it_went() -> None:
    def c(day: int, done: bool, went: int | None) -> CheckIn:
        return CheckIn(
            occurred_at=datetime(2024, 3, day),
            partner=Partner.B,
            step_title="s",
            done=done,
            went=went,
        )

    weeks = weekly_practice([c(12, False, None), c(4, True, 4), c(5, True, 2)])
    assert [(w.week, w.n_checkins, w.n_done, w.mean_went) for w in weeks] == [
        ("2024-W10", 2, 2, 3.0),
        ("2024-W11", 1, 0, None),
    ]


def test_trends_say_what_the_data_cannot_tell() -> None:
    assert journal_trends([]).weeks == []
    few = journal_trends([entry(datetime(2024, 3, 4))], plan_start=date(2024, 3, 1))
    assert any("too early" in n for n in few.notes)
    assert any("once both stretches have entries" in n for n in few.notes)
    assert few.before_after is not None and few.n_entries == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("intensity", 0, "intensity: must be a whole number from 1 to 10, got 0"),
        ("intensity", 7.5, "intensity: must be a whole number from 1 to 10"),
        ("moves_a", ("yelling",), "moves_a: unknown behaviour code 'yelling'"),
        ("moves_b", "pressure", "moves_b: must be a list of behaviour codes"),
        ("raised_by", "C", "raised_by: must be A or B"),
        ("ending", "fine", "ending: unknown ending 'fine'"),
        ("minutes_to_reconnect", -5, "minutes_to_reconnect: must be a whole number of minutes"),
        ("topic", "  ", "topic: must not be empty"),
    ],
    ids=lambda v: str(v)[:20],
)
def test_entry_validation_names_the_field(field: str, value: object, message: str) -> None:
    with pytest.raises(InvalidChoice) as error:
        entry(datetime(2024, 3, 4), **{field: value})
    assert str(error.value).startswith(message)
    assert error.value.where == field


MOVES = st.lists(st.sampled_from(CODES), max_size=6).map(tuple)
ENTRIES = st.lists(
    st.builds(
        entry,
        st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2025, 1, 1)),
        MOVES,
        MOVES,
    ),
    max_size=30,
)


@settings(max_examples=150)
@given(entries=ENTRIES, plan=st.dates(min_value=date(2022, 12, 1), max_value=date(2025, 2, 1)))
def test_weeks_and_periods_account_for_every_move(entries: list[JournalEntry], plan: date) -> None:
    weeks = weekly_trends(entries)

    def side_total(side: Side) -> int:
        return sum(SIDE_OF[c] is side for e in entries for c in (*e.moves_a, *e.moves_b))

    assert sum(w.n_entries for w in weeks) == len(entries)
    assert sum(w.pursue_moves for w in weeks) == side_total(Side.PURSUE)
    assert sum(w.withdraw_moves for w in weeks) == side_total(Side.DISTANCE)
    assert all(w.constructive_ratio is None or 0 <= w.constructive_ratio <= 1 for w in weeks)
    assert len({w.week for w in weeks}) == len(weeks)
    ba = before_after(entries, plan)
    assert ba.before.n_entries + ba.after.n_entries == len(entries)
    for period in (ba.before, ba.after):
        if period.n_entries:
            assert period.pursue_per_week is not None
            assert period.pursue_per_week * period.weeks == pytest.approx(
                sum(
                    SIDE_OF[c] is Side.PURSUE
                    for e in entries
                    if (e.occurred_at.date() < plan) == (period.label == "before")
                    for c in (*e.moves_a, *e.moves_b)
                )
            )


def test_codes_are_kept_once_each_in_canonical_order() -> None:
    e = entry(datetime(2024, 3, 4), a=("repair", Code.PRESSURE, "repair"))
    assert e.moves_a == (Code.PRESSURE, Code.REPAIR)
