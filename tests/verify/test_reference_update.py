"""``decompte reference update`` (issue 16, item 5): a newer copy checked, installed as a version, claims re-verified.

The series is the tests' own small city count (``data/casualties.*``, three days); the newer
copies are written here, each a variant of it: one more day, a past value changed with and
without a correction record, a column dropped.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from decompte.cli import app
from decompte.errors import ReferenceSeriesError
from decompte.ledger import Store, iter_claims
from decompte.ledger.schema import verdicts
from decompte.model import Article, Claim
from decompte.verify import Registry, add_series, shipped_dir, update_series, user_dir

DATA = Path(__file__).parent / "data"

runner = CliRunner()
DAY = date(2026, 12, 1)
FOURTH = "2022-03-04,18,40,https://example.org/d\n"


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    """An HTTP server on 127.0.0.1; nothing leaves the machine."""
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        srv.stop()


@pytest.fixture
def installed(user_reference_dir: Path) -> Path:
    add_series(DATA / "casualties.csv", DATA / "casualties.yaml")
    return user_reference_dir / "city-casualties"


def newer(tmp_path: Path, extra: str = FOURTH, *, old: str = "", new: str = "") -> Path:
    path = tmp_path / "casualties.csv"
    text = (DATA / "casualties.csv").read_text(encoding="utf-8")
    path.write_text((text.replace(old, new) if old else text) + extra, encoding="utf-8")
    return path


def registry() -> Registry:
    return Registry([shipped_dir(), user_dir()])


def test_a_newer_copy_is_installed_as_a_version_and_the_old_one_kept(installed: Path, tmp_path: Path) -> None:
    update = update_series("city-casualties", [str(newer(tmp_path))], registry=registry(), retrieved=DAY)
    assert update.installed and (update.added, update.corrected) == (2, 0)  # one day, two metrics
    assert update.version == "2022-03-04 (retrieved 2026-12-01)" and update.previous_version == "2022-03-03"
    manifest = yaml.safe_load((installed / "manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["version"] == update.version and manifest["retrieved"] == "2026-12-01"
    kept = list((installed.parent / ".versions" / "city-casualties").iterdir())
    assert [p.name for p in kept] == ["2022-03-03"]
    assert "2022-03-04" not in (kept[0] / "casualties.csv").read_text(encoding="utf-8")
    assert registry().get("city-casualties").span() == (date(2022, 3, 1), date(2022, 3, 4))


def test_a_rewritten_past_is_refused_with_its_first_date(installed: Path, tmp_path: Path) -> None:
    rewritten = newer(tmp_path, old="2022-03-02,12,25", new="2022-03-02,13,25")
    with pytest.raises(ReferenceSeriesError, match=r"rewrites the past from 2022-03-02: UA/civilian/killed on "
                                                    r"2022-03-02 was 12, now 13"):
        update_series("city-casualties", [str(rewritten)], registry=registry(), retrieved=DAY)
    assert "2022-03-04" not in (installed / "casualties.csv").read_text(encoding="utf-8")  # nothing installed
    assert not (installed.parent / ".versions").exists()
    assert [p.name for p in installed.parent.iterdir()] == ["city-casualties"]  # no staging left behind


def test_a_dropped_day_is_a_rewritten_past(installed: Path, tmp_path: Path) -> None:
    dropped = newer(tmp_path, old="2022-03-01,10,20,https://example.org/a\n", new="")
    with pytest.raises(ReferenceSeriesError, match="from 2022-03-01: .* was 10, now absent"):
        update_series("city-casualties", [str(dropped)], registry=registry(), retrieved=DAY)


def test_a_correction_record_lets_a_past_value_change(installed: Path, tmp_path: Path) -> None:
    rewritten = newer(tmp_path, old="2022-03-02,12,25", new="2022-03-02,13,25")
    raw = yaml.safe_load((DATA / "casualties.yaml").read_text(encoding="utf-8"))
    raw["revisions"] = [{"date": "2022-03-02", "metric": "UA/civilian/killed", "note": "one death added late"}]
    manifest = tmp_path / "casualties.yaml"
    manifest.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    update = update_series("city-casualties", [str(rewritten)], manifest_file=manifest, registry=registry(),
                           retrieved=DAY)
    assert (update.added, update.corrected) == (2, 1)
    assert registry().get("city-casualties").latest("UA/civilian/killed", date(2022, 3, 2)).value == 13  # type: ignore[union-attr]


def test_other_columns_or_a_fall_are_refused(installed: Path, tmp_path: Path) -> None:
    renamed = newer(tmp_path, old="as_of,killed,injured,source", new="as_of,killed,injured,source,extra")
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("\n2022", ",x\n2022"), encoding="utf-8")
    with pytest.raises(ReferenceSeriesError, match="adds 'extra'"):
        update_series("city-casualties", [str(renamed)], registry=registry(), retrieved=DAY)
    falling = newer(tmp_path, extra="2022-03-04,14,40,https://example.org/d\n")
    with pytest.raises(ReferenceSeriesError, match="falls from 15 on 2022-03-03 to 14 on 2022-03-04"):
        update_series("city-casualties", [str(falling)], registry=registry(), retrieved=DAY)


def test_the_same_copy_again_installs_nothing(installed: Path) -> None:
    update = update_series("city-casualties", [str(DATA / "casualties.csv")], registry=registry(), retrieved=DAY)
    assert not update.installed and update.version == "2022-03-03"
    assert not (installed.parent / ".versions").exists()


def _ledger_with_a_claim(path: Path) -> None:
    text = "La mairie de Testville compte 18 civils tués depuis le début des frappes."
    claim = Claim(start=30, end=39, quote="18 civils", value=18, counted="civilian", event="killed", side="UA",
                  claimant="mairie", period_end=date(2022, 3, 4), lang="fr")
    with Store.open(path) as store:
        store.add(Article(id="testville-1", text=text, lang="fr", published=date(2022, 3, 5)), [claim])


def test_the_cli_updates_from_a_url_and_verifies_the_ledger_again(installed: Path, tmp_path: Path,
                                                                 server: HTTPServer) -> None:
    db = tmp_path / "ledger.db"
    _ledger_with_a_claim(db)
    before = runner.invoke(app, ["verify", "--db", str(db), "--format", "json"])
    judged = json.loads(before.stdout)[0]["verdict"]
    assert (judged["status"], judged["series_version"]) == ("inconsistent", "2022-03-03")  # 18 against the 3rd's 15
    body = newer(tmp_path).read_bytes()
    server.expect_request("/casualties.csv").respond_with_data(body, content_type="text/csv")
    result = runner.invoke(app, ["reference", "update", "city-casualties", "--from", server.url_for("/casualties.csv"),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "verified again 1 claim(s) of its metrics: 1 consistent" in result.stdout
    with Store.open(db) as store:
        (claim_id, _, _), = list(iter_claims(store))
        with store.reading() as conn:
            row = conn.execute(verdicts.select().where(verdicts.c.claim_id == claim_id)).one()
    assert row.status == "consistent" and row.series == "city-casualties"
    assert row.series_version == f"2022-03-04 (retrieved {date.today().isoformat()})"


def test_the_cli_names_the_first_rewritten_date(installed: Path, tmp_path: Path) -> None:
    rewritten = newer(tmp_path, old="2022-03-03,15,31", new="2022-03-03,16,31")
    result = runner.invoke(app, ["reference", "update", "city-casualties", "--from", str(rewritten)])
    assert result.exit_code == 1
    assert "rewrites the past from 2022-03-03" in result.stderr and "Traceback" not in result.output


def test_a_shipped_series_is_updated_into_the_user_folder(user_reference_dir: Path, tmp_path: Path) -> None:
    shipped_csv = shipped_dir() / "ohchr-ukraine-civilians" / "ukraine-civilian-casualties.csv"
    copy = tmp_path / shipped_csv.name
    shutil.copy(shipped_csv, copy)
    last = Registry([shipped_dir()]).get("ohchr-ukraine-civilians").points["UA/civilian/killed"][-1]
    with copy.open("a", encoding="utf-8") as fh:  # one more update, every count a little higher
        fh.write(f"2099-01-01,{last.value + 5:.0f},999999,999999,https://example.org/later,\n")
    update = update_series("ohchr-ukraine-civilians", [str(copy)], registry=Registry([shipped_dir()]),
                           target=user_reference_dir, retrieved=DAY)
    assert update.version == "2099-01-01 (retrieved 2026-12-01)"
    assert registry().get("ohchr-ukraine-civilians").manifest.version == update.version
    assert (shipped_dir() / "ohchr-ukraine-civilians" / "manifest.yaml").read_text(encoding="utf-8").count(
        "retrieved 2026") == 0  # the package's copy is untouched


def test_a_copy_must_name_one_of_the_series_files(user_reference_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text("[]", encoding="utf-8")
    with pytest.raises(ReferenceSeriesError, match=r"ua-general-staff has no data file named 'other.json' \(its "
                                                    r"files: russia_losses_equipment.json, russia_losses_personnel"):
        update_series("ua-general-staff", [str(other)], registry=Registry([shipped_dir()]), retrieved=DAY)
    with pytest.raises(ReferenceSeriesError, match="names no update_url: give --from"):
        update_series("ua-general-staff", [], registry=Registry([shipped_dir()]), retrieved=DAY)
    assert not user_reference_dir.exists() or not any(user_reference_dir.iterdir())  # nothing staged
