"""``tandem simulate`` and ``tandem sweep`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tandem.cli import app
from tandem.dynamics.models import PARAM_NAMES

runner = CliRunner()


def test_simulate_json_has_every_parameter_roles_and_loop_gain() -> None:
    result = runner.invoke(app, ["simulate", "--json", "--days", "60"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data["params"]) == list(PARAM_NAMES)
    assert data["roles"] == {"A": "pursuer", "B": "distancer"}
    assert data["self_reinforcing"] is True and data["loop_gain"] > 1.0
    assert 0.0 < data["intensity"] < 1.0


def test_simulate_compare_json_lists_scenarios_with_baseline_none() -> None:
    result = runner.invoke(
        app,
        ["simulate", "--json", "--compare", "--days", "90", "--intervention", "soften",
         "--intervention", "break@10"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    names = [s["name"] for s in data["scenarios"]]
    assert names == ["none", "soften", "break@10", "soften+break@10"]
    for s in data["scenarios"]:
        assert {"intensity", "satisfaction_end", "burnout_day", "loop_gain"} <= set(s)
    by = {s["name"]: s["intensity"] for s in data["scenarios"]}
    assert by["soften+break@10"] < by["none"]


def test_simulate_table_and_plot(tmp_path: Path) -> None:
    out = tmp_path / "run.html"
    result = runner.invoke(
        app, ["simulate", "--preset", "secure", "--set", "coupling=0.5", "--compare",
              "--days", "30", "--plot", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "What-if" in result.output and "self-correcting" in result.output
    assert out.read_text().startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--preset", "happy"], "classic, two-pursuers"),
        (["--set", "closeness=1"], "valid: need_a"),
        (["--set", "need_a=3"], "allowed 0 to 1"),
        (["--set", "need_a"], "NAME=VALUE"),
        (["--intervention", "hug"], "soften, space, validate, break, both"),
        (["--days", "0"], "days must be"),
        (["--plot", "out.pdf"], ".png or .html"),
    ],
    ids=["preset", "param", "range", "syntax", "intervention", "days", "plot"],
)
def test_simulate_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["simulate", *args])
    assert result.exit_code == 2
    assert message in result.output.replace("\n", " ")
    assert "Traceback" not in result.output


def test_sweep_writes_parquet_and_phase_diagram(tmp_path: Path) -> None:
    out = tmp_path / "sweep.parquet"
    png = tmp_path / "phase.png"
    result = runner.invoke(
        app,
        ["sweep", "--grid", "coupling=0.2:1.2:3", "--grid", "need_a=0.4:0.8:2", "--days", "60",
         "--out", str(out), "--plot", str(png)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert len(frame) == 6
    assert {"coupling", "need_a", "loop_gain", "self_reinforcing", "burnt_out"} <= set(frame)
    # A weak coupling corrects itself; the strongest one reinforces.
    assert not frame.loc[frame.coupling == 0.2, "self_reinforcing"].any()
    assert frame.loc[frame.coupling == 1.2, "self_reinforcing"].all()
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("grid", "message"),
    [("coupling=0:1", "START:STOP:N"), ("nope=0:1:3", "valid: need_a"), ("need_a=0:5:3", "range")],
)
def test_sweep_bad_grid_exit_2(tmp_path: Path, grid: str, message: str) -> None:
    result = runner.invoke(app, ["sweep", "--grid", grid, "--out", str(tmp_path / "s.parquet")])
    assert result.exit_code == 2
    assert message in result.output.replace("\n", " ")
