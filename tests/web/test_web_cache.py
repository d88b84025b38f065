"""Aggregate reads are kept while the ledger is unchanged, and a write is seen by the next request (issue 14).

The write comes through another ``Store``, as an ``ingest`` run in another process
would make it: the server learns of it only through the ledger's change counter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from decompte.ingest.runner import ingest
from decompte.ledger import Store
from decompte.model import Article
from decompte.web import WebConfig, create_app
from tests.ledger.helpers import RegexExtraction

pytestmark = pytest.mark.anyio

MONDAY = Article(id="lundi", text="Selon Kiev, 14 400 soldats russes ont été tués depuis le début.", lang="fr",
                 published=date(2022, 3, 19), site="a.example")
TUESDAY = Article(id="mardi", text="Kiev annonce 14 700 soldats russes tués et 476 chars détruits.", lang="fr",
                  published=date(2022, 3, 20), site="b.example")


def store_articles(db: Path, *articles: Article) -> None:
    with Store.open(db) as store:
        summary = ingest(list(articles), store, extraction=RegexExtraction())
    assert summary.ingested == len(articles)


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[Path, Any, httpx.AsyncClient]]:
    db = tmp_path / "ledger.db"
    store_articles(db, MONDAY)
    app = create_app(WebConfig(db=db, reference=False))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            yield db, app, c
    finally:
        app.state.decompte.close()


def killed(payload: dict[str, Any]) -> dict[str, Any]:
    [row] = [m for m in payload["metrics"] if m["metric"] == "RU/soldier/killed"]
    return row


async def test_a_write_elsewhere_shows_in_the_next_answers(served: tuple[Path, Any, httpx.AsyncClient]) -> None:
    db, _app, client = served
    before = killed((await client.get("/api/metrics")).json())
    assert (before["citations"], before["latest"][0]["value"], before["last_update"]) == (1, 14400, "2022-03-19")
    assert (await client.get("/api/metrics/RU/tank/lost/timeline")).status_code == 404
    assert "RU/tank/lost" not in (await client.get("/")).text
    points = (await client.get("/api/metrics/RU/soldier/killed/timeline")).json()["series"][0]["points"]
    assert [p["value"] for p in points] == [14400]

    store_articles(db, TUESDAY)

    after = killed((await client.get("/api/metrics")).json())
    assert (after["citations"], after["latest"][0]["value"], after["last_update"]) == (2, 14700, "2022-03-20")
    assert (await client.get("/api/metrics/RU/tank/lost/timeline")).status_code == 200
    assert "RU/tank/lost" in (await client.get("/")).text
    points = (await client.get("/api/metrics/RU/soldier/killed/timeline")).json()["series"][0]["points"]
    assert [p["value"] for p in points] == [14400, 14700]
    assert "14 700" in (await client.get("/metrics/RU/soldier/killed")).text.replace("\u202f", " ")
    [claimant] = (await client.get("/api/claimants")).json()["claimants"]
    assert claimant["claims"] == 3


def count_calls(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Wrap ``module.name`` so that each call appends to the list returned."""
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


async def test_repeated_reads_compute_once_until_a_write(
    served: tuple[Path, Any, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from decompte.web import api

    db, _app, client = served
    calls = count_calls(monkeypatch, api, "metric_summaries")
    for path in ("/api/metrics", "/", "/api/metrics?side=RU", "/api/metrics", "/"):
        assert (await client.get(path)).status_code == 200
    assert len(calls) == 1
    for path in ("/api/metrics?provenance=attributed", "/?provenance=attributed&side=RU",
                 "/api/metrics?provenance=attributed"):  # one more summary, kept under its provenance
        assert (await client.get(path)).status_code == 200
    assert len(calls) == 2
    store_articles(db, TUESDAY)
    for path in ("/api/metrics", "/", "/api/metrics"):
        assert (await client.get(path)).status_code == 200
    assert len(calls) == 3


async def test_contests_and_revisions_are_kept_until_a_write(
    served: tuple[Path, Any, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from decompte.web import api

    db, _app, client = served
    calls: list[str] = []
    contests, revisions = api.contest_payload, api.revision_payload

    def counted_contests(*args: Any) -> Any:
        calls.append("contests")
        return contests(*args)

    def counted_revisions(*args: Any) -> Any:
        calls.append("revisions")
        return revisions(*args)

    monkeypatch.setattr(api, "contest_payload", counted_contests)
    monkeypatch.setattr(api, "revision_payload", counted_revisions)
    for path in ("/api/contests", "/api/revisions", "/api/contests", "/api/revisions?format=csv", "/api/contests"):
        assert (await client.get(path)).status_code == 200
    assert calls == ["contests", "revisions"]
    assert (await client.get("/api/contests?metric=RU/tank/lost")).status_code == 404
    assert (await client.get("/api/contests?metric=RU/tank/lost")).status_code == 404  # a 404 is not kept as an answer
    store_articles(db, TUESDAY)
    assert (await client.get("/api/contests?metric=RU/tank/lost")).status_code == 200
    assert (await client.get("/api/contests")).status_code == 200
    assert calls == ["contests", "revisions", "contests", "contests"]


WEDNESDAY = Article(id="mercredi", text="Kiev ne compte plus que 13 000 soldats russes tués.", lang="fr",
                    published=date(2022, 3, 21), site="c.example")


async def test_claims_pages_are_kept_until_a_write_and_match_a_fresh_server(
    served: tuple[Path, Any, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from decompte.web import api

    db, _app, client = served
    calls = count_calls(monkeypatch, api, "search_claim_rows")
    for _ in range(3):
        assert (await client.get("/api/claims?limit=100")).json()["count"] == 1
    assert len(calls) == 1
    assert (await client.get("/api/claims?limit=100&format=csv")).status_code == 200  # CSV is not kept
    assert (await client.get("/api/claims?limit=5")).status_code == 200  # another page, another entry
    assert len(calls) == 3

    store_articles(db, TUESDAY, WEDNESDAY)  # 13 000 after 14 700: a revision down, on a page kept before

    kept = await client.get("/api/claims?limit=100")
    by_value = {c["value"]: c for c in kept.json()["claims"]}
    assert set(by_value) == {14400, 14700, 476, 13000}
    assert [f["kind"] for f in by_value[13000]["revisions"]] == ["revision_down"]
    assert (await client.get("/api/claims?limit=100")).content == kept.content
    assert len(calls) == 4
    fresh = create_app(WebConfig(db=db, reference=False))  # nothing kept: the same bytes, computed cold
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fresh), base_url="http://testserver") as other:
            for path in ("/api/claims?limit=100", "/api/claims?limit=2", "/api/claims?metric=RU/soldier/killed"):
                mine, theirs = await client.get(path), await other.get(path)
                assert (mine.status_code, mine.headers["content-type"], mine.content) == \
                    (theirs.status_code, theirs.headers["content-type"], theirs.content)
            cursor = (await client.get("/api/claims?limit=2")).json()["next_cursor"]
            assert cursor and (await client.get(f"/api/claims?limit=2&cursor={cursor}")).content == \
                (await other.get(f"/api/claims?limit=2&cursor={cursor}")).content
    finally:
        fresh.state.decompte.close()


KEPT_PATHS = ("/api/metrics", "/api/claims", "/api/claimants", "/api/metrics/RU/soldier/killed/timeline", "/",
              "/claimants", "/metrics/RU/soldier/killed")


async def test_kept_answers_are_sent_from_the_event_loop_until_a_write(
    served: tuple[Path, Any, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from decompte.web import api

    db, app, client = served
    handed: list[object] = []
    original = api.run_in_threadpool

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        handed.append(func)
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(api, "run_in_threadpool", counted)
    first = [(await client.get(path)).content for path in KEPT_PATHS]
    assert len(handed) == len(KEPT_PATHS)  # computed in a worker thread
    assert [(await client.get(path)).content for path in KEPT_PATHS] == first
    assert len(handed) == len(KEPT_PATHS)  # then sent without one
    assert (await client.get("/api/claims?format=csv")).status_code == 200  # downloads go the usual way
    assert len(handed) == len(KEPT_PATHS) + 1

    store_articles(db, TUESDAY)

    after = [(await client.get(path)).content for path in KEPT_PATHS]
    assert len(handed) == 2 * len(KEPT_PATHS) + 1  # the counter moved: every answer computed again
    assert all(new != old for new, old in zip(after, first))
    assert killed((await client.get("/api/metrics")).json())["citations"] == 2

    app.state.decompte.quick_stamp = None  # as on PostgreSQL: no counter read on the loop, same answers
    assert [(await client.get(path)).content for path in KEPT_PATHS] == after
    assert len(handed) == 3 * len(KEPT_PATHS) + 1


def test_the_quick_stamp_reads_the_counter_or_says_it_cannot(tmp_path: Path) -> None:
    from decompte.ledger.summary import stamp
    from decompte.web.cache import QuickStamp
    from decompte.web.db import readonly_uri

    db = tmp_path / "ledger.db"
    store_articles(db, MONDAY)
    uri = readonly_uri(db)
    assert uri is not None and uri.endswith("?mode=ro")
    quick = QuickStamp(uri)
    with Store.open(db) as store:
        with store.reading() as conn:
            assert quick.read() == stamp(conn) > 0
        before = quick.read()
        store_articles(db, TUESDAY)
        with store.reading() as conn:
            assert quick.read() == stamp(conn) > (before or 0)
    with quick._lock:  # in use by another thread: no waiting, the caller goes the usual way
        assert quick.read() is None
    quick.close()
    assert QuickStamp((tmp_path / "missing.db").as_uri() + "?mode=ro").read() is None
    assert readonly_uri("postgresql://localhost/decompte") is None


async def test_the_start_up_warm_up_keeps_every_timeline_the_route_would_send(tmp_path: Path) -> None:
    """Issue 14: the first requests after start-up find each metric's timeline kept (the warm-up
    computed it), and what is kept is, byte for byte, what a cold server sends."""
    import threading

    from decompte.web.api import summaries, timeline_key, warm_timelines

    db = tmp_path / "ledger.db"
    store_articles(db, MONDAY, TUESDAY)
    app = create_app(WebConfig(db=db, reference=False))
    cold = create_app(WebConfig(db=db, reference=False))
    state = app.state.decompte
    try:
        metrics = sorted({row.metric for row in summaries(cold.state.decompte)})
        assert len(metrics) >= 2
        assert warm_timelines(state, threading.Event()) == len(metrics)
        for metric in metrics:
            found, body = state.cache.kept(state.cache.version(), timeline_key(metric))
            assert found
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cold), base_url="http://testserver") as c:
                assert body == (await c.get(f"/api/metrics/{metric}/timeline")).content
        stopped = threading.Event()
        stopped.set()
        assert warm_timelines(state, stopped) == 0  # a shutdown stops it before the next metric
    finally:
        state.close()
        cold.state.decompte.close()
