"""A throwaway PostgreSQL server for the test session, and database fixtures on both backends.

Registered as a pytest plugin by ``tests/conftest.py``. The server is Debian's ``postgresql``
package (``scripts/install-system-deps.sh`` installs it): ``initdb`` into a temporary folder,
``pg_ctl start`` on a free loopback port with its unix socket inside that folder, stopped and
deleted when the session ends. PostgreSQL refuses to run as root, so as root (CI) the binaries
run as the ``postgres`` user through ``runuser``, with the folder handed to that user.

Nothing is skipped silently. When the server cannot start, every PostgreSQL test fails with the
reason; only ``TANDEM_SKIP_POSTGRES=1`` (never honoured in CI, where ``CI=true``) turns that into
a skip, and the skip names the reason.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tandem.store.db import make_engine, migrate
from tests.servers import free_port

BACKENDS = ("sqlite", "postgresql")
"""The database backends every store test runs on."""

START_TIMEOUT_S = 60
"""How long ``pg_ctl`` may take to start the server (a busy shared machine is slow)."""


class PostgresUnavailable(RuntimeError):
    """The throwaway server could not be started; the message says why."""


def _find_bindir() -> Path:
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable(
        "no initdb found in /usr/lib/postgresql/*/bin or on PATH; install the Debian package "
        "`postgresql` (make test does this through scripts/install-system-deps.sh)"
    )


@dataclass
class PostgresServer:
    """A running throwaway server; :meth:`create_database` gives each test its own database."""

    bindir: Path
    root: Path
    port: int = 0
    user: str = "postgres"
    _as_postgres: bool = False
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def logfile(self) -> Path:
        return self.root / "server.log"

    def _run(
        self, *args: str, timeout: float = START_TIMEOUT_S
    ) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=self.root
        )

    def start(self) -> None:
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable(
                    "running as root and there is no `postgres` user to run the server as "
                    "(the Debian package `postgresql` creates it)"
                ) from None
            if shutil.which("runuser") is None:
                raise PostgresUnavailable("running as root and `runuser` is missing")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.root.chmod(0o700)
            self._as_postgres = True
        init = self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        if init.returncode != 0:
            raise PostgresUnavailable(
                f"initdb failed: {init.stderr.strip() or init.stdout.strip()}"
            )
        last_error = ""
        for _attempt in range(3):
            self.port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200"
            )
            started = self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-l",
                str(self.logfile),
                "-o",
                options,
                "-w",
                "-t",
                str(START_TIMEOUT_S),
                "start",
                timeout=START_TIMEOUT_S + 10,
            )
            if started.returncode == 0:
                return
            last_error = started.stderr.strip() or started.stdout.strip()
            with contextlib.suppress(OSError):
                last_error += "\n" + self.logfile.read_text()[-2000:]
        raise PostgresUnavailable(f"pg_ctl start failed: {last_error}")

    def stop(self) -> None:
        if self.datadir.exists():
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True
        )

    def create_database(self) -> str:
        """Create an empty database ``test_<n>`` and return its URL."""
        name = f"test_{next(self._counter)}"
        with self._admin() as conn:
            version = int(conn.execute("SHOW server_version_num").fetchone()[0])
            # PostgreSQL 15+ copies the template through the WAL by default, writing every page
            # twice; a file copy is much lighter for a throwaway database.
            strategy = " STRATEGY = FILE_COPY" if version >= 150000 else ""
            conn.execute(f'CREATE DATABASE "{name}"{strategy}')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`create_database`, closing what still uses it."""
        name = url.rsplit("/", 1)[-1]
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


_state: dict[str, object] = {}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server; fails (or, if allowed, skips) with the reason."""
    if "error" in _state:
        _unavailable(str(_state["error"]))
    # As root the server runs as ``postgres``, who must be able to reach the folder: a TMPDIR
    # under /root would not do, /tmp always does.
    base = "/tmp" if os.geteuid() == 0 and Path("/tmp").is_dir() else None
    root = Path(tempfile.mkdtemp(prefix="tandem-pg-", dir=base))
    server: PostgresServer | None = None
    try:
        server = PostgresServer(bindir=_find_bindir(), root=root)
        server.start()
    except (PostgresUnavailable, OSError, subprocess.SubprocessError) as error:
        if server is not None:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
        _state["error"] = str(error)
        _unavailable(str(error))
    assert server is not None
    try:
        yield server
    finally:
        server.stop()


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL test server could not start: {reason}"
    if _in_ci():
        pytest.fail(f"{message} (CI=true: the store tests must run on PostgreSQL)", pytrace=False)
    if os.environ.get("TANDEM_SKIP_POSTGRES") == "1":
        pytest.skip(f"{message} (TANDEM_SKIP_POSTGRES=1)")
    pytest.fail(f"{message} (set TANDEM_SKIP_POSTGRES=1 to skip these tests)", pytrace=False)


def fresh_database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """An empty database on ``backend`` with ``alembic upgrade head`` applied."""
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = server.create_database()
        # Dropped after the test, so a long session does not pile up hundreds of databases.
        request.addfinalizer(lambda: server.drop_database(url))
    else:
        url = f"sqlite:///{tmp_path / 'tandem.db'}"
    migrate(url)
    return url


@pytest.fixture(
    params=[
        pytest.param(b, marks=[pytest.mark.postgres] if b == "postgresql" else []) for b in BACKENDS
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database for this test, once on SQLite and once on PostgreSQL.

    The PostgreSQL variant carries the ``postgres`` marker, so ``-m "not postgres"`` deselects
    it openly (pytest reports the deselected count) instead of skipping it silently.
    """
    return fresh_database_url(request, str(request.param), tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[object]:
    """An engine on :func:`db_url`, disposed after the test."""
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()
