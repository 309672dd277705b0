"""Every coder goes through one contract (STYLE.md §1.6)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from tandem.coding.base import BaseCoder
from tandem.coding.contextual import ContextualCoder
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


CODERS = [
    RulesCoder(),
    RulesCoder(threshold=0.3, negation=False),
    LearnedCoder(C=2.0),
    ContextualCoder(harm_threshold=0.9),
]


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


def test_repr_names_only_the_parameters_that_differ_from_the_defaults() -> None:
    assert repr(RulesCoder()) == "RulesCoder()"
    assert repr(RulesCoder(threshold=0.3, negation=False)) == (
        "RulesCoder(negation=False, threshold=0.3)"
    )


def test_an_unknown_parameter_is_refused_with_the_valid_names() -> None:
    with pytest.raises(ValueError, match="'treshold' is not a parameter of RulesCoder.*threshold"):
        RulesCoder().set_params(treshold=0.3)


def test_scikit_learn_model_selection_accepts_a_coder() -> None:
    # The coders follow scikit-learn's protocol without inheriting from it; its own tools are
    # the judge of whether that holds (tags, clone, fitted check).
    from sklearn.model_selection import cross_val_predict
    from sklearn.utils.validation import check_is_fitted

    data = shipped("corpus")
    texts, y = data.texts[:300], data.y[:300, CODES.index(Code.CRITICISM)]

    class CriticismOnly(RulesCoder):
        def predict(self, X: object) -> np.ndarray:  # type: ignore[override]
            return super().predict(X)[:, CODES.index(Code.CRITICISM)]  # type: ignore[arg-type]

    guessed = cross_val_predict(CriticismOnly(), np.array(texts, dtype=object), y, cv=3)
    assert guessed.shape == (300,)
    assert 0 < guessed.sum() < 300
    with pytest.raises(NotFittedError):
        check_is_fitted(RulesCoder())
    check_is_fitted(RulesCoder().fit([]))
