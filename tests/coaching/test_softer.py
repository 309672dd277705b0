"""Softer rewrites keep the person's point, keep negations, add only template words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coaching.softer import INSULTS, REMOVABLE, point_words, soften
from tandem.domain import Code

C = Code
EXAMPLES: list[tuple[str, Code]] = [
    # blame: criticism and contempt
    ("You NEVER listen to me!!!", C.CRITICISM),
    ("Why are you always on your phone??", C.CRITICISM),
    ("Why can't you just help for once", C.CRITICISM),
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
    ("its ur fault we missed the train", C.CRITICISM),
    ("omg ur so selfish, u ate the last of the cake", C.CONTEMPT),
    ("you never help with the kids, I do everything", C.CRITICISM),
    ("YOU NEVER CLEAN UP AFTER YOURSELF", C.CRITICISM),
    ("why cant u ever be on time", C.CRITICISM),
    # pressure
    ("Answer me!!", C.PRESSURE),
    ("Why aren't you answering??", C.PRESSURE),
    ("We need to talk NOW", C.PRESSURE),
    ("Don't ignore me", C.PRESSURE),
    ("call me right now, I'm not kidding", C.PRESSURE),
    ("are you ignoring me", C.PRESSURE),
    ("answer me, why didn't you text", C.PRESSURE),
    ("we are talking about this tonight whether you like it or not", C.PRESSURE),
    ("reply pls", C.PRESSURE),
    ("Tell me what's going on. I'm waiting", C.PRESSURE),
    # silence
    ("I'm going to bed", C.WITHDRAWAL),
    ("not now. I have work", C.WITHDRAWAL),
    # dismissal
    ("Calm down, it's not a big deal", C.DISMISSAL),
    ("you're being dramatic, it was one dinner", C.DISMISSAL),
    ("ugh, it was a joke, relax", C.DISMISSAL),
    # defensiveness
    ("It's not my fault, you're the one who forgot", C.DEFENSIVENESS),
    ("I didn't do anything wrong!", C.DEFENSIVENESS),
    ("Well I was busy. What about you?", C.DEFENSIVENESS),
    ("that's not true, I never said that", C.DEFENSIVENESS),
    ("I was at work, what was I supposed to do", C.DEFENSIVENESS),
]

# No point of their own once the put-down, pressure or shut-down is out: a rewrite could only be
# a stock sentence, so none is offered and the plan asks for the writer's own words.
NO_POINT: list[tuple[str, Code]] = [
    ("decide whatever you want", C.WITHDRAWAL),
    ("oh wow, thanks for the effort 🙄", C.CONTEMPT),
    ("seriously?", C.CONTEMPT),
    ("seriously?", C.CRITICISM),
    ("You're so selfish", C.CRITICISM),
    ("Hello??? Are you there?", C.PRESSURE),
    ("hello??", C.PRESSURE),
    ("Whatever.", C.WITHDRAWAL),
    ("fine", C.WITHDRAWAL),
    ("I'm done talking about this", C.WITHDRAWAL),
    ("k", C.WITHDRAWAL),
    ("I don't care, do whatever you want", C.WITHDRAWAL),
    ("leave me alone", C.WITHDRAWAL),
    ("ok fine whatever, go out with your friends then", C.WITHDRAWAL),
    ("can we not do this now", C.WITHDRAWAL),
    ("You're overreacting", C.DISMISSAL),
    ("relax", C.DISMISSAL),
    ("it's nothing, stop making it a thing", C.DISMISSAL),
    ("you're making a huge deal out of nothing", C.DISMISSAL),
]

# Written out here, independently of the module: every word a template may add.
TEMPLATE_WORDS = set(
    """i'm upset because it feels like could you can we talk about it i'd like you to when you're
    ready let me know would work for i notice noticed hear from need a short break i'll come back
    this in 30 minutes and do want finish can see matters understand me tell more hear that from
    my side see as less serious than it seems hard not what happened is get please if us time
    tomorrow it's works know""".split()
)
# "never X" becomes "don't/didn't X": the negation stays, only its form changes.
NEGATION_FORMS = {"don't", "didn't", "doesn't"}
STOP = set(
    """a an the and or but to of in on at for with is are was were be been am i me my you your it
    its this that these those so just even do does did have has had will would can could should
    there here then than as by from up out about what when where who why how very really again
    all one once you're i'm it's such being don't""".split()
)
EXPAND = {
    "u": "you",
    "ur": "your",
    "pls": "please",
    "im": "i'm",
    "dont": "don't",
    "cant": "can't",
    "didnt": "didn't",
    "its": "it's",
    "u're": "you're",
}
NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none)\b|n't\b")
# An ultimatum or an "I'm not kidding" is pressure, not a point; its "not" may go.
# "a huge deal out of nothing" becomes "less serious than you do": the same view, owned.
ULTIMATUM = re.compile(
    r"i'm not kidding|whether you like it or not|out of nothing|i can'?t believe"
)
# A counter-attack ("you're the one who forgot") or a sarcastic permission ("go out with your
# friends then") is the move itself, not a point; a rewrite drops it.
COUNTER = re.compile(r"you're the one who \w+|what about you|\bgo .* then$")
GENERAL = re.compile(r"\b(?:always|never|every (?:single )?time|all the time|constantly)\b")
# The longest fixed text a rule adds: the break (19 words) or the dismissal opener + "To me,".
TEMPLATE_MAX_WORDS = 22


def _tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))
    return [EXPAND.get(w, w) for w in words]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.?]+[.?]", text)]


def _ids(case: tuple[str, Code]) -> str:
    return f"{case[1].value}:{case[0][:30]}"


def _readable(original: str, softer: str, rule: str) -> None:
    """The readability properties every rewrite must have (stated in the module tests)."""
    sentences = _sentences(softer)
    assert "".join(sentences).replace(" ", "") == softer.replace(" ", ""), softer
    # every sentence starts with a capital letter and ends with "." or "?"
    assert all(s[0].isupper() and s[-1] in ".?" for s in sentences), softer
    # no sentence left dangling where a put-down was cut out ("You're such an.")
    dangling = r"\b(?:a|an|the|such|to|of|and|your|my|very|really)[.?]$"
    assert not any(re.search(dangling, s) for s in sentences), softer
    # no sentence said twice, and at most one "I'd like"
    assert len(set(sentences)) == len(sentences), softer
    assert softer.count("I'd like") <= 1, softer
    # the rewrite of a criticism says no more "always"/"never"/"every time"
    if rule == "blame":
        assert not GENERAL.search(softer.lower()), softer
    # no question that just hands the complaint back ("Are you ignoring me?")
    asked = {re.sub(r"[^a-z' ]", "", s.lower()).strip() for s in sentences if s.endswith("?")}
    said = {re.sub(r"[^a-z' ]", "", s).strip() for s in re.split(r"[.?!\n]", original.lower())}
    assert not asked & said, softer
    # calm: no "!", no "??", no shouting
    assert "!" not in softer and "??" not in softer
    assert not [w for w in re.findall(r"[A-Za-z]{2,}", softer) if w.isupper()], softer
    # not a lecture: within 2.5x the original's words plus the fixed template text
    assert len(softer.split()) <= 2.5 * len(original.split()) + TEMPLATE_MAX_WORDS, softer


@pytest.mark.parametrize("case", EXAMPLES, ids=_ids)
def test_no_content_word_of_the_point_is_lost(case: tuple[str, Code]) -> None:
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    softer = set(_tokens(rewrite.softer))
    kept = COUNTER.sub(" ", text.lower())
    point = [w for w in _tokens(kept) if w not in STOP and w not in REMOVABLE]
    lost = [w for w in point if w not in softer]
    assert not lost, f"{text!r} -> {rewrite.softer!r} lost {lost}"


@pytest.mark.parametrize("case", EXAMPLES, ids=_ids)
def test_only_template_words_are_added(case: tuple[str, Code]) -> None:
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    original = set(_tokens(text))
    added = {w for w in _tokens(rewrite.softer) if w not in original} - TEMPLATE_WORDS
    added -= NEGATION_FORMS
    # "never called" becomes "didn't call": a base form of a word that was there is no new word
    added = {w for w in added if not any(o.startswith(w) and len(w) >= 3 for o in original)}
    assert not added, f"{text!r} -> {rewrite.softer!r} added {added}"


@pytest.mark.parametrize("case", [c for c in EXAMPLES if c[1] is not Code.WITHDRAWAL], ids=_ids)
def test_negations_are_kept(case: tuple[str, Code]) -> None:
    """A rewrite that dropped a 'not' would say the opposite; every negation stays."""
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    before = len(NEGATION.findall(ULTIMATUM.sub(" ", text.lower().replace("’", "'"))))
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
        # a request with space: no deadline, the other person chooses when
        assert re.search(r"when(?:ever)? you|if that works for you", s)
    elif rewrite.rule == "silence":
        assert re.search(r"I'll come back to this (in 30 minutes|tomorrow)", s)
        assert "I do want to finish it" in s
    elif rewrite.rule == "dismissal":
        assert s.startswith("I can see this matters to you")
    else:
        assert s.startswith("I hear that you're upset")


@pytest.mark.parametrize("case", EXAMPLES, ids=_ids)
def test_each_rewrite_reads_like_a_calm_message(case: tuple[str, Code]) -> None:
    text, code = case
    rewrite = soften(text, code)
    assert rewrite is not None
    _readable(text, rewrite.softer, rewrite.rule)


KNOWN = [
    ("You NEVER listen to me!!!", C.CRITICISM,
     "I get upset when you don't listen to me. Could you listen to me?"),
    ("you always do this. you never tell me anything", C.CRITICISM,
     "I get upset when you don't tell me anything. Could you tell me more?"),
    ("ur so lazy omg u didnt even do the dishes", C.CONTEMPT,
     "I'm upset that you didn't do the dishes. Can we talk about it?"),
    ("why do u always leave ur keys on the table??", C.CRITICISM,
     "I get upset when you leave your keys on the table. Can we talk about it?"),
    ("you never called me yesterday", C.CRITICISM,
     "I'm upset that you didn't call me yesterday. Can we talk about it?"),
    ("answer me, why didn't you text", C.PRESSURE,
     "I noticed you didn't text. Could you please answer me when you're ready?"),
    ("Why aren't you answering??", C.PRESSURE,
     "I notice you aren't answering. I'd like to hear from you when you're ready."),
    ("are you ignoring me", C.PRESSURE,
     "It feels like you're ignoring me. I'd like to hear from you when you're ready."),
    ("not now. I have work", C.WITHDRAWAL,
     "I have work. I need a break. I'll come back to this in 30 minutes, and I do want to "
     "finish it."),
    ("I'm going to bed", C.WITHDRAWAL,
     "I'm going to bed. I'll come back to this tomorrow, because I do want to finish it."),
    ("omg relax its just dinner", C.DISMISSAL,
     "I can see this matters to you, and I want to understand. To me, it's just dinner."),
    ("its ur fault we missed the train", C.CRITICISM,
     "I'm upset that we missed the train. Can we talk about it?"),
    ("you never help with the kids, I do everything", C.CRITICISM,
     "I get upset when you don't help with the kids. I do everything. "
     "Could you help with the kids?"),
    ("i cant believe u forgot our anniversary", C.CRITICISM,
     "I'm upset that you forgot our anniversary. Can we talk about it?"),
    ("why are you ignoring my calls", C.PRESSURE,
     "It feels like you're ignoring my calls. I'd like to hear from you when you're ready."),
    ("text me when u see this!!! its important", C.PRESSURE,
     "It's important. Could you please text me when you see this?"),
    ("stop ignoring me", C.PRESSURE,
     "It feels like you're ignoring me. I'd like to hear from you when you're ready."),
    ("omfg answer ur phone", C.PRESSURE,
     "Could you please answer your phone when you're ready?"),
    ("i was busy ok? what about u", C.DEFENSIVENESS,
     "I hear that you're upset, and I want to understand. From my side, I was busy."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "code", "expected"), KNOWN, ids=[k[0][:30] for k in KNOWN])
def test_known_rewrites_read_as_a_person_would_write(text: str, code: Code, expected: str) -> None:
    assert soften(text, code).softer == expected  # type: ignore[union-attr]


def test_break_length_is_the_one_asked_for() -> None:
    softer = soften("whatever, I have work", Code.WITHDRAWAL, minutes=45).softer  # type: ignore[union-attr]
    assert "I'll come back to this in 45 minutes" in softer


@pytest.mark.parametrize(
    "text",
    ["you never bothered to ask", "you never wanted this and you always forgot everything"],
)
def test_a_generalisation_that_cannot_be_undone_cleanly_gets_no_rewrite(text: str) -> None:
    """Better no example than "you never bothered" left in a rewrite; the plan picks another."""
    rewrite = soften(text, Code.CRITICISM)
    assert rewrite is None or not GENERAL.search(rewrite.softer.lower())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("do u even love me", C.CRITICISM),  # a template would drop its point
        ("where were u last night??", C.PRESSURE),  # a real question with no calm statement form
        ("did u even read my message??", C.PRESSURE),
        # cutting "disgusting" would leave "The bathroom is." hanging
        ("you're such a slob, the bathroom is disgusting", C.CONTEMPT),
    ],
)
def test_a_message_the_rules_cannot_put_calmly_is_skipped(text: str, code: Code) -> None:
    assert soften(text, code) is None


@pytest.mark.parametrize("case", NO_POINT, ids=_ids)
def test_a_message_with_no_point_of_its_own_is_skipped_not_canned(case: tuple[str, Code]) -> None:
    """ "decide whatever you want" is not a break announcement, and "seriously?" is not
    "I'm upset about what happened": with nothing of the writer's point left, no rewrite."""
    text, code = case
    assert soften(text, code) is None


def test_distinct_points_never_share_a_rewrite() -> None:
    """Pinned: the hand-written messages' rewrites differ wherever their points differ."""
    seen: dict[str, str] = {}
    for text, code in EXAMPLES + NO_POINT:
        rewrite = soften(text, code)
        if rewrite is None:
            continue
        other = seen.setdefault(rewrite.softer, text)
        assert point_words(other) == point_words(text), (other, text, rewrite.softer)


@pytest.mark.parametrize(
    ("text", "code", "kept"),
    [
        ("You don't care about me at all", C.CRITICISM, {"care"}),
        ("Calm down, it's not a big deal", C.DISMISSAL, {"big", "deal"}),
        ("I didn't do anything wrong!", C.DEFENSIVENESS, {"wrong", "anything"}),
        ("whatever, I have work tomorrow", C.WITHDRAWAL, {"work", "tomorrow"}),
        ("we are talking about this tonight whether you like it or not", C.PRESSURE, {"tonight"}),
    ],
)
def test_a_word_that_is_dropped_only_inside_a_phrase_stays_elsewhere(
    text: str, code: Code, kept: set[str]
) -> None:
    """ "care" goes in "I don't care", not in "you don't care about me"; "deal" goes in "stop
    making it a big deal", not in "it's not a big deal"."""
    rewrite = soften(text, code)
    assert rewrite is not None
    assert kept <= set(_tokens(rewrite.softer)), rewrite.softer


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

    On these 44 messages 37 carry a harmful code before and 11 after (42 of the 44 rewrites
    carry a constructive code); the 11 keep the person's own view ("it was one dinner", "I was
    busy"), which the coder still reads as dismissal or defensiveness. The thresholds: at most
    half as many harmful messages after, and a constructive code (feeling, request, validation,
    announced break) in at least 90% of the rewrites.
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


# Generated messages in texting style: the concrete thing (OBJECTS) must survive every rewrite.
OBJECTS = ["the keys", "the dishes", "my texts", "the dinner", "the rent", "the car"]
BLAME_FRAMES = [
    "you {g}forget {o}",
    "you {g}leave {o} everywhere",
    "why do you {g}ignore {o}",
    "you forgot {o} again",
    "you didn't even check {o}",
    "why didn't you pay {o}",
    "you never sort out {o}",
    "{o} is a mess again, every single time",
]
PRESSURE_FRAMES = [
    "answer me about {o}",
    "call me about {o}",
    "tell me about {o}",
    "answer me, why didn't you bring {o}",
    "we need to talk about {o}",
]
SILENCE_FRAMES = [
    "whatever",
    "fine",
    "k",
    "i don't care",
    "do whatever you want",
    "decide whatever you want",
    "leave me alone",
    "i have work",
    "i'm going to bed",
    "i need to think about {o}",
]
OPENERS = [
    "",
    "omg ",
    "wow. ",
    "seriously?? ",
    "you're such an idiot. ",
    "ur so lazy, ",
    "oh wow, ",
]
ENDINGS = ["", "!!!", "??", " 🙄", " right now", ".", " AGAIN"]


@st.composite
def _messages(draw: st.DrawFn) -> tuple[str, Code, str | None]:
    kind = draw(st.sampled_from(["blame", "pressure", "silence"]))
    obj = draw(st.sampled_from(OBJECTS))
    if kind == "blame":
        frame = draw(st.sampled_from(BLAME_FRAMES))
        gen = draw(st.sampled_from(["", "always ", "never ", "ALWAYS ", "constantly "]))
        body = frame.format(g=gen, o=obj)
        code = draw(st.sampled_from([C.CRITICISM, C.CONTEMPT]))
    elif kind == "pressure":
        body, code = draw(st.sampled_from(PRESSURE_FRAMES)).format(o=obj), C.PRESSURE
    else:
        parts = draw(st.lists(st.sampled_from(SILENCE_FRAMES), min_size=1, max_size=2))
        body, code = ", ".join(parts).format(o=obj), C.WITHDRAWAL
        obj = obj if "{o}" in "".join(parts) else None
    text = draw(st.sampled_from(OPENERS)) + body + draw(st.sampled_from(ENDINGS))
    if draw(st.booleans()):
        text = re.sub(r"\byou\b", "u", re.sub(r"\byour\b", "ur", text))
    style = draw(st.sampled_from(["as is", "upper", "capitalised"]))
    if style == "upper":
        text = text.upper()
    elif style == "capitalised":
        text = text[:1].upper() + text[1:]
    return text, code, obj


@settings(max_examples=200, deadline=None)
@given(message=_messages())
def test_generated_messages_get_readable_rewrites_that_keep_the_thing(
    message: tuple[str, Code, str | None],
) -> None:
    text, code, obj = message
    rewrite = soften(text, code)
    if rewrite is None:
        return  # skipping is allowed; a bad example is not
    _readable(text, rewrite.softer, rewrite.rule)
    if obj is not None:
        assert obj.split()[-1] in rewrite.softer.lower(), f"{text!r} -> {rewrite.softer!r}"
    if code is not C.WITHDRAWAL:
        before = len(NEGATION.findall(ULTIMATUM.sub(" ", text.lower())))
        assert len(NEGATION.findall(rewrite.softer.lower())) >= before, rewrite.softer
    # the point survives: every content word outside the fixed lists (judged by this file's
    # own word lists, independently of the module's)
    point = [w for w in _tokens(COUNTER.sub(" ", text.lower())) if w not in STOP | REMOVABLE]
    softer = _tokens(rewrite.softer)
    lost = [w for w in point if not any(w.startswith(x) and len(x) >= 3 for x in softer)]
    assert not lost, f"{text!r} -> {rewrite.softer!r} lost {lost}"


@settings(max_examples=200, deadline=None)
@given(first=_messages(), second=_messages())
def test_two_different_points_never_get_the_same_rewrite(
    first: tuple[str, Code, str | None], second: tuple[str, Code, str | None]
) -> None:
    """No stock output: two messages share a rewrite only when they make the same point
    (same content words once put-downs, pressure and shut-downs are out), or both are
    skipped."""
    a, b = soften(first[0], first[1]), soften(second[0], second[1])
    if a is not None and b is not None and a.softer == b.softer:
        assert point_words(first[0]) == point_words(second[0]), (first[0], second[0], a.softer)
    for text, _, _ in (first, second):
        if not point_words(text):
            assert soften(text, first[1]) is None and soften(text, second[1]) is None
