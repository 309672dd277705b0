"""The two-partner quiz: items as data, answer files, scoring and the couple view.

Examples
--------
>>> from tandem.assessment import load_items
>>> len(load_items().items)
38
"""

from __future__ import annotations

from tandem.assessment.answers import AnswerSheet, parse_answers, read_answers, save_answers
from tandem.assessment.items import SCALE_IDS, Item, ItemBank, Scale, load_items
from tandem.assessment.scoring import (
    LIMITS,
    OWN_SAFETY_MESSAGE,
    SAFETY_MESSAGE,
    PartnerScores,
    QuizResult,
    RoleView,
    ScaleScore,
    SharedPartner,
    SharedQuiz,
    classify_role,
    score_couple,
    score_sheet,
)
from tandem.assessment.session import QuizSession

__all__ = [
    "LIMITS",
    "OWN_SAFETY_MESSAGE",
    "SAFETY_MESSAGE",
    "SCALE_IDS",
    "AnswerSheet",
    "Item",
    "ItemBank",
    "PartnerScores",
    "QuizResult",
    "QuizSession",
    "RoleView",
    "Scale",
    "ScaleScore",
    "SharedPartner",
    "SharedQuiz",
    "classify_role",
    "load_items",
    "parse_answers",
    "read_answers",
    "save_answers",
    "score_couple",
    "score_sheet",
]
