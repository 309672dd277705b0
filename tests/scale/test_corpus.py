"""The corpus runner maps the one-couple analysis over Dask and adds nothing of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tandem.analysis import analyze_conversation
from tandem.cli import app
from tandem.coding import get_coder
from tandem.errors import InvalidChoice, TandemError
from tandem.ingest import load
from tandem.scale import METRIC_COLUMNS, CorpusJob, analyze_corpus, analyze_one, collect_paths
from tandem.scale.corpus import rows_to_table

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "maya_jonas_whatsapp.txt"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three copies of the example chat, a short one-sided chat and a file that is no chat."""
    root = tmp_path_factory.mktemp("corpus")
    for i in range(3):
        shutil.copy(EXAMPLE, root / f"couple_{i}.txt")
    (root / "nested").mkdir()
    (root / "nested" / "short.txt").write_text(
        "25/03/2024, 09:00 - Ana: morning\n25/03/2024, 09:05 - Ben: hi\n", encoding="utf-8"
    )
    (root / "broken.json").write_text("{not json", encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a chat ending: ignored
    return root


def test_collect_paths_expands_folders_and_skips_other_endings(corpus_dir: Path) -> None:
    names = [p.name for p in collect_paths([corpus_dir])]
    assert names == ["broken.json", "couple_0.txt", "couple_1.txt", "couple_2.txt", "short.txt"]


def test_collect_paths_names_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(TandemError, match="nope"):
        collect_paths([tmp_path / "nope"])


def test_a_row_equals_the_one_couple_analysis() -> None:
    # The corpus row must carry exactly what `tandem analyze` computes for the same file.
    row = analyze_one(str(EXAMPLE), 7, CorpusJob(coder="rules", n_boot=0, seed=3))
    direct = analyze_conversation(
        load(EXAMPLE), coder=get_coder("rules"), rng=np.random.default_rng([3, 7]), n_boot=0
    )
    a, b = direct.partners
    assert row["error"] is None
    assert row["role_a"] == direct.summaries[a].role.role.value  # type: ignore[union-attr]
    assert row["role_b"] == direct.summaries[b].role.role.value  # type: ignore[union-attr]
    assert row["pursue_rate_a"] == direct.summaries[a].rates.pursue
    assert row["loop_gain"] == direct.loop_gain
    assert row["n_episodes"] == len(direct.episodes)


def test_a_bad_file_becomes_an_error_row_not_a_crash(corpus_dir: Path) -> None:
    row = analyze_one(str(corpus_dir / "broken.json"), 0, CorpusJob())
    assert row["error"] and "broken.json" in row["error"]
    assert row["role_a"] is None and row["n_messages"] is None


def test_local_cluster_run_keeps_corpus_order_and_is_reproducible(corpus_dir: Path) -> None:
    paths = collect_paths([corpus_dir])
    seen: list[int] = []
    job = CorpusJob(n_boot=20, seed=11)
    first = analyze_corpus(
        paths, job=job, n_workers=2, partition_size=2, on_progress=lambda d, _t: seen.append(d)
    )
    assert first.column_names == list(METRIC_COLUMNS)
    assert first.column("path").to_pylist() == [str(p) for p in paths]
    assert seen[-1] == len(paths)
    errors = first.column("error").to_pylist()
    assert errors[0] is not None and all(e is None for e in errors[1:])
    # Same seed, no cluster at all: identical figures (streams are per conversation, so
    # neither partitioning nor scheduling changes a result).
    serial = rows_to_table([analyze_one(str(p), i, job) for i, p in enumerate(paths)])
    assert first.equals(serial)
    # The three copies of one chat give one answer each.
    gains = first.column("loop_gain").to_pylist()[1:4]
    assert gains[0] == gains[1] == gains[2]


def test_partition_size_must_be_positive(corpus_dir: Path) -> None:
    with pytest.raises(InvalidChoice, match="partition_size"):
        analyze_corpus(collect_paths([corpus_dir]), partition_size=0)


def test_cli_writes_parquet_and_prints_a_summary(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "metrics.parquet"
    result = CliRunner().invoke(
        app, ["corpus", str(corpus_dir), "--out", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "5 conversations analysed, 1 could not be read" in result.output
    table = pq.read_table(out)
    assert table.num_rows == 5
    assert table.column_names == list(METRIC_COLUMNS)


def test_cli_rejects_an_unknown_output_ending(corpus_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["corpus", str(corpus_dir), "--out", str(tmp_path / "m.xlsx")])
    assert result.exit_code == 2
    assert ".parquet or .csv" in result.output
