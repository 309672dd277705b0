"""Jinja2 filters: how dates, numbers and codes are written on the pages (presentation only).

Examples
--------
>>> from datetime import datetime
>>> when(datetime(2024, 3, 1, 21, 5))
'1 Mar 2024, 21:05'
>>> label("walked_away")
'walked away'
>>> number(0.4567), number(None)
('0.46', '–')
>>> side("pressure"), side("validation")
('pursue', 'constructive')
>>> clarity(0.494)
'Clarity 49%'
>>> loop_strength(-0.001), loop_strength(0.1372)
('about 0', '0.14')
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment

from tandem.domain import SIDE_OF, Code
from tandem.report.terms import CLARITY, LOOP_STRENGTH


def when(value: datetime | str | None) -> str:
    """A date and time written for people, e.g. ``1 Mar 2024, 21:05``."""
    if value is None:
        return "–"
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        parsed = value
    return f"{parsed.day} {parsed:%b %Y, %H:%M}"


def label(value: Any) -> str:
    """A code or enum value as words (``walked_away`` → ``walked away``)."""
    raw = getattr(value, "value", value)
    return str(raw).replace("_", " ")


def number(value: float | int | None, digits: int = 2) -> str:
    """A number rounded for display; a dash when there is none."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def local_input(value: datetime | None) -> str:
    """A value for ``<input type="datetime-local">``."""
    return "" if value is None else value.strftime("%Y-%m-%dT%H:%M")


def side(value: Any) -> str:
    """The side of the cycle a behaviour code is on (a CSS class for its pill)."""
    try:
        return SIDE_OF[Code(getattr(value, "value", value))].value
    except ValueError:
        return ""


def clarity(value: float | None) -> str:
    """A role's clarity as every surface writes it (``Clarity 49%``; empty when unknown)."""
    if value is None:
        return ""
    shown = CLARITY.show(float(value))
    return shown[0].upper() + shown[1:]


def loop_strength(value: float | None) -> str:
    """The chat's loop strength as every surface writes it (``0.14``, ``about 0``)."""
    return "–" if value is None else LOOP_STRENGTH.value(float(value))


def install(env: Environment) -> None:
    """Register the filters on a Jinja2 environment."""
    env.filters["when"] = when
    env.filters["label"] = label
    env.filters["number"] = number
    env.filters["local_input"] = local_input
    env.filters["side"] = side
    env.filters["clarity"] = clarity
    env.filters["loop_strength"] = loop_strength
