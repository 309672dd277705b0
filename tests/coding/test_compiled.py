"""The on-disk cache of compiled patterns: same pattern as ``re.compile``, never a failure."""

from __future__ import annotations

import array
import functools
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.coding import _compiled
from tandem.coding._compiled import compile_cached
from tandem.coding.rules import load_lexicon

CUES = r"[^\w'](?:you (?:never|always)|u never|(?P<sorry>sorry(?: not sorry)?)|k\W*$)"


def _entry(folder: Path) -> Path:
    (entry,) = folder.iterdir()
    return entry


def test_a_second_compile_reads_the_program_instead_of_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = compile_cached(CUES, re.MULTILINE, tmp_path)
    assert _entry(tmp_path).suffix == ".sre"

    def refuse(*args: object) -> None:
        raise AssertionError("parsed again although the program was cached")

    monkeypatch.setattr(re._parser, "parse", refuse)  # type: ignore[attr-defined]
    again = compile_cached(CUES, re.MULTILINE, tmp_path)
    assert (again.pattern, again.flags, again.groupindex) == (
        first.pattern,
        first.flags,
        first.groupindex,
    )
    text = " sorry not sorry, you never call\nk"
    assert [m.group(0) for m in again.finditer(text)] == [m.group(0) for m in first.finditer(text)]


@given(st.text(alphabet=" youneversaksorty'\n.!?", max_size=60))
@settings(max_examples=200)
def test_the_cached_lexicon_pattern_matches_as_a_fresh_compile(text: str) -> None:
    # The shipped scanning pattern, read back from the cache, against the same pattern compiled
    # by re itself: same matches, same spans, same captured cue.
    cached = load_lexicon().pattern
    fresh = _fresh(cached.pattern, cached.flags)
    assert [(m.span(), m.group(1)) for m in cached.finditer(text)] == [
        (m.span(), m.group(1)) for m in fresh.finditer(text)
    ]


@functools.cache
def _fresh(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json\n\x00\x01",
        b'{"flags": 32, "groups": 1, "groupindex": {}}\n' + b"x" * 40,
        b'{"flags": 32, "groups": 1, "groupindex": {}}\n'
        + zlib.compress(array.array("I", [17, 99, 3]).tobytes()),
    ],
    ids=["empty", "garbage", "truncated-body", "program-the-engine-refuses"],
)
def test_a_damaged_entry_is_compiled_again_and_replaced(tmp_path: Path, damage: bytes) -> None:
    compile_cached(CUES, re.MULTILINE, tmp_path)
    entry = _entry(tmp_path)
    good = entry.read_bytes()
    entry.write_bytes(damage)
    pattern = compile_cached(CUES, re.MULTILINE, tmp_path)
    assert pattern.findall(" u never") == [""]  # group "sorry" did not take part
    assert pattern.search(" you always") is not None
    assert entry.read_bytes() == good


def test_a_folder_that_cannot_be_written_still_gives_the_pattern(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("in the way")
    pattern = compile_cached(CUES, re.MULTILINE, blocked)
    assert pattern.search(" you never") is not None


def test_an_empty_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_compiled.CACHE_ENV, "")
    assert _compiled.cache_folder() is None
    monkeypatch.setenv(_compiled.CACHE_ENV, "/somewhere")
    assert _compiled.cache_folder() == Path("/somewhere/regex")


def test_the_cache_never_holds_what_was_coded(tmp_path: Path) -> None:
    # Private by construction: the cache stores the lexicon's program, not the messages.
    lines = tmp_path / "lines.txt"
    lines.write_text("Marguerite, you never listen to me\n", encoding="utf-8")
    env = {"TANDEM_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    command = ["code", str(lines), "--coder", "rules"]
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", "from tandem.cli import main; main()", *command],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert '"criticism"' in done.stdout
    stored = list((tmp_path / "cache").rglob("*"))
    # The compiled scanning pattern and the pattern text built from the lexicon, nothing else.
    assert sorted(p.suffix for p in stored if p.is_file()) == [".json", ".sre"]
    for entry in stored:
        if entry.is_file():
            assert b"Marguerite" not in entry.read_bytes()


def test_built_texts_are_made_once_then_read_back(tmp_path: Path) -> None:
    calls: list[str] = []

    def make() -> list[str]:
        calls.append("made")
        return ["(?:you|u) never", "ü\u2019s"]

    first = _compiled.strings_cached("recipe v1", make, tmp_path)
    again = _compiled.strings_cached("recipe v1", make, tmp_path)
    assert first == again == ["(?:you|u) never", "ü\u2019s"]
    assert calls == ["made"]
    # Another recipe (new cues, or new trie code) is made again, never read from the old one.
    assert _compiled.strings_cached("recipe v2", lambda: ["other"], tmp_path) == ["other"]


@pytest.mark.parametrize("damage", [b"", b"{not json", b'["ok", 3]', b'{"a": 1}'])
def test_a_damaged_text_entry_is_made_again(tmp_path: Path, damage: bytes) -> None:
    _compiled.strings_cached("recipe", lambda: ["kept"], tmp_path)
    _entry(tmp_path).write_bytes(damage)
    assert _compiled.strings_cached("recipe", lambda: ["made again"], tmp_path) == ["made again"]
    assert _compiled.strings_cached("recipe", lambda: ["not called"], tmp_path) == ["made again"]


def test_the_lexicon_built_from_the_cache_is_the_lexicon_built_fresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Build once with an empty cache, then read back: the same scanning patterns either way.
    from tandem.coding import rules

    monkeypatch.setenv(_compiled.CACHE_ENV, str(tmp_path))
    load_lexicon.cache_clear()
    try:
        built = load_lexicon()
        load_lexicon.cache_clear()

        def refuse(fragments: list[str]) -> tuple[str, str]:
            raise AssertionError("built again although the patterns were cached")

        monkeypatch.setattr(rules, "build", refuse)
        read = load_lexicon()
    finally:
        load_lexicon.cache_clear()
    assert read.pattern.pattern == built.pattern.pattern
    assert read.other_pattern.pattern == built.other_pattern.pattern
