"""The one interface every behaviour coder follows, in the scikit-learn style.

A coder turns texts into the thirteen behaviour codes of :data:`tandem.domain.CODES`. It follows
the scikit-learn estimator protocol, so ``clone``, ``get_params`` and ``cross_val_score`` work for
every coder, rule-based or learned, without importing scikit-learn until one of them is used
(that import alone takes about 1.5 s, more than coding a file of 100,000 lines):

* ``fit(X, y=None)`` returns the coder; it sets ``classes_`` (always ``CODES``).
* ``predict(X)`` gives a 0/1 ``ndarray of shape (n_texts, n_codes)``, columns in ``CODES`` order.
* ``predict_proba(X)`` gives scores in ``[0, 1]`` of the same shape.
* ``code(texts)`` gives, per text, the assigned codes with confidence and evidence (the words
  that triggered each), highest confidence first; ``(neutral,)`` when nothing else applies.

Examples
--------
>>> rules = ParamRules({"threshold": Between(0.0, 1.0), "mode": OneOf(("a", "b"))})
>>> sorted(rules)
['mode', 'threshold']
>>> Between(0.0, 1.0).describe()
'a number between 0.0 and 1.0'
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Self

import numpy as np
from numpy.typing import NDArray

from tandem.domain import CODES, Code, CodeAssignment
from tandem.errors import InvalidChoice

FloatArray = NDArray[np.float64]
"""A float array (scores)."""
IntArray = NDArray[np.int_]
"""An integer array (0/1 indicators)."""
BoolArray = NDArray[np.bool_]
"""A boolean array (which codes a cue was found for)."""

Evidence = dict[int, dict[Code, str | list[str]]]
"""Row index to the evidence per code (a text, or matched words that :func:`evidence_text`
joins only when the code is assigned); rows without any evidence may be left out."""


def evidence_text(value: str | list[str] | None) -> str:
    """Evidence as one string: matched words joined by commas, repeats and excess dropped.

    Examples
    --------
    >>> evidence_text(["you never", "hello??", "you never"])
    'you never, hello??'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ", ".join(list(dict.fromkeys(value))[:5])


NEUTRAL_INDEX = CODES.index(Code.NEUTRAL)
"""Column of ``neutral`` in a code matrix."""


class Rule(Protocol):
    """A check a parameter value must pass."""

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is allowed."""

    def describe(self) -> str:
        """What is allowed, in words, for the error message."""


@dataclass(frozen=True, slots=True)
class Between:
    """A real number in ``[low, high]`` (bools are refused)."""

    low: float
    """Smallest allowed value."""
    high: float
    """Largest allowed value."""

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is a number in range."""
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and self.low <= float(value) <= self.high
        )

    def describe(self) -> str:
        """What is allowed."""
        return f"a number between {self.low} and {self.high}"


@dataclass(frozen=True, slots=True)
class IntBetween:
    """An integer in ``[low, high]``."""

    low: int
    """Smallest allowed value."""
    high: int
    """Largest allowed value."""

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is an int in range."""
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and self.low <= value <= self.high
        )

    def describe(self) -> str:
        """What is allowed."""
        return f"an integer between {self.low} and {self.high}"


@dataclass(frozen=True, slots=True)
class OneOf:
    """One of a fixed set of values."""

    choices: tuple[object, ...]
    """The allowed values."""

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is one of the choices."""
        return value in self.choices

    def describe(self) -> str:
        """What is allowed."""
        return "one of " + ", ".join(repr(c) for c in self.choices)


@dataclass(frozen=True, slots=True)
class InstanceOf:
    """An instance of a type (``None`` allowed when ``optional``)."""

    kind: type
    """The type."""
    optional: bool = False
    """Whether ``None`` is also allowed."""

    def accepts(self, value: object) -> bool:
        """Whether ``value`` has the type."""
        return (value is None and self.optional) or isinstance(value, self.kind)

    def describe(self) -> str:
        """What is allowed."""
        return f"a {self.kind.__name__}" + (" or None" if self.optional else "")


ParamRules = dict[str, Rule]
"""Parameter name to the rule its value must pass."""


def check_params(estimator: Estimator) -> None:
    """Check every parameter of ``estimator`` against its class's ``PARAM_RULES`` table.

    Parameters
    ----------
    estimator : Estimator
        An estimator whose class has a ``PARAM_RULES`` mapping.

    Raises
    ------
    InvalidChoice
        A parameter value breaks its rule; the message names the parameter, the value and
        what is allowed.

    Examples
    --------
    >>> from tandem.coding.rules import RulesCoder
    >>> check_params(RulesCoder(threshold=2.0))
    Traceback (most recent call last):
    ...
    tandem.errors.InvalidChoice: RulesCoder.threshold: 2.0 is not a number between 0.0 and 1.0
    """
    rules: ParamRules = getattr(type(estimator), "PARAM_RULES", {})
    for name, value in estimator.get_params(deep=False).items():
        rule = rules.get(name)
        if rule is not None and not rule.accepts(value):
            raise InvalidChoice(
                f"{value!r} is not {rule.describe()}", where=f"{type(estimator).__name__}.{name}"
            )


def as_texts(X: Sequence[str] | Any) -> list[str]:
    """Turn ``X`` (a sequence of texts, or a 1-D array of them) into a list of ``str``.

    ``None`` becomes ``""``; anything else that is not a string is refused.

    Examples
    --------
    >>> as_texts(("a", None))
    ['a', '']
    """
    if isinstance(X, str):
        raise TypeError("X must be a sequence of texts, not a single str; wrap it in a list")
    out: list[str] = []
    for item in np.asarray(X, dtype=object).ravel().tolist() if not isinstance(X, list) else X:
        if item is None:
            out.append("")
        elif isinstance(item, str):
            out.append(item)
        else:
            raise TypeError(f"X must hold texts (str), got {type(item).__name__}")
    return out


class Estimator:
    """The parameter half of scikit-learn's estimator protocol, without importing scikit-learn.

    Parameters are the keyword arguments of ``__init__``, stored under their own names.
    ``get_params``, ``set_params`` and the short ``repr`` behave as scikit-learn's
    ``BaseEstimator`` does, so ``sklearn.base.clone`` and the model-selection tools accept every
    subclass; the scikit-learn tags are built only when scikit-learn asks for them.

    Examples
    --------
    >>> class Demo(Estimator):
    ...     def __init__(self, *, depth: int = 2, name: str = "x") -> None:
    ...         self.depth = depth
    ...         self.name = name
    >>> Demo(depth=3)
    Demo(depth=3)
    >>> Demo().set_params(name="y").get_params()
    {'depth': 2, 'name': 'y'}
    """

    @classmethod
    def _param_defaults(cls) -> dict[str, Any]:
        """Each ``__init__`` parameter and its default, sorted by name."""
        if cls.__init__ is object.__init__:
            return {}
        found = inspect.signature(cls.__init__).parameters.values()
        named = (p for p in found if p.name != "self" and p.kind is not p.VAR_KEYWORD)
        return {p.name: p.default for p in sorted(named, key=lambda p: p.name)}

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The parameters, by name (with ``name__sub`` entries of nested estimators if ``deep``).

        Parameters
        ----------
        deep : bool, default=True
            Whether to include the parameters of parameters that are estimators.

        Returns
        -------
        dict of str to object
            Parameter name to value.
        """
        out: dict[str, Any] = {}
        for name in self._param_defaults():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params: Any) -> Self:
        """Set parameters by name (``name__sub`` reaches into a nested estimator).

        Returns
        -------
        Self
            The estimator itself.

        Raises
        ------
        ValueError
            A name is not a parameter; the message lists the valid ones.
        """
        valid = self._param_defaults()
        nested: dict[str, dict[str, Any]] = defaultdict(dict)
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"{name!r} is not a parameter of {type(self).__name__}; "
                    f"valid parameters: {', '.join(valid)}"
                )
            if sep:
                nested[name][sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        defaults = self._param_defaults()
        changed = [
            f"{name}={value!r}"
            for name, value in self.get_params(deep=False).items()
            if not _same(value, defaults[name])
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    def __sklearn_tags__(self) -> Any:
        """scikit-learn's default tags (only scikit-learn calls this, so it is loaded by then)."""
        from sklearn.utils import Tags, TargetTags

        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=False),
            transformer_tags=None,
            regressor_tags=None,
            classifier_tags=None,
        )


def _same(value: object, default: object) -> bool:
    if value is default:
        return True
    try:
        return bool(value == default) and type(value) is type(default)
    except (TypeError, ValueError):  # arrays and other values without one truth value
        return False


def check_fitted(estimator: object, attribute: str) -> None:
    """Raise scikit-learn's ``NotFittedError`` unless ``estimator`` has ``attribute``.

    scikit-learn is imported only on this error path, so a fitted coder never loads it.

    Examples
    --------
    >>> check_fitted(BaseCoder(), "classes_")
    Traceback (most recent call last):
    ...
    sklearn.exceptions.NotFittedError: This BaseCoder instance is not fitted yet; call fit first.
    """
    if not hasattr(estimator, attribute):
        from sklearn.exceptions import NotFittedError

        raise NotFittedError(
            f"This {type(estimator).__name__} instance is not fitted yet; call fit first."
        )


class BaseCoder(Estimator):
    """Base of every behaviour coder: text in, multi-label behaviour codes out.

    Subclasses implement :meth:`_scores` (scores in ``[0, 1]`` per code, plus evidence) and may
    override :meth:`fit`. The public methods validate input and handle the corner cases.

    Parameters
    ----------
    threshold : float, default=0.5
        A code is assigned when its score reaches this value.

    Attributes
    ----------
    classes_ : tuple of Code, length n_codes
        The codes, in the column order of :meth:`predict` (always :data:`tandem.domain.CODES`).

    See Also
    --------
    tandem.coding.rules.RulesCoder : patterns and lexicons.
    tandem.coding.learned.LearnedCoder : embeddings and logistic regression.

    Notes
    -----
    Contract, numbered as the tests check it:

    1. ``__init__`` stores its keyword-only arguments and does nothing else;
    2. ``fit`` checks parameters against ``PARAM_RULES`` first and returns ``self``;
    3. predicting before ``fit`` raises ``sklearn.exceptions.NotFittedError``;
    4. every output has one row per input text, and every text (empty, huge, any Unicode)
       gets at least one code;
    5. ``neutral`` is assigned alone, exactly when no other code reaches the threshold.
    """

    PARAM_RULES: ClassVar[ParamRules] = {"threshold": Between(0.0, 1.0)}

    def __init__(self, *, threshold: float = 0.5) -> None:
        self.threshold = threshold

    # -- hooks -------------------------------------------------------------------------------
    def _scores(self, texts: list[str]) -> tuple[FloatArray, Evidence]:
        """Scores ``ndarray of shape (n_texts, n_codes)`` and the evidence per row and code."""
        raise NotImplementedError

    # -- public API --------------------------------------------------------------------------
    def fit(self, X: Sequence[str], y: Any = None) -> Self:  # noqa: ARG002
        """Check the parameters and record the classes.

        Parameters
        ----------
        X : sequence of str
            Texts (unused by coders that learn nothing).
        y : array-like of shape (n_texts, n_codes), optional
            0/1 labels in ``CODES`` order (unused by coders that learn nothing).

        Returns
        -------
        Self
            The fitted coder.
        """
        check_params(self)
        self.classes_ = CODES
        return self

    def __sklearn_is_fitted__(self) -> bool:
        """Whether :meth:`fit` has run (what scikit-learn's ``check_is_fitted`` asks)."""
        return hasattr(self, "classes_")

    def predict_proba(self, X: Sequence[str]) -> FloatArray:
        """Score every code for every text.

        Parameters
        ----------
        X : sequence of str
            Texts.

        Returns
        -------
        ndarray of shape (n_texts, n_codes)
            Scores in ``[0, 1]``, columns in ``CODES`` order. The ``neutral`` column is high
            when no other code scores.
        """
        check_fitted(self, "classes_")
        scores, _ = self._scores(as_texts(X))
        return scores

    def predict(self, X: Sequence[str]) -> IntArray:
        """Assign codes to every text.

        Parameters
        ----------
        X : sequence of str
            Texts.

        Returns
        -------
        ndarray of shape (n_texts, n_codes)
            0/1 indicators in ``CODES`` order; each row has at least one 1 (``neutral`` alone
            when nothing else applies).
        """
        return decide(self.predict_proba(X), self.threshold)

    def code(self, texts: Sequence[str]) -> list[tuple[CodeAssignment, ...]]:
        """Code every text with confidence and evidence.

        Parameters
        ----------
        texts : sequence of str
            Texts.

        Returns
        -------
        list of tuple of CodeAssignment
            One tuple per text, highest confidence first; ``(neutral,)`` when nothing else
            applies.
        """
        check_fitted(self, "classes_")
        items = as_texts(texts)
        scores, evidence = self._scores(items)
        decided = decide(scores, self.threshold)
        rows, cols = np.nonzero(decided)
        confidence = np.round(scores[rows, cols], 4).tolist()
        # Assignments are immutable, so equal ones are made once per call and shared.
        made: dict[tuple[int, float, str], CodeAssignment] = {}
        out: list[tuple[CodeAssignment, ...]] = []
        row_list, col_list = rows.tolist(), cols.tolist()
        k, m = 0, len(row_list)
        no_evidence: dict[Code, str | list[str]] = {}
        for i in range(len(items)):
            ev = evidence.get(i, no_evidence)
            assigned: list[CodeAssignment] = []
            while k < m and row_list[k] == i:
                c, p = col_list[k], confidence[k]
                k += 1
                code = CODES[c]
                words = evidence_text(ev.get(code)) or _default_evidence(code)
                key = (c, p, words)
                a = made.get(key)
                if a is None:
                    a = made[key] = CodeAssignment(code, p, words)
                assigned.append(a)
            if len(assigned) > 1:
                assigned.sort(key=lambda a: -a.confidence)
            out.append(tuple(assigned))
        return out


_NO_CUE = "no behaviour cue found"


def _default_evidence(code: Code) -> str:
    return _NO_CUE if code is Code.NEUTRAL else ""


def damp_below(scores: FloatArray, held_back: BoolArray, threshold: float) -> FloatArray:
    """Keep the codes marked ``held_back`` just under ``threshold``, then reset ``neutral``.

    A held-back code stays as a score for ranking but is never assigned; ``neutral`` can be
    no higher than one minus the best other code.

    Examples
    --------
    >>> s = np.zeros((1, len(CODES)))
    >>> s[0, 0], s[0, NEUTRAL_INDEX] = 0.9, 0.5
    >>> held = np.zeros_like(s, dtype=bool)
    >>> held[0, 0] = True
    >>> out = damp_below(s, held, 0.5)
    >>> float(out[0, 0]), float(out[0, NEUTRAL_INDEX])
    (0.495, 0.5)
    """
    out = np.where(held_back, np.minimum(scores, threshold * 0.99), scores)
    others = np.delete(out, NEUTRAL_INDEX, axis=1).max(axis=1)
    out[:, NEUTRAL_INDEX] = np.minimum(out[:, NEUTRAL_INDEX], 1.0 - others)
    return out


def decide(scores: FloatArray, threshold: float) -> IntArray:
    """0/1 codes from scores: each code at or above ``threshold``; ``neutral`` when none."""
    flags = (scores >= threshold).astype(np.int_)
    flags[:, NEUTRAL_INDEX] = 0
    flags[:, NEUTRAL_INDEX] = (flags.sum(axis=1) == 0).astype(np.int_)
    return flags
