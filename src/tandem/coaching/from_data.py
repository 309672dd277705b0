"""From files to a plan: read quiz answers and/or a chat export, analyse, plan, simulate.

:func:`plan_from_data` is the one call behind ``tandem plan``: it runs each stage for real
(ingest, coding, cycle analysis, quiz scoring, dynamics) and builds the plan from what they say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from tandem.assessment import QuizResult, load_items, read_answers, score_couple
from tandem.coaching.effect import expected_effect
from tandem.coaching.plan import Plan, build_plan, combine_profiles
from tandem.domain import CodedMessage, CoupleProfile
from tandem.errors import InvalidChoice

ANALYSIS_SEED = 20261124
"""Seed of the cycle analysis bootstrap, so the same chat always gives the same plan."""


def score_quiz_files(files: Sequence[Path]) -> QuizResult:
    """Score one or two answer files.

    Raises
    ------
    InvalidChoice
        For more than two files or none.
    ParseError
        For a file that does not fit the quiz (naming the item).
    """
    if not 1 <= len(files) <= 2:
        raise InvalidChoice(f"give one or two quiz answer files, got {len(files)}", where="--quiz")
    bank = load_items()
    sheets = [read_answers(Path(f), bank) for f in files]
    return score_couple(sheets[0], sheets[1] if len(sheets) == 2 else None, bank=bank)


def plan_from_data(
    *,
    quiz_files: Sequence[Path] = (),
    chat: Path | None = None,
    coder: str = "default",
    model: bool = True,
    n_boot: int = 200,
) -> Plan:
    """Build the plan from quiz answers, a chat export, or both.

    Parameters
    ----------
    quiz_files : sequence of Path
        One or two quiz answer files.
    chat : Path, optional
        A chat export (any format ``tandem.ingest`` reads).
    coder : str
        Behaviour coder for the chat.
    model : bool
        Simulate the expected effect with the dynamics model.
    n_boot : int
        Bootstrap draws of the cycle analysis.

    Returns
    -------
    Plan

    Raises
    ------
    InvalidChoice
        When neither quiz nor chat is given.
    """
    if not quiz_files and chat is None:
        raise InvalidChoice("give --quiz A.json [B.json], --chat FILE, or both")
    quiz = score_quiz_files(quiz_files) if quiz_files else None
    coded: tuple[CodedMessage, ...] = ()
    analysis = None
    profile: CoupleProfile | None = None
    if chat is not None:
        from tandem import ingest
        from tandem.analysis import analyze_cycle
        from tandem.coding import code_conversation, get_coder

        conversation = ingest.load(chat)
        coded = code_conversation(conversation, coder=get_coder(coder))
        analysis = analyze_cycle(
            coded,
            partners=conversation.partners,
            rng=np.random.default_rng(ANALYSIS_SEED),
            n_boot=n_boot,
        )
        profile = analysis.to_couple_profile()
    if quiz is not None:
        quiz_profile = quiz.to_couple_profile()
        if len(quiz_files) == 1:
            # One answer file is its author's own view, so their own safety note may show; with
            # two files the plan is shared and never reveals either partner's fear answers.
            own = quiz.safety_for(quiz.scores[0].partner)
            quiz_profile = replace(quiz_profile, safety_concern=own)
        profile = quiz_profile if profile is None else combine_profiles(profile, quiz_profile)
    assert profile is not None  # one of the two was given
    plan = build_plan(profile, coded, quiz=quiz, analysis=analysis)
    if model:
        plan = replace(plan, expected_effect=expected_effect(plan))
    return plan
