"""The rules coder: patterns and lexicons, shipped as data, compiled into one regular expression.

The lexicon (``data/lexicon.toml``) lists, per behaviour code, strong and weak cue phrases, plus
entries that touch several codes at once or cancel a cue ("you always make me laugh" is not
criticism). Every cue becomes one branch of a single compiled pattern that is run once over a
whole batch of lower-cased messages, which is what makes this coder fast.

On top of the phrases:

* negation: a cue of a negatable code preceded by "not", "don't", "never"... within a few words
  does not count ("I'm not hurt", "that's not stupid");
* intensifiers ("so", "really", "totally") in front of a cue raise its weight;
* repeated punctuation ("??", "?!?") counts as pressure; "!!" intensifies pursue-side cues;
* capitals (two or more shouted words, acronyms such as LOL aside) intensify pursue-side cues
  and add pressure;
* texting spellings ("u", "ur", "k", "idc", "wtv", "whatevs", "pls", "rn", "smh") are in the
  lexicon through its macros;
* emoji carry cues of their own (eye-roll for contempt, hearts for repair, crying faces for
  vulnerability).

Examples
--------
>>> coder = RulesCoder().fit([])
>>> [(a.code.value, a.evidence) for a in coder.code(["I'm not angry at you, I just miss you"])[0]]
[('repair', "I'm not angry at you, miss you"), ('vulnerability', 'miss you')]
>>> [a.code.value for a in coder.code(["k"])[0]]
['withdrawal']
"""

from __future__ import annotations

import functools
import gc
import hashlib
import math
import re
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import accumulate
from pathlib import Path
from typing import Any, ClassVar, ParamSpec, Self, TypeVar, cast

import numpy as np

from tandem.coding import _trie
from tandem.coding._compiled import compile_cached, strings_cached
from tandem.coding._trie import build, split_top
from tandem.coding.base import (
    _NO_CUE,
    NEUTRAL_INDEX,
    BaseCoder,
    Evidence,
    FloatArray,
    OneOf,
    ParamRules,
    as_texts,
    check_fitted,
    decide,
    evidence_text,
)
from tandem.domain import CODES, SIDE_OF, Code, CodeAssignment, Side

STRONG = 1.2
"""Weight of a strong cue (one is enough at the default threshold)."""
WEAK = 0.5
"""Weight of a weak cue (two are needed at the default threshold)."""
INTENSIFIED = 1.3
"""Multiplier for a cue right after an intensifier ("so", "really")."""
SHOUTED = 1.3
"""Multiplier for pursue-side cues in a message with shouted capitals or "!!"."""

_CODE_INDEX = {code: i for i, code in enumerate(CODES)}
_PURSUE = np.array([SIDE_OF[c] is Side.PURSUE for c in CODES])
_PRESSURE = _CODE_INDEX[Code.PRESSURE]

_MACRO = re.compile(r"\{(\w+)\}")
_NEGATION = re.compile(
    r"\b(?:not|no|never|don'?t|dont|didn'?t|didnt|isn'?t|isnt|wasn'?t|wasnt|aren'?t|arent|"
    r"won'?t|wont|can'?t|cant|doesn'?t|doesnt|nothing|hardly|without|nobody|neither|nor)\b"
    r"(?:\s+[\w']+){0,2}\s*$"
)
_INTENSIFIER = re.compile(
    r"\b(?:so|really|very|totally|completely|fucking|freaking|super|extremely|literally|"
    r"absolutely|seriously|such|always)\s+$"
)
_KNOWN_CUES: dict[str, tuple[int, bool]] = {}
"""Matched words (plus a newline when they end the message) to the cue they belong to (-1:
none) and whether they hold an intensifier; found once, then looked up."""
_NEGATED_BY: dict[str, bool] = {}
"""Text before a cue (up to 30 characters) to whether it ends in a negation."""
_BOOSTED_BY: dict[str, bool] = {}
"""Text before a cue (up to 16 characters) to whether it ends in an intensifier."""
_INTENSE_WORD = re.compile(
    r"\b(?:so|really|very|totally|completely|fucking|freaking|super|extremely|literally|"
    r"absolutely)\b"
)
_CAPS = re.compile(r"[A-Z][A-Z']{2,}")
_ACRONYMS = frozenset(
    "LOL LMAO OMG WTF BTW IDK TBH ASAP IMO IMHO FYI NYC USA TV DM PM AM OK OKAY ETA BRB TTYL "
    "ROFL SMH IRL NVM FOMO DIY GPS CEO PTA DVD ATM ID".split()
)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _gc_paused(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``func`` with the cyclic garbage collector paused (restored after, even on error).

    Coding a batch makes many small objects (match spans, evidence lists, assignments) and no
    reference cycles; collections triggered by them alone took a third of the coder's time.
    """

    @functools.wraps(func)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A compiled lexicon: one fast pattern, and the cues it is made of, in priority order."""

    pattern: re.Pattern[str]
    """Cues starting with a word character, grouped by first character, after one non-word
    character; the cue is group 1 (see :mod:`tandem.coding._trie`)."""
    other_pattern: re.Pattern[str]
    """Cues starting with punctuation or emoji; the cue is group 1."""
    anchored: tuple[bool, ...]
    """Per cue, whether it only matches at the end of a message (``$``)."""
    cues: tuple[re.Pattern[str], ...]
    """Each cue on its own, in priority order (multi entries, strong cues, weak cues)."""
    weights: tuple[tuple[tuple[int, float], ...], ...]
    """Per cue, its ``(code column, weight)`` pairs; empty for the "!!" intensity cue."""
    negatable: frozenset[int]
    """Code columns whose cues a preceding negation cancels."""
    negation_matters: tuple[bool, ...]
    """Per cue, whether it gives positive weight to a negatable code."""

    @property
    def size(self) -> int:
        """Number of cues."""
        return len(self.cues)

    def identify(self, words: str, at_end: bool) -> int:
        """Index of the first cue that matches all of ``words`` (lower-cased), or -1.

        ``at_end`` says whether the words end the message (cues anchored with ``$`` count only
        then).
        """
        for k, cue in enumerate(self.cues):
            if (at_end or not self.anchored[k]) and cue.fullmatch(words):
                return k
        return -1


_Plan = tuple[tuple[tuple[int, float, float, Code, bool], ...], tuple[tuple[int, float], ...], bool]


@cache
def _plans(lex: Lexicon) -> tuple[_Plan | None, ...]:
    """Per cue, what the match loop needs, precomputed (``None`` for the "!!" cue).

    A plan is ``(positive, negative, check_negation)``: the positive-weight pairs as
    ``(column, weight, weight * INTENSIFIED, code, negatable)``, the other pairs as
    ``(column, weight)``, and whether a preceding negation can cancel the cue.
    """
    out: list[_Plan | None] = []
    for k, pairs in enumerate(lex.weights):
        if not pairs:
            out.append(None)
            continue
        positive = tuple(
            (j, w, w * INTENSIFIED, CODES[j], j in lex.negatable) for j, w in pairs if w > 0
        )
        negative = tuple((j, w) for j, w in pairs if not w > 0)
        out.append((positive, negative, lex.negation_matters[k]))
    return tuple(out)


def _expand(fragment: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), fragment)


def _within_message(fragment: str) -> str:
    r"""Keep a cue inside one message of a batch.

    A batch is scanned as one string with ``\n`` between messages (newlines inside a message
    become spaces), so ``\W`` and ``\s`` must not match ``\n``: otherwise ``^\W*k\W*$``
    would run on into the next message and a message's codes would depend on its neighbour.
    The lexicon uses neither inside a character class, so a plain replacement is exact.
    """
    return fragment.replace("\\W", "[^\\w\\n]").replace("\\s", "[^\\S\\n]")


@cache
def load_lexicon(name: str = "lexicon.toml") -> Lexicon:
    """Read and compile a lexicon shipped in ``tandem/coding/data``.

    Parameters
    ----------
    name : str, default="lexicon.toml"
        File name inside the package's data folder.

    Returns
    -------
    Lexicon
        The compiled lexicon (cached: compiled once per process).

    Examples
    --------
    >>> load_lexicon().size > 300
    True
    """
    raw = tomllib.loads(files("tandem.coding").joinpath("data", name).read_text("utf-8"))
    macros: dict[str, str] = raw.get("macros", {})
    fragments: list[str] = []
    weights: list[tuple[tuple[int, float], ...]] = []
    for entry in raw.get("multi", []):
        for part in split_top(_within_message(_expand(entry["pattern"], macros))):
            fragments.append(part)
            weights.append(
                tuple((_CODE_INDEX[Code(c)], float(w)) for c, w in entry["codes"].items())
            )
    negatable: set[int] = set()
    for tier, weight in (("strong", STRONG), ("weak", WEAK)):
        for code in CODES:
            table = raw.get(code.value) or {}
            if table.get("negatable", False):
                negatable.add(_CODE_INDEX[code])
            for fragment in table.get(tier, []):
                for part in split_top(_within_message(_expand(fragment, macros))):
                    fragments.append(part)
                    weights.append(((_CODE_INDEX[code], weight),))
    fragments.append("!!+")
    weights.append(())
    # A cue starts and ends at a word edge, unless its own first/last character is not a word
    # character (punctuation, emoji), which is its own edge.
    words, other = strings_cached(_build_recipe(fragments), lambda: build(fragments))
    edge = r"(?:(?![\w])|(?<=[^\w]))"
    pattern = compile_cached(words + edge, re.MULTILINE)  # 240,000 characters: 0.6 s to compile
    other_pattern = re.compile(other + edge, re.MULTILINE)
    cues = tuple(re.compile(f, re.MULTILINE) for f in fragments)
    negation_matters = tuple(any(w > 0 and j in negatable for j, w in ws) for ws in weights)
    anchored = tuple(("$" in f.replace("\\$", "")) for f in fragments)
    return Lexicon(
        pattern=pattern,
        other_pattern=other_pattern,
        anchored=anchored,
        negation_matters=negation_matters,
        cues=cues,
        weights=tuple(weights),
        negatable=frozenset(negatable),
    )


def _build_recipe(fragments: list[str]) -> str:
    """What the scanning patterns depend on: the cues, in order, and the trie code's text."""
    code = Path(_trie.__file__).read_bytes() if _trie.__file__ else b""
    return "\x00".join([hashlib.sha256(code).hexdigest(), *fragments])


class RulesCoder(BaseCoder):
    """Code messages with patterns and lexicons.

    Parameters
    ----------
    threshold : float, default=0.5
        A code is assigned when its score reaches this value. Scores are
        ``1 - exp(-sum of cue weights)``: one strong cue (weight 1.2) gives 0.70, one weak cue
        (0.5) gives 0.39, two weak cues 0.63.
    negation : bool, default=True
        Whether a preceding negation cancels cues of negatable codes.
    shouting : bool, default=True
        Whether capitals and "!!" intensify pursue-side cues.

    Attributes
    ----------
    classes_ : tuple of Code, length n_codes
        :data:`tandem.domain.CODES`.
    lexicon_ : Lexicon
        The compiled lexicon.

    See Also
    --------
    tandem.coding.learned.LearnedCoder : the learned coder, which uses these scores as features.

    Notes
    -----
    Evidence for a code is the matched words, comma-separated, as written in the message (plus
    ``"capitals: ..."`` or ``"repeated punctuation"`` when those counted). The rules only see one
    message at a time: a bare "ok" is read as neutral, "k." or "fine." as withdrawal, whatever
    came before.

    Examples
    --------
    >>> coder = RulesCoder().fit([])
    >>> coder.predict(["you never listen", "I never listen to podcasts"])[:, 0].tolist()
    [1, 0]
    """

    PARAM_RULES: ClassVar[ParamRules] = {
        **BaseCoder.PARAM_RULES,
        "negation": OneOf((True, False)),
        "shouting": OneOf((True, False)),
    }

    def __init__(
        self, *, threshold: float = 0.5, negation: bool = True, shouting: bool = True
    ) -> None:
        self.threshold = threshold
        self.negation = negation
        self.shouting = shouting

    def fit(self, X: Sequence[str], y: Any = None) -> Self:  # noqa: ARG002
        """Check the parameters, compile the lexicon and record the classes.

        Parameters
        ----------
        X : ignored
            Present for the scikit-learn interface.
        y : ignored
            Present for the scikit-learn interface.

        Returns
        -------
        Self
            The fitted coder.
        """
        super().fit([])
        self.lexicon_ = load_lexicon()
        return self

    @_gc_paused
    def raw_weights(self, texts: list[str]) -> tuple[FloatArray, dict[int, dict[Code, list[str]]]]:
        """Summed cue weights per code (before squashing) and matched words per code.

        Parameters
        ----------
        texts : list of str
            Texts.

        Returns
        -------
        weights : ndarray of shape (n_texts, n_codes)
            Sum of cue weights, intensifiers and capitals applied; ``neutral`` stays 0.
        evidence : dict of int to dict
            Row index to the matched words per code (rows without any cue are left out).
        """
        n = len(texts)
        n_codes = len(CODES)
        weights = np.zeros((n, n_codes))
        found: dict[int, dict[Code, list[str]]] = {}
        if n == 0:
            return weights, found
        lex: Lexicon = self.lexicon_
        # Lower-case once, whole batch in one string; newlines inside a message become spaces
        # so that ^ and $ mean the start and end of a message.
        lows = [t.lower() for t in texts]
        lowered = "\n" + "\x00".join(lows).replace("\n", " ").replace("\u2019", "'").replace(
            "\x00", "\n"
        )
        original = "\n" + "\n".join(texts)
        same_length = len(original) == len(lowered)
        starts = list(accumulate([len(low) + 1 for low in lows], initial=1))
        bang = np.zeros(n, dtype=bool)
        negation = bool(self.negation)
        plans = _plans(lex)
        known, negated_by, boosted_by = _KNOWN_CUES, _NEGATED_BY, _BOOSTED_BY
        for memo in (known, negated_by, boosted_by):
            if len(memo) > 200_000:
                memo.clear()
        end = len(lowered)
        spans = [m.span(1) for m in lex.pattern.finditer(lowered)]
        others = [m.span(1) for m in lex.other_pattern.finditer(lowered)]
        if others:  # merge, dropping a punctuation cue inside a word cue ("hello??" / "??")
            # (start, source) is unique, so the sort never looks further; on equal starts the
            # word cue comes first, as the stable sort by start did.
            merged = sorted([(s, 0, e) for s, e in spans] + [(s, 1, e) for s, e in others])
            spans = [(s, e) for s, _, e in merged]
        cell_index: list[int] = []
        cell_value: list[float] = []
        add_index = cell_index.append
        add_value = cell_value.append
        negation_search = _NEGATION.search
        intensifier_search = _INTENSIFIER.search
        last_end = -1
        for s, e in spans:
            if s < last_end:
                continue
            last_end = e
            words = lowered[s:e]
            at_end = e == end or lowered[e] == "\n"
            key = words + "\n" if at_end else words
            hit = known.get(key)
            if hit is None:
                k = lex.identify(words, at_end)
                hit = known[key] = (k, _INTENSE_WORD.search(words) is not None)
            k, intense = hit
            if k < 0:
                continue
            plan = plans[k]
            i = bisect_right(starts, s) - 1
            if plan is None:
                bang[i] = True
                continue
            positive, negative, check_negation = plan
            lo = starts[i]
            before = lowered[lo if lo > s - 30 else s - 30 : s]
            negated = False
            if negation and check_negation:
                hit_negation = negated_by.get(before)
                if hit_negation is None:
                    hit_negation = negated_by[before] = negation_search(before) is not None
                negated = hit_negation
            boosted = intense
            if not boosted and before[-1:].isspace():  # the intensifier pattern ends in \s+$
                tail = before[-16:]
                hit_boost = boosted_by.get(tail)
                if hit_boost is None:
                    hit_boost = boosted_by[tail] = intensifier_search(tail) is not None
                boosted = hit_boost
            base = i * n_codes
            ev = found.get(i)
            if ev is None:
                ev = found[i] = {}
            if positive:
                shown = original[s:e].strip() if same_length else words.strip()
                for j, plain, raised, code, cancel in positive:
                    if negated and cancel:
                        continue
                    add_index(base + j)
                    add_value(raised if boosted else plain)
                    got = ev.get(code)
                    if got is None:
                        ev[code] = [shown]
                    else:
                        got.append(shown)
            for j, w in negative:
                add_index(base + j)
                add_value(w)
        if cell_index:
            # bincount adds in input order, like the running sums it replaces.
            weights.ravel()[:] = np.bincount(
                np.asarray(cell_index, dtype=np.intp),
                weights=np.asarray(cell_value, dtype=np.float64),
                minlength=n * n_codes,
            )
        if self.shouting:
            shouted = np.zeros(n, dtype=np.int_)
            caps_words: dict[int, list[str]] = {}
            ostarts = starts
            if not same_length:
                ostarts = list(accumulate([len(t) + 1 for t in texts], initial=1))
            for m in _CAPS.finditer(original):
                s, e = m.span()
                if (
                    m.group() in _ACRONYMS
                    or original[s - 1].isalnum()
                    or (e < len(original) and original[e].isalnum())
                ):
                    continue
                i = bisect_right(ostarts, s) - 1
                shouted[i] += 1
                caps_words.setdefault(i, []).append(m.group())
            loud = (shouted >= 2) | bang
            if loud.any():
                rows = np.flatnonzero(loud)
                weights[np.ix_(rows, _PURSUE)] = np.where(
                    weights[np.ix_(rows, _PURSUE)] > 0,
                    weights[np.ix_(rows, _PURSUE)] * SHOUTED,
                    weights[np.ix_(rows, _PURSUE)],
                )
                for i in rows.tolist():
                    if shouted[i] >= 2:
                        weights[i, _PRESSURE] += 0.4
                        found.setdefault(i, {}).setdefault(Code.PRESSURE, []).append(
                            "capitals: " + " ".join(caps_words[i][:4])
                        )
        return weights, found

    @_gc_paused
    def code(self, texts: Sequence[str]) -> list[tuple[CodeAssignment, ...]]:
        """Code every text with confidence and evidence (as :meth:`BaseCoder.code`, faster).

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
        # A message's codes depend on that message alone (tests/coding/test_batch_independence),
        # so each distinct text is coded once; chats repeat "ok", "lol", "where are you?" a lot.
        distinct = list(dict.fromkeys(items))
        if len(distinct) < len(items):
            coded = dict(zip(distinct, self._code_distinct(distinct), strict=True))
            return [coded[t] for t in items]
        return self._code_distinct(items)

    def _code_distinct(self, items: list[str]) -> list[tuple[CodeAssignment, ...]]:
        scores, evidence = self._scores(items)
        decided = decide(scores, self.threshold)
        rows, cols = np.nonzero(decided)
        confidence = np.round(scores[rows, cols], 4).tolist()
        per_row = np.bincount(rows, minlength=len(items)).tolist()
        col_list = cols.tolist()
        # Assignments (and one-code rows) are immutable: equal ones are made once and shared.
        made: dict[tuple[int, float, str], CodeAssignment] = {}
        alone: dict[tuple[int, float], tuple[CodeAssignment]] = {}
        out: list[tuple[CodeAssignment, ...]] = []
        k = 0
        for i, count in enumerate(per_row):
            ev = evidence.get(i)
            if count == 1 and ev is None:  # the common case: one code, no evidence words
                c, p = col_list[k], confidence[k]
                k += 1
                one = alone.get((c, p))
                if one is None:
                    one = alone[c, p] = (
                        CodeAssignment(CODES[c], p, _NO_CUE if c == NEUTRAL_INDEX else ""),
                    )
                out.append(one)
                continue
            row: list[CodeAssignment] = []
            for c, p in zip(col_list[k : k + count], confidence[k : k + count], strict=True):
                code = CODES[c]
                value = None if ev is None else ev.get(code)
                if value is None:
                    words = ""
                elif type(value) is list and len(value) == 1:  # evidence_text, short-cut
                    words = value[0]
                else:
                    words = evidence_text(value)
                if not words:
                    words = _NO_CUE if c == NEUTRAL_INDEX else ""
                key = (c, p, words)
                a = made.get(key)
                if a is None:
                    a = made[key] = CodeAssignment(code, p, words)
                row.append(a)
            k += count
            if count > 1:
                row.sort(key=_by_confidence)
            out.append(tuple(row))
        return out

    def _scores(self, texts: list[str]) -> tuple[FloatArray, Evidence]:
        weights, found = self.raw_weights(texts)
        scores = 1.0 - np.exp(-np.clip(weights, 0.0, None))
        scores[:, NEUTRAL_INDEX] = 0.0
        scores[:, NEUTRAL_INDEX] = 1.0 - scores.max(axis=1)
        return scores, cast(Evidence, found)


def _by_confidence(a: CodeAssignment) -> float:
    return -a.confidence


def squash(weight: float) -> float:
    """The score of a summed cue weight: ``1 - exp(-weight)``, 0 for weights at or below 0.

    Examples
    --------
    >>> round(squash(1.2), 2)
    0.7
    """
    return 1.0 - math.exp(-weight) if weight > 0 else 0.0
