"""Analysis: from coded messages to roles, loop strength, escalation episodes and safety.

The plain functions are :func:`analyze_cycle` (coded messages in) and
:func:`analyze_conversation` (a :class:`~tandem.domain.Conversation` in; it runs the coder).

Examples
--------
>>> import numpy as np
>>> analyze_cycle((), partners=("A", "B"), rng=np.random.default_rng(0)).status
'too_little_signal'
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tandem.analysis.cycle import CycleAnalysis, analyze_cycle
from tandem.domain import Conversation


def analyze_conversation(
    conversation: Conversation,
    *,
    coder: Any = None,
    rng: np.random.Generator,
    n_boot: int = 500,
) -> CycleAnalysis:
    """Code every message of ``conversation`` and analyse its cycle.

    Parameters
    ----------
    conversation : Conversation
        As ingested.
    coder : str or coder, optional
        A coder name (``"rules"``, ``"learned"``, ``"contextual"``) or object; by default the
        best measured of the fast ones.
    rng : numpy.random.Generator
        Randomness for the bootstrap intervals.
    n_boot : int, default=500
        Bootstrap draws.

    Returns
    -------
    CycleAnalysis
        Every figure.
    """
    from tandem.coding import code_conversation, get_coder

    chosen = get_coder(coder) if isinstance(coder, str) else coder
    coded = code_conversation(conversation, coder=chosen)
    return analyze_cycle(coded, partners=conversation.partners, rng=rng, n_boot=n_boot)


__all__ = ["CycleAnalysis", "analyze_conversation", "analyze_cycle"]
