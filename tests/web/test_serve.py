"""``tandem serve``: options, the safe default address, and a real start on a free port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from tandem.cli import app
from tests.servers import START_SECONDS, free_port

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_the_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for option in ("--host", "--port", "--no-browser", "--multi-user"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_listening_beyond_this_computer_needs_accounts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["serve", "--host", "0.0.0.0", "--no-browser"],
        env={"TANDEM_DATA_DIR": str(tmp_path), "TANDEM_MULTI_USER": "0"},
    )
    assert result.exit_code == 2
    assert (
        "--host: listening beyond this computer needs accounts; add --multi-user" in result.output
    )


def test_serve_starts_on_loopback_and_answers(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "TANDEM_DATA_DIR": str(tmp_path), "TANDEM_DATABASE_URL": ""}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tandem.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--no-browser",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "tandem serve did not answer in time"
                time.sleep(0.2)
        assert r.status_code == 200
        assert "Your couples" in r.text
        assert (tmp_path / "tandem.db").exists()  # the default SQLite file in the data folder
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=60)  # shutting down is slow on a loaded machine
    assert f"http://127.0.0.1:{port}/" in out.decode()
