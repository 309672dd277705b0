"""Reading JSON exports defensively: every wrong shape becomes a ParseError naming its JSON path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tandem.errors import ParseError


class Walker:
    """Typed access into parsed JSON that reports the file and JSON path of a bad value.

    Examples
    --------
    >>> w = Walker("r.json")
    >>> w.get_str({"a": 1}, "a", "$")
    Traceback (most recent call last):
    ...
    tandem.errors.ParseError: r.json, $.a: expected text, found int
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, path: str, what: str) -> ParseError:
        """The error for the value at ``path``."""
        return ParseError(what, where=f"{self.name}, {path}")

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        """``value`` as a JSON object."""
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object, found {_kind(value)}")
        return value

    def arr(self, value: Any, path: str) -> list[Any]:
        """``value`` as a JSON array."""
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, found {_kind(value)}")
        return value

    def get_str(self, obj: dict[str, Any], key: str, path: str, default: str | None = None) -> str:
        """``obj[key]`` as text; ``default`` when missing or null (required when no default)."""
        value = obj.get(key)
        if value is None:
            if default is None:
                raise self.fail(f"{path}.{key}", "missing")
            return default
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}", f"expected text, found {_kind(value)}")
        return value

    def get_int(self, obj: dict[str, Any], key: str, path: str) -> int | None:
        """``obj[key]`` as an integer (numbers written as text accepted), ``None`` when missing."""
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(f"{path}.{key}", "expected a number, found a boolean")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise self.fail(f"{path}.{key}", f"expected a number, found {_kind(value)}")

    def iso(self, text: str, path: str) -> datetime:
        """Parse an ISO 8601 date-time."""
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(path, f"not an ISO 8601 date-time: {text[:40]!r}") from None

    def epoch(self, seconds: float, path: str, tz: timezone = UTC) -> datetime:
        """A UTC (or ``tz``) time from seconds since 1970."""
        try:
            return datetime.fromtimestamp(seconds, tz)
        except (ValueError, OverflowError, OSError):
            raise self.fail(path, f"time out of range: {seconds}") from None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "list", str: "text", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


_OFFSETS: dict[int, timezone] = {}


def fixed_zone(offset_seconds: int) -> timezone:
    """A cached fixed-offset zone.

    Examples
    --------
    >>> fixed_zone(3600)
    datetime.timezone(datetime.timedelta(seconds=3600))
    """
    zone = _OFFSETS.get(offset_seconds)
    if zone is None:
        zone = _OFFSETS[offset_seconds] = timezone(timedelta(seconds=offset_seconds))
    return zone
