"""Turn what a parser read into a :class:`~tandem.domain.Conversation`: pick the couple, label A/B.

Parsers produce :data:`Raw` tuples (cheap to make by the million); :func:`finalize` decides who
the two partners are and builds the frozen messages once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from tandem.domain import Conversation, Message, MessageKind, Partner, Platform
from tandem.errors import InvalidChoice, ParseError, TooManySenders

Raw = tuple[str, datetime | None, str, MessageKind, bool, str | None, datetime | None]
"""``(sender, timestamp, text, kind, edited, reply_to, read_at)`` as a parser read them."""

SYSTEM = MessageKind.SYSTEM

_FIELDS = (
    "sender",
    "partner",
    "timestamp",
    "text",
    "kind",
    "platform",
    "edited",
    "reply_to",
    "read_at",
)


def _message_factory() -> Callable[..., Message]:
    """A constructor for :class:`Message` about twice as fast as the dataclass ``__init__``.

    A frozen dataclass sets each field through ``object.__setattr__``; here the slot
    descriptors are called directly, which is what that does minus the lookups. Parsers build
    millions of messages, so this matters. If ``Message`` ever gains a field this helper does
    not know, the ordinary constructor is used instead.
    """
    if tuple(getattr(Message, "__slots__", ())) != _FIELDS:  # pragma: no cover - safety net
        return Message
    new = object.__new__
    s0, s1, s2, s3, s4, s5, s6, s7, s8 = (getattr(Message, f).__set__ for f in _FIELDS)

    def make(
        sender: str,
        partner: Partner | None,
        timestamp: datetime | None,
        text: str,
        kind: MessageKind,
        platform: Platform,
        edited: bool = False,
        reply_to: str | None = None,
        read_at: datetime | None = None,
    ) -> Message:
        m = new(Message)
        s0(m, sender)
        s1(m, partner)
        s2(m, timestamp)
        s3(m, text)
        s4(m, kind)
        s5(m, platform)
        s6(m, edited)
        s7(m, reply_to)
        s8(m, read_at)
        return m

    return make


MESSAGE_SLOTS: tuple[Callable[[Message, Any], None], ...] | None = (
    tuple(getattr(Message, f).__set__ for f in _FIELDS)
    if tuple(getattr(Message, "__slots__", ())) == _FIELDS
    else None
)
"""Slot setters of :class:`Message` in field order, for parsers' innermost loops; ``None`` if
``Message`` changed shape (then use :data:`make_message`)."""

make_message: Callable[..., Message] = _message_factory()
"""Build a :class:`Message` from its fields in declaration order (equal to ``Message(...)``).

Examples
--------
>>> args = ("Sam", Partner.A, None, "hi", MessageKind.TEXT, Platform.TRANSCRIPT)
>>> make_message(*args) == Message(*args)
True
"""


def senders_in_order(raws: Iterable[Raw]) -> list[str]:
    """Distinct senders of non-system messages, in order of their first message.

    Examples
    --------
    >>> t = MessageKind.TEXT
    >>> rows = [("B", None, "", t, False, None, None), ("A", None, "", t, False, None, None)]
    >>> senders_in_order(rows)
    ['B', 'A']
    """
    seen: dict[str, None] = {}
    for raw in raws:
        if raw[3] is not SYSTEM and raw[0] not in seen:
            seen[raw[0]] = None
    return list(seen)


def choose_partners(
    senders: Sequence[str], partners: tuple[str, str] | None, *, where: str
) -> tuple[str, str]:
    """The couple: the first two senders, or the two the user named.

    Parameters
    ----------
    senders : sequence of str
        Distinct senders in order of their first message.
    partners : tuple of two str, optional
        The two the user chose; partner A is the first of them.
    where : str
        File name, for error messages.

    Returns
    -------
    tuple of two str
        Names of partner A and partner B (B is ``""`` when only one person wrote).

    Raises
    ------
    TooManySenders
        More than two senders and no ``partners``.
    InvalidChoice
        A name in ``partners`` never sent a message.
    ParseError
        Nobody sent a message at all.

    Examples
    --------
    >>> choose_partners(["Sam", "Alex"], None, where="chat.txt")
    ('Sam', 'Alex')
    >>> choose_partners(["Sam", "Alex", "Kim"], ("Kim", "Sam"), where="chat.txt")
    ('Kim', 'Sam')
    """
    if partners is not None:
        if len(partners) != 2 or partners[0] == partners[1]:
            raise InvalidChoice(
                f"the couple needs two different names, got {list(partners)}", where="partners"
            )
        missing = [name for name in partners if name not in senders]
        if missing:
            listed = ", ".join(repr(s) for s in senders)
            names = ", ".join(repr(m) for m in missing)
            raise InvalidChoice(
                f"{names} sent no message here; senders are: {listed}",
                where="partners",
            )
        return (partners[0], partners[1])
    if not senders:
        raise ParseError("no message from anyone (only system lines or nothing)", where=where)
    if len(senders) > 2:
        listed = ", ".join(repr(s) for s in senders)
        raise TooManySenders(
            f"{len(senders)} people wrote in this chat ({listed}); a conversation is two people: "
            "choose which two",
            where=where,
            senders=tuple(senders),
        )
    if len(senders) == 1:
        return (senders[0], "")
    return (senders[0], senders[1])


def finalize(
    raws: Sequence[Raw],
    *,
    platform: Platform,
    source: str,
    partners: tuple[str, str] | None = None,
    title: str | None = None,
) -> Conversation:
    """Build the conversation from parsed rows, labelling the couple A and B.

    Examples
    --------
    >>> t = MessageKind.TEXT
    >>> conv = finalize([("Sam", None, "hi", t, False, None, None),
    ...                  ("Alex", None, "hey", t, False, None, None)],
    ...                 platform=Platform.TRANSCRIPT, source="x.txt")
    >>> [(m.sender, m.partner) for m in conv.messages]
    [('Sam', <Partner.A: 'A'>), ('Alex', <Partner.B: 'B'>)]
    """
    a, b = choose_partners(senders_in_order(raws), partners, where=source)
    label: dict[str, Partner] = {a: Partner.A}
    if b:
        label[b] = Partner.B
    get = label.get
    make = make_message
    messages = tuple(
        [
            make(
                sender,
                None if kind is SYSTEM else get(sender),
                when,
                text,
                kind,
                platform,
                edited,
                reply_to,
                read_at,
            )
            for sender, when, text, kind, edited, reply_to, read_at in raws
        ]
    )
    return Conversation(
        messages=messages, partners=(a, b), platform=platform, source=source, title=title
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parser builds millions of objects.

    Parsed messages hold no reference cycles, yet each allocation counts towards a collection
    that walks every live object; pausing it for the bulk build saves about a third of the
    time. The collector's previous state is restored, also on errors.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
