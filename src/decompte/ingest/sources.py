"""Command-line arguments (``PATH|URL|FEED…``) → a stream of ``Article`` or ``Failure``.

``check_arguments`` runs first and refuses, with one clear error, arguments that
cannot be right (a missing path, a binary file named explicitly, a URL whose scheme
is not allowed): better to stop before anything is written than to report them
among a thousand documents. ``iter_articles`` then reads everything lazily; a
document that cannot be read becomes a ``Failure`` and the stream goes on.

What is read, by argument:
- a directory: every file under it, recursively, by extension (hidden files skipped);
- ``.txt``/``.text``/``.md``: plain text; ``.html``/``.htm``/``.xhtml``: a web page;
- ``.jsonl``/``.ndjson``/``.csv``: a corpus, one article per record;
- ``.rss``/``.atom``/``.xml``: a feed whose entries' links are fetched;
- an ``http(s)://`` URL: a page, a feed (by content type) or plain text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import csv
import sys

import httpx

from decompte.errors import DecompteError, UnsupportedInput
from decompte.ingest.feeds import FeedEntry, parse_feed
from decompte.ingest.fetch import Fetched, fetch, new_client
from decompte.ingest.files import (
    CorpusFields,
    article_from_html_file,
    article_from_text_file,
    check_text_file,
    iter_csv,
    bounded_lines,
    iter_jsonl,
    read_bounded,
)
from decompte.ingest.html import article_from_html
from decompte.ingest.reasons import Failure, Refused, Unreadable
from decompte.ingest.urls import is_url, normalise_url
from decompte.model import Article
from decompte.settings import DEFAULT_LIMITS, Limits

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES

Item: TypeAlias = Article | Failure


@dataclass(frozen=True)
class SourceOptions:
    """How to read sources: corpus columns and resource limits."""

    fields: CorpusFields = field(default_factory=CorpusFields)
    limits: Limits = DEFAULT_LIMITS


def check_arguments(args: Sequence[str], limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse arguments that cannot be ingested, before anything is read or written."""
    if not args:
        raise UnsupportedInput("nothing to ingest: give files, directories, URLs or feeds")
    for arg in args:
        if is_url(arg):
            scheme = arg.split("://", 1)[0].lower()
            if scheme not in limits.allowed_schemes:
                raise UnsupportedInput(f"{arg}: URL scheme {scheme!r} is not allowed (only http and https)")
            continue
        path = Path(arg)
        if not path.exists():
            raise UnsupportedInput(f"{arg}: no such file or directory")
        if path.is_dir():
            continue
        if not path.is_file():
            raise UnsupportedInput(f"{arg}: not a regular file")
        try:
            check_text_file(path)
        except Unreadable as exc:
            raise UnsupportedInput(str(exc)) from None


def _walk(root: Path) -> Iterator[Path | Failure]:
    """The regular files under ``root``, hidden ones left out; a named pipe, socket, device or
    dangling link in their place is one failure with its reason, not skipped silently."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file():
            yield path
        elif path.is_symlink() and not path.exists():
            yield Failure(str(path), "dangling link", f"{path}: a symbolic link to nothing")
        elif not path.is_dir():
            yield Failure(str(path), "not a file", f"{path}: not a regular file (a pipe, socket or device)")


def _read_file(path: Path, options: SourceOptions, fetcher: _Fetcher, *, explicit: bool) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from iter_jsonl(path, options.fields, options.limits)
        elif suffix in CSV_SUFFIXES:
            yield from iter_csv(path, options.fields, options.limits)
        elif suffix in HTML_SUFFIXES:
            yield article_from_html_file(path, options.limits)
        elif suffix in FEED_SUFFIXES:
            body = read_bounded(path, options.limits)
            entries = parse_feed(body, ref=str(path), max_entries=options.limits.max_feed_entries)
            yield from fetcher.entries(entries)
        elif suffix in TEXT_SUFFIXES or explicit:
            yield article_from_text_file(path, options.limits)
        else:
            yield Failure(str(path), "unsupported file type", f"{path}: not a text, HTML, corpus or feed file")
    except DecompteError as exc:
        yield Failure.of(str(path), exc)
    except OSError as exc:
        yield Failure(str(path), "unreadable file", f"{path}: {exc.strerror or exc}")


class _Fetcher:
    """Fetches URLs with one lazily created client, turning pages and feeds into items."""

    def __init__(self, limits: Limits, stack: ExitStack, client: httpx.Client | None) -> None:
        self.limits = limits
        self._stack = stack
        self._client = client

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = self._stack.enter_context(new_client(self.limits))
        return self._client

    def url(self, url: str) -> Iterator[Item]:
        try:
            got = fetch(self.client, url, self.limits)
            if got.is_feed:
                entries = parse_feed(got.body, ref=url, max_entries=self.limits.max_feed_entries, base=got.url)
                yield from self.entries(entries)
                return
            yield self._page(got, None)
        except DecompteError as exc:
            yield Failure.of(url, exc)

    def entries(self, entries: list[FeedEntry]) -> Iterator[Item]:
        for entry in entries:
            try:
                got = fetch(self.client, entry.link, self.limits)
                if got.is_feed:
                    raise Refused("content type", f"{entry.link}: a feed entry links to another feed")
                yield self._page(got, entry)
            except DecompteError as exc:
                yield Failure.of(entry.link, exc)

    def _page(self, got: Fetched, entry: FeedEntry | None) -> Article:
        published = entry.published if entry else None
        title = entry.title if entry else None
        if got.is_text:
            text = got.body.decode("utf-8", errors="replace")
            if not text.strip():
                raise Unreadable("empty", f"{got.url}: empty response")
            return Article(id=got.requested, text=text, published=published, title=title, url=got.url,
                           canonical_url=normalise_url(got.url), source=got.requested)
        article = article_from_html(got.body, doc_id=got.requested, url=got.url, source=got.requested,
                                    published=published, title=title)
        return article


def iter_entries(entries: Sequence[FeedEntry], client: httpx.Client,
                 limits: Limits = DEFAULT_LIMITS) -> Iterator[Item]:
    """The pages a feed's entries link to, each an ``Article`` whose ``id`` is the entry's link,
    or a ``Failure`` in its place (``decompte watch`` reads a feed it fetched itself)."""
    with ExitStack() as stack:
        yield from _Fetcher(limits, stack, client).entries(list(entries))


#: Corpus bytes ``count_items`` reads at most before it gives up on a total: counting is a second
#: pass over the files, cheap next to extraction, but not worth minutes before the first document.
COUNT_BUDGET_BYTES = 4 << 30


def count_items(args: Sequence[str], options: SourceOptions | None = None) -> int | None:
    """How many items ``iter_articles(args)`` will yield, when that is cheap to know; else ``None``.

    Files of a folder are counted by a walk, records of a JSONL/CSV corpus by reading its lines
    (never a record parsed); a URL or a feed, whose entries are only known once fetched, makes the
    total unknown, as do corpora larger than ``COUNT_BUDGET_BYTES`` together. The count is for a
    progress bar: a record that turns out unreadable is still one item, and one off is harmless.
    """
    options = options or SourceOptions()
    budget = [COUNT_BUDGET_BYTES]
    total = 0
    for arg in args:
        if is_url(arg):
            return None
        path = Path(arg)
        found: Iterator[Path | Failure] = _walk(path) if path.is_dir() else iter([path])
        for one in found:
            n = 1 if isinstance(one, Failure) else _count_file(one, options, budget)
            if n is None:
                return None
            total += n
    return total


def _count_file(path: Path, options: SourceOptions, budget: list[int]) -> int | None:
    """Items of one file: its records for a corpus, ``None`` for a feed (or past the budget), else 1."""
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return None
    if suffix not in JSONL_SUFFIXES | CSV_SUFFIXES:
        return 1
    try:
        budget[0] -= path.stat().st_size
        if budget[0] < 0:
            return None
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as fh:
                return sum(1 for line in bounded_lines(fh, options.limits.max_bytes) if line.strip())
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
            return max(sum(1 for row in csv.reader(fh) if row) - 1, 0)  # blank rows skipped, as DictReader does
    except (OSError, csv.Error):
        return 1  # reading it will fail too, as one failure


def iter_articles(
    args: Sequence[str], options: SourceOptions | None = None, *, client: httpx.Client | None = None
) -> Iterator[Item]:
    """Every article named by the arguments, in order, or a ``Failure`` in its place.

    Call ``check_arguments`` first for clean errors; here, an argument that vanished
    meanwhile becomes a failure. ``client`` lets tests or callers share an httpx client.
    """
    options = options or SourceOptions()
    with ExitStack() as stack:
        fetcher = _Fetcher(options.limits, stack, client)
        for arg in args:
            if is_url(arg):
                yield from fetcher.url(arg)
                continue
            path = Path(arg)
            if path.is_dir():
                for found in _walk(path):
                    if isinstance(found, Failure):
                        yield found
                    else:
                        yield from _read_file(found, options, fetcher, explicit=False)
            elif path.is_file():
                yield from _read_file(path, options, fetcher, explicit=True)
            else:
                yield Failure(arg, "not found", f"{arg}: no such file or directory")
