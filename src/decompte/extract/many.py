"""Claims of many articles, in input order, in one process or a small pool of them.

``decompte extract`` over many files goes through here. Articles are grouped in batches;
each batch is extracted with ``Extractor.extract_many`` (one ``nlp.pipe`` stream across
its documents) and, with ``workers`` > 1, the first articles are extracted here, then
batches go to ``workers - 1`` processes forked once the pipelines are loaded (see
``pool_context``) and to this process itself, which takes a batch whenever the pool has enough
to do (so it takes fewer while it also reads the files and writes the claims). The results come back
in input order whatever the number of workers, so the output is the same, byte for byte,
as one ``extract`` call per article.

A ``DecompteError`` raised for one article (a text over the size limit, a language whose
pipeline is missing) is that article's outcome; the rest of its batch is redone one
article at a time so that it costs no other article its claims.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING

from threadpoolctl import threadpool_limits

from decompte.errors import DecompteError
from decompte.model import Article, Claim
from decompte.workers import done_future, init_worker, pool_context, portable

if TYPE_CHECKING:
    from decompte.extract.extractor import Extractor

BATCH_SIZE = 16
"""Articles per batch: enough for ``extract_many`` to batch sentences, small enough to keep order cheap."""
QUEUED_PER_WORKER = 2
"""Batches running or waiting per pool worker: one to run next while this process is busy; few,
so that the last batches are not all left to the pool while this process waits for them."""
MAX_PENDING_PER_WORKER = 4
"""Batches held, done or not, per worker: bounds the memory while one slow batch holds up the order."""
MIN_PARALLEL_ARTICLES = 8
"""Below this many articles a run is serial: starting workers would cost more than it saves."""

WARM_UP_ARTICLES = 4
"""Articles extracted before the workers start, to fill what the rules build on first use."""

Outcome = list[Claim] | DecompteError


def default_workers() -> int:
    """Both cores of a two-core machine, never more than two: each worker holds a pipeline."""
    return max(1, min(2, os.cpu_count() or 1))


def claims_of_batch(articles: list[Article]) -> list[Outcome]:
    """The claims (or the error) of each article, the articles of each language parsed together."""
    from decompte.extract import get_extractor

    outcomes: list[Outcome] = [[] for _ in articles]
    for code in dict.fromkeys(a.lang or "" for a in articles):
        wanted = [i for i, a in enumerate(articles) if (a.lang or "") == code]
        try:
            extractor = get_extractor(code)
        except DecompteError as exc:
            for i in wanted:
                outcomes[i] = portable(exc, _as_plain_error)
            continue
        found: list[Outcome]
        try:
            found = [claims for _, claims in extractor.extract_many(articles[i] for i in wanted)]
        except DecompteError:
            found = [_one(extractor, articles[i]) for i in wanted]
        for i, outcome in zip(wanted, found):
            outcomes[i] = outcome
    return outcomes


def _one(extractor: Extractor, article: Article) -> Outcome:
    try:
        return extractor.extract(article)
    except DecompteError as exc:
        return portable(exc, _as_plain_error)


def _as_plain_error(exc: DecompteError) -> DecompteError:
    return DecompteError(str(exc))


def extract_in_order(items: Iterable[Article | DecompteError], workers: int = 1,
                     batch_size: int = BATCH_SIZE) -> Iterator[tuple[Article | DecompteError, Outcome | None]]:
    """Each item with the claims (or error) of its article, in input order; an item that is
    already an error (a file that could not be read) comes back in its place with ``None``.

    ``workers`` > 1 starts a pool once ``MIN_PARALLEL_ARTICLES`` articles are in hand;
    fewer articles, or ``workers=1``, run in this process.
    """
    if workers < 1:
        raise DecompteError(f"--workers must be at least 1 (got {workers})")
    it = iter(items)
    head = list(islice(it, MIN_PARALLEL_ARTICLES)) if workers > 1 else []
    if workers == 1 or sum(isinstance(x, Article) for x in head) < MIN_PARALLEL_ARTICLES:
        yield from _serial(head, it, batch_size)
        return
    # The first articles are extracted here: the pipelines they need are loaded and the
    # caches the rules fill on first use (patterns, aliases) are filled before the fork, so
    # the workers share them instead of each building its own.
    yield from _serial(head[:WARM_UP_ARTICLES], iter(()), batch_size)
    # This process is one of the ``workers``: it extracts a batch whenever the pool has
    # enough to do, between reading the files and writing the claims, so one process fewer
    # holds a pipeline. Like every worker it multiplies matrices on one thread, for the run only.
    blas = threadpool_limits(1, user_api="blas")
    pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=pool_context(),
                               initializer=init_worker, initargs=(os.getpid(),))
    try:
        yield from _pooled(pool, head[WARM_UP_ARTICLES:], it, batch_size, workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()  # what ``pool_context`` froze is collectable again in this process
        blas.restore_original_limits()


def _serial(head: list[Article | DecompteError], rest: Iterator[Article | DecompteError],
            batch_size: int) -> Iterator[tuple[Article | DecompteError, Outcome | None]]:
    batch = head
    while True:
        batch += list(islice(rest, batch_size - len(batch)))
        if not batch:
            return
        outcomes = iter(claims_of_batch([x for x in batch if isinstance(x, Article)]))
        for item in batch:
            yield item, next(outcomes) if isinstance(item, Article) else None
        batch = []


def _pooled(pool: ProcessPoolExecutor, head: list[Article | DecompteError], rest: Iterator[Article | DecompteError],
            batch_size: int, workers: int) -> Iterator[tuple[Article | DecompteError, Outcome | None]]:
    pending: deque[tuple[list[Article | DecompteError], Future[list[Outcome]] | None]] = deque()
    queued = (workers - 1) * QUEUED_PER_WORKER
    batch = head
    while True:
        while pending and (pending[0][1] is None or pending[0][1].done()):
            yield from _collect(*pending.popleft())  # what is done is written at once, in order
        batch += list(islice(rest, batch_size - len(batch)))
        if not batch:
            break
        articles = [x for x in batch if isinstance(x, Article)]
        future = None
        if articles:
            in_pool = sum(1 for _, f in pending if f is not None and not f.done())
            # The pool is kept fed; while it has enough to do, this process extracts the batch
            # itself instead of waiting, so it takes as many batches as its own reading and
            # writing leave it time for.
            future = _submit(pool, articles) if in_pool < queued else done_future(claims_of_batch(articles))
        pending.append((batch, future))
        batch = []
        while len(pending) > MAX_PENDING_PER_WORKER * workers:
            yield from _collect(*pending.popleft())
    while pending:
        yield from _collect(*pending.popleft())


def _submit(pool: ProcessPoolExecutor, articles: list[Article]) -> Future[list[Outcome]]:
    try:
        return pool.submit(claims_of_batch, articles)
    except BrokenProcessPool as exc:
        raise _died(exc) from None


def _died(exc: BaseException) -> DecompteError:
    return DecompteError(f"a worker process died ({exc}); run with --workers 1 to see why")


def _collect(batch: list[Article | DecompteError],
             future: Future[list[Outcome]] | None) -> Iterator[tuple[Article | DecompteError, Outcome | None]]:
    try:
        outcomes = iter(future.result() if future is not None else [])
    except BrokenProcessPool as exc:
        raise _died(exc) from None
    for item in batch:
        yield item, next(outcomes) if isinstance(item, Article) else None
