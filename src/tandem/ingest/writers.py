"""Writing a conversation back out as an export another tool (or Tandem) can read.

Examples
--------
>>> sorted(WRITERS)
['csv', 'jsonl', 'parquet', 'whatsapp']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tandem.domain import Conversation, MessageKind
from tandem.errors import InvalidChoice, TandemError
from tandem.ingest.table import write_table

_PLACEHOLDER = {
    MessageKind.MEDIA: "<Media omitted>",
    MessageKind.DELETED: "This message was deleted",
    MessageKind.STICKER: "sticker omitted",
}


def write_whatsapp(conversation: Conversation, path: Path) -> Path:
    """Write an Android-style WhatsApp export with year-first dates and seconds.

    Year-first dates keep the day/month order unambiguous when the file is read again; timezone
    offsets are dropped (WhatsApp writes wall-clock time).

    Raises
    ------
    TandemError
        A message has no timestamp (WhatsApp exports always have one).
    """
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for i, m in enumerate(conversation.messages):
            if m.timestamp is None:
                raise TandemError(
                    "a WhatsApp export needs a time on every message", where=f"message {i + 1}"
                )
            stamp = m.timestamp.strftime("%Y-%m-%d, %H:%M:%S")
            text = m.text or _PLACEHOLDER.get(m.kind, "")
            if m.kind is MessageKind.CALL:
                text = "\u200e" + text  # WhatsApp marks call lines this way; text alone stays text
            if m.edited:
                text = f"{text} <This message was edited>"
            if m.kind is MessageKind.SYSTEM:
                handle.write(f"{stamp} - {text}\n")
            else:
                handle.write(f"{stamp} - {m.sender}: {text}\n")
    return path


def _table_writer(suffix: str) -> Callable[[Conversation, Path], Path]:
    def write(conversation: Conversation, path: Path) -> Path:
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        return write_table(conversation, path)

    return write


WRITERS: dict[str, Callable[[Conversation, Path], Path]] = {
    "whatsapp": write_whatsapp,
    "csv": _table_writer(".csv"),
    "jsonl": _table_writer(".jsonl"),
    "parquet": _table_writer(".parquet"),
}
"""Output format key -> writer."""


def write(fmt: str, conversation: Conversation, path: Path | str) -> Path:
    """Write ``conversation`` to ``path`` in format ``fmt``; returns the path written.

    Raises
    ------
    InvalidChoice
        ``fmt`` is not a key of :data:`WRITERS`.
    """
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise InvalidChoice(
            f"unknown output format {fmt!r}; known: {', '.join(sorted(WRITERS))}", where="fmt"
        ) from None
    return writer(conversation, Path(path))
