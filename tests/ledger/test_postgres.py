"""The same ledger code against a real PostgreSQL server (see ``postgres_url`` in conftest)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ingest.runner import ingest
from decompte.ledger import Store, export_rows, iter_claims, latest_values, store_verdicts, timeline
from decompte.ledger.db import head_revision
from decompte.ledger.schema import metadata
from decompte.model import Article, Verdict

from .helpers import EXAMPLE, RegexExtraction

pytestmark = pytest.mark.postgres


def art(n: int, site: str, day: date, value: int) -> Article:
    return Article(id=f"p{n}", text=f"Selon Kiev, {value} soldats russes ont été tués. Dépêche {n} de {site}.",
                   lang="fr", published=day, site=site, canonical_url=f"https://{site}/{n}")


def test_store_ingest_and_queries_on_postgresql(postgres_url: str) -> None:
    with Store.open(postgres_url) as store:
        assert store.dialect == "postgresql"
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn)
            assert ctx.get_current_revision() == head_revision()
            assert compare_metadata(ctx, metadata) == []
        items = [art(1, "a.example", date(2022, 3, 19), 14400), art(2, "b.example", date(2022, 3, 19), 14400),
                 art(3, "a.example", date(2022, 3, 20), 14700), art(1, "a.example", date(2022, 3, 19), 14400)]
        summary = ingest(items, store, extraction=RegexExtraction())
        assert (summary.ingested, summary.duplicates) == (3, 1)
        points = timeline(store, "RU/soldier/killed", claimant="Ukraine")
        assert [(p.value, p.citations) for p in points] == [(14400, 2), (14700, 1)]
        [latest] = latest_values(store)
        assert (latest.value, latest.as_of, latest.figures) == (14700, date(2022, 3, 20), 2)
        ids = [c.claim_id for c in iter_claims(store)]
        assert store_verdicts(store, [(i, Verdict("consistent", "ok")) for i in ids]) == 3
        again = ingest(items[:1], store, extraction=RegexExtraction("v2"))
        assert again.reextracted == 1
        assert store.counts()["verdicts"] == 2  # the re-extracted document's verdicts went with its claims
        rows = list(export_rows(store))
        assert len(rows) == 3 and {r["site"] for r in rows} == {"a.example", "b.example"}
        with store.engine.connect() as conn:
            viewed = conn.execute(text("SELECT COUNT(*) FROM claims_view WHERE claimant IS NOT NULL")).scalar()
        assert viewed == 3
    # Opening again is a no-op migration and finds the same data.
    with Store.open(postgres_url) as store:
        assert store.counts()["documents"] == 3


def test_cli_ingest_with_a_postgresql_url(postgres_url: str, example_text: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--db", postgres_url, "--json", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)
    result = runner.invoke(app, ["ingest", "--db", postgres_url, "--json", str(EXAMPLE)])
    second = json.loads(result.stdout)
    assert first["ingested"] == 1 and second["duplicates"] == 1
    assert second["ledger"]["claims"] == first["claims"] > 0
    timeline_out = runner.invoke(app, ["ledger", "RU/soldier/killed", "--db", postgres_url, "--json"])
    assert any(p["value"] == 14400 for p in json.loads(timeline_out.stdout))


def test_two_writers_keep_the_metrics_summary_exact_on_postgresql(postgres_url: str) -> None:
    """Writers that store claims of the same metrics at once (the summary's rows are shared): the
    change counter's row lock makes them take turns, so no count is lost and no figure missed.

    Their figures differ (other values) and the claimant exists before: two writers creating the
    same claimant or figure at once is another matter (the second one's article is retried as a
    duplicate), not what this test is about."""
    from concurrent.futures import ThreadPoolExecutor

    from decompte.ledger import summary

    def write(base: int) -> tuple[int, int]:
        items = [art(base + n, "a.example", date(2022, 3, 1 + n % 28), base + n) for n in range(12)]
        with Store.open(postgres_url) as store:
            done = ingest(items, store, extraction=RegexExtraction())
        return done.ingested, done.claims

    with Store.open(postgres_url) as store:
        ingest([art(1, "a.example", date(2022, 2, 24), 100)], store, extraction=RegexExtraction())
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(write, [14_000, 15_000])) == [(12, 12), (12, 12)]
    with Store.open(postgres_url) as store, store.reading() as conn:
        kept = summary.stored(conn)
        assert kept == summary.computed(conn)
        assert kept.groups[("RU/soldier/killed", "fr")] == (25, date(2022, 3, 12))
        assert kept.latest[("RU/soldier/killed", "state:UA")][1] == 25
