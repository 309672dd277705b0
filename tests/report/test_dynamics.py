"""Terminal renders and plots of the dynamics model and the Gottman–Murray fit."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from tandem.dynamics import INTERVENTIONS, compare, fit_gm, get_preset, simulate
from tandem.errors import InvalidChoice
from tandem.report.dynamics import (
    gm_fit_as_dict,
    loop_gain_note,
    plot_phase,
    plot_trajectory,
    render_comparison,
    render_gm_fit,
    render_trajectory,
)


def _text(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(renderable)
    return out.getvalue()


def test_gm_fit_render_lists_every_figure(rng: np.random.Generator) -> None:
    res = fit_gm(rng.normal(size=(120, 2)).cumsum(axis=0), influence="ojive")
    text = _text(render_gm_fit(res))
    for label in ("intercept a0", "inertia a1", "influence l1", "upper threshold", "residual SS",
                  "log-likelihood", "AIC", "BIC", "Uninfluenced steady state"):  # fmt: skip
        assert label in text
    assert f"{res.wife.a0:.6f}" in text
    data = gm_fit_as_dict(res)
    assert data["wife"]["l1"] == res.wife.as_dict()["l1"]


def test_trajectory_and_comparison_renders(rng: np.random.Generator) -> None:
    t = simulate(get_preset("classic"), days=40, rng=rng)
    text = _text(render_trajectory(t))
    assert "pursuer" in text and "distancer" in text and "self-reinforcing" in text
    arms = compare(get_preset("classic"), [INTERVENTIONS["soften"]], days=40, rng=rng)
    table = _text(render_comparison(arms))
    assert "none" in table and "soften" in table and "%" in table


def test_plots_write_png_and_html_and_refuse_other_types(
    tmp_path: Path, rng: np.random.Generator
) -> None:
    t = simulate(get_preset("secure"), days=20, rng=rng)
    assert plot_trajectory(t, tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    assert "data:image/png;base64" in plot_trajectory(t, tmp_path / "t.html").read_text()
    with pytest.raises(InvalidChoice, match=".png or .html"):
        plot_trajectory(t, tmp_path / "t.svg")
    x = np.array([0.1, 0.2])
    y = np.array([1.0, 2.0])
    out = plot_phase(x, y, np.array([0.5, 2.0]), np.array([0.0, 1.0]), x_name="a", y_name="b",
                     path=tmp_path / "p.png")  # fmt: skip
    assert out.stat().st_size > 1000


def test_comparison_says_why_the_gain_can_stay_while_conflicts_cool(
    rng: np.random.Generator,
) -> None:
    arms = compare(get_preset("classic"), [INTERVENTIONS["soften"]], days=60, rng=rng)
    base, soft = arms[0].trajectory, arms[1].trajectory
    # What the note explains: softening cools conflicts but leaves the gain near calm.
    assert soft.intensity < base.intensity
    assert soft.stability.loop_gain == pytest.approx(base.stability.loop_gain, rel=0.005)
    note = loop_gain_note(arms)
    assert note.startswith("Loop gain: in the simulation")
    assert "'soften' leaves it as it is and still cools conflicts" in note
    assert "'soften' leaves it as it is" in " ".join(_text(render_comparison(arms)).split())
