"""Behaviour coding: every message gets zero or more of the thirteen codes, with evidence.

Three coders sit behind one scikit-learn style interface (:class:`~tandem.coding.base.BaseCoder`):

* ``"rules"``: patterns and lexicons shipped as data, with negation, second-person targeting,
  intensifiers, questions, punctuation, capitals, emoji and texting spellings;
* ``"learned"``: a static token embedding distilled from all-MiniLM-L6-v2 plus a few cheap
  features, then one-vs-rest logistic regression trained on the corpus we ship;
* ``"contextual"``: all-MiniLM-L6-v2 fine-tuned for the codes, the whole transformer per
  message (int8 ONNX, a few hundred messages per second: for one couple's chat, not corpora).

``"default"`` is whichever of the coders fast enough for a whole chat (:data:`FAST_CODERS`)
measured the better macro-F1 on the held-out set (see ``docs/coding.md``); the contextual coder
reads better but is chosen by name.

Examples
--------
>>> coder = get_coder("rules")
>>> [a.code.value for a in code_texts(["you NEVER listen to me"], coder)[0]]
['criticism']
>>> code_texts([""], coder)[0][0].code.value
'neutral'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from tandem._lazy import exports
from tandem.coding.context import read_in_context
from tandem.domain import Code, CodeAssignment, CodedMessage, Conversation, MessageKind
from tandem.errors import InvalidChoice

if TYPE_CHECKING:
    from tandem.coding.base import BaseCoder

# BaseCoder builds on scikit-learn (a second to import): it loads when a coder is first made,
# so commands that only name the coders start fast.
__getattr__, __dir__ = exports(__name__, {"tandem.coding.base": ("BaseCoder",)})

DEFAULT_CODER = "learned"
"""The coder ``"default"`` resolves to: of :data:`FAST_CODERS`, the better held-out macro-F1."""

FAST_CODERS = ("rules", "learned")
"""Coders that reach issue #9's 2,000 messages/s through ``tandem code`` on two cores (the
contextual coder runs a few hundred per second; ``docs/benchmarks.md``)."""


def _make_rules() -> BaseCoder:
    from tandem.coding.rules import RulesCoder

    return RulesCoder().fit([])


def _make_learned() -> BaseCoder:
    from tandem.coding.learned import load_learned

    return load_learned()


def _make_contextual() -> BaseCoder:
    from tandem.coding.contextual import load_contextual

    return load_contextual()


CODERS: dict[str, Callable[[], BaseCoder]] = {
    "rules": _make_rules,
    "learned": _make_learned,
    "contextual": _make_contextual,
}
"""Registry of coder names to factories returning a fitted coder."""


@cache
def _cached(name: str) -> BaseCoder:
    return CODERS[name]()


def get_coder(name: str = "default") -> BaseCoder:
    """Return a fitted coder, ready to use (built once per process, then shared).

    Parameters
    ----------
    name : {"default", "rules", "learned", "contextual"}
        Which coder; ``"default"`` is the one that measured best.

    Returns
    -------
    BaseCoder
        A fitted coder.

    Raises
    ------
    InvalidChoice
        ``name`` is not a known coder; the message lists the names.

    Examples
    --------
    >>> type(get_coder("rules")).__name__
    'RulesCoder'
    >>> get_coder("magic")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tandem.errors.InvalidChoice: coder: unknown coder 'magic'; choose one of contextual, ...
    """
    key = DEFAULT_CODER if name == "default" else name
    if key not in CODERS:
        names = ", ".join(sorted([*CODERS, "default"]))
        raise InvalidChoice(f"unknown coder {name!r}; choose one of {names}", where="coder")
    return _cached(key)


def code_texts(
    texts: Sequence[str], coder: BaseCoder | None = None
) -> list[tuple[CodeAssignment, ...]]:
    """Code texts with the given coder (the default coder when ``None``).

    Parameters
    ----------
    texts : sequence of str
        The texts.
    coder : BaseCoder, optional
        A fitted coder; :func:`get_coder` ``("default")`` when omitted.

    Returns
    -------
    list of tuple of CodeAssignment
        Per text, its codes with confidence and evidence, highest confidence first.
    """
    return (coder or get_coder()).code(list(texts))


CODE_CHUNK = 5_000
"""Texts per ``coder.code`` call in :func:`code_conversation`. A coder codes each text on its
own (its batch never changes the result), so chunking changes nothing but the working memory:
the learned coder's features for a 200,000-message chat at once took the whole ``tandem
analyze`` to a 1.37 GB peak (see docs/benchmarks.md)."""

_NOT_TEXT = {
    MessageKind.SYSTEM: "system line, not written by a partner",
    MessageKind.MEDIA: "media without text",
    MessageKind.STICKER: "sticker",
    MessageKind.DELETED: "deleted message",
    MessageKind.CALL: "call record",
    MessageKind.REACTION: "reaction",
    MessageKind.SHARE: "shared link or post",
    MessageKind.LOCATION: "shared location",
    MessageKind.CONTACT: "shared contact",
    MessageKind.POLL: "poll",
}


def code_conversation(
    conversation: Conversation,
    coder: BaseCoder | None = None,
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[CodedMessage, ...]:
    """Code every message of a conversation.

    Text messages from a partner are coded by ``coder``; system lines, media, stickers, calls and
    other non-text kinds get ``neutral`` with evidence saying why. Then the messages are read in
    context (:func:`tandem.coding.context.read_in_context`): a bare "fine" that answers the
    other partner's criticism becomes ``withdrawal``.

    Parameters
    ----------
    conversation : Conversation
        The conversation.
    coder : BaseCoder, optional
        A fitted coder; the default coder when omitted.
    on_progress : callable, optional
        Called as ``on_progress(done, total)`` with the texts coded so far, after each
        :data:`CODE_CHUNK` (for a progress bar).

    Returns
    -------
    tuple of CodedMessage
        One per message, in the conversation's order.

    Examples
    --------
    >>> from tandem.domain import Message, Partner, Platform
    >>> msgs = (
    ...     Message("Sam", Partner.A, None, "you never call me back", MessageKind.TEXT,
    ...             Platform.TRANSCRIPT),
    ...     Message("", None, None, "Alex joined", MessageKind.SYSTEM, Platform.TRANSCRIPT),
    ... )
    >>> conv = Conversation(msgs, ("Sam", "Alex"), Platform.TRANSCRIPT)
    >>> [c.codes[0].code.value for c in code_conversation(conv, get_coder("rules"))]
    ['criticism', 'neutral']
    """
    coder = coder or get_coder()
    to_code = [
        i
        for i, m in enumerate(conversation.messages)
        if m.kind is MessageKind.TEXT and m.partner is not None
    ]
    texts = [conversation.messages[i].text for i in to_code]
    coded: list[tuple[CodeAssignment, ...]] = []
    # Equal code tuples are kept once (they are immutable): a long chat has a few thousand
    # distinct ones, so this halves what the coded messages hold.
    shared: dict[tuple[CodeAssignment, ...], tuple[CodeAssignment, ...]] = {}
    for lo in range(0, len(texts), CODE_CHUNK):
        coded.extend(shared.setdefault(c, c) for c in coder.code(texts[lo : lo + CODE_CHUNK]))
        if on_progress is not None:
            on_progress(len(coded), len(texts))
    by_index = dict(zip(to_code, coded, strict=True))
    out: list[CodedMessage] = []
    for i, m in enumerate(conversation.messages):
        codes = by_index.get(i)
        if codes is None:
            why = _NOT_TEXT.get(m.kind, "not written by a partner of the couple")
            codes = (CodeAssignment(Code.NEUTRAL, 1.0, why),)
        out.append(CodedMessage(message=m, codes=codes))
    return read_in_context(tuple(out))


__all__ = [
    "CODERS",
    "CODE_CHUNK",
    "DEFAULT_CODER",
    "FAST_CODERS",
    "BaseCoder",
    "code_conversation",
    "code_texts",
    "get_coder",
]
