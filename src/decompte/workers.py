"""What every pool of extraction processes needs, for ``extract`` and ``ingest`` alike.

A worker ignores Ctrl-C (the parent stops feeding and shuts the pool down cleanly), ends
itself when its parent dies without shutting the pool down (``kill -9``: its queues would
never close), and sends back only errors that survive pickling.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

PARENT_POLL_S = 1.0
"""How often a worker checks that its parent is still there."""

E = TypeVar("E", bound=BaseException)


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL_S)
        if os.getppid() != parent:
            os._exit(1)


def init_worker(parent: int) -> None:
    """The pool's ``initializer``: leave Ctrl-C to the parent and exit if the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()


def portable(exc: E, fallback: Callable[[E], E]) -> E:
    """The error itself if it can cross back to the parent, else ``fallback(exc)`` (its text)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - whatever pickling raises, the text still travels
        return fallback(exc)
    return exc
