"""The metrics summary the store keeps (issue 14, load): always what a from-scratch count gives.

Every path that writes claims is run — a new ingest, the same run again (duplicates),
a reprint with another URL, a re-extraction that drops and changes claims, metadata
filled from a duplicate, verdicts, ``ledger load`` of a Dask-style output, and the
migration that fills the tables of an older ledger — and after each one the kept
tables must equal ``summary.computed``, the aggregation over every claim.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from alembic import command

from decompte.ingest.runner import ingest
from decompte.ledger import Store, latest_values, store_verdicts
from decompte.ledger import summary
from decompte.ledger.db import _config
from decompte.model import Article, Verdict
from decompte.scale.load import load_output
from decompte.scale.output import claim_row, prepare, write_manifest, write_part

from .helpers import RegexExtraction


def art(key: str, text: str, day: date | None, site: str = "a.example", lang: str | None = "fr",
        url: str | None = None) -> Article:
    return Article(id=key, text=text, lang=lang, published=day, site=site, canonical_url=url)


def articles() -> list[Article]:
    """Fresh each time: the ingest loop fills in what it detects (a language) on the articles it is given."""
    return [
        art("mon", "Selon Kiev, 14 400 soldats russes ont été tués et 466 chars détruits.", date(2022, 3, 19)),
        art("mon-b", "Kiev avance le chiffre de 14 400 soldats russes tués depuis février.", date(2022, 3, 19),
            site="b.example"),
        art("tue", "Nouveau bilan de Kiev : 14 700 soldats russes tués, 476 chars perdus.", date(2022, 3, 20)),
        art("en", "Kyiv now says 15 000 soldiers were killed on the Russian side.", date(2022, 3, 21), lang="en"),
        art("undated", "Un décompte sans date fait état de 900 chars.", None, site="c.example", lang=None),
    ]


def assert_kept(store: Store) -> summary.Summary:
    with store.reading() as conn:
        kept, fresh = summary.stored(conn), summary.computed(conn)
    assert kept == fresh
    return kept


def version(store: Store) -> int:
    with store.reading() as conn:
        return summary.stamp(conn)


def test_ingest_and_its_rerun_keep_the_summary_equal_to_a_full_count(db_path: Path) -> None:
    with Store.open(db_path) as store:
        start = version(store)
        first = ingest(articles(), store, extraction=RegexExtraction())
        assert first.ingested == len(articles())
        kept = assert_kept(store)
        assert kept.groups[("RU/soldier/killed", "fr")] == (3, date(2022, 3, 20))
        assert kept.groups[("RU/soldier/killed", "en")] == (1, date(2022, 3, 21))
        assert kept.groups[("RU/tank/lost", "fr")] == (3, date(2022, 3, 20))  # the undated one counted, no date
        assert version(store) > start
        before = version(store)
        again = ingest(articles(), store, extraction=RegexExtraction())
        assert again.duplicates == len(articles())
        assert assert_kept(store) == kept  # duplicates add nothing
        reprint = art("mon-c", articles()[0].text, date(2022, 3, 19), site="c.example", url="https://c.example/1")
        ingest([reprint], store, extraction=RegexExtraction())  # same text: one document, its URL filled in
        assert assert_kept(store) == kept
        assert version(store) > before


def test_re_extraction_that_drops_the_latest_claim_lowers_the_date(db_path: Path) -> None:
    with Store.open(db_path) as store:
        ingest(articles(), store, extraction=RegexExtraction())
        tue = store.find(articles()[2])
        assert tue is not None
        store.replace_claims(tue.id, store.load_article(tue.id), [])  # its claims gone
        kept = assert_kept(store)
        assert kept.groups[("RU/soldier/killed", "fr")] == (2, date(2022, 3, 19))
        assert ("RU/tank/lost", "fr") in kept.groups
        ingest(articles(), store, extraction=RegexExtraction(version="regex-2"))  # every document again
        kept = assert_kept(store)
        assert kept.groups[("RU/soldier/killed", "fr")] == (3, date(2022, 3, 20))
        [latest] = [v for v in latest_values(store) if v.metric == "RU/soldier/killed"]
        assert (latest.value, latest.as_of, latest.figures) == (15_000, date(2022, 3, 21), 3)


def test_a_date_filled_from_a_duplicate_and_verdicts_are_seen(db_path: Path) -> None:
    with Store.open(db_path) as store:
        undated = articles()[4]  # no language, no date: stored as such, outside the ingest loop
        doc_id = store.add(undated, RegexExtraction().extract(undated), extractor_version="regex-1")
        assert assert_kept(store).groups[("RU/tank/lost", "")] == (1, None)
        assert store.fill_metadata(doc_id, art("u2", undated.text, date(2022, 4, 2))) == ["published"]
        # the claim has no period_end of its own: the document's new date is its date
        assert assert_kept(store).groups[("RU/tank/lost", "")] == (1, date(2022, 4, 2))
        before = version(store)
        with store.reading() as conn:
            claim_id = conn.exec_driver_sql("SELECT id FROM claims").scalar_one()
        store_verdicts(store, [(claim_id, Verdict(status="unknown", reason="no series"))])
        assert version(store) > before


def test_ledger_load_keeps_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    prepare(out)
    extraction = RegexExtraction()
    docs, rows = [], []
    for row, article in enumerate(articles()):
        found = extraction.extract(article)
        docs.append({"row": row, "doc_key": article.id, "url": None, "canonical_url": article.canonical_url,
                     "title": None, "site": article.site, "published": article.published, "lang": article.lang,
                     "text": article.text, "content_hash": article.content_hash, "source": "test",
                     "status": "extracted", "skip_reason": None, "extractor_version": extraction.version,
                     "n_claims": len(found), "minhash": None})
        rows += [claim_row(row, article.content_hash, claim) for claim in found]
    write_part(out, "p0", docs, rows, [])
    write_manifest(out, {"extractor_version": extraction.version, "languages": ["fr", "en"], "parts": ["p0"]})
    with Store.open(tmp_path / "ledger.db") as store:
        loaded = load_output(out, store)
        assert loaded.claims == len(rows) > 0
        kept = assert_kept(store)
        assert sum(n for n, _last in kept.groups.values()) == len(rows)
        load_output(out, store)  # loading again adds nothing
        assert assert_kept(store) == kept


def test_migration_fills_the_summary_of_an_older_ledger(db_path: Path) -> None:
    with Store.open(db_path) as store:
        ingest(articles(), store, extraction=RegexExtraction())
        kept = assert_kept(store)
        with store.engine.begin() as conn:  # back to the ledger as revision 0003 left it
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
    with Store.open(db_path) as store:  # opening upgrades it, filling the tables from its claims
        assert assert_kept(store) == kept
        assert version(store) >= 1


def test_any_sequence_of_writes_keeps_the_summary_exact(db_path: Path) -> None:
    """Random adds, re-extractions (fewer, more or other claims) and filled dates, checked after each:
    values repeat and dates collide, so figures are shared, gain citations, lose them and disappear."""
    rng = random.Random(14)
    days = [None, date(2022, 3, 1), date(2022, 3, 2), date(2022, 3, 3)]
    with Store.open(db_path) as store:
        stored: list[int] = []
        for step in range(60):
            figures = " et ".join(f"{rng.choice([100, 200, 300])} {rng.choice(['soldats', 'chars'])}"
                                  for _ in range(rng.randint(1, 3)))
            article = art(f"r{step}", f"Selon Kiev, {figures}. Bilan numéro {step}.", rng.choice(days),
                          site=rng.choice(["a.example", "b.example"]), lang=rng.choice(["fr", "en", None]))
            action = rng.random() if stored else 0.0
            if action < 0.5:
                stored.append(store.add(article, RegexExtraction().extract(article), extractor_version="regex-1"))
            elif action < 0.85:
                doc_id = rng.choice(stored)
                again = store.load_article(doc_id)
                found = RegexExtraction().extract(article if rng.random() < 0.7 else again)
                store.replace_claims(doc_id, again, found[: rng.randint(0, len(found))])
            else:
                store.fill_metadata(rng.choice(stored), art("x", "", rng.choice(days[1:])))
            assert_kept(store)
        assert sum(n for n, _last in assert_kept(store).groups.values()) > 0
