"""The store on a real SQLite file: schema, idempotence, atomicity, verdicts."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from decompte.errors import StoreError
from decompte.ledger import Store, iter_claims, store_verdicts
from decompte.ledger.db import head_revision, resolve_url
from decompte.ledger.schema import metadata
from decompte.model import Article, Claim, Verdict

TEXT = "Selon l'état-major ukrainien, plus de 14 400 soldats russes ont été tués et 450 chars détruits."


def article(text: str = TEXT, **kw: object) -> Article:
    values: dict[str, object] = {"id": "a1", "text": text, "lang": "fr", "published": date(2022, 3, 19),
                                 "site": "veilleur.example"}
    values.update(kw)
    return Article(**values)  # type: ignore[arg-type]


def claim(value: float = 14400, **kw: object) -> Claim:
    values: dict[str, object] = {"start": 30, "end": 59, "quote": "plus de 14 400 soldats russes", "value": value,
                                 "qualifier": "more_than", "low": value, "counted": "soldier", "event": "killed",
                                 "side": "RU", "claimant": "l'état-major ukrainien",
                                 "period_start": date(2022, 2, 24), "period_end": date(2022, 3, 19)}
    values.update(kw)
    return Claim(**values)  # type: ignore[arg-type]


def test_new_file_is_migrated_to_head_and_matches_the_schema_module(db_path: Path) -> None:
    with Store.open(db_path) as store, store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        assert ctx.get_current_revision() == head_revision()
        # The hand-written migration and schema.py describe the same tables and indexes.
        assert compare_metadata(ctx, metadata) == []


def test_sqlite_file_is_readable_with_plain_sqlite3(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add(article(), [claim(), claim(450, start=80, end=89, quote="450 chars", counted="tank", event="lost",
                                             qualifier="exact", low=None)], extractor_version="t")
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        assert {"documents", "claims", "claimants", "figures", "runs", "verdicts", "claims_view", "figures_view"} <= tables
        rows = conn.execute("SELECT metric, value, claimant, claimant_kind, site, published FROM claims_view "
                            "ORDER BY value").fetchall()
        assert rows == [
            ("RU/tank/lost", 450.0, "General Staff of the Armed Forces of Ukraine", "military", "veilleur.example", "2022-03-19"),
            ("RU/soldier/killed", 14400.0, "General Staff of the Armed Forces of Ukraine", "military", "veilleur.example", "2022-03-19"),
        ]
    finally:
        conn.close()


def test_find_by_content_hash_ignores_whitespace_and_by_canonical_url(db_path: Path) -> None:
    with Store.open(db_path) as store:
        doc_id = store.add(article(canonical_url="https://veilleur.example/a"), [claim()], extractor_version="t")
        reflowed = article(text=TEXT.replace(" ", "\n  ", 3), id="other")
        assert store.find(reflowed) is not None and store.find(reflowed).id == doc_id  # type: ignore[union-attr]
        moved = article(text="Autre texte, mise à jour.", canonical_url="https://veilleur.example/a")
        assert store.find(moved).id == doc_id  # type: ignore[union-attr]
        assert store.find(article(text="Un tout autre article.")) is None


def test_adding_an_equal_document_twice_is_refused_by_the_database(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add(article(), [claim()], extractor_version="t")
        with pytest.raises(IntegrityError):
            store.add(article(id="copy"), [claim()], extractor_version="t")
        assert store.counts()["documents"] == 1
        assert store.counts()["claims"] == 1


def test_a_failing_claim_leaves_no_document_behind(db_path: Path) -> None:
    bad = claim(quote=None)  # type: ignore[arg-type]  # quote is NOT NULL: the insert fails mid-way
    with Store.open(db_path) as store:
        with pytest.raises(IntegrityError):
            store.add(article(), [claim(), bad], extractor_version="t")
        counts = store.counts()
        assert (counts["documents"], counts["claims"], counts["figures"]) == (0, 0, 0)
        store.add(article(), [claim()], extractor_version="t")  # and the claimant cache was not poisoned
        assert store.counts()["claims"] == 1


def test_replace_claims_swaps_them_in_one_go_and_drops_orphan_figures(db_path: Path) -> None:
    with Store.open(db_path) as store:
        doc_id = store.add(article(), [claim(), claim(450, counted="tank", event="lost")], extractor_version="v1")
        first = {c.claim_id for c in iter_claims(store)}
        store_verdicts(store, [(min(first), Verdict("consistent", "matches the series"))])
        store.replace_claims(doc_id, article(), [claim(14400)], extractor_version="v2")
        counts = store.counts()
        assert (counts["claims"], counts["figures"], counts["verdicts"]) == (1, 1, 0)
        assert {c.claim_id for c in iter_claims(store)}.isdisjoint(first)
        with store.engine.connect() as conn:
            version, n = conn.exec_driver_sql("SELECT extractor_version, n_claims FROM documents").one()
        assert (version, n) == ("v2", 1)


def test_fill_metadata_completes_but_never_overwrites(db_path: Path) -> None:
    with Store.open(db_path) as store:
        doc_id = store.add(article(site=None, published=date(2022, 3, 19)), [], extractor_version="t")
        filled = store.fill_metadata(doc_id, article(url="https://x.example/p", canonical_url="https://x.example/p",
                                                     title="Titre", site="x.example", published=date(2000, 1, 1)))
        assert filled == ["canonical_url", "site", "title", "url"]
        stored = store.load_article(doc_id)
        assert (stored.title, stored.published) == ("Titre", date(2022, 3, 19))


def test_store_verdicts_replaces_and_refuses_unknown_claims(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add(article(), [claim(), claim(450, counted="tank", event="lost")], extractor_version="t")
        ids = [c.claim_id for c in iter_claims(store)]
        assert store_verdicts(store, [(ids[0], Verdict("stale", "old")), (ids[1], Verdict("unknown", "no series"))]) == 2
        store_verdicts(store, [(ids[0], Verdict("consistent", "within 5 %", series="ua-general-staff",
                                                reference_value=14400, reference_date=date(2022, 3, 19)))])
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT claim_id, status, series, reference_date FROM verdicts ORDER BY claim_id").all()
        assert [tuple(r) for r in rows] == [(ids[0], "consistent", "ua-general-staff", "2022-03-19"),
                                            (ids[1], "unknown", None, None)]
        with pytest.raises(StoreError, match="no claim with id 999"):
            store_verdicts(store, [(ids[0], Verdict("stale", "x")), (999, Verdict("stale", "x"))])
        assert store.counts()["verdicts"] == 2  # the failed call changed nothing


def test_iter_claims_round_trips_claims_and_filters(db_path: Path) -> None:
    original = claim()
    with Store.open(db_path) as store:
        store.add(article(), [original, claim(450, counted="tank", event="lost", period_end=None)], extractor_version="t")
        got = list(iter_claims(store, batch_size=1))
        assert len(got) == 2
        claim_id, back, doc = got[0]
        assert back.to_dict() | {"doc": None, "value": 14400} == original.to_dict() | {"doc": None, "value": 14400}
        assert (doc.doc_key, doc.published, doc.site) == ("a1", date(2022, 3, 19), "veilleur.example")
        assert [c.claim.metric for c in iter_claims(store, metric="RU/tank/lost")] == ["RU/tank/lost"]
        assert list(iter_claims(store, since=date(2022, 3, 20))) == []
        assert [c.claim_id for c in iter_claims(store, claim_ids=[claim_id])] == [claim_id]


def test_a_database_from_a_newer_decompte_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="unknown to this version"):
        Store.open(db_path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError):
        Store.open(bogus)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing-dir" / "x.db")


def test_db_urls() -> None:
    assert resolve_url("some/file.db") == "sqlite:///some/file.db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_claims_keep_their_evidence_through_the_ledger(tmp_path: Path) -> None:
    """Why a claim says "RU" survives storage: the evidence read back is the evidence written."""
    evidence = {"side": {"strategy": "on_counted_noun", "words": "russes"},
                "claimant": {"strategy": "cue_governing_figure", "words": "l'état-major"}}
    claim = Claim(start=0, end=20, quote="450 chars russes", value=450, counted="tank", event="lost",
                  side="RU", claimant="l'état-major", evidence=evidence)
    article = Article(id="evidence-1", text="450 chars russes ont été détruits, selon l'état-major.", lang="fr")
    with Store.open(tmp_path / "e.db") as store:
        store.add(article, [claim], extractor_version="test")
        stored = [c.claim for c in iter_claims(store)]
    assert [c.evidence for c in stored] == [evidence]


def _statements_to_store(store: Store, doc: Article, found: list[Claim]) -> list[str]:
    from sqlalchemy import event

    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement.split()[0])

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        store.add(doc, found, extractor_version="t")
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
    return seen


def _figures_per_claim(store: Store) -> list[tuple[float, int]]:
    from sqlalchemy import select

    from decompte.ledger.schema import claims, figures

    with store.engine.connect() as conn:
        rows = conn.execute(select(claims.c.value, figures.c.id, figures.c.value)
                            .join(figures, figures.c.id == claims.c.figure_id).order_by(claims.c.id)).all()
    assert all(claim_value == figure_value for claim_value, _, figure_value in rows)
    return [(v, i) for v, i, _ in rows]


def _many_figures_stored_in_one_statement(store: Store) -> None:
    """A document's new figures are inserted by one statement, whatever their number, and each
    claim points at its own figure, the figures numbered in the order of the claims."""
    _statements_to_store(store, article(id="first", text=TEXT + " (0)"), [claim(50)])  # its claimant is stored here
    few = _statements_to_store(store, article(id="few", text=TEXT + " (1)"), [claim(100), claim(200)])
    values = [300 + 10 * i for i in range(12)]
    many = _statements_to_store(store, article(id="many", text=TEXT + " (2)"),
                                [claim(v) for v in values] + [claim(values[0])])  # the last cites the first's figure
    assert len(many) == len(few)
    stored = _figures_per_claim(store)
    assert [v for v, _ in stored] == [50, 100, 200, *values, values[0]]
    ids = [i for _, i in stored]
    assert ids[:-1] == sorted(ids[:-1]) and len(set(ids[:-1])) == len(ids) - 1 and ids[-1] == ids[3]
    assert store.counts()["figures"] == 15


def test_a_document_s_new_figures_are_stored_in_one_statement(db_path: Path) -> None:
    with Store.open(db_path) as store:
        _many_figures_stored_in_one_statement(store)


@pytest.mark.postgres
def test_a_document_s_new_figures_are_stored_in_one_statement_on_postgresql(postgres_url: str) -> None:
    with Store.open(postgres_url) as store:
        _many_figures_stored_in_one_statement(store)
