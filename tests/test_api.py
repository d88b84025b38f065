"""``import decompte`` as a library user writes it: extract, extract_file, Ledger."""

from __future__ import annotations

import html
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import decompte

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ukraine-pertes-2022-03-19.txt"


def test_import_is_cheap() -> None:
    code = ("import sys, decompte; heavy = ('spacy', 'sqlalchemy', 'dask', 'fastapi', 'trafilatura', 'lingua');"
            "print(sorted(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_version_is_the_installed_package_version() -> None:
    from importlib.metadata import version

    assert decompte.__version__ == version("decompte")


@pytest.mark.parametrize(
    ("text", "lang", "claimant"),
    [
        ("Plus de 450 chars russes ont été détruits, selon Kiev.", "fr", "Kiev"),
        ("More than 450 Russian tanks have been destroyed, according to Kyiv.", "en", "Kyiv"),
    ],
)
def test_extract_detects_the_language(text: str, lang: str, claimant: str) -> None:
    [claim] = decompte.extract(text)
    assert isinstance(claim, decompte.Claim)
    assert (claim.value, claim.counted, claim.event, claim.side, claim.claimant, claim.lang) == (
        450, "tank", "lost", "RU", claimant, lang)


def test_extract_stays_callable_once_the_extract_package_is_imported() -> None:
    import decompte.extract.extractor  # noqa: F401  (the sub-package would replace the function)
    from decompte.extract import get_extractor

    assert callable(decompte.extract) and decompte.extract.get_extractor is get_extractor
    assert len(decompte.extract("Au moins 30 civils ont été tués, selon l'ONU.", lang="fr")) == 1


def test_extract_refuses_bad_input() -> None:
    with pytest.raises(decompte.UnsupportedInput, match="empty text"):
        decompte.extract("   ")
    with pytest.raises(decompte.UnsupportedInput, match="reads as 'en', not 'fr'"):
        decompte.extract("More than 450 Russian tanks have been destroyed, according to Kyiv.", lang="fr")
    with pytest.raises(decompte.UnsupportedInput, match="'hier' is not a date"):
        decompte.extract("Plus de 450 chars russes ont été détruits, selon Kiev.", published="hier")


def page_of(text: str) -> str:
    """A news page around ``text``: navigation and a footer that are not the article."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><title>Pertes</title></head><body>"
            "<nav><a href=\"/\">Accueil</a> <a href=\"/monde\">Monde</a></nav>"
            f"<article>{paragraphs}</article><footer>Tous droits réservés, 3 000 abonnés</footer></body></html>")


def test_extract_file_reads_text_and_html_alike(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"  # an HTML page under a text name: told by its content
    page.write_text(page_of(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    from_text = decompte.extract_file(EXAMPLE)
    from_page = decompte.extract_file(page, published=date(2022, 3, 19))
    assert len(from_text) >= 5
    assert [(c.quote, c.metric) for c in from_page] == [(c.quote, c.metric) for c in from_text]
    assert not any("<" in c.quote or "<" in c.sentence for c in from_page)


def test_ledger_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with pytest.raises(decompte.StoreError) as missing:
        decompte.Ledger.open(db, create=False)
    assert str(missing.value) == f"no ledger at {db} (decompte ingest creates one; check --db or $DECOMPTE_DB)"
    with decompte.Ledger.open(db) as ledger:
        summary = ledger.ingest([str(EXAMPLE)])
        assert summary.ingested == 1 and summary.claims >= 5
        assert "RU/soldier/killed" in ledger.metrics()
        assert len(ledger.claims("RU/tank/lost")) >= 1
        assert ledger.timeline("RU/soldier/killed", claimant="Ukraine")[0].value == 14_400
        assert {r.metric for r in ledger.latest()} >= {"RU/soldier/killed", "RU/tank/lost"}
        out = io.StringIO()
        n = ledger.export(out, "jsonl", metric="RU/tank/lost")
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert n == len(rows) >= 1 and {r["metric"] for r in rows} == {"RU/tank/lost"}
        assert ledger.export(tmp_path / "claims.csv") == summary.claims
        checked = ledger.verify(write=False)
        assert len(checked) == summary.claims
        assert {c.verdict.status for c in checked} <= {"consistent", "inconsistent", "stale", "unknown"}
    with decompte.Ledger.open(db, create=False) as again:
        assert again.ingest([str(EXAMPLE)]).duplicates == 1
