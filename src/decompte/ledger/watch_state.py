"""What ``decompte watch`` keeps in the ledger: each feed's validators and the entries it acknowledged.

An entry is *acknowledged* once its ``feed_items`` row exists; for a new document that row is
written by ``Store.add``'s ``also`` hook, in the document's own transaction (``acknowledge``),
so a run killed at any instant leaves an entry either stored and acknowledged or neither. A
feed's ETag and Last-Modified are saved (``save_answer``) only after every entry of the answer
they came with was handled: a run stopped half-way asks for the feed unconditionally next time
and skips the entries already acknowledged. Alerts ride on the entry's row until sent, so one
that could not be sent (a webhook down, a kill between store and send) is sent by the next poll.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from decompte.ledger.schema import feed_items, feeds
from decompte.ledger.store import Store, utcnow


@dataclass(frozen=True)
class FeedState:
    """A watched feed as the ledger knows it: its row id and the validators of its last answer."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class PendingAlerts:
    """Alerts of one acknowledged entry not yet sent."""

    item_id: int
    alerts: list[dict[str, Any]]


def feed_state(store: Store, url: str) -> FeedState:
    """The feed's state, its row created on first sight."""
    query = select(feeds.c.id, feeds.c.etag, feeds.c.last_modified).where(feeds.c.url == url)
    with store.reading() as conn:
        row = conn.execute(query).first()
    if row is None:
        try:
            with store.transaction() as conn:
                conn.execute(feeds.insert().values(url=url))
        except IntegrityError:  # another watcher created it meanwhile
            pass
        with store.reading() as conn:
            row = conn.execute(query).one()
    return FeedState(int(row.id), url, row.etag, row.last_modified)


def acknowledged_links(store: Store, feed_id: int) -> set[str]:
    """Links of the feed's entries already acknowledged."""
    with store.reading() as conn:
        return set(conn.scalars(select(feed_items.c.link).where(feed_items.c.feed_id == feed_id)))


def acknowledge(conn: Connection, feed_id: int, link: str, document_id: int | None,
                alerts: list[dict[str, Any]]) -> None:
    """Record an entry as handled, inside the caller's transaction (the one storing its document)."""
    conn.execute(feed_items.insert().values(
        feed_id=feed_id, link=link, document_id=document_id, acknowledged_at=utcnow(),
        alerts=json.dumps(alerts, ensure_ascii=False, default=str) if alerts else None,
        alerted_at=None if alerts else utcnow(),
    ))


def acknowledge_stored(store: Store, feed_id: int, link: str, document_id: int | None) -> None:
    """Record an entry whose document was already in the ledger (a duplicate): nothing to alert on."""
    exists = select(feed_items.c.id).where(feed_items.c.feed_id == feed_id, feed_items.c.link == link)
    try:
        with store.transaction() as conn:
            if conn.execute(exists).first() is None:
                acknowledge(conn, feed_id, link, document_id, [])
    except IntegrityError:  # acknowledged by another watcher meanwhile
        pass


def save_answer(store: Store, feed_id: int, *, status: str, etag: str | None = None,
                last_modified: str | None = None, changed: bool = False) -> None:
    """Record how the feed answered; with ``changed`` (a body, every entry handled) its new validators."""
    now = utcnow()
    values: dict[str, Any] = {"checked_at": now, "status": status}
    if changed:
        values |= {"etag": etag, "last_modified": last_modified, "changed_at": now}
    with store.transaction() as conn:
        conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))


def pending_alerts(store: Store) -> list[PendingAlerts]:
    """Alerts raised by acknowledged entries and not yet sent, oldest first."""
    query = (select(feed_items.c.id, feed_items.c.alerts).where(feed_items.c.alerted_at.is_(None))
             .order_by(feed_items.c.id))
    with store.reading() as conn:
        return [PendingAlerts(int(row.id), json.loads(row.alerts or "[]")) for row in conn.execute(query)]


def mark_alerted(store: Store, item_id: int) -> None:
    """The entry's alerts were all sent."""
    with store.transaction() as conn:
        conn.execute(update(feed_items).where(feed_items.c.id == item_id).values(alerted_at=utcnow()))
