"""Discord channel exports in DiscordChatExporter's JSON format.

Timestamps carry their UTC offset, so messages are timezone-aware. The sender is the server
nickname where there is one, else the account name.
"""

from __future__ import annotations

from typing import Any

from tandem.domain import Conversation, MessageKind, Platform
from tandem.ingest._build import Raw, finalize
from tandem.ingest._json import Walker
from tandem.ingest._source import Source

_SYSTEM_TYPES = frozenset(
    {
        "RecipientAdd",
        "RecipientRemove",
        "ChannelNameChange",
        "ChannelIconChange",
        "ChannelPinnedMessage",
        "GuildMemberJoin",
        "ThreadCreated",
    }
)


def sniff(head: str) -> bool:
    """Whether the start of a JSON file looks like a DiscordChatExporter export.

    Examples
    --------
    >>> sniff('{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": []}')
    True
    """
    return '"guild"' in head and '"channel"' in head


def parse(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - ISO dates, never ambiguous
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read a DiscordChatExporter ``.json`` file."""
    walker = Walker(source.name)
    root = walker.obj(source.read_json(), "$")
    items = walker.arr(root.get("messages"), "$.messages")
    raws: list[Raw] = []
    text_of: dict[str, str] = {}
    for i, item in enumerate(items):
        here = f"$.messages[{i}]"
        msg = walker.obj(item, here)
        raw = _row(msg, here, walker, text_of)
        ident = msg.get("id")
        if isinstance(ident, str):
            text_of[ident] = raw[2]
        raws.append(raw)
    title = None
    channel = root.get("channel")
    if isinstance(channel, dict) and isinstance(channel.get("name"), str):
        title = channel["name"]
    return finalize(
        raws, platform=Platform.DISCORD, source=source.name, partners=partners, title=title
    )


def _row(msg: dict[str, Any], here: str, walker: Walker, text_of: dict[str, str]) -> Raw:
    when = walker.iso(walker.get_str(msg, "timestamp", here), f"{here}.timestamp")
    author = walker.obj(msg.get("author"), f"{here}.author")
    nickname = author.get("nickname")
    sender = (
        nickname
        if isinstance(nickname, str) and nickname
        else walker.get_str(author, "name", f"{here}.author")
    )
    text = walker.get_str(msg, "content", here, "")
    kind_name = msg.get("type")
    if not isinstance(kind_name, str):
        kind_name = "Default"
    edited = msg.get("timestampEdited") is not None
    reply_to = None
    reference = msg.get("reference")
    if isinstance(reference, dict) and isinstance(reference.get("messageId"), str):
        reply_to = text_of.get(reference["messageId"], f"#{reference['messageId']}")
    if kind_name in _SYSTEM_TYPES:
        return ("", when, text or str(kind_name), MessageKind.SYSTEM, False, None, None)
    kind = MessageKind.TEXT
    if kind_name == "Call":
        kind = MessageKind.CALL
    elif not text and msg.get("stickers"):
        kind = MessageKind.STICKER
    elif not text and msg.get("attachments"):
        kind = MessageKind.MEDIA
    return (sender, when, text, kind, edited, reply_to, None)
