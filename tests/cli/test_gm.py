"""``tandem gm fit`` on the published SPAFF couple."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tandem.cli import app

SPAFF = Path(__file__).resolve().parents[1] / "data" / "gottman_couple_spaff.csv"
runner = CliRunner()


@pytest.mark.parametrize("influence", ["bilinear", "ojive"])
def test_gm_fit_json_has_both_partners_stats_and_steady_states(influence: str) -> None:
    result = runner.invoke(app, ["gm", "fit", str(SPAFF), "--influence", influence, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for who in ("wife", "husband"):
        fit = data[who]
        assert {"a0", "a1", "ss", "loglik", "aic", "bic"} <= set(fit)
        assert fit["n"] == 149 and fit["min_per_regime"] == 15
        keys = {"ls", "rs", "th"} if influence == "bilinear" else {"l1", "l2", "nth", "pth"}
        assert keys <= set(fit)
    assert "uninfluenced_steady_state" in data and "influenced_steady_states" in data


def test_gm_fit_table_prints_parameters_and_steady_state() -> None:
    result = runner.invoke(app, ["gm", "fit", str(SPAFF)])
    assert result.exit_code == 0, result.output
    assert "-0.417248" in result.output  # the wife's intercept
    assert "Uninfluenced steady state" in result.output


def test_gm_fit_bad_influence_and_missing_file_exit_2(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["gm", "fit", str(SPAFF), "--influence", "logistic"])
    assert bad.exit_code == 2 and "bilinear, ojive" in bad.output
    missing = runner.invoke(app, ["gm", "fit", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "none.csv" in missing.output
