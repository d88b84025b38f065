"""Feedback on long runs: the total a progress bar needs, the pipeline being loaded, the final line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ingest.runner import IngestSummary, PackExtraction, ingest, loading_message
from decompte.ingest.sources import count_items, iter_articles
from decompte.ledger import Store
from decompte.model import Article

runner = CliRunner()


def _folder(root: Path) -> Path:
    """Five items: two notes, a page, and a corpus of two records (its blank line is no record)."""
    folder = root / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "note-1.txt").write_text("Le port a reçu trois cargos de blé mardi.", encoding="utf-8")
    (folder / "sub" / "note-2.md").write_text("Two bridges were repaired over the weekend.", encoding="utf-8")
    (folder / "page.html").write_text("<html><body><p>Une école a rouvert ses portes à Kharkiv.</p>"
                                      "</body></html>", encoding="utf-8")
    records = [{"id": "r1", "text": "The mayor said 40 buses were running again."},
               {"id": "r2", "text": "Selon la mairie, 12 abris ont été ouverts."}]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("not read", encoding="utf-8")
    return folder


def test_a_folder_of_n_items_reaches_the_progress_callback_as_its_total(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    total = count_items([str(folder)])
    assert total == 5
    seen: list[tuple[int, int | None]] = []

    def on_progress(summary: IngestSummary) -> None:
        seen.append((summary.seen, summary.total))

    with Store.open(tmp_path / "ledger.db") as store:
        summary = ingest(iter_articles([str(folder)]), store, extraction=None, total=total, on_progress=on_progress)
    assert seen == [(n, 5) for n in range(1, 6)]
    assert summary.seen == summary.total == 5


def test_csv_records_are_counted_without_their_header_or_blank_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "c.csv"
    corpus.write_text('id,text\n1,"Deux lignes\nen une"\n\n2,Another record\n', encoding="utf-8")
    assert count_items([str(corpus)]) == 2 == sum(1 for _ in iter_articles([str(corpus)]))


def test_the_total_is_unknown_for_a_url_or_a_feed(tmp_path: Path) -> None:
    (tmp_path / "news.rss").write_text("<rss/>", encoding="utf-8")
    assert count_items(["https://example.org/feed"]) is None
    assert count_items([str(tmp_path)]) is None


def test_loading_a_pipeline_is_announced_with_the_packs_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from decompte.extract.packs import load_pack

    pack = load_pack("fr")
    message = loading_message("fr")
    assert pack.name in message and pack.pipeline in message
    assert loading_message("xx") == "loading the xx pipeline…"

    class Fake:
        def extract(self, article: Article) -> list[object]:
            return []

    monkeypatch.setattr("decompte.extract.get_extractor", lambda lang: Fake())
    heard: list[str] = []
    extraction = PackExtraction(on_status=heard.append)
    for n in range(2):  # loaded once, so announced once
        extraction.extract(Article(id=f"a{n}", text="Trois ponts.", lang="fr"))
    assert heard == [message]


def test_ingest_ends_with_its_summary_line_and_keeps_stderr_clean_off_a_terminal(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["ingest", "--no-extract", "--db", str(tmp_path / "l.db"), str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("done: 5 documents in ") and "stored without extraction 5" in lines[0]
    assert lines[-1] == "ledger: 5 documents, 0 claims, 0 reported figures"
    assert "ingesting" not in result.stderr  # CliRunner's stderr is no terminal: no bar drawn in it
