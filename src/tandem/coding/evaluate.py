"""Measure a coder against labelled utterances: per-code precision, recall, F1 and macro-F1.

A labelled file is JSON lines, one utterance per line: ``{"text": ..., "codes": [...]}``
(optional ``"template"``: the id of the template it came from, used to group cross-validation
folds so near-duplicates never sit on both sides of a fold).

Examples
--------
>>> import numpy as np
>>> truth = np.array([[1, 0], [0, 1], [1, 0]])
>>> guess = np.array([[1, 0], [1, 0], [1, 0]])
>>> rep = score(truth, guess, codes=("a", "b"))
>>> rep.per_code["a"].f1, rep.per_code["b"].recall
(0.8, 0.0)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from tandem.coding.base import BaseCoder, IntArray
from tandem.domain import CODES, Code
from tandem.errors import ParseError


@dataclass(frozen=True, slots=True)
class Labelled:
    """Labelled utterances."""

    texts: list[str]
    """The utterances."""
    y: IntArray
    """``ndarray of shape (n_texts, n_codes)``: 0/1 labels in ``CODES`` order."""
    groups: NDArray[np.int_]
    """Template id per utterance (its own index when the file has none)."""
    source: str
    """Where the utterances came from."""


@dataclass(frozen=True, slots=True)
class CodeScore:
    """Precision, recall and F1 of one code."""

    precision: float
    """Share of the coder's assignments of this code that were right."""
    recall: float
    """Share of the true cases the coder found."""
    f1: float
    """Harmonic mean of precision and recall."""
    support: int
    """Number of true cases."""


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Per-code scores and their macro average."""

    per_code: dict[str, CodeScore]
    """Scores per code name."""
    macro_f1: float
    """Unweighted mean of the per-code F1 over codes that occur in the labels."""
    n: int
    """Number of utterances."""
    label: str
    """What was measured (coder, data, protocol)."""


def load_labelled(path: str | Path) -> Labelled:
    """Read a labelled JSON-lines file.

    Parameters
    ----------
    path : str or Path
        The file; each line ``{"text": str, "codes": [code, ...]}``.

    Returns
    -------
    Labelled
        Texts, 0/1 labels in ``CODES`` order and groups.

    Raises
    ------
    ParseError
        A line is not JSON, lacks ``text`` or ``codes``, or names an unknown code; the
        message gives the file and line.
    FileNotFoundError
        The file does not exist.
    """
    p = Path(path)
    return _parse(p.read_text(encoding="utf-8"), p.name)


def shipped(name: str = "corpus") -> Labelled:
    """The corpus (``"corpus"``) or held-out set (``"heldout"``) shipped with the package.

    Examples
    --------
    >>> len(shipped("corpus").texts) >= 1500
    True
    """
    text = files("tandem.coding").joinpath("data", f"{name}.jsonl").read_text("utf-8")
    return _parse(text, f"{name}.jsonl")


def _parse(text: str, where: str) -> Labelled:
    index = {c.value: i for i, c in enumerate(CODES)}
    texts: list[str] = []
    rows: list[list[int]] = []
    groups: list[int] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        at = f"{where}, line {lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise ParseError(f"not valid JSON ({error.msg})", where=at) from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ParseError('expected an object with a "text" string', where=at)
        codes = item.get("codes")
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ParseError('expected "codes": a list of code names', where=at)
        unknown = [c for c in codes if c not in index]
        if unknown:
            allowed = ", ".join(c.value for c in CODES)
            raise ParseError(f"unknown code {unknown[0]!r}; codes are {allowed}", where=at)
        row = [0] * len(CODES)
        for c in codes or ["neutral"]:
            row[index[c]] = 1
        texts.append(item["text"])
        rows.append(row)
        template = item.get("template")
        groups.append(int(template) if isinstance(template, int) else -1 - len(groups))
    y = np.array(rows, dtype=np.int_).reshape(len(rows), len(CODES))
    return Labelled(texts=texts, y=y, groups=np.array(groups, dtype=np.int_), source=where)


def score(
    truth: IntArray, guess: IntArray, *, codes: Sequence[str] | None = None, label: str = ""
) -> EvalReport:
    """Per-code precision, recall and F1, and the macro-F1 over codes present in ``truth``.

    Parameters
    ----------
    truth, guess : ndarray of shape (n_texts, n_codes)
        0/1 labels and predictions.
    codes : sequence of str, optional
        Column names; ``CODES`` by default.
    label : str
        What is being measured, for the report.

    Returns
    -------
    EvalReport
        The scores.
    """
    names = list(codes) if codes is not None else [c.value for c in CODES]
    per: dict[str, CodeScore] = {}
    f1s: list[float] = []
    for j, name in enumerate(names):
        t, g = truth[:, j].astype(bool), guess[:, j].astype(bool)
        tp = int((t & g).sum())
        precision = tp / int(g.sum()) if g.any() else 0.0
        recall = tp / int(t.sum()) if t.any() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[name] = CodeScore(round(precision, 4), round(recall, 4), round(f1, 4), int(t.sum()))
        if t.any():
            f1s.append(f1)
    macro = round(float(np.mean(f1s)), 4) if f1s else 0.0
    return EvalReport(per_code=per, macro_f1=macro, n=len(truth), label=label)


def evaluate(coder: BaseCoder, data: Labelled, *, label: str = "") -> EvalReport:
    """Score a fitted coder on labelled data."""
    return score(data.y, coder.predict(data.texts), label=label or data.source)


def cross_validate(
    make: Callable[[], BaseCoder], data: Labelled, *, n_splits: int = 5, label: str = ""
) -> EvalReport:
    """Grouped k-fold cross-validation: fit on k-1 folds, predict the held-out fold.

    Folds are grouped by template so that variants of one template never sit on both sides.
    The pooled out-of-fold predictions are scored once.

    Parameters
    ----------
    make : callable
        Returns a fresh, unfitted coder.
    data : Labelled
        The corpus.
    n_splits : int, default=5
        Number of folds.
    label : str
        What is being measured.

    Returns
    -------
    EvalReport
        Scores of the pooled out-of-fold predictions.
    """
    from sklearn.model_selection import GroupKFold

    guess = np.zeros_like(data.y)
    texts = np.array(data.texts, dtype=object)
    for train, test in GroupKFold(n_splits=n_splits).split(texts, groups=data.groups):
        coder = make().fit(list(texts[train]), data.y[train])
        guess[test] = coder.predict(list(texts[test]))
    return score(data.y, guess, label=label or f"{n_splits}-fold grouped CV on {data.source}")


NEUTRAL = Code.NEUTRAL.value
"""Name of the neutral code."""

HARMFUL = tuple(
    Code(c)
    for c in ("criticism", "contempt", "pressure", "defensiveness", "dismissal", "withdrawal")
)
"""The pursue-side and distance-side codes (the ones that feed the cycle analysis)."""


def false_alarm_rate(coder: BaseCoder, data: Labelled) -> tuple[float, list[int]]:
    """Share of lines labelled without any harmful code that the coder gives one.

    Parameters
    ----------
    coder : BaseCoder
        A fitted coder.
    data : Labelled
        Labelled lines, e.g. ``shipped("everyday")`` (everyday chat: logistics and warmth).

    Returns
    -------
    rate : float
        False alarms / lines without a harmful label (0.0 when there are none).
    wrong : list of int
        Indices of the lines with a false alarm.

    Examples
    --------
    >>> from tandem.coding.rules import RulesCoder
    >>> rate, wrong = false_alarm_rate(RulesCoder().fit([]), shipped("everyday"))
    >>> 0.0 <= rate < 0.1, len(wrong) > 0
    (True, True)
    """
    cols = [CODES.index(c) for c in HARMFUL]
    clean = data.y[:, cols].sum(axis=1) == 0
    if not clean.any():
        return 0.0, []
    fired = coder.predict(data.texts)[:, cols].sum(axis=1) > 0
    wrong = np.flatnonzero(clean & fired).tolist()
    return len(wrong) / int(clean.sum()), wrong
