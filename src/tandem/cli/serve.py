"""``tandem serve``: start the local web app (uvicorn) and open it in the browser."""

from __future__ import annotations

import os
import threading
import webbrowser
from typing import Annotated

import typer

from tandem.cli._app import app, console
from tandem.errors import InvalidChoice

LOOPBACK = ("127.0.0.1", "::1", "localhost")
"""Addresses that only this machine can reach."""


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - shown, not bound
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this computer.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open a browser window.")
    ] = False,
    multi_user: Annotated[
        bool,
        typer.Option(
            "--multi-user",
            help="Therapist mode: accounts, logins, invites (also TANDEM_MULTI_USER).",
        ),
    ] = False,
) -> None:
    """Start the web app: quiz, upload, cycle report, what-if, plan, journal and progress."""
    import uvicorn

    from tandem.config import get_settings

    if multi_user:
        os.environ["TANDEM_MULTI_USER"] = "1"
        get_settings.cache_clear()
    settings = get_settings()
    if host not in LOOPBACK and not settings.multi_user:
        raise InvalidChoice(
            "listening beyond this computer needs accounts; add --multi-user",
            where="--host",
        )
    os.environ["TANDEM_WEB_HOST"] = host
    url = _url(host, port)
    mode = "therapist mode (accounts)" if settings.multi_user else "private single-user mode"
    console.print(f"Tandem is running at [bold]{url}[/] in {mode}. Press Ctrl+C to stop.")
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    # The app is named as a string so the CLI does not import the web layer at start-up.
    uvicorn.run(
        "tandem.web.app:create_app", factory=True, host=host, port=port, log_level="warning"
    )
