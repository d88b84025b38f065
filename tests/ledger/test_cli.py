"""``decompte ingest``, ``ledger`` and ``export`` end to end, with the real extractor.

The reference case of the issue: the example article ingested as text, then as a
news page, then inside a JSONL corpus holding both, is one document whose claims are
stored once; the figure it states twice (14 400, in the headline and the lead, both
from Ukraine) is one reported figure with its citations.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ledger import Store, timeline
from decompte.model import Article

from .helpers import EXAMPLE, render_page

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    result = runner.invoke(app, list(args), env=env)
    return result


def summary_of(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def extracted(example_text: str) -> int:
    """How many claims the extractor finds in the example: what the ledger must hold once."""
    from decompte.extract import get_extractor

    article = Article(id="x", text=example_text, lang="fr", published=date(2022, 3, 19))
    return len(get_extractor("fr").extract(article))


def test_text_then_html_then_corpus_is_one_document_with_its_claims_once(
    tmp_path: Path, example_text: str, example_html: Path, extracted: int
) -> None:
    db = str(tmp_path / "ledger.db")
    first = summary_of(run("ingest", "--db", db, "--json", str(EXAMPLE)))
    assert (first["ingested"], first["claims"], first["ledger"]["documents"]) == (1, extracted, 1)
    assert extracted >= 5

    second = summary_of(run("ingest", "--db", db, "--json", str(example_html)))
    assert (second["ingested"], second["duplicates"], second["claims"]) == (0, 1, 0)

    corpus = tmp_path / "corpus.jsonl"
    records = [{"id": "plain", "text": example_text, "date": "2022-03-19"},
               {"id": "page", "text": render_page(example_text),
                "url": "https://www.veilleur-du-matin.example/monde/2022/03/19/ukraine-pertes-russes"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    third = summary_of(run("ingest", "--db", db, "--json", str(corpus)))
    assert (third["ingested"], third["duplicates"]) == (0, 2)
    assert third["ledger"] == {"documents": 1, "claims": extracted, "figures": third["ledger"]["figures"]}

    with Store.open(db) as store:
        with store.engine.connect() as conn:
            doc = conn.exec_driver_sql("SELECT title, canonical_url, site, published, n_claims FROM documents").one()
        # The HTML copy filled in what the text file could not know.
        assert doc.title == "L’Ukraine revendique plus de 14 400 soldats russes tués"
        assert doc.site == "veilleur-du-matin.example" and doc.published == "2022-03-19"
        assert doc.n_claims == extracted
        points = timeline(store, "RU/soldier/killed")
        assert sum(p.citations for p in points) == sum(1 for _ in _claims(store, "RU/soldier/killed"))
        ukraine = timeline(store, "RU/soldier/killed", claimant="Ukraine")
        headline = [p for p in ukraine if p.value == 14400 and p.as_of == date(2022, 3, 19)]
        assert len(headline) == 1 and headline[0].citations >= 2  # stated twice, by Ukraine, one figure
        assert store.counts()["figures"] < extracted  # some citations were merged, none lost


def _claims(store: Store, metric: str) -> Any:
    from decompte.ledger import iter_claims

    return iter_claims(store, metric=metric)


@pytest.fixture
def filled_db(tmp_path: Path, example_text: str) -> str:
    db = str(tmp_path / "ledger.db")
    summary_of(run("ingest", "--db", db, "--json", str(EXAMPLE)))
    return db


def test_ledger_lists_metrics_and_timelines(filled_db: str) -> None:
    overview = run("ledger", "--db", filled_db)
    assert overview.exit_code == 0, overview.output
    assert "RU/soldier/killed" in overview.stdout and "RU/tank/lost" in overview.stdout
    points = json.loads(run("ledger", "RU/soldier/killed", "--db", filled_db, "--json").stdout)
    assert any(p["value"] == 14400 and p["citations"] >= 2 for p in points)
    assert all(set(p) >= {"as_of", "value", "qualifier", "claimant", "citations"} for p in points)
    table = run("ledger", "RU/soldier/killed", "--db", filled_db, "--claimant", "Ukraine")
    assert table.exit_code == 0 and "14 400" in table.stdout
    later = json.loads(run("ledger", "RU/soldier/killed", "--db", filled_db, "--since", "2022-03-20", "--json").stdout)
    assert later == []
    via_env = run("ledger", "--json", env={"DECOMPTE_DB": filled_db})
    assert {r["metric"] for r in json.loads(via_env.stdout)} >= {"RU/soldier/killed", "RU/tank/lost"}


def test_export_formats_carry_document_fields(filled_db: str, tmp_path: Path, extracted: int) -> None:
    as_csv = run("export", "--db", filled_db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == extracted
    assert {r["doc_key"] for r in rows} == {"ukraine-pertes-2022-03-19"}
    assert {r["published"] for r in rows} == {"2022-03-19"}
    as_json = json.loads(run("export", "--db", filled_db, "--format", "json").stdout)
    lines = [json.loads(x) for x in run("export", "--db", filled_db, "--format", "jsonl").stdout.splitlines()]
    assert as_json == lines and len(lines) == extracted
    for row in lines:  # offsets point into the stored text
        assert EXAMPLE.read_text(encoding="utf-8")[row["start"]:row["end"]] == row["quote"]
    only = run("export", "--db", filled_db, "--format", "jsonl", "--metric", "RU/tank/lost").stdout.splitlines()
    assert only and all(json.loads(x)["metric"] == "RU/tank/lost" for x in only)
    out = tmp_path / "claims.parquet"
    assert run("export", "--db", filled_db, "--format", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == extracted
    assert str(table.schema.field("published").type) == "date32[day]"
    assert sorted(table.column("claim_id").to_pylist()) == sorted(r["claim_id"] for r in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "does/not/exist.txt"], "no such file or directory"),
        (["ingest", "/bin/sh"], "binary"),
        (["ingest", "file:///etc/passwd"], "not allowed"),
        (["ledger", "XX/nothing/nowhere"], "no ledger at"),
        (["export", "--format", "parquet"], "needs --output"),
    ],
)
def test_errors_are_one_line_on_stderr_and_a_non_zero_exit(tmp_path: Path, args: list[str], message: str) -> None:
    # A real process: what a user sees, stdout and stderr apart.
    command = [sys.executable, "-c", "from decompte.cli import main; main()", *args, "--db", str(tmp_path / "l.db")]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("error:")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_default_database_is_decompte_db_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DECOMPTE_DB", raising=False)
    note = tmp_path / "note.txt"
    note.write_text("Plus de 450 chars russes ont été détruits, selon Kiev.", encoding="utf-8")
    result = run("ingest", "--no-extract", "-q", str(note))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "decompte.db").exists()
    assert "stored without extraction 1" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["ledger"], ["ledger", "RU/soldier/killed"], ["ledger", "stories"], ["export"], ["export", "-f", "json"],
     ["verify", "--db"], ["serve", "--db"]],
    ids=" ".join,
)
def test_read_only_commands_refuse_a_missing_ledger(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "ledgr.db"
    if args[-1] != "--db":
        args = [*args, "--db"]
    proc = subprocess.run([sys.executable, "-m", "decompte", *args, str(typo)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == f"error: no ledger at {typo} (decompte ingest creates one; check --db or $DECOMPTE_DB)\n"
    assert proc.stdout == ""
    assert not typo.exists() and list(tmp_path.iterdir()) == []


def test_the_default_ledger_missing_is_named_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DECOMPTE_DB", raising=False)
    result = run("ledger")
    assert result.exit_code == 1
    assert result.stderr == f"error: no ledger at {tmp_path / 'decompte.db'} (decompte ingest creates one; " \
                            "check --db or $DECOMPTE_DB)\n"
    assert not (tmp_path / "decompte.db").exists()


def test_an_unknown_metric_of_an_existing_ledger_is_named(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    Store.open(db).close()  # an empty ledger, created as `decompte ingest` creates one
    result = run("ledger", "XX/nothing/nowhere", "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == "error: no claims for metric 'XX/nothing/nowhere' (the ledger is empty)\n"


def _age_every_document(db: str) -> None:
    """As if the claims had been extracted by an older Décompte."""
    with Store.open(db) as store, store.transaction() as conn:
        conn.exec_driver_sql("UPDATE documents SET extractor_version = '0.0.1+old'")


def test_an_outdated_extraction_is_redone_by_ingest_and_by_reextract(tmp_path: Path, extracted: int) -> None:
    db = str(tmp_path / "ledger.db")
    assert summary_of(run("ingest", "--db", db, "--json", str(EXAMPLE)))["ingested"] == 1
    again = summary_of(run("ingest", "--db", db, "--json", str(EXAMPLE)))
    assert (again["duplicates"], again["reextracted"]) == (1, 0)  # same version: nothing to redo

    _age_every_document(db)
    redone = run("ingest", "--db", db, str(EXAMPLE))
    assert redone.exit_code == 0, redone.output
    assert "re-extracted 1, duplicates 0" in redone.stdout

    _age_every_document(db)
    first = summary_of(run("ledger", "reextract", "--db", db, "--json", "--workers", "1"))
    assert (first["reextracted"], first["claims"], first["ledger"]["claims"]) == (1, extracted, extracted)
    second = summary_of(run("ledger", "reextract", "--db", db, "--json"))
    assert (second["documents"], second["reextracted"]) == (0, 0)
    from decompte.extract import EXTRACTOR_VERSION

    with Store.open(db) as store, store.reading() as conn:
        assert conn.exec_driver_sql("SELECT DISTINCT extractor_version FROM documents").scalars().all() == [
            EXTRACTOR_VERSION]


def test_reextract_refuses_a_missing_ledger(tmp_path: Path) -> None:
    result = run("ledger", "reextract", "--db", str(tmp_path / "nope.db"))
    assert result.exit_code == 1
    assert result.stderr == f"error: no ledger at {tmp_path / 'nope.db'} (decompte ingest creates one; " \
                            "check --db or $DECOMPTE_DB)\n"


def test_ingest_reads_a_page_saved_under_a_text_name_as_html(tmp_path: Path, example_text: str, extracted: int) -> None:
    page = tmp_path / "ukraine-pertes-2022-03-19.txt"
    page.write_text(render_page(example_text), encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    summary = summary_of(run("ingest", "--db", db, "--json", str(page)))
    assert (summary["ingested"], summary["claims"]) == (1, extracted)
    again = summary_of(run("ingest", "--db", db, "--json", str(EXAMPLE)))  # the same article as plain text
    assert again["duplicates"] == 1
