"""The ingest loop's decisions: duplicates, re-extraction, skips, failures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from decompte.ingest.reasons import Failure
from decompte.ingest.runner import IngestAborted, ingest
from decompte.ledger import Store, iter_claims
from decompte.model import Article, Claim

from .helpers import RegexExtraction

FR = "Selon Kiev, plus de 14 400 soldats russes ont été tués et 450 chars détruits."


def art(n: int, body: str = FR, **kw: object) -> Article:
    values: dict[str, object] = {"id": f"a{n}", "text": f"{body} [{n}]", "published": date(2022, 3, 19)}
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


def test_duplicates_by_hash_or_canonical_url_are_stored_once(db_path: Path) -> None:
    extraction = RegexExtraction()
    items = [art(1), art(1, id="same-text-other-id"), art(2, canonical_url="https://x.example/2"),
             art(3, canonical_url="https://x.example/2", body="Version corrigée : 14 500 soldats.")]
    with Store.open(db_path) as store:
        summary = ingest(items, store, extraction=extraction)
        assert (summary.ingested, summary.duplicates, summary.claims) == (2, 2, 4)
        assert store.counts()["documents"] == 2 and store.counts()["claims"] == 4
        assert extraction.calls == 2  # duplicates are recognised before extracting


def test_a_newer_extractor_replaces_claims_and_the_same_one_does_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        ingest([art(1), art(2)], store, extraction=RegexExtraction("v1"))
        before = [c.claim_id for c in iter_claims(store)]
        same = ingest([art(1), art(2)], store, extraction=RegexExtraction("v1"))
        assert (same.duplicates, same.reextracted) == (2, 0)
        newer = ingest([art(1), art(2)], store, extraction=RegexExtraction("v2"))
        assert (newer.duplicates, newer.reextracted, newer.claims) == (0, 2, 4)
        after = [c.claim_id for c in iter_claims(store)]
        assert len(after) == len(before) == 4 and set(after).isdisjoint(before)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT DISTINCT extractor_version FROM documents")).scalars().all() == ["v2"]


def test_language_without_pipeline_is_stored_and_skipped_then_extracted_when_a_pack_exists(db_path: Path) -> None:
    english = art(1, body="Kyiv says more than 14 400 soldiers were killed.", lang="en")
    with Store.open(db_path) as store:
        first = ingest([english, art(2)], store, extraction=RegexExtraction(languages=("fr",)))
        assert dict(first.skipped) == {"no pipeline for en": 1} and first.ingested == 1
        assert store.counts()["documents"] == 2
        again = ingest([english], store, extraction=RegexExtraction(languages=("fr",)))
        assert again.duplicates == 1
        later = ingest([english], store, extraction=RegexExtraction(languages=("fr", "en")))
        assert (later.reextracted, later.claims) == (1, 1)


def test_language_is_detected_or_forced(db_path: Path) -> None:
    with Store.open(db_path) as store:
        ingest([art(1), art(2, body="Kyiv says more than 14 400 soldiers were killed since February.")], store,
               extraction=RegexExtraction())
        ingest([art(3, body="12 345 67 89")], store, extraction=RegexExtraction(), lang=None)
        german = "Nach Angaben der Regierung wurden gestern mehr als vierzig Häuser zerstört."  # --lang is checked
        ingest([art(4, body=german)], store, extraction=RegexExtraction(), lang="de")
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT doc_key, lang, status, skip_reason FROM documents ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [
            ("a1", "fr", "extracted", None), ("a2", "en", "extracted", None),
            ("a3", None, "skipped", "language unknown"), ("a4", "de", "skipped", "no pipeline for de")]


def test_no_extract_stores_pending_documents_that_a_later_run_completes(db_path: Path) -> None:
    with Store.open(db_path) as store:
        first = ingest([art(1), art(2)], store, extraction=None)
        assert (first.stored_without_extraction, store.counts()["claims"]) == (2, 0)
        second = ingest([art(1), art(2)], store, extraction=RegexExtraction())
        assert (second.reextracted, store.counts()["claims"]) == (2, 4)


class Exploding(RegexExtraction):
    def extract(self, article: Article) -> list[Claim]:
        if "boum" in article.text:
            raise RuntimeError("extractor bug")
        return super().extract(article)


def test_failures_are_counted_and_the_run_goes_on_unless_fail_fast(db_path: Path) -> None:
    items: list[Article | Failure] = [art(1), Failure("http://x/404", "http 404", "http://x/404: HTTP 404"),
                                      art(2, body="boum 3 soldats"), art(3)]
    with Store.open(db_path) as store:
        summary = ingest(items, store, extraction=Exploding())
        assert dict(summary.failed) == {"http 404": 1, "extraction error": 1}
        assert summary.ingested == 2 and store.counts()["documents"] == 2
        with pytest.raises(IngestAborted, match="HTTP 404"):
            ingest([Failure("http://x/404", "http 404", "http://x/404: HTTP 404"), art(9)], store,
                   extraction=Exploding(), fail_fast=True)
        assert store.counts()["documents"] == 2  # stopped before art(9)
        with store.engine.connect() as conn:
            runs = conn.execute(text("SELECT status FROM runs ORDER BY id")).scalars().all()
        assert runs == ["completed", "failed"]
