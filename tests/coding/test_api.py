"""The functions other packages call: get_coder, code_texts, code_conversation."""

from __future__ import annotations

from datetime import datetime

import pytest

from tandem.coding import code_conversation, code_texts, get_coder
from tandem.domain import Code, Conversation, Message, MessageKind, Partner, Platform
from tandem.errors import InvalidChoice


def _msg(text: str, kind: MessageKind = MessageKind.TEXT, partner: Partner | None = Partner.A):
    return Message(
        sender="Sam" if partner else "",
        partner=partner,
        timestamp=datetime(2024, 3, 1, 9, 30),
        text=text,
        kind=kind,
        platform=Platform.WHATSAPP,
    )


def test_unknown_coder_lists_the_names() -> None:
    with pytest.raises(InvalidChoice, match="default, learned, rules"):
        get_coder("bert")


def test_get_coder_returns_one_shared_fitted_instance() -> None:
    assert get_coder("rules") is get_coder("rules")
    assert get_coder("learned").code(["hello??"])[0][0].code is Code.PRESSURE


def test_code_texts_uses_the_default_coder() -> None:
    (assigned,) = code_texts(["I'm sorry, I was wrong"])
    assert assigned[0].code is Code.RESPONSIBILITY


def test_code_conversation_codes_text_and_explains_the_rest() -> None:
    conv = Conversation(
        messages=(
            _msg("you never call me back"),
            _msg("Messages are end-to-end encrypted", MessageKind.SYSTEM, None),
            _msg("<Media omitted>", MessageKind.MEDIA),
            _msg("", MessageKind.DELETED),
        ),
        partners=("Sam", "Alex"),
        platform=Platform.WHATSAPP,
    )
    coded = code_conversation(conv, get_coder("rules"))
    assert len(coded) == 4
    assert [c.message for c in coded] == list(conv.messages)
    assert coded[0].has(Code.CRITICISM)
    for c in coded[1:]:
        assert [a.code for a in c.codes] == [Code.NEUTRAL]
    assert "system line" in coded[1].codes[0].evidence
    assert "media" in coded[2].codes[0].evidence
    assert "deleted" in coded[3].codes[0].evidence


def test_empty_conversation_gives_nothing() -> None:
    conv = Conversation(messages=(), partners=("Sam", "Alex"), platform=Platform.WHATSAPP)
    assert code_conversation(conv) == ()
