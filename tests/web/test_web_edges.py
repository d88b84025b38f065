"""Edge values in query and path parameters (issue 14): a 422 with the reason, or a plain answer, never a 500."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

pytestmark = pytest.mark.anyio

METRIC = "RU/soldier/killed"
BIG = str(2**63)


@pytest.mark.parametrize("path", [
    f"/api/metrics/{METRIC}/timeline", f"/metrics/{METRIC}", "/api/claims",
])
@pytest.mark.parametrize("params", [
    {"since": "0001-01-01"}, {"until": "9999-12-31"}, {"since": "0001-01-01", "until": "9999-12-31"},
    {"since": "9999-12-31"}, {"until": "0001-01-01"},
])
async def test_extreme_dates_answer_200(client: httpx.AsyncClient, path: str, params: dict[str, str]) -> None:
    r = await client.get(path, params=params)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(("path", "params", "where"), [
    (f"/api/documents/{BIG}", {}, "path.document_id"),
    (f"/documents/{BIG}", {}, "path.document_id"),
    ("/documents/1", {"claim": BIG}, "query.claim"),
    ("/api/claims", {"document": BIG}, "query.document"),
    ("/api/claims", {"document": "-1"}, "query.document"),
    ("/api/claims", {"q": "\x00"}, "query.q"),
    ("/api/metrics", {"q": "a\x00b"}, "query.q"),
    ("/api/claimants", {"q": "\x1b[31m"}, "query.q"),
    ("/api/claims", {"claimant": "\x00"}, "query.claimant"),
])
async def test_out_of_range_ids_and_control_characters_are_422(
    client: httpx.AsyncClient, path: str, params: dict[str, str], where: str
) -> None:
    r = await client.get(path, params=params, headers={"Accept": "application/json"})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["status"] == 422
    assert ".".join(map(str, error["errors"][0]["loc"])) == where


async def test_the_largest_id_is_a_plain_404(client: httpx.AsyncClient) -> None:
    r = await client.get(f"/api/documents/{2**63 - 1}")
    assert r.status_code == 404
    assert r.json()["error"]["detail"] == f"no document with id {2**63 - 1}"


@pytest.mark.parametrize("after", [2**63, 2**64, 10**30])
async def test_a_cursor_past_the_largest_id_is_refused_as_malformed(client: httpx.AsyncClient, after: int) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")
    r = await client.get("/api/claims", params={"cursor": cursor})
    assert r.status_code == 400
    assert r.json()["error"]["detail"] == "malformed cursor: pass back the next_cursor of a previous page"


async def test_a_cursor_with_a_nul_is_malformed(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/claims", params={"cursor": "abc\x00"})
    assert r.status_code == 400
