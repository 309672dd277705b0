"""Measure a coder against labelled utterances: per-code precision, recall, F1 and macro-F1.

A labelled file is JSON lines, one utterance per line: ``{"text": ..., "codes": [...]}``.
Optional fields: ``"template"``, the id of the template it came from, and ``"source"``, the site
it was taken from; both group cross-validation folds so near-duplicates, or one page's way of
writing, never sit on both sides of a fold. ``"kind"`` names the kind of source (therapist's
page, magazine, ...) and gets its own scores in :func:`by_group`.

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
    """Fold group per utterance: its template, else its source site, else its own index."""
    source: str
    """Where the utterances came from (the file's name)."""
    sites: tuple[str, ...] = ()
    """Source site per utterance (``""`` when the line names none); empty when no line does."""
    kinds: tuple[str, ...] = ()
    """Kind of source per utterance (``""`` when the line names none); empty when no line does."""


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
    """A labelled set shipped with the package.

    ``"corpus"`` (training), ``"heldout"`` (other phrasings by the team), ``"everyday"``
    (calm everyday chat), ``"published"`` (examples quoted on public pages, with their
    source), ``"published_holdout"`` to ``"published_holdout_8"`` (more such examples, from
    other sites, each collected before a pass of cue writing) or
    ``"everyday_published"`` (everyday messages from public pages, for the false-alarm rate on
    text nobody here wrote; see ``docs/coding.md``).

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
    sites: list[str] = []
    kinds: list[str] = []
    site_group: dict[str, int] = {}
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
        site, kind = item.get("source", ""), item.get("kind", "")
        if not isinstance(site, str) or not isinstance(kind, str):
            raise ParseError('"source" and "kind" must be strings', where=at)
        sites.append(site)
        kinds.append(kind)
        template = item.get("template")
        if isinstance(template, int):
            groups.append(template)
        elif site:
            # Sites get ids far below the per-line ones, so they never meet a template id.
            groups.append(site_group.setdefault(site, -(10**9) - len(site_group)))
        else:
            groups.append(-1 - len(groups))
    y = np.array(rows, dtype=np.int_).reshape(len(rows), len(CODES))
    return Labelled(
        texts=texts,
        y=y,
        groups=np.array(groups, dtype=np.int_),
        source=where,
        sites=tuple(sites) if any(sites) else (),
        kinds=tuple(kinds) if any(kinds) else (),
    )


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


def out_of_fold(
    make: Callable[[], BaseCoder],
    data: Labelled,
    *,
    n_splits: int = 5,
    also_train: Labelled | None = None,
    repeat: int = 1,
) -> IntArray:
    """Grouped k-fold predictions: each fold is predicted by a coder fitted without it.

    Folds are grouped (:attr:`Labelled.groups`: template, else source site), so variants of
    one template, or lines from one site, never sit on both sides.

    Parameters
    ----------
    make : callable
        Returns a fresh, unfitted coder.
    data : Labelled
        The utterances to predict.
    n_splits : int, default=5
        Number of folds (fewer when there are fewer groups).
    also_train : Labelled, optional
        Utterances added to every training fold (e.g. the corpus when ``data`` is another set).
    repeat : int, default=1
        How many times each training-fold line of ``data`` counts (its weight against
        ``also_train``).

    Returns
    -------
    ndarray of shape (n_texts, n_codes)
        The out-of-fold 0/1 predictions.
    """
    from sklearn.model_selection import GroupKFold

    guess = np.zeros_like(data.y)
    texts = np.array(data.texts, dtype=object)
    splits = min(n_splits, len(set(data.groups.tolist())))
    base_texts = list(also_train.texts) if also_train is not None else []
    base_y = [also_train.y] if also_train is not None else []
    for train, test in GroupKFold(n_splits=splits).split(texts, groups=data.groups):
        fold_texts = base_texts + list(texts[train]) * repeat
        fold_y = np.vstack([*base_y, *([data.y[train]] * repeat)])
        guess[test] = make().fit(fold_texts, fold_y).predict(list(texts[test]))
    return guess


def cross_validate(
    make: Callable[[], BaseCoder],
    data: Labelled,
    *,
    n_splits: int = 5,
    label: str = "",
    also_train: Labelled | None = None,
    repeat: int = 1,
) -> EvalReport:
    """Grouped k-fold cross-validation, scored once on the pooled out-of-fold predictions.

    Parameters are those of :func:`out_of_fold`; ``label`` says what is measured.

    Returns
    -------
    EvalReport
        Scores of the pooled out-of-fold predictions.
    """
    guess = out_of_fold(make, data, n_splits=n_splits, also_train=also_train, repeat=repeat)
    return score(data.y, guess, label=label or f"{n_splits}-fold grouped CV on {data.source}")


def by_group(
    truth: IntArray,
    guess: IntArray,
    names: Sequence[str],
    *,
    codes: Sequence[str] | None = None,
    label: str = "",
) -> dict[str, EvalReport]:
    """One :class:`EvalReport` per distinct name (a source site or a kind of source).

    Parameters
    ----------
    truth, guess : ndarray of shape (n_texts, n_codes)
        0/1 labels and predictions.
    names : sequence of str, length n_texts
        The group of each utterance; lines with ``""`` form no group.
    codes : sequence of str, optional
        Column names; ``CODES`` by default.
    label : str
        What is measured; each report's label is ``"<label>: <name>"``.

    Returns
    -------
    dict of str to EvalReport
        In order of first appearance.

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.array([[1, 0], [0, 1], [1, 0]])
    >>> reports = by_group(truth, truth, ["a", "b", "a"], codes=("p", "q"), label="x")
    >>> [(k, r.n, r.macro_f1) for k, r in reports.items()]
    [('a', 2, 1.0), ('b', 1, 1.0)]
    """
    out: dict[str, EvalReport] = {}
    rows = np.array(names, dtype=object)
    for name in dict.fromkeys(names):
        if not name:
            continue
        pick = rows == name
        out[name] = score(
            truth[pick], guess[pick], codes=codes, label=f"{label}: {name}" if label else name
        )
    return out


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
    return harmful_false_alarms(data.y, coder.predict(data.texts))


def harmful_false_alarms(truth: IntArray, guess: IntArray) -> tuple[float, list[int]]:
    """``false_alarm_rate`` from labels and predictions already made.

    Examples
    --------
    >>> y = np.zeros((2, len(CODES)), dtype=int)
    >>> g = y.copy()
    >>> g[1, CODES.index(Code.CRITICISM)] = 1
    >>> harmful_false_alarms(y, g)
    (0.5, [1])
    """
    cols = [CODES.index(c) for c in HARMFUL]
    clean = truth[:, cols].sum(axis=1) == 0
    if not clean.any():
        return 0.0, []
    fired = guess[:, cols].sum(axis=1) > 0
    wrong = np.flatnonzero(clean & fired).tolist()
    return len(wrong) / int(clean.sum()), wrong
