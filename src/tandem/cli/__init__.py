"""The ``tandem`` command.

Each subcommand parses its arguments, calls one library function and prints a ``render_*``
result. Every public module of this package (a name without a leading underscore) registers
its commands on :data:`tandem.cli._app.app` when imported; :func:`main` imports them all, so a
new command is one new module and no shared list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil

from tandem.cli._app import app


def _register_commands() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_register_commands()


def main() -> None:
    """Entry point of the ``tandem`` script."""
    app(prog_name="tandem")


__all__ = ["app", "main"]
