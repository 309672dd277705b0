"""The message table: one row per message, written as Parquet, JSON lines or CSV.

Examples
--------
>>> from datetime import datetime
>>> from tandem.domain import Conversation, Message, MessageKind, Partner, Platform
>>> m = Message("Sam", Partner.A, datetime(2024, 3, 1, 9, 30), "hi", MessageKind.TEXT,
...             Platform.WHATSAPP)
>>> to_table(Conversation((m,), ("Sam", ""), Platform.WHATSAPP)).to_pylist()[0]["timestamp"]
'2024-03-01T09:30:00'
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tandem.domain import Conversation, Message
from tandem.errors import InvalidChoice
from tandem.ingest import columns as col

if TYPE_CHECKING:
    import pyarrow as pa

TABLE_SUFFIXES: tuple[str, ...] = (".parquet", ".jsonl", ".csv")
"""File endings :func:`write_table` understands."""


def row_of(message: Message) -> dict[str, str]:
    """One message as a table row of strings (empty strings where nothing is known)."""
    return {
        col.SENDER: message.sender,
        col.PARTNER: message.partner.value if message.partner is not None else "",
        col.TIMESTAMP: message.timestamp.isoformat() if message.timestamp is not None else "",
        col.KIND: message.kind.value,
        col.TEXT: message.text,
        col.PLATFORM: message.platform.value,
    }


def rows(conversation: Conversation) -> Iterator[dict[str, str]]:
    """Every message as a row, in order."""
    return (row_of(m) for m in conversation.messages)


def to_table(conversation: Conversation) -> pa.Table:
    """The conversation as an Arrow table with :data:`~tandem.ingest.columns.COLUMNS`."""
    import pyarrow as pa  # only tables need it; reading messages does not

    data: dict[str, list[str]] = {name: [] for name in col.COLUMNS}
    for row in rows(conversation):
        for name in col.COLUMNS:
            data[name].append(row[name])
    return pa.table({name: pa.array(data[name], type=pa.string()) for name in col.COLUMNS})


def write_table(conversation: Conversation, path: Path) -> Path:
    """Write the message table; the format follows the file ending.

    Raises
    ------
    InvalidChoice
        The ending is not ``.parquet``, ``.jsonl`` or ``.csv``.
    """
    return write_rows(to_table(conversation), path)


def _table_rows(table: pa.Table) -> Iterator[dict[str, str]]:
    for batch in table.to_batches():
        yield from batch.to_pylist()


def write_rows(table: pa.Table, path: Path) -> Path:
    """Write a message table (from :func:`to_table` or ``load_table``) by its file ending.

    Raises
    ------
    InvalidChoice
        The ending is not ``.parquet``, ``.jsonl`` or ``.csv``.
    """
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        # Min/max statistics of the message text help no reader (nobody filters by the
        # alphabetically first message) and cost a tenth of the write.
        stats = [name for name in table.column_names if name != col.TEXT]
        pq.write_table(table, path, write_statistics=stats)
    elif suffix == ".jsonl":
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for row in _table_rows(table):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=col.COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(_table_rows(table))
    else:
        raise InvalidChoice(
            f"cannot write {path.name!r}: use a file ending in {', '.join(TABLE_SUFFIXES)}",
            where="--to",
        )
    return path
