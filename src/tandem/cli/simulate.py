"""``tandem simulate``: one couple's trajectories under the pursue–withdraw model, and what-ifs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tandem.cli._app import app, console
from tandem.dynamics.models import (
    INTERVENTIONS,
    PARAM_SPECS,
    PRESETS,
    ModelParams,
    get_preset,
    parse_intervention,
)
from tandem.errors import InvalidChoice


def parse_settings(base: ModelParams, settings: list[str]) -> ModelParams:
    """Apply ``NAME=VALUE`` settings to ``base``; bad names or values raise InvalidChoice."""
    changes: dict[str, float] = {}
    for item in settings:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise InvalidChoice(f"expected NAME=VALUE, got {item!r}", where="--set")
        if name not in PARAM_SPECS:
            raise InvalidChoice(
                f"unknown parameter {name!r}; valid: {', '.join(PARAM_SPECS)}", where="--set"
            )
        try:
            changes[name] = float(value)
        except ValueError:
            raise InvalidChoice(f"{name}: {value!r} is not a number", where="--set") from None
    return base.replace(**changes)


@app.command()
def simulate(
    preset: Annotated[
        str, typer.Option(help=f"Starting couple: {', '.join(PRESETS)}.")
    ] = "classic",
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Change a parameter, NAME=VALUE (repeatable)."),
    ] = None,
    intervention: Annotated[
        list[str] | None,
        typer.Option(
            help=f"NAME or NAME@DAY (repeatable): {', '.join(INTERVENTIONS)}.",
        ),
    ] = None,
    days: Annotated[int, typer.Option(help="Days to simulate.")] = 180,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same run).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    plot: Annotated[Path | None, typer.Option(help="Write a chart to out.png or out.html.")] = None,
    compare_: Annotated[
        bool,
        typer.Option("--compare", help="Compare with and without each intervention."),
    ] = False,
) -> None:
    """Simulate a couple's pursue–withdraw loop over days, with optional interventions."""
    params = parse_settings(get_preset(preset), set_ or [])
    interventions = [parse_intervention(x) for x in intervention or []]
    if plot is not None and plot.suffix.lower() not in (".png", ".html"):
        raise InvalidChoice(
            f"cannot write {plot.name!r}; choose a file ending in .png or .html", where="--plot"
        )
    if not 1 <= days <= 100_000:
        raise InvalidChoice(f"days must be from 1 to 100000, got {days}", where="--days")
    import numpy as np

    from tandem.dynamics.simulator import compare
    from tandem.dynamics.simulator import simulate as run_simulation
    from tandem.report.dynamics import plot_trajectory, render_comparison, render_trajectory

    rng = np.random.default_rng(seed)
    traj = run_simulation(params, days=days, interventions=interventions, rng=rng)
    scenarios = (
        compare(params, interventions, days=days, rng=np.random.default_rng(seed))
        if compare_
        else None
    )
    if plot is not None:
        plot_trajectory(traj, plot)
    if as_json:
        payload = traj.as_dict()
        if scenarios is not None:
            payload["scenarios"] = [s.as_dict() for s in scenarios]
        console.print_json(json.dumps(payload))
        return
    console.print(render_trajectory(traj))
    if scenarios is not None:
        console.print(render_comparison(scenarios))
    if plot is not None:
        console.print(f"Chart written to {plot}")
