"""Property tests: any text, of any length, never crashes a coder and always gets a code."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coding import get_coder
from tandem.domain import CODES

# Any code point, lone surrogates (damaged exports) included.
texts = st.lists(
    st.text(alphabet=st.characters(exclude_categories=()), max_size=300), min_size=0, max_size=8
)


def _check(coder_name: str, batch: list[str]) -> None:
    coder = get_coder(coder_name)
    coded = coder.code(batch)
    proba = coder.predict_proba(batch)
    assert len(coded) == len(batch)
    assert proba.shape == (len(batch), len(CODES))
    assert np.isfinite(proba).all()
    for assigned in coded:
        assert assigned, "every text gets at least one code"
        confidences = [a.confidence for a in assigned]
        assert confidences == sorted(confidences, reverse=True)
        assert all(0.0 <= c <= 1.0 for c in confidences)


@settings(max_examples=40, deadline=None)
@given(texts)
def test_contextual_coder_takes_any_unicode(batch: list[str]) -> None:
    _check("contextual", batch)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_rules_coder_takes_any_unicode(batch: list[str]) -> None:
    _check("rules", batch)


@settings(max_examples=80, deadline=None)
@given(texts)
def test_learned_coder_takes_any_unicode(batch: list[str]) -> None:
    _check("learned", batch)


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=20), st.sampled_from(["rules", "learned", "contextual"]))
def test_a_100000_character_message_is_coded(chunk: str, coder_name: str) -> None:
    long = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    _check(coder_name, [long, "", "you never listen"])


def test_tricky_inputs_do_not_crash() -> None:
    tricky = ["", " ", "\n\n", "\x00", "İSTANBUL", "ß" * 50, "🙄" * 1000, "?" * 5000, "a\u0301"]
    tricky += ["a lone \ud800 half", "\udfff you never listen"]  # damaged UTF-16 exports
    for name in ("rules", "learned", "contextual"):
        _check(name, tricky)
