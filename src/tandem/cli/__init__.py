"""The ``tandem`` command.

Each subcommand parses its arguments, calls one library function and prints a ``render_*``
result.

Command modules register themselves on :data:`tandem.cli._app.app` when imported below.
"""

from __future__ import annotations

from tandem.cli import version as _version  # noqa: F401  (registers commands)
from tandem.cli._app import app


def main() -> None:
    """Entry point of the ``tandem`` script."""
    app(prog_name="tandem")


__all__ = ["app", "main"]
