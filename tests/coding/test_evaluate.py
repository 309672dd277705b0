"""Corpus, held-out set and the accuracy thresholds we hold ourselves to."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tandem.coding import FAST_CODERS, get_coder
from tandem.coding.base import BaseCoder
from tandem.coding.evaluate import (
    HARMFUL,
    by_group,
    evaluate,
    false_alarm_rate,
    load_labelled,
    out_of_fold,
    score,
    shipped,
)
from tandem.domain import CODES, Code
from tandem.errors import ParseError


def test_shipped_corpus_is_large_and_covers_every_code() -> None:
    data = shipped("corpus")
    assert len(data.texts) >= 1500
    per_code = data.y.sum(axis=0)
    assert per_code.min() >= 60, dict(zip([c.value for c in CODES], per_code.tolist(), strict=True))
    assert (data.y.sum(axis=1) > 1).sum() >= 50, "multi-label examples are present"


def test_heldout_set_is_separate_from_the_corpus() -> None:
    corpus = {t.lower() for t in shipped("corpus").texts}
    heldout = shipped("heldout")
    assert len(heldout.texts) >= 250
    assert not corpus & {t.lower() for t in heldout.texts}
    assert Counter(heldout.y.argmax(axis=1)).most_common()[-1][1] >= 15


# The held-out set was typed by the same team that wrote the lexicon and the corpus templates,
# in other phrasings; it measures generalisation beyond the templates, not to strangers' text.
# The floors sit a little under what we measured (docs/coding.md) so a regression that
# loses several points fails, while noise from a retrained model does not.
# The learned coder fell from 0.632 to 0.579 when it learned to leave everyday chat alone (a
# harmful code without a rules cue needed probability 0.9), and to 0.545 when such a code came
# to need a rules cue (2026-12-07): the held-out set is mostly harmful lines in keyword-free
# phrasings, exactly what the gate trades away for strangers' everyday text (8.9% -> 3.9%).
HELDOUT_FLOOR = {"rules": 0.47, "learned": 0.50}


@pytest.mark.parametrize("name", ["rules", "learned"])
def test_heldout_macro_f1_stays_above_floor(name: str) -> None:
    report = evaluate(get_coder(name), shipped("heldout"))
    assert report.macro_f1 >= HELDOUT_FLOOR[name]


def test_default_coder_is_the_fast_one_that_measures_best_on_heldout() -> None:
    heldout = shipped("heldout")
    f1 = {n: evaluate(get_coder(n), heldout).macro_f1 for n in FAST_CODERS}
    assert get_coder("default") is get_coder(max(f1, key=f1.__getitem__))


def test_score_counts_precision_recall_and_skips_absent_codes_in_macro() -> None:
    truth = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0]])
    guess = np.array([[1, 0, 0], [0, 1, 0], [0, 1, 0]])
    rep = score(truth, guess, codes=("a", "b", "c"))
    assert rep.per_code["a"].precision == 1.0 and rep.per_code["a"].recall == 0.5
    assert rep.per_code["b"].precision == 0.5 and rep.per_code["b"].recall == 1.0
    assert rep.macro_f1 == pytest.approx((2 / 3 + 2 / 3) / 2, abs=1e-4)


def test_bad_labelled_lines_name_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text('{"text": "hi", "codes": ["neutral"]}\n{"text": "x", "codes": ["angry"]}\n')
    with pytest.raises(ParseError, match=r"labels.jsonl, line 2: unknown code 'angry'"):
        load_labelled(path)
    path.write_text("{not json\n")
    with pytest.raises(ParseError, match="line 1: not valid JSON"):
        load_labelled(path)


OUTSIDE = Path(__file__).parent / "data" / "outside_author.jsonl"


def test_learned_coder_holds_up_on_text_the_coding_side_did_not_write() -> None:
    # 88 lines written by the project lead, not by anyone who wrote the corpus, lexicon or
    # held-out set (never used for tuning). Measured 0.861 before and 0.859 after the
    # everyday-chat work; 0.80 leaves room for retraining noise but not for a real regression.
    report = evaluate(get_coder("learned"), load_labelled(OUTSIDE))
    assert report.n == 88
    assert report.macro_f1 >= 0.80, report.macro_f1


@pytest.mark.parametrize("name", ["default", "rules", "learned"])
def test_everyday_chat_rarely_gets_a_harmful_code(name: str) -> None:
    # Couples' chats are mostly logistics and warmth; a harmful code on "see you at 7" inflates
    # the pursue and distance rates of the analysis. everyday.jsonl (197 lines) was written
    # after the corpus templates and is not used for training or tuning. Measured: 5.6% for
    # both coders (4.6% for the learned one since short messages need a rules cue); the floor
    # 8% fails if a change brings back the 22% of the old learned coder.
    data = shipped("everyday")
    assert len(data.texts) >= 190
    assert not {t.lower() for t in shipped("corpus").texts} & {t.lower() for t in data.texts}
    rate, wrong = false_alarm_rate(get_coder(name), data)
    assert rate < 0.08, [data.texts[i] for i in wrong]


def test_learned_evidence_names_the_words_that_pushed_the_decision() -> None:
    coder = get_coder("learned")
    text = "what you are feeling is completely understandable"
    (row,) = coder.code([text])
    assert row[0].code.value == "validation"
    # No lexicon phrase matches this line, so the evidence is the model's own: words of the
    # message, comma-separated, instead of the old "similar to: <every content word>". (Until
    # 2026-12-07 the line here was "nobody asked for your opinion", criticism; the lexicon has
    # that cue now, and a harmful code now always comes with a lexicon phrase.)
    words = row[0].evidence.split(", ")
    assert 1 <= len(words) <= 3
    assert all(w in text.split() for w in words), words
    assert "similar to" not in row[0].evidence


@pytest.mark.parametrize("text", ["wow", "ok", "lol", "fine.", "sure"])
def test_a_word_or_two_gets_only_what_the_rules_also_see(text: str) -> None:
    # "wow" came out contempt 0.999 and repair 0.92 at once (issue #9): one or two words give
    # the averaged embedding nothing to stand on, so the learned coder gives there only what
    # the rules coder finds too.
    learned = {a.code for a in get_coder("learned").code([text])[0]}
    rules = {a.code for a in get_coder("rules").code([text])[0]}
    assert learned - {Code.NEUTRAL} <= rules


# -- published examples (text nobody here wrote) ---------------------------------------------

PUBLISHED_KINDS = {
    "therapist or counsellor",
    "Gottman Institute material",
    "app, coaching or Q&A site",
    "magazine or lifestyle site",
    "personal blog, forum or book",
    "research or teaching",
}


def _check_provenance(rows: list[dict[str, Any]]) -> None:
    """Each line of a published set names a real page, its site, a kind and a title."""
    from urllib.parse import urlparse

    for row in rows:
        assert urlparse(row["url"]).scheme in {"http", "https"}, row
        assert urlparse(row["url"]).netloc.removeprefix("www.") == row["source"], row
        assert row["title"].strip() and row["kind"] in PUBLISHED_KINDS, row


def test_published_examples_carry_their_provenance_and_stay_out_of_training() -> None:
    data = shipped("published")
    path = Path(str(files("tandem.coding").joinpath("data", "published.jsonl")))
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    assert len(rows) == len(data.texts) >= 250
    assert len(set(data.sites)) >= 50, "many pages, so grouped CV has real groups"
    _check_provenance(rows)
    lowered = {t.lower() for t in data.texts}
    assert len(lowered) == len(rows), "no example twice"
    for other in ("corpus", "heldout", "everyday"):
        assert not lowered & {t.lower() for t in shipped(other).texts}, other
    # Every behaviour code a pursue-withdraw reader needs is present several times.
    per_code = dict(zip([c.value for c in CODES], data.y.sum(axis=0).tolist(), strict=True))
    assert min(v for k, v in per_code.items() if k != "neutral") >= 15, per_code


# Each hold-out was collected before a cue pass and no cue of that pass was written from it:
# its sites must not be among the sets collected before it, or it would not tell how a cue
# does on new pages. (The first hold-out became a development set for the second pass.)
HOLDOUTS = {
    "published_holdout": (100, 30),
    "published_holdout_2": (60, 25),
    "published_holdout_3": (50, 20),
    "published_holdout_4": (50, 20),
    "published_holdout_5": (40, 15),
    "published_holdout_6": (55, 30),
    "published_holdout_7": (85, 40),
    "published_holdout_8": (110, 50),
}
"""Hold-out sets in the order they were collected, with their least lines and sites."""


@pytest.mark.parametrize("name", sorted(HOLDOUTS))
def test_holdout_sets_come_from_other_sites_and_carry_their_provenance(name: str) -> None:
    min_lines, min_sites = HOLDOUTS[name]
    earlier = ("published", "everyday_published", *list(HOLDOUTS)[: list(HOLDOUTS).index(name)])
    data = shipped(name)
    path = Path(str(files("tandem.coding").joinpath("data", f"{name}.jsonl")))
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    assert len(rows) == len(data.texts) >= min_lines
    assert len(set(data.sites)) >= min_sites
    for other in earlier:
        assert not set(data.sites) & set(shipped(other).sites), other
    _check_provenance(rows)
    lowered = {t.lower() for t in data.texts}
    assert len(lowered) == len(rows), "no example twice"
    others = ("corpus", "heldout", "everyday", "published", "everyday_published", *HOLDOUTS)
    for other in (o for o in others if o != name):
        assert not lowered & {t.lower() for t in shipped(other).texts}, other


# Measured 2026-12-07 after four cue passes (docs/coding.md). Development sets, read while
# writing cues: published (rules 0.802, learned 0.791) and the first four hold-outs (0.896
# and 0.898; 0.756 and 0.761; 0.769 and 0.793; 0.622 and 0.620). The fifth hold-out, which no
# kept cue was written from: rules 0.365, learned 0.376, the same before and after the fourth
# pass. Issue #9's goal is 0.80 on text nobody here wrote, and the hold-outs show it is not
# met. The floors sit about 0.05 under the measures, so a change that makes strangers' text
# worse fails, while one line more or less (one of 43-66 lines moves macro-F1 by up to 0.05)
# does not.
PUBLISHED_FLOOR = {
    ("published", "rules"): 0.75,
    ("published", "learned"): 0.74,
    ("published_holdout", "rules"): 0.85,
    ("published_holdout", "learned"): 0.85,
    ("published_holdout_2", "rules"): 0.70,
    ("published_holdout_2", "learned"): 0.71,
    ("published_holdout_3", "rules"): 0.72,
    ("published_holdout_3", "learned"): 0.74,
    ("published_holdout_4", "rules"): 0.58,
    ("published_holdout_4", "learned"): 0.58,
    ("published_holdout_5", "rules"): 0.31,
    ("published_holdout_5", "learned"): 0.32,
    # Collected after the contextual coder shipped; no cue and no model has seen it. Measured
    # rules 0.605, learned 0.580, contextual 0.632 (59 lines; one line moves about 0.04).
    ("published_holdout_6", "rules"): 0.55,
    ("published_holdout_6", "learned"): 0.53,
    ("published_holdout_6", "contextual"): 0.58,
    # Collected the same way a session later (44 new sites); measured rules 0.581, learned
    # 0.628, contextual 0.660 (91 lines; one line moves about 0.02-0.03).
    ("published_holdout_7", "rules"): 0.54,
    ("published_holdout_7", "learned"): 0.59,
    ("published_holdout_7", "contextual"): 0.62,
    # Collected the same way in the eleventh session (117 lines, 55 new sites) and scored once
    # with the shipped coders: rules 0.575, learned 0.601, contextual 0.604 (one line moves
    # about 0.01-0.02).
    ("published_holdout_8", "rules"): 0.52,
    ("published_holdout_8", "learned"): 0.55,
    ("published_holdout_8", "contextual"): 0.55,
}


@pytest.mark.parametrize(("data_name", "coder_name"), sorted(PUBLISHED_FLOOR))
def test_coders_on_published_examples_do_not_regress(data_name: str, coder_name: str) -> None:
    report = evaluate(get_coder(coder_name), shipped(data_name))
    assert report.macro_f1 >= PUBLISHED_FLOOR[data_name, coder_name], report.macro_f1


# -- everyday messages written by strangers (issue #9: at most 5% harmful codes) -------------


def test_published_everyday_messages_carry_their_provenance_and_no_harm() -> None:
    data = shipped("everyday_published")
    path = Path(str(files("tandem.coding").joinpath("data", "everyday_published.jsonl")))
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    # The issue asks for 300+ everyday messages written by someone other than the corpus
    # author; many sites, so no one page's style decides the rate.
    assert len(rows) == len(data.texts) >= 300
    assert len(set(data.sites)) >= 50
    _check_provenance(rows)
    harmful = [CODES.index(c) for c in HARMFUL]
    assert data.y[:, harmful].sum() == 0, "an everyday set holds no harmful label"
    lowered = {t.lower() for t in data.texts}
    assert len(lowered) == len(rows), "no message twice"
    for other in ("corpus", "heldout", "everyday", "published", *HOLDOUTS):
        assert not lowered & {t.lower() for t in shipped(other).texts}, other


def test_strangers_everyday_messages_rarely_get_a_harmful_code() -> None:
    # Measured 2026-12-07 on the 359 messages (docs/coding.md), after the cue pass and with a
    # harmful code needing a rules cue: rules 4.7% (17), learned, the default, 3.9% (14).
    # Issue #9 asks for 5% or less (17 of 359): both coders must stay there.
    data = shipped("everyday_published")
    _, rules_wrong = false_alarm_rate(get_coder("rules"), data)
    _, learned_wrong = false_alarm_rate(get_coder("learned"), data)
    assert len(rules_wrong) <= 17, len(rules_wrong)
    assert len(learned_wrong) <= 17, len(learned_wrong)


def test_labelled_lines_group_by_template_then_site(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    lines = [
        {"text": "a", "codes": ["neutral"], "source": "one.org", "kind": "blog"},
        {"text": "b", "codes": ["neutral"], "source": "one.org", "kind": "blog"},
        {"text": "c", "codes": ["neutral"], "source": "two.org"},
        {"text": "d", "codes": ["neutral"], "source": "two.org", "template": 7},
        {"text": "e", "codes": ["neutral"]},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    data = load_labelled(path)
    g = data.groups.tolist()
    assert g[0] == g[1] != g[2], "one site, one group"
    assert g[3] == 7, "a template id wins over the site"
    assert len(set(g)) == 4
    assert data.sites == ("one.org", "one.org", "two.org", "two.org", "")
    assert data.kinds == ("blog", "blog", "", "", "")
    path.write_text('{"text": "a", "codes": [], "source": 3}\n')
    with pytest.raises(ParseError, match=r"line 1: \"source\" and \"kind\" must be strings"):
        load_labelled(path)


class _Remembering(BaseCoder):
    """Knows exactly the lines it was trained on, and nothing else (to see what a fold saw)."""

    def fit(self, X: Sequence[str], y: Any = None) -> _Remembering:
        super().fit(X)
        self.known_ = {t: np.asarray(row) for t, row in zip(X, y, strict=True)}
        return self

    def _scores(self, texts: list[str]) -> tuple[Any, dict[int, Any]]:
        out = np.zeros((len(texts), len(CODES)))
        for i, t in enumerate(texts):
            out[i] = self.known_.get(t, np.eye(len(CODES))[CODES.index(Code.NEUTRAL)])
        return out, {}


def test_out_of_fold_never_trains_on_the_site_it_predicts(tmp_path: Path) -> None:
    # Each site repeats its own line; a coder that saw the site would recall it. Out of fold,
    # the line is unknown (neutral), while the corpus passed as also_train is always known.
    path = tmp_path / "labels.jsonl"
    rows = [
        {"text": f"line of site {k}", "codes": ["criticism"], "source": f"s{k}.org"}
        for k in range(6)
        for _ in range(2)
    ]
    path.write_text("\n".join(json.dumps(x) for x in rows) + "\n")
    data = load_labelled(path)
    extra_path = tmp_path / "extra.jsonl"
    extra_path.write_text('{"text": "always known", "codes": ["repair"]}\n')
    extra = load_labelled(extra_path)
    guess = out_of_fold(_Remembering, data, also_train=extra, repeat=3)
    assert (guess[:, CODES.index(Code.NEUTRAL)] == 1).all()
    coder = _Remembering().fit([*extra.texts, *data.texts], np.vstack([extra.y, data.y]))
    assert coder.predict(["always known"])[0, CODES.index(Code.REPAIR)] == 1


def test_by_group_scores_each_site_alone() -> None:
    truth = np.zeros((4, len(CODES)), dtype=int)
    truth[:, CODES.index(Code.CRITICISM)] = 1
    guess = truth.copy()
    guess[2:] = 0
    guess[2:, CODES.index(Code.NEUTRAL)] = 1
    reports = by_group(truth, guess, ["a", "a", "b", ""])
    assert set(reports) == {"a", "b"}
    assert reports["a"].macro_f1 == 1.0 and reports["b"].macro_f1 == 0.0
    assert reports["b"].n == 1


# The three kind everyday messages that came back wrong. "wow" is fixed (above), the
# coffee since a harmful code needs a rules cue, the friend's question since a request needs
# a rules cue or probability 0.9 (both 2026-12-07).
def test_coffee_on_the_counter_is_not_criticism() -> None:
    (row,) = get_coder().code(["morning! coffee's on the counter for you"])
    assert not {a.code for a in row} & set(HARMFUL), row


def test_a_friend_asking_is_not_a_request() -> None:
    (row,) = get_coder().code(["Tom asked if I want to do the climbing trip"])
    assert {a.code for a in row} == {Code.NEUTRAL}, row
