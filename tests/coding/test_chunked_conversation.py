"""A long conversation is coded in chunks; the codes are those of one call over every text."""

from __future__ import annotations

import pytest

from tandem.coding import CODE_CHUNK, code_conversation, get_coder
from tandem.domain import Conversation, Message, MessageKind, Partner, Platform

PHRASES = ["you never listen", "ok", "I miss you", "whatever", "answer me??", "see you at 6"]


@pytest.mark.parametrize("coder_name", ["rules", "default"])
def test_chunks_give_the_codes_of_one_call(coder_name: str) -> None:
    n = 2 * CODE_CHUNK + 7  # two full chunks and a short one
    messages = tuple(
        Message(
            sender="Sam" if k % 2 else "Alex",
            partner=Partner.A if k % 2 else Partner.B,
            timestamp=None,
            text=f"{PHRASES[k % len(PHRASES)]} {k % 97}",
            kind=MessageKind.SYSTEM if k % 1000 == 0 else MessageKind.TEXT,
            platform=Platform.TRANSCRIPT,
        )
        for k in range(n)
    )
    conversation = Conversation(messages, ("Sam", "Alex"), Platform.TRANSCRIPT)
    coder = get_coder(coder_name)
    coded = code_conversation(conversation, coder=coder)
    texts = [m.text for m in messages if m.kind is MessageKind.TEXT]
    whole = iter(coder.code(texts))
    for c in coded:
        if c.message.kind is MessageKind.TEXT:
            assert c.codes == next(whole)
        else:
            assert c.codes[0].evidence == "system line, not written by a partner"
