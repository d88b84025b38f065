"""Feeds as servers label them: RSS and Atom under each content type seen in the wild.

A real HTTP server on 127.0.0.1 serves one feed per content type, each with one entry
linking to a page of the same server; every one must be read as a feed and its entry
fetched. A type that is neither a page, a feed nor text is refused with its name.
"""

from __future__ import annotations


import pytest
from pytest_httpserver import HTTPServer

from decompte.ingest.reasons import Failure
from decompte.ingest.sources import SourceOptions, iter_articles
from decompte.model import Article
from decompte.settings import Limits

LIMITS = Limits(read_timeout=2, connect_timeout=2, total_timeout=10)
PAGE = ("<!DOCTYPE html><html lang=\"fr\"><head><title>Bilan du jour</title></head><body><article>"
        "<p>L'armée ukrainienne affirme avoir abattu 12 drones russes pendant la nuit au-dessus de la capitale.</p>"
        "<p>Les autorités locales ne signalent aucune victime.</p></article></body></html>")
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Veille</title><link>{base}/</link><description>Essai</description>
<item><title>Bilan du jour</title><link>{base}/bilan</link><pubDate>Tue, 05 Mar 2024 07:30:00 GMT</pubDate></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Veille</title><id>{base}/</id><updated>2024-03-05T07:30:00Z</updated>
<entry><title>Bilan du jour</title><id>{base}/bilan</id><link href="{base}/bilan"/><updated>2024-03-05T07:30:00Z</updated></entry>
</feed>"""


@pytest.mark.parametrize(
    ("content_type", "template"),
    [
        ("application/rss+xml", RSS),
        ("application/x-rss+xml", RSS),
        ("application/atom+xml", ATOM),
        ("text/xml; charset=utf-8", RSS),
        ("application/xml", ATOM),
    ],
)
def test_feed_served_under_each_content_type_is_read(server: HTTPServer, content_type: str, template: str) -> None:
    base = server.url_for("").rstrip("/")
    server.expect_request("/feed").respond_with_data(template.format(base=base), content_type=content_type)
    server.expect_request("/bilan").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    items = list(iter_articles([f"{base}/feed"], SourceOptions(limits=LIMITS)))
    assert [type(i) for i in items] == [Article], items
    article = items[0]
    assert isinstance(article, Article)
    assert article.url == f"{base}/bilan" and "12 drones russes" in article.text


def test_other_content_types_are_refused_by_name(server: HTTPServer) -> None:
    base = server.url_for("").rstrip("/")
    server.expect_request("/rapport").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    [failure] = list(iter_articles([f"{base}/rapport"], SourceOptions(limits=LIMITS)))
    assert isinstance(failure, Failure)
    assert (failure.reason, failure.message) == (
        "content type", f"{base}/rapport: content type application/pdf is not a web page, feed or text")
