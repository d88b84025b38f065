"""Stories in the ledger: ``documents.story_id`` set, recomputed and listed.

``assign_stories`` groups every stored document (``ingest.neardup``) and records each
one's story in one transaction; ``set_story_ids`` records groups computed elsewhere
(a Dask run's ``stories.parquet``); ``list_stories`` reads them back with their
number of documents and distinct outlets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice

from sqlalchemy import bindparam, distinct, func, select, update

from decompte.ingest.neardup import StoryIndex, outlet, signature
from decompte.ledger.schema import documents
from decompte.ledger.store import Store

BATCH = 1000


@dataclass(frozen=True)
class StoryRow:
    """One story of the ledger: how many documents and sites carry it, first published when."""

    story_id: str
    documents: int
    outlets: int
    first_published: date | None
    title: str | None


def set_story_ids(store: Store, pairs: Iterable[tuple[str, str]]) -> int:
    """Record ``(content_hash, story_id)`` pairs, a batch per transaction; return rows updated."""
    query = (update(documents).where(documents.c.content_hash == bindparam("h"))
             .values(story_id=bindparam("s")).execution_options(synchronize_session=False))
    n = 0
    it = iter(pairs)
    while batch := list(islice(it, BATCH)):
        with store.transaction() as conn:
            result = conn.execute(query, [{"h": h, "s": s} for h, s in batch])
            n += max(result.rowcount, 0)
    return n


def assign_stories(store: Store) -> tuple[int, int]:
    """Group every stored document into stories and record them; return (stories, reprinted stories)."""
    index = StoryIndex()
    query = select(documents.c.text, documents.c.content_hash, documents.c.site, documents.c.url)
    with store.reading() as conn:
        for row in conn.execution_options(yield_per=BATCH).execute(query):
            index.add(row.content_hash, signature(row.text), row.content_hash, outlet(row.site, row.url))
    stories = index.stories()
    set_story_ids(store, ((str(h), s.story_id) for s in stories for h in s.members))
    return len(stories), sum(1 for s in stories if len(s.outlets) > 1)


def list_stories(store: Store, *, min_outlets: int = 2, limit: int = 50) -> list[StoryRow]:
    """Stories carried by at least ``min_outlets`` sites, the most reprinted first."""
    host = func.coalesce(documents.c.site, documents.c.url)
    query = (
        select(documents.c.story_id, func.count().label("documents"), func.count(distinct(host)).label("outlets"),
               func.min(documents.c.published).label("first_published"), func.min(documents.c.title).label("title"))
        .where(documents.c.story_id.is_not(None))
        .group_by(documents.c.story_id)
        .having(func.count(distinct(host)) >= min_outlets)
        .order_by(func.count(distinct(host)).desc(), documents.c.story_id)
        .limit(limit)
    )
    with store.reading() as conn:
        return [StoryRow(r.story_id, int(r.documents), int(r.outlets), r.first_published, r.title)
                for r in conn.execute(query)]
