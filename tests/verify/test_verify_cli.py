"""``decompte verify`` and ``decompte reference``: output formats, exit codes, the ledger."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from decompte.cli import app
from decompte.model import Article, Claim
from decompte.verify import Checked, Registry, shipped_dir, verify_claims

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def _claims() -> list[Claim]:
    """Three figures of the example article, as the extractor gives them."""
    def claim(quote: str, value: float, qualifier: str, metric: str, claimant: str) -> Claim:
        side, counted, event = metric.split("/")
        return Claim(start=0, end=len(quote), quote=quote, value=value, qualifier=qualifier, counted=counted,
                     event=event, side=side, claimant=claimant)

    return [
        claim("plus de 450 chars", 450, "more_than", "RU/tank/lost", "le commandement militaire ukrainien"),
        claim("au moins 816 civils", 816, "at_least", "UA/civilian/killed", "le dernier décompte de l’ONU"),
        claim("200 000 personnes", 200_000, "exact", "RU/person/gathered", "Volodymyr Zelensky"),
    ]


@pytest.fixture
def no_extractor(monkeypatch: pytest.MonkeyPatch, user_reference_dir: Path) -> list[tuple[str, date | None]]:
    """Replace extraction (tested elsewhere) by the three claims above; record what it was given."""
    calls: list[tuple[str, date | None]] = []

    def fake_verify_text(text: str, lang: str, published: date | None, **kwargs: object) -> list[Checked]:
        calls.append((lang, published))
        return verify_claims(_claims(), published, Registry([shipped_dir()]))

    monkeypatch.setattr("decompte.verify.verify_text", fake_verify_text)  # the command imports it when it runs
    return calls


def test_verify_file_json(tmp_path: Path, no_extractor: list[tuple[str, date | None]]) -> None:
    article = tmp_path / "article-2022-03-19.txt"
    article.write_text("texte", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(article), "--lang", "fr", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert no_extractor == [("fr", date(2022, 3, 19))]  # the date comes from the file name
    rows = json.loads(result.stdout)
    assert [r["verdict"]["status"] for r in rows] == ["consistent", "stale", "unknown"]
    assert rows[0]["claim"]["metric"] == "RU/tank/lost" and rows[0]["verdict"]["reference_value"] == 466


def test_verify_file_table_names_each_verdict(tmp_path: Path, no_extractor: list[tuple[str, date | None]]) -> None:
    article = tmp_path / "article.txt"
    article.write_text("texte", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(article), "--lang", "fr", "--published", "2022-03-19"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for word in ("consistent", "stale", "unknown", "plus de 450 chars", "1 consistent, 1 stale, 1 unknown"):
        assert word in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify"], "give either a FILE or --db"),
        (["verify", "x.txt", "--db", "x.db"], "give either a FILE or --db"),
        (["verify", "missing.txt", "--lang", "fr"], "missing.txt: no such file"),
        (["verify", "a.txt", "--lang", "fr", "--published", "19/03/2022"], "'19/03/2022' is not a date"),
    ],
)
def test_verify_refuses_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("texte", encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_verify_db_checks_every_claim_and_stores_verdicts(tmp_path: Path, user_reference_dir: Path) -> None:
    from decompte.ledger import Store
    from decompte.ledger.schema import verdicts

    db = tmp_path / "ledger.db"
    with Store.open(db) as store:
        store.add(Article(id="a", text="texte a", lang="fr", published=date(2022, 3, 19)), _claims())
        store.add(Article(id="b", text="texte b", lang="fr", published=date(2022, 3, 20)), _claims()[:1])
    result = runner.invoke(app, ["verify", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["claim_id"], r["verdict"]["status"]) for r in rows] == [
        (1, "consistent"), (2, "stale"), (3, "unknown"), (4, "consistent")]
    assert rows[3]["verdict"]["reference_value"] == 476  # compared at the second document's date
    with Store.open(db) as store, store.reading() as conn:
        stored = {r.claim_id: r.status for r in conn.execute(select(verdicts))}
    assert stored == {1: "consistent", 2: "stale", 3: "unknown", 4: "consistent"}


def test_verify_db_dry_run_stores_nothing(tmp_path: Path, user_reference_dir: Path) -> None:
    from decompte.ledger import Store
    from decompte.ledger.schema import verdicts

    db = tmp_path / "ledger.db"
    with Store.open(db) as store:
        store.add(Article(id="a", text="texte", published=date(2022, 3, 19)), _claims())
    result = runner.invoke(app, ["verify", "--db", str(db), "--dry-run"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "3 claims in the ledger" in result.stdout
    with Store.open(db) as store, store.reading() as conn:
        assert conn.execute(select(verdicts)).first() is None


def test_reference_list_shows_shipped_series_with_licence(user_reference_dir: Path) -> None:
    result = runner.invoke(app, ["reference", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["ua-general-staff"]["licence"] == "MIT"
    assert rows["ua-general-staff"]["first"] == "2022-02-25"
    assert "UA/civilian/wounded" in rows["ohchr-ukraine-civilians"]["metrics"]


def test_reference_add_then_list(user_reference_dir: Path) -> None:
    result = runner.invoke(app, ["reference", "add", str(DATA / "casualties.csv"),
                                 "--manifest", str(DATA / "casualties.yaml")])
    assert result.exit_code == 0, result.output
    assert "city-casualties" in result.stdout
    listed = json.loads(runner.invoke(app, ["reference", "list", "--format", "json"]).stdout)
    assert "city-casualties" in [r["name"] for r in listed]


def test_reference_add_refuses_a_bad_file_with_the_reason(user_reference_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    shutil.copy(DATA / "casualties.csv", bad)
    bad.write_text(bad.read_text().replace("injured", "wounded"), encoding="utf-8")
    result = runner.invoke(app, ["reference", "add", str(bad), "--manifest", str(DATA / "casualties.yaml")])
    assert result.exit_code == 1
    assert "bad.csv lacks column(s) 'injured'" in result.stderr
    assert not (user_reference_dir / "city-casualties").exists()


def test_every_command_has_help_with_an_example() -> None:
    for args in (["verify"], ["reference", "add"], ["reference", "list"]):
        result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and "Example: decompte" in result.stdout, args


def test_the_docs_state_the_rules_the_code_applies() -> None:
    from decompte.verify import CLAIM_TOLERANCE, REFERENCE_TOLERANCE, STALE_DAYS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "verify.md").read_text(encoding="utf-8")
    for command in ("decompte verify FILE", "decompte verify --db", "decompte reference list",
                    "decompte reference add FILE --manifest"):
        assert f"### `{command}" in doc, command
    assert f"±{CLAIM_TOLERANCE:.0%}".replace("%", " %") in doc
    assert f"±{REFERENCE_TOLERANCE:.0%}".replace("%", " %") in doc
    assert f"{STALE_DAYS} days" in doc
