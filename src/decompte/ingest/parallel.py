"""Local parallelism: claims extracted in N processes, the ledger written by one.

spaCy holds the GIL while it parses, so threads would not help: extraction runs in
processes. This one is one of them, as in ``decompte extract`` (``extract.many``): it
extracts the first batch itself, which loads the pipelines it needs and fills the rules'
caches, then forks ``workers - 1`` processes that share them (``workers.pool_context``;
``spawn`` outside Linux, each worker then loading its pipelines on first use). Loading
``fr_core_news_md`` in every worker cost more CPU than extracting a hundred articles.
A forked worker never touches the parent's database connection: it only extracts, and
leaves with ``os._exit`` as every pool process does.

This process stays the single writer: it reads the sources, sends batches of articles to
the pool, extracts a batch itself whenever the pool has enough to do, and feeds the
results, in input order, to ``runner.ingest`` — same decisions, summary, progress bar
and one transaction per article as a serial run.

Memory stays flat whatever the corpus size: at most ``in_flight`` batches are out at
once, and this process reads its sources only as fast as results come back. Before a
batch is extracted, each article is looked up in the ledger: one already stored and up
to date is read for its language only, so running a finished command again costs no
extraction.

Small inputs do not start a pool: starting a worker costs seconds (spaCy loads its
pipelines), more than it saves on fewer than ``MIN_PARALLEL_DOCS`` documents.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import NamedTuple, Self

from threadpoolctl import threadpool_limits

from decompte.errors import DecompteError
from decompte.ingest.reasons import Failure
from decompte.ingest.runner import (
    IngestSummary,
    PackExtraction,
    Precomputed,
    ingest,
    up_to_date,
)
from decompte.ledger.store import Store
from decompte.model import Article, Claim
from decompte.workers import done_future, init_worker, pool_context, portable

MIN_PARALLEL_DOCS = 200
"""Below this many documents a run is serial: worker start-up would cost more than it saves."""
BATCH_SIZE = 16
"""Articles per task: enough for ``extract_many`` to batch sentences, small enough to keep order cheap."""
IN_FLIGHT_PER_WORKER = 2
"""Batches queued or running per pool worker: one to run next while this process is busy; few,
so that the last batches are not all left to the pool while this process waits for them."""
MAX_DONE_AHEAD = 4
"""Batches held done beyond those in flight: bounds the memory while one slow batch holds up the order."""


class WorkerDied(DecompteError):
    """A worker process ended abruptly (killed, out of memory): the run stops."""


class Outcome(NamedTuple):
    """What a worker found for one article: its language, its claims or the error raised."""

    lang: str | None
    claims: list[Claim]
    error: BaseException | None = None
    detected: str | None = None
    """The language lingua reads in the text: the parent checks ``--lang`` against it without reading it again."""


# -- in the worker --------------------------------------------------------------------------


def _as_runtime_error(exc: Exception) -> Exception:
    return RuntimeError(f"{type(exc).__name__}: {exc}")


def extract_batch(batch: list[tuple[Article, bool]], lang: str | None) -> list[Outcome]:
    """Language and claims of each ``(article, extract?)`` of a batch (runs in a worker).

    Articles of one language are extracted together (``extract_many``); if that fails,
    each is redone alone so that one bad article costs only its own claims.
    """
    from decompte.extract import available_languages, get_extractor
    from decompte.ingest.lang import detect_language

    known = set(available_languages())
    # read as the parent stores it (NUL removed), and only where the language is asked or unknown
    detected = [detect_language(a.text.replace("\x00", "")) if lang or not a.lang else None for a, _ in batch]
    langs = [lang or a.lang or found for (a, _), found in zip(batch, detected)]
    results: list[Outcome] = [Outcome(code, [], None, found) for code, found in zip(langs, detected)]
    for code in sorted({c for c in langs if c in known}):
        wanted = [i for i, ((_, extract), c) in enumerate(zip(batch, langs)) if extract and c == code]
        if not wanted:
            continue
        extractor = get_extractor(code)
        try:
            found = [claims for _, claims in extractor.extract_many(batch[i][0] for i in wanted)]
        except Exception:  # noqa: BLE001 - redone one by one below, each error kept with its article
            found = []
            for i in wanted:
                try:
                    found.append(extractor.extract(batch[i][0]))
                except Exception as exc:  # noqa: BLE001 - reported by the parent as this article's failure
                    found.append([])
                    results[i] = Outcome(code, [], portable(exc, _as_runtime_error), detected[i])
        for i, claims in zip(wanted, found):
            if results[i].error is None:
                results[i] = Outcome(code, claims, None, detected[i])
    return results


# -- in the parent --------------------------------------------------------------------------


class ParallelExtraction(Precomputed):
    """The runner's ``Extracting``, its claims computed ahead by this process and a pool.

    Use as a context manager around ``ingest(extraction.feed(items, store), store,
    extraction=extraction)``: ``feed`` yields the items in order, each article with its
    language set and its claims held for the runner's ``extract`` call. The first batch is
    extracted here, which loads its pipelines; the pool's ``workers - 1`` processes are then
    forked (``pool_context``) and share them, and this process, between its writes, takes a
    batch whenever the pool has ``in_flight`` to do. The pool is shut down (queued work
    cancelled) when the block ends, whatever the reason.
    """

    def __init__(self, workers: int, *, lang: str | None = None, batch_size: int = BATCH_SIZE,
                 in_flight: int | None = None) -> None:
        if workers < 1:
            raise DecompteError(f"--workers must be at least 1 (got {workers})")
        packs = PackExtraction()
        super().__init__(packs.version, packs.languages())
        self.workers = workers
        self.lang = lang
        self.batch_size = batch_size
        self.in_flight = in_flight or max(1, workers - 1) * IN_FLIGHT_PER_WORKER
        self._pool: ProcessPoolExecutor | None = None
        self._blas: threadpool_limits | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers; work not started is cancelled."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            gc.unfreeze()  # what ``pool_context`` froze is collectable again in this process
        if self._blas is not None:
            self._blas.restore_original_limits()
            self._blas = None

    def feed(self, items: Iterable[Article | Failure], store: Store | None = None) -> Iterator[Article | Failure]:
        """The items, in order, once their batch is extracted."""
        pending: deque[tuple[list[Article | Failure], Future[list[Outcome]] | None]] = deque()
        it = iter(items)
        while batch := list(islice(it, self.batch_size)):
            while pending and (pending[0][1] is None or pending[0][1].done()):
                yield from self._collect(*pending.popleft())  # what is done is written at once, in order
            pending.append((batch, self._run(batch, store, pending)))
            while len(pending) > self.in_flight + MAX_DONE_AHEAD:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def _run(self, batch: list[Article | Failure], store: Store | None,
             pending: deque[tuple[list[Article | Failure], Future[list[Outcome]] | None]]) -> Future[list[Outcome]] | None:
        work = []
        for item in batch:
            if isinstance(item, Article):
                stored = store.find(item) if store is not None else None
                work.append((item, stored is None or not up_to_date(stored, self)))
        if not work:
            return None
        if self._pool is None:  # the first batch loads the pipelines here, before the fork
            done = done_future(extract_batch(work, self.lang))
            self._start()
            return done
        running = sum(1 for _, f in pending if f is not None and not f.done())
        if running >= self.in_flight:  # the pool has enough to do: this batch is extracted here
            return done_future(extract_batch(work, self.lang))
        try:
            return self._pool.submit(extract_batch, work, self.lang)
        except BrokenProcessPool as exc:
            raise _died(exc) from None

    def _start(self) -> None:
        # Like every worker this process multiplies matrices on one thread, for the run only.
        self._blas = threadpool_limits(1, user_api="blas")
        self._pool = ProcessPoolExecutor(max_workers=max(1, self.workers - 1), mp_context=pool_context(),
                                         initializer=init_worker, initargs=(os.getpid(),))

    def _collect(self, batch: list[Article | Failure],
                 future: Future[list[Outcome]] | None) -> Iterator[Article | Failure]:
        try:
            outcomes = iter(future.result() if future is not None else [])
        except BrokenProcessPool as exc:
            raise _died(exc) from None
        for item in batch:
            if isinstance(item, Article):
                outcome = next(outcomes)
                item.lang = outcome.lang
                self.hold(item, outcome.claims, outcome.error, detected=outcome.detected)
            yield item


def _died(exc: BaseException) -> WorkerDied:
    return WorkerDied(f"a worker process died ({exc}); stored documents are complete: "
                      "run the same command again to finish")


def ingest_parallel(
    items: Iterable[Article | Failure],
    store: Store,
    *,
    workers: int,
    lang: str | None = None,
    fail_fast: bool = False,
    command: str = "",
    on_progress: Callable[[IngestSummary], None] | None = None,
    total: int | None = None,
    on_status: Callable[[str], None] | None = None,
) -> IngestSummary:
    """``runner.ingest`` with extraction in ``workers`` processes; the same summary.

    ``workers=1``, or fewer than ``MIN_PARALLEL_DOCS`` documents, is the plain serial
    path (no pool is started). Raises ``WorkerDied`` if a worker is killed: the
    documents stored up to then are complete, and a second run finishes the work.
    ``on_status`` hears what the run waits for (a pipeline loading); ``total`` is ``ingest``'s.
    """
    if workers < 1:
        raise DecompteError(f"--workers must be at least 1 (got {workers})")
    it = iter(items)
    head = list(islice(it, MIN_PARALLEL_DOCS)) if workers > 1 else []
    if workers == 1 or len(head) < MIN_PARALLEL_DOCS:
        return ingest(chain(head, it), store, extraction=PackExtraction(on_status), lang=lang, fail_fast=fail_fast,
                      command=command, on_progress=on_progress, total=total)
    if on_status is not None:  # each worker loads its pipelines: the first results wait for them
        on_status(f"starting {workers} extraction workers (each loads its language pipelines)…")
    with ParallelExtraction(workers, lang=lang) as extraction:
        return ingest(extraction.feed(chain(head, it), store), store, extraction=extraction, lang=lang,
                      fail_fast=fail_fast, command=command, on_progress=on_progress, total=total)
