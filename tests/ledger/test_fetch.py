"""URLs and feeds against a real HTTP server on 127.0.0.1 (no internet).

The server serves real pages and a real RSS file, and misbehaves in the ways the
web does: a 404, a server too slow to answer, a 30 MB response, a redirect loop,
a PDF. Each must end up as one counted reason in the summary, with nothing stored
for it, while the good entries are stored whole.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import text
from werkzeug import Request, Response

from decompte.errors import FetchRefused
from decompte.ingest.fetch import fetch, new_client
from decompte.ingest.reasons import Refused
from decompte.ingest.runner import ingest
from decompte.ingest.sources import SourceOptions, iter_articles
from decompte.ledger import Store
from decompte.settings import Limits

from .helpers import DATA, RegexExtraction, render_page

LIMITS = Limits(read_timeout=0.3, connect_timeout=2, total_timeout=10)
THIRTY_MB = 30 * 1024 * 1024


def _slow(_request: Request) -> Response:
    time.sleep(1.0)
    return Response("<html><body><p>trop tard</p></body></html>", content_type="text/html")


def _endless(_request: Request) -> Response:
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    return Response((chunk for _ in range(THIRTY_MB // len(chunk) + 1)), content_type="text/html")


def serve_site(srv: HTTPServer, example_text: str) -> str:
    base = srv.url_for("").rstrip("/")
    pages = DATA / "pages"
    html = "text/html; charset=utf-8"
    srv.expect_request("/monde/2022/03/19/ukraine-pertes-russes").respond_with_data(render_page(example_text), content_type=html)
    srv.expect_request("/world/2022/03/20/kyiv-russian-losses").respond_with_data(
        (pages / "en-kyiv-update-2022-03-20.html").read_bytes(), content_type=html)
    srv.expect_request("/novyny/2022/03/21/vtraty").respond_with_data(
        (pages / "uk-zvedennia-2022-03-21.html").read_bytes(), content_type=html)
    srv.expect_request("/monde/2022/03/18/article-retire").respond_with_data("introuvable", status=404)
    srv.expect_request("/lent").respond_with_handler(_slow)
    srv.expect_request("/rapport-complet").respond_with_data(b"<p>" + b"y" * THIRTY_MB + b"</p>", content_type="text/html")
    srv.expect_request("/flux-sans-fin").respond_with_handler(_endless)
    srv.expect_request("/boucle/a").respond_with_data("", status=302, headers={"Location": "/boucle/b"})
    srv.expect_request("/boucle/b").respond_with_data("", status=302, headers={"Location": f"{base}/boucle/a"})
    srv.expect_request("/carte.pdf").respond_with_data(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf")
    srv.expect_request("/redirige").respond_with_data("", status=301,
                                                      headers={"Location": "/monde/2022/03/19/ukraine-pertes-russes"})
    srv.expect_request("/vers-ftp").respond_with_data("", status=302, headers={"Location": "ftp://127.0.0.1/x"})
    for n in range(10):
        srv.expect_request(f"/chaine/{n}").respond_with_data("", status=302, headers={"Location": f"/chaine/{n + 1}"})
    feed = (DATA / "feed.rss.in").read_text(encoding="utf-8").replace("{{BASE}}", base)
    srv.expect_request("/feed.rss").respond_with_data(feed, content_type="application/rss+xml; charset=utf-8")
    return base


def test_feed_entries_are_fetched_and_each_failure_counted_by_reason(
    server: HTTPServer, example_text: str, db_path: Path
) -> None:
    base = serve_site(server, example_text)
    extraction = RegexExtraction(languages=("fr", "en"))
    with Store.open(db_path) as store:
        summary = ingest(iter_articles([f"{base}/feed.rss"], SourceOptions(limits=LIMITS)), store,
                         extraction=extraction)
        assert summary.seen == 8
        assert (summary.ingested, summary.duplicates) == (2, 0)
        assert dict(summary.skipped) == {"no pipeline for uk": 1}  # stored, reported, not dropped
        assert dict(summary.failed) == {"http 404": 1, "timeout": 1, "too large": 1, "redirect loop": 1,
                                        "content type": 1}
        with store.engine.connect() as conn:
            docs = conn.execute(text("SELECT url, status, lang, published, n_claims, "
                                     "(SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id) AS stored "
                                     "FROM documents d ORDER BY url")).all()
        assert [(d.url.removeprefix(base), d.status, d.lang) for d in docs] == [
            ("/monde/2022/03/19/ukraine-pertes-russes", "extracted", "fr"),
            ("/novyny/2022/03/21/vtraty", "skipped", "uk"),
            ("/world/2022/03/20/kyiv-russian-losses", "extracted", "en"),
        ]
        assert all(d.n_claims == d.stored for d in docs)  # every stored document has all its claims
        assert sum(d.stored for d in docs) == summary.claims > 0
        # The failures are named in the summary: which URL, and why.
        assert {f.ref.removeprefix(base) for f in summary.examples} == {
            "/monde/2022/03/18/article-retire", "/lent", "/rapport-complet", "/boucle/a", "/carte.pdf"}
        # Running the feed again stores nothing new.
        again = ingest(iter_articles([f"{base}/feed.rss"], SourceOptions(limits=LIMITS)), store, extraction=extraction)
        assert (again.ingested, again.duplicates, store.counts()["documents"]) == (0, 3, 3)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/monde/2022/03/18/article-retire", "http 404"),
        ("/lent", "timeout"),
        ("/rapport-complet", "too large"),
        ("/flux-sans-fin", "too large"),
        ("/boucle/a", "redirect loop"),
        ("/chaine/0", "too many redirects"),
        ("/vers-ftp", "scheme not allowed"),
        ("/carte.pdf", "content type"),
    ],
)
def test_fetch_refusals(server: HTTPServer, example_text: str, path: str, reason: str) -> None:
    base = serve_site(server, example_text)
    with new_client(LIMITS) as client, pytest.raises(FetchRefused) as caught:
        fetch(client, base + path, LIMITS)
    assert isinstance(caught.value, Refused) and caught.value.reason == reason
    assert base + path in str(caught.value) or path.split("/")[1] in str(caught.value)


def test_fetch_follows_a_bounded_redirect_and_sends_our_user_agent(server: HTTPServer, example_text: str) -> None:
    base = serve_site(server, example_text)
    server.expect_request("/ua", headers={"User-Agent": "decompte-test/1.0"}).respond_with_data(
        "<html><body><p>ok</p></body></html>", content_type="text/html")
    limits = LIMITS.with_(user_agent="decompte-test/1.0")
    with new_client(limits) as client:
        got = fetch(client, f"{base}/redirige", limits)
        assert got.url == f"{base}/monde/2022/03/19/ukraine-pertes-russes"
        assert got.content_type == "text/html" and len(got.body) > 3000
        assert fetch(client, f"{base}/ua", limits).body.endswith(b"</html>")


def test_private_hosts_can_be_refused(server: HTTPServer, example_text: str) -> None:
    base = serve_site(server, example_text)
    limits = LIMITS.with_(block_private_hosts=True)
    with new_client(limits) as client, pytest.raises(Refused) as caught:
        fetch(client, f"{base}/monde/2022/03/19/ukraine-pertes-russes", limits)
    assert caught.value.reason == "private address"


def test_connection_refused_is_a_failure_not_a_crash() -> None:
    with new_client(LIMITS) as client, pytest.raises(Refused) as caught:
        fetch(client, "http://127.0.0.1:9/nothing-listens-here", LIMITS)
    assert caught.value.reason == "connection failed"
    assert httpx.__name__  # the client was closed without error by the context manager
