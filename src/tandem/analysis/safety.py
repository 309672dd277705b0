"""Safety: signs that a conversation is not an ordinary pursue–withdraw cycle.

Threats, intimidation, fear of the partner, physical harm and self-harm are looked for.
When any appear, the analysis says so with the evidence, points to real help, and assigns no
cycle roles: coaching someone to "pursue less" or "stay in the room" is wrong advice when one
partner is afraid. The patterns are deliberately broad (a joke can trip them); the report says
the reader is the judge of what was meant.

Examples
--------
>>> [h.kind for h in scan_safety(["I'm scared of you", "see you at 8"])]
['fear']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tandem.analysis._arrays import rows_matching, snippet

_YOU = r"(?:you|u|ya)"
_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "threat",
        r"\b(?:i'?ll|i\s+will|i'?m\s+(?:gonna|going\s+to)|im\s+(?:gonna|going\s+to)|i\s+am\s+"
        r"(?:gonna|going\s+to))\s+(?:hurt|kill|hit|beat|smash|strangle|choke|slap|punch|end)\s+"
        + _YOU
        + r"\b",
    ),
    ("threat", r"\b" + _YOU + r"(?:'ll|\s+will)\s+(?:regret\s+(?:this|it)|be\s+sorry)\b"),
    ("threat", r"\bi(?:'ll|\s+will)\s+make\s+" + _YOU + r"\s+(?:pay|suffer|regret)\b"),
    ("threat", r"\bwatch\s+your\s+back\b|\bor\s+else\s*(?:[.!]|$)"),
    ("intimidation", r"\bi\s+know\s+where\s+" + _YOU + r"\s+(?:are|live|work|sleep)\b"),
    ("intimidation", r"\bdon'?t\s+make\s+me\s+(?:come|do|hurt)\b"),
    ("intimidation", r"\bno\s*(?:one|body)\s+(?:will|would)\s+(?:ever\s+)?believe\s+" + _YOU),
    ("intimidation", r"\b(?:you'?ll|you\s+will)\s+never\s+see\s+(?:the\s+)?(?:kids|children)\b"),
    (
        "fear",
        r"\b(?:i'?m|i\s+am|im)\s+(?:so\s+|really\s+)?(?:scared|afraid|frightened|terrified)\s+"
        r"(?:of\s+" + _YOU + r"|of\s+what\s+" + _YOU + r"|to\s+come\s+home|you'?ll|" + _YOU + ")",
    ),
    ("fear", r"\b" + _YOU + r"\s+(?:scare|frighten|terrify)\s+me\b"),
    ("fear", r"\b" + _YOU + r"(?:'re|\s+are)\s+(?:scaring|frightening)\s+me\b"),
    ("fear", r"\bi\s+(?:don'?t|do\s+not)\s+feel\s+safe\b|\bplease\s+don'?t\s+hurt\s+me\b"),
    (
        "harm",
        r"\b" + _YOU + r"\s+(?:hit|pushed|shoved|grabbed|choked|slapped|punched|kicked)\s+me\b",
    ),
    (
        "self-harm",
        r"\b(?:kill|hurt|harm)\s+myself\b|\bend\s+it\s+all\b|\b(?:want|going)\s+to\s+die\b",
    ),
)
_COMPILED = tuple((kind, re.compile(p)) for kind, p in _PATTERNS)
_ANCHORS = (
    "hurt",
    "kill",
    "hit",
    "beat",
    "smash",
    "strangle",
    "choke",
    "slap",
    "punch",
    "end",
    "regret",
    "sorry",
    "pay",
    "suffer",
    "watch",
    "else",
    "where",
    "make",
    "believe",
    "never",
    "scar",
    "afraid",
    "frighten",
    "terrif",
    "safe",
    "push",
    "shove",
    "grab",
    "kick",
    "harm",
    "myself",
    "die",
)
"""Every safety pattern contains one of these (lower case), so only texts holding one are
searched with the full patterns."""
_ANY = re.compile("|".join(f"(?:{p})" for _, p in _PATTERNS))
"""All patterns in one, for lower-cased text."""

SAFETY_MESSAGE = (
    "Some messages here speak of threats, fear, harm or intimidation. That is not an ordinary "
    "pursue-withdraw pattern, and this analysis is not the right tool for it, so Tandem does "
    "not assign roles or suggest cycle changes here. You are the judge of what was meant; if "
    "anyone is in danger now, call your local emergency number. A domestic-abuse helpline "
    "(most countries have a free, confidential one; a search for 'domestic abuse helpline' and "
    "your country finds it), a doctor or a counsellor can help you think it through safely."
)
"""What the report says instead of roles."""
SELF_HARM_NOTE = (
    "If someone is thinking about harming themselves, please contact your local emergency "
    "number or a crisis line in your country now."
)
"""Added when a message speaks of self-harm."""


@dataclass(frozen=True, slots=True)
class SafetyHit:
    """One message that raised a safety concern."""

    row: int
    """Row in the scanned sequence."""
    kind: str
    """``threat``, ``intimidation``, ``fear``, ``harm`` or ``self-harm``."""
    words: str
    """The words that matched."""
    text: str
    """The message, shortened to one line."""


def scan_safety(texts: Sequence[str]) -> tuple[SafetyHit, ...]:
    """Find messages that speak of threats, fear or harm.

    Parameters
    ----------
    texts : sequence of str
        Message texts.

    Returns
    -------
    tuple of SafetyHit
        One per matching message, in order.

    Examples
    --------
    >>> scan_safety(["I would never hurt you", "you'll regret this"])[0].kind
    'threat'
    >>> len(scan_safety(["I would never hurt you"]))
    0
    """
    out: list[SafetyHit] = []
    for row, _ in sorted(rows_matching(texts, _ANY, _ANCHORS).items()):
        text = texts[row]
        low = text.lower()
        for kind, rx in _COMPILED:
            m = rx.search(low)
            if m is not None:
                words = text[m.start() : m.end()] if len(low) == len(text) else m.group(0)
                out.append(SafetyHit(row, kind, words, snippet(text, 160)))
                break
    return tuple(out)
