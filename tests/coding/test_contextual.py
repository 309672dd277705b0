"""The contextual coder: a fine-tuned transformer, shipped as an int8 ONNX file."""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coding import get_coder
from tandem.coding.contextual import (
    TRAINED_ON,
    WHOLE_MESSAGE,
    ContextualCoder,
    probabilities,
    rescale,
    seen_in_training,
    shipped_thresholds,
)
from tandem.coding.evaluate import HARMFUL, evaluate, false_alarm_rate, shipped
from tandem.domain import CODES, Code
from tandem.errors import InvalidChoice

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


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Tom asked if I want to do the climbing trip", Code.REQUEST, 0.3757),
        ("you never listen to me", Code.CRITICISM, 0.9476),
        ("could we talk tonight?", Code.REQUEST, 0.9240),
        ("I'm sorry, that was unfair of me", Code.RESPONSIBILITY, 0.9485),
        ("whatever. do what you want", Code.WITHDRAWAL, 0.9076),
    ],
)
def test_the_model_gives_the_same_probabilities_on_every_cpu(
    text: str, code: Code, expected: float
) -> None:
    # With int8 weights, CPUs without VNNI (AVX2 only) saturated onnxruntime's 16-bit sums and
    # moved these by up to 0.24 (the first went to 0.425, over the threshold); the weights
    # are stored as uint8 so that every CPU computes the same integers. The float parts of
    # the graph may differ in the last digits between CPUs: 0.002 allows that and nothing more.
    assert probabilities([text])[0, CODES.index(code)] == pytest.approx(expected, abs=0.002)


def test_the_two_measuring_sets_were_never_trained_on() -> None:
    assert "heldout" not in TRAINED_ON and "everyday_published" not in TRAINED_ON
    assert seen_in_training(shipped("heldout").texts) == 0
    assert seen_in_training(shipped("everyday_published").texts) == 0
    assert seen_in_training(shipped("published_holdout_5").texts) == 43
    assert seen_in_training(shipped("published_holdout_6").texts) == 0
    assert seen_in_training(shipped("published_holdout_7").texts) == 0
    assert seen_in_training(shipped("published_holdout_8").texts) == 0


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
    # An apology that names the insult it takes back is read as one phrase of the lexicon, so
    # the insult inside it is no cue of contempt (the model alone gives contempt 0.195 there,
    # enough with a cue under the shipped per-code thresholds); a bare insult still is.
    assert _codes("I'm sorry I called you an idiot") == {Code.RESPONSIBILITY}
    assert Code.CONTEMPT in _codes("sorry, you idiot")


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


def test_a_code_of_its_own_threshold_moves_only_that_code() -> None:
    texts = shipped("heldout").texts
    base = CODER.predict(texts)
    repair = CODES.index(Code.REPAIR)
    own = shipped_thresholds()
    strict = ContextualCoder(code_thresholds={**own, "repair": 0.95}).fit([]).predict(texts)
    loose = ContextualCoder(code_thresholds={**own, "repair": 0.1}).fit([]).predict(texts)
    # Repair is given less often at 0.95 and more often at 0.1; every other code (but neutral,
    # which is what is left) is decided exactly as before.
    assert strict[:, repair].sum() < base[:, repair].sum() < loose[:, repair].sum()
    others = [j for j, c in enumerate(CODES) if c not in (Code.REPAIR, Code.NEUTRAL)]
    assert (strict[:, others] == base[:, others]).all()
    assert (loose[:, others] == base[:, others]).all()


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [({"kindness": 0.5}, "'kindness' is not a code"), ({"repair": 1.5}, "between 0 and 1")],
)
def test_a_wrong_code_threshold_is_refused_in_one_line(
    thresholds: dict[str, float], message: str
) -> None:
    with pytest.raises(InvalidChoice, match=message):
        ContextualCoder(code_thresholds=thresholds).fit([])


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.05, 0.95),
)
def test_rescaling_keeps_order_and_puts_each_codes_threshold_on_the_shared_one(
    p: float, q: float, own: float, threshold: float
) -> None:
    # A code's own threshold must land exactly on the shared one (so "assigned" means the
    # same for every code), a higher probability must never get a lower score, and scores
    # stay between 0 and 1.
    low, high = sorted((p, q))
    probs = np.array([[low] * len(CODES), [high] * len(CODES), [own] * len(CODES)])
    out = rescale(probs, np.full(len(CODES), own), threshold)
    criticism = CODES.index(Code.CRITICISM)
    assert out[0, criticism] <= out[1, criticism]
    assert out[2, criticism] == pytest.approx(threshold)
    assert ((out >= 0.0) & (out <= 1.0)).all()


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
    # quotes their scores through the shipped gate (mean 0.713, hold-out 5 0.475). A file whose
    # rows no longer match the shipped set must be refused in one line, not scored against the
    # wrong lines.
    import numpy as np

    module = _script("score_loso", monkeypatch)
    folder = ROOT / "benchmarks" / "loso" / "layers6"
    assert module.main([str(p) for p in sorted(folder.glob("*.npz"))]) == 0
    out = capsys.readouterr().out
    assert "published_holdout_5         43    0.475" in out, out
    assert "mean                       624    0.713" in out, out
    saved = folder / "published_holdout_5.npz"
    with np.load(saved) as probs:
        stale = {name: probs[name][:-1] for name in probs.files}
    np.savez(tmp_path / "stale.npz", **stale)
    with pytest.raises(SystemExit, match="rows but the set has"):
        module.main([str(tmp_path / "stale.npz")])


def test_choosing_each_codes_threshold_scores_at_least_its_start_within_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The per-code search (scripts/score_loso.py --per-code) may only keep a change that
    # raises the mean macro-F1 of the runs it is chosen on, and never one that breaks the
    # false-alarm bound; docs/coding.md records why its choice is not shipped.
    module = _script("score_loso", monkeypatch)
    folder = ROOT / "benchmarks" / "loso" / "layers6"
    runs = [module.load_run(p) for p in sorted(folder.glob("*.npz"))[:2]]
    start = module.Gate(0.4, 0.8, float("inf"))
    before = module.measure(runs, start)
    mean, chosen = module.per_code_search(runs, start, bound=0.05, passes=1)
    after = module.measure(runs, chosen)
    assert mean == pytest.approx(after.mean)
    assert after.mean >= before.mean
    assert after.worst_false_alarms <= 0.05


def test_the_shipped_per_code_thresholds_were_chosen_with_the_coders_other_thresholds() -> None:
    # thresholds.json records the whole gate it was chosen with; if the constructor's defaults
    # moved without a new search, the per-code values would belong to another gate.
    path = files("tandem.coding").joinpath("data", "contextual", "thresholds.json")
    record = json.loads(path.read_text("utf-8"))
    coder = ContextualCoder()
    assert record["threshold"] == coder.threshold
    assert record["harm_threshold"] == coder.harm_threshold
    assert float(record["mixed_threshold"]) == coder.mixed_threshold
    assert "--max-false-alarms 0.04" in record["chosen_by"]
    fitted = coder.fit([])
    for name, value in record["codes"].items():
        assert fitted.code_thresholds_[CODES.index(Code(name))] == value
