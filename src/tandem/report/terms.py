"""One name and one definition for each figure Tandem shows, shared by every surface.

The terminal, the stand-alone report, the web pages and the plan all name a figure with
:attr:`Term.name`, explain it with :attr:`Term.definition` and print it with its ``format``,
so "clarity 49%" never appears elsewhere as "confidence 0.49". :func:`quoted_list` writes a
list of names the one way every surface writes it.

Examples
--------
>>> CLARITY.show(0.494)
'clarity 49%'
>>> LOOP_STRENGTH.show(0.1372)
'loop strength 0.14'
>>> MODEL_LOOP_GAIN.show(12.88)
'loop gain 12.9'
>>> quoted_list(["Maya", "Jonas", "Kim"])
"'Maya', 'Jonas' and 'Kim'"
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _two_decimals(value: float) -> str:
    return "about 0" if abs(value) < 0.005 else f"{value:.2f}"


def _three_figures(value: float) -> str:
    return f"{value:.3g}"


@dataclass(frozen=True, slots=True)
class Term:
    """A figure's one name, its one-sentence definition, and how it is written."""

    name: str
    definition: str
    format: Callable[[float], str]

    def value(self, value: float) -> str:
        """The figure written as every surface writes it (``49%``, ``0.14``)."""
        return self.format(value)

    def show(self, value: float) -> str:
        """Name and figure together, e.g. ``clarity 49%``."""
        return f"{self.name} {self.format(value)}"


CLARITY = Term(
    name="clarity",
    definition=(
        "How clearly the messages show a partner's role: 0% means no clear sign, 100% means "
        "every sign points the same way."
    ),
    format=_percent,
)
LOOP_STRENGTH = Term(
    name="loop strength",
    definition=(
        "The chat's two effects multiplied: how much more often one partner pulled back right "
        "after the other pressed, times how much more often the other pressed right after the "
        "pulling back. 0 means the two moves do not bring each other on; the nearer to 1, the "
        "more each one brings on the other."
    ),
    format=_two_decimals,
)
MODEL_LOOP_GAIN = Term(
    name="loop gain",
    definition=(
        "In the simulation, how much a small push near calm has grown after one trip round the "
        "loop: above 1 it grows by itself, below 1 it dies down."
    ),
    format=_three_figures,
)
HEATED_EXCHANGE = Term(
    name="heated exchange",
    definition=(
        "A stretch of the chat with at least three pressing or pulling-away messages, each "
        "within six messages and 90 minutes of the one before."
    ),
    format=lambda value: f"{value:,.0f}",
)

ALL_TERMS = (CLARITY, LOOP_STRENGTH, MODEL_LOOP_GAIN, HEATED_EXCHANGE)
"""Every term, in the order a reader meets them."""


def quoted_list(names: Sequence[str]) -> str:
    """Names in quotes, joined with commas and a final "and" (``'a'``, ``'a' and 'b'``)."""
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) <= 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


CODER_NAMES = {
    "learned": "the standard coder (word and phrase vectors)",
    "contextual": "the careful coder (a fine-tuned transformer)",
    "rules": "the word-list coder",
}
"""How every surface names the coder that read the messages (by its ``tandem.coding`` name)."""


def coder_name(name: str) -> str:
    """The reader-facing name of a coder; ``""`` for one Tandem does not know (older results).

    >>> coder_name("contextual")
    'the careful coder (a fine-tuned transformer)'
    >>> coder_name("")
    ''
    """
    return CODER_NAMES.get(name, "")
