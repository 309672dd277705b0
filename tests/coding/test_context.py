"""A message is read with the message it answers: "fine" after blame is withdrawal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.coding import code_conversation, get_coder
from tandem.coding.context import (
    AGREEMENTS,
    CONFIDENCE,
    MINIMAL_REPLIES,
    is_minimal_reply,
    read_in_context,
)
from tandem.domain import (
    CODES,
    SIDE_OF,
    Code,
    CodeAssignment,
    CodedMessage,
    Conversation,
    Message,
    MessageKind,
    Partner,
    Platform,
    Side,
)


def _chat(*lines: tuple[Partner | None, str]) -> Conversation:
    msgs = tuple(
        Message(
            "Sam" if who is Partner.A else "Alex" if who is Partner.B else "",
            who,
            None,
            text,
            MessageKind.TEXT if who is not None else MessageKind.SYSTEM,
            Platform.TRANSCRIPT,
        )
        for who, text in lines
    )
    return Conversation(msgs, ("Sam", "Alex"), Platform.TRANSCRIPT)


def _codes(conv: Conversation, coder: str = "default") -> list[list[str]]:
    return [[a.code.value for a in c.codes] for c in code_conversation(conv, get_coder(coder))]


@pytest.mark.parametrize("coder", ["default", "rules"])
def test_fine_after_blame_is_withdrawal_and_after_a_plan_is_not(coder: str) -> None:
    # The example, through the whole coding step with the shipped coders.
    for reply in ("fine", "ok"):
        blamed = _chat((Partner.A, "you never listen to me"), (Partner.B, reply))
        planned = _chat((Partner.A, "dinner at 7?"), (Partner.B, reply))
        assert _codes(blamed, coder)[1] == ["withdrawal"], reply
        assert _codes(planned, coder)[1] == ["neutral"], reply
    # The coders leave a bare "ok" neutral, so its withdrawal comes from what it answered.
    blamed = _chat((Partner.A, "you never listen to me"), (Partner.B, "ok"))
    (evidence,) = [a.evidence for a in code_conversation(blamed, get_coder(coder))[1].codes]
    assert evidence == '"ok" right after criticism'


def test_only_the_other_partners_message_counts() -> None:
    # The coders read a bare "fine" or "ok" on its own as withdrawal; context changes that
    # only when the other partner's message is what it answers.
    own = _chat((Partner.A, "you never listen to me"), (Partner.A, "fine"))
    after_system = _chat(
        (Partner.A, "you never listen to me"),
        (None, "Alex changed the group name"),
        (Partner.B, "ok"),
    )
    alone = [a.code.value for a in get_coder().code(["fine"])[0]][0]
    assert _codes(own)[1] == [alone]
    assert _codes(after_system)[2] == [[a.code.value for a in get_coder().code(["ok"])[0]][0]]


def test_a_cold_reply_to_a_feeling_keeps_the_coders_reading() -> None:
    chat = _chat((Partner.A, "I miss you, I feel so far from you lately"), (Partner.B, "k"))
    assert _codes(chat)[1] == ["withdrawal"]
    whatever = _chat((Partner.A, "dinner at 7?"), (Partner.B, "whatever"))
    assert _codes(whatever)[1] == ["withdrawal"], "whatever is not a plain yes"


def test_a_reply_with_content_is_left_to_the_coder() -> None:
    chat = _chat((Partner.A, "answer me NOW"), (Partner.B, "ok, calling you in 5"))
    assert "withdrawal" not in _codes(chat)[1]


def test_minimal_replies_ignore_case_punctuation_and_emoji() -> None:
    assert is_minimal_reply("FINE.") and is_minimal_reply("whatever 🙄") and is_minimal_reply("k")
    assert not is_minimal_reply("fine by me, see you there")
    assert not is_minimal_reply("")
    assert all(is_minimal_reply(r) for r in MINIMAL_REPLIES)


_CODE_ROWS = st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True)
_LINES = st.lists(
    st.tuples(
        st.sampled_from([Partner.A, Partner.B, None]),
        st.sampled_from(["fine", "ok", "you never help", "see you at 6", "whatever", "k"]),
        _CODE_ROWS,
    ),
    max_size=25,
)


@given(lines=_LINES)
def test_context_only_adds_withdrawal_to_neutral_minimal_replies_after_an_attack(
    lines: list[tuple[Partner | None, str, list[Code]]],
) -> None:
    coded = tuple(
        CodedMessage(
            Message("x", who, None, text, MessageKind.TEXT, Platform.TRANSCRIPT),
            tuple(
                CodeAssignment(c, 0.9, "")
                for c in ([Code.NEUTRAL] if Code.NEUTRAL in codes else codes)
            ),
        )
        for who, text, codes in lines
    )
    out = read_in_context(coded)
    assert len(out) == len(coded)
    for k, (before, after) in enumerate(zip(coded, out, strict=True)):
        assert after.message is before.message
        if after.codes == before.codes:
            continue
        # A change is one of the two rules, on a minimal reply to the other partner.
        assert is_minimal_reply(before.message.text)
        prev = coded[k - 1]
        assert prev.message.partner not in (None, before.message.partner)
        was = [a.code for a in before.codes]
        now = [(a.code, a.confidence) for a in after.codes]
        if now == [(Code.WITHDRAWAL, CONFIDENCE)]:
            assert was == [Code.NEUTRAL]
            assert any(SIDE_OF[a.code] is Side.PURSUE for a in prev.codes)
        else:
            assert now == [(Code.NEUTRAL, CONFIDENCE)] and was == [Code.WITHDRAWAL]
            assert [a.code for a in prev.codes] == [Code.NEUTRAL]
            assert before.message.text in AGREEMENTS
