"""The announced break message and its RFC 5545 calendar reminder."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from tandem.coaching.timeout import plan_break, to_ics
from tandem.errors import InvalidChoice

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
BERLIN = timezone(timedelta(hours=1))


def test_message_says_feeling_need_and_return_time() -> None:
    plan = plan_break("to calm down", minutes=30, now=NOW)
    assert plan.message == (
        "I'm getting overwhelmed. I need 30 minutes to calm down. I'll come back at 20:30, "
        "and I want to finish this with you."
    )
    assert plan.back_at == datetime(2026, 11, 24, 20, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("a walk", "I need a walk for 45 minutes."),
        ("I want to think it over.", "I want to think it over, for 45 minutes."),
        ("to cool off", "I need 45 minutes to cool off."),
    ],
)
def test_need_is_kept_in_the_persons_words(need: str, expected: str) -> None:
    assert expected in plan_break(need, minutes=45, now=NOW).message


def test_back_at_earlier_than_now_means_tomorrow() -> None:
    plan = plan_break("sleep", back_at=time(8, 0), now=NOW)
    assert plan.back_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert plan.minutes == 12 * 60
    assert "08:00 tomorrow" in plan.message


def test_own_feeling_replaces_the_default() -> None:
    plan = plan_break("to calm down", minutes=20, now=NOW, feeling="I'm too angry to talk well")
    assert plan.message.startswith("I'm too angry to talk well. I need 20 minutes")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"need": "", "minutes": 30}, "say what you need"),
        ({"need": "x"}, "how long the break is or when you will be back"),
        ({"need": "x", "minutes": 0}, "use 1 to 1440"),
        ({"need": "x", "minutes": 3000}, "use 1 to 1440"),
        ({"need": "x", "minutes": 30, "back_at": time(21, 0)}, "disagree"),
    ],
    ids=["empty-need", "no-time", "zero", "too-long", "disagree"],
)
def test_bad_requests_say_what_is_wrong(kwargs: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidChoice, match=words):
        plan_break(now=NOW, **kwargs)  # type: ignore[arg-type]


def _unfold(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_ics_is_valid_rfc5545() -> None:
    now = datetime(2026, 11, 24, 21, 5, 30, tzinfo=BERLIN)
    plan = plan_break("to calm down; then talk, properly", minutes=30, now=now, name="Jonas")
    ics = to_ics(plan, now=now)
    # every line ends in CRLF, no bare LF, and no physical line longer than 75 octets
    assert ics.endswith("\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    lines = _unfold(ics)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    props = dict(line.split(":", 1) for line in lines if ":" in line and not line.startswith(" "))
    assert props["VERSION"] == "2.0"
    assert props["PRODID"]
    assert props["UID"].endswith("@tandem.local")
    assert props["DTSTAMP"] == "20261124T200530Z"  # 21:05:30 at UTC+1
    assert props["DTSTART"] == "20261124T203500Z"  # 21:35 local, seconds dropped
    # text values escape ; and ,
    assert "to calm down\\; then talk\\, properly" in "".join(lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert lines.count("BEGIN:VALARM") == lines.count("END:VALARM") == 1


def test_ics_is_deterministic_and_folds_long_unicode_lines() -> None:
    plan = plan_break(
        "ein Spaziergang am Fluss, über die Brücke und zurück " * 3, minutes=30, now=NOW
    )
    one, two = to_ics(plan, now=NOW), to_ics(plan, now=NOW)
    assert one == two
    assert all(len(line.encode()) <= 75 for line in one.split("\r\n"))
    assert "über die Brücke" in "".join(_unfold(one))


def test_ics_needs_aware_times() -> None:
    naive = datetime(2026, 11, 24, 20, 0)
    with pytest.raises(ValueError, match="timezone"):
        to_ics(plan_break("x", minutes=5, now=naive), now=naive)
