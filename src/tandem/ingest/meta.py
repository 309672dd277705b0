r"""Facebook Messenger and Instagram JSON exports (``message_1.json``, ``message_2.json``, ...).

Meta writes each thread newest first, split across numbered files, and encodes text as UTF-8
bytes read as latin-1 ("mojibake"). Every string is repaired with :func:`fix_mojibake`, which
leaves a string unchanged when the repair would not give valid UTF-8.

Examples
--------
>>> fix_mojibake("caf\u00c3\u00a9")
'café'
>>> fix_mojibake("café")
'café'
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC
from pathlib import PurePosixPath
from typing import Any

from tandem.domain import Conversation, MessageKind, Platform
from tandem.errors import ParseError
from tandem.ingest._build import Raw, finalize
from tandem.ingest._json import Walker
from tandem.ingest._source import Source

_PART = re.compile(r"^message_(\d+)\.json$")
_LIKED = re.compile(r"^(?:Liked a message|Reacted .{1,8} to your message)$")
_MEDIA_KEYS = ("photos", "videos", "audio_files", "gifs", "files")


def fix_mojibake(text: str) -> str:
    """Undo Meta's latin-1 reading of UTF-8 bytes; return ``text`` unchanged if that fails."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _parts(source: Source) -> list[tuple[str, Any]]:
    """Every ``message_N.json`` of the thread, in file-number order, as (name, parsed JSON)."""
    if source.path.is_dir():
        files = sorted(
            (p for p in source.path.iterdir() if _PART.match(p.name)),
            key=lambda p: int(_PART.match(p.name).group(1)),  # type: ignore[union-attr]
        )
        if not files:
            raise ParseError("folder holds no message_N.json file", where=source.name)
        return [(f"{source.path.name}/{p.name}", Source(p).read_json()) for p in files]
    if source.member is not None:
        folder = PurePosixPath(source.member).parent
        try:
            with zipfile.ZipFile(source.path) as archive:
                names = [
                    n
                    for n in archive.namelist()
                    if PurePosixPath(n).parent == folder and _PART.match(PurePosixPath(n).name)
                ]
        except zipfile.BadZipFile as error:
            raise ParseError(f"damaged zip archive ({error})", where=source.name) from None
        names.sort(key=lambda n: int(_PART.match(PurePosixPath(n).name).group(1)))  # type: ignore[union-attr]
        return [(f"{source.path.name}:{n}", Source(source.path, n).read_json()) for n in names]
    match = _PART.match(source.path.name)
    if match is None:
        return [(source.name, source.read_json())]
    siblings = sorted(
        (p for p in source.path.parent.iterdir() if _PART.match(p.name)),
        key=lambda p: int(_PART.match(p.name).group(1)),  # type: ignore[union-attr]
    )
    return [(p.name, Source(p).read_json()) for p in siblings]


def parse_messenger(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - epoch times, never ambiguous
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read a Messenger thread (all its ``message_N.json`` files)."""
    return _parse(source, partners, Platform.MESSENGER)


def parse_instagram(
    source: Source,
    *,
    dayfirst: bool | None = None,  # noqa: ARG001 - epoch times, never ambiguous
    partners: tuple[str, str] | None = None,
) -> Conversation:
    """Read an Instagram thread (all its ``message_N.json`` files)."""
    return _parse(source, partners, Platform.INSTAGRAM)


def looks_like_instagram(source: Source, head: str) -> bool:
    """Whether a Meta export came from Instagram rather than Messenger."""
    where = str(source.path).lower() + "/" + (source.member or "").lower()
    return "instagram" in where or "instagram.com" in head or '"Liked a message"' in head


def _parse(source: Source, partners: tuple[str, str] | None, platform: Platform) -> Conversation:
    rows: list[tuple[int, int, Raw, list[Raw]]] = []
    title: str | None = None
    serial = 0
    for name, data in _parts(source):
        walker = Walker(name)
        root = walker.obj(data, "$")
        for key in ("title", "threadName"):
            if title is None and isinstance(root.get(key), str):
                title = fix_mojibake(root[key])
        items = walker.arr(root.get("messages"), "$.messages")
        for i, item in enumerate(items):
            here = f"$.messages[{i}]"
            msg = walker.obj(item, here)
            ms = walker.get_int(msg, "timestamp_ms", here)
            if ms is None:  # end-to-end encrypted chats: camelCase keys, "timestamp" in ms
                ms = walker.get_int(msg, "timestamp", here)
            if ms is None:
                raise walker.fail(f"{here}.timestamp_ms", "missing")
            raw, reactions = _row(msg, ms, here, walker)
            serial -= 1  # files are newest first: later in the file means earlier in time
            rows.append((ms, serial, raw, reactions))
    rows.sort(key=lambda r: (r[0], r[1]))
    raws: list[Raw] = []
    for _, _, raw, reactions in rows:
        raws.append(raw)
        raws.extend(reactions)
    return finalize(raws, platform=platform, source=source.name, partners=partners, title=title)


def _row(msg: dict[str, Any], ms: int, here: str, walker: Walker) -> tuple[Raw, list[Raw]]:
    when = walker.epoch(ms / 1000, f"{here}.timestamp_ms", UTC)
    e2ee = "senderName" in msg
    sender = fix_mojibake(walker.get_str(msg, "senderName" if e2ee else "sender_name", here, ""))
    text = fix_mojibake(walker.get_str(msg, "text" if e2ee else "content", here, ""))
    kind = MessageKind.TEXT
    kind_name = msg.get("type")
    if msg.get("is_unsent") is True or msg.get("isUnsent") is True:
        kind = MessageKind.DELETED
    elif "call_duration" in msg or kind_name == "Call":
        kind = MessageKind.CALL
    elif "sticker" in msg:
        kind = MessageKind.STICKER
    elif any(key in msg for key in _MEDIA_KEYS) or (e2ee and msg.get("media")):
        kind = MessageKind.MEDIA
    elif "share" in msg or kind_name == "Share":
        kind = MessageKind.SHARE
        share = msg.get("share")
        if not text and isinstance(share, dict) and isinstance(share.get("link"), str):
            text = share["link"]
    elif _LIKED.match(text):
        kind = MessageKind.REACTION
    elif kind_name in ("Subscribe", "Unsubscribe"):
        return ("", when, text, MessageKind.SYSTEM, False, None, None), []
    reactions: list[Raw] = []
    listed = msg.get("reactions")
    if listed is not None:
        for j, reaction in enumerate(walker.arr(listed, f"{here}.reactions")):
            at = f"{here}.reactions[{j}]"
            entry = walker.obj(reaction, at)
            actor = fix_mojibake(walker.get_str(entry, "actor", at, ""))
            emoji = fix_mojibake(walker.get_str(entry, "reaction", at, ""))
            seconds = walker.get_int(entry, "timestamp", at)
            reacted = when if seconds is None else walker.epoch(seconds, f"{at}.timestamp", UTC)
            reactions.append((actor, reacted, emoji, MessageKind.REACTION, False, text, None))
    return (sender, when, text, kind, False, None, None), reactions


def sniff(head: str) -> bool:
    """Whether the start of a JSON file looks like a Meta thread.

    Examples
    --------
    >>> sniff('{"messages": [{"sender_name": "A", "timestamp_ms": 1}]}')
    True
    """
    if '"senderName"' in head and '"timestamp"' in head and '"messages"' in head:
        return True  # Messenger's export of end-to-end encrypted chats
    return (
        '"sender_name"' in head
        and '"timestamp_ms"' in head
        or ('"participants"' in head and '"thread_path"' in head)
    )
