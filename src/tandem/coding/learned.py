"""Learned coder (placeholder until the shipped model lands)."""

from __future__ import annotations

from tandem.coding.base import BaseCoder
from tandem.errors import InvalidChoice


def load_learned() -> BaseCoder:
    """Return the fitted learned coder shipped with the package."""
    raise InvalidChoice("the learned coder is not built yet; use --coder rules", where="coder")
