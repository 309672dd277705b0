"""Rule-based coder (placeholder until the lexicon lands: everything is ``neutral``)."""

from __future__ import annotations

import numpy as np

from tandem.coding.base import NEUTRAL_INDEX, BaseCoder, FloatArray
from tandem.domain import CODES, Code


class RulesCoder(BaseCoder):
    """Patterns and lexicons (placeholder).

    Parameters
    ----------
    threshold : float, default=0.5
        A code is assigned when its score reaches this value.
    """

    def _scores(self, texts: list[str]) -> tuple[FloatArray, list[dict[Code, str]]]:
        scores = np.zeros((len(texts), len(CODES)))
        scores[:, NEUTRAL_INDEX] = 1.0
        return scores, [{} for _ in texts]
