"""Near-duplicate stories: reprints grouped with their outlets; the ledger's story_id column."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ingest.neardup import (
    from_bytes,
    group_stories,
    signature,
    signature_bytes,
)
from decompte.ledger import Store
from decompte.ledger.db import _config, create, head_revision
from decompte.scale import assign_stories, list_stories

from .corpus import documents, seeds, wire_story, write_jsonl

OUTLETS = ["kyiv-dispatch.example", "courrier-est.example", "wire-news.example", "le-journal.example",
           "daily-report.example"]


def wire_corpus() -> tuple[list[dict[str, object]], list[str]]:
    """Three stories reprinted by 3 to 5 outlets each, and 40 unrelated documents."""
    texts = ["\n".join(s["paragraphs"]) for s in seeds()]
    records: list[dict[str, object]] = []
    for k, n in enumerate((5, 3, 4)):
        records += wire_story(texts[k * 5], OUTLETS[:n], f"story{k}")
    background = [r for r in documents(400, seed=13) if not any(r["text"] in t for t in texts)][:40]
    return records + background, [f"story{k}" for k in range(3)]


def test_reprints_are_one_story_with_their_outlets_and_the_rest_stays_apart() -> None:
    records, stories = wire_corpus()
    rng = random.Random(1)
    rng.shuffle(records)
    groups = group_stories((r["id"], r["text"], None, r["url"]) for r in records)  # type: ignore[misc]
    for name, outlets in zip(stories, (5, 3, 4)):
        mine = [g for g in groups if any(str(m).startswith(name + "-") for m in g.members)]
        assert len(mine) == 1, name
        assert sorted(mine[0].members) == [f"{name}-{i}" for i in range(outlets)]  # nothing else joined
        assert mine[0].outlets == tuple(sorted(OUTLETS[:outlets]))
    # The same documents in another order give the same story ids.
    again = group_stories((r["id"], r["text"], None, r["url"]) for r in reversed(records))  # type: ignore[misc]
    assert {g.story_id: sorted(map(str, g.members)) for g in again} == {g.story_id: sorted(map(str, g.members))
                                                                       for g in groups}


def test_a_bulletin_with_new_figures_is_a_new_story() -> None:
    monday = ("Selon l'état-major ukrainien, plus de 14 400 soldats russes ont été tués depuis le début de "
              "l'invasion. L'armée russe a perdu 466 chars, 1 470 véhicules blindés et 95 avions.")
    tuesday = monday.replace("14 400", "14 700").replace("466", "476").replace("1 470", "1 487").replace("95 ", "96 ")
    reprint = "KYIV DISPATCH — " + monday
    groups = group_stories([("mon", monday, "a.example", None), ("tue", tuesday, "b.example", None),
                            ("rep", reprint, "c.example", None)])
    assert sorted(sorted(map(str, g.members)) for g in groups) == [["mon", "rep"], ["tue"]]
    assert signature(monday).jaccard(from_bytes(signature_bytes(monday))) == 1.0


def test_migration_0002_keeps_a_0001_ledger_and_adds_story_ids(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create(db)
    try:
        with engine.begin() as conn:  # a ledger as the first release wrote it
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            conn.exec_driver_sql(
                "INSERT INTO documents (doc_key, text, content_hash, status, n_claims, ingested_at, site) "
                "VALUES ('old', 'Un texte ancien.', 'h0', 'pending', 0, ?, 'a.example')", (datetime(2024, 1, 1),))
    finally:
        engine.dispose()
    with Store.open(db) as store:
        assert store.counts()["documents"] == 1
        assert assign_stories(store) == (1, 0)
    conn = sqlite3.connect(db)
    try:
        # opened by today's code, the old ledger is upgraded to the newest revision
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        story = conn.execute("SELECT story_id FROM documents WHERE doc_key = 'old'").fetchone()[0]
        assert story.startswith("story:")
    finally:
        conn.close()


def test_cli_stories_refresh_lists_reprints(tmp_path: Path) -> None:
    records, _ = wire_corpus()
    corpus, db = tmp_path / "wire.jsonl", str(tmp_path / "l.db")
    write_jsonl(corpus, records)
    runner = CliRunner()
    stored = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--no-extract", "--lang", "fr", "-q"])
    assert stored.exit_code == 0, stored.output
    listed = runner.invoke(app, ["ledger", "stories", "--db", db, "--refresh", "--min-outlets", "3", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [(s["outlets"], s["documents"]) for s in json.loads(listed.output)] == [(5, 5), (4, 4), (3, 3)]
    with Store.open(db) as store:
        assert [s.outlets for s in list_stories(store, min_outlets=4)] == [5, 4]
    # The listing by metric is still the default of `decompte ledger`.
    assert runner.invoke(app, ["ledger", "--db", db]).exit_code == 0
