"""``/api/contests``, ``/api/revisions``, a claim's revisions and the timeline's contested points.

The ledger is built here, by the real ingest loop and extractor, from dispatches written
for this test (their figures are illustrations, not reported facts): Kyiv and Moscow give
incompatible Russian tolls two days apart (a contest), Kyiv then gives a lower total than
before (a revision down), and its tank count leaps by more than the reference series ever
rose (a jump). The app is called through httpx's ASGI transport, nothing listening.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from decompte.ingest.runner import PackExtraction, ingest
from decompte.ledger import Store
from decompte.model import Article

pytestmark = pytest.mark.anyio

SOLDIERS = "RU/soldier/killed"
TANKS = "RU/tank/lost"
DISPATCHES = [
    ("kyiv-0319", "fr", date(2022, 3, 19), "Kiev publie son bilan\nSelon l'état-major ukrainien, 14 400 soldats "
     "russes ont été tués depuis le début de l'invasion. L'état-major affirme aussi que 430 chars russes ont été "
     "détruits."),
    ("moscow-0320", "fr", date(2022, 3, 20), "Moscou répond\nLe ministère russe de la Défense a déclaré que 1 351 "
     "soldats russes avaient été tués depuis le début de l'opération."),
    ("kyiv-0322", "en", date(2022, 3, 22), "Kyiv lowers its count\nUkraine's General Staff said that 13,000 Russian "
     "soldiers had been killed since the invasion began, and that 2,000 Russian tanks had been destroyed."),
]


@pytest.fixture(scope="module")
def contest_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("contests") / "ledger.db"
    articles = [Article(id=key, text=text, lang=lang, published=day, site=f"{key.split('-')[0]}.example",
                        url=f"https://{key.split('-')[0]}.example/{key}", title=text.splitlines()[0])
                for key, lang, day, text in DISPATCHES]
    with Store.open(path) as store:
        summary = ingest(articles, store, extraction=PackExtraction(), command="tests/web/test_web_contests")
    assert summary.ingested == len(articles), summary.to_dict()
    return path


@pytest.fixture(scope="module")
def contest_app(contest_ledger: Path) -> Iterator[Any]:
    from decompte.web import WebConfig, create_app

    application = create_app(WebConfig(db=contest_ledger))
    yield application
    application.state.decompte.close()


@pytest.fixture
async def api(contest_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=contest_app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
        yield c


async def test_contests_endpoint_sets_claimants_side_by_side(api: httpx.AsyncClient) -> None:
    r = await api.get("/api/contests")
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 1 and data["lag_days"] == 3 and data["about_tolerance"] == 0.03
    contest = data["contests"][0]
    assert contest["metric"] == SOLDIERS
    assert contest["claimants"] == ["General Staff of the Armed Forces of Ukraine", "Ministry of Defence of Russia"]
    assert sorted(f["value"] for f in contest["figures"]) == [1351, 13000, 14400]
    moscow = next(f for f in contest["figures"] if f["value"] == 1351)
    assert moscow["url"] == "https://moscow.example/moscow-0320" and moscow["claim_id"] >= 1
    assert len(contest["contradictions"]) == 2  # Moscow against each of Kyiv's; Kyiv's two are one party

    assert (await api.get("/api/contests", params={"metric": TANKS})).json()["count"] == 0
    missing = await api.get("/api/contests", params={"metric": "RU/ship/lost"})
    assert missing.status_code == 404 and "RU/ship/lost" in missing.json()["error"]["detail"]
    rows = list(csv.DictReader(io.StringIO((await api.get("/api/contests", params={"format": "csv"})).text)))
    assert [(r["contest"], r["value"]) for r in rows] == [("1", "14400"), ("1", "1351"), ("1", "13000")]


async def test_revisions_endpoint_flags_a_revision_down_and_a_jump(api: httpx.AsyncClient) -> None:
    data = (await api.get("/api/revisions")).json()
    kinds = {(r["metric"], r["kind"]) for r in data["revisions"]}
    assert kinds == {(SOLDIERS, "revision_down"), (TANKS, "jump")}
    down = next(r for r in data["revisions"] if r["kind"] == "revision_down")
    assert (down["figure"]["value"], down["earlier"]["value"]) == (13000, 14400)
    assert down["earlier"]["url"] == "https://kyiv.example/kyiv-0319"
    jump = next(r for r in data["revisions"] if r["kind"] == "jump")
    assert jump["min_increase"] == 2000 - 430 and jump["min_increase"] > jump["allowed"] > 0
    only = (await api.get("/api/revisions", params={"metric": TANKS})).json()
    assert [r["kind"] for r in only["revisions"]] == ["jump"]


async def test_a_claims_json_carries_its_revisions(api: httpx.AsyncClient) -> None:
    found = (await api.get("/api/claims", params={"metric": SOLDIERS})).json()["claims"]
    by_value = {c["value"]: c for c in found}
    assert by_value[14400]["revisions"] == [] and by_value[1351]["revisions"] == []
    [flag] = by_value[13000]["revisions"]
    assert flag["kind"] == "revision_down"
    assert flag["earlier"]["claim_id"] == by_value[14400]["id"]
    assert flag["earlier"]["document_id"] == by_value[14400]["document"]["id"]
    doc = (await api.get(f"/api/documents/{by_value[13000]['document']['id']}")).json()
    assert {c["metric"]: [f["kind"] for f in c["revisions"]] for c in doc["claims"]} == {
        SOLDIERS: ["revision_down"], TANKS: ["jump"]}


async def test_timeline_marks_contested_points(api: httpx.AsyncClient) -> None:
    points = [p for s in (await api.get(f"/api/metrics/{SOLDIERS}/timeline")).json()["series"] for p in s["points"]]
    assert sorted((p["value"], p["contested"]) for p in points) == [(1351, True), (13000, True), (14400, True)]
    moscow = next(p for p in points if p["value"] == 1351)
    assert moscow["contested_by"] == ["General Staff of the Armed Forces of Ukraine"]

    page = (await api.get(f"/metrics/{SOLDIERS}")).text
    assert len(re.findall(r'<circle class="point contested"', page)) == 3
    assert len(re.findall(r'class="contest-ring"', page)) == 3 + 1  # the three points, the legend's swatch
    assert page.count('<span class="contested"') == 3
    tanks = (await api.get(f"/metrics/{TANKS}")).text
    assert 'data-contested="true"' not in tanks and 'data-contested="false"' in tanks
