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
"""

from __future__ import annotations

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

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored for ``key`` while the ledger is unchanged, else ``compute()`` (then stored)."""
        version = self.version()
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
