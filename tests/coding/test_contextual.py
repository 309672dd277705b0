"""The contextual coder: a fine-tuned transformer, shipped as an int8 ONNX file."""

from __future__ import annotations

import importlib.util
import sys
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

from tandem.coding import get_coder
from tandem.coding.contextual import (
    TRAINED_ON,
    WHOLE_MESSAGE,
    ContextualCoder,
    seen_in_training,
)
from tandem.coding.evaluate import HARMFUL, evaluate, false_alarm_rate, shipped
from tandem.domain import Code

CODER = get_coder("contextual")


def _codes(text: str) -> set[Code]:
    return {a.code for a in CODER.code([text])[0]}


def test_the_model_ships_inside_the_package_with_its_licence() -> None:
    folder = Path(str(files("tandem.coding").joinpath("data", "contextual")))
    model = folder / "model.onnx"
    # int8 all-MiniLM-L6-v2 is about 23 MB; a float export (90 MB) or a missing file is a
    # packaging mistake that would bloat the wheel or break every install.
    assert 15e6 < model.stat().st_size < 30e6
    note = " ".join((folder / "LICENSE-MODEL.txt").read_text("utf-8").split())
    assert "Apache License, Version 2.0" in note and "fine-tuned" in note


def test_the_two_measuring_sets_were_never_trained_on() -> None:
    assert "heldout" not in TRAINED_ON and "everyday_published" not in TRAINED_ON
    assert seen_in_training(shipped("heldout").texts) == 0
    assert seen_in_training(shipped("everyday_published").texts) == 0
    assert seen_in_training(shipped("published_holdout_5").texts) == 43
    assert seen_in_training(shipped("published_holdout_6").texts) == 0
    assert seen_in_training(shipped("published_holdout_7").texts) == 0


# The held-out set (our own phrasings, mostly harmful lines without the lexicon's words) was
# not trained on. Measured with the shipped model: see docs/coding.md; the learned coder
# scores 0.555 there. The floor sits about 0.04 under the measure, so a retrained model that
# loses the gain fails.
HELDOUT_FLOOR = 0.58


def test_contextual_coder_beats_the_learned_one_on_the_heldout_set() -> None:
    contextual = evaluate(CODER, shipped("heldout")).macro_f1
    learned = evaluate(get_coder("learned"), shipped("heldout")).macro_f1
    assert contextual >= HELDOUT_FLOOR, contextual
    assert contextual > learned + 0.03, (contextual, learned)


def test_strangers_everyday_messages_rarely_get_a_harmful_code() -> None:
    # Issue #9: at most 5% of 300+ everyday messages written by strangers (17 of 359) get a
    # harmful code. The model never saw this set; the gate (a harmful code without a lexicon
    # cue needs harm_threshold) was chosen on the leave-one-set-out runs to stay under it.
    data = shipped("everyday_published")
    rate, wrong = false_alarm_rate(CODER, data)
    assert len(wrong) <= 17, [data.texts[i] for i in wrong]
    assert rate <= 0.05


# The issue's three kind everyday messages that came back wrong, for this coder too.
@pytest.mark.parametrize(
    "text",
    [
        "morning! coffee's on the counter for you",
        "wow",
        "Tom asked if I want to do the climbing trip",
    ],
)
def test_the_issues_kind_everyday_messages_get_no_harmful_code_or_request(text: str) -> None:
    assert not _codes(text) & {*HARMFUL, Code.REQUEST}, CODER.code([text])


def test_warmth_without_the_lexicons_words_is_read_as_repair() -> None:
    # 193 affectionate or appreciative everyday messages by strangers, never trained on. The
    # rules find 31% of them, the averaged embedding 67%; the transformer, reading whole
    # phrasings ("You're one of my favorite people to be around"), measured 75%. 0.72 fails a
    # retrained model that loses most of that gain.
    repair = evaluate(CODER, shipped("everyday_published")).per_code[Code.REPAIR.value]
    learned = evaluate(get_coder("learned"), shipped("everyday_published")).per_code["repair"]
    assert repair.recall >= 0.72 and repair.recall > learned.recall, (repair, learned)
    assert repair.precision >= 0.85, repair


def test_a_harmful_cue_keeps_the_model_from_adding_a_constructive_code_of_its_own() -> None:
    # The model gives "I hate you." repair 0.82 (it sits close to "I love you"). With the
    # lexicon's contempt cue in the message, a constructive code needs its own cue
    # (mixed_threshold=inf, chosen on the leave-one-set-out runs).
    assert _codes("I hate you.") == {Code.CONTEMPT}
    lenient = ContextualCoder(mixed_threshold=0.5).fit([])
    assert Code.REPAIR in {a.code for a in lenient.code(["I hate you."])[0]}
    # A constructive code with a cue of its own still counts where the lexicon finds harm
    # ("idiot"), and the model, reading the whole apology, gives no contempt.
    assert _codes("I'm sorry I called you an idiot") == {Code.RESPONSIBILITY}


def test_evidence_is_the_lexicons_words_or_says_there_were_none() -> None:
    (row,) = CODER.code(["you NEVER listen to me"])
    (criticism,) = [a for a in row if a.code is Code.CRITICISM]
    assert "NEVER" in criticism.evidence
    coded = CODER.code(["I'm so lucky to be with you."])[0]
    assert coded[0].code is Code.REPAIR, coded
    assert coded[0].evidence in (WHOLE_MESSAGE, *[a.evidence for a in coded])


def test_a_harmful_code_without_a_cue_needs_the_higher_threshold() -> None:
    texts = shipped("heldout").texts
    strict = ContextualCoder(harm_threshold=float("inf")).fit([])
    loose = ContextualCoder(harm_threshold=0.0).fit([])

    def harmful(coder: ContextualCoder) -> list[str]:
        return [a.evidence for row in coder.code(texts) for a in row if a.code in HARMFUL]

    # With an infinite bar, every harmful code carries a phrase of the lexicon; without one,
    # the model adds codes of its own, shown as read from the whole message.
    assert WHOLE_MESSAGE not in harmful(strict)
    assert harmful(loose).count(WHOLE_MESSAGE) > 10
    assert len(harmful(strict)) <= len(harmful(CODER)) <= len(harmful(loose))


ROOT = Path(__file__).resolve().parents[2]


def _script(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import ``scripts/<name>.py`` (not a package) for the length of one test."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_training_script_trains_on_exactly_the_sets_the_coder_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The script runs in its own environment, so it lists the sets itself; if the two lists
    # drift apart, seen_in_training (and the note of `tandem code --eval`) would lie.
    module = _script("train_contextual", monkeypatch)
    assert ("corpus", "everyday", *module.PUBLISHED) == TRAINED_ON


def test_the_loso_scorer_reproduces_the_recorded_run_and_refuses_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # benchmarks/loso holds the probabilities of the six leave-one-set-out runs; docs/coding.md
    # quotes their scores through the shipped gate (mean 0.649, hold-out 5 0.482). A file whose
    # rows no longer match the shipped set must be refused in one line, not scored against the
    # wrong lines.
    import numpy as np

    module = _script("score_loso", monkeypatch)
    folder = ROOT / "benchmarks" / "loso" / "layers6"
    assert module.main([str(p) for p in sorted(folder.glob("*.npz"))]) == 0
    out = capsys.readouterr().out
    assert "published_holdout_5         43    0.482" in out, out
    assert "mean                       624    0.649" in out, out
    saved = folder / "published_holdout_5.npz"
    with np.load(saved) as probs:
        stale = {name: probs[name][:-1] for name in probs.files}
    np.savez(tmp_path / "stale.npz", **stale)
    with pytest.raises(SystemExit, match="rows but the set has"):
        module.main([str(tmp_path / "stale.npz")])
