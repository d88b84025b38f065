"""Contested figures and revisions, read from a real SQLite ledger built by the real extractor.

Every text below is written for these tests (French and English dispatches of March 2022):
the figures are illustrations, not reported facts. Each scenario is its own ledger, so that
what one asserts cannot come from another's documents.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ingest.runner import PackExtraction, ingest
from decompte.ledger import Store, timeline
from decompte.model import Article
from decompte.verify import Registry
from decompte.verify.contests import contests
from decompte.verify.revisions import cumulative_events, max_daily_increase, revisions, revisions_of_figures

METRIC = "RU/soldier/killed"

KYIV_14400 = ("fr", date(2022, 3, 19), "le-veilleur.example",
              "Le bilan de Kiev après trois semaines\n"
              "Selon l'état-major ukrainien, 14 400 soldats russes ont été tués depuis le début de l'invasion.")
MOSCOW_1351 = ("en", date(2022, 3, 21), "wire-east.example",
               "Moscow gives its own toll\n"
               "Russia's defence ministry said that 1,351 Russian soldiers had been killed since the start "
               "of the operation.")
LONDON_MORE_THAN_14000 = ("en", date(2022, 3, 20), "thames-desk.example",
                          "London weighs in\n"
                          "British military intelligence said that more than 14,000 Russian soldiers had been "
                          "killed since the invasion began.")
MOSCOW_1351_FR_LATE = ("fr", date(2022, 3, 25), "la-depeche.example",
                       "Le Kremlin maintient son chiffre\n"
                       "Le ministère russe de la Défense a indiqué que 1 351 soldats russes avaient été tués "
                       "depuis le début de l'opération.")
KYIV_13000 = ("en", date(2022, 3, 22), "kyiv-notes.example",
              "A lower toll from Kyiv\n"
              "Ukraine's General Staff said that 13,000 Russian soldiers had been killed since the invasion began.")
KYIV_40000 = ("fr", date(2022, 3, 20), "le-veilleur.example",
              "Un bilan qui s'envole\n"
              "L'état-major ukrainien affirme que 40 000 soldats russes ont été tués depuis le début de l'invasion.")
KYIV_15000 = ("en", date(2022, 3, 21), "kyiv-notes.example",
              "Kyiv updates its count\n"
              "Ukraine's General Staff said that 15,000 Russian soldiers had been killed since the invasion began.")
KYIV_DAILY_200 = ("fr", date(2022, 3, 20), "le-veilleur.example",
                  "Une journée de combats\n"
                  "Selon l'état-major ukrainien, 200 soldats russes ont été tués au cours des dernières 24 heures.")


@pytest.fixture(scope="module")
def extraction() -> PackExtraction:
    return PackExtraction()


def build(path: Path, extraction: PackExtraction, *docs: tuple[str, date, str, str]) -> Path:
    articles = [
        Article(id=f"{site}/{day}", text=text, lang=lang, published=day, site=site,
                url=f"https://{site}/{day.isoformat()}", title=text.splitlines()[0])
        for lang, day, site, text in docs
    ]
    with Store.open(path) as store:
        summary = ingest(articles, store, extraction=extraction, command="tests/ledger/test_contests")
    assert summary.ingested == len(articles), summary.to_dict()
    return path


def cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_kyiv_and_moscow_form_a_contest(tmp_path: Path, extraction: PackExtraction) -> None:
    db = build(tmp_path / "l.db", extraction, KYIV_14400, MOSCOW_1351)
    with Store.open(db) as store:
        found = contests(store, metric=METRIC)
        points = timeline(store, METRIC)
    assert len(found) == 1
    contest = found[0].to_dict()
    assert contest["claimants"] == ["General Staff of the Armed Forces of Ukraine", "Ministry of Defence of Russia"]
    assert (contest["as_of"], contest["until"]) == (date(2022, 3, 19), date(2022, 3, 21))
    by_value = {f["value"]: f for f in contest["figures"]}
    assert set(by_value) == {14400, 1351}
    assert by_value[1351]["url"] == "https://wire-east.example/2022-03-21"
    assert "1,351" in by_value[1351]["quote"] and by_value[14400]["quote"].startswith("14 400")
    assert contest["contradictions"] == [[by_value[14400]["figure_id"], by_value[1351]["figure_id"]]]
    # Side by side, never merged: each figure stays its claimant's.
    assert sorted((p.value, p.claimant) for p in points) == [
        (1351, "Ministry of Defence of Russia"), (14400, "General Staff of the Armed Forces of Ukraine")]


def test_compatible_bounds_and_distant_dates_are_no_contest(tmp_path: Path, extraction: PackExtraction) -> None:
    # "more than 14 000" allows 14 400; Moscow's 1 351 is six days after Kyiv's and five after
    # London's: past the reporting lag, it speaks of another day.
    db = build(tmp_path / "l.db", extraction, KYIV_14400, LONDON_MORE_THAN_14000, MOSCOW_1351_FR_LATE)
    with Store.open(db) as store:
        assert len(timeline(store, METRIC)) == 3
        assert contests(store, metric=METRIC) == []
        # A wider lag brings Moscow's figure back within reach of both.
        wide = contests(store, metric=METRIC, lag_days=6)
    assert len(wide) == 1 and len(wide[0].figures) == 3
    assert len(wide[0].contradictions) == 2  # Moscow against each; Kyiv and London agree


def test_revision_down_links_the_earlier_citation(tmp_path: Path, extraction: PackExtraction) -> None:
    db = build(tmp_path / "l.db", extraction, KYIV_14400, KYIV_13000)
    with Store.open(db) as store:
        found = revisions(store, Registry.default(), metric=METRIC)
        assert contests(store, metric=METRIC) == []  # one party does not contest itself
    assert [r.kind for r in found] == ["revision_down"]
    flag = found[0].to_dict()
    assert flag["figure"]["value"] == 13000 and flag["earlier"]["value"] == 14400
    assert flag["earlier"]["url"] == "https://le-veilleur.example/2022-03-19"
    assert flag["earlier"]["quote"].startswith("14 400") and flag["days"] == 3
    assert f"(claim {flag['earlier']['claim_id']})" in flag["reason"]

    result = cli("ledger", "revisions", "--db", str(db), "--metric", METRIC, "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert [(r["kind"], r["earlier"]["claim_id"], r["earlier"]["as_of"]) for r in printed] == [
        ("revision_down", flag["earlier"]["claim_id"], "2022-03-19")]


def test_jump_beyond_the_reference_pace(tmp_path: Path, extraction: PackExtraction) -> None:
    # 14 400 → 40 000 in one day; the General Staff's own series never rose by 3 200 a day.
    db = build(tmp_path / "l.db", extraction, KYIV_14400, KYIV_40000)
    rate = max_daily_increase(Registry.default(), METRIC)
    assert rate is not None and 1000 < rate.per_day < 10000
    with Store.open(db) as store:
        found = revisions(store, Registry.default(), metric=METRIC)
        without_series = revisions(store, None, metric=METRIC)
    assert [r.kind for r in found] == ["jump"]
    flag = found[0].to_dict()
    assert flag["min_increase"] == 40000 - 14400
    assert flag["allowed"] == pytest.approx(rate.per_day * 1 * 2.0)
    assert flag["series"] == rate.series and flag["earlier"]["url"] == "https://le-veilleur.example/2022-03-19"
    assert without_series == []  # no reference series, no measure of a jump


def test_a_plausible_rise_and_a_daily_count_are_not_flagged(tmp_path: Path, extraction: PackExtraction) -> None:
    # 14 400 → 15 000 in two days is the war's pace; "200 in the last 24 hours" is a count
    # for one day, not a total revised from 14 400 down to 200.
    db = build(tmp_path / "l.db", extraction, KYIV_14400, KYIV_DAILY_200, KYIV_15000)
    with Store.open(db) as store:
        assert sorted(p.value for p in timeline(store, METRIC)) == [200, 14400, 15000]
        assert revisions(store, Registry.default(), metric=METRIC) == []


def test_cumulative_events_are_data() -> None:
    events = cumulative_events()
    assert {"killed", "wounded", "lost"} <= events
    assert "displaced" not in events and "other" not in events


def test_same_number_from_two_claimants_stays_two_figures(tmp_path: Path, extraction: PackExtraction) -> None:
    # Moscow's 1 351 and the same number in a French paper that attributes it to no one: the
    # outlet's own figure never joins the ministry's (dedup keys on the claimant's party).
    unattributed = ("fr", date(2022, 3, 21), "wire-east.example",
                    "Le décompte du jour\nAu total, 1 351 soldats russes ont été tués depuis le début de l'invasion.")
    kyiv_same = ("en", date(2022, 3, 21), "kyiv-notes.example",
                 "Kyiv's own figure\nUkraine's General Staff said that 1,351 Russian soldiers had been killed "
                 "since the invasion began.")
    db = build(tmp_path / "l.db", extraction, MOSCOW_1351, unattributed, kyiv_same)
    with Store.open(db) as store:
        points = timeline(store, METRIC)
        assert contests(store, metric=METRIC) == []  # the same number: no contest
    assert [p.value for p in points] == [1351, 1351, 1351]
    assert {p.claimant for p in points} == {"Ministry of Defence of Russia", "General Staff of the Armed Forces of Ukraine",
                                            "wire-east.example"}


def test_cli_lists_contests_in_every_format(tmp_path: Path, extraction: PackExtraction) -> None:
    db = build(tmp_path / "l.db", extraction, KYIV_14400, MOSCOW_1351)
    table = cli("ledger", "contested", "--db", str(db))
    assert table.exit_code == 0, table.output
    assert "Ministry of Defence of Russia" in table.output and "14 400" in table.output
    as_json = json.loads(cli("ledger", "contested", "--db", str(db), "--json").output)
    assert len(as_json) == 1 and {f["value"] for f in as_json[0]["figures"]} == {14400, 1351}
    lines = cli("ledger", "contested", "--db", str(db), "-f", "csv").output.splitlines()
    assert lines[0].startswith("contest,metric,figure_id") and len(lines) == 3
    unknown = cli("ledger", "contested", "--db", str(db), "--metric", "RU/tank/lost")
    assert unknown.exit_code == 1 and "no claims for metric 'RU/tank/lost'" in unknown.output
    assert "Traceback" not in unknown.output


@pytest.mark.postgres
def test_contests_and_revisions_on_postgresql(postgres_url: str, extraction: PackExtraction) -> None:
    # The same reads (a correlated first-citation lookup, row-value IN) on the other backend.
    articles = [Article(id=f"{site}/{day}", text=text, lang=lang, published=day, site=site,
                        url=f"https://{site}/{day.isoformat()}") for lang, day, site, text in
                (KYIV_14400, MOSCOW_1351, KYIV_13000)]
    with Store.open(postgres_url) as store:
        ingest(articles, store, extraction=extraction, command="tests/ledger/test_contests")
        found = contests(store, metric=METRIC)
        flags = revisions(store, Registry.default(), metric=METRIC)
        on_claims = revisions_of_figures(store, Registry.default(), [flags[0].later.figure_id] if flags else [])
    assert len(found) == 1 and sorted(f.value for f, _ in found[0].figures) == [1351, 13000, 14400]
    assert [(r.kind, r.earlier.value) for r in flags] == [("revision_down", 14400)]
    assert [r.kind for rs in on_claims.values() for r in rs] == ["revision_down"]
