"""What ``tandem parse`` shows about a chat it read: platform, dates, who wrote how much, kinds.

Examples
--------
>>> import io
>>> from datetime import datetime
>>> from rich.console import Console
>>> from tandem.domain import Conversation, Message, MessageKind, Partner, Platform
>>> msgs = (
...     Message("Sam", Partner.A, datetime(2024, 3, 1, 9, 30), "hi", MessageKind.TEXT,
...             Platform.WHATSAPP),
...     Message("Alex", Partner.B, datetime(2024, 3, 2, 8, 0), "hey", MessageKind.TEXT,
...             Platform.WHATSAPP),
... )
>>> out = io.StringIO()
>>> Console(file=out, width=100, color_system=None).print(
...     render_chat_summary(Conversation(msgs, ("Sam", "Alex"), Platform.WHATSAPP, "chat.txt")))
>>> "2024-03-01 09:30 to 2024-03-02 08:00" in out.getvalue()
True
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tandem.domain import Conversation, Partner


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "no times in this export"
    text = moment.strftime("%Y-%m-%d %H:%M")
    offset = moment.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}" if offset else text


def render_chat_summary(conversation: Conversation) -> RenderableType:
    """A short summary of a parsed conversation, ready for a Rich console.

    Parameters
    ----------
    conversation : Conversation
        What :func:`tandem.ingest.load` returned.

    Returns
    -------
    RenderableType
        A heading line, then a table of senders and a table of message kinds.
    """
    start, end = conversation.start, conversation.end
    dates = _when(start) if start == end else f"{_when(start)} to {_when(end)}"
    title = f" ({conversation.title})" if conversation.title else ""
    head = Text.assemble(
        (conversation.source or "chat", "bold"),
        f"{title}\n{conversation.platform.value}, {len(conversation.messages)} messages, {dates}",
    )
    senders = Table(title="Senders", title_justify="left", show_edge=False)
    senders.add_column("partner")
    senders.add_column("name")
    senders.add_column("messages", justify="right")
    counts = conversation.message_counts
    for partner in (Partner.A, Partner.B):
        name = conversation.name_of(partner)
        if name:
            senders.add_row(partner.value, name, str(counts.get(name, 0)))
    others = {k: v for k, v in counts.items() if k not in conversation.partners}
    for name, count in sorted(others.items(), key=lambda kv: -kv[1]):
        senders.add_row("-", name, str(count))
    kinds = Table(title="Kinds", title_justify="left", show_edge=False)
    kinds.add_column("kind")
    kinds.add_column("messages", justify="right")
    for kind, count in sorted(conversation.kind_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        kinds.add_row(kind, str(count))
    return Group(head, Text(""), senders, Text(""), kinds)
