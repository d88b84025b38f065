"""Fixtures of the web tests: a real ledger, the app over it, a live server, Chromium.

- ``ledger_path``: an SQLite ledger built once per session by the real ingest loop and
  extractor from the project's example article plus the documents of
  ``data/documents.jsonl`` (written for these tests: several claimants giving
  ``RU/soldier/killed`` over March 2022, ranges and "more than" figures, one
  document full of markup that must be shown as text), then verified against the
  shipped reference series so that points carry verdicts.
- ``app`` / ``client``: the read-only app and an httpx client over its ASGI interface.
- ``live_server``: uvicorn on 127.0.0.1 and a free port, in a thread, stopped at the end.
- ``browser``: Debian's Chromium driven by Playwright (never a downloaded browser);
  skipped with the reason when ``/usr/bin/chromium`` is missing, except in CI.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from decompte.ledger import Store
from decompte.model import Article

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
EXAMPLE = ROOT / "examples" / "ukraine-pertes-2022-03-19.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
TOKEN = "test-token-" + "x" * 20


def load_articles() -> list[Article]:
    """The example article and the documents written for these tests."""
    articles = []
    if EXAMPLE.exists():
        text = EXAMPLE.read_text(encoding="utf-8")
        articles.append(Article(
            id="ukraine-pertes-2022-03-19", text=text, lang="fr", published=date(2022, 3, 19),
            title=text.splitlines()[0], site="exemple.example", url="https://exemple.example/ukraine-pertes",
            canonical_url="https://exemple.example/ukraine-pertes", source=str(EXAMPLE),
        ))
    for line in (DATA / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        articles.append(Article(
            id=record["id"], text=record["text"], lang=record["lang"], published=date.fromisoformat(record["date"]),
            title=record["title"], site=record["site"], url=record["url"], source="tests/web/data/documents.jsonl",
        ))
    return articles


@pytest.fixture(scope="session")
def articles() -> list[Article]:
    return load_articles()


@pytest.fixture(scope="session")
def ledger_path(tmp_path_factory: pytest.TempPathFactory, articles: list[Article]) -> Path:
    from decompte.ingest.runner import PackExtraction, ingest
    from decompte.verify import verify_store

    path = tmp_path_factory.mktemp("web") / "ledger.db"
    with Store.open(path) as store:
        summary = ingest(articles, store, extraction=PackExtraction(), command="tests/web")
    assert summary.ingested == len(articles), summary.to_dict()
    verify_store(str(path))
    return path


@pytest.fixture(scope="session")
def app(ledger_path: Path) -> Iterator[Any]:
    from decompte.web import WebConfig, create_app

    application = create_app(WebConfig(db=ledger_path))
    yield application
    application.state.decompte.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def writable_ledger(tmp_path: Path, ledger_path: Path) -> Path:
    """A copy of the session ledger that a test may write to."""
    copy = tmp_path / "writable.db"
    source, target = sqlite3.connect(ledger_path), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return copy


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(app: Any) -> Iterator[str]:
    """Base URL of the app served by uvicorn on 127.0.0.1 (a thread of this process)."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API keeps an event loop running while it is open,
    and the anyio tests of other modules need the thread's loop free."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/browser.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need Chromium in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under ``tests/artifacts/`` for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"web-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
