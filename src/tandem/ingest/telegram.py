"""Telegram Desktop JSON exports (``result.json``): one chat, or a full export with ``chats.list``.

``date`` is the exporter's local time; ``date_unixtime`` (missing in older exports) is UTC, so
when both are present the difference gives the zone and timestamps are timezone-aware; without
it they stay naive local times, as written.

Examples
--------
>>> flatten_text(["see ", {"type": "bold", "text": "this"}])
'see this'
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tandem.domain import Conversation, MessageKind, Platform
from tandem.errors import ParseError, TooManySenders
from tandem.ingest._build import Raw, finalize
from tandem.ingest._json import Walker, fixed_zone
from tandem.ingest._source import Source

_MEDIA_KIND = {
    "sticker": MessageKind.STICKER,
    "animation": MessageKind.MEDIA,
    "video_file": MessageKind.MEDIA,
    "video_message": MessageKind.MEDIA,
    "voice_message": MessageKind.MEDIA,
    "audio_file": MessageKind.MEDIA,
}
_CALL_ACTIONS = frozenset({"phone_call", "group_call", "invite_to_group_call"})


def flatten_text(value: Any) -> str:
    """Telegram ``text``: a string, or a list of strings and ``{"type", "text"}`` entities."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, str):
                parts.append(item)
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                parts.append(item["text"])
        return "".join(parts)
    return ""


def parse(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - dates are ISO, never ambiguous
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read a Telegram Desktop ``result.json``.

    Raises
    ------
    ParseError
        Not a Telegram export, or a value of the wrong shape (the JSON path is named), or a full
        export with several chats and no ``partners`` to pick one.
    """
    walker = Walker(source.name)
    root = walker.obj(source.read_json(), "$")
    chat, path = _pick_chat(root, partners, walker)
    items = walker.arr(chat.get("messages"), f"{path}.messages")
    raws: list[Raw] = []
    text_of: dict[int, str] = {}
    for i, item in enumerate(items):
        here = f"{path}.messages[{i}]"
        msg = walker.obj(item, here)
        raw = _row(msg, here, walker, text_of)
        ident = walker.get_int(msg, "id", here)
        if ident is not None:
            text_of[ident] = raw[2]
        raws.append(raw)
    title = chat.get("name") if isinstance(chat.get("name"), str) else None
    return finalize(
        raws, platform=Platform.TELEGRAM, source=source.name, partners=partners, title=title
    )


def _pick_chat(
    root: dict[str, Any], partners: tuple[str, str] | None, walker: Walker
) -> tuple[dict[str, Any], str]:
    if "messages" in root:
        return root, "$"
    chats = walker.obj(root.get("chats"), "$.chats")
    listed = walker.arr(chats.get("list"), "$.chats.list")
    found = [
        (walker.obj(c, f"$.chats.list[{i}]"), f"$.chats.list[{i}]") for i, c in enumerate(listed)
    ]
    found = [(c, p) for c, p in found if isinstance(c.get("messages"), list) and c["messages"]]
    if not found:
        raise walker.fail("$.chats.list", "no chat with messages in this export")
    if partners is not None:
        for chat, path in found:
            writers = {m.get("from") for m in chat["messages"] if isinstance(m, dict)}
            if set(partners) <= writers:
                return chat, path
        raise ParseError(
            f"no chat in this export has both {partners[0]!r} and {partners[1]!r} writing",
            where=walker.name,
        )
    if len(found) == 1:
        return found[0]
    names = ", ".join(repr(c.get("name")) for c, _ in found[:12])
    raise TooManySenders(
        f"this export holds {len(found)} chats ({names}{', ...' if len(found) > 12 else ''}); "
        "name the couple's two people to pick their chat",
        where=walker.name,
    )


def _when(msg: dict[str, Any], here: str, walker: Walker) -> datetime:
    local = walker.iso(walker.get_str(msg, "date", here), f"{here}.date")
    unix = walker.get_int(msg, "date_unixtime", here)
    if unix is None or local.tzinfo is not None:
        return local
    utc = walker.epoch(unix, f"{here}.date_unixtime").replace(tzinfo=None)
    offset = round((local - utc).total_seconds() / 60) * 60
    if abs(offset) > 14 * 3600:
        return local
    return local.replace(tzinfo=fixed_zone(offset))


def _row(msg: dict[str, Any], here: str, walker: Walker, text_of: dict[int, str]) -> Raw:
    when = _when(msg, here, walker)
    text = flatten_text(msg.get("text"))
    kind_name = msg.get("type", "message")
    reply = walker.get_int(msg, "reply_to_message_id", here)
    reply_to = None if reply is None else text_of.get(reply, f"#{reply}")
    edited = msg.get("edited") is not None
    if kind_name == "service":
        actor = msg.get("actor")
        action = msg.get("action")
        actor_name = actor if isinstance(actor, str) else ""
        action_name = action if isinstance(action, str) else "service"
        if action_name in _CALL_ACTIONS and actor_name:
            return (actor_name, when, text or _call_text(msg), MessageKind.CALL, False, None, None)
        shown = text or " ".join(p for p in (actor_name, action_name.replace("_", " ")) if p)
        return ("", when, shown, MessageKind.SYSTEM, False, None, None)
    sender = msg.get("from")
    if not isinstance(sender, str):
        sender = str(msg.get("from_id") or "Deleted Account")
    kind = MessageKind.TEXT
    media = msg.get("media_type")
    if isinstance(media, str):
        kind = _MEDIA_KIND.get(media, MessageKind.MEDIA)
    elif "photo" in msg or "file" in msg:
        kind = MessageKind.MEDIA
    elif "location_information" in msg:
        kind = MessageKind.LOCATION
    elif "contact_information" in msg:
        kind = MessageKind.CONTACT
    elif "poll" in msg:
        kind = MessageKind.POLL
        poll = msg["poll"]
        if not text and isinstance(poll, dict) and isinstance(poll.get("question"), str):
            text = poll["question"]
    if kind is MessageKind.STICKER and not text and isinstance(msg.get("sticker_emoji"), str):
        text = msg["sticker_emoji"]
    return (sender, when, text, kind, edited, reply_to, None)


def _call_text(msg: dict[str, Any]) -> str:
    """A short description of a call, e.g. ``"phone call, missed"`` or ``"phone call, 65 s"``."""
    parts = [str(msg.get("action", "call")).replace("_", " ")]
    reason = msg.get("discard_reason")
    seconds = msg.get("duration_seconds")
    if isinstance(reason, str) and reason != "hangup":
        parts.append(reason)
    elif isinstance(seconds, int) and seconds > 0:
        parts.append(f"{seconds} s")
    return ", ".join(parts)
