"""A corpus of French and English articles: each document read by its own language pack."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from decompte.cli import app
from decompte.evaluate import evaluate, format_report, load_documents

from .conftest import DATA

runner = CliRunner()


def mixed_gold(tmp_path: Path) -> Path:
    """fr-sentences and en-sentences in one gold file and one docs file, languages left unsaid."""
    gold, docs = tmp_path / "mixed.jsonl", tmp_path / "mixed-docs.jsonl"
    with gold.open("w", encoding="utf-8") as g, docs.open("w", encoding="utf-8") as d:
        for name in ("fr-sentences", "en-sentences"):
            g.write((DATA / f"{name}.jsonl").read_text(encoding="utf-8"))
            for line in (DATA / f"{name}-docs.jsonl").read_text(encoding="utf-8").splitlines():
                d.write(line + "\n")
    return gold


def test_eval_prints_figures_per_language(tmp_path: Path) -> None:
    result = evaluate(mixed_gold(tmp_path))
    assert {"lang:fr", "lang:en"} <= set(result)
    assert result["lang:fr"]["gold"] + result["lang:en"]["gold"] == result["all"]["gold"]
    lines = list(format_report(result, details=False))
    assert any(line.startswith("lang:fr:") for line in lines) and any(line.startswith("lang:en:") for line in lines)


def test_mixed_corpus_is_ingested_with_each_language_detected(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    expected = {}
    with corpus.open("w", encoding="utf-8") as out:
        for name in ("fr-sentences", "en-sentences"):
            for article in load_documents(DATA / f"{name}-docs.jsonl")[:3]:
                out.write(json.dumps({"id": article.id, "text": article.text, "date": str(article.published)}) + "\n")
                expected[article.id] = article.lang
    db = tmp_path / "ledger.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--json", "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT doc_key, lang FROM documents"))
        claim_langs = dict(conn.execute(
            "SELECT documents.lang, COUNT(*) FROM claims JOIN documents ON claims.document_id = documents.id GROUP BY documents.lang"))
    assert sorted(stored.values()) == sorted(expected.values())
    assert set(claim_langs) == {"fr", "en"} and all(n > 0 for n in claim_langs.values())
