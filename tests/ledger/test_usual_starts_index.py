"""``usual_starts`` reads a covering index, not the claims table (revision 0010, issue 14)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from typing import Any

from alembic import command
from sqlalchemy import event

from decompte.ingest.runner import ingest
from decompte.ledger import Store
from decompte.ledger.compare import usual_starts
from decompte.ledger.db import _config
from decompte.model import Article
from tests.ledger.helpers import RegexExtraction

INDEX = "ix_claims_metric_period_start_claimant_id"


def _ledger(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    article = Article(id="a", text="Kiev annonce 14 700 soldats russes tués et 476 chars détruits.", lang="fr",
                      published=date(2022, 3, 20), site="a.example")
    with Store.open(db) as store:
        assert ingest([article], store, extraction=RegexExtraction()).ingested == 1
    with sqlite3.connect(db) as raw:  # the regex extraction states no start: give the claims one
        raw.execute("UPDATE claims SET period_start = '2022-02-24'")
    return db


def _plan(db: Path, metric: str | list[str]) -> str:
    """SQLite's plan for the grouping query ``usual_starts`` runs, with its own parameters."""
    captured: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        captured.append((statement, parameters))

    with Store.open(db) as store:
        event.listen(store.engine, "before_cursor_execute", grab)
        usual_starts(store, metric=metric)
        event.remove(store.engine, "before_cursor_execute", grab)
    [(statement, parameters)] = [c for c in captured if "GROUP BY" in c[0]]
    with sqlite3.connect(db) as raw:
        return " ".join(str(r[-1]) for r in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters))


def test_usual_starts_searches_the_covering_index(tmp_path: Path) -> None:
    db = _ledger(tmp_path)
    for metric in ("RU/soldier/killed", ["RU/soldier/killed", "RU/tank/lost"]):
        plan = _plan(db, metric)
        assert f"COVERING INDEX {INDEX}" in plan, plan


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
            assert INDEX not in {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with sqlite3.connect(db) as raw:
            assert INDEX in {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert usual_starts(store) == before
