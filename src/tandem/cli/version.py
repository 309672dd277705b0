"""``tandem version``: print the installed version."""

from __future__ import annotations

from tandem.cli._app import app, console


@app.command()
def version() -> None:
    """Print Tandem's version."""
    from importlib.metadata import version as _dist_version

    console.print(f"tandem {_dist_version('tandem')}")
