"""Aggregate reads kept between requests while the ledger does not change.

Each lookup first reads the ledger's change counter (``ledger.summary.stamp``: one row,
one indexed read); a different value than the one the entries were computed under
drops them all. So a write by anyone — this server's ``POST /api/documents``, an
``ingest`` or ``ledger load`` in another process — is seen by the next request, and
while nothing is written the metrics page, the timelines and the claimants' table
are computed once. Cached values are shared between requests: callers must not
change them.

One computation per key at a time: when the ledger changes under 32 clients, the
first request recomputes and the others wait for its answer instead of repeating it.

An answer already kept is best given without a worker thread at all: handing a request
to one and back costs more than the lookup (two thread wake-ups, each a system call, and
on a busy machine a wait for the CPU). ``QuickStamp`` reads the counter of an SQLite
ledger on the caller's thread — a one-row read of a local file on a connection of its
own, never waiting for a pool or a lock — and ``LedgerCache.kept`` looks the answer up
under it without computing or waiting; the caller goes the usual way on a miss.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from decompte.ledger import Store
from decompte.ledger.summary import stamp

T = TypeVar("T")


class LedgerCache:
    """Values keyed by what was asked, valid for one value of the ledger's change counter."""

    def __init__(self, store: Store, max_entries: int = 256) -> None:
        self.store = store
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._version: int | None = None
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}

    def version(self) -> int:
        """The ledger's change counter now."""
        with self.store.reading() as conn:
            return stamp(conn)

    def _lookup(self, version: int, key: Hashable) -> tuple[bool, Any]:
        """(found, value) for ``key`` at ``version``; entries of another version are dropped. Holds the lock."""
        if version != self._version:
            self._entries.clear()
            self._version = version
        if key in self._entries:
            self._entries.move_to_end(key)
            return True, self._entries[key]
        return False, None

    def kept(self, version: int | None, key: Hashable) -> tuple[bool, Any]:
        """(found, value) for ``key`` if kept under ``version``, the counter the caller just read
        (``None``: not read, nothing found); computes nothing, never waits for a computation."""
        if version is None:
            return False, None
        with self._lock:
            return self._lookup(version, key)

    def peek(self, keys: list[Hashable]) -> dict[Hashable, Any]:
        """The values kept for those of ``keys`` that are, while the ledger is unchanged (one read of
        its counter for them all), computing nothing."""
        version = self.version()
        found: dict[Hashable, Any] = {}
        with self._lock:
            for key in keys:
                hit, value = self._lookup(version, key)
                if hit:
                    found[key] = value
        return found

    def get(self, key: Hashable, compute: Callable[[], T], version: int | None = None) -> T:
        """The value stored for ``key`` while the ledger is unchanged, else ``compute()`` (then stored).

        ``version``: the counter the caller has just read (``QuickStamp``), to save reading it again;
        read before ``compute()`` all the same, so that nothing is kept under a newer counter than its data."""
        version = self.version() if version is None else version
        with self._lock:
            found, value = self._lookup(version, key)
            if found:
                return value  # type: ignore[no-any-return]
            computing = self._computing.setdefault(key, threading.Lock())
        try:
            with computing:
                with self._lock:
                    if self._version == version:  # else a newer version came meanwhile: compute, keep nothing
                        found, value = self._lookup(version, key)
                if found:
                    return value  # type: ignore[no-any-return]
                result = compute()  # read after the counter: never older than the version it is kept under
                with self._lock:
                    if self._version == version:
                        self._entries[key] = result
                        while len(self._entries) > self.max_entries:
                            self._entries.popitem(last=False)
            return result
        finally:  # also when compute() raised (a 404): keys come from clients, locks must not pile up
            with self._lock:
                self._computing.pop(key, None)


class QuickStamp:
    """The change counter of an SQLite ledger (``uri``: its read-only ``file:`` URI), read on the
    calling thread with one connection of its own; ``None`` whenever that cannot be done at once."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def read(self) -> int | None:
        """The counter as ``ledger.summary.stamp`` reads it, or ``None`` if the connection is in use
        by another thread, the file is locked (no busy wait: ``timeout=0``) or cannot be read."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if self._conn is None:
                self._conn = sqlite3.connect(self.uri, uri=True, timeout=0, isolation_level=None,
                                             check_same_thread=False)
            row = self._conn.execute("SELECT version FROM ledger_version WHERE id = 1").fetchone()
            return int(row[0] or 0) if row else 0
        except sqlite3.Error:
            return None
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
