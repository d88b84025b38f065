"""Local parallelism: ``--workers 2`` stores what ``--workers 1`` stores, the parent the only writer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ingest import parallel
from decompte.ingest.parallel import ParallelExtraction, ingest_parallel
from decompte.ingest.runner import ingest
from decompte.ledger import Store, iter_claims
from decompte.model import Article

from .conftest import claim_keys
from .corpus import documents, write_jsonl

N = parallel.MIN_PARALLEL_DOCS + 60


def ledger_claims(db: Path) -> object:
    """Every stored claim with its document key, as comparable strings."""
    with Store.open(db) as store, store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT d.doc_key, c.start_offset, c.end_offset, c.quote, c.value, c.qualifier, c.low, c.high, "
            "c.counted, c.event, c.side, c.claimant, c.claimant_short, c.period_start, c.period_end, c.sentence, "
            "c.confidence, c.lang, c.figure_id IS NOT NULL FROM claims c JOIN documents d ON d.id = c.document_id"
        ).fetchall()
    return sorted(json.dumps([str(v) for v in row], ensure_ascii=False) for row in rows)


def test_two_workers_store_the_claims_of_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(corpus, documents(N, seed=21))
    runner = CliRunner()
    results = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", str(workers), "--json"])
        assert result.exit_code == 0, result.output
        results[workers] = json.loads(result.output)
        assert results[workers]["ingested"] == N
    assert results[2]["claims"] == results[1]["claims"] > N // 2
    assert ledger_claims(tmp_path / "w2.db") == ledger_claims(tmp_path / "w1.db")
    # Run again: every document is a duplicate, no claim is added or extracted again.
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "w2.db"), "--workers", "2", "--json"])
    assert json.loads(again.output)["duplicates"] == N and json.loads(again.output)["claims"] == 0


def test_pool_results_match_in_process_extraction_and_errors_stay_per_article(tmp_path: Path) -> None:
    from decompte.extract import get_extractor
    from decompte.extract.extractor import MAX_TEXT_CHARS

    records = list(documents(40, seed=4, with_lang=True))
    articles = [Article(id=r["id"], text=r["text"], lang=r["lang"]) for r in records]
    too_long = Article(id="too-long", text="Plus de 400 soldats. " * (MAX_TEXT_CHARS // 20), lang="fr")
    expected = claim_keys(c for a in articles for c in get_extractor(a.lang or "").extract(a))
    with Store.open(tmp_path / "l.db") as store, ParallelExtraction(2, batch_size=8, in_flight=2) as pool:
        summary = ingest(pool.feed([*articles[:20], too_long, *articles[20:]], store), store, extraction=pool)
        stored = [c for c in iter_claims(store)]
    assert summary.ingested == len(articles) and dict(summary.failed) == {"extraction error": 1}
    assert "too-long" in summary.examples[0].message and "UnsupportedInput" in summary.examples[0].message
    assert len(stored) == sum(expected.values()) == summary.claims


def test_small_inputs_and_one_worker_start_no_pool(tmp_path: Path, small_corpus: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(parallel, "ParallelExtraction", no_pool)
    from decompte.ingest.sources import iter_articles

    with Store.open(tmp_path / "l.db") as store:
        summary = ingest_parallel(iter_articles([str(small_corpus)]), store, workers=2)
        assert summary.ingested == 30 and summary.claims > 0
        with pytest.raises(Exception, match="at least 1"):
            ingest_parallel([], store, workers=0)


def test_cli_refuses_zero_workers_in_one_line(small_corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(small_corpus), "--db", str(tmp_path / "x.db"), "--workers", "0"])
    assert result.exit_code != 0 and "--workers must be at least 1" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "x.db").exists()


def _extractor_identity() -> int:
    """Where the worker's French extractor lives: a forked copy keeps the parent's address."""
    from decompte.extract.extractor import get_extractor

    return id(get_extractor("fr"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool is forked on Linux only")
def test_the_pool_is_forked_from_this_process_once_it_holds_the_pipeline(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: this process extracts the first batch, which loads the pipeline, then forks
    ``workers - 1`` processes that hold it before any work; it goes on taking batches itself
    while the pool is busy, and the pool takes the rest."""
    from decompte.extract.extractor import get_extractor

    here: list[int] = []
    real_done = parallel.done_future

    def counted(outcomes: list[parallel.Outcome]) -> object:
        here.append(len(outcomes))
        return real_done(outcomes)

    monkeypatch.setattr(parallel, "done_future", counted)
    get_extractor.cache_clear()
    articles = [Article(id=r["id"], text=r["text"], lang="fr") for r in documents(64, seed=5)]
    with Store.open(tmp_path / "l.db") as store, ParallelExtraction(2, batch_size=4, in_flight=2) as pool:
        summary = ingest(pool.feed(articles, store), store, extraction=pool)
        assert pool._pool is not None and len(pool._pool._processes) == 1  # type: ignore[attr-defined]
        assert pool._pool.submit(_extractor_identity).result() == id(get_extractor("fr"))
    assert summary.ingested == len(articles)
    assert 4 <= sum(here) < len(articles)
