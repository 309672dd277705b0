"""Which language a conversation is written in, and whether Tandem's coders read it.

The coders were built for English (their rules and their learned vocabulary are English), so a
chat in another language would be coded as if it were English and come out mostly "neutral",
with roles printed on nothing. :func:`detect_language` looks at the whole conversation once,
offline (``langdetect``'s character n-gram profiles, shipped inside the package), and
:func:`language_note` says plainly when roles must be withheld.

Examples
--------
>>> german = ["Du bist immer beschäftigt.", "Nie hast du Zeit für mich.",
...           "Ich weiß nicht, was ich noch sagen soll.", "Können wir heute Abend reden?",
...           "Lass mich einfach in Ruhe, ich brauche eine Pause.", "Es tut mir leid.",
...           "Wo bleibst du? Das Essen wird kalt.", "Stau. Bin gleich da.",
...           "Du hörst mir nie zu, wenn ich etwas sage."]
>>> guess = detect_language(german)
>>> guess.code, guess.name, guess.supported
('de', 'German', False)
>>> english = ["are you coming home for dinner?", "yes, around 7, love you",
...            "can we talk tonight about the weekend plans?", "sure, after the kids sleep",
...            "you never listen to me", "I need twenty minutes, back at nine",
...            "ok. I'm sorry I pushed", "groceries later?", "whatever"]
>>> detect_language(english).supported
True
>>> detect_language(["hello?"] * 12).code is None  # too little to tell: left open
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SUPPORTED_LANGUAGES = ("en",)
"""Languages the coders read (ISO 639-1)."""
SAMPLE_CHARS = 20_000
"""Text read for the guess: enough for a sure answer, spread over the whole chat."""
MIN_LETTERS = 200
"""Below this many letters the guess is left open: a few short words ("hello?", "ok") fit
many languages, and a wrong guess would hide a couple's roles."""
MIN_MESSAGES = 8
"""Distinct messages needed before the language is named."""
MAX_READ = 3000
"""Messages looked at, at most, spread evenly over a long chat (a guess needs no more)."""
MAX_WORDS = 60
"""Words read from each message."""
MAX_WORD = 25
"""Longer "words" are links, codes or keyboard runs, not language."""
SURE = 0.8
"""Probability the detector must give another language before roles are withheld."""
SUPPORTED_SHARE = 0.5
"""A chat counts as readable when at least this share of it looks like a supported language."""

NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "kn": "Kannada",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ne": "Nepali",
    "nl": "Dutch",
    "no": "Norwegian",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "so": "Somali",
    "sq": "Albanian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh-cn": "Chinese",
    "zh-tw": "Chinese",
}
"""Names of the languages the detector knows."""


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The conversation's main language, how sure the guess is, and whether it is read."""

    code: str | None
    """ISO 639-1 code (``"de"``), or ``None`` when there was too little text to tell."""
    share: float
    """The detector's probability for that language, 0 to 1."""
    supported_share: float
    """Probability that the text is in a language the coders read."""

    @property
    def name(self) -> str:
        """The language's English name (``"an unknown language"`` without a guess)."""
        return NAMES.get(self.code or "", self.code or "an unknown language")

    @property
    def supported(self) -> bool:
        """Whether the coders read it (too little text to tell counts as readable)."""
        return self.code is None or self.supported_share >= SUPPORTED_SHARE

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "code": self.code,
            "name": self.name,
            "share": round(self.share, 3),
            "supported": self.supported,
        }


def _words(text: str) -> str:
    """A message as the detector should see it: each word once, no runs or pasted blobs."""
    found = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text)
    kept = dict.fromkeys(w for w in found if len(w) <= MAX_WORD and len(set(w.lower())) > 1)
    return " ".join(list(kept)[:MAX_WORDS])


def _sample(texts: Iterable[str]) -> list[str]:
    """Distinct messages, each reduced to its distinct words, spread over the chat.

    Repeats and odd messages would otherwise decide the guess alone ("dinner at 7?" forty
    times reads as Afrikaans; one message of 100,000 x's reads as Somali).
    """
    spread = list(texts)
    spread = spread[:: max(1, len(spread) // MAX_READ)]  # a long chat: every k-th message
    distinct = list(dict.fromkeys(w for w in map(_words, spread) if w))
    total = sum(len(t) for t in distinct)
    step = max(1, -(-total // SAMPLE_CHARS))
    return distinct[::step]


def detect_language(texts: Iterable[str]) -> LanguageGuess:
    """Guess the main language of a conversation from its messages' texts.

    Pass the written messages only (no media placeholders or system lines). Deterministic (the
    detector's random restarts are seeded) and offline. The guess is left open (``code`` is
    ``None``, counted as readable) unless there are :data:`MIN_MESSAGES` distinct messages with
    :data:`MIN_LETTERS` letters, and a language other than English is named only when the
    detector gives it at least :data:`SURE`.
    """
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    open_guess = LanguageGuess(code=None, share=0.0, supported_share=1.0)
    sample = _sample(texts)
    if len(sample) < MIN_MESSAGES or sum(c.isalpha() for t in sample for c in t) < MIN_LETTERS:
        return open_guess
    DetectorFactory.seed = 0
    try:
        found = detect_langs("\n".join(sample))
    except LangDetectException:
        return open_guess
    top = found[0]
    supported = sum(g.prob for g in found if g.lang in SUPPORTED_LANGUAGES)
    if top.lang not in SUPPORTED_LANGUAGES and top.prob < SURE:
        return LanguageGuess(code=top.lang, share=float(top.prob), supported_share=1.0)
    return LanguageGuess(code=top.lang, share=float(top.prob), supported_share=float(supported))


def language_note(guess: LanguageGuess) -> str:
    """What to tell the couple when their chat's language is not read (``""`` when it is)."""
    if guess.supported:
        return ""
    return (
        f"These messages look written in {guess.name}. Tandem reads only English so far, so it "
        "cannot tell pressing from pulling away here, nor look for signs of fear or threats; "
        "roles and the loop are not shown rather than guessed."
    )
