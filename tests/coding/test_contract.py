"""Every coder goes through one contract (STYLE.md §1.6)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from tandem.coding.base import BaseCoder
from tandem.coding.evaluate import shipped
from tandem.coding.learned import LearnedCoder
from tandem.coding.rules import RulesCoder
from tandem.domain import CODES, Code
from tandem.errors import InvalidChoice

TEXTS = ["you never listen to me", "", "ok see you at 6", "I'm sorry, that was on me", "🙄"]


def _fitted(coder: BaseCoder) -> BaseCoder:
    if isinstance(coder, LearnedCoder):
        data = shipped("corpus")
        return coder.fit(data.texts[:600], data.y[:600])
    return coder.fit([])


CODERS = [RulesCoder(), RulesCoder(threshold=0.3, negation=False), LearnedCoder(C=2.0)]


@pytest.mark.parametrize("coder", CODERS, ids=lambda c: repr(c))
def test_clone_and_get_params_round_trip(coder: BaseCoder) -> None:
    copy = clone(coder)
    assert copy.get_params() == coder.get_params()
    assert type(coder)(**coder.get_params()).get_params() == coder.get_params()


@pytest.mark.parametrize("coder", CODERS, ids=lambda c: repr(c))
def test_predicting_before_fit_raises_not_fitted(coder: BaseCoder) -> None:
    fresh = clone(coder)
    with pytest.raises(NotFittedError):
        fresh.predict(TEXTS)
    with pytest.raises(NotFittedError):
        fresh.code(TEXTS)


@pytest.mark.parametrize("coder", CODERS, ids=lambda c: repr(c))
def test_outputs_have_one_row_per_text_and_at_least_one_code(coder: BaseCoder) -> None:
    fitted = _fitted(clone(coder))
    assert fitted.classes_ == CODES
    pred = fitted.predict(TEXTS)
    proba = fitted.predict_proba(TEXTS)
    coded = fitted.code(TEXTS)
    assert pred.shape == proba.shape == (len(TEXTS), len(CODES))
    assert set(np.unique(pred)) <= {0, 1}
    assert (pred.sum(axis=1) >= 1).all()
    assert ((proba >= 0) & (proba <= 1)).all()
    assert len(coded) == len(TEXTS)
    for row, assigned in zip(pred, coded, strict=True):
        assert {a.code for a in assigned} == {CODES[j] for j in np.flatnonzero(row)}
        confidences = [a.confidence for a in assigned]
        assert confidences == sorted(confidences, reverse=True)
        if any(a.code is Code.NEUTRAL for a in assigned):
            assert len(assigned) == 1
    assert fitted.predict([]).shape == (0, len(CODES))
    assert fitted.code([]) == []


@pytest.mark.parametrize("coder", CODERS, ids=lambda c: repr(c))
def test_bad_parameter_is_refused_at_fit_with_its_name(coder: BaseCoder) -> None:
    bad = clone(coder).set_params(threshold=1.5)
    with pytest.raises(InvalidChoice, match="threshold"):
        _fitted(bad)


def test_a_single_string_is_refused_rather_than_coded_letter_by_letter() -> None:
    with pytest.raises(TypeError, match="single str"):
        RulesCoder().fit([]).predict("you never listen")  # type: ignore[arg-type]
