"""The cycle analysis end to end on hand-coded conversations: known input, known answer."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC

import numpy as np
import pytest

from tandem.analysis import analyze_cycle
from tandem.analysis.cycle import reasons_for
from tandem.domain import CodedMessage, Partner, Role

from .conftest import Line, build

NAMES = ("Ana", "Ben")


def analyze(coded: tuple[CodedMessage, ...], names: tuple[str, str] = NAMES):
    return analyze_cycle(coded, partners=names, rng=np.random.default_rng(3), n_boot=200)


def test_pursuer_and_distancer_are_found_with_reasons(pw_conversation) -> None:
    result = analyze(pw_conversation)
    assert result.status == "ok"
    ana, ben = result.summaries["Ana"].role, result.summaries["Ben"].role
    assert ana is not None and ben is not None
    assert (ana.role, ben.role) == (Role.PURSUER, Role.DISTANCER)
    # 40 pursue moves and no distance move: a clear pattern with plenty of data.
    assert ana.confidence > 0.6 and ben.confidence > 0.5
    assert any("40 of 65 messages" in r for r in ana.reasons)
    assert result.polarity.polarity > 0.3
    assert result.loop is not None and result.loop.pursuer == 0
    assert result.loop_gain is not None and result.loop_gain > 0
    assert len(result.episodes) == 5
    assert all(e.started_by == "Ana" and e.ending == "time-out" for e in result.episodes)


def swap(coded: tuple[CodedMessage, ...]) -> tuple[CodedMessage, ...]:
    out = []
    for c in coded:
        m = c.message
        other = m.partner.other if m.partner else None
        out.append(
            replace(
                c,
                message=replace(
                    m, partner=other, sender=NAMES[0] if other is Partner.A else NAMES[1]
                ),
            )
        )
    return tuple(out)


def test_roles_swap_and_gain_stays_when_partners_swap(pw_conversation) -> None:
    one = analyze(pw_conversation)
    two = analyze(swap(pw_conversation), names=(NAMES[1], NAMES[0]))
    for name in NAMES:
        assert one.summaries[name].role == two.summaries[name].role
    assert one.loop_gain == pytest.approx(two.loop_gain)
    assert one.polarity.polarity == pytest.approx(-two.polarity.polarity)


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        ([], "no messages"),
        ([("A", 1, "hello?", ["pressure"])] * 12, "Only Ana wrote"),
        ([("A", 0, "you never listen", ["criticism"])], "Only Ana wrote"),
        ([("A", 0, "hi", []), ("B", 1, "hey", []), ("A", 1, "ok", [])], "only 3 messages"),
        ([("A" if k % 2 else "B", 5, "dinner at 7?", []) for k in range(40)], "everyday talk"),
    ],
    ids=["empty", "one-sided", "one-message", "few-messages", "all-neutral"],
)
def test_too_little_signal_says_so_instead_of_a_role(lines: list[Line], says: str) -> None:
    result = analyze(build(lines))
    assert result.status == "too_little_signal"
    assert says.lower() in result.status_message.lower()
    assert all(s.role is None for s in result.summaries.values())
    assert result.loop_gain is None
    assert result.to_couple_profile().roles == {}
    json.dumps(result.to_dict())


def test_huge_and_strange_messages_do_not_break_anything(pw_conversation) -> None:
    weird = [
        "x" * 100_000,
        "you " * 25_000,
        "\u202eevil\u202c \u200b\u200d 👩‍❤️‍👨 🤬🤬 ¿¡ 你从来不听 ليش ما ترد؟",
        "\x00\x01\x7f",
        "",
        "?" * 5000,
    ]
    lines: list[Line] = [
        ("A" if k % 2 else "B", 1, t, ["criticism"] if k == 0 else []) for k, t in enumerate(weird)
    ]
    result = analyze(pw_conversation + build(lines))
    assert result.status == "ok"
    text = json.dumps(result.to_dict())
    # Examples are shortened, so a 100,000-character message does not flood the report.
    assert "x" * 1000 not in text


def test_safety_concern_withholds_roles_and_points_to_help(pw_conversation) -> None:
    threat = build([("B", 5, "if you leave I'll hurt you, you'll regret this", ["criticism"])])
    result = analyze(pw_conversation + threat)
    assert result.status == "safety_concern"
    assert all(s.role is None for s in result.summaries.values())
    assert result.loop_gain is None
    concern = result.safety_concern
    assert concern is not None
    assert any("hurt you" in e for e in concern.evidence)
    assert "emergency number" in concern.message and "helpline" in concern.message
    assert "not the right tool" in concern.message
    profile = result.to_couple_profile()
    assert profile.roles == {} and profile.safety_concern == concern
    assert result.to_dict()["safety_concern"]["hits"][0]["kind"] == "threat"
    # Not even the timing-only baseline names a role.
    assert result.to_dict()["partners"]["Ana"]["timing_only_role"] is None
    assert result.to_dict()["timing"]["timing_only_roles"] is None


def test_fear_of_the_partner_is_a_safety_concern(pw_conversation) -> None:
    fear = build([("A", 5, "honestly I'm scared of you when you drink", [])])
    assert analyze(pw_conversation + fear).status == "safety_concern"


def test_couple_profile_and_json_carry_every_figure(pw_conversation) -> None:
    result = analyze(pw_conversation)
    profile = result.to_couple_profile()
    assert profile.partners == NAMES
    assert profile.roles["Ana"].role is Role.PURSUER
    assert profile.pursue_rate["Ana"] == pytest.approx(40 / 65)
    assert profile.loop_gain == result.loop_gain
    assert profile.sources == ("chat",)
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data["partners"]["Ana"]) >= {
        "role",
        "confidence",
        "pursue_rate",
        "distance_rate",
        "constructive_rate",
    }
    assert data["partners"]["Ben"]["role"] == "distancer"
    assert data["loop_gain"] == pytest.approx(result.loop_gain)
    assert len(data["episodes"]) == 5 and data["safety_concern"] is None
    assert data["polarity"]["Ana_demands_Ben_withdraws"] > 0.3


def test_reasons_speak_to_me(pw_conversation) -> None:
    result = analyze(pw_conversation)
    mine = reasons_for(result, "Ben", me="Ben")
    assert mine[0].startswith("You pressed")
    assert "Ana did in 40" in mine[0]
    assert any(r.startswith("Your typical reply") for r in mine)
    theirs = reasons_for(result, "Ana", me="Ben")
    assert "you did in 0" in theirs[0]


def test_examples_come_from_their_own_messages(pw_conversation) -> None:
    result = analyze(pw_conversation)
    ana = result.summaries["Ana"].examples
    assert [x.text for x in ana["criticism"]] == ["you never listen to me"]
    assert "withdrawal" not in ana
    assert result.summaries["Ben"].examples["timeout"][0].text.startswith("I need 20 minutes")


def test_transcript_without_times_still_gets_roles(pw_conversation) -> None:
    untimed = tuple(replace(c, message=replace(c.message, timestamp=None)) for c in pw_conversation)
    result = analyze(untimed)
    assert result.status == "ok"
    assert result.summaries["Ana"].role.role is Role.PURSUER
    assert result.summaries["Ana"].median_latency_min is None
    assert result.timing.bursts == ()
    assert result.start is None and len(result.episodes) == 5
    json.dumps(result.to_dict())


def test_timezone_aware_times_work_like_local_ones(pw_conversation) -> None:

    aware = tuple(
        replace(
            c,
            message=replace(c.message, timestamp=c.message.timestamp.replace(tzinfo=UTC)),
        )
        for c in pw_conversation
    )
    one, two = analyze(pw_conversation), analyze(aware)
    assert (
        one.to_dict()["partners"]["Ana"]["median_reply_latency_min"]
        == (two.to_dict()["partners"]["Ana"]["median_reply_latency_min"])
    )
    assert len(one.episodes) == len(two.episodes)


def test_analyze_conversation_runs_the_coder() -> None:
    from tandem.analysis import analyze_conversation
    from tandem.domain import Conversation, Platform

    coded = build([("A", 5, "you never listen to me", []), ("B", 5, "whatever", [])] * 10)
    conv = Conversation(tuple(c.message for c in coded), NAMES, Platform.WHATSAPP)
    result = analyze_conversation(conv, coder="rules", rng=np.random.default_rng(0), n_boot=20)
    assert result.summaries["Ana"].rates.n_pursue >= 5  # the rules coder finds the criticism
    assert result.summaries["Ana"].role.role is Role.PURSUER


def test_a_chat_in_a_language_tandem_does_not_read_gets_no_roles() -> None:
    from tests.coding.test_language import CHATS

    # Even with codes on the messages (a coder reading German as English would put some),
    # the roles are withheld and the reason named, instead of "too little was coded".
    lines: list[Line] = [
        ("A" if k % 2 else "B", 3, text, ["criticism"] if k % 4 == 1 else [])
        for k, text in enumerate(CHATS["de"] * 3)
    ]
    result = analyze(build(lines))
    assert result.status == "language_not_read"
    assert not result.roles_assigned and result.loop is None
    assert "German" in result.status_message
    assert result.to_dict()["language"] == {
        "code": "de",
        "name": "German",
        "share": pytest.approx(result.language.share, abs=1e-3),  # type: ignore[union-attr]
        "supported": False,
    }


def test_too_little_signal_counts_the_timing_it_weighed() -> None:
    # A question answered five hours late gives timing moves (the late answer, the question
    # asked again meanwhile); they count toward the signal, so the sentence names them beside
    # the coded messages, or its numbers would not add up to the threshold.
    lines: list[Line] = [("A" if k % 2 else "B", 5, "dinner at 7?", []) for k in range(40)]
    lines[11] = ("A", 300, "sure", [])
    result = analyze(build(lines))
    assert result.status == "too_little_signal"
    assert "Of 40 messages, 0 showed any move" in result.status_message
    assert re.search(r"the timing of the replies adds [1-3] more", result.status_message)
    # Statements answered within minutes give no timing move, and the sentence names none.
    quiet = analyze(build([("A" if k % 2 else "B", 5, "see you at 7", []) for k in range(40)]))
    assert quiet.status == "too_little_signal"
    assert "timing" not in quiet.status_message
