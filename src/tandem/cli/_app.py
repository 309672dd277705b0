"""The Typer application every command module registers on, and the consoles it prints to."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from tandem.errors import AmbiguousDateOrder, TandemError, TooManySenders

console = Console()
"""Where results go (stdout)."""
err_console = Console(stderr=True)
"""Where errors and progress go (stderr), so ``--json`` output stays clean."""


def progress_bar() -> Any:
    """A progress display on stderr that disappears when done.

    It draws only when stderr is a terminal, so redirected output and ``--json`` stay clean.
    Rich's progress module is imported here, by the commands that show one.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


OPTION_FOR_FIELD = {
    "partners": "--partners",
    "need": "--need",
    "minutes": "--minutes",
    "back_at": "--back-at",
}
"""Fields the lower layers name in their errors, and the options that set them here."""


def command_line_words(error: TandemError) -> str:
    """The error as one line for the terminal: fields named as options, the way out added.

    Examples
    --------
    >>> from tandem.errors import InvalidChoice, TooManySenders
    >>> command_line_words(InvalidChoice("say what you need", where="need"))
    '--need: say what you need'
    >>> command_line_words(TooManySenders("3 people wrote; choose which two", where="g.txt"))
    'g.txt: 3 people wrote; choose which two (use --partners NAME NAME)'
    """
    where = OPTION_FOR_FIELD.get(error.where or "", error.where)
    line = f"{where}: {error.what}" if where else error.what
    if isinstance(error, TooManySenders):
        line += " (use --partners NAME NAME)"
    elif isinstance(error, AmbiguousDateOrder):
        line += " (use --dayfirst or --monthfirst)"
    return line


class _FriendlyGroup(TyperGroup):
    """Turns the user's mistakes into one clear line and exit status 2, never a traceback."""

    # ``ctx`` is typer's vendored click Context, a private type, hence ``Any``.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TandemError as error:
            err_console.print(
                f"[bold red]error:[/] {escape(command_line_words(error))}",
                highlight=False,
                soft_wrap=True,
            )
            ctx.exit(2)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
            name = error.filename if error.filename is not None else ""
            reason = error.strerror or type(error).__name__
            err_console.print(
                f"[bold red]error:[/] {escape(str(name))}: {reason}",
                highlight=False,
                soft_wrap=True,
            )
            ctx.exit(2)


app = typer.Typer(
    name="tandem",
    cls=_FriendlyGroup,
    help="See, understand and break the pursuer-distancer cycle. Everything runs on this machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """See, understand and break the pursuer-distancer cycle. Everything runs on this machine."""
