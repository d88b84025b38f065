"""What contests and revisions read comes from covering indexes, not the claims table (revision 0010, issue 14)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from collections.abc import Callable
from typing import Any

from alembic import command
from sqlalchemy import event

from decompte.ingest.runner import ingest
from decompte.ledger import Store
from decompte.ledger.compare import figure_rows, usual_starts
from decompte.ledger.db import _config
from decompte.model import Article
from tests.ledger.helpers import RegexExtraction

INDEX = "ix_claims_metric_period_start_claimant_id"
FIRST_CITATION = "ix_claims_figure_id_document_id"


def _ledger(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    article = Article(id="a", text="Kiev annonce 14 700 soldats russes tués et 476 chars détruits.", lang="fr",
                      published=date(2022, 3, 20), site="a.example")
    with Store.open(db) as store:
        assert ingest([article], store, extraction=RegexExtraction()).ingested == 1
    with sqlite3.connect(db) as raw:  # the regex extraction states no start: give the claims one
        raw.execute("UPDATE claims SET period_start = '2022-02-24'")
    return db


def _plan(db: Path, read: Callable[[Store], object], marker: str) -> str:
    """SQLite's plan for the query ``read`` runs whose SQL has ``marker``, with its own parameters."""
    captured: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        captured.append((statement, parameters))

    with Store.open(db) as store:
        event.listen(store.engine, "before_cursor_execute", grab)
        read(store)
        event.remove(store.engine, "before_cursor_execute", grab)
    [(statement, parameters)] = [c for c in captured if marker in c[0]]
    with sqlite3.connect(db) as raw:
        return " ".join(str(r[-1]) for r in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))


def test_usual_starts_searches_the_covering_index(tmp_path: Path) -> None:
    db = _ledger(tmp_path)
    for metric in ("RU/soldier/killed", ["RU/soldier/killed", "RU/tank/lost"]):
        plan = _plan(db, lambda store, metric=metric: usual_starts(store, metric=metric), "GROUP BY")
        assert f"COVERING INDEX {INDEX}" in plan, plan


def test_a_figures_first_citation_is_found_in_the_index(tmp_path: Path) -> None:
    db = _ledger(tmp_path)
    with Store.open(db) as store:
        assert len(figure_rows(store)) == 2  # and with the same rows as before: see tests of contests
    plan = _plan(db, lambda store: figure_rows(store, metric="RU/soldier/killed"), "cited")
    assert f"SEARCH cited USING COVERING INDEX {FIRST_CITATION}" in plan, plan


def test_migration_0010_goes_down_and_up(tmp_path: Path) -> None:
    db = _ledger(tmp_path)
    with Store.open(db) as store:
        before = usual_starts(store)
        assert before == {"RU/soldier/killed": date(2022, 2, 24), "RU/tank/lost": date(2022, 2, 24)}
        cfg = _config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
        with sqlite3.connect(db) as raw:
            names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert INDEX not in names and FIRST_CITATION not in names and "ix_claims_figure_id" in names
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with sqlite3.connect(db) as raw:
            names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
            assert INDEX in names and FIRST_CITATION in names and "ix_claims_figure_id" not in names
        assert usual_starts(store) == before
