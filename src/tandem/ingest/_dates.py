"""Day/month order of numeric dates: decided by the file, or by the user, never guessed."""

from __future__ import annotations

from collections.abc import Iterable

from tandem.errors import AmbiguousDateOrder, ParseError

YMD = "ymd"
DMY = "dmy"
MDY = "mdy"


def resolve_order(
    triples: Iterable[tuple[int, int, int]], *, dayfirst: bool | None, where: str
) -> str:
    """Choose how to read ``a/b/c`` dates: ``"dmy"``, ``"mdy"`` or ``"ymd"``.

    A first field above 31 means year first. Otherwise a first field above 12 can only be a day
    and a second field above 12 only a day; the file decides when any date does. When none does,
    ``dayfirst`` (the user's ``--dayfirst``/``--monthfirst``) decides.

    Parameters
    ----------
    triples : iterable of (int, int, int)
        The numeric fields of every distinct date in the file.
    dayfirst : bool or None
        The user's choice, if given.
    where : str
        File name for error messages.

    Returns
    -------
    str
        ``"dmy"``, ``"mdy"`` or ``"ymd"``.

    Raises
    ------
    AmbiguousDateOrder
        No date decides and the user did not choose.
    ParseError
        Dates contradict each other, or the user's choice contradicts the file.

    Examples
    --------
    >>> resolve_order([(3, 4, 24), (25, 4, 24)], dayfirst=None, where="chat.txt")
    'dmy'
    >>> resolve_order([(2024, 4, 3)], dayfirst=None, where="chat.txt")
    'ymd'
    >>> resolve_order([(3, 4, 24)], dayfirst=False, where="chat.txt")
    'mdy'
    """
    day_first_seen: tuple[int, int, int] | None = None
    month_first_seen: tuple[int, int, int] | None = None
    any_short = False
    for triple in triples:
        a, b, _ = triple
        if a > 31:
            continue
        any_short = True
        if a > 12 and day_first_seen is None:
            day_first_seen = triple
        elif b > 12 and month_first_seen is None:
            month_first_seen = triple
    if not any_short:
        return YMD
    if day_first_seen and month_first_seen:
        raise ParseError(
            "dates disagree on day/month order: "
            f"{_show(day_first_seen)} is day-first, {_show(month_first_seen)} month-first",
            where=where,
        )
    if day_first_seen:
        if dayfirst is False:
            raise ParseError(
                f"month first was chosen, but {_show(day_first_seen)} has the day first",
                where=where,
            )
        return DMY
    if month_first_seen:
        if dayfirst is True:
            raise ParseError(
                f"day first was chosen, but {_show(month_first_seen)} has the month first",
                where=where,
            )
        return MDY
    if dayfirst is None:
        raise AmbiguousDateOrder(
            "no date in the file says whether it is day/month or month/day; choose the date order",
            where=where,
        )
    return DMY if dayfirst else MDY


def _show(triple: tuple[int, int, int]) -> str:
    return "/".join(str(x) for x in triple)


def full_year(year: int) -> int:
    """Four-digit year from a two- or four-digit one.

    Examples
    --------
    >>> full_year(23), full_year(1999)
    (2023, 1999)
    """
    return year + 2000 if year < 100 else year
