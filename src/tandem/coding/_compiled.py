"""Compiled regular expressions kept on disk between runs, so a command starts fast.

Python parses and compiles a pattern in pure Python. The lexicon's scanning pattern is about
240,000 characters and takes 0.5 to 0.7 s, more than half of what ``tandem code`` needs before
its first line. The compiled program is a list of integers, so it is written once to the
user's cache folder and read back in about 10 ms.

A cache file holds the lexicon's program, or a text built from the shipped lexicon
(:func:`strings_cached`), only: no message, nothing a user wrote. Entries are
keyed by the pattern, its flags and the version of the interpreter's regex engine. Any problem
reading or writing the cache (no such folder, read-only disk, a damaged file, another Python)
falls back to plain :func:`re.compile`, which gives the same pattern.

The folder is ``TANDEM_CACHE_DIR`` when set (an empty value turns the cache off), else
``tandem/regex`` in the user's cache directory.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> first = compile_cached("(?:you|u) never", re.MULTILINE, folder)
>>> again = compile_cached("(?:you|u) never", re.MULTILINE, folder)
>>> again.findall("u never call"), again.pattern == first.pattern, len(list(folder.iterdir()))
(['u never'], True, 1)
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # CPython's regex engine, no stubs
import array
import hashlib
import json
import os
import re
import sys
import tempfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

CACHE_ENV = "TANDEM_CACHE_DIR"
"""Environment variable naming the cache folder; empty turns the cache off."""


def cache_folder() -> Path | None:
    """The folder for compiled patterns, or ``None`` when the cache is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) / "regex" if chosen else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("tandem", appauthor=False)) / "regex"


def compile_cached(pattern: str, flags: int = 0, folder: Path | None = None) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, read from the cache folder when it was compiled before.

    Parameters
    ----------
    pattern : str
        The regular expression.
    flags : int, default=0
        ``re`` flags.
    folder : Path, optional
        Where compiled patterns are kept; default :func:`cache_folder`.

    Returns
    -------
    re.Pattern
        The compiled pattern, the same as ``re.compile`` gives.
    """
    folder = folder if folder is not None else cache_folder()
    if folder is None:
        return re.compile(pattern, flags)
    path = folder / f"{_key(pattern, flags)}.sre"
    try:
        return _read(path, pattern)
    except Exception:  # noqa: BLE001 - a missing or unreadable entry is just compiled again
        pass
    try:
        compiled, program = _compile(pattern, flags)
    except Exception:  # noqa: BLE001 - an interpreter without these internals
        return re.compile(pattern, flags)
    _write(path, program)
    return compiled


def strings_cached(
    recipe: str, make: Callable[[], Sequence[str]], folder: Path | None = None
) -> list[str]:
    """``list(make())``, read from the cache folder when the same ``recipe`` was made before.

    For texts that are slow to derive from the shipped data (the lexicon's scanning pattern is
    built from 700 cues by a trie, 0.13 s). ``recipe`` must hold everything the result depends
    on: the inputs and the version of the code that makes it.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> strings_cached("a|b v1", lambda: ["a", "b"], folder)
    ['a', 'b']
    >>> strings_cached("a|b v1", lambda: ["never called"], folder)
    ['a', 'b']
    """
    folder = folder if folder is not None else cache_folder()
    if folder is None:
        return list(make())
    path = folder / f"{_key(recipe, -1)}.txt.json"
    try:
        kept = json.loads(path.read_bytes())
        if isinstance(kept, list) and all(isinstance(item, str) for item in kept):
            return kept
    except Exception:  # noqa: BLE001 - missing or damaged: made again
        pass
    made = list(make())
    _write_atomic(path, json.dumps(made).encode("utf-8", "surrogatepass"))
    return made


def _key(pattern: str, flags: int) -> str:
    engine = f"{sys.implementation.name}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{flags}|"
    digest = hashlib.sha256(engine.encode())
    digest.update(pattern.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, object]]:
    """Compile as ``re._compiler.compile`` does, keeping the program it builds."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code: list[int] = _compiler._code(parsed, flags)
    groupindex: dict[str, int] = dict(parsed.state.groupdict)
    program: dict[str, object] = {
        "flags": flags | parsed.state.flags,
        "groups": parsed.state.groups - 1,
        "groupindex": groupindex,
        "code": code,
    }
    return _build(pattern, program), program


def _build(pattern: str, program: dict[str, object]) -> re.Pattern[str]:
    groupindex = program["groupindex"]
    groups = program["groups"]
    assert isinstance(groupindex, dict) and isinstance(groups, int)
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The engine checks the program before it accepts it, so a damaged one raises here.
    compiled: re.Pattern[str] = _sre.compile(
        pattern, program["flags"], program["code"], groups, groupindex, tuple(indexgroup)
    )
    return compiled


def _write(path: Path, program: dict[str, object]) -> None:
    code = program["code"]
    assert isinstance(code, list)
    header = {k: v for k, v in program.items() if k != "code"}
    body = zlib.compress(array.array("I", code).tobytes(), 1)
    _write_atomic(path, json.dumps(header).encode() + b"\n" + body)


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed, so a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as fh:
            fh.write(data)
        os.replace(fh.name, path)
    except OSError:
        pass  # a read-only or full disk: the next run compiles again


def _read(path: Path, pattern: str) -> re.Pattern[str]:
    header_line, _, body = path.read_bytes().partition(b"\n")
    program: dict[str, object] = json.loads(header_line)
    code = array.array("I")
    code.frombytes(zlib.decompress(body))
    program["code"] = code.tolist()
    return _build(pattern, program)
