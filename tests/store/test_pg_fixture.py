"""The PostgreSQL test server never disappears silently: it fails in CI, skips only on request."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.pg import PostgresServer, PostgresUnavailable, _unavailable


def test_in_ci_an_unavailable_server_fails_even_if_skipping_was_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("TANDEM_SKIP_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="initdb failed: disk full.*CI=true"):
        _unavailable("initdb failed: disk full")


def test_locally_it_fails_and_says_how_to_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TANDEM_SKIP_POSTGRES", raising=False)
    with pytest.raises(pytest.fail.Exception, match="set TANDEM_SKIP_POSTGRES=1 to skip"):
        _unavailable("no initdb")


def test_locally_it_skips_with_the_reason_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TANDEM_SKIP_POSTGRES", "1")
    with pytest.raises(pytest.skip.Exception, match="could not start: no initdb"):
        _unavailable("no initdb")


def test_a_broken_installation_gives_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "initdb").write_text("#!/bin/sh\necho 'initdb: cannot be run as root' >&2\nexit 1\n")
    (fake / "initdb").chmod(0o755)
    root = tmp_path / "root"
    root.mkdir()
    # As root, start() would switch to the postgres user, who cannot read tmp_path: run the
    # fake binary as the plain user the check is about.
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(PostgresUnavailable, match="initdb failed: initdb: cannot be run as root"):
        PostgresServer(bindir=fake, root=root).start()


def test_the_session_server_answers(postgres_server: PostgresServer) -> None:
    import psycopg

    url = postgres_server.create_database()
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
