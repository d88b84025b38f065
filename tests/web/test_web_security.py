"""What must never happen: markup from an article run, filters reach SQL, the ledger change
through the dashboard, a formula run from a CSV, or the server listen beyond localhost
unasked. (The browser-side check of the same article is in ``test_web_browser.py``.)"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from decompte.errors import StoreError
from decompte.ledger import Store
from decompte.ledger.schema import claimants

pytestmark = pytest.mark.anyio

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
NASTY = ["' OR '1'='1", "%", "_", "'; DROP TABLE claims; --", "\\", '" OR ""="', "1; SELECT * FROM documents"]


async def _xss_document(client: httpx.AsyncClient) -> dict[str, Any]:
    found = (await client.get("/api/claims", params={"q": "plus de 15 000"})).json()["claims"]
    doc = (await client.get(f"/api/documents/{found[0]['document']['id']}")).json()
    assert SCRIPT in doc["text"] and IMG in doc["text"]  # stored as written...
    return doc


async def test_article_markup_is_escaped_in_the_document_page(client: httpx.AsyncClient) -> None:
    doc = await _xss_document(client)
    html = (await client.get(f"/documents/{doc['id']}")).text
    assert SCRIPT not in html and "<img src=x" not in html  # ...and never served as markup
    assert "&lt;script&gt;alert(" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(" in html  # the "1" inside may be highlighted as a claim
    assert "<title>Titre piégé &lt;script&gt;alert(1)&lt;/script&gt; · Décompte</title>" in html
    assert html.count("<script") == 0  # the document page loads no script at all


async def test_javascript_urls_never_become_links(client: httpx.AsyncClient) -> None:
    doc = await _xss_document(client)
    assert doc["url"] == "javascript:alert(1)"
    html = (await client.get(f"/documents/{doc['id']}")).text
    assert 'href="javascript:' not in html.lower()
    assert "(not a web link)" in html


async def test_every_page_sends_a_strict_content_security_policy(client: httpx.AsyncClient) -> None:
    for path in ("/", "/metrics/RU/soldier/killed", "/claimants", "/api/metrics"):
        r = await client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"


async def test_html_error_pages_escape_what_the_url_said(client: httpx.AsyncClient) -> None:
    r = await client.get("/metrics/RU/<script>alert(1)</script>")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert SCRIPT not in r.text and "&lt;script&gt;" in r.text


@pytest.mark.parametrize("value", NASTY)
async def test_sql_metacharacters_in_filters_match_nothing_and_change_nothing(
    client: httpx.AsyncClient, ledger_path: Path, value: str
) -> None:
    with Store.open(ledger_path) as store:
        before = store.counts()
    every = (await client.get("/api/metrics")).json()["metrics"]
    for name in ("metric", "side", "counted", "event", "claimant", "lang", "q"):
        r = await client.get("/api/claims", params={name: value})
        assert r.status_code == 200, (name, value)
        assert r.json()["claims"] == [], (name, value)
        r = await client.get("/api/metrics", params={name: value} if name != "metric" else {"q": value})
        assert r.status_code == 200
        # a search finds the character itself ("_" in "armoured_vehicle"), never a wildcard's matches
        literal = [m["metric"] for m in every if value in m["metric"]] if name in ("metric", "q") else []
        assert [m["metric"] for m in r.json()["metrics"]] == literal, (name, value)
    r = await client.get("/api/metrics/RU/soldier/killed/timeline", params={"claimant": value})
    assert r.status_code == 200 and r.json()["series"] == []
    r = await client.get("/api/claimants", params={"q": value})
    assert r.status_code == 200 and r.json()["claimants"] == []
    r = await client.get(f"/api/metrics/{value}/timeline")
    assert r.status_code == 404
    for page in ("/", "/claimants"):
        assert (await client.get(page, params={"q": value})).status_code == 200
    with Store.open(ledger_path) as store:
        assert store.counts() == before


def test_the_dashboard_connection_cannot_write(app: Any) -> None:
    store = app.state.decompte.store
    with pytest.raises(OperationalError, match="readonly"), store.engine.begin() as conn:
        conn.execute(insert(claimants).values(key="intrus", name="Intrus", kind="other", party="claimant:intrus"))


def test_a_missing_ledger_is_refused_not_created(tmp_path: Path) -> None:
    from decompte.web import WebConfig, create_app

    missing = tmp_path / "nothing.db"
    with pytest.raises(StoreError, match="no ledger"):
        create_app(WebConfig(db=missing))
    assert not missing.exists()


async def test_csv_cells_that_look_like_formulas_are_defused(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/claims", params={"q": "5 000 soldats", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows[0]["title"].startswith("'=HYPERLINK(")
    data = (await client.get("/api/claims", params={"q": "5 000 soldats"})).json()
    assert data["claims"][0]["document"]["title"].startswith("=HYPERLINK(")  # JSON keeps the data as is


def test_serve_binds_localhost_unless_told(monkeypatch: pytest.MonkeyPatch, ledger_path: Path) -> None:
    import uvicorn

    from decompte.cli import app as cli

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append({"app": application, **kw}))
    monkeypatch.delenv("DECOMPTE_TOKEN", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--db", str(ledger_path)])
    assert result.exit_code == 0, result.output
    assert (calls[0]["host"], calls[0]["port"]) == ("127.0.0.1", 8000)
    assert calls[0]["app"].state.decompte.writer is None  # read-only without a token
    result = runner.invoke(cli, ["serve", "--db", str(ledger_path), "--host", "0.0.0.0", "--port", "8123"],
                           env={"DECOMPTE_TOKEN": "from-the-environment"})
    assert result.exit_code == 0, result.output
    assert (calls[1]["host"], calls[1]["port"]) == ("0.0.0.0", 8123)
    assert calls[1]["app"].state.decompte.config.token == "from-the-environment"
    for call in calls:
        call["app"].state.decompte.close()


def test_serve_really_serves_on_localhost(ledger_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    from .conftest import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DECOMPTE_TOKEN"}
    command = [sys.executable, "-c", "from decompte.cli import main; main()", "serve", "--db", str(ledger_path),
               "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/metrics", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "decompte serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["count"] > 0
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0].decode()
    assert f"serving read-only on http://127.0.0.1:{port}/" in output


def test_serve_reports_a_missing_ledger_in_one_line(tmp_path: Path) -> None:
    from decompte.cli import app as cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no ledger at" in result.output
