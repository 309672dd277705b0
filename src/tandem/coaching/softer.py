"""Softer ways to say the same thing: rule-based rewrites that keep the person's point.

Each rule takes a message that fed the loop and puts its point into a form that invites a reply
instead of a retreat or a counter-attack:

* ``blame`` (criticism, contempt): *complaint + feeling + request*. The generalisation goes
  ("always", "every time"; "never" becomes the plain "don't"), the concrete thing stays, and a
  doable request follows when the complaint names something not done.
* ``pressure``: *a request with space*: the demand becomes "Could you ... when you're ready?",
  a why-question becomes what the person noticed, ultimatums and "right now" go.
* ``silence`` (withdrawal): *an announced break with a return time* instead of "whatever",
  keeping what else the message says ("I have work").
* ``dismissal``: *validate first*, then say your own view.
* ``defensive``: *acknowledge first*, then your side, without the counter-attack.

What the rules may take out is listed in :data:`REMOVABLE` (insults, swearing, sarcasm,
shouting, generalisations, demands for an immediate answer, the bare shut-down words of a
withdrawal) and what they may add is fixed text from the templates below; every other word of
the original stays, negations included. The rewrite never guesses a feeling the person did not
name beyond "upset" for a message that blamed, and never invents a topic. When a message cannot
be put calmly without guessing (an unknown past form after "never", a question the rules cannot
turn into a statement), :func:`soften` gives ``None`` and the plan shows another message.

A rewrite is never canned: a message with no words of its own point once the put-down, the
pressure or the shut-down is out ("whatever", "seriously?", "decide whatever you want") gets
``None`` rather than a stock sentence, and a rewrite that lost a word of the point
(:func:`point_words`, :func:`keeps_point`) is dropped. The plan then says the message needs the
writer's own words (:data:`NO_SOFTER`).

Examples
--------
>>> from tandem.domain import Code
>>> soften("You NEVER listen to me!!!", Code.CRITICISM).softer
"I get upset when you don't listen to me. Could you listen to me?"
>>> soften("answer me, why didn't you text", Code.PRESSURE).softer
"I noticed you didn't text. Could you please answer me when you're ready?"
>>> soften("whatever, I have work", Code.WITHDRAWAL).softer
"I have work. I need a break. I'll come back to this in 30 minutes, and I do want to finish it."
>>> soften("decide whatever you want", Code.WITHDRAWAL) is None  # no point of its own to keep
True
>>> soften("see you at 6", Code.NEUTRAL) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tandem.domain import Code

RULE_OF: dict[Code, str] = {
    Code.CRITICISM: "blame",
    Code.CONTEMPT: "blame",
    Code.PRESSURE: "pressure",
    Code.WITHDRAWAL: "silence",
    Code.DISMISSAL: "dismissal",
    Code.DEFENSIVENESS: "defensive",
}
"""Which rewrite rule each loop-feeding code gets."""

TEXTING: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "ya": "you",
    "pls": "please",
    "plz": "please",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "arent": "aren't",
    "im": "I'm",
    "ive": "I've",
    "youre": "you're",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "y": "why",
    "rn": "right now",
    "k": "ok",
    "kk": "ok",
    "u're": "you're",
    "urself": "yourself",
    "youd": "you'd",
    "youll": "you'll",
    "whatevr": "whatever",
    "watever": "whatever",
    "wateva": "whatever",
    "yourself": "yourself",
    "u've": "you've",
    "u'll": "you'll",
    "whats": "what's",
    "wats": "what's",
    "thats": "that's",
    "wheres": "where's",
    "hes": "he's",
    "shes": "she's",
    "theyre": "they're",
    "havent": "haven't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "ill": "I'll",
    "tho": "though",
    "abt": "about",
    "tmrw": "tomorrow",
    "2nite": "tonight",
    "2day": "today",
}
"""Texting spellings spelled out before rewriting (the meaning is the same)."""

INSULTS: frozenset[str] = frozenset(
    """idiot idiotic stupid pathetic useless selfish lazy ridiculous crazy psycho jerk loser dumb
    moron moronic childish clown insane hopeless worthless disgusting annoying immature
    unbelievable incompetent clueless slob pig genius""".split()
)
"""Words that attack the person; a softer version leaves them out."""

SWEARS: frozenset[str] = frozenset(
    """fucking fuckin fuck damn damned bloody goddamn freaking frickin wtf ffs omg ugh jeez
    seriously honestly literally omfg lol lmao smh""".split()
)
"""Swearing and exasperated fillers; left out."""

_INSULT_PHRASES = (
    r"what(?:'s| is) wrong with you",
    r"are you (?:kidding|serious)(?: me)?",
    r"grow up",
    r"shut up",
    r"get a grip",
    r"give me a break",
    r"oh great",
    r"oh wonderful",
    r"oh perfect",
    r"thanks a lot",
    r"nice job",
    r"well done",
    r"yeah right",
    r"big surprise",
    r"typical",
    r"as usual",
    r"of course you did",
    r"of course",
    r"wow",
    r"thanks for nothing",
    r"thanks for the effort",
    r"obviously",
    r"clearly",
    r"you(?:'re| are) (?:such |just |a )*(?:a )?joke",
    r"(?:it'?s |it is )?(?:all )?(?:your|ur) fault(?: that)?",
    r"(?:don't|doesn't|didn't|aren't|isn't|won't|can't) you$",
)
"""Sarcasm and put-downs with no point of their own."""

_PRESSURE_PHRASES = (
    r"right now",
    r"immediately",
    r"asap",
    r"this instant",
    r"this minute",
    r"now",
    r"hello+",
    r"helloo+",
    r"seriously",
    r"i'?m waiting",
    r"are you even there",
)
"""Demands for an immediate answer; a request with space drops them."""

_SHUTDOWN_PHRASES = (
    r"whatever you say",
    r"do whatever you want",
    r"whatever",
    r"whatevs",
    r"fine",
    r"ok(?:ay)?",
    r"sure",
    r"nvm",
    r"never ?mind",
    r"forget it",
    r"i don'?t care",
    r"i'?m done(?: talking)?(?: about (?:this|it))?",
    r"i can'?t do this(?: anymore)?",
    r"leave me alone",
    r"not now",
    r"i don'?t want to talk(?: about (?:this|it))?",
    r"i'?m not talking about (?:this|it)(?: anymore)?",
    r"can we not",
    r"drop it",
    r"k+",
    r"mhm+",
    r"yeah",
    r"yep",
)
"""The bare words of a shut-down; the announced break says what they mean instead."""

_CALM_DOWN = (
    r"calm down",
    r"relax",
    r"chill(?: out)?",
    r"get over it",
    r"let it go",
    r"move on",
)
"""Invalidating instructions with no point of their own."""

_LABELS = {
    r"you(?:'re| are) (?:just |totally |completely )?overreacting": "I see it as less serious "
    "than you do",
    r"you(?:'re| are) (?:being )?(?:so |too |way too )?dramatic": "I see it as less serious "
    "than you do",
    r"you(?:'re| are) (?:being )?(?:so |too |way too )?sensitive": "I see it as less serious "
    "than you do",
    r"(?:why (?:are|r) you |you(?:'re| are) )making (?:this |it )?(?:a |such a )?(?:huge |big )?"
    r"(?:deal|thing|fuss)(?: (?:out of|about|over) (?:nothing|this|it))?": "I see it as less "
    "serious than you do",
    r"stop being (?:so |too )?(?:sensitive|dramatic)": "I see it as less serious than you do",
}
"""Dismissive labels, said as the speaker's own view instead (same meaning, owned)."""

FEELINGS: frozenset[str] = frozenset(
    """upset hurt sad lonely alone scared afraid worried angry frustrated tired exhausted ignored
    unheard invisible disappointed anxious overwhelmed miss unloved unwanted""".split()
)
"""Feeling words; when the speaker already names one of their own ("I'm hurt"), the blame rule
adds none."""

REMOVABLE: frozenset[str] = frozenset(
    INSULTS
    | SWEARS
    | frozenset(
        w
        for pattern in (*_INSULT_PHRASES, *_PRESSURE_PHRASES, *_SHUTDOWN_PHRASES, *_CALM_DOWN)
        for w in re.sub(r"[^a-z' ]", " ", pattern).split()
    )
    | {"overreacting", "dramatic", "sensitive", "well", "so", "oh", "just", "even", "why"}
    | {"always", "ever", "anymore", "again", "once", "yet", "over", "constantly", "every"}
    | {"single", "time", "each", "all", "like", "usual", "at", "anything", "decide", "say"}
    | {"whether", "else", "kidding", "joking", "leaving", "gone", "there", "awake", "alive"}
    | {"where", "stop", "making", "thing", "big", "deal", "deep", "supposed", "what", "about"}
    | {"one", "who", "see", "told", "serious", "here", "go", "ok", "okay", "with", "want"}
    | {"fault", "then", "out", "have", "fun", "enjoy", "huge"}
)
"""Every word a rule may drop (plus "why" when a why-question becomes a statement). Tests check
that no other content word of the original is lost."""

NEGATIONS = re.compile(r"\b(?:not|no|never|nothing|nobody|nowhere|none|neither|nor)\b|n't\b")
"""Negations a rewrite must keep (counted in the original and in the rewrite)."""

_WHY = [
    (re.compile(r"^why (?:do|does) you (.+)$"), r"you \1"),
    (re.compile(r"^why (?:are) you (.+)$"), r"you are \1"),
    (re.compile(r"^why can'?t you (.+)$"), r"you can't \1"),
    (re.compile(r"^why don'?t you (.+)$"), r"you don't \1"),
    (re.compile(r"^why didn'?t you (.+)$"), r"you didn't \1"),
    (re.compile(r"^why won'?t you (.+)$"), r"you won't \1"),
    (re.compile(r"^why aren'?t you (.+)$"), r"you aren't \1"),
    (re.compile(r"^why haven'?t you (.+)$"), r"you haven't \1"),
    (re.compile(r"^why is it always (.+)$"), r"it is always \1"),
    (re.compile(r"^why is it (?:so )?hard (?:for you )?to (.+)$"), r"it seems hard for you to \1"),
]
_IMPERATIVE = re.compile(
    r"^(?:please )?(answer|call|reply|respond|text|talk|tell|listen|pick|come|look|explain|say|"
    r"stop|get back|write|ring)\b(.*)$"
)
_DONT_IMPERATIVE = re.compile(
    r"^(?:please )?(?:don'?t|do not) (ignore|leave|walk|hang|shut)\b(.*)$"
)
_NEVER = re.compile(r"\byou never (.+?)(?: anymore| again| at all)?$")
_OWN_FEELING = re.compile(
    r"\bI(?:'m| am| feel| felt| was| get)\b[^.?]*?\b(?:" + "|".join(sorted(FEELINGS)) + r")\b"
    r"|\bI miss\b",
    re.IGNORECASE,
)
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]")


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A message that fed the loop and a softer way to say the same thing."""

    original: str
    """The message as sent."""
    softer: str
    """The rewrite."""
    rule: str
    """Which rule: ``blame``, ``pressure``, ``silence``, ``dismissal`` or ``defensive``."""


def _words_pattern(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + "|".join(patterns) + r")(?![\w'])")


_INSULT_RE = _words_pattern(_INSULT_PHRASES)
_PRESSURE_RE = _words_pattern(_PRESSURE_PHRASES)
_SHUTDOWN_RE = re.compile(r"^(?:" + "|".join(_SHUTDOWN_PHRASES) + r")$", re.IGNORECASE)
_SARCASM_ALONE = re.compile(
    r"^(?:wonderful|brilliant|perfect|great|amazing|lovely|fantastic|sure|cool)$", re.IGNORECASE
)
_CALM_RE = _words_pattern(_CALM_DOWN)
_ATTACK_RE = re.compile(
    r"(?<![\w'])(?:(?:you(?:'re| are)|ur|this is|that(?:'s| is)|it(?:'s| is)) "
    r"(?:being |acting )?(?:so |such |really |totally |completely |just |a |an |such an? )*)?"
    r"(?:" + "|".join(sorted(INSULTS, key=len, reverse=True)) + r")(?![\w'])"
)
_SWEAR_RE = re.compile(r"(?<![\w'])(?:" + "|".join(sorted(SWEARS)) + r")(?![\w'])")


def _normalise(text: str) -> str:
    """Lowercase shouting, spell out texting, drop emoji and repeated punctuation."""
    text = _EMOJI.sub(" ", text)
    text = text.replace("’", "'").replace("…", ".")
    words = []
    for word in re.split(r"(\s+)", text):
        core = word.strip(".,!?;:")
        if len(core) > 1 and core.isupper():
            word = word.lower()
        lead, core, tail = re.match(r"^(\W*)(.*?)(\W*)$", word).groups()  # type: ignore[union-attr]
        if core.lower() in TEXTING:
            word = lead + TEXTING[core.lower()] + tail
        words.append(word)
    text = "".join(words)
    # "ur"/"its" before a description are "you're"/"it's" ("ur so lazy", "its just dinner")
    text = re.sub(
        r"\b(your|its) (?=(?:so|such|being|not|always|never|just|really|too|going|gonna|a|an|"
        r"late|wrong|right|nothing|fine|only|over|out|home|here|there|busy|the|acting|important|"
        r"ok|okay|true|done|been|" + "|".join(INSULTS) + r")\b)",
        lambda m: "you're " if m.group(1) == "your" else "it's ",
        text,
    )
    text = re.sub(r"[!]+", ".", text)
    text = re.sub(r"[?][?.!]*", "?", text)
    text = re.sub(r"\.{2,}", ".", text)
    return re.sub(r"\s+", " ", text).strip()


_QUESTION_START = re.compile(
    r"^(?:are|is|am|do|does|did|can|could|will|would|have|has|why|what|where|when|how|who|"
    r"was|were|should|shall)\b"
)


def _sentences(text: str) -> list[tuple[str, bool]]:
    """Split into (lower-case sentence without end mark, is_question).

    A clause after a comma that starts with a question word is a sentence of its own
    ("answer me, why didn't you text" is a demand and a question).
    """
    text = re.sub(r",\s+(?=(?:why|where|what|are you|is it|did you|do you)\b)", ". ", text)
    out = []
    for match in re.finditer(r"([^.?\n]+)([.?\n]*)", text):
        body = match.group(1).strip(" ,;:-").strip()
        if body:
            lowered = body.lower()
            question = "?" in match.group(2) or bool(_QUESTION_START.match(lowered))
            out.append((lowered, question))
    return out


def _tidy(sentence: str) -> str:
    sentence = re.sub(r"\s+", " ", sentence)
    sentence = re.sub(r"\s+([,;:])", r"\1", sentence)
    sentence = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", sentence)
    sentence = re.sub(r"\bi\b", "I", sentence)
    sentence = re.sub(r"\bi'", "I'", sentence)
    return sentence.strip(" ,;:-")


_HOLLOW = frozenset("this that it is was so such really very totally just a an the".split())


def _strip(sentence: str, *patterns: re.Pattern[str]) -> str:
    for pattern in patterns:
        sentence = pattern.sub(" ", sentence)
    sentence = re.sub(r"^(?:well|so|oh|and|but|just)\b\s*", "", _tidy(sentence))
    sentence = _tidy(sentence)
    if all(w in _HOLLOW for w in re.findall(r"[a-z']+", sentence.lower())):
        return ""  # only the frame of a removed put-down is left ("this is so ...")
    return sentence


def _cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:] if sentence else sentence


def _low(sentence: str) -> str:
    """Lower-case the first letter, except the word "I"."""
    if re.match(r"^I(?:\b|')", sentence):
        return sentence
    return sentence[:1].lower() + sentence[1:]


def _join(parts: list[str]) -> str:
    return " ".join(p for p in parts if p)


def _as_statement(sentence: str) -> tuple[str, bool]:
    for pattern, replacement in _WHY:
        if pattern.match(sentence):
            return pattern.sub(replacement, sentence), True
    return sentence, False


GENERALISERS = re.compile(
    r"(?<![\w'])(?:every (?:single )?time|all the time|each time|constantly|always|ever|anymore"
    r"|(?:once |yet |over and over )?again|for once|as usual|like always|at all)(?![\w'])"
)
"""Generalisations a rewrite drops: the complaint is about the concrete thing, not a verdict on
the person ("you always forget" becomes "you forget")."""

PAST_TO_BASE: dict[str, str] = {
    "called": "call",
    "texted": "text",
    "asked": "ask",
    "listened": "listen",
    "helped": "help",
    "replied": "reply",
    "answered": "answer",
    "said": "say",
    "told": "tell",
    "came": "come",
    "did": "do",
    "made": "make",
    "remembered": "remember",
    "cleaned": "clean",
    "cooked": "cook",
    "showed": "show",
    "planned": "plan",
    "checked": "check",
    "offered": "offer",
    "apologised": "apologise",
    "apologized": "apologize",
    "thanked": "thank",
    "invited": "invite",
    "noticed": "notice",
    "tried": "try",
    "cared": "care",
    "thought": "think",
    "wanted": "want",
    "paid": "pay",
    "picked": "pick",
}
"""Past forms after "never" turned into "didn't" + base form; an unknown past form means the
generalisation cannot be undone cleanly and the example is skipped."""

DOABLE: frozenset[str] = frozenset(
    """listen call text help ask tell answer reply come make spend cook clean say plan check take
    put pick let show talk include invite tidy wash share write ring message join give""".split()
)
"""Verbs a partner can simply do more of; "you never X" with one of them gets the request
"Could you X?". Others (care, love, think, notice ...) get an invitation to talk instead."""

_MIND_READING = re.compile(
    r"\b(?:care|cares|love|loves|matter|matters|mean|means|think|thinks|want|wants|respect|"
    r"appreciate|more than)\b"
)
_PAST = re.compile(
    r"\b(?:didn't|did not|wasn't|weren't|haven't|hasn't|forgot|left|lost|broke|missed|ruined|"
    r"was|were|ate|took|went|got|bought|threw|drank|gave|spent|sent|forgot|woke|slept|"
    r"" + "|".join(PAST_TO_BASE) + r")\b|^you \w+ed\b"
)
_NO_POINT = re.compile(
    r"^(?:you (?:do|did|say|said) (?:this|that|it)|you(?:'re| are) like this|here we go"
    r"|there you go|(?:are|is) you serious|you know what|see|told you|you'?re the one who \w+"
    r"|what about you|what am I supposed to do|unbelievable|I'm not kidding|I'm not joking)$"
)
_COUNTER_BLAME = re.compile(r"^(?:but )?(?:what about you|you'?re the one who\b.*)$")


def _ungeneralise(body: str) -> str | None:
    """Drop "always/every time/again"; turn "never" into the plain negative (or ``None``)."""
    body = GENERALISERS.sub(" ", body)

    def never(match: re.Match[str]) -> str:
        subject, verb = match.group(1), match.group(2)
        aux = "doesn't" if subject in ("he", "she", "it") else "don't"
        if verb in PAST_TO_BASE:
            return f"{subject} didn't {PAST_TO_BASE[verb]}"
        if verb.endswith("ed"):
            return match.group(0)  # unknown past form: left, and the caller gives up
        if subject in ("he", "she", "it") and verb.endswith("s"):
            verb = verb[:-1]
        return f"{subject} {aux} {verb}"

    body = re.sub(r"\b(you|we|they|he|she|it) never (\w+)", never, body)
    body = re.sub(r"\bnobody never\b", "nobody", body)
    body = _tidy(body)
    if re.search(r"\b(?:don't|doesn't|didn't) (?:anything|nothing|everything)\b", body):
        return ""  # "you never anything": no thing left to name
    if re.search(r"\b(?:always|never)\b", body):
        return None
    return body


def _clauses(text: str, *patterns: re.Pattern[str]) -> list[tuple[str, bool]]:
    """Sentences stripped of put-downs, split at ", " before a new subject."""
    out: list[tuple[str, bool]] = []
    for body, question in _sentences(_normalise(text)):
        pieces = re.split(r",\s*(?=(?:you|i|it|that|this|we|the|your|my)\b)", body)
        for k, piece in enumerate(pieces):
            last = k == len(pieces) - 1
            tag = re.search(r"[, ]+(?:ok|okay)$", piece)
            piece = _strip(piece[: tag.start()] if tag else piece, *patterns)
            alone = len(pieces) == 1
            asks = bool(_QUESTION_START.match(piece)) or (last and alone and question and not tag)
            if piece and not _SARCASM_ALONE.match(piece) and not _NO_POINT.match(piece):
                out.append((piece, asks))
    return out


def _request(body: str) -> str:
    """A doable request for a complaint about something not done, or an invitation to talk."""
    match = re.match(r"^you don't (\w+)(.*)$", body)
    if match and match.group(1) in DOABLE and not _MIND_READING.search(body):
        rest = re.sub(r"\b(?:anything|any more)\b", "more", match.group(2))
        return f"Could you {match.group(1)}{rest}?"
    return "Can we talk about it?"


_DISBELIEF = re.compile(r"^(?:I )?(?:can'?t|cannot) believe (?:that )?")
_FUNCTION = frozenset("do does did you me I are is am was were can could would will even".split())


def _blame(text: str) -> str | None:
    statements: list[str] = []
    unsaid = False
    for body, question in _clauses(text, _INSULT_RE, _ATTACK_RE, _SWEAR_RE):
        body = _DISBELIEF.sub("", body)
        body, converted = _as_statement(body)
        if question and not converted and _QUESTION_START.match(body):
            # a rhetorical or accusing question; its point, if any, is said elsewhere
            unsaid = unsaid or any(
                w not in _FUNCTION and w not in _HOLLOW for w in re.findall(r"[\w']+", body)
            )
            continue
        ungeneral = _ungeneralise(body)
        if ungeneral is None:
            return None
        body = re.sub(r"^another ", "it's another ", ungeneral)
        body = re.sub(r"\byou are\b", "you're", re.sub(r"\b(?:just|even) ", "", body))
        body = re.sub(r"^(?:you|it|that|this) (?:do|does|did) (?:this|that|it)$", "", body)
        if body and body not in statements:
            statements.append(body)
    if not statements:
        if unsaid:
            return None  # "do you even love me": the template would not keep its point
        return "I'm upset about what happened. Can we talk about it?"
    named = any(_OWN_FEELING.search(b) for b in statements)
    request = next(
        (r for r in map(_request, statements) if r != "Can we talk about it?"),
        "Can we talk about it?",
    )
    first, rest = statements[0], statements[1:]
    if named or re.match(r"^I(?:\b|')", first):
        opening = _cap(first) + "."
        if not named:
            opening = "I'm upset. " + opening
    elif first.startswith("it seems "):
        opening = f"I'm upset because {first}."
    elif _MIND_READING.search(first):
        opening = f"I'm upset because it feels like {first}."
    elif re.match(r"^you\b", first) and not _PAST.search(first):
        opening = f"I get upset when {first}."
    else:
        opening = f"I'm upset that {first}."
    return _join([opening, *(_cap(b) + "." for b in rest), request])


_TALK_PLAN = re.compile(r"^we(?:'re| are) (?:going to )?talk(?:ing)? about (.+)$")
_ULTIMATUM = re.compile(
    r",?\s*(?:whether you like it or not|or else|or I'?m (?:leaving|done|gone)|"
    r"I'?m not (?:kidding|joking)|if you don'?t(?: answer| reply)?)(?![\w'])"
)


_ACCUSED = re.compile(r"^(?:ignoring|avoiding|hiding|lying|dodging|blanking|ghosting)$")


def _pressure(text: str) -> str | None:
    statements: list[str] = []
    requests: list[str] = []
    ready = "when you're ready"
    for body, question in _clauses(
        _ULTIMATUM.sub(" ", _normalise(text)), _PRESSURE_RE, _INSULT_RE, _ATTACK_RE, _SWEAR_RE
    ):
        body = re.sub(
            r"^(?:are you (?:there|awake|alive)|you there|where are you|I'?m waiting|waiting)$",
            "",
            body,
        )
        if not body:
            continue
        body, converted = _as_statement(body)
        if match := _DONT_IMPERATIVE.match(body):
            statements.append(f"Please don't {match.group(1)}{match.group(2)}.")
        elif (match := re.match(r"^stop (\w+ing)\b(.*)$", body)) and _ACCUSED.match(match.group(1)):
            statements.append(f"It feels like you're {match.group(1)}{match.group(2)}.")
        elif match := _IMPERATIVE.match(body):
            verb = match.group(1)
            if verb == "stop":
                statements.append(_cap(body) + ".")
            else:
                rest = re.sub(r"\s*\bplease$", "", match.group(2))
                space = "" if re.search(r"\bwhen(?:ever)? you\b", rest) else f" {ready}"
                requests.append(f"Could you please {verb}{rest}{space}?")
        elif match := _TALK_PLAN.match(body):
            statements.append(f"I'd like us to talk about {match.group(1)}, if that works for you.")
        elif match := re.match(r"^you are (\w+ing)\b(.*)$", body):
            if not _ACCUSED.match(match.group(1)):
                return None
            statements.append(f"It feels like you're {match.group(1)}{match.group(2)}.")
        elif converted:
            tense = "noticed" if _PAST.search(body) else "notice"
            statements.append(f"I {tense} {body}.")
        elif re.search(r"\bneed to talk\b", body):
            statements.append(f"{_cap(body)}, {ready}. What time would work for you?")
            ready = ""
        elif match := re.match(r"^are you (\w+ing)\b(.*)$", body):
            if _ACCUSED.match(match.group(1)):
                statements.append(f"It feels like you're {match.group(1)}{match.group(2)}.")
            else:
                statements.append(f"I'd like to know if you're {match.group(1)}{match.group(2)}.")
        elif question:
            return None  # a question the rules cannot put as a calm statement: no example
        else:
            statements.append(_cap(body) + ".")
    if requests:
        return _join([*statements, requests[0]])
    if not ready or any(s.endswith("if that works for you.") for s in statements):
        return _join(statements)
    if any("I'd like" in s for s in statements):
        return _join([*statements, f"Let me know {ready}."])
    return _join([*statements, f"I'd like to hear from you {ready}."])


_SHUTDOWN_ANYWHERE = re.compile(
    r"(?<![\w'])(?:(?:just )?(?:do|decide|say|think) (?:whatever|what) you (?:want|like)"
    r"|whatever you say"
    r"|i don'?t care|whatever|forget it|never ?mind|nvm|drop it|not now|leave me alone"
    r"|i'?m done(?: talking)?(?: (?:about|with) (?:this|it))?|i can'?t do this(?: anymore)?"
    r"|i don'?t want to talk(?: about (?:this|it))?|i'?m not talking about (?:this|it)"
    r"(?: anymore)?|can we not(?: do (?:this|that))?|(?:go|have fun|enjoy)\b.* then"
    r"|ok(?:ay)?|fine|sure|yeah|yep|k+)(?![\w'])",
    re.IGNORECASE,
)


def _silence(text: str, minutes: int) -> str:
    kept: list[str] = []
    for body, question in _clauses(
        text, _INSULT_RE, _ATTACK_RE, _SWEAR_RE, GENERALISERS, _PRESSURE_RE
    ):
        pieces = [_tidy(_SHUTDOWN_ANYWHERE.sub(" ", p)) for p in body.split(",")]
        rest = [
            p
            for p in pieces
            if len(p.split()) > 1
            and not _SHUTDOWN_RE.match(p)
            and not all(w in _HOLLOW | {"do", "now", "then"} for w in p.lower().split())
        ]
        said = ", ".join(rest)
        asks = question and bool(_QUESTION_START.match(said))  # "i'm going to bed??" says
        sentence = _cap(said) + ("?" if asks else ".")
        if rest and sentence not in kept:
            kept.append(sentence)
    if any(re.search(r"\b(?:bed|sleep)\b", k) for k in kept):
        back = "I'll come back to this tomorrow, because I do want to finish it."
        return _join([*kept, back])
    back = f"I'll come back to this in {minutes} minutes, and I do want to finish it."
    return _join([*kept, "I need a short break." if not kept else "I need a break.", back])


_DISMISSIVE_ORDER = re.compile(
    r"(?<![\w'])(?:stop making (?:it|this) (?:a|such a) (?:thing|big deal)|get over it"
    r"|it'?s not that deep)(?![\w'])"
)


def _dismissal(text: str) -> str:
    parts: list[str] = []
    for body, question in _clauses(
        text, _CALM_RE, _DISMISSIVE_ORDER, _INSULT_RE, _ATTACK_RE, _SWEAR_RE
    ):
        for pattern, owned in _LABELS.items():
            body, n = re.subn(pattern, owned, body)
            question = question and not n
        if body and body not in parts:
            parts.append(body + ("?" if question else "."))
    opener = "I can see this matters to you, and I want to understand."
    if not parts:
        return f"{opener} Can you tell me more?"
    if re.match(r"^I(?:\b|')", parts[0]):
        return _join([opener, *map(_cap, parts)])
    return _join([opener, "To me, " + _low(parts[0]), *map(_cap, parts[1:])])


def _defensive(text: str) -> str:
    parts: list[str] = []
    for body, question in _clauses(text, _INSULT_RE, _ATTACK_RE, _SWEAR_RE):
        if _COUNTER_BLAME.match(body):
            continue
        parts.append(body + ("?" if question else "."))
    opener = "I hear that you're upset, and I want to understand."
    if not parts:
        return opener
    return _join([opener, "From my side, " + _low(parts[0]), *map(_cap, parts[1:])])


_MOVE_MARKERS: dict[str, re.Pattern[str]] = {
    "blame": re.compile(
        r"\byou(?:'re| are)? (?:\w+ )?(?:always|never|don't|didn't|can't|won't|even|again|forgot|"
        r"ignore|only|just don't)\b|\b(?:why|how come) (?:do|does|are|can't|don't|didn't|won't|is) "
        r"|\byour fault\b|\bagain\b|\bevery (?:single )?time\b|\bas usual\b|\btypical\b"
        r"|\bwow\b|\bseriously\b|\bwhat(?:'s| is) wrong with\b|\bthanks for (?:nothing|the effort)"
        r"|\bever\b|\bobviously\b|\boh (?:great|wonderful|perfect)\b|\bmore than (?:I|me)\b"
        r"|\b(?:" + "|".join(sorted(INSULTS)) + r")\b|!!|\U0001f644|\U0001f612",
        re.IGNORECASE,
    ),
    "pressure": re.compile(
        r"\?\?|\b(?:answer|reply|respond|call me|text me|talk to me|pick up|hello|need to talk|"
        r"waiting|ignor\w*|where are you|right now|asap|immediately|then when|"
        r"whether you like it or not|talking about this)\b"
        r"|\bwhy (?:aren't|haven't|won't|don't|didn't|arent|havent) you\b",
        re.IGNORECASE,
    ),
    "dismissal": re.compile(
        r"overreact|big deal|calm down|\brelax\b|\bchill\b|dramatic|sensitive|\bnothing\b|"
        r"get over|let it go|making (?:a|it a) thing|huge deal|why is this even|\btypical\b",
        re.IGNORECASE,
    ),
    "defensive": re.compile(
        r"\bnot my fault\b|\bI (?:didn't|did|was|already|said|know|had|have|tried|never)\b|"
        r"\bthat(?:'s| is) not\b|\bnot (?:true|fair)\b|\byou said\b|\bwhat about\b|\bbusy\b|"
        r"\bit wasn't\b|\bbut you\b",
        re.IGNORECASE,
    ),
}
"""Words that show the move each rule rewrites; without them a message is not rewritten."""
_STRONG_SHUTDOWN = re.compile(
    r"\b(?:whatever|fine|i don'?t care|i'?m done|leave me alone|forget it|not now|drop it|"
    r"can'?t do this|don'?t want to talk|not talking about|do whatever you want|nvm|never ?mind|"
    r"can we not|going to bed|i'?m (?:going|leaving|out)|gotta go|bye|good ?night)\b",
    re.IGNORECASE,
)


def shows_move(text: str, rule: str) -> bool:
    """Whether ``text`` shows, in words, the move ``rule`` rewrites.

    A coder may give a code from timing or context (a late "ok", a warm message read as
    sarcasm); a rewrite of such a message would put words in the person's mouth, so it is only
    offered when the words carry the move. For ``silence`` that is a shut-down phrase
    ("whatever", "I'm done", "fine") or a bare minimal reply ("k", "ok", a thumbs-up).

    Examples
    --------
    >>> shows_move("you never call", "blame"), shows_move("proud of you", "blame")
    (True, False)
    >>> shows_move("k", "silence"), shows_move("deal", "silence")
    (True, False)
    """
    expanded = _normalise(text)
    if rule == "silence":
        if _STRONG_SHUTDOWN.search(expanded):
            return True
        pieces = [p.strip() for p in re.split(r"[,.?]", expanded) if p.strip()]
        return all(_SHUTDOWN_RE.match(p) for p in pieces)
    if rule == "blame" and re.search(r"\b(?!OK\b)[A-Z]{2,}\b", text):
        return True  # shouting
    return bool(_MOVE_MARKERS[rule].search(text) or _MOVE_MARKERS[rule].search(expanded))


_FUNCTION_WORDS: frozenset[str] = frozenset(
    """a an the and or but to of in on at for with by from into onto as than then so if i me my
    mine myself you your yours yourself we us our ours he him his she her it its it's they them
    their this that these those is are was were be been being am do does did done have has had
    having will would can could should shall may might must i'm i've i'd i'll you're you've
    you'd you'll we're we've that's what's there's here's let's don't doesn't didn't can't won't
    isn't aren't wasn't weren't haven't hasn't hadn't wouldn't couldn't shouldn't not no never
    nothing nobody none nor neither very really too also only up down off how when where why
    what which who whom whose about over""".split()
)
"""Words that carry grammar rather than a point (negations are checked on their own)."""

_NOT_A_POINT = re.compile(
    r"(?<![\w'])(?:(?:but )?what about (?:you|me)|you'?re the one who \w+|go\b.* then"
    r"|(?:have fun|enjoy)\b.* then)(?![\w'])"
)
"""A counter-attack or a sarcastic permission: the move itself, not a point a rewrite keeps."""

NO_SOFTER = "No softer version: this one needs your own words."
"""What a plan shows for a message of the step's old move that has no honest rewrite."""


_LOOSE_WORDS: frozenset[str] = frozenset(
    INSULTS
    | SWEARS
    | {"well", "oh", "just", "even", "again", "anymore", "ever", "always", "every", "once"}
    | {"overreacting", "dramatic", "sensitive", "yet", "like", "still", "please", "stop"}
    | {"wonderful", "brilliant", "perfect", "great", "amazing", "lovely", "fantastic", "cool"}
)
"""Single words a rule may drop wherever they stand (the rest of :data:`REMOVABLE` goes only as
part of its phrase: "care" in "I don't care", not in "you don't care about me")."""

_POINTLESS_PHRASES: tuple[re.Pattern[str], ...] = (
    _NOT_A_POINT,
    re.compile(_ULTIMATUM.pattern, re.IGNORECASE),
    re.compile(r"(?<![\w'])(?:I )?(?:can'?t|cannot) believe(?: that)?(?![\w'])", re.IGNORECASE),
    *(re.compile(pattern) for pattern in _LABELS),
    _INSULT_RE,
    _ATTACK_RE,
    _SWEAR_RE,
    _PRESSURE_RE,
    _CALM_RE,
    _DISMISSIVE_ORDER,
    _SHUTDOWN_ANYWHERE,
    GENERALISERS,
    re.compile(
        r"(?<![\w'])(?:are you (?:there|awake|alive)|you there|where are you|i'?m waiting"
        r"|waiting|are you even there)(?![\w'])"
    ),
)
"""Phrases with no point of their own: put-downs, pressure, shut-downs, labels, generalisations."""


def point_words(text: str) -> frozenset[str]:
    """The content words of the writer's point in ``text``.

    What is left of the message once texting forms are spelled out and the phrases a rule takes
    out (insults, swearing, sarcasm, demands for an immediate answer, ultimatums, shut-downs,
    dismissive labels, generalisations, counter-attacks such as "what about you", sarcastic
    permissions such as "go out with your friends then"), grammar words and negations are set
    aside. A rewrite keeps every one of them (a past form after "never" may become its base
    form); a message with none ("whatever", "seriously?", "oh wow, thanks for the effort 🙄")
    has no point a template could keep, and :func:`soften` skips it rather than give a stock
    sentence.

    Examples
    --------
    >>> sorted(point_words("u NEVER text me back 🙄"))
    ['back', 'text']
    >>> point_words("decide whatever you want")
    frozenset()
    """
    kept = _normalise(text).lower()
    for pattern in _POINTLESS_PHRASES:
        kept = pattern.sub(" ", kept)
    words = (w.strip("'") for w in re.findall(r"[a-z0-9']+", kept))
    return frozenset(w for w in words if w and w not in _LOOSE_WORDS and w not in _FUNCTION_WORDS)


def keeps_point(text: str, softer: str) -> bool:
    """Whether every word of ``text``'s point (:func:`point_words`) is in ``softer``.

    Another form of the same word counts as kept ("you never called" → "you didn't call", "we
    are talking about this" → "I'd like us to talk about this").
    """
    said = set(re.findall(r"[a-z0-9']+", softer.lower()))

    def kept(word: str) -> bool:
        if word in said or PAST_TO_BASE.get(word) in said:
            return True
        # "talking" said as "talk", "called" as "call": the same word in another form
        return any(word.startswith(w) and len(w) >= 3 and len(word) - len(w) <= 3 for w in said)

    return all(kept(w) for w in point_words(text))


_DANGLING = re.compile(
    r"\b(?:a|an|the|such|to|of|and|your|my|very|really|is|are|was|were|being)[.?](?:\s|$)"
    r"|(?:^|[.?] )(?:Is|Are|Was|Were)[.?]"
)


def soften(text: str, code: Code | str, *, minutes: int = 30) -> Rewrite | None:
    """A softer way to say ``text``, for a message coded ``code``.

    Parameters
    ----------
    text : str
        The message as sent.
    code : Code or str
        The loop-feeding code it was given (criticism, contempt, pressure, withdrawal,
        dismissal, defensiveness); other codes get ``None``.
    minutes : int
        Break length offered by the ``silence`` rule.

    Returns
    -------
    Rewrite or None
        ``None`` when no rule applies, the text is empty, or its words do not show the move
        (see :func:`shows_move`).
    """
    rule = RULE_OF.get(Code(code))
    if rule is None or not text.strip() or not shows_move(text, rule):
        return None
    if not point_words(text):
        return None  # nothing of the writer's own point to keep: a template would be canned
    softer: str | None
    if rule == "blame":
        softer = _blame(text)
    elif rule == "pressure":
        softer = _pressure(text)
    elif rule == "silence":
        softer = _silence(text, minutes)
    elif rule == "dismissal":
        softer = _dismissal(text)
    else:
        softer = _defensive(text)
    if softer is None or _DANGLING.search(softer):
        return None  # a put-down cut out of the middle left a broken sentence: no example
    if not keeps_point(text, softer):
        return None  # the rule dropped part of the point: better no example than another one
    return Rewrite(original=text, softer=softer, rule=rule)
