r"""Chat exports in, one ordered two-person :class:`~tandem.domain.Conversation` out.

:func:`load` detects the format from the content, runs the matching streaming parser of
:data:`PARSERS`, and labels the couple A and B. :func:`load_table` gives the same messages as
the message table (``to_table(load(...))``), WhatsApp straight from the scan without building
message objects. :func:`write` and :func:`write_table` go the other way.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> chat = folder / "chat.txt"
>>> _ = chat.write_text("25/12/2023, 09:00 - Sam: morning\n25/12/2023, 09:05 - Alex: hi\n")
>>> conv = load(chat)
>>> conv.partners, conv.messages[1].timestamp.isoformat()
(('Sam', 'Alex'), '2023-12-25T09:05:00')
>>> detect_format(chat)
'whatsapp'
>>> load_table(chat).equals(to_table(conv))
True
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tandem.domain import Conversation
from tandem.errors import ParseError, TandemError, check_exists
from tandem.ingest._build import paused_gc
from tandem.ingest._source import Source, open_source
from tandem.ingest.registry import PARSERS, TABLE_READERS, detect, parser_for
from tandem.ingest.table import TABLE_SUFFIXES, to_table, write_rows, write_table
from tandem.ingest.writers import WRITERS, write

if TYPE_CHECKING:
    import pyarrow as pa

_UNEXPECTED = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
    UnicodeError,
    csv.Error,
    zipfile.BadZipFile,
    EOFError,
)


def detect_format(path: Path | str) -> str:
    """The format key of the export at ``path``, judged from its content.

    Raises
    ------
    ParseError
        Empty, binary or not a known export.
    """
    path = Path(path)
    check_exists(path)
    try:
        return detect(open_source(path))
    except TandemError:
        raise
    except _UNEXPECTED as error:
        raise ParseError(
            f"cannot read ({type(error).__name__}: {error})", where=path.name
        ) from None


def load(
    path: Path | str,
    *,
    dayfirst: bool | None = None,
    partners: tuple[str, str] | None = None,
    fmt: str | None = None,
) -> Conversation:
    """Read a chat export into a conversation between two partners.

    Parameters
    ----------
    path : Path or str
        The export: a file, a ``.zip`` as the app shares it, or a Messenger/Instagram folder.
    dayfirst : bool, optional
        ``True`` for day/month, ``False`` for month/day; only needed when no date in the file
        decides it (the file always wins where it can).
    partners : tuple of two str, optional
        The couple, when more than two people wrote; partner A is the first name.
    fmt : str, optional
        A key of :data:`PARSERS`; detected from the content when omitted.

    Returns
    -------
    Conversation
        Every message in order, system lines kept with kind ``system`` and no partner.

    Raises
    ------
    ParseError
        Anything wrong with the file (the message says what and where).
    AmbiguousDateOrder
        The dates could be day-first or month-first; pass ``dayfirst``.
    TooManySenders
        More than two people wrote; pass ``partners``.
    InvalidChoice
        Unknown ``fmt``, or a name in ``partners`` that sent nothing.
    """

    def read(key: str, source: Source) -> Conversation:
        return parser_for(key)(source, dayfirst=dayfirst, partners=partners)

    return _read(Path(path), fmt, read)


def load_table(
    path: Path | str,
    *,
    dayfirst: bool | None = None,
    partners: tuple[str, str] | None = None,
    fmt: str | None = None,
) -> pa.Table:
    """Read a chat export straight into its message table; equal to ``to_table(load(...))``.

    WhatsApp exports go from the scan to the columns without a ``Message`` object per message
    (faster, and lighter on memory); other formats are loaded and then tabled. Parameters,
    rules and errors are those of :func:`load`.

    Returns
    -------
    pyarrow.Table
        Columns :data:`~tandem.ingest.columns.COLUMNS`, all strings, one row per message.
    """

    def read(key: str, source: Source) -> pa.Table:
        table_reader = TABLE_READERS.get(key)
        if table_reader is not None:
            return table_reader(source, dayfirst=dayfirst, partners=partners)
        return to_table(parser_for(key)(source, dayfirst=dayfirst, partners=partners))

    return _read(Path(path), fmt, read)


_T = TypeVar("_T")


def _read(path: Path, fmt: str | None, read: Callable[[str, Source], _T]) -> _T:
    """Open ``path``, settle its format and run ``read``, turning stray errors into ours."""
    check_exists(path)
    if fmt is not None:
        parser_for(fmt)  # an unknown key is refused before the file is opened
    try:
        source = open_source(path)
        key = fmt if fmt is not None else detect(source)
        with paused_gc():
            return read(key, source)
    except TandemError:
        raise
    except _UNEXPECTED as error:
        raise ParseError(
            f"cannot read as a chat export ({type(error).__name__}: {error})", where=path.name
        ) from None


__all__ = [
    "PARSERS",
    "TABLE_SUFFIXES",
    "WRITERS",
    "detect_format",
    "load",
    "load_table",
    "to_table",
    "write",
    "write_rows",
    "write_table",
]
