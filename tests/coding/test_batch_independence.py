"""A message's codes depend on that message alone, never on its neighbours in a batch."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coding import get_coder

SNIPPETS = ["k", "...", "ok.", "fine.", "whatever", "hello?", "?", "answer me", "lol.", "  ", ""]
MESSAGES = st.lists(
    st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=30)), min_size=1, max_size=8
)


def test_a_bare_k_does_not_swallow_the_next_message() -> None:
    # Found in review: end-anchored cues ran across the message separator, so "k" followed by
    # "..." came out as one withdrawal with evidence "k\n..." and "..." lost its own code.
    coder = get_coder("rules")
    together = coder.code(["k", "..."])
    alone = [coder.code([t])[0] for t in ["k", "..."]]
    assert together == alone


@settings(max_examples=150, deadline=None)
@given(MESSAGES)
def test_rules_codes_do_not_depend_on_the_batch(texts: list[str]) -> None:
    coder = get_coder("rules")
    assert coder.code(texts) == [coder.code([t])[0] for t in texts]


@settings(max_examples=40, deadline=None)
@given(MESSAGES)
def test_learned_codes_do_not_depend_on_the_batch(texts: list[str]) -> None:
    coder = get_coder("learned")
    assert coder.code(texts) == [coder.code([t])[0] for t in texts]


@settings(max_examples=25, deadline=None)
@given(MESSAGES)
def test_contextual_codes_do_not_depend_on_the_batch(texts: list[str]) -> None:
    # The int8 model scales its activations over whatever it is given at once; run in one
    # batch, a message's scores moved by up to 0.02 with its neighbours. Each runs alone.
    coder = get_coder("contextual")
    assert coder.code(texts) == [coder.code([t])[0] for t in texts]
