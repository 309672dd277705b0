"""Codes that depend on the message being answered: a bare "fine" after blame is withdrawal.

A coder reads one message at a time, so a bare "fine" gets the same code whether it answers
"dinner at 7?" or "you never listen". In a conversation the answer changes what the word does.
:func:`read_in_context` applies two rules to minimal replies (:data:`MINIMAL_REPLIES`) that
answer the other partner's message directly:

* after criticism, contempt or pressure, a reply the coder left ``neutral`` becomes
  ``withdrawal``: it shuts the exchange down;
* after a plain message (``neutral``: a plan, a question about logistics), a plain agreement
  (:data:`AGREEMENTS`: "fine", "ok", "sure", ...) that the coder read as ``withdrawal`` becomes
  ``neutral``: "fine" to "dinner at 7?" is a yes.

After a constructive move (a feeling, a request) the coder's reading stays: a bare "k" to "I
miss you" may well be a shut door. How long the reply took is a separate signal
(``tandem.analysis.timing``), not used here.

Examples
--------
>>> is_minimal_reply("Fine."), is_minimal_reply("fine, see you at 7"), is_minimal_reply("k 🙄")
(True, False, True)
"""

from __future__ import annotations

import re
from dataclasses import replace

from tandem.domain import SIDE_OF, Code, CodeAssignment, CodedMessage, MessageKind, Side

MINIMAL_REPLIES = frozenset(
    {
        "fine",
        "ok",
        "okay",
        "k",
        "kk",
        "sure",
        "whatever",
        "yeah",
        "yeah yeah",
        "yep",
        "mhm",
        "hm",
        "hmm",
        "noted",
        "cool",
        "right",
        "ok fine",
        "fine whatever",
        "sure whatever",
        "if you say so",
        "got it",
        "as you wish",
    }
)
"""Replies that say nothing but "this exchange is over" when they answer an attack."""

AGREEMENTS = frozenset(
    {"fine", "ok", "okay", "k", "kk", "sure", "yeah", "yep", "mhm", "noted", "cool", "right"}
    | {"got it", "ok fine"}
)
"""Minimal replies that are a plain yes when they answer a plain message ("whatever" is not)."""

CONFIDENCE = 0.7
"""Confidence of a withdrawal read from context (below a clear cue such as "I'm done")."""

_NOT_WORD = re.compile(r"[^\w\s]|_")


def _normal(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def is_minimal_reply(text: str) -> bool:
    """Whether ``text`` is one of :data:`MINIMAL_REPLIES`, ignoring case, punctuation and emoji."""
    return _normal(text) in MINIMAL_REPLIES


def _pursue_code(coded: CodedMessage) -> Code | None:
    for assignment in coded.codes:
        if SIDE_OF[assignment.code] is Side.PURSUE:
            return assignment.code
    return None


def read_in_context(coded: tuple[CodedMessage, ...]) -> tuple[CodedMessage, ...]:
    """Re-read minimal replies by what they answer (the two rules of the module doc).

    Parameters
    ----------
    coded : tuple of CodedMessage
        A coded conversation, in order.

    Returns
    -------
    tuple of CodedMessage
        The same messages; a minimal reply that directly follows a message of the other
        partner may have ``withdrawal`` added (after a pursue code) or taken away (a plain
        agreement after a plain message), with evidence naming what it answered.

    Examples
    --------
    >>> from tandem.domain import Message, Partner, Platform
    >>> def msg(who, text, code):
    ...     m = Message("x", who, None, text, MessageKind.TEXT, Platform.TRANSCRIPT)
    ...     return CodedMessage(m, (CodeAssignment(code, 0.9, ""),))
    >>> chat = (msg(Partner.A, "you never listen", Code.CRITICISM),
    ...         msg(Partner.B, "fine", Code.NEUTRAL))
    >>> [a.evidence for a in read_in_context(chat)[1].codes]
    ['"fine" right after criticism']
    >>> plan = (msg(Partner.A, "dinner at 7?", Code.NEUTRAL),
    ...         msg(Partner.B, "fine", Code.WITHDRAWAL))
    >>> [(a.code.value, a.evidence) for a in read_in_context(plan)[1].codes]
    [('neutral', '"fine" answers a plain message')]
    """
    out = list(coded)
    for k in range(1, len(out)):
        here, before = out[k], coded[k - 1]
        m = here.message
        if (
            m.kind is not MessageKind.TEXT
            or m.partner is None
            or before.message.partner in (None, m.partner)
            or not is_minimal_reply(m.text)
        ):
            continue
        own = [a.code for a in here.codes]
        answered = _pursue_code(before)
        if answered is not None and own == [Code.NEUTRAL]:
            why = f'"{m.text.strip()}" right after {answered.value}'
            out[k] = replace(here, codes=(CodeAssignment(Code.WITHDRAWAL, CONFIDENCE, why),))
        elif (
            own == [Code.WITHDRAWAL]
            and [a.code for a in before.codes] == [Code.NEUTRAL]
            and _normal(m.text) in AGREEMENTS
        ):
            why = f'"{m.text.strip()}" answers a plain message'
            out[k] = replace(here, codes=(CodeAssignment(Code.NEUTRAL, CONFIDENCE, why),))
    return tuple(out)


__all__ = ["AGREEMENTS", "CONFIDENCE", "MINIMAL_REPLIES", "is_minimal_reply", "read_in_context"]
