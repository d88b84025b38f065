"""Examples by error kind: one test per gold claim and field, on sentences written for Décompte.

``tests/data/kinds-{fr,en}.jsonl`` (documents in ``-docs.jsonl`` beside) hold short news
briefs, each claim tagged with the ``kind`` of mistake it probes (``side-own-losses``,
``claimant-quote-frame``…, see ``tests/data/README.md``). Each test runs the extractor on
the claim's document, matches the claim as ``decompte eval`` does (span overlap, equal
value) and compares one field as the scorer does (``evaluate.field_agrees``: claimant
aliases, accents and case folded).

What the extractor gets wrong today is listed in ``tests/data/kinds-known-failures.txt``
and runs as a strict expected failure, so a fix that makes one pass must take it off the
list. The extractor changes often, so the list is regenerated, never edited by hand:

    python tests/extract/test_kinds.py --update-known-failures
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from decompte.evaluate import field_agrees, load_documents, match_document
from decompte.extract import get_extractor
from decompte.model import Article, Claim

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
LANGS = ("fr", "en")
FIELDS = ("counted", "event", "side", "claimant")
KNOWN_FAILURES = DATA / "kinds-known-failures.txt"
KINDS = (
    "side-victims-of-attack", "side-hostages", "side-own-losses", "side-explicit-owner",
    "side-occupied-civilians", "side-crowds-and-arrests", "side-both-belligerents", "side-other-wars",
    "event-killed-or-wounded", "event-death-predicates", "event-launched-then-destroyed",
    "event-detained", "event-captured", "event-displaced", "counted-head-noun",
    "claimant-after-figure", "claimant-headline", "claimant-quote-frame", "claimant-pronoun",
    "claimant-continuation", "claimant-new-fact", "claimant-not-a-place",
)


@dataclass(frozen=True)
class Case:
    """One gold claim of a kinds file, with the id its tests are named after."""

    id: str
    lang: str
    row: dict[str, Any]


def gold_path(lang: str) -> Path:
    return DATA / f"kinds-{lang}.jsonl"


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def named(rows: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each row with its case id: ``fr-side-own-losses-doc2``, or ``…-doc2.3`` for a document's third claim."""
    per_doc = Counter(row["doc"] for row in rows)
    seen: Counter[str] = Counter()
    found = []
    for row in rows:
        seen[row["doc"]] += 1
        found.append((row["doc"] if per_doc[row["doc"]] == 1 else f"{row['doc']}.{seen[row['doc']]}", row))
    return found


def cases(lang: str) -> list[Case]:
    """Scored claims only: an optional one is neither rewarded nor penalised (GUIDELINES.md)."""
    return [Case(name, lang, row) for name, row in named(read_rows(gold_path(lang))) if not row.get("optional")]


def documents(lang: str) -> dict[str, Article]:
    return {article.id: article for article in load_documents(DATA / f"kinds-{lang}-docs.jsonl")}


def matches(lang: str) -> dict[str, Claim | None]:
    """The predicted claim the scorer pairs with each gold claim of ``lang`` (None: not found)."""
    extractor = get_extractor(lang)
    rows = read_rows(gold_path(lang))
    names = {id(row): name for name, row in named(rows)}
    result: dict[str, Claim | None] = {}
    for doc_id, article in documents(lang).items():
        predicted = extractor.extract_text(article.text, published=article.published, doc_id=doc_id)
        gold = [row for row in rows if row["doc"] == doc_id]
        pairs, _, _ = match_document(predicted, gold)
        paired = {id(row): claim for claim, row in pairs}
        for row in gold:
            if not row.get("optional"):
                result[names[id(row)]] = paired.get(id(row))
    return result


def case_rows(lang: str) -> dict[str, dict[str, Any]]:
    return {c.id: c.row for c in cases(lang)}


def failing_ids(lang: str) -> list[str]:
    """Test ids ``<case>-<field>`` the extractor gets wrong today."""
    rows = case_rows(lang)
    failing = []
    for case_id, claim in matches(lang).items():
        for name in FIELDS:
            if claim is None or not field_agrees(name, claim, rows[case_id]):
                failing.append(f"{case_id}-{name}")
    return failing


def known_failures() -> set[str]:
    if not KNOWN_FAILURES.exists():
        return set()
    lines = KNOWN_FAILURES.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def params() -> list[Any]:
    known = known_failures()
    reason = f"listed in {KNOWN_FAILURES.name}"
    found = []
    for lang in LANGS:
        for case in cases(lang):
            for name in FIELDS:
                test_id = f"{case.id}-{name}"
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if test_id in known else []
                found.append(pytest.param(case, name, id=test_id, marks=marks))
    return found


class Extracted:
    """Matches per language, computed on first use (one extraction per document)."""

    def __init__(self) -> None:
        self._by_lang: dict[str, dict[str, Claim | None]] = {}

    def __call__(self, lang: str) -> dict[str, Claim | None]:
        if lang not in self._by_lang:
            self._by_lang[lang] = matches(lang)
        return self._by_lang[lang]


@pytest.fixture(scope="module")
def extracted() -> Extracted:
    return Extracted()


def test_gold_files_are_well_formed() -> None:
    """Offsets give the quote, every claim names a listed kind, and every kind has six scored claims or more."""
    for lang in LANGS:
        texts = {doc_id: article.text for doc_id, article in documents(lang).items()}
        rows = read_rows(gold_path(lang))
        for row in rows:
            assert texts[row["doc"]][row["start"]:row["end"]] == row["quote"], row
            assert row["kind"] in KINDS, row
            assert row["doc"].startswith(f"{lang}-{row['kind']}-doc"), row
        per_kind = Counter(row["kind"] for row in rows if not row.get("optional"))
        assert {k: n for k, n in per_kind.items() if n < 6} == {}, lang
        assert set(per_kind) == set(KINDS), lang


def test_known_failures_name_real_tests() -> None:
    """A stale line (a renamed or deleted claim) would hide nothing and mislead: regenerate the list."""
    real = {f"{c.id}-{name}" for lang in LANGS for c in cases(lang) for name in FIELDS}
    assert known_failures() - real == set()


@pytest.mark.parametrize(("case", "name"), params())
def test_kind_field(case: Case, name: str, extracted: Extracted) -> None:
    claim = extracted(case.lang)[case.id]
    row = case.row
    assert claim is not None, f"not found: {row['quote']!r} ({row['value']:g}) [{row['kind']}]"
    evidence = getattr(claim, "evidence", {}).get(name)
    assert field_agrees(name, claim, row), (
        f"{name}: predicted {getattr(claim, name)!r}, gold {row.get(name)!r} for {row['quote']!r} "
        f"[{row['kind']}] in: {claim.sentence}" + (f" (evidence: {evidence})" if evidence else "")
    )


def update_known_failures() -> int:
    """Run the extractor on every kinds file and write the ids it fails today; print the count per kind."""
    lines = ["# Tests of tests/extract/test_kinds.py the extractor fails today (strict xfail).",
             "# Generated: python tests/extract/test_kinds.py --update-known-failures. Do not edit by hand."]
    per_kind: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for lang in LANGS:
        rows = case_rows(lang)
        failing = failing_ids(lang)
        lines.extend(failing)
        for case_id, row in rows.items():
            totals[f"{lang} {row['kind']}"] += len(FIELDS)
        for test_id in failing:
            per_kind[f"{lang} {rows[test_id.rsplit('-', 1)[0]]['kind']}"] += 1
    KNOWN_FAILURES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for key in sorted(totals):
        print(f"{key}: {per_kind[key]} of {totals[key]} field tests fail")
    print(f"{len(lines) - 2} known failures written to {KNOWN_FAILURES}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-known-failures", action="store_true", help=f"rewrite {KNOWN_FAILURES.name} from the extractor's output")
    if not parser.parse_args().update_known_failures:
        parser.print_help(sys.stderr)
        sys.exit(2)
    sys.exit(update_known_failures())
