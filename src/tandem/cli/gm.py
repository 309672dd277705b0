"""``tandem gm fit``: fit the Gottman–Murray model to a two-column CSV of scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tandem.cli._app import app, console
from tandem.errors import InvalidChoice, check_exists

INFLUENCES = ("bilinear", "ojive")
"""The influence functions ``--influence`` offers (the keys of ``tandem.dynamics.FITTERS``,
written out so ``--help`` need not load SciPy; a test keeps the two equal)."""

gm = typer.Typer(
    help="The Gottman–Murray marriage model (the published reference model).",
    no_args_is_help=True,
)
app.add_typer(gm, name="gm")


@gm.command("fit")
def fit(
    file: Annotated[Path, typer.Argument(help="CSV with two columns of scores (wife, husband).")],
    influence: Annotated[
        str, typer.Option(help=f"Influence function: {' or '.join(INFLUENCES)}.")
    ] = "bilinear",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Fit by threshold-autoregressive least squares; print parameters, fit and steady states."""
    if influence not in INFLUENCES:
        raise InvalidChoice(
            f"unknown influence {influence!r}; choose one of: {', '.join(INFLUENCES)}",
            where="--influence",
        )
    check_exists(file)
    from tandem.dynamics.fit import fit_gm, read_couple_csv
    from tandem.report.dynamics import gm_fit_as_dict, render_gm_fit

    data, names = read_couple_csv(file)
    result = fit_gm(data, influence=influence, columns=names)
    if as_json:
        console.print_json(json.dumps(gm_fit_as_dict(result)))
    else:
        console.print(render_gm_fit(result))
