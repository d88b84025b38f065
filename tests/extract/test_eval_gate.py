"""Accuracy floors: the extractor's figures on every gold set may rise, never fall unnoticed.

Floors and the SHA-256 of each gold set are pinned in ``tests/eval_baseline.json``.
``DECOMPTE_REPIN=1`` raises floors to the current figures; lowering one needs
``DECOMPTE_REPIN=lower`` — an explicit decision, visible in the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from decompte.evaluate import default_docs_path, evaluate

from .conftest import DATA, ROOT, SHARED

BASELINE = ROOT / "tests" / "eval_baseline.json"
SETS = {
    "shared/dev": SHARED / "gold" / "dev.jsonl",
    "shared/fr-dev": SHARED / "gold" / "fr-dev.jsonl",
    "shared/en-dev": SHARED / "gold" / "en-dev.jsonl",
    "shared/fr-dev-2": SHARED / "gold" / "fr-dev-2.jsonl",
    "shared/en-dev-2": SHARED / "gold" / "en-dev-2.jsonl",
    "kinds-fr": DATA / "kinds-fr.jsonl",
    "kinds-en": DATA / "kinds-en.jsonl",
    "wars-fr": DATA / "wars-fr.jsonl",
    "wars-en": DATA / "wars-en.jsonl",
    "example": DATA / "example.jsonl",
    "fr-sentences": DATA / "fr-sentences.jsonl",
    "en-example": DATA / "en-example.jsonl",
    "en-sentences": DATA / "en-sentences.jsonl",
}
TOLERANCE = 1e-9


def corpus_sha(gold: Path) -> str:
    digest = hashlib.sha256(gold.read_bytes())
    digest.update(default_docs_path(gold).read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("name", sorted(SETS))
def test_accuracy_does_not_fall(name: str) -> None:
    gold = SETS[name]
    if not gold.exists():
        pytest.skip(f"{gold} is not beside this checkout")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    scores = evaluate(gold)["all"]
    current = {"found_f1": scores["found_prf"]["f1"], "right_f1": scores["right_prf"]["f1"], "sha256": corpus_sha(gold)}
    pinned = baseline.get(name)
    repin = os.environ.get("DECOMPTE_REPIN")
    if repin and (pinned is None or repin == "lower" or all(current[k] >= pinned[k] for k in ("found_f1", "right_f1"))):
        baseline[name] = current
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert pinned is not None, f"no floor for {name}: run with DECOMPTE_REPIN=1"
    assert pinned["sha256"] == current["sha256"], f"{name} changed: re-pin its floors deliberately"
    for key in ("found_f1", "right_f1"):
        assert current[key] + TOLERANCE >= pinned[key], f"{name} {key} fell from {pinned[key]} to {current[key]}"
