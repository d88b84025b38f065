"""``POST /api/documents`` when nothing could be stored (issue 14): 422 with the reason, not 201 with ``"id": null``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from decompte.model import Article, Claim
from tests.web.conftest import TOKEN

pytestmark = pytest.mark.anyio


class Exploding:
    """An extraction stage that fails on every text, as the extractor once did on a 300-digit figure."""

    version = "exploding-1"

    def languages(self) -> set[str]:
        return {"fr", "en"}

    def extract(self, article: Article) -> list[Claim]:
        raise OverflowError("int too large to convert to float")


async def post(app: Any, body: dict[str, Any]) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        return await c.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})


async def test_a_text_whose_extraction_fails_is_422_with_the_reason_and_nothing_stored(writable_ledger: Path) -> None:
    from decompte.ledger import Store
    from decompte.web import WebConfig, create_app

    with Store.open(writable_ledger) as store:
        before = {k: v for k, v in store.counts().items() if k != "runs"}  # the run itself is recorded
    app = create_app(WebConfig(db=writable_ledger, token=TOKEN))
    app.state.decompte._extraction = Exploding()
    r = await post(app, {"text": "Selon Kiev, 31 chars russes ont été détruits jeudi.", "lang": "fr", "id": "boom"})
    app.state.decompte.close()
    assert r.status_code == 422, r.text
    assert r.json()["error"]["detail"] == "api: OverflowError: int too large to convert to float"
    with Store.open(writable_ledger) as store:
        assert {k: v for k, v in store.counts().items() if k != "runs"} == before
