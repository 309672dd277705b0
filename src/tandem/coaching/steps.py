"""The step library: what each side of the cycle can do instead, in our own words.

Each step names the codes that show the old move (its examples come from those messages) and
the code that shows the new one, and which rewrite rule turns an old move into the new one.

Examples
--------
>>> [s.key for s in steps_for("pursuer")]
['level_tone', 'ask_dont_criticise', 'vulnerable_feeling', 'allow_space']
>>> STEPS["announce_break"].title
'Announce a break: what you need and when you will be back'
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.domain import Code


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One step of the library."""

    key: str
    """Stable id."""
    side: str
    """``pursuer`` or ``distancer``: whose step it is."""
    title: str
    """What to do, in a few words."""
    practice: str
    """How to practise it, concretely."""
    old_moves: tuple[Code, ...]
    """Codes that show the old move; examples are drawn from these messages."""
    new_moves: tuple[Code, ...]
    """Codes that show the new move already happening."""


STEPS: dict[str, StepSpec] = {
    s.key: s
    for s in (
        StepSpec(
            key="level_tone",
            side="pursuer",
            title="Keep your tone level",
            practice=(
                "Before you send it or say it, read it once in a calm voice. Leave out the "
                "capitals, the stacked question marks and any word about their character; keep "
                "the thing that bothered you. A level voice lets your partner stay in the room."
            ),
            old_moves=(Code.CONTEMPT,),
            new_moves=(Code.REPAIR,),
        ),
        StepSpec(
            key="ask_dont_criticise",
            side="pursuer",
            title="Ask for what you need instead of criticising",
            practice=(
                'Use three parts: what happened, how it felt, what you would like. "When the '
                "plans changed last minute, I felt left out. Could you tell me earlier next "
                'time?" One complaint at a time, and no "always" or "never".'
            ),
            old_moves=(Code.CRITICISM,),
            new_moves=(Code.REQUEST,),
        ),
        StepSpec(
            key="vulnerable_feeling",
            side="pursuer",
            title="Say the worried feeling under the anger",
            practice=(
                "Anger is often the loud front of worry, loneliness or missing each other. Name "
                'the quieter feeling: "I\'m scared we\'re drifting", "I miss you". It is '
                "easier to move toward than a complaint is."
            ),
            old_moves=(Code.CRITICISM, Code.CONTEMPT),
            new_moves=(Code.VULNERABILITY,),
        ),
        StepSpec(
            key="allow_space",
            side="pursuer",
            title="Let your partner take space",
            practice=(
                "When your partner asks for a pause, agree and ask when they will be back. Then "
                "wait for that time without a second message. Space that is given tends to "
                "come back as closeness; space that has to be taken tends to grow."
            ),
            old_moves=(Code.PRESSURE,),
            new_moves=(Code.REQUEST,),
        ),
        StepSpec(
            key="validate",
            side="distancer",
            title="Show you understand before you explain",
            practice=(
                "Before your side of it, say back what you heard and that it makes sense: "
                '"You felt alone last night, and I get why." Understanding is not agreeing; '
                "your view can come next."
            ),
            old_moves=(Code.DISMISSAL, Code.DEFENSIVENESS),
            new_moves=(Code.VALIDATION,),
        ),
        StepSpec(
            key="listen",
            side="distancer",
            title="Listen without fixing",
            practice=(
                'Ask one more question before offering any solution: "What was the hardest '
                'part?" Fixes land better once your partner feels heard.'
            ),
            old_moves=(Code.DEFENSIVENESS, Code.DISMISSAL),
            new_moves=(Code.VALIDATION,),
        ),
        StepSpec(
            key="share_feelings",
            side="distancer",
            title="Share your own feelings, including why you want space",
            practice=(
                'Say what is going on inside you, briefly: "I get flooded and my mind goes '
                "blank; that's why I go quiet, not because I don't care.\" Your partner can "
                "only respond to what they can see."
            ),
            old_moves=(Code.WITHDRAWAL,),
            new_moves=(Code.VULNERABILITY,),
        ),
        StepSpec(
            key="announce_break",
            side="distancer",
            title="Announce a break: what you need and when you will be back",
            practice=(
                "When you feel flooded, say so, say what you need and give a time, then come "
                "back at that time. Twenty minutes or more lets the body settle. "
                "Tandem's break helper writes the message for you, with a calendar reminder "
                "for the time you come back."
            ),
            old_moves=(Code.WITHDRAWAL,),
            new_moves=(Code.TIMEOUT,),
        ),
    )
}
"""Every step by key, pursuer steps first, each side in its default order."""


def steps_for(side: str) -> tuple[StepSpec, ...]:
    """The steps of ``side`` (``pursuer`` or ``distancer``) in default order."""
    if side not in ("pursuer", "distancer"):
        raise ValueError(f"side {side!r}; use 'pursuer' or 'distancer'")
    return tuple(s for s in STEPS.values() if s.side == side)
