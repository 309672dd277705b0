"""Softer rewrites keep the person's point, keep negations, add only template words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coaching.softer import INSULTS, REMOVABLE, soften
from tandem.domain import Code

C = Code
EXAMPLES: list[tuple[str, Code]] = [
    # blame: criticism and contempt
    ("You NEVER listen to me!!!", C.CRITICISM),
    ("Why are you always on your phone??", C.CRITICISM),
    ("Why can't you just help for once", C.CRITICISM),
    ("You're so selfish", C.CRITICISM),
    ("you're such an idiot. you forgot my birthday AGAIN", C.CONTEMPT),
    ("Oh great, another night of you on your phone. Wonderful.", C.CONTEMPT),
    ("You don't care about me at all", C.CRITICISM),
    ("I'm so hurt that you didn't call", C.CRITICISM),
    ("u never text me back 🙄", C.CRITICISM),
    ("This is ridiculous, the kitchen is a mess again", C.CRITICISM),
    ("What is wrong with you? You never think about anyone but yourself", C.CONTEMPT),
    ("you always put your friends first", C.CRITICISM),
    ("why is it so hard to just text me", C.CRITICISM),
    ("You didn't even notice I was gone", C.CRITICISM),
    ("typical. you forgot the tickets", C.CONTEMPT),
    ("Your mother matters more than I do, obviously", C.CRITICISM),
    ("why do you never ask about my day", C.CRITICISM),
    ("you're pathetic, you can't even keep one promise", C.CONTEMPT),
    ("We never go anywhere anymore because you're always tired", C.CRITICISM),
    ("nobody in this house ever cleans except me", C.CRITICISM),
    # pressure
    ("Answer me!!", C.PRESSURE),
    ("Why aren't you answering??", C.PRESSURE),
    ("We need to talk NOW", C.PRESSURE),
    ("Hello??? Are you there?", C.PRESSURE),
    ("hello??", C.PRESSURE),
    ("Don't ignore me", C.PRESSURE),
    ("call me right now, I'm not kidding", C.PRESSURE),
    ("are you ignoring me", C.PRESSURE),
    ("answer me, why didn't you text", C.PRESSURE),
    ("we are talking about this tonight whether you like it or not", C.PRESSURE),
    ("reply pls", C.PRESSURE),
    ("Tell me what's going on. I'm waiting", C.PRESSURE),
    # silence
    ("Whatever.", C.WITHDRAWAL),
    ("fine", C.WITHDRAWAL),
    ("I'm done talking about this", C.WITHDRAWAL),
    ("k", C.WITHDRAWAL),
    ("I don't care, do whatever you want", C.WITHDRAWAL),
    ("I'm going to bed", C.WITHDRAWAL),
    ("leave me alone", C.WITHDRAWAL),
    ("not now. I have work", C.WITHDRAWAL),
    # dismissal
    ("You're overreacting", C.DISMISSAL),
    ("Calm down, it's not a big deal", C.DISMISSAL),
    ("relax", C.DISMISSAL),
    ("you're being dramatic, it was one dinner", C.DISMISSAL),
    ("it's nothing, stop making it a thing", C.DISMISSAL),
    # defensiveness
    ("It's not my fault, you're the one who forgot", C.DEFENSIVENESS),
    ("I didn't do anything wrong!", C.DEFENSIVENESS),
    ("Well I was busy. What about you?", C.DEFENSIVENESS),
    ("that's not true, I never said that", C.DEFENSIVENESS),
    ("I was at work, what was I supposed to do", C.DEFENSIVENESS),
]

# Written out here, independently of the module: every word a template may add.
TEMPLATE_WORDS = set(
    """i'm upset because it feels like could you can we talk about it i'd like you to when you're
    ready let me know would work for i notice hear from need a short break i'll come back this in
    30 minutes and do want finish can see matters understand me tell more hear that from my side
    see as less serious than it seems hard not what happened is""".split()
)
STOP = set(
    """a an the and or but to of in on at for with is are was were be been am i me my you your it
    its this that these those so just even do does did have has had will would can could should
    there here then than as by from up out about what when where who why how very really again
    all one once you're i'm such being don't""".split()
)
EXPAND = {"u": "you", "ur": "your", "pls": "please", "im": "i'm", "dont": "don't"}
NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none)\b|n't\b")


def _tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))
    return [EXPAND.get(w, w) for w in words]


def _ids(case: tuple[str, Code]) -> str:
    return f"{case[1].value}:{case[0][:30]}"


@pytest.mark.parametrize("case", EXAMPLES, ids=_ids)
def test_no_content_word_of_the_point_is_lost(case: tuple[str, Code]) -> None:
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    softer = set(_tokens(rewrite.softer))
    point = [w for w in _tokens(text) if w not in STOP and w not in REMOVABLE]
    lost = [w for w in point if w not in softer]
    assert not lost, f"{text!r} -> {rewrite.softer!r} lost {lost}"


@pytest.mark.parametrize("case", EXAMPLES, ids=_ids)
def test_only_template_words_are_added(case: tuple[str, Code]) -> None:
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    original = set(_tokens(text))
    added = {w for w in _tokens(rewrite.softer) if w not in original} - TEMPLATE_WORDS
    # "never X" may become the request "could you X"; "don't" may become "not to".
    assert not added, f"{text!r} -> {rewrite.softer!r} added {added}"


@pytest.mark.parametrize("case", [c for c in EXAMPLES if c[1] is not Code.WITHDRAWAL], ids=_ids)
def test_negations_are_kept(case: tuple[str, Code]) -> None:
    """A rewrite that dropped a 'not' would say the opposite; every negation stays."""
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    before = len(NEGATION.findall(text.lower().replace("’", "'")))
    after = len(NEGATION.findall(rewrite.softer.lower()))
    assert after >= before, f"{text!r} -> {rewrite.softer!r}"


@pytest.mark.parametrize("case", EXAMPLES, ids=_ids)
def test_tone_is_level(case: tuple[str, Code]) -> None:
    text, code = case
    softer = soften(text, code).softer  # type: ignore[union-attr]
    assert "!" not in softer
    assert "??" not in softer
    assert not [w for w in re.findall(r"[A-Za-z]{2,}", softer) if w.isupper()]
    assert not set(_tokens(softer)) & INSULTS


@pytest.mark.parametrize("case", EXAMPLES, ids=_ids)
def test_each_rule_has_its_shape(case: tuple[str, Code]) -> None:
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    s = rewrite.softer
    if rewrite.rule == "blame":
        # complaint + feeling + request
        assert re.search(r"\b(upset|hurt)\b", s) and s.endswith("?")
    elif rewrite.rule == "pressure":
        assert "when you're ready" in s and s.endswith("?")
    elif rewrite.rule == "silence":
        assert "I need a short break" in s and "come back to this in 30 minutes" in s
    elif rewrite.rule == "dismissal":
        assert s.startswith("I can see this matters to you")
    else:
        assert s.startswith("I hear that you're upset")


def test_known_rewrites_read_as_a_person_would_write() -> None:
    assert soften("You NEVER listen to me!!!", Code.CRITICISM).softer == (  # type: ignore[union-attr]
        "I'm upset because it feels like you never listen to me. Could you listen to me?"
    )
    assert soften("Why aren't you answering??", Code.PRESSURE).softer == (  # type: ignore[union-attr]
        "I notice you aren't answering. I'd like to hear from you when you're ready. "
        "Can you let me know when would work for you?"
    )
    assert soften("I'm going to bed", Code.WITHDRAWAL, minutes=45).softer == (  # type: ignore[union-attr]
        "I'm going to bed. I need a short break. I'll come back to this in 45 minutes, and I do "
        "want to finish it."
    )


def test_codes_outside_the_loop_get_no_rewrite() -> None:
    for code in (Code.NEUTRAL, Code.REPAIR, Code.VALIDATION, Code.REQUEST):
        assert soften("you never listen", code) is None
    assert soften("   ", Code.CRITICISM) is None


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(min_size=1, max_size=120),
    code=st.sampled_from(
        [C.CRITICISM, C.CONTEMPT, C.PRESSURE, C.WITHDRAWAL, C.DISMISSAL, C.DEFENSIVENESS]
    ),
)
def test_any_text_gets_a_calm_rewrite_without_error(text: str, code: Code) -> None:
    rewrite = soften(text, code)
    if rewrite is not None:
        assert text.strip()
        assert rewrite.softer.strip()
        assert "!" not in rewrite.softer


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("proud of you", C.CONTEMPT),
        ("thank you for coming ❤️", C.CRITICISM),
        ("morning! coffee's on the counter for you", C.CRITICISM),
        ("deal", C.WITHDRAWAL),
        ("should be, maybe 7:30", C.WITHDRAWAL),
        ("it's getting cold", C.DISMISSAL),
        ("this was really nice", C.DEFENSIVENESS),
        ("leaving the office now", C.PRESSURE),
        ("you don't have to come if you don't want to", C.PRESSURE),
    ],
    ids=lambda v: v if isinstance(v, str) else v.value,
)
def test_no_rewrite_when_the_words_do_not_show_the_move(text: str, code: Code) -> None:
    """A coder can mistake a warm or neutral message; rewriting it would put words in a mouth."""
    assert soften(text, code) is None


def test_the_behaviour_coder_sees_the_rewrites_as_constructive() -> None:
    """Judged by Tandem's rules coder (written by another team, independent of these rules).

    On these 50 messages 43 carry a harmful code before and 20 after; the rest keep the point in
    the person's own words ("you never listen"), which the coder still reads as criticism. The
    thresholds: at most half as many harmful messages after, and a constructive code (feeling,
    request, validation, announced break) in at least 90% of the rewrites.
    """
    from tandem.coding import code_texts, get_coder
    from tandem.domain import SIDE_OF, Side

    coder = get_coder("rules")
    before = code_texts([t for t, _ in EXAMPLES], coder)
    after = code_texts([soften(t, c).softer for t, c in EXAMPLES], coder)  # type: ignore[union-attr]

    def has(codes: tuple, sides: tuple[Side, ...]) -> bool:  # type: ignore[type-arg]
        return any(SIDE_OF[a.code] in sides for a in codes)

    harmful = (Side.PURSUE, Side.DISTANCE)
    n_before = sum(has(c, harmful) for c in before)
    n_after = sum(has(c, harmful) for c in after)
    constructive = sum(has(c, (Side.CONSTRUCTIVE,)) for c in after)
    assert n_after <= n_before / 2
    assert constructive >= 0.9 * len(EXAMPLES)
