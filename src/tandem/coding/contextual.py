"""The contextual coder: all-MiniLM-L6-v2, fine-tuned for the thirteen codes, run with ONNX.

Every message goes through the whole transformer, so a word is read with the words around it,
not as an average of word vectors as in the learned coder. The model was fine-tuned on the
corpus, our everyday set and every published set (``scripts/train_contextual.py``),
quantised to int8 and ships inside the package (``data/contextual/model.onnx``, 23 MB);
``onnxruntime`` runs it on the CPU. Nothing is downloaded.

Speed is the price: a few hundred messages per second on two cores, against tens of thousands
for the rules coder, so the rules coder stays the fast path for corpora (``docs/coding.md``
and ``docs/benchmarks.md`` give the numbers).

Evidence is the rules coder's matched words when it finds the same code; otherwise the
transformer has no single words to point to and the evidence says so.

Examples
--------
>>> coder = ContextualCoder().fit([])
>>> [a.code.value for a in coder.code(["You're one of my favorite people to be around."])[0]]
['repair']
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib.resources import files
from typing import Any, ClassVar, Self

import numpy as np

from tandem.coding.base import (
    NEUTRAL_INDEX,
    BaseCoder,
    Between,
    BoolArray,
    Evidence,
    FloatArray,
    ParamRules,
    check_fitted,
    damp_below,
    evidence_text,
)
from tandem.coding.evaluate import HARMFUL
from tandem.coding.rules import RulesCoder
from tandem.domain import CODES, SIDE_OF, Code, Side
from tandem.errors import InvalidChoice

MAX_TOKENS = 64
"""Tokens of a message the model reads (as in training; the rest of a long message is cut)."""
MAX_CHARS = 2000
"""Characters of a message passed to the tokenizer (far more than MAX_TOKENS need)."""
WORKERS = 2
"""Messages run at the same time, one per core (each run uses one thread)."""
WHOLE_MESSAGE = "the message as a whole (no single phrase)"
"""Evidence for a code the model gives without a phrase of the lexicon behind it."""


@cache
def _session() -> tuple[Any, Any]:
    """The tokenizer and the ONNX session, loaded once per process."""
    import onnxruntime
    from tokenizers import Tokenizer

    data = files("tandem.coding").joinpath("data")
    tokenizer = Tokenizer.from_str(data.joinpath("embedding", "tokenizer.json").read_text("utf-8"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    model = data.joinpath("contextual", "model.onnx").read_bytes()
    session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    return tokenizer, session


def probabilities(texts: Sequence[str]) -> FloatArray:
    """The fine-tuned model's probability of every code for every text.

    Each distinct text is run once per process, and on its own: the int8 model scales its
    activations over everything it is given at once, so in a batch a message's scores would
    shift with its neighbours (by up to 0.02, enough to flip a code at the threshold).

    Parameters
    ----------
    texts : sequence of str
        Texts.

    Returns
    -------
    ndarray of shape (n_texts, n_codes)
        Probabilities, columns in ``CODES`` order (each code on its own, not summing to 1).

    Examples
    --------
    >>> from tandem.domain import Code
    >>> p = probabilities(["thank you for listening", "you never listen"])
    >>> bool(p[1, CODES.index(Code.CRITICISM)] > p[0, CODES.index(Code.CRITICISM)])
    True
    """
    out = np.zeros((len(texts), len(CODES)))
    if not len(texts):
        return out
    known = _SEEN
    if len(known) > MAX_REMEMBERED:
        known.clear()
    distinct = [t for t in dict.fromkeys(texts) if t not in known]
    tokenizer, session = _session()
    # Only the first MAX_TOKENS tokens are read, so a long message is cut early; broken UTF-16
    # halves (damaged exports) cannot reach the tokenizer and become "?".
    safe = [t[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8") for t in distinct]
    encodings = tokenizer.encode_batch(safe)

    def run(k: int) -> FloatArray:
        ids = np.asarray([encodings[k].ids], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        return np.asarray(session.run(None, feed)[0][0], dtype=np.float64)

    if distinct:
        with ThreadPoolExecutor(WORKERS) as pool:  # onnxruntime releases the GIL while it runs
            for text, row in zip(
                distinct, pool.map(run, range(len(distinct)), chunksize=64), strict=True
            ):
                known[text] = row
    for i, text in enumerate(texts):
        out[i] = known[text]
    return out


MAX_REMEMBERED = 200_000
"""Distinct texts whose probabilities are kept between calls (about 30 MB at most): a chat is
coded in chunks for its progress bar, and its repeated lines ("ok", "love you") run once."""
_SEEN: dict[str, FloatArray] = {}


class ContextualCoder(BaseCoder):
    """Code messages with a fine-tuned transformer (all-MiniLM-L6-v2, int8 ONNX).

    Parameters
    ----------
    threshold : float, default=0.4
        A code is assigned when its score reaches this value. The score is the model's
        probability rescaled so that the code's own threshold (``code_thresholds``) sits here.
    harm_threshold : float, default=0.8
        A pursue-side or distance-side code the rules coder does not also find needs this
        probability; withdrawal always needs a cue. With a cue of the lexicon behind it,
        ``threshold`` is enough. Chosen on the leave-one-set-out probabilities: the best mean
        macro-F1 with everyday messages written by strangers getting a harmful code at most
        5% of the time (``docs/coding.md``); ``inf`` means such a code always needs a cue.
    mixed_threshold : float, default=inf
        A constructive code the rules coder does not find, in a message where it finds a
        harmful one, needs this probability; ``inf``: it needs its own cue there. The three
        thresholds were chosen together by ``scripts/score_loso.py --grid`` on the six
        leave-one-set-out runs in ``benchmarks/loso/layers6`` (``docs/coding.md``).
    code_thresholds : mapping of str to float, optional
        The probability each code needs, by code name (``{"repair": 0.6}``); a code not named
        needs ``threshold``. ``None`` (the default) takes the shipped ones,
        ``data/contextual/thresholds.json``, chosen code by code on the same runs by
        ``scripts/score_loso.py --per-code`` within 4% everyday false alarms; ``{}`` gives
        every code ``threshold``. A harmful code without a cue still needs ``harm_threshold``.

    Attributes
    ----------
    classes_ : tuple of Code, length n_codes
        :data:`tandem.domain.CODES`.
    code_thresholds_ : ndarray of shape (n_codes,)
        The probability each code needs, in ``CODES`` order.
    rules_ : RulesCoder
        The fitted rules coder, for the gate and the evidence.

    See Also
    --------
    tandem.coding.learned.LearnedCoder : the faster static-embedding coder.

    Examples
    --------
    >>> from tandem.domain import Code
    >>> coder = ContextualCoder().fit([])
    >>> coder.predict(["could we talk tonight?"])[0, CODES.index(Code.REQUEST)]
    np.int64(1)
    """

    PARAM_RULES: ClassVar[ParamRules] = {
        **BaseCoder.PARAM_RULES,
        "harm_threshold": Between(0.0, math.inf),
        "mixed_threshold": Between(0.0, math.inf),
    }

    def __init__(
        self,
        *,
        threshold: float = 0.4,
        harm_threshold: float = 0.8,
        mixed_threshold: float = math.inf,
        code_thresholds: Mapping[str, float] | None = None,
    ) -> None:
        self.threshold = threshold
        self.harm_threshold = harm_threshold
        self.mixed_threshold = mixed_threshold
        self.code_thresholds = code_thresholds

    def fit(self, X: Sequence[str], y: Any = None) -> Self:  # noqa: ARG002
        """Check the parameters and load the model (it is already trained; nothing is fitted).

        Parameters
        ----------
        X : sequence of str
            Ignored.
        y : None
            Ignored.

        Returns
        -------
        Self
            The fitted coder.
        """
        super().fit([])
        named = shipped_thresholds() if self.code_thresholds is None else self.code_thresholds
        self.code_thresholds_ = per_code(named, self.threshold)
        self.rules_ = RulesCoder().fit([])
        _session()
        return self

    def _scores(self, texts: list[str]) -> tuple[FloatArray, Evidence]:
        check_fitted(self, "rules_")
        scores = probabilities(texts)
        if not texts:
            return scores, {}
        rule_scores, rule_evidence = self.rules_._scores(texts)
        scores = self.gate(scores, rule_scores >= self.rules_.threshold)
        evidence: Evidence = {}
        decided = scores >= self.threshold
        decided[:, NEUTRAL_INDEX] = False
        for i in np.flatnonzero(decided.any(axis=1)).tolist():
            found = rule_evidence.get(i, {})
            evidence[i] = {
                CODES[j]: evidence_text(found.get(CODES[j])) or WHOLE_MESSAGE
                for j in np.flatnonzero(decided[i]).tolist()
            }
        return scores, evidence

    def gate(self, probs: FloatArray, cued: BoolArray) -> FloatArray:
        """Turn the model's probabilities into the coder's scores, given the lexicon's cues.

        Each code's probability is rescaled so that its own threshold sits at ``threshold``;
        a code the gate holds back is kept just under ``threshold``. ``predict`` assigns the
        codes at or above it. Pure, so that ``scripts/score_loso.py`` can replay saved
        probabilities through exactly this gate.

        Parameters
        ----------
        probs : ndarray of shape (n_texts, n_codes)
            The model's probabilities (:func:`probabilities`).
        cued : ndarray of bool, same shape
            Whether the rules coder finds each code.

        Returns
        -------
        ndarray of shape (n_texts, n_codes)
            Scores in ``CODES`` order.

        Examples
        --------
        >>> coder = ContextualCoder(code_thresholds={"request": 0.2}).fit([])
        >>> p = np.zeros((1, len(CODES)))
        >>> p[0, CODES.index(Code.REQUEST)] = 0.3
        >>> s = coder.gate(p, np.zeros_like(p, dtype=bool))
        >>> bool(s[0, CODES.index(Code.REQUEST)] >= coder.threshold)
        True
        """
        check_fitted(self, "code_thresholds_")
        # A harmful code without a phrase of the lexicon needs more: everyday chat is mostly
        # plain, and a wrong "criticism" costs more trust than a missed one. Withdrawal always
        # needs a cue: the model learned "short reply = withdrawal" ("yesss", "sure, anything
        # else?"), and whether a short reply shuts a door depends on what it answers, which
        # tandem.coding.context reads.
        needed = np.array(
            [
                math.inf if c is Code.WITHDRAWAL else self.harm_threshold if c in HARMFUL else 0.0
                for c in CODES
            ]
        )
        needed = np.broadcast_to(needed, probs.shape).copy()
        # A constructive code the lexicon does not find, in a message where it finds a harmful
        # one, needs mixed_threshold: the model reads "I hate you" close to "I love you".
        harm_cued = cued[:, _HARMFUL_COLUMNS].any(axis=1)
        needed[np.ix_(np.flatnonzero(harm_cued), _CONSTRUCTIVE_COLUMNS)] = self.mixed_threshold
        bare = ~cued & (probs < needed)
        scores = rescale(probs, self.code_thresholds_, self.threshold)
        return damp_below(scores, bare, self.threshold)


def rescale(probs: FloatArray, own: FloatArray, threshold: float) -> FloatArray:
    """Map each column's probabilities so that its own threshold lands on ``threshold``.

    Piecewise linear and increasing, 0 stays 0 and 1 stays 1, so the order of a code's
    messages is kept; ``neutral`` is left as it is.

    Examples
    --------
    >>> p = np.full((1, len(CODES)), 0.2)
    >>> own = np.full(len(CODES), 0.4)
    >>> own[0] = 0.2
    >>> out = rescale(p, own, 0.4)
    >>> float(out[0, 0]), float(out[0, 1])
    (0.4, 0.2)
    """
    low = probs * (threshold / np.maximum(own, 1e-12))
    high = threshold + (probs - own) * ((1.0 - threshold) / np.maximum(1.0 - own, 1e-12))
    out = np.where(probs < own, low, high)
    out[:, NEUTRAL_INDEX] = probs[:, NEUTRAL_INDEX]
    return np.clip(out, 0.0, 1.0)


THRESHOLDS_FILE = "thresholds.json"
"""The per-code thresholds in ``data/contextual`` (written by ``scripts/score_loso.py``)."""


@cache
def shipped_thresholds() -> dict[str, float]:
    """The probability each code needs, as chosen on the leave-one-set-out runs.

    Examples
    --------
    >>> sorted(shipped_thresholds()) == sorted(c.value for c in CODES if c is not Code.NEUTRAL)
    True
    """
    text = files("tandem.coding").joinpath("data", "contextual", THRESHOLDS_FILE).read_text("utf-8")
    return {str(k): float(v) for k, v in json.loads(text)["codes"].items()}


def per_code(named: Mapping[str, float], threshold: float) -> FloatArray:
    """The thresholds in ``CODES`` order: ``named`` where given, ``threshold`` elsewhere.

    Raises
    ------
    InvalidChoice
        A name that is not a code, or a value outside 0–1.

    Examples
    --------
    >>> per_code({"repair": 0.6}, 0.4)[CODES.index(Code.REPAIR)]
    np.float64(0.6)
    """
    known = {c.value for c in CODES}
    out = np.full(len(CODES), float(threshold))
    for name, value in named.items():
        if name not in known:
            raise InvalidChoice(
                f"ContextualCoder.code_thresholds: {name!r} is not a code; "
                f"choose from {', '.join(sorted(known))}"
            )
        if not 0.0 <= float(value) <= 1.0:
            raise InvalidChoice(
                f"ContextualCoder.code_thresholds: {name} {value} is not a number between 0 and 1"
            )
        out[CODES.index(Code(name))] = float(value)
    return out


_HARMFUL_COLUMNS = [CODES.index(c) for c in HARMFUL]
_CONSTRUCTIVE_COLUMNS = np.array(
    [j for j, c in enumerate(CODES) if SIDE_OF[c] is Side.CONSTRUCTIVE], dtype=np.intp
)

TRAINED_ON = (
    "corpus",
    "everyday",
    "published",
    "published_holdout",
    "published_holdout_2",
    "published_holdout_3",
    "published_holdout_4",
    "published_holdout_5",
)
"""The shipped labelled sets the model was fine-tuned on (``heldout`` and
``everyday_published`` were not: they measure it)."""


def seen_in_training(texts: Sequence[str]) -> int:
    """How many of ``texts`` (compared lower-cased) the model was fine-tuned on.

    Examples
    --------
    >>> seen_in_training(["Lets take a break and talk in an hour", "a line nobody wrote 1234"])
    1
    """
    from tandem.coding.evaluate import shipped

    seen = {t.lower() for name in TRAINED_ON for t in shipped(name).texts}
    return sum(t.lower() in seen for t in texts)


def load_contextual() -> ContextualCoder:
    """The contextual coder with the shipped model, ready to use.

    Raises
    ------
    ModuleNotFoundError
        ``onnxruntime`` is not installed.
    """
    return ContextualCoder().fit([])


__all__ = [
    "TRAINED_ON",
    "ContextualCoder",
    "load_contextual",
    "per_code",
    "probabilities",
    "rescale",
    "seen_in_training",
    "shipped_thresholds",
]
