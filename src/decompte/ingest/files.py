"""Local files → ``Article``: plain text, and JSONL or CSV corpora with a text column.

Text must be UTF-8 (a byte-order mark is tolerated); a file with NUL bytes or
invalid UTF-8 is refused as binary rather than stored as mojibake. A corpus is
streamed record by record, so a bad line becomes one failure in the summary and a
corpus larger than memory is fine. A record whose text looks like an HTML page
(scraped corpora often keep raw pages) goes through trafilatura like an HTML file.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from decompte.errors import DecompteError, UnsupportedInput
from decompte.ingest.html import article_from_html
from decompte.ingest.lang import language_of
from decompte.ingest.reasons import Failure, Unreadable
from decompte.ingest.urls import date_in_name, normalise_url, parse_date
from decompte.model import Article
from decompte.settings import Limits

SNIFF_BYTES = 8192
# A page starts with its doctype or a tag, maybe after an XML declaration or comments.
_HTML_START = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype html|<html\b|<head\b|<body\b|<article\b|<div\b|<p\b)",
    re.I | re.S,
)


# <meta charset="…">, <meta http-equiv="Content-Type" content="text/html; charset=…">, <?xml … encoding="…"?>
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""", re.I)


@dataclass(frozen=True)
class CorpusFields:
    """Which columns of a JSONL/CSV corpus hold what (``--text-field`` and friends)."""

    text: str = "text"
    url: str = "url"
    date: str = "date"
    id: str = "id"
    title: str = "title"
    lang: str = "lang"


def sniff(head: bytes) -> Unreadable | None:
    """Why these first bytes are not UTF-8 text (binary content, other encoding), or ``None``."""
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if b"\x00" in head or controls > len(head) // 10:
        return Unreadable("binary file", "not a text file (binary content)")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multi-byte character cut by the sniff window is fine
            return Unreadable("bad encoding", f"not UTF-8 text (byte {exc.start})")
    return None


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment rather than plain text, by its content
    (a saved page may be called ``.txt``, a corpus record may hold a raw page)."""
    return _HTML_START.match(text[:SNIFF_BYTES]) is not None


def check_text_file(path: Path) -> None:
    """Raise ``Unreadable`` if the file's first bytes show it is not UTF-8 text."""
    with path.open("rb") as fh:
        problem = sniff(fh.read(SNIFF_BYTES))
    if problem is not None:
        raise Unreadable(problem.reason, f"{path}: {problem}")


#: What a path that is not a regular file is, for the one-line refusal.
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_bounded(path: Path, limits: Limits) -> bytes:
    """The bytes of a regular file of at most ``limits.max_bytes``; ``Unreadable`` otherwise.

    Opened without blocking and checked on the open descriptor: a FIFO would wait for a writer
    for ever, ``/dev/zero`` reports a size of 0 and never ends, so the kind is checked before a
    byte is read, and never more than ``max_bytes + 1`` bytes are read whatever the size says.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise Unreadable("not a file", f"{path}: is a directory") from None
    except FileNotFoundError:
        raise Unreadable("no such file", f"{path}: no such file") from None
    except OSError as exc:
        raise Unreadable("unreadable", f"{path}: cannot be read ({exc.strerror or exc})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limits.max_bytes:
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("not a file", f"{path}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
            raise Unreadable("not a file", f"{path}: {kind}, not a regular file")
        raise Unreadable("too large", f"{path}: {info.st_size} bytes, over the {limits.max_bytes}-byte limit")
    with os.fdopen(fd, "rb") as fh:
        os.set_blocking(fd, True)
        try:
            raw = fh.read(limits.max_bytes + 1)
        except OSError as exc:
            raise Unreadable("unreadable", f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limits.max_bytes:
        raise Unreadable("too large", f"{path}: over the {limits.max_bytes}-byte limit")
    return raw


def read_text(path: Path, limits: Limits) -> str:
    """The file's UTF-8 text; ``Unreadable`` if missing, not a regular file, too large, binary,
    badly encoded or empty."""
    return decode_text(read_bounded(path, limits), str(path))


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (``<meta charset>``, ``http-equiv``
    or an XML declaration), if it is one Python knows; ``None`` for anything but a page."""
    if not looks_like_html(head.decode("latin-1")):
        return None
    found = _DECLARED_CHARSET.search(head)
    if found is None:
        return None
    name = (found.group(1) or found.group(2)).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 text from bytes, or a page in the charset it declares; ``Unreadable`` (with the
    reason) if binary, badly encoded or empty."""
    problem = sniff(raw[:SNIFF_BYTES])
    encoding = "utf-8-sig"
    if problem is not None and problem.reason == "bad encoding":
        encoding = declared_charset(raw[:SNIFF_BYTES]) or encoding  # a Latin-1 page that says so is read as such
        problem = None if encoding != "utf-8-sig" else problem
    if problem is not None:
        raise Unreadable(problem.reason, f"{name}: {problem}")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        what = "UTF-8 text" if encoding == "utf-8-sig" else f"{encoding} text as the page declares"
        raise Unreadable("bad encoding", f"{name}: not {what} (byte {exc.start}); convert it first, e.g. with iconv") from exc
    if not text.strip():
        raise Unreadable("empty", f"{name}: empty input")
    return text.replace("\r\n", "\n")


def read_article(name: str, limits: Limits, *, lang: str | None = None, published: date | None = None) -> Article:
    """One article to extract from, by file name or ``-`` for standard input (``decompte extract``,
    ``decompte verify``, ``decompte.extract_file``): plain text, or an HTML page (told by its
    content) read like ``decompte ingest`` reads one; its date from ``published``, else the
    page's metadata, else the file name; its language checked."""
    if name == "-":
        raw = sys.stdin.buffer.read(limits.max_bytes + 1)
        if len(raw) > limits.max_bytes:
            raise Unreadable("too large", f"<stdin>: over the {limits.max_bytes}-byte limit")
        doc_id, source, text, named = "stdin", "<stdin>", decode_text(raw, "<stdin>"), None
    else:
        path = Path(name)
        doc_id, source, text, named = path.stem, str(path), read_text(path, limits), date_in_name(path.name)
    if looks_like_html(text):
        # The same reader as `decompte ingest`: the page's main text, its date from its metadata.
        article = article_from_html(text, doc_id=doc_id, source=source, published=named)
        article.published = published or article.published
    else:
        article = Article(id=doc_id, text=text, published=published or named, source=source)
    declared, article.lang = article.lang, None
    try:
        article.lang = language_of(article.text, lang, name)
    except UnsupportedInput:
        if lang is not None or declared is None:
            raise
        article.lang = declared  # lingua cannot tell; the page's <html lang> can
    return article


def article_from_text_file(path: Path, limits: Limits, *, doc_id: str | None = None) -> Article:
    """A plain-text article; its date is taken from a ``YYYY-MM-DD`` in the file name. A page
    saved under a text name is told by its content and read as HTML."""
    text = read_text(path, limits)
    if looks_like_html(text):
        return article_from_html(text, doc_id=doc_id or path.stem, source=str(path), published=date_in_name(path.name))
    return Article(id=doc_id or path.stem, text=text, published=date_in_name(path.name), source=str(path))


def article_from_html_file(path: Path, limits: Limits, *, doc_id: str | None = None) -> Article:
    """An article from a saved web page (main text and metadata through trafilatura)."""
    page = read_text(path, limits)
    return article_from_html(page, doc_id=doc_id or path.stem, source=str(path), published=date_in_name(path.name))


def _get(record: dict[str, Any], name: str) -> Any:
    value = record.get(name)
    return value if value not in ("", None) else None


def record_to_article(record: dict[str, Any], fields: CorpusFields, *, ref: str, default_id: str) -> Article:
    """One corpus record → ``Article``; raises ``Unreadable`` when it has no text."""
    text = _get(record, fields.text)
    if not isinstance(text, str) or not text.strip():
        raise Unreadable("no text field", f"{ref}: no text in field {fields.text!r}")
    url = _get(record, fields.url)
    url = str(url) if url is not None else None
    published = parse_date(_get(record, fields.date))
    if published is None and fields.date == "date":
        published = parse_date(_get(record, "published"))
    doc_id = str(_get(record, fields.id) or default_id)
    title = _get(record, fields.title)
    if looks_like_html(text):
        article = article_from_html(text, doc_id=doc_id, url=url, source=ref, published=published,
                                    title=str(title) if title else None)
        if published is not None:
            article.published = published
    else:
        article = Article(id=doc_id, text=text, published=published, title=str(title) if title else None,
                          url=url, canonical_url=normalise_url(url), source=ref)
    lang = _get(record, fields.lang)
    if isinstance(lang, str) and lang.strip():
        article.lang = lang.strip().lower()
    return article


def bounded_lines(fh: BinaryIO, limit: int) -> Iterator[bytes]:
    """The file's lines, none held longer than ``limit + 1`` bytes: a longer one is cut there (and
    so refused by its length) and the rest of it skipped, so a line of gigabytes is never in memory."""
    while line := fh.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line


def iter_jsonl(path: Path, fields: CorpusFields, limits: Limits) -> Iterator[Article | Failure]:
    """Articles of a JSON Lines corpus, one per non-blank line; bad lines become failures."""
    with path.open("rb") as fh:
        for lineno, raw in enumerate(bounded_lines(fh, limits.max_bytes), 1):
            ref = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                if len(raw) > limits.max_bytes:
                    raise Unreadable("too large", f"{ref}: record over the {limits.max_bytes}-byte limit")
                try:
                    record = json.loads(raw.decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise Unreadable("invalid JSON", f"{ref}: invalid JSON ({exc})") from exc
                if not isinstance(record, dict):
                    raise Unreadable("invalid JSON", f"{ref}: a record must be a JSON object")
                yield record_to_article(record, fields, ref=ref, default_id=f"{path.stem}:{lineno}")
            except DecompteError as exc:
                yield Failure.of(ref, exc)


def iter_csv(path: Path, fields: CorpusFields, limits: Limits) -> Iterator[Article | Failure]:
    """Articles of a CSV corpus with a header row; bad rows become failures."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        fh = path.open("r", encoding="utf-8-sig", newline="")
        with fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or fields.text not in reader.fieldnames:
                yield Failure(str(path), "no text field", f"{path}: no column {fields.text!r} in the header")
                return
            for n, record in enumerate(reader, 1):
                ref = f"{path}:{reader.line_num}"
                try:
                    if len(record.get(fields.text) or "") > limits.max_bytes:
                        raise Unreadable("too large", f"{ref}: record over the {limits.max_bytes}-byte limit")
                    yield record_to_article(record, fields, ref=ref, default_id=f"{path.stem}:{n}")
                except DecompteError as exc:
                    yield Failure.of(ref, exc)
    except (UnicodeDecodeError, csv.Error) as exc:
        yield Failure(str(path), "bad encoding" if isinstance(exc, UnicodeDecodeError) else "invalid CSV",
                      f"{path}: {exc}")
