"""``tandem code``: behaviour codes for one message per line, or an evaluation of a coder."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from tandem.cli._app import app, console, err_console
from tandem.coding import CODERS, DEFAULT_CODER, get_coder
from tandem.errors import InvalidChoice, ParseError, check_exists

if TYPE_CHECKING:
    from rich.table import Table

    from tandem.coding.base import BaseCoder, IntArray
    from tandem.coding.evaluate import EvalReport

BATCH = 20_000
"""Lines coded at a time, so a large file streams."""


@app.command()
def code(
    file: Annotated[
        str | None,
        typer.Argument(help="Text file with one message per line; '-' or nothing reads stdin."),
    ] = None,
    coder: Annotated[
        str,
        typer.Option(
            "--coder",
            help=f"Which coder: rules, learned, contextual, or default (= {DEFAULT_CODER}).",
        ),
    ] = "default",
    eval_path: Annotated[
        Path | None,
        typer.Option(
            "--eval",
            help='Score the coder on a JSON-lines file of {"text": ..., "codes": [...]} '
            "and print per-code precision, recall and F1.",
        ),
    ] = None,
    cv: Annotated[
        bool,
        typer.Option(
            "--cv/--no-cv",
            help="With --eval and the learned coder, also print grouped 5-fold "
            "cross-validation on the shipped corpus and, when the file's lines name their "
            "source site, cross-validation grouped by site.",
        ),
    ] = True,
) -> None:
    """Code messages with behaviour codes (JSON lines out), or evaluate a coder with --eval."""
    for given in (file if file not in (None, "-") else None, eval_path):
        if given is not None:
            check_exists(Path(given))
    chosen = _coder(coder)
    if eval_path is not None:
        if file is not None:
            raise InvalidChoice("give either FILE or --eval, not both", where="tandem code")
        for report in run_eval(eval_path, chosen, cv=cv):
            if isinstance(report, GroupScores):
                console.print(render_groups(report))
            else:
                console.print(render_eval(report))
        return
    out = console.file
    write = out.write  # one write per batch: the output streams batch by batch
    batches = _raw_batches(file)
    first = next(batches, None)
    if first is not None and first.lines == BATCH and _workers() > 1:
        _code_in_parallel(first, batches, chosen, write)
    elif first is not None:
        for batch in chain([first], batches):
            write(_coded_or_raise(_code_raw(batch, chosen)))
    out.flush()


def _workers() -> int:
    """Processes for a long input: one per core, at most 4; 1 where fork is unavailable."""
    import multiprocessing
    import os

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


@dataclass(frozen=True, slots=True)
class _RawBatch:
    """Up to :data:`BATCH` input lines as read, undecoded: the unit of work."""

    data: bytes
    first_line: int
    """Line number of the first line (from 1), for an error's message."""
    lines: int
    where: str
    """The input's name in messages (the file name, or ``stdin``)."""


@dataclass(frozen=True, slots=True)
class _BadLine:
    """What a batch gives back instead of its lines when one of them is not UTF-8."""

    where: str
    line: int


def _raw_batches(file: str | None) -> Iterator[_RawBatch]:
    """The input in batches of whole lines, as bytes.

    Reading stays in this process, but decoding, coding and JSON writing happen where the
    batch is coded: in a worker, for a long input, so this process only moves bytes.
    """
    if file is None or file == "-":
        yield from _split_batches(sys.stdin.buffer, "stdin")
        return
    path = Path(file)
    with path.open("rb") as fh:
        yield from _split_batches(fh, path.name)


def _split_batches(stream: BinaryIO, where: str) -> Iterator[_RawBatch]:
    first_line = 1
    while lines := list(islice(stream, BATCH)):
        yield _RawBatch(b"".join(lines), first_line, len(lines), where)
        first_line += len(lines)


def _code_raw(batch: _RawBatch, coder: BaseCoder) -> str | _BadLine:
    """The JSON lines of one batch (each ending in a newline), or which line is not UTF-8."""
    try:
        text = batch.data.decode("utf-8")
    except UnicodeDecodeError as error:
        # "\n" is one byte that no UTF-8 sequence contains, so the count gives the line.
        return _BadLine(batch.where, batch.first_line + batch.data.count(b"\n", 0, error.start))
    texts = [line.rstrip("\r") for line in text.split("\n")]
    if text.endswith("\n"):
        texts.pop()  # the final line break ends the last line; it does not start another
    lines = code_lines(texts, coder)
    lines.append("")
    return "\n".join(lines)


def _coded_or_raise(result: str | _BadLine) -> str:
    if isinstance(result, _BadLine):
        raise ParseError("not UTF-8 text", where=f"{result.where}, line {result.line}")
    return result


_WORKER_CODER: BaseCoder | None = None
"""The coder a forked worker uses (inherited from the parent, already loaded and compiled)."""


def _code_batch(batch: _RawBatch) -> str | _BadLine:
    assert _WORKER_CODER is not None
    return _code_raw(batch, _WORKER_CODER)


def _code_in_parallel(
    first: _RawBatch,
    rest: Iterator[_RawBatch],
    coder: BaseCoder,
    write: Callable[[str], object],
) -> None:
    """Code batches in forked workers, written in input order as they come back.

    A long input is coded on every core: the workers are forked after the coder is loaded, so
    none of them compiles the lexicon again. Batches travel as raw bytes and come back as
    finished JSON text, so this process only reads and writes. A line that is not UTF-8 is
    reported with its number once every batch before it is written.
    """
    import multiprocessing
    from collections import deque

    global _WORKER_CODER
    _WORKER_CODER = coder
    workers = _workers()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque[Any] = deque([pool.apply_async(_code_batch, (first,))])

        def write_oldest() -> None:
            write(_coded_or_raise(pending.popleft().get()))

        for batch in rest:
            pending.append(pool.apply_async(_code_batch, (batch,)))
            if len(pending) > 2 * workers:  # bounded: a huge file never sits in memory
                write_oldest()
        while pending:
            write_oldest()


def _coder(name: str) -> BaseCoder:
    if name != "default" and name not in CODERS:
        names = ", ".join(sorted([*CODERS, "default"]))
        raise InvalidChoice(f"unknown coder {name!r}; choose one of {names}", where="--coder")
    return get_coder(name)


def code_lines(texts: list[str], coder: BaseCoder) -> list[str]:
    """One JSON line per text: text, codes (highest confidence first), confidence, evidence.

    The same text as ``json.dumps(..., ensure_ascii=False)`` of ``{"text", "codes",
    "confidence", "evidence"}``, built from pieces: strings go through the JSON module's own
    string encoder, and the fragment for one code assignment (its name, confidence and evidence)
    is built once per distinct assignment, since most messages share a few hundred of them.

    Examples
    --------
    >>> from tandem.coding import get_coder
    >>> code_lines(["ok🙄"], get_coder("rules"))
    ['{"text": "ok🙄", "codes": ["contempt"], "confidence": {"contempt": 0.6988}, "evidence": {"contempt": "🙄"}}']
    """  # noqa: E501
    out: list[str] = []
    append = out.append
    quote = encode_basestring
    pieces: dict[tuple[str, float, str], tuple[str, str, str]] = {}
    for text, assigned in zip(texts, coder.code(texts), strict=True):
        names: list[str] = []
        confidences: list[str] = []
        evidences: list[str] = []
        for a in assigned:
            key = (a.code.value, a.confidence, a.evidence)
            piece = pieces.get(key)
            if piece is None:
                name = quote(key[0])
                piece = pieces[key] = (
                    name,
                    f"{name}: {float.__repr__(key[1])}",
                    f"{name}: {quote(key[2])}",
                )
            names.append(piece[0])
            confidences.append(piece[1])
            evidences.append(piece[2])
        append(
            f'{{"text": {quote(text)}, "codes": [{", ".join(names)}], '
            f'"confidence": {{{", ".join(confidences)}}}, "evidence": {{{", ".join(evidences)}}}}}'
        )
    return out


def run_eval(path: Path, coder: BaseCoder, *, cv: bool) -> list[EvalReport | GroupScores]:
    """Score ``coder`` on ``path``, per kind of source and per site when the file names them.

    With ``cv`` and the learned coder, add grouped cross-validation on the shipped corpus and,
    for a file whose lines name their source site, cross-validation grouped by site (trained
    on the corpus plus the other sites' lines), so no site is on both sides.
    """
    from tandem.coding.evaluate import (
        by_group,
        cross_validate,
        load_labelled,
        out_of_fold,
        score,
        shipped,
    )

    data = load_labelled(path)
    if not data.texts:
        raise ParseError("no labelled utterances", where=path.name)
    kind = type(coder).__name__
    guess = coder.predict(data.texts)
    what = f"{kind} on {path.name} ({len(data.texts)} utterances)"
    reports: list[EvalReport | GroupScores] = [score(data.y, guess, label=what)]
    reports.extend(by_group(data.y, guess, data.kinds, label=f"{kind}, kind of source").values())
    if kind == "ContextualCoder":
        from tandem.coding.contextual import seen_in_training

        seen = seen_in_training(data.texts)
        if seen:
            err_console.print(
                f"note: the contextual coder was fine-tuned on {seen} of these "
                f"{len(data.texts)} lines, so the table is partly a training score; "
                "docs/coding.md gives its leave-one-set-out figures."
            )
    learned = cv and kind == "LearnedCoder"
    corpus = shipped("corpus") if learned else None
    params = coder.get_params()

    def fresh() -> BaseCoder:
        return type(coder)(**params)

    cv_guess = None
    if corpus is not None and data.sites:
        err_console.print("cross-validating the learned coder by source site ...")
        cv_guess = out_of_fold(fresh, data, also_train=corpus)
        reports.append(
            score(
                data.y,
                cv_guess,
                label=f"{kind} trained on the corpus plus the other sites' lines, "
                "grouped 5-fold CV by site",
            )
        )
    for names, title in ((data.kinds, "kind of source"), (data.sites, "source site")):
        if names:
            reports.append(_group_scores(data.y, guess, cv_guess, names, title))
    if corpus is not None:
        if corpus.texts == data.texts:
            err_console.print(
                "note: the learned coder was trained on this very file, so the first table "
                "is a training score; the cross-validated one below is the honest figure."
            )
        err_console.print("cross-validating the learned coder on the shipped corpus ...")
        reports.append(
            cross_validate(
                fresh,
                corpus,
                label=f"{kind}, grouped 5-fold CV on the shipped corpus "
                f"({len(corpus.texts)} utterances)",
            )
        )
    return reports


@dataclass(frozen=True, slots=True)
class GroupScores:
    """Macro-F1 per group of lines (kind of source or site), as shipped and cross-validated."""

    title: str
    """What the groups are."""
    rows: list[tuple[str, int, float, float | None]]
    """Group name, lines, macro-F1 of the coder as given, macro-F1 out of fold (or None)."""


def _group_scores(
    truth: IntArray,
    guess: IntArray,
    cv_guess: IntArray | None,
    names: Sequence[str],
    title: str,
) -> GroupScores:
    from tandem.coding.evaluate import by_group

    given = by_group(truth, guess, names)
    folded = by_group(truth, cv_guess, names) if cv_guess is not None else {}
    rows = [
        (name, r.n, r.macro_f1, folded[name].macro_f1 if name in folded else None)
        for name, r in sorted(given.items(), key=lambda item: (-item[1].n, item[0]))
    ]
    return GroupScores(title=title, rows=rows)


def render_groups(groups: GroupScores) -> Table:
    """A Rich table of macro-F1 per group: lines, as given, and cross-validated when measured."""
    from rich.table import Table

    table = Table(title=f"macro-F1 per {groups.title}")
    table.add_column(groups.title)
    table.add_column("lines", justify="right")
    table.add_column("macro-F1", justify="right")
    with_cv = any(row[3] is not None for row in groups.rows)
    if with_cv:
        table.add_column("grouped CV", justify="right")
    for name, n, given, folded in groups.rows:
        cells = [name, str(n), f"{given:.3f}"]
        if with_cv:
            cells.append("" if folded is None else f"{folded:.3f}")
        table.add_row(*cells)
    return table


def render_eval(report: EvalReport) -> Table:
    """A Rich table of per-code precision, recall, F1 and support, with the macro-F1."""
    from rich.table import Table

    table = Table(title=report.label, caption=f"macro-F1 = {report.macro_f1:.3f}")
    for column in ("code", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "code" else "right")
    for name, s in report.per_code.items():
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support))
    table.add_section()
    table.add_row("macro", "", "", f"{report.macro_f1:.3f}", str(report.n))
    return table
