"""Run the conversation analysis over a research corpus, one row of metrics per conversation.

The same :func:`tandem.analysis.analyze_conversation` that ``tandem analyze`` runs for one
couple is mapped over Dask partitions; this module adds no statistics of its own. A corpus
always has a few files that cannot be read: each becomes a row with its ``error`` filled in
instead of stopping the run.

Examples
--------
>>> from tandem.scale.corpus import METRIC_COLUMNS
>>> METRIC_COLUMNS[:3]
('path', 'platform', 'n_messages')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tandem.errors import InvalidChoice, TandemError

METRIC_COLUMNS: tuple[str, ...] = (
    "path",
    "platform",
    "n_messages",
    "start",
    "end",
    "status",
    "partner_a",
    "partner_b",
    "role_a",
    "role_b",
    "confidence_a",
    "confidence_b",
    "pursue_rate_a",
    "pursue_rate_b",
    "distance_rate_a",
    "distance_rate_b",
    "constructive_rate_a",
    "constructive_rate_b",
    "polarity_a_demand_b_withdraw",
    "polarity_b_demand_a_withdraw",
    "loop_gain",
    "n_episodes",
    "conflict_ratio",
    "safety_concern",
    "error",
)
"""Columns of the per-conversation metrics table, in order (``_a``/``_b`` = partner A/B)."""

_SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("platform", pa.string()),
        ("n_messages", pa.int64()),
        ("start", pa.string()),
        ("end", pa.string()),
        ("status", pa.string()),
        ("partner_a", pa.string()),
        ("partner_b", pa.string()),
        ("role_a", pa.string()),
        ("role_b", pa.string()),
        ("confidence_a", pa.float64()),
        ("confidence_b", pa.float64()),
        ("pursue_rate_a", pa.float64()),
        ("pursue_rate_b", pa.float64()),
        ("distance_rate_a", pa.float64()),
        ("distance_rate_b", pa.float64()),
        ("constructive_rate_a", pa.float64()),
        ("constructive_rate_b", pa.float64()),
        ("polarity_a_demand_b_withdraw", pa.float64()),
        ("polarity_b_demand_a_withdraw", pa.float64()),
        ("loop_gain", pa.float64()),
        ("n_episodes", pa.int64()),
        ("conflict_ratio", pa.float64()),
        ("safety_concern", pa.bool_()),
        ("error", pa.string()),
    ]
)

CHAT_SUFFIXES: frozenset[str] = frozenset({".txt", ".zip", ".json", ".jsonl", ".csv", ".md"})
"""File endings collected when a directory is given."""


@dataclass(frozen=True, slots=True)
class CorpusJob:
    """How to analyse each conversation of a corpus (sent to every worker)."""

    coder: str = "rules"
    """Coder name (``rules`` is the fastest; see ``tandem code --eval`` for quality)."""
    n_boot: int = 0
    """Bootstrap draws for the loop-gain intervals (0 = point estimates only, fastest)."""
    seed: int = 0
    """Base seed; conversation ``i`` draws from ``[seed, i]`` so results do not depend on
    partitioning or scheduling."""
    dayfirst: bool | None = None
    """Date order for exports whose dates do not decide it."""


def collect_paths(inputs: Iterable[Path | str]) -> list[Path]:
    """Expand files and directories into a sorted list of chat files.

    Parameters
    ----------
    inputs : iterable of Path or str
        Files, or directories searched recursively for files ending in :data:`CHAT_SUFFIXES`.

    Returns
    -------
    list of Path
        Unique paths, directories expanded in sorted order.

    Raises
    ------
    TandemError
        A path that does not exist, or nothing found at all.
    """
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in CHAT_SUFFIXES)
            )
        elif path.exists():
            found.append(path)
        else:
            raise TandemError("no such file or directory", where=str(path))
    unique = list(dict.fromkeys(found))
    if not unique:
        raise TandemError(
            "no chat files found (looked for " + ", ".join(sorted(CHAT_SUFFIXES)) + ")"
        )
    return unique


def _empty_row(path: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(METRIC_COLUMNS)
    row["path"] = path
    return row


def analyze_one(path: str, index: int, job: CorpusJob) -> dict[str, Any]:
    """One metrics row for the conversation at ``path`` (never raises on bad input).

    Parameters
    ----------
    path : str
        The chat export.
    index : int
        Its position in the corpus, which picks its random stream.
    job : CorpusJob
        Coder, bootstrap and date settings.

    Returns
    -------
    dict
        Keys :data:`METRIC_COLUMNS`; ``error`` holds the one-line reason when the file could
        not be analysed, and the figures are then empty.
    """
    from tandem.analysis import analyze_conversation
    from tandem.coding import get_coder
    from tandem.ingest import load

    row = _empty_row(path)
    try:
        conversation = load(path, dayfirst=job.dayfirst)
        result = analyze_conversation(
            conversation,
            coder=get_coder(job.coder),
            rng=np.random.default_rng([job.seed, index]),
            n_boot=job.n_boot,
        )
    except TandemError as error:
        row["error"] = str(error)
        return row
    name_a, name_b = conversation.partners
    row.update(
        platform=conversation.platform.value,
        n_messages=result.n_messages,
        start=result.start.isoformat() if result.start else None,
        end=result.end.isoformat() if result.end else None,
        status=result.status,
        partner_a=name_a,
        partner_b=name_b,
        polarity_a_demand_b_withdraw=result.polarity.a_demand_b_withdraw,
        polarity_b_demand_a_withdraw=result.polarity.b_demand_a_withdraw,
        loop_gain=result.loop_gain,
        n_episodes=len(result.episodes),
        conflict_ratio=result.conflict_ratio,
        safety_concern=result.safety_concern is not None,
    )
    for suffix, name in (("a", name_a), ("b", name_b)):
        summary = result.summaries.get(name)
        if summary is None:
            continue
        row[f"role_{suffix}"] = summary.role.role.value if summary.role else None
        row[f"confidence_{suffix}"] = summary.role.confidence if summary.role else None
        row[f"pursue_rate_{suffix}"] = summary.rates.pursue
        row[f"distance_rate_{suffix}"] = summary.rates.distance
        row[f"constructive_rate_{suffix}"] = summary.rates.constructive
    return row


def _analyze_partition(items: Sequence[tuple[int, str]], job: CorpusJob) -> list[dict[str, Any]]:
    return [analyze_one(path, index, job) for index, path in items]


def rows_to_table(rows: Sequence[dict[str, Any]]) -> pa.Table:
    """The metrics rows as an Arrow table with the fixed schema, in corpus order."""
    return pa.Table.from_pylist(list(rows), schema=_SCHEMA)


@contextmanager
def _client(scheduler: str | None, n_workers: int | None) -> Iterator[Any]:
    """A Dask client: the given scheduler, or a local cluster on loopback with no dashboard."""
    # distributed ships no type hints for these, hence the ignores below.
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n_workers,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            processes=True,
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def analyze_corpus(
    paths: Sequence[Path | str],
    *,
    job: CorpusJob | None = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    partition_size: int = 32,
    on_progress: Callable[[int, int], None] | None = None,
) -> pa.Table:
    """Analyse every conversation of a corpus on Dask; one metrics row per file.

    Parameters
    ----------
    paths : sequence of Path or str
        Chat exports (see :func:`collect_paths` to expand directories).
    job : CorpusJob, optional
        Coder, bootstrap, seed and date settings; the defaults favour speed.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); a local cluster on
        127.0.0.1 when omitted.
    n_workers : int, optional
        Workers of the local cluster (one per core by default).
    partition_size : int, default=32
        Conversations per task; larger amortises the coder's start-up per worker.
    on_progress : callable, optional
        Called as ``on_progress(done, total)`` in conversations after each partition.

    Returns
    -------
    pyarrow.Table
        Columns :data:`METRIC_COLUMNS`, rows in the order of ``paths``.

    Raises
    ------
    InvalidChoice
        ``partition_size`` below 1.
    """
    if partition_size < 1:
        raise InvalidChoice(f"partition_size must be at least 1, got {partition_size}")
    job = job or CorpusJob()
    items = [(i, str(p)) for i, p in enumerate(paths)]
    chunks = [items[i : i + partition_size] for i in range(0, len(items), partition_size)]
    results: dict[int, list[dict[str, Any]]] = {}
    with _client(scheduler, n_workers) as client:
        from distributed import as_completed

        futures = {
            client.submit(_analyze_partition, chunk, job, pure=False): k
            for k, chunk in enumerate(chunks)
        }
        done = 0
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            rows = future.result()
            results[futures[future]] = rows
            done += len(rows)
            if on_progress is not None:
                on_progress(done, len(items))
    ordered = [row for k in range(len(chunks)) for row in results[k]]
    return rows_to_table(ordered)


def write_metrics(table: pa.Table, out: Path | str) -> Path:
    """Write the metrics table to Parquet (``.parquet``) or CSV (``.csv``).

    Raises
    ------
    InvalidChoice
        Any other file ending.
    """
    out = Path(out)
    if out.suffix == ".parquet":
        pq.write_table(table, out)
    elif out.suffix == ".csv":
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, out)
    else:
        raise InvalidChoice(f"output must end in .parquet or .csv, got {out.name!r}")
    return out
