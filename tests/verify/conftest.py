"""Shared fixtures: the shipped registry (read once), a claim builder, a user series folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from decompte.model import Claim
from decompte.verify import Registry, shipped_dir

DATA = Path(__file__).parent / "data"

ClaimFactory = Callable[..., Claim]


@pytest.fixture(scope="session")
def shipped() -> Registry:
    """Only the package's series: a user's own folder must not change test results."""
    return Registry([shipped_dir()])


@pytest.fixture
def make_claim() -> ClaimFactory:
    """Build a claim the way the extractor would; defaults: a General Staff tank figure."""

    def build(value: float, qualifier: str = "exact", *, metric: str = "RU/tank/lost",
              claimant: str | None = "l'état-major ukrainien", high: float | None = None,
              period_end: date | None = None, period_start: date | None = None,
              quote: str = "", **extra: Any) -> Claim:
        side, counted, event = metric.split("/")
        return Claim(start=0, end=len(quote), quote=quote, value=value, qualifier=qualifier,
                     low=value if qualifier == "range" else None, high=high, counted=counted,
                     event=event, side=None if side == "XX" else side, claimant=claimant,
                     period_start=period_start, period_end=period_end, **extra)

    return build


@pytest.fixture
def user_reference_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user series folder, named by DECOMPTE_REFERENCE_DIR as a user would."""
    folder = tmp_path / "user-reference"
    monkeypatch.setenv("DECOMPTE_REFERENCE_DIR", str(folder))
    return folder
