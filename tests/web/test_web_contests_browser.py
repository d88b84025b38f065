"""Contested points on the timeline, in Debian's Chromium: ringed, tagged, named in the tooltip.

The session ledger (``conftest.ledger_path``) holds Moscow's 498 (2 March) against Kyiv's
10 000 (5 March), and Moscow's 1 351 (25 March) against NATO's 7 000–15 000 (23 March).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

METRIC = "RU/soldier/killed"


def test_contested_points_are_ringed_and_named(page: Any, live_server: str) -> None:
    outside: list[str] = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(live_server) else None)
    contests = httpx.get(f"{live_server}/api/contests", params={"metric": METRIC}, timeout=30).json()["contests"]
    contested = {f["figure_id"] for c in contests for f in c["figures"]}
    assert len(contests) >= 2 and contested

    page.goto(f"{live_server}/metrics/{METRIC}")
    page.wait_for_load_state("networkidle")
    ringed = {int(c.get_attribute("data-figure-id")) for c in page.locator("svg.chart circle.contest-ring").all()}
    marked = {int(c.get_attribute("data-figure-id")) for c in page.locator('circle.point[data-contested="true"]').all()}
    assert ringed == marked == contested
    assert page.locator("table.figures span.contested").count() == len(contested)
    assert page.locator("svg.chart circle.point").count() > len(contested)  # not every point is contested

    page.locator('circle.point[data-claimant="NATO"]').hover()
    tip = page.locator("#tooltip")
    tip.wait_for(state="visible")
    assert "contested by" in tip.inner_text() and "Ministry of Defence of Russia" in tip.inner_text()
    screenshot(page, "timeline-contested")
    assert outside == []
