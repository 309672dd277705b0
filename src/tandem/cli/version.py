"""``tandem version``: print the installed version."""

from __future__ import annotations

from importlib.metadata import version as _dist_version

from tandem.cli._app import app, console


@app.command()
def version() -> None:
    """Print Tandem's version."""
    console.print(f"tandem {_dist_version('tandem')}")
