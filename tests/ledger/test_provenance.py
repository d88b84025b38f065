"""Provenance in the ledger: stored, in ``claims_view``, exported, filtered alike by the CLI and
the API, shown on the document page, kept through revision 0007 and a Dask run's Parquet.

The ledger is written for these tests from claims given by hand (no extractor): one
article of four figures, one of each provenance, and one figure of a second article that
repeats the relayed one without its relay.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ledger import ClaimFilters, Store, export_rows, iter_claims, latest_values, timeline
from decompte.model import Article, Claim

TEXT = ("Selon le ministère de la Santé, cité par l'agence Reuters, 45 civils ont été tués. "
        "L'armée a perdu 12 chars lundi et 8 mardi, soit 20 chars. Au moins 30 civils ont été blessés.")
OTHER = "Le ministère de la Santé a fait état de 45 civils tués samedi."
DAY = date(2024, 3, 2)

runner = CliRunner()


def _claim(text: str, quote: str, value: float, provenance: str, **kw: Any) -> Claim:
    start = text.index(quote)
    values: dict[str, Any] = {"counted": "tank", "event": "lost", "side": "XX", "period_end": DAY, "lang": "fr"}
    values.update(kw)
    return Claim(start=start, end=start + len(quote), quote=quote, value=value, sentence=text, provenance=provenance,
                 evidence={"provenance": {"strategy": "test", "words": quote}}, **values)


def _build(path: Path) -> None:
    killed = {"counted": "civilian", "event": "killed", "side": "PS", "claimant": "le ministère de la Santé"}
    with Store.open(path) as store:
        store.add(Article(id="a", text=TEXT, lang="fr", published=DAY, site="veilleur.example"), [
            _claim(TEXT, "45 civils", 45, "relayed", relay="l'agence Reuters", **killed),
            _claim(TEXT, "12 chars", 12, "unsourced"),
            _claim(TEXT, "20 chars", 20, "derived"),
            _claim(TEXT, "30 civils", 30, "unsourced", counted="civilian", event="wounded"),
        ], extractor_version="t")
        store.add(Article(id="b", text=OTHER, lang="fr", published=DAY, site="courrier.example"), [
            _claim(OTHER, "45 civils", 45, "attributed", **killed),
        ], extractor_version="t")


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    _build(path)
    return path


def test_provenance_and_relay_are_stored_and_read_back(ledger: Path) -> None:
    with Store.open(ledger) as store:
        stored = {(c.claim.quote, c.document.doc_key): c.claim for c in iter_claims(store)}
    relayed = stored[("45 civils", "a")]
    assert (relayed.provenance, relayed.relay, relayed.claimant) == ("relayed", "l'agence Reuters",
                                                                    "le ministère de la Santé")
    assert stored[("45 civils", "b")].relay is None
    assert {c.provenance for c in stored.values()} == {"relayed", "unsourced", "derived", "attributed"}


def test_claims_view_and_the_export_carry_both_columns(ledger: Path) -> None:
    with sqlite3.connect(ledger) as conn:
        rows = conn.execute("SELECT quote, provenance, relay FROM claims_view ORDER BY claim_id").fetchall()
    assert rows[0] == ("45 civils", "relayed", "l'agence Reuters") and rows[1] == ("12 chars", "unsourced", None)
    with Store.open(ledger) as store:
        exported = list(export_rows(store))
    assert [r["provenance"] for r in exported] == ["relayed", "unsourced", "derived", "unsourced", "attributed"]
    assert exported[0]["relay"] == "l'agence Reuters"


@pytest.mark.parametrize(("provenance", "quotes"), [
    ("unsourced", ["12 chars", "30 civils"]), ("relayed", ["45 civils"]), ("derived", ["20 chars"]),
    ("attributed", ["45 civils"]),
])
def test_the_cli_export_and_the_api_select_the_same_claims(ledger: Path, provenance: str, quotes: list[str]) -> None:
    from decompte.web import WebConfig, create_app

    with Store.open(ledger) as store:
        exported = [r for r in export_rows(store, filters=ClaimFilters(provenance=provenance))]
    assert [r["quote"] for r in exported] == quotes
    cli = runner.invoke(app, ["export", "--db", str(ledger), "--format", "csv", "--provenance", provenance])
    assert cli.exit_code == 0, cli.output
    assert [r["claim_id"] for r in csv.DictReader(io.StringIO(cli.stdout))] == [str(r["claim_id"]) for r in exported]
    application = create_app(WebConfig(db=ledger))

    async def from_api() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as c:
            return list((await c.get("/api/claims", params={"provenance": provenance})).json()["claims"])

    try:
        found = asyncio.run(from_api())
    finally:
        application.state.decompte.close()
    assert [c["id"] for c in found] == [r["claim_id"] for r in exported]
    assert {c["provenance"] for c in found} == {provenance}


def test_the_api_refuses_a_provenance_it_does_not_know(ledger: Path) -> None:
    from decompte.web import WebConfig, create_app

    application = create_app(WebConfig(db=ledger))

    async def ask() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as c:
            return await c.get("/api/claims", params={"provenance": "rumoured"})

    try:
        assert asyncio.run(ask()).status_code == 422
    finally:
        application.state.decompte.close()


def test_the_document_page_shows_provenance_and_relay(ledger: Path) -> None:
    from decompte.web import WebConfig, create_app

    application = create_app(WebConfig(db=ledger))

    async def page() -> str:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as c:
            return (await c.get("/documents/1")).text

    try:
        html = asyncio.run(page())
    finally:
        application.state.decompte.close()
    assert '<span class="provenance p-relayed"' in html and "via l&#39;agence Reuters" in html
    assert html.count('class="provenance p-unsourced"') == 2


def test_ledger_lists_the_figures_cited_with_a_provenance(ledger: Path) -> None:
    with Store.open(ledger) as store:
        relayed = latest_values(store, provenance="relayed")
        assert [(r.metric, r.value) for r in relayed] == [("PS/civilian/killed", 45)]
        assert {r.metric for r in latest_values(store, provenance="unsourced")} == {"XX/tank/lost",
                                                                                  "XX/civilian/wounded"}
        # one reported figure, cited once relayed and once attributed: found under both
        assert [p.citations for p in timeline(store, "PS/civilian/killed", provenance="attributed")] == [2]
        assert timeline(store, "XX/tank/lost", provenance="relayed") == []
    shown = runner.invoke(app, ["ledger", "--db", str(ledger), "--provenance", "derived", "--json"])
    assert shown.exit_code == 0, shown.output
    assert [(r["metric"], r["value"]) for r in json.loads(shown.stdout)] == [("XX/tank/lost", 20)]
    points = runner.invoke(app, ["ledger", "XX/tank/lost", "--db", str(ledger), "--provenance", "unsourced", "--json"])
    assert [p["value"] for p in json.loads(points.stdout)] == [12]


def test_ledger_refuses_an_unknown_provenance_in_one_line(ledger: Path) -> None:
    result = runner.invoke(app, ["ledger", "--db", str(ledger), "--provenance", "rumoured"])
    assert result.exit_code == 2
    assert "rumoured" in result.output and "Traceback" not in result.output


def test_migration_0007_goes_down_and_up_keeping_the_claims(ledger: Path) -> None:
    from alembic import command

    from decompte.ledger.db import _config

    with Store.open(ledger) as store:
        cfg = _config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        with sqlite3.connect(ledger) as raw:
            assert "provenance" not in {r[1] for r in raw.execute("PRAGMA table_info(claims)")}
            assert "provenance" not in {r[1] for r in raw.execute("PRAGMA table_info(claims_view)")}
            assert raw.execute("SELECT count(*) FROM claims").fetchone() == (5,)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        # claims stored before the revision have no provenance until they are extracted again
        assert {r["provenance"] for r in export_rows(store)} == {None}


def test_a_dask_part_keeps_provenance_and_reads_parts_written_before_it() -> None:
    from decompte.scale.output import claim_row, row_claim

    claim = _claim(TEXT, "45 civils", 45, "relayed", relay="l'agence Reuters")
    row = claim_row(0, "h", claim)
    assert (row_claim(row).provenance, row_claim(row).relay) == ("relayed", "l'agence Reuters")
    older = {k: v for k, v in row.items() if k not in ("provenance", "relay")}
    assert row_claim(older).provenance is None


def test_the_timeline_page_and_api_filter_by_provenance(ledger: Path) -> None:
    from decompte.web import WebConfig, create_app

    application = create_app(WebConfig(db=ledger))

    async def ask() -> tuple[str, str, dict[str, Any], int]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as c:
            every = (await c.get("/metrics/XX/tank/lost")).text
            derived = (await c.get("/metrics/XX/tank/lost", params={"provenance": "derived"})).text
            api = (await c.get("/api/metrics/XX/tank/lost/timeline", params={"provenance": "unsourced"})).json()
            bad = (await c.get("/metrics/XX/tank/lost", params={"provenance": "rumoured"})).status_code
        return every, derived, api, bad

    try:
        every, derived, api, bad = asyncio.run(ask())
    finally:
        application.state.decompte.close()
    assert '<option value="derived" selected>' in derived and '<option value="derived" >' in every
    assert every.count("<tr data-figure-id=") == 2 and derived.count("<tr data-figure-id=") == 1
    assert '<td class="num">20</td>' in derived and '<td class="num">12</td>' not in derived
    assert [p["value"] for s in api["series"] for p in s["points"]] == [12]
    assert bad == 422
