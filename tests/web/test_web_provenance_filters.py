"""The provenance filter on the metrics page, ``/api/metrics`` and ``Ledger.latest/timeline``; and
``/api/documents/{id}?format=csv`` in the columns of ``decompte export``.

The ledger is written here from claims given by hand (no extractor): civilians killed,
once attributed to a governor and once given without a source a day later, and drones
shot down given without a source only.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from decompte import Ledger
from decompte.cli import app as cli_app
from decompte.errors import UnsupportedInput
from decompte.ledger import Store
from decompte.ledger.columns import EXPORT_COLUMNS
from decompte.model import Article, Claim

FIRST = ("The regional governor said 14 civilians were killed in the overnight shelling. "
         "Some 60 drones were shot down over the coast.")
SECOND = "By Saturday evening 19 civilians had been killed in the district."
KILLED = "UA/civilian/killed"
DRONES = "RU/drone/destroyed"


def _claim(text: str, quote: str, value: float, provenance: str, day: date, **kw: Any) -> Claim:
    start = text.index(quote)
    values: dict[str, Any] = {"counted": "civilian", "event": "killed", "side": "UA", "lang": "en"}
    values.update(kw)
    return Claim(start=start, end=start + len(quote), quote=quote, value=value, sentence=text, period_end=day,
                 provenance=provenance, **values)


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    friday, saturday = date(2024, 5, 10), date(2024, 5, 11)
    with Store.open(path) as store:
        store.add(Article(id="first", text=FIRST, lang="en", published=friday, site="coast-news.example",
                          title="=Shelling overnight"), [
            _claim(FIRST, "14 civilians", 14, "attributed", friday, claimant="The regional governor"),
            _claim(FIRST, "60 drones", 60, "unsourced", friday, counted="drone", event="destroyed", side="RU"),
        ], extractor_version="t")
        store.add(Article(id="second", text=SECOND, lang="en", published=saturday, site="district.example"), [
            _claim(SECOND, "19 civilians", 19, "unsourced", saturday),
        ], extractor_version="t")
    return path


@pytest.fixture
def get(ledger: Path) -> Iterator[Any]:
    """``get(path, **params)``: a response of the read-only app over ``ledger`` (one app per test, so
    that every call below goes through the same cache)."""
    from decompte.web import WebConfig, create_app

    application = create_app(WebConfig(db=ledger))

    def fetch(path: str, **params: str) -> httpx.Response:
        async def ask() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as c:
                return await c.get(path, params=params)

        return asyncio.run(ask())

    yield fetch
    application.state.decompte.close()


def _metrics(response: httpx.Response) -> dict[str, dict[str, Any]]:
    assert response.status_code == 200, response.text
    return {m["metric"]: m for m in response.json()["metrics"]}


def test_api_metrics_counts_only_the_claims_of_the_provenance_asked(get: Any) -> None:
    every = _metrics(get("/api/metrics"))  # asked first: its cached answer must not be served for the others
    assert set(every) == {KILLED, DRONES}
    assert every[KILLED]["citations"] == 2
    attributed = _metrics(get("/api/metrics", provenance="attributed"))
    assert set(attributed) == {KILLED}
    assert attributed[KILLED]["citations"] == 1
    assert [v["value"] for v in attributed[KILLED]["latest"]] == [14]
    unsourced = _metrics(get("/api/metrics", provenance="unsourced", side="UA"))
    assert [v["value"] for v in unsourced[KILLED]["latest"]] == [19] and set(unsourced) == {KILLED}
    assert _metrics(get("/api/metrics", provenance="derived")) == {}
    assert _metrics(get("/api/metrics")) == every


def test_api_metrics_csv_follows_the_filter(get: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(get("/api/metrics", provenance="unsourced", format="csv").text)))
    assert sorted(r["metric"] for r in rows) == [DRONES, KILLED]
    rows = list(csv.DictReader(io.StringIO(get("/api/metrics", provenance="attributed", format="csv").text)))
    assert [r["metric"] for r in rows] == [KILLED]


def test_metrics_page_filters_by_provenance_and_keeps_it_in_its_links(get: Any) -> None:
    everything = get("/").text
    assert f'data-metric="{KILLED}"' in everything and f'data-metric="{DRONES}"' in everything
    page = get("/", provenance="attributed")
    assert page.status_code == 200
    assert f'data-metric="{KILLED}"' in page.text and f'data-metric="{DRONES}"' not in page.text
    assert "1 of 2 metrics shown" in page.text
    assert '<option value="attributed" selected>' in page.text
    assert "/api/metrics?provenance=attributed&amp;format=csv" in page.text


@pytest.mark.parametrize("path", ["/", f"/metrics/{KILLED}", "/api/metrics", "/api/claims"])
def test_an_empty_provenance_is_no_filter(get: Any, path: str) -> None:
    # what a page's form sends when its "Source" menu says "any"
    empty, none = get(path, provenance=""), get(path)
    assert empty.status_code == 200, empty.text
    assert empty.text == none.text


@pytest.mark.parametrize("path", ["/", f"/metrics/{KILLED}", "/api/metrics"])
def test_an_unknown_provenance_is_a_422(get: Any, path: str) -> None:
    assert get(path, provenance="rumoured").status_code == 422


def test_the_python_api_filters_by_provenance(ledger: Path) -> None:
    with Ledger.open(ledger, create=False) as book:
        assert {v.metric for v in book.latest()} == {KILLED, DRONES}
        assert [(v.metric, v.value) for v in book.latest(provenance="attributed")] == [(KILLED, 14)]
        assert [v.value for v in book.latest(KILLED, provenance="unsourced")] == [19]
        assert [p.value for p in book.timeline(KILLED)] == [14, 19]
        assert [p.value for p in book.timeline(KILLED, provenance="attributed")] == [14]
        assert book.timeline(DRONES, provenance="attributed") == []
        with pytest.raises(UnsupportedInput, match="'rumoured' is not one of attributed"):
            book.latest(provenance="rumoured")
        with pytest.raises(UnsupportedInput, match="rumoured"):
            book.timeline(KILLED, provenance="rumoured")


def test_the_document_csv_has_the_columns_and_values_of_decompte_export(get: Any, ledger: Path) -> None:
    # --excel: formulas defused, as every CSV the API sends (a title is data, not a formula)
    exported = CliRunner().invoke(cli_app, ["export", "--db", str(ledger), "--format", "csv", "--excel"])
    assert exported.exit_code == 0, exported.output
    export_rows = list(csv.reader(io.StringIO(exported.stdout.removeprefix("\ufeff")), delimiter=";"))
    response = get("/api/documents/1", format="csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == export_rows[0] == list(EXPORT_COLUMNS)
    document = EXPORT_COLUMNS.index("document_id")
    assert rows[1:] == [r for r in export_rows[1:] if r[document] == "1"]
    assert [r[EXPORT_COLUMNS.index("quote")] for r in rows[1:]] == ["14 civilians", "60 drones"]
    assert {r[EXPORT_COLUMNS.index("title")] for r in rows[1:]} == {"'=Shelling overnight"}
    assert get("/api/documents/99", format="csv").status_code == 404
