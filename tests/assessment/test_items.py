"""The shipped item bank: enough items, every scale covered, both directions present."""

from __future__ import annotations

from collections import Counter

import pytest

from tandem.assessment import SCALE_IDS, load_items
from tandem.assessment.items import parse_items

BANK = load_items()


def test_bank_has_enough_items_on_every_scale() -> None:
    assert len(BANK.items) >= 24
    counts = Counter(i.scale for i in BANK.items)
    assert set(counts) == set(SCALE_IDS)
    for scale in ("self_pursue", "self_withdraw", "partner_pursue", "partner_withdraw"):
        assert counts[scale] >= 6
        # the three arenas of the source: arguments, stress, intimacy
        assert {i.arena for i in BANK.items_of(scale)} == {"arguments", "stress", "intimacy"}


def test_reverse_keyed_items_exist_and_safety_items_are_not_reversed() -> None:
    assert sum(i.reverse for i in BANK.items) >= 5
    assert not any(i.reverse for i in BANK.items_of("safety"))


def test_ids_unique_and_texts_unique() -> None:
    assert len(set(BANK.ids)) == len(BANK.items)
    assert len({i.text for i in BANK.items}) == len(BANK.items)


def test_items_use_no_diagnosis_words() -> None:
    words = ("narciss", "disorder", "codependen", "toxic", "borderline", "attachment style")
    for item in BANK.items:
        assert not any(w in item.text.lower() for w in words), item.id


def test_unknown_scale_in_a_bank_is_refused_with_the_item_named() -> None:
    text = """
low = 1
high = 9
low_label = "no"
high_label = "yes"
[scales.self_pursue]
label = "x"
about = "self"
description = "x"
[[items]]
id = "x1"
scale = "nope"
arena = "general"
text = "t"
"""
    with pytest.raises(ValueError, match="'x1'"):
        parse_items(text)
