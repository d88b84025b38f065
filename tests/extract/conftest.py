"""Fixtures of the extraction tests: the project's texts, and the shared gold when it is beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "ukraine-pertes-2022-03-19.txt"


@pytest.fixture(scope="session")
def shared_gold() -> Path:
    """``../shared/gold`` (CI has it; a bare checkout may not)."""
    gold = SHARED / "gold"
    if not (gold / "dev.jsonl").exists():
        pytest.skip(f"no shared gold at {gold}: the real articles are read where they are, not copied")
    return gold
