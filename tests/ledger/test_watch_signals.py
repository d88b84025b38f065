"""A real ``decompte watch`` process stopped mid-poll loses no entry it acknowledged, stores none twice.

The feed (on 127.0.0.1) lists eight dispatches whose pages are slow to come, so the process is
in the middle of the list when it gets SIGTERM (it finishes the entry in hand and exits 0) or
SIGKILL (nothing runs). Either way every acknowledged entry has its document and every
document its acknowledgement; a second ``--once`` then stores exactly the rest.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TOTAL = 8
TOWNS = ["Tchernihiv", "Soumy", "Kherson", "Mykolaïv", "Izioum", "Boutcha", "Irpin", "Hostomel"]


def _page(n: int):  # type: ignore[no-untyped-def]
    def slow(_request: Request) -> Response:
        time.sleep(0.4)
        return Response(f"Bulletin {n} : les sirènes ont retenti trois fois cette nuit à {TOWNS[n]}, "
                        f"sans victime signalée selon la mairie.", content_type="text/plain; charset=utf-8")
    return slow


def _serve(server: HTTPServer) -> str:
    items = "".join(f"<item><title>Bulletin {n}</title><link>{server.url_for(f'/b/{n}')}</link></item>"
                    for n in range(TOTAL))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Nuit</title>{items}</channel></rss>'
    server.expect_request("/nuit.rss").respond_with_data(feed, content_type="application/rss+xml")
    for n in range(TOTAL):
        server.expect_request(f"/b/{n}").respond_with_handler(_page(n))
    return server.url_for("/nuit.rss")


def _rows(db: Path) -> tuple[int, int, int, int]:
    """(acknowledged entries, documents, entries without document, distinct links)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return (0, 0, 0, 0)
    try:
        one = conn.execute("SELECT (SELECT count(*) FROM feed_items), (SELECT count(*) FROM documents), "
                           "(SELECT count(*) FROM feed_items i LEFT JOIN documents d ON d.id = i.document_id "
                           " WHERE d.id IS NULL), (SELECT count(DISTINCT link) FROM feed_items)").fetchone()
        return tuple(one)  # type: ignore[return-value]
    except sqlite3.OperationalError:  # the tables are not created yet
        return (0, 0, 0, 0)
    finally:
        conn.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_stopped_watch_keeps_what_it_acknowledged(server: HTTPServer, tmp_path: Path, sig: signal.Signals) -> None:
    url, db = _serve(server), tmp_path / "ledger.db"
    command = [sys.executable, "-m", "decompte", "watch", url, "--db", str(db), "--once", "--no-extract", "--quiet"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while _rows(db)[0] < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    if sig == signal.SIGTERM:
        assert proc.returncode == 0, err
        assert "stopped" in err
    acknowledged, documents, orphans, links = _rows(db)
    assert 2 <= acknowledged < TOTAL  # stopped in the middle of the list
    assert (documents, orphans, links) == (acknowledged, 0, acknowledged)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _rows(db) == (TOTAL, TOTAL, 0, TOTAL)
