"""What a client can make the server spend on ``POST /api/extract``, and what it cannot.

Issue 14: one short request could hold the extractor for minutes and, through the write
lock, every write with it. Now a text is bounded in size (413), a request in time (503),
the extractions running at once in number (429 at once beyond them), and an extraction
holds no lock a write needs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import TOKEN

pytestmark = pytest.mark.anyio


def make_app(db: Path, **config: Any) -> Any:
    from decompte.web import WebConfig, create_app

    return create_app(WebConfig(db=db, **config))


@pytest.fixture
def blocked_extractor(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """``extract_claims`` waits until the event is set: an extraction that takes as long as a test wants."""
    import decompte.extract.extractor as extractor

    release = threading.Event()

    def slow(text: str, **_: Any) -> list[Any]:
        release.wait(30)
        return []

    monkeypatch.setattr(extractor, "extract_claims", slow)
    yield release
    release.set()


async def post_extract(app: Any, text: str = "Plus de 450 chars détruits.") -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        return await c.post("/api/extract", json={"text": text, "lang": "fr"})


async def test_a_text_over_the_limit_is_413_with_its_size(ledger_path: Path) -> None:
    app = make_app(ledger_path, max_extract_chars=50)
    r = await post_extract(app, "x" * 51)
    assert r.status_code == 413
    assert r.json()["error"]["detail"] == "text of 51 characters, over the 50-character limit"
    app.state.decompte.close()


async def test_requests_beyond_the_slots_get_429_at_once(ledger_path: Path, blocked_extractor: threading.Event) -> None:
    import anyio

    app = make_app(ledger_path, max_extractions=1, extract_seconds=10)
    async with anyio.create_task_group() as tg:
        first: list[httpx.Response] = []

        async def hold() -> None:
            first.append(await post_extract(app))

        tg.start_soon(hold)
        while app.state.decompte.extract_slots._value:  # wait until the first request holds the slot
            await anyio.sleep(0.01)
        started = time.monotonic()
        r = await post_extract(app)
        assert time.monotonic() - started < 1.0
        assert r.status_code == 429
        assert r.headers["retry-after"] == "5"
        assert r.json()["error"]["detail"] == "1 extractions already running: retry later"
        blocked_extractor.set()
    assert first[0].status_code == 200
    assert (await post_extract(app)).status_code == 200  # the slot is free again
    app.state.decompte.close()


async def test_past_the_budget_503_and_the_slot_stays_taken_until_the_work_ends(
    ledger_path: Path, blocked_extractor: threading.Event
) -> None:
    app = make_app(ledger_path, max_extractions=1, extract_seconds=0.3)
    started = time.monotonic()
    r = await post_extract(app)
    assert time.monotonic() - started < 2.0
    assert r.status_code == 503
    assert r.json()["error"]["detail"] == "extraction ran past the 0.3-second budget of a request"
    assert (await post_extract(app)).status_code == 429  # the first text is still being read
    blocked_extractor.set()
    deadline = time.monotonic() + 5
    while not app.state.decompte.extract_slots._value and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (await post_extract(app)).status_code == 200
    app.state.decompte.close()


async def test_a_running_extraction_does_not_block_a_write(
    writable_ledger: Path, blocked_extractor: threading.Event
) -> None:
    import anyio

    app = make_app(writable_ledger, token=TOKEN, max_extractions=1, extract_seconds=10)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c, anyio.create_task_group() as tg:
        tg.start_soon(post_extract, app)
        while app.state.decompte.extract_slots._value:
            await anyio.sleep(0.01)
        with anyio.fail_after(60):
            r = await c.post("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                             json={"text": "Selon Kiev, 12 chars russes ont été détruits mardi.", "lang": "fr",
                                   "published": "2022-03-22"})
        assert r.status_code == 201, r.text
        assert app.state.decompte.extract_slots._value == 0  # the extraction was still running meanwhile
        blocked_extractor.set()
    app.state.decompte.close()


@pytest.fixture(scope="module")
def small_app(ledger_path: Path) -> Iterator[Any]:
    app = make_app(ledger_path, max_extract_chars=3_000, extract_seconds=20)
    yield app
    app.state.decompte.close()


texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(["1 ", "000 ", "1,5 ", "millions ", "tués ", "killed ", ". ", "\x00", "9" * 40, "["]),
             max_size=900).map("".join),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, lang=st.sampled_from([None, "fr", "en", "zz"]))
def test_any_text_answers_200_413_422_or_429_within_the_budget(small_app: Any, text: str, lang: str | None) -> None:
    import anyio

    async def post() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=small_app), base_url="http://testserver") as c:
            return await c.post("/api/extract", json={"text": text, "lang": lang})

    started = time.monotonic()
    r = anyio.run(post)
    assert r.status_code in (200, 413, 422, 429), r.text
    assert time.monotonic() - started < 20 + 5
    if r.status_code != 200:
        assert r.json()["error"]["status"] == r.status_code


async def test_a_figure_too_large_for_a_float_is_422(ledger_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import decompte.extract.extractor as extractor

    def overflow(text: str, **_: Any) -> list[Any]:
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(extractor, "extract_claims", overflow)
    app = make_app(ledger_path)
    r = await post_extract(app, "9" * 400 + " chars détruits.")
    assert r.status_code == 422
    assert r.json()["error"]["detail"] == "a number in the text is too large to read (int too large to convert to float)"
    app.state.decompte.close()
