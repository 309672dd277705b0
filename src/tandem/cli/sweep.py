"""``tandem sweep``: an ensemble over a parameter grid, saved as Parquet, with a phase diagram."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tandem.cli._app import app, console, err_console
from tandem.cli.simulate import parse_settings
from tandem.dynamics.models import PARAM_SPECS, PRESETS, ModelParams, get_preset
from tandem.errors import InvalidChoice

if TYPE_CHECKING:
    import numpy as np

MAX_POINTS = 10_000
"""Largest grid a sweep accepts (loop gains cost ~0.1 s per point)."""


def parse_grid(spec: str) -> tuple[str, np.ndarray]:
    """Parse ``PARAM=START:STOP:N`` into the name and ``N`` evenly spaced values."""
    name, sep, rng = spec.partition("=")
    name = name.strip()
    parts = rng.split(":")
    if not sep or len(parts) != 3:
        raise InvalidChoice(f"expected PARAM=START:STOP:N, got {spec!r}", where="--grid")
    if name not in PARAM_SPECS:
        raise InvalidChoice(
            f"unknown parameter {name!r}; valid: {', '.join(PARAM_SPECS)}", where="--grid"
        )
    try:
        start, stop, n = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise InvalidChoice(
            f"START and STOP must be numbers, N a whole number: {spec!r}", where="--grid"
        ) from None
    if n < 1:
        raise InvalidChoice(f"N must be at least 1, got {n}", where="--grid")
    spec_ = PARAM_SPECS[name]
    for v in (start, stop):
        if not spec_.low <= v <= spec_.high:
            raise InvalidChoice(
                f"{name}={v} is out of range; allowed {spec_.low:g} to {spec_.high:g}",
                where="--grid",
            )
    import numpy as np

    return name, np.linspace(start, stop, n)


def build_grid(base: ModelParams, axes: list[tuple[str, np.ndarray]]) -> list[ModelParams]:
    """Every combination of the grid values applied to ``base``."""
    names = [a[0] for a in axes]
    return [
        base.replace(**dict(zip(names, (float(v) for v in combo), strict=True)))
        for combo in itertools.product(*(a[1] for a in axes))
    ]


@app.command()
def sweep(
    grid: Annotated[
        list[str], typer.Option(help="PARAM=START:STOP:N (repeatable; one axis each).")
    ],
    out: Annotated[Path, typer.Option(help="Parquet file to write (one row per grid point).")],
    preset: Annotated[str, typer.Option(help=f"Base couple: {', '.join(PRESETS)}.")] = "classic",
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Change a base parameter, NAME=VALUE.")
    ] = None,
    days: Annotated[int, typer.Option(help="Days to simulate per couple.")] = 180,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    plot: Annotated[
        Path | None, typer.Option(help="Phase diagram of the first two axes (png or html).")
    ] = None,
    loop_gain: Annotated[
        bool,
        typer.Option(
            "--loop-gain/--no-loop-gain", help="Compute each couple's loop gain (~0.1 s each)."
        ),
    ] = True,
) -> None:
    """Simulate a grid of couples in one call; record loop gain, burnout and satisfaction."""
    base = parse_settings(get_preset(preset), set_ or [])
    axes = [parse_grid(g) for g in grid]
    if len({a[0] for a in axes}) != len(axes):
        raise InvalidChoice("each parameter may appear in only one --grid", where="--grid")
    if out.suffix.lower() != ".parquet":
        raise InvalidChoice(f"cannot write {out.name!r}; use a .parquet file", where="--out")
    if plot is not None and plot.suffix.lower() not in (".png", ".html"):
        raise InvalidChoice(f"cannot write {plot.name!r}; use .png or .html", where="--plot")
    n_points = math.prod(len(a[1]) for a in axes)
    if n_points > MAX_POINTS:
        raise InvalidChoice(f"{n_points} grid points; at most {MAX_POINTS}", where="--grid")
    if not 1 <= days <= 100_000:
        raise InvalidChoice(f"days must be from 1 to 100000, got {days}", where="--days")
    import numpy as np
    import pandas as pd

    from tandem.dynamics.results import RUN_COLUMNS
    from tandem.dynamics.simulator import simulate_ensemble
    from tandem.dynamics.stability import analyse
    from tandem.report.dynamics import plot_phase

    couples = build_grid(base, axes)
    result = simulate_ensemble(couples, days=days, rng=np.random.default_rng(seed))
    err_console.print(f"simulated {len(couples)} couples × {days} days")
    if loop_gain:
        gains = np.array([analyse(p).loop_gain for p in couples])
    else:
        gains = np.full(len(couples), np.nan)
    frame = pd.DataFrame({name: [getattr(p, name) for p in couples] for name, _ in axes})
    for i, col in enumerate(RUN_COLUMNS):
        frame[col] = result.summary[:, i]
    frame["loop_gain"] = gains
    frame["self_reinforcing"] = gains > 1.0
    frame["burnt_out"] = (frame["burnout_day_a"] >= 0) | (frame["burnout_day_b"] >= 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(out, index=False)
    reinforcing = (
        f"{int(frame['self_reinforcing'].sum())} self-reinforcing"
        if loop_gain
        else "loop gains not computed"
    )
    console.print(
        f"{len(frame)} couples written to {out}: {reinforcing}, "
        f"{int(frame['burnt_out'].sum())} with a burnout."
    )
    if plot is not None:
        x_name = axes[0][0]
        y_name = axes[1][0] if len(axes) > 1 else "loop_gain"
        plot_phase(
            frame[x_name].to_numpy(float),
            frame[y_name].to_numpy(float),
            gains,
            frame["burnt_out"].to_numpy(float),
            x_name=x_name,
            y_name=y_name,
            path=plot,
        )
        console.print(f"Phase diagram written to {plot}")
