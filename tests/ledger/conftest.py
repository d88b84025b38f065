"""Fixtures of the ledger tests: real files, a real SQLite file, a real PostgreSQL.

- ``example_text``: the project's example article (``examples/``), the reference case.
- ``example_html``: the same article inside a news page with navigation, adverts and
  comments, rendered from ``data/article-page.html.in`` so that its main text is
  always exactly the example's (the page's boilerplate is ours, the article is not
  copied twice in the repository).
- ``RegexExtraction``: a tiny deterministic extraction for tests of the loop's
  mechanics (re-extraction, versions, skips) that must not depend on the real
  extractor's accuracy; end-to-end tests use the real one.
- ``postgres_url``: ``$DECOMPTE_TEST_POSTGRES_URL``, else a throwaway server started
  with Debian's binaries on 127.0.0.1 (as the ``postgres`` user when run as root);
  skipped, with the reason, only when neither exists outside CI.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_httpserver import HTTPServer

from .helpers import EXAMPLE, render_page


@pytest.fixture
def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"the example article {EXAMPLE} is missing")
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def example_html(tmp_path: Path, example_text: str) -> Path:
    path = tmp_path / "pages" / "ukraine-pertes-2022-03-19.html"
    path.parent.mkdir()
    path.write_text(render_page(example_text), encoding="utf-8")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


# -- PostgreSQL ----------------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL (without database) of a PostgreSQL server for this test session."""
    given = os.environ.get("DECOMPTE_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bindir = _pg_bindir()
    if bindir is None:
        _unavailable("no initdb/pg_ctl found (run .ci/postgres.sh, or set DECOMPTE_TEST_POSTGRES_URL)")
    prefix: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="decompte-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        runuser = shutil.which("runuser")
        try:
            import pwd

            user = pwd.getpwnam("postgres")
        except KeyError:
            user = None
        if runuser is None or user is None:
            shutil.rmtree(workdir, ignore_errors=True)
            _unavailable("running as root without a 'postgres' user to run the server")
        assert user is not None and runuser is not None
        os.chown(workdir, user.pw_uid, user.pw_gid)
        prefix = [runuser, "-u", "postgres", "--"]
    data, port = workdir / "data", _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True, env=env, timeout=120)
        options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={workdir} -c fsync=off"
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(workdir / "log"), "-o", options,
                        "-w", "-t", "60", "start"], check=True, capture_output=True, env=env, timeout=90)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(workdir, ignore_errors=True)
        _unavailable(f"could not start a throwaway server with {bindir}: {exc} {detail.decode(errors='replace')[:300]}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped afterwards."""
    import psycopg

    base = postgres_server.rsplit("/", 1)[0] if postgres_server.count("/") > 2 else postgres_server
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"decompte_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    """An HTTP server on 127.0.0.1 for the fetcher's tests; nothing leaves the machine."""
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        srv.stop()
