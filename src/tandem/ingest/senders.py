"""Who in a chat is who in the couple: suggest which sender is which partner, then rename.

An export names people as the phone knew them ("Maya Schmidt", "Jonas 🌻"); the couple in
Tandem has its own two names. :func:`match_senders` suggests which sender is which partner and
says whether the names alone settle it; :func:`rename_partners` gives the conversation the
couple's names and order, so every page names the same person for the same role.

Examples
--------
>>> match_senders(["Jonas B.", "Maya"], ("Maya", "Jonas"))
SenderMatch(senders=('Maya', 'Jonas B.'), settled=True)
>>> match_senders(["Maya", "Jonas"], ("Lena", "Tom"))
SenderMatch(senders=('Maya', 'Jonas'), settled=False)
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tandem.domain import Conversation, Partner


@dataclass(frozen=True, slots=True)
class SenderMatch:
    """The suggested sender for partner A and for partner B, and whether names settle it."""

    senders: tuple[str, str]
    """The chat's name of partner A, then of partner B."""
    settled: bool
    """Both partners' names were found among the senders, so nobody needs to be asked."""


def _words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name).casefold()
    return re.findall(r"\w+", "".join(c for c in folded if not unicodedata.combining(c)))


def _same_person(sender: str, name: str) -> bool:
    """Whether a sender's display name plausibly is the partner's name.

    The whole name, or the first word of one being the first word of the other ("Maya" and
    "Maya Schmidt"), accents and case aside.
    """
    a, b = _words(sender), _words(name)
    if not a or not b:
        return False
    return a == b or a[0] == b[0]


def match_senders(senders: Sequence[str], names: tuple[str, str]) -> SenderMatch:
    """Suggest which of ``senders`` is partner A (``names[0]``) and which is partner B.

    Parameters
    ----------
    senders : sequence of str
        The chat's two people, in order of their first message.
    names : tuple of (str, str)
        The couple's names in Tandem, partner A first.

    Returns
    -------
    SenderMatch
        Settled when each name matches a different sender; otherwise the best guess (one name
        matched, the other takes the remaining sender; or the chat's own order).
    """
    left = list(senders[:2])
    found: list[str | None] = []
    for name in names:
        hit = next((s for s in left if _same_person(s, name)), None)
        if hit is not None:
            left.remove(hit)
        found.append(hit)
    settled = all(found) and len(senders) == 2
    guess = [hit if hit is not None else left.pop(0) if left else "" for hit in found]
    return SenderMatch(senders=(guess[0], guess[1]), settled=bool(settled))


def rename_partners(
    conversation: Conversation, senders: tuple[str, str], names: tuple[str, str]
) -> Conversation:
    """The conversation with ``senders[0]`` as partner A called ``names[0]``, and so for B.

    Messages of anyone else keep their sender and belong to neither partner; nothing else
    changes.

    Examples
    --------
    >>> from tandem.domain import Message, MessageKind, Platform
    >>> def said(who, partner):
    ...     return Message(who, partner, None, "hi", MessageKind.TEXT, Platform.WHATSAPP)
    >>> c = Conversation(
    ...     (said("Jonas", Partner.A), said("Maya S.", Partner.B)), ("Jonas", "Maya S."),
    ...     Platform.WHATSAPP)
    >>> renamed = rename_partners(c, ("Maya S.", "Jonas"), ("Maya", "Jonas"))
    >>> renamed.partners, [(m.sender, m.partner.value) for m in renamed.messages]
    (('Maya', 'Jonas'), [('Jonas', 'B'), ('Maya', 'A')])
    """
    by_sender = {senders[0]: (Partner.A, names[0]), senders[1]: (Partner.B, names[1])}
    messages = []
    for m in conversation.messages:
        if m.partner is None and m.sender not in by_sender:
            messages.append(m)
            continue
        partner, name = by_sender.get(m.sender, (None, m.sender))
        messages.append(dataclasses.replace(m, sender=name, partner=partner))
    return dataclasses.replace(conversation, messages=tuple(messages), partners=names)
