"""Crash safety: ``kill -9`` in the middle of an ingest loses nothing and duplicates nothing.

A real ``decompte ingest`` process, with the real extractor, stores a corpus of
2 000 short articles; once a few hundred are in, it gets SIGKILL (no cleanup code
runs). The file must pass SQLite's integrity check, every stored document must hold
exactly the claims it was stored with, and running the same command again must end
with exactly 2 000 documents.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CITIES = ["Kharkiv", "Marioupol", "Tchernihiv", "Soumy", "Kherson", "Mykolaïv", "Izioum", "Boutcha"]
TOTAL = 2000


def write_corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for n in range(TOTAL):
            city = CITIES[n % len(CITIES)]
            text = (f"Selon l’état-major ukrainien, {100 + n} soldats russes ont été tués près de {city} "
                    f"et {n % 40 + 2} chars détruits depuis le {n % 28 + 1} mars. Dépêche numéro {n}.")
            fh.write(json.dumps({"id": f"d{n}", "text": text, "date": "2022-03-30", "lang": "fr"},
                                ensure_ascii=False) + "\n")


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0
    finally:
        conn.close()


def command(db: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-c", "from decompte.cli import main; main()", "ingest", "--db", str(db), "-q",
            "--json", str(corpus)]


def test_sigkill_mid_run_then_rerun_completes_without_duplicates(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "ledger.db"
    write_corpus(corpus)
    proc = subprocess.Popen(command(db, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while stored(db) < 150:
            assert proc.poll() is None, f"ingest ended early: {proc.stderr.read().decode() if proc.stderr else ''}"
            assert time.monotonic() < deadline, "ingest too slow to reach 150 documents"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        partial = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert 150 <= partial < TOTAL
        incomplete = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE n_claims != (SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id)"
        ).fetchone()[0]
        assert incomplete == 0
        assert conn.execute("SELECT MIN(n_claims) FROM documents").fetchone()[0] >= 1
        assert conn.execute("SELECT status FROM runs").fetchall() == [("running",)]  # killed: never finished
    finally:
        conn.close()

    done = subprocess.run(command(db, corpus), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["duplicates"] == partial
    assert summary["ingested"] == TOTAL - partial
    assert summary["ledger"]["documents"] == TOTAL

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(DISTINCT doc_key), COUNT(*) FROM documents").fetchone() == (TOTAL, TOTAL)
        claims, expected = conn.execute("SELECT (SELECT COUNT(*) FROM claims), SUM(n_claims) FROM documents").fetchone()
        assert claims == expected >= TOTAL
    finally:
        conn.close()
