"""``tandem corpus``: analyse many conversations on Dask, one row of metrics each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tandem.cli._app import app, console, progress_bar
from tandem.errors import check_exists


@app.command()
def corpus(
    inputs: Annotated[
        list[Path], typer.Argument(help="Chat exports, or folders searched for them.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Metrics table to write: .parquet or .csv.")],
    coder: Annotated[str, typer.Option(help="Coder: rules (fastest) or learned.")] = "rules",
    bootstrap: Annotated[
        int, typer.Option(min=0, help="Bootstrap draws for loop-gain intervals (0 = none).")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Base seed; results do not depend on workers.")] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of a Dask scheduler; a local cluster when omitted."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Local cluster workers (one per core).")
    ] = None,
    partition_size: Annotated[int, typer.Option(min=1, help="Conversations per task.")] = 32,
    dayfirst: Annotated[
        bool | None,
        typer.Option("--dayfirst/--monthfirst", help="Date order where files leave it open."),
    ] = None,
) -> None:
    """Analyse a research corpus: per-conversation roles, rates, loop gain and episodes."""
    for path in inputs:
        check_exists(path)
    from tandem.report.corpus import render_corpus_summary
    from tandem.scale import CorpusJob, analyze_corpus, collect_paths, write_metrics

    if out.suffix not in {".parquet", ".csv"}:
        raise typer.BadParameter(
            f"must end in .parquet or .csv, got {out.name!r}", param_hint="--out"
        )
    paths = collect_paths(inputs)
    job = CorpusJob(coder=coder, n_boot=bootstrap, seed=seed, dayfirst=dayfirst)
    with progress_bar() as progress:
        task = progress.add_task("analysing", total=len(paths))
        table = analyze_corpus(
            paths,
            job=job,
            scheduler=scheduler,
            n_workers=workers,
            partition_size=partition_size,
            on_progress=lambda done, _total: progress.update(task, completed=done),
        )
    write_metrics(table, out)
    console.print(render_corpus_summary(table))
    console.print(f"wrote {table.num_rows} rows to {out}")
