"""The quiz items, read from ``items.toml`` in this package.

Every item knows its scale, its arena (where in the relationship it asks about) and whether it is
reverse-keyed. A reverse-keyed item counts as ``low + high - rating`` so a high keyed value always
means more of what its scale measures.

Examples
--------
>>> bank = load_items()
>>> len(bank.items) >= 24
True
>>> bank.item("sp_str_2").reverse
True
>>> bank.keyed("sp_str_2", 2)
8
>>> sorted(bank.scale_ids)[:3]
['anxiety', 'constructive', 'flooding']
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Literal

ScaleId = Literal[
    "self_pursue",
    "self_withdraw",
    "partner_pursue",
    "partner_withdraw",
    "constructive",
    "anxiety",
    "flooding",
    "space",
    "safety",
]
"""The scales of the quiz."""

SCALE_IDS: tuple[str, ...] = (
    "self_pursue",
    "self_withdraw",
    "partner_pursue",
    "partner_withdraw",
    "constructive",
    "anxiety",
    "flooding",
    "space",
    "safety",
)
"""Scale ids in the order results show them."""

ARENAS: tuple[str, ...] = ("arguments", "stress", "intimacy", "general")
"""Where in the relationship an item asks about."""


@dataclass(frozen=True, slots=True)
class Item:
    """One quiz statement, rated from ``low`` (very unlikely) to ``high`` (very likely)."""

    id: str
    """Stable identifier used in answer files."""
    text: str
    """The statement as shown, in our own words."""
    scale: str
    """Which scale it counts towards (one of :data:`SCALE_IDS`)."""
    arena: str
    """Where it asks about: ``arguments``, ``stress``, ``intimacy`` or ``general``."""
    reverse: bool = False
    """Reverse-keyed: a high rating means less of the scale."""


@dataclass(frozen=True, slots=True)
class Scale:
    """A scale of the quiz."""

    id: str
    """Scale id, e.g. ``self_pursue``."""
    label: str
    """Short label for people."""
    about: str
    """Whom it describes from the answerer's side: ``self``, ``partner`` or ``couple``."""
    description: str
    """One sentence on what it measures."""


@dataclass(frozen=True)
class ItemBank:
    """The whole quiz: items in the order they are asked, scales and the rating range."""

    items: tuple[Item, ...]
    """Items in asking order."""
    scales: MappingProxyType[str, Scale]
    """Scales by id."""
    low: int
    """Lowest rating."""
    high: int
    """Highest rating."""
    low_label: str
    """What the lowest rating means."""
    high_label: str
    """What the highest rating means."""

    @property
    def scale_ids(self) -> tuple[str, ...]:
        """Ids of the scales that have items, in :data:`SCALE_IDS` order."""
        used = {item.scale for item in self.items}
        return tuple(s for s in SCALE_IDS if s in used)

    @property
    def ids(self) -> tuple[str, ...]:
        """Item ids in asking order."""
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> Item:
        """The item with ``item_id``; ``KeyError`` naming it when unknown."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def items_of(self, scale: str, arena: str | None = None) -> tuple[Item, ...]:
        """Items of ``scale`` (optionally only in ``arena``), in asking order."""
        return tuple(
            i for i in self.items if i.scale == scale and (arena is None or i.arena == arena)
        )

    def keyed(self, item_id: str, rating: int) -> int:
        """The rating as it counts towards its scale (reversed for reverse-keyed items)."""
        item = self.item(item_id)
        return self.low + self.high - rating if item.reverse else rating


def parse_items(text: str) -> ItemBank:
    """Build an item bank from TOML text, checking every item names a known scale and arena.

    Parameters
    ----------
    text : str
        TOML with ``low``, ``high``, ``[scales.ID]`` tables and an ``[[items]]`` array.

    Returns
    -------
    ItemBank

    Raises
    ------
    ValueError
        When an item repeats an id or names an unknown scale or arena.
    """
    data = tomllib.loads(text)
    scales = {
        sid: Scale(
            id=sid,
            label=str(spec["label"]),
            about=str(spec["about"]),
            description=str(spec["description"]),
        )
        for sid, spec in data["scales"].items()
    }
    items: list[Item] = []
    seen: set[str] = set()
    for raw in data["items"]:
        item = Item(
            id=str(raw["id"]),
            text=str(raw["text"]),
            scale=str(raw["scale"]),
            arena=str(raw["arena"]),
            reverse=bool(raw.get("reverse", False)),
        )
        if item.id in seen:
            raise ValueError(f"item id {item.id!r} appears twice")
        if item.scale not in scales or item.scale not in SCALE_IDS:
            raise ValueError(f"item {item.id!r}: unknown scale {item.scale!r}; use {SCALE_IDS}")
        if item.arena not in ARENAS:
            raise ValueError(f"item {item.id!r}: unknown arena {item.arena!r}; use {ARENAS}")
        seen.add(item.id)
        items.append(item)
    return ItemBank(
        items=tuple(items),
        scales=MappingProxyType(scales),
        low=int(data["low"]),
        high=int(data["high"]),
        low_label=str(data["low_label"]),
        high_label=str(data["high_label"]),
    )


@cache
def load_items() -> ItemBank:
    """The quiz shipped with Tandem (``tandem/assessment/items.toml``)."""
    text = files("tandem.assessment").joinpath("items.toml").read_text(encoding="utf-8")
    return parse_items(text)
