"""Behaviour of the rules coder: each code found, and not found where it should not be."""

from __future__ import annotations

import pytest

from tandem.coding.rules import RulesCoder
from tandem.domain import Code

CODER = RulesCoder().fit([])


def codes_of(text: str) -> set[str]:
    return {a.code.value for a in CODER.code([text])[0]}


# (code, a message that shows it, a message that must not get it)
CASES = [
    ("criticism", "you never help with the dishes", "I never liked that show anyway"),
    ("criticism", "ur so selfish", "I'm so tired tonight"),
    ("contempt", "oh wow, a genius 🙄", "that film was great"),
    ("contempt", "grow up", "the kids are growing so fast"),
    ("pressure", "answer me", "I answered the email from the bank"),
    ("pressure", "hello??", "hello, how was work?"),
    ("defensiveness", "it's not my fault, the traffic was insane", "it's my turn to cook"),
    ("dismissal", "you're overreacting", "you're right on time"),
    ("dismissal", "calm down, it's not a big deal", "it was a big day at work"),
    ("withdrawal", "whatever", "what ever happened to your cousin?"),
    ("withdrawal", "k", "ok see you at 6"),
    ("vulnerability", "I feel so lonely lately", "I'm not hurt, just tired"),
    ("vulnerability", "im scared of losing u", "the film was scary lol"),
    ("request", "could you let me know when you're running late?", "I'm running late"),
    ("validation", "that makes sense, I'd be upset too", "that doesn't make sense"),
    ("responsibility", "I'm sorry, I shouldn't have said that", "I'm not sorry"),
    ("timeout", "I need a break, can we pick this up in 20 minutes?", "lunch break at 1"),
    ("repair", "let's start over, I love you ❤️", "start the car please"),
    ("neutral", "can you pick up milk on the way home?", "you never listen"),
]


@pytest.mark.parametrize(
    ("code", "positive", "negative"), CASES, ids=[f"{c[0]}:{c[1][:20]}" for c in CASES]
)
def test_each_code_has_a_positive_and_a_negative_example(
    code: str, positive: str, negative: str
) -> None:
    assert code in codes_of(positive)
    assert code not in codes_of(negative)


def test_negation_cancels_a_feeling_cue_and_blame() -> None:
    assert "vulnerability" in codes_of("I'm hurt")
    assert "vulnerability" not in codes_of("I'm not hurt")
    assert codes_of("I don't blame you") == {"validation"}
    assert "criticism" not in codes_of("I don't blame you")
    assert codes_of("I'm not angry at you") == {"repair"}


def test_open_hostility_is_contempt_and_its_denial_or_other_targets_are_not() -> None:
    # "I hate you" was read as repair by the contextual model (its nearest training lines are
    # "I love you"); the lexicon now names it, so every coder has a cue to go by.
    for text in ("I hate you.", "i really hate u", "you disgust me", "You make me sick"):
        assert "contempt" in codes_of(text), text
    for text in ("I don't hate you", "i hate yard work", "I hate mondays", "you make me smile"):
        assert "contempt" not in codes_of(text), text


def test_second_person_targeting_decides_criticism() -> None:
    assert "criticism" in codes_of("you always leave your socks on the floor")
    assert "criticism" not in codes_of("I always leave my socks on the floor")
    assert "criticism" not in codes_of("you always make me laugh")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("u never text back", "criticism"),
        ("ur overreacting", "dismissal"),
        ("whatevs", "withdrawal"),
        ("idc", "withdrawal"),
        ("wtv", "withdrawal"),
        ("kk", "withdrawal"),
        ("pls can u call me tonight", "request"),
        ("smh", "contempt"),
        ("r u ignoring me", "pressure"),
        ("answer me rn", "pressure"),
        ("omg u always do this", "criticism"),
    ],
)
def test_texting_spellings(text: str, code: str) -> None:
    assert code in codes_of(text)


def test_capitals_and_repeated_marks_raise_pressure() -> None:
    calm = CODER.predict_proba(["where are you"])[0]
    loud = CODER.predict_proba(["WHERE ARE YOU??"])[0]
    j = list(Code).index(Code.PRESSURE)
    assert loud[j] > calm[j]
    assert "pressure" in codes_of("WHERE ARE YOU??")
    assert "pressure" in codes_of("????")


def test_intensifier_raises_the_score() -> None:
    j = list(Code).index(Code.VULNERABILITY)
    plain, strong = CODER.predict_proba(["I'm lonely", "I'm so lonely"])[:, j]
    assert strong > plain


def test_emoji_carry_codes() -> None:
    assert "contempt" in codes_of("sure 🙄")
    assert "repair" in codes_of("❤️")
    assert "vulnerability" in codes_of("that hurt 😢")


def test_evidence_is_the_words_as_written() -> None:
    (assigned,) = CODER.code(["Honestly, You NEVER listen to me"])
    crit = next(a for a in assigned if a.code is Code.CRITICISM)
    assert crit.evidence.startswith("You NEVER")
    (neutral,) = CODER.code(["see you at 6"])[0]
    assert neutral.code is Code.NEUTRAL and neutral.evidence == "no behaviour cue found"


def test_a_non_apology_is_dismissal_not_responsibility() -> None:
    assert codes_of("sorry you feel that way") == {"dismissal"}


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry I called you an idiot",
        "im so sorry i called u lazy",
        "I'm sorry I said you were selfish",
        "sorry for calling you a liar",
    ],
)
def test_an_apology_naming_the_insult_it_takes_back_is_responsibility_not_contempt(
    text: str,
) -> None:
    # The insult is quoted to take it back; showing it as contempt would turn an apology into
    # evidence against the one who made it.
    codes = {a.code for a in RulesCoder().fit([]).code([text])[0]}
    assert codes == {Code.RESPONSIBILITY}, codes


def test_an_insult_after_the_apology_still_counts() -> None:
    codes = {
        a.code
        for a in RulesCoder().fit([]).code(["sorry I called you an idiot, but you are pathetic"])[0]
    }
    assert Code.CONTEMPT in codes and Code.RESPONSIBILITY in codes
