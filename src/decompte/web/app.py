"""The FastAPI application factory: ``create_app(WebConfig(db=…))``.

The app holds one read-only ledger connection (``web.db.open_readonly``) for every
page and API read, and on SQLite one more, read-only too, that reads only the change
counter on the event loop (``web.cache.QuickStamp``). Writing is off unless a token is configured; then a second,
writable ``Store`` is opened for ``POST /api/documents`` only, and writes go through
one lock (the ledger has one writer at a time anyway). The reference series
registry and the extractor are loaded on first use: a dashboard that is only looked
at never loads spaCy.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from decompte.ledger import Store
from decompte.settings import DEFAULT_LIMITS, Limits
from decompte.web import errors
from decompte.web.cache import LedgerCache, QuickStamp
from decompte.web.db import open_readonly, open_writable, readonly_uri
from decompte.web.security import SecurityMiddleware
from decompte.web.templating import make_templates

TOKEN_ENV_VAR = "DECOMPTE_TOKEN"


@dataclass(frozen=True)
class WebConfig:
    """How the app runs; every limit a client could push against is here."""

    db: str | Path | None = None
    """Ledger path or URL (``None``: ``$DECOMPTE_DB``, else ``./decompte.db``)."""
    token: str | None = None
    """Bearer token enabling the write endpoint; ``None`` keeps the app read-only."""
    max_extract_chars: int = 100_000
    """Longest text ``/api/extract`` and ``POST /api/documents`` accept."""
    max_body_bytes: int = 1_000_000
    """Largest request body read at all."""
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS.with_(block_private_hosts=True))
    """Fetch limits for URLs posted to ``/api/documents``: private and loopback hosts refused by default."""
    reference: bool = True
    """Overlay reference series on timelines."""
    allowed_hosts: tuple[str, ...] = ("*",)
    """``Host`` header values answered (``"*"``: any); others get 400, which stops DNS rebinding
    from turning a visited web page into a client of a server on 127.0.0.1."""
    max_extractions: int = 2
    """Extractions ``/api/extract`` runs at once; a request beyond them is answered 429 at once."""
    extract_seconds: float = 20.0
    """Time budget of one ``/api/extract`` request: past it the client gets 503 (the work keeps its slot
    until it ends, so the slots bound the CPU spent whatever clients do)."""
    warm_up: bool = True
    """At start-up, compute every metric's timeline in a background thread (``api.warm_timelines``)."""


class AppState:
    """What the routes share: the stores, templates, and lazily built heavy objects."""

    def __init__(self, config: WebConfig, store: Store, writer: Store | None,
                 quick_stamp: QuickStamp | None = None) -> None:
        self.config = config
        self.store = store
        self.writer = writer
        #: The change counter read on the event loop, for answers already kept (``web.cache``).
        self.quick_stamp = quick_stamp
        self.write_lock = threading.Lock()
        #: Aggregate reads kept while the ledger's change counter stays put (``web.cache``).
        self.cache = LedgerCache(store)
        #: Whole aggregate pages, the same way: a timeline page is ~0.5 MB of HTML, hence fewer entries.
        self.pages = LedgerCache(store, max_entries=64)
        #: Revision flags per series (metric, party), small and costly to compute: kept apart, so that
        #: pages and timelines asked with many filters do not push them out.
        self.revisions = LedgerCache(store, max_entries=4096)
        #: ``/api/claims`` pages as JSON bytes (~80 kB for 100 claims), apart too: pages read after
        #: random cursors come and go without pushing the timelines out of ``cache``.
        self.claim_pages = LedgerCache(store, max_entries=64)
        #: Extraction slots, apart from ``write_lock``: an extraction never holds up a write.
        self.extract_slots = threading.BoundedSemaphore(config.max_extractions)
        self._lock = threading.Lock()
        self._registry: Any = None
        self._extraction: Any = None

    def registry(self) -> Any:
        """The reference series registry (``None`` when overlays are off)."""
        if not self.config.reference:
            return None
        with self._lock:
            if self._registry is None:
                from decompte.verify import Registry

                self._registry = Registry.default()
            return self._registry

    def extraction(self) -> Any:
        """The extraction stage of the ingest loop (loads the language models on first use)."""
        with self._lock:
            if self._extraction is None:
                from decompte.ingest.runner import PackExtraction

                self._extraction = PackExtraction()
            return self._extraction

    def close(self) -> None:
        if self.quick_stamp is not None:
            self.quick_stamp.close()
        self.store.close()
        if self.writer is not None:
            self.writer.close()


WARM_UP_JOIN_S = 10.0
"""How long shutdown waits for the warm-up to finish the timeline it is computing."""


def _warm_up(state: AppState, stop: threading.Event) -> None:
    from decompte.web.api import warm_timelines

    try:
        warm_timelines(state, stop)
    except Exception:  # noqa: BLE001 - best effort: a timeline left cold is computed by its first request, which reports any error
        return


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The dashboard and API over the ledger ``config.db`` (opened now: a bad ledger fails here)."""
    config = config or WebConfig()
    writer = open_writable(config.db) if config.token else None
    try:
        uri = readonly_uri(config.db)  # refuses what open_readonly refuses, in the same words
        store = open_readonly(config.db)
    except BaseException:
        if writer is not None:
            writer.close()
        raise
    state = AppState(config, store, writer, QuickStamp(uri) if uri else None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        warming = threading.Thread(target=_warm_up, args=(state, stop), daemon=True, name="timeline-warm-up")
        if config.warm_up:
            warming.start()
        try:
            yield
        finally:
            stop.set()
            if warming.is_alive():
                warming.join(timeout=WARM_UP_JOIN_S)
            state.close()

    app = FastAPI(
        title="Décompte",
        summary="The figures claimed in war reporting: who said what, when, and how it compares.",
        version="0.1.0",
        docs_url=None,  # served by pages.py from vendored files: no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.decompte = state
    app.state.templates = make_templates()
    errors.install(app)
    app.add_middleware(SecurityMiddleware, max_body_bytes=config.max_body_bytes)
    if "*" not in config.allowed_hosts:  # added last, so it runs first: an unknown host is told nothing
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts))
    static = resources.files("decompte.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    from decompte.web import api, pages  # routes import the state type from here

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
