"""The JSON API over a real ledger, through httpx's ASGI transport.

Every endpoint is called; figures asserted here come from the documents of
``data/documents.jsonl`` and the example article, extracted by the real extractor.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from decompte.claimants import KINDS
from decompte.ledger import Store, metrics, timeline

from .conftest import TOKEN

pytestmark = pytest.mark.anyio

METRIC = "RU/soldier/killed"


async def test_metrics_lists_every_metric_of_the_ledger(client: httpx.AsyncClient, ledger_path: Path) -> None:
    r = await client.get("/api/metrics")
    assert r.status_code == 200
    data = r.json()
    with Store.open(ledger_path) as store:
        expected = metrics(store)
    assert [m["metric"] for m in data["metrics"]] == expected
    row = next(m for m in data["metrics"] if m["metric"] == METRIC)
    assert (row["side"], row["counted"], row["event"]) == ("RU", "soldier", "killed")
    assert row["langs"] == ["en", "fr"]
    assert row["last_update"] == "2022-04-08"
    claimants = {v["claimant"] for v in row["latest"]}
    assert {"Ministry of Defence of Russia", "NATO", "General Staff of the Armed Forces of Ukraine"} <= claimants
    latest_gs = next(v for v in row["latest"] if v["claimant"] == "General Staff of the Armed Forces of Ukraine")
    assert (latest_gs["value"], latest_gs["as_of"]) == (19000.0, "2022-04-08")


@pytest.mark.parametrize(("params", "check"), [
    ({"side": "UA"}, lambda m: m["side"] == "UA"),
    ({"counted": "tank"}, lambda m: m["counted"] == "tank"),
    ({"lang": "en"}, lambda m: "en" in m["langs"]),
    ({"claimant": "nato"}, lambda m: any("NATO" in (v["claimant"] or "") for v in m["latest"])),
    ({"q": "civilian"}, lambda m: "civilian" in m["metric"]),
])
async def test_metric_filters_keep_only_matching_rows(client: httpx.AsyncClient, params: dict[str, str], check: Any) -> None:
    everything = (await client.get("/api/metrics")).json()["metrics"]
    kept = (await client.get("/api/metrics", params=params)).json()["metrics"]
    assert kept, params
    assert all(check(m) for m in kept)
    assert [m["metric"] for m in kept] == [m["metric"] for m in everything if check(m)]


@pytest.mark.parametrize("path", [
    "/api/metrics/RU/soldier/killed/timeline",
    "/api/metrics/RU%2Fsoldier%2Fkilled/timeline",
])
async def test_timeline_with_slashes_plain_or_encoded(client: httpx.AsyncClient, ledger_path: Path, path: str) -> None:
    r = await client.get(path)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["metric"] == METRIC
    with Store.open(ledger_path) as store:
        figures = timeline(store, METRIC)
    points = [p for s in data["series"] for p in s["points"]]
    assert sorted(p["figure_id"] for p in points) == sorted(f.figure_id for f in figures)
    by_claimant = {s["claimant"]: s["points"] for s in data["series"]}
    assert len(by_claimant) >= 5
    gs = by_claimant["General Staff of the Armed Forces of Ukraine"]
    assert [p["as_of"] for p in gs] == sorted(p["as_of"] for p in gs)
    nato = by_claimant["NATO"][0]
    assert (nato["qualifier"], nato["value"], nato["high"]) == ("range", 7000.0, 15000.0)
    assert (nato["low_bound"], nato["high_bound"]) == (7000.0, 15000.0)
    more = next(p for p in points if p["qualifier"] == "more_than")
    assert more["high_bound"] is None and more["low_bound"] == more["value"]
    assert all(p["claim_id"] and p["document_id"] for p in points)


async def test_timeline_overlays_the_reference_series_and_colours_verdicts(client: httpx.AsyncClient) -> None:
    data = (await client.get(f"/api/metrics/{METRIC}/timeline")).json()
    names = {r["name"] for r in data["reference"]}
    assert "ua-general-staff" in names
    ref = next(r for r in data["reference"] if r["name"] == "ua-general-staff")
    dates = [p["date"] for p in ref["points"]]
    assert min(dates) >= "2022-02-23" and max(dates) <= "2022-04-15"  # cut to the claims' dates ± 7 days
    assert {"date": "2022-03-19", "value": 14400.0, "qualifier": "about"} in ref["points"]
    verdicts = {p["verdict"] for s in data["series"] for p in s["points"]}
    assert {"consistent", "inconsistent", "unknown"} <= verdicts
    low = next(p for s in data["series"] for p in s["points"] if p["value"] == 5000.0)
    assert low["verdict"] == "inconsistent"


async def test_timeline_filters_by_claimant_and_dates(client: httpx.AsyncClient) -> None:
    r = await client.get(f"/api/metrics/{METRIC}/timeline", params={"claimant": "russia"})
    series = r.json()["series"]
    assert [s["claimant"] for s in series] == ["Ministry of Defence of Russia"]
    assert sorted(p["value"] for p in series[0]["points"]) == [498.0, 1351.0]
    r = await client.get(f"/api/metrics/{METRIC}/timeline", params={"since": "2022-03-20", "until": "2022-03-31"})
    dates = [p["as_of"] for s in r.json()["series"] for p in s["points"]]
    assert dates and all("2022-03-20" <= d <= "2022-03-31" for d in dates)


async def test_timeline_csv_has_one_row_per_point_and_reference_value(client: httpx.AsyncClient) -> None:
    data = (await client.get(f"/api/metrics/{METRIC}/timeline")).json()
    r = await client.get(f"/api/metrics/{METRIC}/timeline", params={"format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "timeline-RU-soldier-killed.csv" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    n_points = sum(len(s["points"]) for s in data["series"])
    n_ref = sum(len(ref["points"]) for ref in data["reference"])
    assert len(rows) == n_points + n_ref
    assert sum(1 for row in rows if row["kind"] == "claimant") == n_points


@pytest.mark.parametrize("path", [
    "/api/metrics/XX/nothing/here/timeline",
    "/api/metrics/RU/soldier/resurrected/timeline",
    "/api/documents/999999",
])
async def test_unknown_things_are_404_with_a_json_error(client: httpx.AsyncClient, path: str) -> None:
    r = await client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/json"
    error = r.json()["error"]
    assert error["status"] == 404 and error["title"] == "Not Found" and error["detail"]


async def test_claims_paginate_with_a_cursor_until_the_end(client: httpx.AsyncClient, ledger_path: Path) -> None:
    with Store.open(ledger_path) as store:
        total = store.counts()["claims"]
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 7}
        if cursor:
            params["cursor"] = cursor
        data = (await client.get("/api/claims", params=params)).json()
        pages += 1
        assert data["count"] == len(data["claims"]) <= 7
        seen += [c["id"] for c in data["claims"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == total == len(set(seen))
    assert seen == sorted(seen)
    assert pages == -(-total // 7)


async def test_claims_filters(client: httpx.AsyncClient) -> None:
    data = (await client.get("/api/claims", params={"metric": METRIC, "lang": "en", "limit": 1000})).json()
    assert data["claims"] and all(c["metric"] == METRIC and c["lang"] == "en" for c in data["claims"])
    data = (await client.get("/api/claims", params={"claimant": "état-major", "limit": 1000})).json()
    assert data["claims"] and all(c["claimant"] == "General Staff of the Armed Forces of Ukraine" for c in data["claims"])
    data = (await client.get("/api/claims", params={"verdict": "inconsistent"})).json()
    # both disagree with the General Staff's figure of their day (290 tanks "mis hors de combat"
    # on 5 March against its 269; the 5 000 soldiers written to be far below its count)
    assert [c["quote"] for c in data["claims"]] == ["290 chars russes", "5 000 soldats russes"]
    assert all(c["verdict"]["series"] for c in data["claims"])
    data = (await client.get("/api/claims", params={"q": "NATO"})).json()
    assert data["claims"] == []  # q searches the quote, not the sentence
    data = (await client.get("/api/claims", params={"q": "15,000", "side": "RU"})).json()
    assert [c["quote"] for c in data["claims"]] == ["between 7,000 and 15,000 Russian soldiers"]
    data = (await client.get("/api/claims", params={"since": "2022-04-01"})).json()
    assert data["claims"] and all((c["period_end"] or c["document"]["published"]) >= "2022-04-01" for c in data["claims"])


@pytest.mark.parametrize(("params", "status"), [
    ({"limit": 10000}, 422),
    ({"limit": 0}, 422),
    ({"limit": "ten"}, 422),
    ({"cursor": "not-a-cursor!"}, 400),
    ({"cursor": "eyJhZnRlciI6ICJ4In0"}, 400),  # valid base64 JSON, but "after" is not a number
    ({"since": "yesterday"}, 422),
    ({"verdict": "maybe"}, 422),
    ({"format": "xml"}, 422),
])
async def test_bad_claim_parameters(client: httpx.AsyncClient, params: dict[str, Any], status: int) -> None:
    r = await client.get("/api/claims", params=params)
    assert r.status_code == status
    assert r.json()["error"]["status"] == status


async def test_limit_1000_is_allowed(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/claims", params={"limit": 1000})).status_code == 200


async def test_document_has_text_metadata_and_claims_at_their_offsets(client: httpx.AsyncClient) -> None:
    first = (await client.get("/api/claims", params={"q": "5 000 soldats"})).json()["claims"][0]
    doc_id = first["document"]["id"]
    r = await client.get(f"/api/documents/{doc_id}")
    assert r.status_code == 200
    doc = r.json()
    assert doc["doc_key"] == "web-ua-armee-2022-03-22"
    assert doc["published"] == "2022-03-22" and doc["site"] == "le-guetteur.example"
    assert doc["claims"]
    for claim in doc["claims"]:
        assert doc["text"][claim["start"]:claim["end"]] == claim["quote"]
    r = await client.get(f"/api/documents/{doc_id}", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["quote"] for row in rows] == [c["quote"] for c in doc["claims"]]


async def test_claimants_count_claims_and_consistency(client: httpx.AsyncClient, ledger_path: Path) -> None:
    data = (await client.get("/api/claimants")).json()
    with Store.open(ledger_path) as store:
        total = store.counts()["claims"]
    assert sum(c["claims"] for c in data["claimants"]) == total
    gs = next(c for c in data["claimants"] if c["name"] == "General Staff of the Armed Forces of Ukraine")
    checked = gs["verdicts"]["consistent"] + gs["verdicts"]["inconsistent"] + gs["verdicts"]["stale"]
    assert gs["verdicts"]["inconsistent"] >= 1
    assert gs["consistent_share"] == round(gs["verdicts"]["consistent"] / checked, 3)
    assert gs["metrics"][0]["metric"] == METRIC
    nato = next(c for c in data["claimants"] if c["name"] == "NATO")
    assert nato["consistent_share"] is None  # no series speaks for NATO's figures
    only = (await client.get("/api/claimants", params={"q": "nato"})).json()["claimants"]
    assert [c["name"] for c in only] == ["NATO"]


async def test_extract_returns_claims_and_stores_nothing(client: httpx.AsyncClient, ledger_path: Path) -> None:
    with Store.open(ledger_path) as store:
        before = store.counts()
    text = "Selon le ministère britannique de la Défense, plus de 7 000 soldats russes ont été tués."
    r = await client.post("/api/extract", json={"text": text, "lang": "fr", "published": "2022-03-20"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["lang"] == "fr"
    claim = next(c for c in data["claims"] if c["metric"] == METRIC)
    assert (claim["value"], claim["qualifier"]) == (7000.0, "more_than")
    assert text[claim["start"]:claim["end"]] == claim["quote"]
    with Store.open(ledger_path) as store:
        assert store.counts() == before


async def test_extract_detects_the_language(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/extract", json={"text": "At least 847 civilians have been killed, the UN said on Sunday."})
    assert r.status_code == 200
    assert r.json()["lang"] == "en"


@pytest.mark.parametrize(("body", "status"), [
    ({"text": ""}, 422),
    ({}, 422),
    ({"text": "Plus de 450 chars.", "lang": "xx"}, 422),
    ({"text": "Plus de 450 chars.", "published": "not a date"}, 422),
    ({"text": "plus de 450 chars détruits. " * 4000, "lang": "fr"}, 413),
])
async def test_extract_refuses_bad_or_oversized_input(client: httpx.AsyncClient, body: dict[str, Any], status: int) -> None:
    r = await client.post("/api/extract", json=body)
    assert r.status_code == status
    assert r.json()["error"]["status"] == status


async def test_bodies_over_the_byte_limit_are_refused_even_without_content_length(client: httpx.AsyncClient) -> None:
    async def chunks() -> Any:
        for _ in range(40):
            yield b"x" * 50_000

    r = await client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = await client.post("/api/extract", content=b"{" + b" " * 1_100_000 + b"}",
                          headers={"content-type": "application/json"})
    assert r.status_code == 413


# -- the write endpoint -----------------------------------------------------------------------


async def test_write_endpoint_is_off_without_a_configured_token(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/documents", json={"text": "Plus de 450 chars."},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403
    assert "--token" in r.json()["error"]["detail"]


@pytest.fixture
async def writer_client(writable_ledger: Path) -> Any:
    from decompte.web import WebConfig, create_app

    app = create_app(WebConfig(db=writable_ledger, token=TOKEN))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c
    app.state.decompte.close()


NEW_TEXT = ("Selon le ministère britannique de la Défense, plus de 7 000 soldats russes ont été tués "
            "depuis le début de l'invasion.")


@pytest.mark.parametrize("auth", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer", TOKEN])
async def test_write_refused_without_the_right_bearer_token(writer_client: httpx.AsyncClient, auth: str | None) -> None:
    headers = {"Authorization": auth} if auth is not None else {}
    r = await writer_client.post("/api/documents", json={"text": NEW_TEXT}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["error"]["status"] == 401
    found = (await writer_client.get("/api/claims", params={"q": "plus de 7 000"})).json()["claims"]
    assert found == []


async def test_write_accepted_with_the_token_and_readable_at_once(writer_client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    r = await writer_client.post("/api/documents", headers=headers, json={
        "text": NEW_TEXT, "title": "Londres publie son estimation", "published": "2022-03-20", "lang": "fr",
        "site": "londres.example",
    })
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["summary"]["ingested"] == 1
    doc_id = data["documents"][0]["id"]
    doc = (await writer_client.get(f"/api/documents/{doc_id}")).json()
    assert doc["title"] == "Londres publie son estimation"
    assert [c["quote"] for c in doc["claims"] if c["metric"] == METRIC] == ["plus de 7 000 soldats russes"]
    again = await writer_client.post("/api/documents", headers=headers, json={"text": NEW_TEXT, "lang": "fr"})
    assert again.status_code == 201
    assert again.json()["summary"]["duplicates"] == 1
    assert again.json()["documents"][0]["id"] == doc_id


async def test_write_needs_exactly_one_of_text_and_url(writer_client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for body in ({}, {"text": NEW_TEXT, "url": "https://example.org/a"}):
        r = await writer_client.post("/api/documents", headers=headers, json=body)
        assert r.status_code == 422


async def test_write_refuses_urls_of_private_hosts_and_other_schemes(writer_client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for url in ("http://127.0.0.1:9/article", "file:///etc/passwd", "javascript:alert(1)"):
        r = await writer_client.post("/api/documents", headers=headers, json={"url": url})
        assert r.status_code == 422, (url, r.text)
        assert r.json()["error"]["detail"]


async def test_write_fetches_a_url_when_private_hosts_are_allowed(writable_ledger: Path, httpserver: Any) -> None:
    from decompte.settings import DEFAULT_LIMITS
    from decompte.web import WebConfig, create_app

    httpserver.expect_request("/depeche").respond_with_data(
        NEW_TEXT, content_type="text/plain; charset=utf-8")
    app = create_app(WebConfig(db=writable_ledger, token=TOKEN, limits=DEFAULT_LIMITS))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
            r = await c.post("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                             json={"url": httpserver.url_for("/depeche"), "published": "2022-03-20"})
            assert r.status_code == 201, r.text
            doc = (await c.get(f"/api/documents/{r.json()['documents'][0]['id']}")).json()
    finally:
        app.state.decompte.close()
    assert doc["url"] == httpserver.url_for("/depeche")
    assert any(c["quote"] == "plus de 7 000 soldats russes" for c in doc["claims"])


async def test_openapi_documents_every_endpoint(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert set(spec["paths"]) == {
        "/api/metrics", "/api/metrics/{metric}/timeline", "/api/claims", "/api/documents/{document_id}",
        "/api/claimants", "/api/contests", "/api/revisions", "/api/extract", "/api/documents",
    }
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    bundle = await client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000


async def test_concurrent_requests_share_the_read_only_ledger(client: httpx.AsyncClient) -> None:
    """Sync endpoints run in a thread pool: the ledger connection pool must hold up under it."""
    import anyio

    statuses: list[int] = []

    async def one(path: str) -> None:
        statuses.append((await client.get(path)).status_code)

    async with anyio.create_task_group() as tg:
        for i in range(40):
            tg.start_soon(one, f"/api/metrics/{METRIC}/timeline" if i % 2 else "/api/claims?limit=5")
    assert statuses == [200] * 40


async def test_pages_and_api_share_one_error_shape(client: httpx.AsyncClient) -> None:
    page = await client.get("/documents/999999")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'data-status="404"' in page.text and "no document with id 999999" in page.text
    as_json = await client.get("/documents/999999", headers={"Accept": "application/json"})
    assert as_json.json() == (await client.get("/api/documents/999999")).json() == {
        "error": {"status": 404, "title": "Not Found", "detail": "no document with id 999999"}}
    bad = await client.get("/metrics/RU/soldier/killed", params={"since": "last week"})
    assert bad.status_code == 422 and "query.since" in bad.text


async def test_claims_say_why_in_the_api_and_on_the_document_page(client: httpx.AsyncClient) -> None:
    """A journalist asks "why RU?": the claim's evidence names the rule and the words it read."""
    claim = (await client.get("/api/claims", params={"q": "5 000 soldats"})).json()["claims"][0]
    side = claim["evidence"]["side"]
    assert claim["side"] == "RU" and side == {"strategy": "on_counted_noun", "words": "russes"}
    assert claim["evidence"]["claimant"]["strategy"] == "cue_governing_figure"
    page = await client.get(f"/documents/{claim['document']['id']}")
    assert page.status_code == 200
    assert "<summary>why</summary>" in page.text
    assert "<code>on_counted_noun</code> «russes»" in page.text


async def test_claimants_are_entities_grouped_by_kind_and_country(client: httpx.AsyncClient) -> None:
    data = (await client.get("/api/claimants")).json()
    rows = data["claimants"]
    named = [r for r in rows if r["key"] is not None]
    assert len({r["key"] for r in named}) == len(named)  # one row per entity
    gs = next(r for r in rows if r["key"] == "general-staff-of-the-armed-forces-of-ukraine")
    assert (gs["kind"], gs["country"], gs["label"]) == ("military", "UA", "General Staff of the Armed Forces of Ukraine")
    kinds = [g["kind"] for g in data["groups"]]
    order = [k for k in KINDS if k in kinds] + ([None] if None in kinds else [])
    assert kinds == order  # in KINDS order, unattributed figures last
    assert sum(g["claims"] for g in data["groups"]) == sum(r["claims"] for r in rows)
    military = next(g for g in data["groups"] if g["kind"] == "military")
    assert {c["country"] for c in military["countries"]} >= {"UA", "RU"}
    page = (await client.get("/claimants")).text
    section = page.split('data-kind="military"')[1].split("</section>")[0]
    assert '<tbody data-country="UA">' in section and '<tbody data-country="RU">' in section
    assert 'data-claimant="General Staff of the Armed Forces of Ukraine"' in section
    assert 'data-claimant="NATO"' not in section  # NATO is an intergovernmental body, shown with its kind
