"""Language of a conversation: English chats are read, others are named and not coded.

The detector is ``langdetect`` (a published model, not trained here); these tests pin how
Tandem uses it: whole conversations, repeats and odd messages not allowed to decide, a guess
left open when there is too little text, and roles withheld only when it is sure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coding.language import detect_language, language_note

HERE = Path(__file__).resolve().parent
OUTSIDE = [json.loads(line)["text"] for line in (HERE / "data" / "outside_author.jsonl").open()]

CHATS = {
    "de": [
        "Du bist immer beschäftigt. Nie hast du Zeit für mich",
        "Warum antwortest du nicht? Wir müssen reden.",
        "Ich kann jetzt nicht. Lass mich einfach in Ruhe.",
        "Es tut mir leid wegen gestern, ich vermisse dich.",
        "Können wir heute Abend in Ruhe sprechen?",
        "Wo bleibst du? Das Essen wird kalt.",
        "Du hörst mir nie zu, wenn ich etwas sage.",
        "Ich brauche eine Pause, in zwanzig Minuten bin ich zurück.",
        "Schon gut, bis später.",
    ],
    "es": [
        "Nunca tienes tiempo para mí, siempre estás ocupado.",
        "¿Por qué no me contestas? Tenemos que hablar.",
        "Ahora no puedo, déjame en paz un rato.",
        "Perdona por lo de ayer, te echo de menos.",
        "¿Podemos hablar esta noche con calma?",
        "¿Dónde estás? La cena se está enfriando.",
        "Nunca me escuchas cuando te digo algo.",
        "Necesito un descanso, vuelvo en veinte minutos.",
        "Vale, hasta luego.",
    ],
    "fr": [
        "Tu n'as jamais de temps pour moi, tu es toujours occupé.",
        "Pourquoi tu ne réponds pas ? Il faut qu'on parle.",
        "Je ne peux pas maintenant, laisse-moi tranquille.",
        "Désolé pour hier, tu me manques.",
        "On peut en parler ce soir, calmement ?",
        "Tu es où ? Le dîner refroidit.",
        "Tu ne m'écoutes jamais quand je te parle.",
        "J'ai besoin d'une pause, je reviens dans vingt minutes.",
        "D'accord, à plus tard.",
    ],
}
"""Short chats in languages Tandem does not code (written here, in everyday words)."""


def test_the_examples_of_the_issue_are_named_and_withheld() -> None:
    guess = detect_language(CHATS["de"])
    assert (guess.code, guess.supported) == ("de", False)
    note = language_note(guess)
    assert "German" in note and "not shown rather than guessed" in note


@pytest.mark.parametrize(("code", "name"), [("es", "Spanish"), ("fr", "French")])
def test_other_languages_are_named(code: str, name: str) -> None:
    guess = detect_language(CHATS[code])
    assert (guess.code, guess.name, guess.supported) == (code, name, False)


def test_english_written_by_someone_else_is_read() -> None:
    # Every window of 20 messages from the outside author's set reads as English.
    windows = [OUTSIDE[k : k + 20] for k in range(0, len(OUTSIDE) - 19, 10)]
    assert len(windows) >= 6
    for window in windows:
        guess = detect_language(window)
        assert guess.supported, (guess, window[:3])


def test_repeats_and_blobs_do_not_decide() -> None:
    assert detect_language(["dinner at 7?"] * 40).code is None  # one phrase: too little
    english = OUTSIDE[:12]
    assert detect_language([*english, "x" * 100_000, "you " * 25_000, "?" * 5000]).supported


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=40))
def test_any_text_gives_an_answer_and_short_text_is_left_open(texts: list[str]) -> None:
    guess = detect_language(texts)
    assert 0.0 <= guess.share <= 1.0
    if sum(len(t) for t in texts) < 200:
        assert guess.code is None and guess.supported  # too little to tell: never withheld
