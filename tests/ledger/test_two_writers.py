"""Several writers opening one new SQLite ledger at once (issue 14): they wait for each other.

In 5 tries of 7, one of two writers used to fail during the migration with a 9-line
"database is locked" error quoting SQL. The busy timeout is now set before the switch to
WAL, and a migration takes the write lock with BEGIN IMMEDIATE, so the others wait; one
that waits past the timeout says in one line that the ledger is busy.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from decompte.errors import StoreError
from decompte.ledger import Store
from decompte.ledger import db as ledger_db

OPEN = "import sys; from decompte.ledger import Store; Store.open(sys.argv[1]).close(); print('ok')"


@pytest.mark.parametrize("attempt", range(3))
def test_four_writers_on_a_new_ledger_all_open_it(tmp_path: Path, attempt: int) -> None:
    path = tmp_path / f"new-{attempt}.db"
    procs = [subprocess.Popen([sys.executable, "-c", OPEN, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [(p.returncode, out, err) for p, (out, err) in zip(procs, results)] == [(0, "ok\n", "")] * 4
    with Store.open(path) as store:
        assert store.counts()["documents"] == 0


def test_a_writer_that_waits_too_long_says_the_ledger_is_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "held.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE other_writer (x)")
    monkeypatch.setattr(ledger_db, "BUSY_TIMEOUT_MS", 200)
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(path)
    finally:
        holder.rollback()
        holder.close()
    assert str(caught.value) == (f"the ledger {path} is busy: another decompte is writing to it (waited 0.2 s); "
                                 "try again when it is done")
