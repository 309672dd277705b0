"""Real servers for tests: a free loopback port and a uvicorn running the Tandem app."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


START_SECONDS = 180.0
"""How long a server may take to answer. Idle, it takes about 2 s; on a loaded 2-core machine
(CI, other jobs) imports and migrations have taken over 60 s, and a test must not fail for it."""


def start_tandem_server(
    data: Path, port: int, *, env: dict[str, str] | None = None, timeout: float = START_SECONDS
) -> subprocess.Popen[bytes]:
    """Start ``uvicorn tandem.web.app:create_app`` on 127.0.0.1 with a SQLite file in ``data``.

    Returns once ``/api/session`` answers; raises ``RuntimeError`` (after killing the process)
    when it does not within ``timeout`` seconds or the process exits first, with the end of
    what the server wrote to stderr, so a failure says why.
    """
    log = (data / "server-stderr.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "tandem.web.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env={
            **os.environ,
            "TANDEM_DATA_DIR": str(data),
            "TANDEM_DATABASE_URL": f"sqlite:///{data / 'tandem.db'}",
            **(env or {}),
        },
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    log.close()  # the child holds its own descriptor
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/session", timeout=5)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    code = proc.poll()
    proc.kill()
    tail = (data / "server-stderr.log").read_text(errors="replace").strip().splitlines()[-5:]
    why = f"exited with status {code}" if code is not None else f"did not answer in {timeout:.0f} s"
    raise RuntimeError(f"the Tandem server {why}: " + (" | ".join(tail) or "(no output)"))
