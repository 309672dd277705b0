"""Answer files: ``{"partner": NAME, "answers": {ITEM_ID: 1..9}}``, read, checked and saved.

An answer may be ``null``: the person skipped that item on purpose. An item that is absent is
*missing* (the quiz was not finished) and scoring refuses it, naming the item. ``"other"``
optionally names the partner the answers are about.

Saving is atomic (a temporary file in the same folder, then :func:`os.replace`), so an
interrupted quiz never leaves a half-written file.

Examples
--------
>>> from tandem.assessment.items import load_items
>>> bank = load_items()
>>> sheet = parse_answers({"partner": "Sam", "answers": {"sp_arg_1": 7}}, bank, complete=False)
>>> sheet.answers["sp_arg_1"], sheet.partner
(7, 'Sam')
>>> parse_answers({"partner": "Sam", "answers": {"sp_arg_1": 12}}, bank, complete=False)
Traceback (most recent call last):
...
tandem.errors.ParseError: answers.sp_arg_1: 12 is outside 1-9
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tandem.assessment.items import ItemBank
from tandem.errors import ParseError


@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """One partner's answers."""

    partner: str
    """Who answered."""
    answers: Mapping[str, int | None] = field(default_factory=dict)
    """Rating per item id; ``None`` for an item skipped on purpose."""
    other: str | None = None
    """Name of the partner the answers are about, when given."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of an answer file."""
        data: dict[str, Any] = {"partner": self.partner}
        if self.other is not None:
            data["other"] = self.other
        data["answers"] = dict(self.answers)
        return data


def parse_answers(
    data: Any, bank: ItemBank, *, where: str = "", complete: bool = True
) -> AnswerSheet:
    """Check a decoded answer file against the item bank.

    Parameters
    ----------
    data : object
        The decoded JSON.
    bank : ItemBank
        The quiz the answers belong to.
    where : str
        File name for error messages.
    complete : bool
        Require every item to be present (answered or ``null`` for skipped).

    Returns
    -------
    AnswerSheet

    Raises
    ------
    ParseError
        Naming the item (or field) that is wrong: unknown id, value outside the range, not a
        whole number, missing item.
    """
    prefix = f"{where}: " if where else ""
    if not isinstance(data, dict):
        raise ParseError(
            "an answer file is a JSON object with 'partner' and 'answers'", where=where
        )
    partner = data.get("partner")
    if not isinstance(partner, str) or not partner.strip():
        raise ParseError(f"{prefix}'partner' must be a non-empty name")
    other = data.get("other")
    if other is not None and (not isinstance(other, str) or not other.strip()):
        raise ParseError(f"{prefix}'other' must be a non-empty name when given")
    raw = data.get("answers")
    if not isinstance(raw, dict):
        raise ParseError(f"{prefix}'answers' must be an object of item id to rating")
    known = set(bank.ids)
    answers: dict[str, int | None] = {}
    for key, value in raw.items():
        if key not in known:
            raise ParseError(
                f"unknown item id {key!r} (see `tandem quiz --items`)", where=f"{prefix}answers"
            )
        if value is None:
            answers[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParseError(
                f"{value!r} is not a whole number from {bank.low} to {bank.high}",
                where=f"{prefix}answers.{key}",
            )
        if not bank.low <= value <= bank.high:
            raise ParseError(
                f"{value} is outside {bank.low}-{bank.high}", where=f"{prefix}answers.{key}"
            )
        answers[key] = value
    if complete:
        missing = [i for i in bank.ids if i not in answers]
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise ParseError(
                f"item {missing[0]!r}{more} not answered "
                "(finish with `tandem quiz --answers FILE`)",
                where=f"{prefix}answers",
            )
    ordered = {i: answers[i] for i in bank.ids if i in answers}
    return AnswerSheet(partner=partner.strip(), answers=ordered, other=_strip(other))


def _strip(name: Any) -> str | None:
    return name.strip() if isinstance(name, str) else None


def read_answers(path: Path, bank: ItemBank, *, complete: bool = True) -> AnswerSheet:
    """Read and check an answer file.

    Raises
    ------
    ParseError
        When the file is not JSON or does not fit the quiz (naming the item).
    FileNotFoundError
        When ``path`` does not exist.
    """
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(
            f"not valid JSON ({error.msg}, line {error.lineno})", where=Path(path).name
        ) from None
    return parse_answers(data, bank, where=Path(path).name, complete=complete)


def save_answers(path: Path, sheet: AnswerSheet) -> None:
    """Write ``sheet`` to ``path`` atomically: a temporary file beside it, then ``os.replace``.

    Examples
    --------
    >>> import tempfile, json
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> save_answers(folder / "a.json", AnswerSheet("Sam", {"co_1": 5}))
    >>> json.loads((folder / "a.json").read_text())["answers"]
    {'co_1': 5}
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(sheet.to_dict(), handle, indent=2, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
