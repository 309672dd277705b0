"""Rewrite a list of regex fragments into one pattern that the regex engine can dispatch fast.

Python's ``re`` tries the branches of an alternation one after the other at every position,
but skips a branch in a few nanoseconds when it starts with a literal character that does not
match. So each fragment is expanded until it starts with a literal (``(?:you|u) never`` becomes
``you never`` and ``u never``), fragments are grouped by that first character, and the groups
form a two-level alternation. Fragments that cannot be expanded stay as they are, after the
groups.

Examples
--------
>>> expand("(?:you|u) (?:always|never)")
['you (?:always|never)', 'u (?:always|never)']
>>> expand("(?:so )?sad")
['so sad', 'sad']
>>> import re
>>> words, other = build(["(?:you|u) never", "sorry", "so sad", "!!+"])
>>> [m.group(1) for m in re.finditer(words, " u never say sorry, so sad!!")]
['u never', 'sorry', 'so sad']
>>> [m.group(1) for m in re.finditer(other, " u never say sorry, so sad!!")]
['!!']
"""

from __future__ import annotations

import re
from collections import defaultdict

_SPECIAL = set("\\[](){}.*+?^$|")
MAX_VARIANTS = 64
"""A fragment expanding into more variants than this is kept whole."""


def split_top(s: str) -> list[str]:
    """Split ``s`` at ``|`` signs that are not inside brackets or parentheses.

    Only the structural characters are visited (a regex jumps over the rest), which makes
    building the lexicon's pattern twice as fast as a loop over every character.

    >>> split_top("a|(?:b|c)|[|]|d")
    ['a', '(?:b|c)', '[|]', 'd']
    """
    if "|" not in s:
        return [s]
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    for m in _STRUCTURE.finditer(s):
        c = m.group()
        if len(c) == 2:  # an escaped character
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(s[start : m.start()])
            start = m.end()
    parts.append(s[start:])
    return parts


_STRUCTURE = re.compile(r"\\.|[\[\]()|]", re.DOTALL)


def _atom_end(s: str) -> int:
    """Index just after the first atom of ``s`` (without its quantifier)."""
    c = s[0]
    if c == "\\":
        return 2
    if c == "[":
        i = 1
        if i < len(s) and s[i] == "^":
            i += 1
        if i < len(s) and s[i] == "]":
            i += 1
        while i < len(s) and s[i] != "]":
            i += 2 if s[i] == "\\" else 1
        return i + 1
    if c == "(":
        depth = 0
        i = 0
        in_class = False
        while i < len(s):
            ch = s[i]
            if ch == "\\":
                i += 2
                continue
            if in_class:
                in_class = ch != "]"
            elif ch == "[":
                in_class = True
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return len(s)
    return 1


def _quant_end(s: str, i: int) -> int:
    if i < len(s) and s[i] in "?*+":
        i += 1
    elif i < len(s) and s[i] == "{":
        j = s.find("}", i)
        if j == -1:
            return i
        i = j + 1
    else:
        return i
    if i < len(s) and s[i] == "?":
        i += 1
    return i


def expand(fragment: str, *, keep_empty: bool = False) -> list[str]:
    """Expand ``fragment`` into variants that each start with a literal character.

    A variant that cannot be made to start with a literal is returned as is. An empty variant
    (the fragment can match nothing) is dropped from a whole cue, but kept with
    ``keep_empty=True``, as the trie needs for the rest of a cue (``"s?"`` after ``"hug"``).
    """
    out = _expand(fragment, 0)
    if out is None or len(out) > MAX_VARIANTS:
        return [fragment]
    return out if keep_empty else [v for v in out if v]


def _expand(s: str, depth: int) -> list[str] | None:
    if depth > 6:
        return None
    if not s:
        return [""]
    alts = split_top(s)
    if len(alts) > 1:
        out: list[str] = []
        for a in alts:
            sub = _expand(a, depth + 1)
            if sub is None:
                return None
            out.extend(sub)
        return out
    end = _atom_end(s)
    qend = _quant_end(s, end)
    atom, quant, rest = s[:end], s[end:qend], s[qend:]
    if atom.startswith("(?:"):
        inner = split_top(atom[3:-1])
        if quant in ("", "?"):
            out = []
            for a in inner:
                sub = _expand(a + rest, depth + 1)
                if sub is None:
                    return None
                out.extend(sub)
            if quant == "?":
                sub = _expand(rest, depth + 1)
                if sub is None:
                    return None
                out.extend(sub)
            return out
        return None
    if len(atom) == 1 and atom not in _SPECIAL:
        if quant == "":
            return [s]
        if quant == "?":
            tail = _expand(rest, depth + 1)
            return None if tail is None else [atom + rest, *tail]
        return None
    if atom.startswith("\\") and atom[1] in _SPECIAL and quant == "":
        return [s]
    return None


def first_char(variant: str) -> str | None:
    """The literal first character of an expanded variant, or ``None``."""
    if not variant:
        return None
    if variant[0] == "\\" and len(variant) > 1 and variant[1] in _SPECIAL:
        end = _quant_end(variant, 2)
        return variant[1] if end == 2 else None
    if variant[0] in _SPECIAL:
        return None
    end = _quant_end(variant, 1)
    return variant[0] if end == 1 else None


def _trie(rests: list[str], depth: int) -> str:
    """A group matching any of ``rests``, sharing literal prefixes up to a few characters."""
    expanded = [v for r in rests for v in (expand(r, keep_empty=True) if r else [""])]
    unique = list(dict.fromkeys(expanded))
    if depth >= 8 or len(unique) < 3:
        parts = unique
    else:
        # Runs of fragments that start with a literal are grouped by that character (groups
        # with different characters never match at the same place, so their order is free).
        # Anything else (a fragment that starts with a group or a quantifier, or the bare
        # prefix "") ends the run and keeps its place, so an earlier fragment still wins over
        # a later one, as in a plain alternation.
        parts = []
        groups: dict[str, list[str]] = defaultdict(list)
        for r in unique:
            c = first_char(r)
            if c is None or (len(r) > 1 and r[1] == "|"):
                parts.extend(_grouped(groups, depth))
                groups = defaultdict(list)
                parts.append(r)
            else:
                groups["\\" + c if c in _SPECIAL else c].append(r[2:] if r[0] == "\\" else r[1:])
        parts.extend(_grouped(groups, depth))
    return "(?:" + "|".join(parts) + ")"


def _grouped(groups: dict[str, list[str]], depth: int) -> list[str]:
    return [lead + (_trie(sub, depth + 1) if sub != [""] else "") for lead, sub in groups.items()]


def build(fragments: list[str]) -> tuple[str, str]:
    """Two patterns that together match any of ``fragments``, grouped by first character.

    The first pattern holds the fragments that start with a word character (or ``^``, tried
    before all others); it begins with one non-word character (so a cue starts at a word edge,
    and the engine can skip straight to spaces and punctuation) and captures the cue itself as
    group 1. The second holds the fragments that start with punctuation or emoji. Within a
    group the fragments keep their order, so at one position an earlier fragment wins over a
    later one, as in a plain alternation.
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
    # Cues anchored at a message's start (the whole-message "fine…") go first: they overlap every
    # bucket, and the whole-message cues among them are the most specific of all, so a bare
    # "fine" (weak) must not win over "fine…" as the whole message (strong).
    branches = [f"(?:{m})" for m in word_misc]
    branches.extend(c + _trie(rests, 1) for c, rests in buckets.items())
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
    parts = [k + _trie(v, 1) for k, v in lead.items()]
    firsts = {k[-1] for k in lead}
    for m in rest:
        factored, c = _factor(m)
        parts.append(factored)
        firsts.add(c if c is not None else "")
    # Every branch starts with one of ``firsts``: a look-ahead for them lets the engine skip
    # other positions fast (one range test for everything past ASCII).
    ahead = ""
    if "" not in firsts and firsts:
        ascii_firsts = sorted(c for c in firsts if c < "\x80")
        ahead = "(?=[" + "".join(re.escape(c) for c in ascii_firsts) + "\\x80-\\U0010ffff])"
    return word, ahead + "(" + "|".join(parts) + ")"


def _factor(variant: str) -> tuple[str, str | None]:
    """``variant`` as a group, its first literal pulled out front when its expansions share it.

    ``(?:not|no) deal`` becomes ``n(?:ot deal|o deal)``, which matches the same text in the
    same order; the shared first character is returned too (``None`` when there is none).

    >>> _factor("(?:not|no) deal"), _factor("(?:a|b)c")
    (('n(?:ot deal|o deal)', 'n'), ('(?:(?:a|b)c)', None))
    """
    variants = expand(variant)
    leads = {first_char(v) for v in variants}
    c = next(iter(leads))
    if len(leads) != 1 or c is None or variants == [variant]:
        return f"(?:{variant})", None
    tails = [v[2:] if v[0] == "\\" else v[1:] for v in variants]
    return ("\\" + c if c in _SPECIAL else c) + "(?:" + "|".join(tails) + ")", c
