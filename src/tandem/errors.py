"""Errors Tandem raises on bad input: one clear line saying what is wrong and where.

The CLI prints ``str(error)`` and exits with status 2; the web app shows it next to the field.

Examples
--------
>>> str(ParseError("no message header found", where="chat.txt, line 3"))
'chat.txt, line 3: no message header found'
"""

from __future__ import annotations

from pathlib import Path


class TandemError(Exception):
    """Base of every error caused by the user's input or choices (never a bug of ours).

    Parameters
    ----------
    what : str
        What is wrong, in one line.
    where : str, optional
        Where: a file and line, a JSON path, a parameter name.
    """

    def __init__(self, what: str, *, where: str | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.what}" if self.where else self.what


class ParseError(TandemError, ValueError):
    """An export or answer file could not be read."""


class AmbiguousDateOrder(ParseError):
    """Dates in a file could be day-first or month-first and the file does not decide."""


class TooManySenders(ParseError):
    """A chat has more than two senders and the user did not say which two are the couple.

    ``senders`` lists who wrote, in order of their first message (empty when the export holds
    several chats instead), so a page can offer them to choose from.
    """

    def __init__(self, what: str, *, where: str | None = None, senders: tuple[str, ...] = ()):
        super().__init__(what, where=where)
        self.senders = senders


class InvalidChoice(TandemError, ValueError):
    """An option, preset, parameter or value is not one of the allowed ones."""


class NotEnoughData(TandemError, ValueError):
    """There is too little signal to say anything honest."""


def check_exists(path: Path) -> None:
    """Raise :class:`ParseError` naming ``path`` unless it exists.

    The commands call it before loading their heavy modules, so a mistyped file name is
    answered at once.

    Examples
    --------
    >>> check_exists(Path("no-such-chat.txt"))
    Traceback (most recent call last):
    ...
    tandem.errors.ParseError: no-such-chat.txt: no such file
    """
    if not path.exists():
        raise ParseError("no such file", where=str(path))
