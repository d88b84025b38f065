"""One hostile record never stops a run (issue 14): it is stored cleaned, or counted as one failure.

A NUL character (which PostgreSQL refuses in text) is dropped before the text is read, so the
record and every record after it are stored alike in SQLite and PostgreSQL; an extraction
that raises on one document (a figure too large for a float) is one failure with its reason.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from decompte.ingest.reasons import Failure
from decompte.ingest.runner import ingest
from decompte.ingest.sources import SourceOptions, iter_articles
from decompte.ledger import Store, iter_claims
from decompte.ledger.schema import documents
from decompte.model import Article, Claim

from .helpers import RegexExtraction


def test_nul_characters_are_dropped_and_the_run_goes_on(db_path: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    records = [
        {"id": "nul\u0000key", "title": "Bilan\u0000", "date": "2022-03-19",
         "text": "Selon Kiev,\u0000 plus de 300 soldats russes ont été tués."},
        {"id": "after", "date": "2022-03-20", "text": "Selon Kiev, 12 chars ont été détruits lundi."},
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with Store.open(db_path) as store:
        summary = ingest(iter_articles([str(corpus)], SourceOptions()), store, extraction=RegexExtraction(), lang="fr")
        assert (summary.ingested, dict(summary.failed)) == (2, {})
        with store.reading() as conn:
            rows = conn.execute(select(documents.c.doc_key, documents.c.title, documents.c.text)
                                .order_by(documents.c.id)).all()
        assert rows[0] == ("nulkey", "Bilan", "Selon Kiev, plus de 300 soldats russes ont été tués.")
        quotes = sorted(c.quote for _i, c, _d in iter_claims(store))
        assert quotes == ["12 chars", "300 soldats"]


class Exploding(RegexExtraction):
    """Raises on the document whose text says so, as the extractor once did on a 300-digit number."""

    def extract(self, article: Article) -> list[Claim]:
        if "EXPLODE" in article.text:
            raise OverflowError("int too large to convert to float")
        return super().extract(article)


def test_an_extraction_that_raises_is_one_counted_failure(db_path: Path) -> None:
    items: list[Article | Failure] = [
        Article(id="a", text="Selon Kiev, 40 soldats ont été tués. EXPLODE", lang="fr", published=date(2022, 3, 1)),
        Article(id="b", text="Selon Kiev, 41 soldats ont été tués.", lang="fr", published=date(2022, 3, 2)),
    ]
    with Store.open(db_path) as store:
        summary = ingest(items, store, extraction=Exploding())
        assert summary.ingested == 1
        assert dict(summary.failed) == {"extraction error": 1}
        assert summary.examples[0].message == "a: OverflowError: int too large to convert to float"
        assert store.find(items[1]) is not None  # type: ignore[arg-type]
