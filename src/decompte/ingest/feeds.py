"""RSS and Atom feeds → the links of their entries, each then fetched as a page.

feedparser only parses here: the feed itself is downloaded by ``fetch`` (or read
from a file) so that the same size, time and type limits apply to it as to any page.
An entry's title and date are kept as fallbacks for pages whose metadata lacks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

import feedparser

from decompte.ingest.reasons import Unreadable
from decompte.ingest.urls import parse_date


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where the article is, and what the feed says about it."""

    link: str
    title: str | None
    published: date | None


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return parse_date(entry.get("published") or entry.get("updated"))


def parse_feed(body: bytes, *, ref: str, max_entries: int, base: str | None = None) -> list[FeedEntry]:
    """The entries of a feed that have a link, in feed order, at most ``max_entries``.

    ``base`` is the feed's own URL, against which relative links are resolved.
    Raises ``Unreadable`` when the body is not a feed at all.
    """
    parsed = feedparser.parse(body, response_headers={"content-location": base} if base else None)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise Unreadable("not a feed", f"{ref}: not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    entries = []
    for entry in parsed.entries[:max_entries]:
        link = entry.get("link")
        if not link:
            continue
        link = urljoin(base, str(link)) if base else str(link)
        entries.append(FeedEntry(link=link, title=entry.get("title"), published=_entry_date(entry)))
    return entries
