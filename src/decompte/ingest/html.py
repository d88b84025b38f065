"""Web pages → ``Article``: main text and metadata through trafilatura.

A news page is mostly not the article: navigation, advertising, related links,
comments. trafilatura's ``bare_extraction`` keeps the main text and reads the title,
date, site and canonical URL from the page's metadata; the page's language comes
from ``<html lang>`` when it declares one (lingua decides otherwise).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from trafilatura import bare_extraction
from trafilatura.utils import load_html

from decompte.ingest.reasons import Unreadable
from decompte.ingest.urls import normalise_url, parse_date
from decompte.model import Article


def _declared_lang(tree: Any) -> str | None:
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    value = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    code = value.split("-")[0].split("_")[0]
    return code if len(code) == 2 and code.isalpha() else None


def article_from_html(
    page: str | bytes,
    *,
    doc_id: str,
    url: str | None = None,
    source: str | None = None,
    published: date | None = None,
    title: str | None = None,
) -> Article:
    """Extract the article from an HTML page.

    ``url`` is where the page was found (its canonical URL, when the page declares
    one, wins for deduplication); ``published`` and ``title`` are fallbacks for pages
    whose metadata lacks them (a feed entry knows both). Raises ``Unreadable``.
    """
    tree = load_html(page)
    if tree is None:
        raise Unreadable("not html", f"{source or url or doc_id}: not an HTML page")
    lang = _declared_lang(tree)
    doc = bare_extraction(tree, url=url, with_metadata=True, include_comments=False, include_tables=False)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise Unreadable("no main text", f"{source or url or doc_id}: no main text found in the page")
    canonical = normalise_url(getattr(doc, "url", None) or url)
    return Article(
        id=doc_id,
        text=text,
        lang=lang,
        published=parse_date(getattr(doc, "date", None)) or published,
        title=getattr(doc, "title", None) or title,
        url=url,
        canonical_url=canonical,
        site=getattr(doc, "hostname", None) or getattr(doc, "sitename", None),
        source=source or url,
    )

