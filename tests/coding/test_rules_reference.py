"""The rules coder against a slow reference: same codes, confidences and evidence, every input.

``reference_raw_weights`` is the match loop as it was before it was made fast (one regex
search per cue for negation and intensifiers, a dict of running sums, evidence built for every
cue). The fast one must give the same weights bit for bit and the same evidence words, on the
shipped corpus, held-out set, everyday lines, the outside-author set and generated text.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from bisect import bisect_right
from collections import defaultdict
from itertools import accumulate
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coding._trie import _SPECIAL, _trie, expand, first_char, split_top
from tandem.coding.base import BaseCoder, FloatArray
from tandem.coding.evaluate import shipped
from tandem.coding.rules import (
    _ACRONYMS,
    _CAPS,
    _INTENSE_WORD,
    _INTENSIFIER,
    _NEGATION,
    _PRESSURE,
    _PURSUE,
    INTENSIFIED,
    SHOUTED,
    Lexicon,
    RulesCoder,
)
from tandem.domain import CODES, Code

DATA = Path(__file__).resolve().parents[2] / "src" / "tandem" / "coding" / "data"


def reference_raw_weights(
    self: RulesCoder, texts: list[str]
) -> tuple[FloatArray, dict[int, dict[Code, list[str]]]]:
    """The rules coder's match loop as first written: the slow reference for ``raw_weights``.

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
    cells: dict[int, float] = {}
    negation = bool(self.negation)
    negatable = lex.negatable
    cue_weights = lex.weights
    known: dict[str, int] = {}
    end = len(lowered)
    matches = list(lex.pattern.finditer(lowered))
    others = list(lex.other_pattern.finditer(lowered))
    if others:  # merge, dropping a punctuation cue inside a word cue ("hello??" / "??")
        matches = sorted([*matches, *others], key=lambda m: m.start(1))
    last_end = -1
    for m in matches:
        s, e = m.span(1)
        if s < last_end:
            continue
        last_end = e
        words = m.group(1)
        at_end = e == end or lowered[e] == "\n"
        key = words + "\n" if at_end else words
        k = known.get(key)
        if k is None:
            k = known[key] = lex.identify(words, at_end)
        if k < 0:
            continue
        i = bisect_right(starts, s) - 1
        pairs = cue_weights[k]
        if not pairs:
            bang[i] = True
            continue
        before = lowered[max(starts[i], s - 30) : s]
        negated = negation and lex.negation_matters[k] and _NEGATION.search(before) is not None
        boost = (
            INTENSIFIED if _INTENSIFIER.search(before[-16:]) or _INTENSE_WORD.search(words) else 1.0
        )
        shown = original[s:e].strip() if same_length else words.strip()
        ev = found.get(i)
        if ev is None:
            ev = found[i] = {}
        for j, w in pairs:
            if w > 0:
                if negated and j in negatable:
                    continue
                cell = i * n_codes + j
                cells[cell] = cells.get(cell, 0.0) + w * boost
                ev.setdefault(CODES[j], []).append(shown)
            else:
                cell = i * n_codes + j
                cells[cell] = cells.get(cell, 0.0) + w
    if cells:
        weights.ravel()[np.fromiter(cells, np.intp, len(cells))] = np.fromiter(
            cells.values(), np.float64, len(cells)
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


def reference_build(fragments: list[str]) -> tuple[str, str]:
    """``tandem.coding._trie.build`` as first written (no look-ahead, no factoring).

    The first pattern holds the fragments that start with a word character (or ``^``); it
    begins with one non-word character (so a cue starts at a word edge, and the engine can skip
    straight to spaces and punctuation) and captures the cue itself as group 1. The second holds
    the fragments that start with punctuation or emoji. Within a group the fragments keep their
    order, so at one position an earlier fragment wins over a later one, as in a plain
    alternation.
    """
    buckets: dict[str, list[str]] = defaultdict(list)
    word_misc: list[str] = []
    other: list[str] = []
    for fragment in fragments:
        for variant in expand(fragment):
            variant = variant.lstrip(" ") or variant  # a cue never needs to start with a space
            c = first_char(variant)
            if c is None:
                (word_misc if variant.startswith("^") else other).append(variant)
            elif c.isalnum() or c == "_":
                buckets[c].append(variant[1:])
            else:
                other.append(variant)
    branches = [c + _trie(rests, 1) for c, rests in buckets.items()]
    branches.extend(f"(?:{m})" for m in word_misc)
    word = "[^\\w'](" + "|".join(branches) + ")"
    lead: dict[str, list[str]] = defaultdict(list)
    rest: list[str] = []
    for variant in other:
        c = first_char(variant)
        if c is None:
            rest.append(variant)
        else:
            key = "\\" + c if c in _SPECIAL else c
            lead[key].append(variant[2:] if variant[0] == "\\" else variant[1:])
    parts = [k + _trie(v, 1) for k, v in lead.items()] + [f"(?:{m})" for m in rest]
    return word, "(" + "|".join(parts) + ")"


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line]


def _check(texts: list[str]) -> None:
    coder = RulesCoder().fit([])
    fast_w, fast_ev = coder.raw_weights(texts)
    slow_w, slow_ev = reference_raw_weights(_Reference().fit(), texts)
    assert np.array_equal(fast_w, slow_w)
    assert {i: v for i, v in fast_ev.items() if v} == {i: v for i, v in slow_ev.items() if v}
    # and the whole product: codes, confidences and evidence strings
    assert coder.code(texts) == _Reference().fit([]).code(texts)


class _Reference(RulesCoder):
    """The rules coder with the old match loop, old punctuation pattern and the base code()."""

    code = BaseCoder.code

    def fit(self, X: object = None, y: object = None) -> _Reference:  # noqa: ARG002
        super().fit([])
        self.lexicon_ = _reference_lexicon(self.lexicon_)
        return self


@functools.cache
def _reference_lexicon(lex: Lexicon) -> Lexicon:
    _, other = reference_build([c.pattern for c in lex.cues])
    edge = r"(?:(?![\w])|(?<=[^\w]))"
    return dataclasses.replace(lex, other_pattern=re.compile(other + edge, re.M))

    def raw_weights(self, texts: list[str]) -> tuple[FloatArray, dict[int, dict[Code, list[str]]]]:
        return reference_raw_weights(self, texts)


def test_shipped_sets_code_exactly_as_the_reference() -> None:
    texts = shipped("corpus").texts + shipped("heldout").texts + _texts(DATA / "everyday.jsonl")
    outside = Path(__file__).parent / "data" / "outside_author.jsonl"
    texts += _texts(outside)
    _check(texts)
    _check([t.upper() for t in texts[:500]])  # shouting, capitals as evidence


_PIECES = [
    "you never",
    "not",
    "so",
    "really",
    "i'm not angry",
    "sorry",
    "k",
    "fine.",
    "??",
    "!!",
    "whatever",
    "YOU ALWAYS",
    "LOL",
    "\n",
    "İ",
    "miss you",
    "🙄",
    "❤️",
    "u",
    "ur",
    "idc",
    "ok",
    "hello??",
    "can we talk",
    "i feel",
    "calm down",
    "...",
    " ",
    ",",
    "STOP",
    "never mind",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join),
        ),
        max_size=30,
    )
)
def test_generated_text_codes_exactly_as_the_reference(texts: list[str]) -> None:
    _check([t.replace("\\n", "\n") for t in texts])


def reference_split_top(s: str) -> list[str]:
    """``split_top`` as first written: one step per character."""
    parts: list[str] = []
    depth, in_class, start, i = 0, False, 0, 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return parts


@given(st.text(alphabet="ab|()[]\\?:", max_size=40))
@settings(max_examples=500, deadline=None)
def test_split_top_splits_as_the_reference(pattern: str) -> None:
    # The fast split jumps between structural characters; it must cut exactly where the
    # character-by-character loop cut, on any mix of brackets, escapes and bars.
    assert split_top(pattern) == reference_split_top(pattern)


def _plain_word_pattern(lex: Lexicon) -> re.Pattern[str]:
    """The word cues as one plain alternation in lexicon order: what the trie must equal."""
    words = []
    for cue in lex.cues:
        for variant in expand(cue.pattern):
            variant = variant.lstrip(" ") or variant
            c = first_char(variant)
            anchored = c is None and variant.startswith("^")
            if anchored or (c is not None and (c.isalnum() or c == "_")):
                words.append(variant)
    edge = r"(?:(?![\w])|(?<=[^\w]))"
    return re.compile("[^\\w'](" + "|".join(words) + ")" + edge, re.M)


def _word_spans(pattern: re.Pattern[str], texts: list[str]) -> list[tuple[int, int]]:
    lowered = "\n" + "\n".join(t.lower().replace("\n", " ").replace("\u2019", "'") for t in texts)
    return [m.span(1) for m in pattern.finditer(lowered)]


def test_the_trie_picks_the_cue_a_plain_alternation_picks() -> None:
    # At one position the earlier cue must win, as in a plain alternation. Before 2026-12-07
    # the trie tried cues that do not start with a literal first ("(?:so |really ){0,4}sorry"
    # before "sorry if"), and cues anchored at a message's start last (the weak "fine" before
    # the whole-message "fine…"), so "I'm sorry if I hurt you" read as an apology.
    lex = RulesCoder().fit([]).lexicon_
    plain = _plain_word_pattern(lex)
    texts = shipped("corpus").texts + shipped("heldout").texts + shipped("published").texts
    texts += _texts(DATA / "everyday.jsonl") + ["I'm sorry if I hurt you", "Fine…", "Sure…"]
    assert _word_spans(lex.pattern, texts) == _word_spans(plain, texts)
    codes = RulesCoder().fit([]).predict(["I'm sorry if I hurt you", "Fine…"])
    names = [[c.value for c, on in zip(CODES, row, strict=True) if on] for row in codes]
    assert names == [["defensiveness"], ["withdrawal"]]
