"""Polling feeds: conditional requests, new entries into the ledger, their claims verified, alerts sent.

One poll (``poll_once``) takes each feed in turn: it asks with the ETag / Last-Modified of the
feed's last answer (``ledger.watch_state``); a 304 ends there. Otherwise the entries whose
link the feed has not acknowledged yet are fetched and go through the ingest loop
(``ingest.runner.ingest``), with a store that, for each new document, verifies its claims,
runs the alert rules and writes the entry's acknowledgement and its alerts in the document's
own transaction. Only once every entry was handled, none failing in a way worth a retry (a
timeout, a 5xx), are the new validators saved. Alerts are then sent; one not sent stays
pending and goes with the next poll.

``watch`` repeats polls every ``every`` seconds until ``stop`` is set (``stop_on_signals``
sets it on SIGINT/SIGTERM): the entry in hand is finished, nothing else is started.
"""

from __future__ import annotations

import re
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.engine import Connection

from decompte.errors import AlertNotSent, DecompteError, UnsupportedInput
from decompte.ingest.feeds import FeedEntry, parse_feed
from decompte.ingest.fetch import NotModified, fetch, new_client
from decompte.ingest.files import read_bounded
from decompte.ingest.runner import Extracting, ingest
from decompte.ingest.sources import FEED_SUFFIXES, Item, iter_entries
from decompte.ingest.urls import is_url
from decompte.ledger import store_verdicts
from decompte.ledger.schema import claims
from decompte.ledger.store import Store
from decompte.ledger.watch_state import (
    FeedState, acknowledge, acknowledge_stored, acknowledged_links, feed_state, mark_alerted, pending_alerts,
    save_answer,
)
from decompte.model import Article, Claim
from decompte.settings import DEFAULT_LIMITS, DEFAULT_WATCH_EVERY, Limits
from decompte.verify.registry import Registry
from decompte.verify.run import verify_claims
from decompte.watch.alerts import DEFAULT_RULES, AlertRule, AlertSink, NewItem, alerts_for

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """'15m' → 900.0; units s, m, h, d (seconds when none); refused unless positive."""
    match = _INTERVAL.match(text.lower())
    seconds = float(match[1]) * _UNIT[match[2]] if match else 0.0
    if seconds <= 0:
        raise UnsupportedInput(f"--every {text!r} is not a duration such as 30s, 15m, 2h or 1d")
    return seconds


def check_feeds(feeds: Sequence[str], limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse, before anything is polled, what cannot be a feed: only URLs and feed files are watched."""
    if not feeds:
        raise UnsupportedInput("nothing to watch: give feed URLs or feed files (.rss, .atom, .xml)")
    for arg in feeds:
        if is_url(arg):
            scheme = arg.split("://", 1)[0].lower()
            if scheme not in limits.allowed_schemes:
                raise UnsupportedInput(f"{arg}: URL scheme {scheme!r} is not allowed (only http and https)")
        elif not Path(arg).is_file() or Path(arg).suffix.lower() not in FEED_SUFFIXES:
            raise UnsupportedInput(f"{arg}: not a feed URL or a feed file (.rss, .atom, .xml)")


@dataclass
class WatchSummary:
    """What the polls did so far."""

    polls: int = 0
    feeds_changed: int = 0
    not_modified: int = 0
    ingested: int = 0
    duplicates: int = 0
    claims: int = 0
    alerts_sent: int = 0
    alerts_pending: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    """Feeds and entries that could not be read, by reason."""
    errors: list[str] = field(default_factory=list)
    """The messages of the last failures (feeds, entries, alerts), at most ``MAX_ERRORS``."""
    stopped: bool = False

    def note(self, reason: str, message: str) -> None:
        self.failed[reason] += 1
        self.errors = [*self.errors, message][-MAX_ERRORS:]

    def to_dict(self) -> dict[str, Any]:
        return {"polls": self.polls, "feeds_changed": self.feeds_changed, "not_modified": self.not_modified,
                "ingested": self.ingested, "duplicates": self.duplicates, "claims": self.claims,
                "alerts_sent": self.alerts_sent, "alerts_pending": self.alerts_pending,
                "failed": dict(self.failed), "errors": self.errors, "stopped": self.stopped}


MAX_ERRORS = 20


@dataclass(frozen=True)
class WatchOptions:
    """How entries are read, checked and alerted on (one value for all the polls of a run)."""

    extraction: Extracting | None
    sink: AlertSink
    limits: Limits = DEFAULT_LIMITS
    registry: Registry = field(default_factory=Registry.default)
    rules: tuple[AlertRule, ...] = DEFAULT_RULES


class _Acknowledging(Store):
    """The ledger as the ingest loop sees it during one feed: each entry it stores is acknowledged.

    ``link`` is the entry in hand; a new document is verified and alerted on, and its entry
    acknowledged in the same transaction (``Store.add``'s ``also``); a duplicate is acknowledged
    in its own, the document being there already.
    """

    def __init__(self, store: Store, feed: FeedState, options: WatchOptions) -> None:
        super().__init__(store.engine)
        self.feed, self.options = feed, options
        self.tracked = frozenset(m for s in options.registry.series for m in s.manifest.metrics)
        self.link = ""

    def add(self, article: Article, found: Sequence[Claim], **kwargs: Any) -> int:
        checked = verify_claims(found, article.published, self.options.registry)
        item = NewItem(self.feed.url, article, checked, self.tracked, store=self, registry=self.options.registry)
        alerts = alerts_for(item, self.options.rules)
        claim_ids: list[int] = []

        def also(conn: Connection, document_id: int) -> None:
            acknowledge(conn, self.feed.id, self.link, document_id, alerts)
            query = select(claims.c.id).where(claims.c.document_id == document_id).order_by(claims.c.id)
            claim_ids.extend(conn.scalars(query))

        document_id = super().add(article, found, also=also, **kwargs)
        if checked and len(claim_ids) == len(checked):  # verdicts can be given again: not in the transaction
            store_verdicts(self, zip(claim_ids, (c.verdict for c in checked)))
        return document_id

    def fill_metadata(self, document_id: int, article: Article) -> list[str]:
        filled = super().fill_metadata(document_id, article)
        acknowledge_stored(self, self.feed.id, self.link, document_id)
        return filled

    def replace_claims(self, document_id: int, article: Article, found: Sequence[Claim], **kwargs: Any) -> None:
        super().replace_claims(document_id, article, found, **kwargs)
        acknowledge_stored(self, self.feed.id, self.link, document_id)


def _read_feed(url: str, state: FeedState, client: httpx.Client,
               limits: Limits) -> tuple[list[FeedEntry], dict[str, str | None]]:
    """The feed's entries and the validators of this answer; ``NotModified`` on a 304."""
    if not is_url(url):
        body = read_bounded(Path(url), limits)
        return parse_feed(body, ref=url, max_entries=limits.max_feed_entries), {}
    headers = {k: v for k, v in (("If-None-Match", state.etag), ("If-Modified-Since", state.last_modified)) if v}
    got = fetch(client, url, limits, headers=headers)
    entries = parse_feed(got.body, ref=url, max_entries=limits.max_feed_entries, base=got.url)
    return entries, {"etag": got.etag, "last_modified": got.last_modified}


def _entries(pending: list[FeedEntry], ledger: _Acknowledging, client: httpx.Client, limits: Limits,
             stop: threading.Event, deliver: Callable[[], None]) -> Iterator[Item]:
    """Each pending entry's page, fetched only when the loop asks for it and ``stop`` is not set."""
    for entry in pending:
        if stop.is_set():
            return
        ledger.link = entry.link
        for item in iter_entries([entry], client, limits):
            yield item
        deliver()  # the entry was handled (stored and acknowledged, or failed) when the loop asks again


def poll_feed(url: str, store: Store, options: WatchOptions, client: httpx.Client, stop: threading.Event,
              summary: WatchSummary) -> None:
    """One feed: a conditional request, then its new entries stored, verified and alerted on."""
    url = url if is_url(url) else str(Path(url).resolve())  # a file is one feed from any directory
    state = feed_state(store, url)
    try:
        entries, validators = _read_feed(url, state, client, options.limits)
    except NotModified:
        save_answer(store, state.id, status="not modified")
        summary.not_modified += 1
        return
    except DecompteError as exc:
        save_answer(store, state.id, status=f"failed: {getattr(exc, 'reason', 'unreadable')}")
        summary.note(getattr(exc, "reason", "unreadable"), str(exc))
        return
    summary.feeds_changed += 1
    known = acknowledged_links(store, state.id)
    pending = [e for e in dict((e.link, e) for e in entries).values() if e.link not in known]
    ledger = _Acknowledging(store, state, options)
    items = _entries(pending, ledger, client, options.limits, stop, lambda: deliver(store, options.sink, summary))
    run = ingest(items, ledger, extraction=options.extraction, command=f"decompte watch {url}")
    summary.ingested += run.ingested + run.reextracted + run.stored_without_extraction
    summary.duplicates += run.duplicates
    summary.claims += run.claims
    for failure in run.examples:
        summary.note(failure.reason, failure.message)
    transient = [reason for reason in run.failed if _transient(reason)]
    if stop.is_set() or transient:  # entries left for the next poll: ask for the whole feed again
        save_answer(store, state.id, status="stopped" if stop.is_set() else f"retry: {transient[0]}")
    else:  # every entry handled: the next request may be conditional
        save_answer(store, state.id, status="fetched", changed=True, **validators)


def _transient(reason: str) -> bool:
    """A failure the next poll may not meet (a timeout, a server error), unlike a 404 or a refusal."""
    return reason in ("timeout", "connection failed") or reason.startswith("http 5")


def deliver(store: Store, sink: AlertSink, summary: WatchSummary) -> None:
    """Send the alerts still pending, oldest first; stop at the first that fails (kept for the next poll)."""
    pending = pending_alerts(store)
    for index, item in enumerate(pending):
        try:
            for number, alert in enumerate(item.alerts, start=1):
                sink.send({"id": f"{item.item_id}-{number}", **alert})
        except AlertNotSent as exc:
            summary.note("alert not sent", str(exc))
            summary.alerts_pending = sum(len(p.alerts) for p in pending[index:])
            return
        mark_alerted(store, item.item_id)
        summary.alerts_sent += len(item.alerts)
    summary.alerts_pending = 0


def poll_once(feeds: Sequence[str], store: Store, options: WatchOptions, *, client: httpx.Client | None = None,
              stop: threading.Event | None = None, summary: WatchSummary | None = None) -> WatchSummary:
    """Poll every feed once (``decompte watch --once``); alerts left by an earlier run go first."""
    stop = stop or threading.Event()
    summary = summary or WatchSummary()
    own = client is None
    client = client or new_client(options.limits)
    try:
        deliver(store, options.sink, summary)
        for url in feeds:
            if stop.is_set():
                break
            poll_feed(url, store, options, client, stop, summary)
        summary.polls += 1
    finally:
        if own:
            client.close()
    summary.stopped = stop.is_set()
    return summary


def watch(feeds: Sequence[str], store: Store, options: WatchOptions, *, every: float = DEFAULT_WATCH_EVERY,
          once: bool = False, client: httpx.Client | None = None, stop: threading.Event | None = None,
          on_poll: Callable[[WatchSummary], None] | None = None) -> WatchSummary:
    """Poll the feeds every ``every`` seconds (once with ``once``) until ``stop`` is set."""
    stop = stop or threading.Event()
    summary = WatchSummary()
    own = client is None
    client = client or new_client(options.limits)
    try:
        while True:
            poll_once(feeds, store, options, client=client, stop=stop, summary=summary)
            if on_poll is not None:
                on_poll(summary)
            if once or stop.wait(every):
                break
    finally:
        if own:
            client.close()
    summary.stopped = stop.is_set()
    return summary


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Set ``stop`` on SIGINT or SIGTERM (a second one interrupts at once); handlers restored after."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
