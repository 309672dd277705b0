"""Softer ways to say the same thing: rule-based rewrites that keep the person's point.

Each rule takes a message that fed the loop and puts its point into a form that invites a reply
instead of a retreat or a counter-attack:

* ``blame`` (criticism, contempt): *complaint + feeling + request*. "You never listen!!" becomes
  "I'm upset because it feels like you never listen. Could you listen?"
* ``pressure``: *a request with space*. "Answer me NOW" becomes "I'd like you to answer me, when
  you're ready. Can you let me know when would work for you?"
* ``silence`` (withdrawal): *an announced break with a return time* instead of "whatever".
* ``dismissal``: *validate first*, then say your own view.
* ``defensive``: *acknowledge first*, then your side.

What the rules may take out is listed in :data:`REMOVABLE` (insults, swearing, sarcasm, shouting,
demands for an immediate answer, the bare shut-down words of a withdrawal) and what they may add
is fixed text from the templates below; every other word of the original stays, negations
included. The rewrite never guesses a feeling the person did not name beyond "upset" for a
message that blamed, and never invents a topic.

Examples
--------
>>> from tandem.domain import Code
>>> soften("You NEVER listen to me!!!", Code.CRITICISM).softer
"I'm upset because it feels like you never listen to me. Could you listen to me?"
>>> soften("answer me right now", Code.PRESSURE).softer
"I'd like you to answer me, when you're ready. Can you let me know when would work for you?"
>>> soften("whatever", Code.WITHDRAWAL).softer
"I need a short break. I'll come back to this in 30 minutes, and I do want to finish it."
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
}
"""Texting spellings spelled out before rewriting (the meaning is the same)."""

INSULTS: frozenset[str] = frozenset(
    """idiot idiotic stupid pathetic useless selfish lazy ridiculous crazy psycho jerk loser dumb
    moron moronic childish clown joke insane hopeless worthless disgusting annoying immature
    unbelievable incompetent clueless""".split()
)
"""Words that attack the person; a softer version leaves them out."""

SWEARS: frozenset[str] = frozenset(
    """fucking fuckin fuck damn damned bloody goddamn freaking frickin wtf ffs omg ugh jeez
    seriously honestly literally""".split()
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


def _blame(text: str) -> str:
    parts: list[str] = []
    request = "Can we talk about it?"
    for body, question in _sentences(_normalise(text)):
        body = _strip(body, _INSULT_RE, _ATTACK_RE, _SWEAR_RE)
        if not body or _SARCASM_ALONE.match(body):
            continue
        body, converted = _as_statement(body)
        if match := _NEVER.search(body):
            request = f"Could you {match.group(1)}?"
        parts.append(_cap(body) + ("?" if question and not converted else "."))
    if not parts:
        return "I'm upset about what happened. Can we talk about it?"
    named = any(_OWN_FEELING.search(p) for p in parts)
    first = parts[0]
    if not named and first.startswith("It seems "):
        parts[0] = "I'm upset because " + _low(first)
    elif not named:
        if re.match(r"^(?:You|Your|This|That|It|The|We|Every|Another|All)\b", first) and not (
            first.endswith("?")
        ):
            parts[0] = "I'm upset because it feels like " + _low(first)
        else:
            parts.insert(0, "I'm upset.")
    return _join([*parts, request])


def _pressure(text: str) -> str:
    parts: list[str] = []
    for body, question in _sentences(_normalise(text)):
        body = _strip(body, _PRESSURE_RE, _INSULT_RE, _ATTACK_RE, _SWEAR_RE)
        if not body:
            continue
        body, converted = _as_statement(body)
        if match := _DONT_IMPERATIVE.match(body):
            body = f"I'd like you not to {match.group(1)}{match.group(2)}"
        elif match := _IMPERATIVE.match(body):
            body = f"I'd like you to {match.group(1)}{match.group(2)}"
        elif converted:
            body = f"I notice {body}"
        parts.append(_cap(_tidy(body)) + ("?" if question and not converted else "."))
    ask = "Can you let me know when would work for you?"
    if not parts:
        return f"I'd like to hear from you when you're ready. {ask}"
    last = parts[-1]
    if last.endswith("?"):
        return _join([*parts, f"I'd like to hear from you when you're ready. {ask}"])
    if last.startswith(("I notice", "I'd like you not")):
        return _join([*parts, f"I'd like to hear from you when you're ready. {ask}"])
    parts[-1] = last[:-1] + ", when you're ready."
    return _join([*parts, ask])


def _silence(text: str, minutes: int) -> str:
    kept: list[str] = []
    for body, question in _sentences(_normalise(text)):
        body = _strip(body, _INSULT_RE, _ATTACK_RE, _SWEAR_RE)
        pieces = [p.strip() for p in re.split(r",", body)]
        rest = [p for p in pieces if p and not _SHUTDOWN_RE.match(p)]
        if rest:
            kept.append(_cap(_tidy(", ".join(rest))) + ("?" if question else "."))
    back = f"I'll come back to this in {minutes} minutes, and I do want to finish it."
    return _join([*kept, "I need a short break.", back])


def _dismissal(text: str) -> str:
    parts: list[str] = []
    for body, question in _sentences(_normalise(text)):
        body = _strip(body, _CALM_RE, _INSULT_RE, _ATTACK_RE, _SWEAR_RE)
        for pattern, owned in _LABELS.items():
            body = re.sub(pattern, owned, body)
        if body:
            parts.append(_cap(_tidy(body)) + ("?" if question else "."))
    opener = "I can see this matters to you, and I want to understand."
    if not parts:
        return f"{opener} Can you tell me more?"
    if re.match(r"^I(?:\b|')", parts[0]):
        return _join([opener, *parts])
    return _join([opener, "To me:", _low(parts[0]), *parts[1:]])


def _defensive(text: str) -> str:
    parts: list[str] = []
    for body, question in _sentences(_normalise(text)):
        body = _strip(body, _INSULT_RE, _ATTACK_RE, _SWEAR_RE)
        if body:
            parts.append(_cap(body) + ("?" if question else "."))
    opener = "I hear that you're upset, and I want to understand."
    if not parts:
        return opener
    return _join([opener, "From my side:", _low(parts[0]), *parts[1:]])


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
    return Rewrite(original=text, softer=softer, rule=rule)
