"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Each test saves a screenshot under ``tests/artifacts/`` (ignored by git) so that a
person can look at what the test saw. Every request the pages make is recorded: the
dashboard must work offline, so none may leave the test server.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

METRIC = "RU/soldier/killed"


@pytest.fixture
def visit(page: Any, live_server: str) -> Iterator[Any]:
    """Open a path of the live server; fail the test if a page asks for anything elsewhere."""
    outside: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda req: outside.append(req.url)
            if not req.url.startswith((live_server, "data:")) else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def go(path: str) -> Any:
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        return page

    go.dialogs = dialogs  # type: ignore[attr-defined]
    yield go
    assert outside == [], f"requests left the server: {outside}"


def api(live_server: str, path: str, **params: Any) -> Any:
    return httpx.get(live_server + path, params=params, timeout=30).json()


def test_metrics_page_lists_metrics_and_filters_them(visit: Any, live_server: str) -> None:
    page = visit("/")
    links = page.locator("table.metrics a.metric")
    names = links.all_inner_texts()
    assert METRIC in names
    assert names == [m["metric"] for m in api(live_server, "/api/metrics")["metrics"]]
    row = page.locator(f'tr[data-metric="{METRIC}"]')
    assert "NATO" in row.inner_text() and "19" in row.inner_text()
    screenshot(page, "metrics")
    page.select_option('select[name="side"]', "UA")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    shown = page.locator("table.metrics a.metric").all_inner_texts()
    assert shown and all(name.startswith("UA/") for name in shown)
    page.fill('input[name="q"]', "wounded")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.metrics a.metric").all_inner_texts() == ["UA/civilian/wounded"]


def test_metric_link_opens_its_timeline(visit: Any, live_server: str) -> None:
    page = visit("/")
    page.click(f'a.metric:text-is("{METRIC}")')
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server}/metrics/{METRIC}"
    assert page.locator("svg.chart").count() == 1


def test_timeline_draws_one_series_per_claimant_with_the_reference(visit: Any, live_server: str) -> None:
    page = visit(f"/metrics/{METRIC}")
    data = api(live_server, f"/api/metrics/{METRIC}/timeline")
    expected = {(s["claimant"] or "(unattributed)"): len([p for p in s["points"] if p["as_of"]]) for s in data["series"]}
    groups = page.locator("svg.chart g.series")
    drawn = {g.get_attribute("data-claimant"): g.locator("circle.point").count() for g in groups.all()}
    assert drawn == expected
    assert len(drawn) >= 5
    for g in groups.all():
        if int(g.get_attribute("data-points")) > 1:
            assert g.locator("path.line").get_attribute("d").count("H") == int(g.get_attribute("data-points")) - 1
    assert page.locator("svg.chart g.reference path").count() == len(data["reference"]) >= 1
    assert page.locator("svg.chart .whisker.open").count() == sum(
        1 for s in data["series"] for p in s["points"] if p["high_bound"] is None)
    fills = {c.get_attribute("data-verdict"): c.get_attribute("fill") for c in page.locator("circle.point").all()}
    assert fills["consistent"] != fills["inconsistent"]
    box = page.locator("svg.chart").bounding_box()
    assert box["width"] > 600 and box["height"] > 250  # really drawn, not collapsed
    screenshot(page, "timeline")


def test_hovering_a_point_shows_its_figure(visit: Any) -> None:
    page = visit(f"/metrics/{METRIC}")
    point = page.locator('circle.point[data-claimant="NATO"]')
    point.hover()
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "7\u202f000–15\u202f000" in text and "NATO" in text and "2022-03-23" in text and "range" in text
    screenshot(page, "timeline-hover")
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")


def test_clicking_a_point_opens_the_document_with_the_claim_highlighted(visit: Any, live_server: str) -> None:
    page = visit(f"/metrics/{METRIC}")
    point = page.locator('circle.point[data-claimant="Ministry of Defence of Russia"][data-raw-value="1351.0"]')
    claim_id = point.get_attribute("data-claim-id")
    point.click()
    page.wait_for_load_state("networkidle")
    assert f"/documents/{point_document(live_server, claim_id)}?claim={claim_id}" in page.url
    mark = page.locator(f"mark#claim-{claim_id}")
    assert mark.inner_text() == "1 351 soldats russes"
    assert "selected" in mark.get_attribute("class")
    assert mark.is_visible() and mark.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    assert page.locator(f'tr.selected[data-claim-id="{claim_id}"]').count() == 1
    screenshot(page, "document-from-chart")


def point_document(live_server: str, claim_id: str) -> int:
    claims = api(live_server, "/api/claims", metric=METRIC, limit=1000)["claims"]
    return next(c["document"]["id"] for c in claims if str(c["id"]) == claim_id)


def test_document_page_highlights_every_claim_at_its_offsets(visit: Any, live_server: str) -> None:
    doc = api(live_server, "/api/documents/1")
    page = visit("/documents/1")
    marks = page.locator("article.text mark.claim")
    assert marks.count() == len(doc["claims"])
    assert marks.all_inner_texts() == [c["quote"] for c in doc["claims"]]
    assert page.locator("article.text").inner_text().strip() == doc["text"].strip()
    killed = page.locator("mark.claim.ev-killed").first
    wounded = page.locator("mark.claim.ev-wounded").first
    assert killed.evaluate("el => getComputedStyle(el).backgroundColor") != \
        wounded.evaluate("el => getComputedStyle(el).backgroundColor")
    assert page.locator("a.original").get_attribute("href") == doc["url"]
    screenshot(page, "document")


def test_document_page_shows_where_each_figure_comes_from(visit: Any, live_server: str) -> None:
    doc = api(live_server, "/api/documents/1")
    page = visit("/documents/1")
    cells = page.locator("table.claims td.provenance").all_inner_texts()
    assert cells == [c["provenance"] + (f" via {c['relay']}" if c["relay"] else "") for c in doc["claims"]]
    assert {"attributed", "unsourced"} <= {c["provenance"] for c in doc["claims"]}
    unsourced = page.locator("span.provenance.p-unsourced").first
    attributed = page.locator("span.provenance.p-attributed").first
    assert unsourced.evaluate("el => getComputedStyle(el).color") != \
        attributed.evaluate("el => getComputedStyle(el).color")
    screenshot(page, "document-provenance")


def test_markup_in_an_article_is_shown_never_run(visit: Any, live_server: str) -> None:
    found = api(live_server, "/api/claims", q="plus de 15 000")["claims"]
    doc_id = found[0]["document"]["id"]
    page = visit(f"/documents/{doc_id}")
    page.wait_for_timeout(300)
    assert visit.dialogs == []  # no alert() ran
    assert page.locator("article.text img, article.text script").count() == 0
    text = page.locator("article.text").inner_text()
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert page.locator("h1.doc-title").inner_text() == "Titre piégé <script>alert(1)</script>"
    assert page.locator('a[href^="javascript"]').count() == 0
    screenshot(page, "document-markup")


def test_claimants_page(visit: Any, live_server: str) -> None:
    page = visit("/claimants")
    rows = page.locator("table.claimants tbody tr")
    data = api(live_server, "/api/claimants")["claimants"]
    assert rows.count() == len(data)
    gs = page.locator('tr[data-claimant="General Staff of the Armed Forces of Ukraine"]')
    share = next(c for c in data if c["name"] == "General Staff of the Armed Forces of Ukraine")["consistent_share"]
    assert f"{round(100 * share)} %" in gs.inner_text()
    assert gs.locator("svg.stack rect").count() >= 2
    screenshot(page, "claimants")
    gs.locator(f'a:text-is("{METRIC}")').click()
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.chart g.series").count() == 1


def test_download_buttons_give_what_the_page_shows(visit: Any) -> None:
    page = visit("/?side=UA")
    shown = page.locator("table.metrics a.metric").all_inner_texts()
    with page.expect_download() as info:
        page.click("a.button:text-is('Download CSV')")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [r["metric"] for r in rows] == shown
    with page.expect_download() as info:
        page.click("a.button:text-is('Download JSON')")
    assert info.value.suggested_filename == "metrics.json"


def test_api_docs_render_offline(visit: Any) -> None:
    page = visit("/docs")
    page.locator(".opblock-summary-path").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/metrics/{metric}/timeline" in p.replace("\u200b", "") for p in paths)
    screenshot(page, "docs")
