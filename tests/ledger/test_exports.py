"""The ledger as users read it: exports with verdicts and types that survive, Datasette, --format.

A small ledger written for these tests (no extractor: the claims are given): a French
article whose two figures were checked (one inconsistent, one consistent), an English
one never checked, with a title a spreadsheet would run as a formula. Each export
format is read back by pandas and by polars, as an analyst would, and its types checked.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ledger import ClaimFilters, Store, export_rows, iter_claims, store_verdicts
from decompte.ledger.columns import EXPORT, EXPORT_COLUMNS
from decompte.ledger.export import defused, export_claims
from decompte.model import Article, Claim, Verdict

FR_TEXT = ("Selon l'état-major ukrainien, 1207 soldats russes ont été tués depuis le 24 février, "
           "et 52 chars ont été détruits.")
EN_TEXT = ("About 300 civilians were wounded in the city last week, the regional governor said. "
           "Between 40 and 60 drones were shot down overnight.")

runner = CliRunner()


def _claim(text: str, quote: str, value: float, **kw: Any) -> Claim:
    start = text.index(quote)
    return Claim(start=start, end=start + len(quote), quote=quote, value=value, sentence=text, **kw)


def _build(path: Path) -> dict[str, int]:
    """The test ledger; returns claim ids by quote."""
    fr = Article(id="fr-1", text=FR_TEXT, lang="fr", published=date(2022, 3, 19), site="veilleur.example",
                 title="Bilan des pertes", url="https://veilleur.example/bilan")
    en = Article(id="en-1", text=EN_TEXT, lang="en", published=date(2022, 4, 2), site="courier.example",
                 title="=Update from the front", url="https://courier.example/update")
    fr_claims = [
        _claim(FR_TEXT, "1207 soldats russes", 1207, qualifier="exact", counted="soldier", event="killed", side="RU",
               claimant="l'état-major ukrainien", period_start=date(2022, 2, 24), period_end=date(2022, 3, 19),
               lang="fr"),
        _claim(FR_TEXT, "52 chars", 52, qualifier="exact", counted="tank", event="lost", side="RU",
               claimant="l'état-major ukrainien", period_start=date(2022, 2, 24), period_end=date(2022, 3, 19),
               lang="fr"),
    ]
    en_claims = [
        _claim(EN_TEXT, "About 300 civilians", 300, qualifier="about", counted="civilian", event="wounded",
               side="UA", claimant="the regional governor", lang="en"),
        _claim(EN_TEXT, "Between 40 and 60 drones", 40, qualifier="range", low=40, high=60, counted="drone",
               event="lost", side=None, lang="en"),
    ]
    with Store.open(path) as store:
        store.add(fr, fr_claims, extractor_version="t")
        store.add(en, en_claims, extractor_version="t")
        ids = {c.claim.quote: c.claim_id for c in iter_claims(store)}
        store_verdicts(store, [
            (ids["1207 soldats russes"], Verdict("inconsistent", "The series says 14 400 on 2022-03-19.",
                                                 series="ua-general-staff", reference_value=14400.0,
                                                 reference_date=date(2022, 3, 19), series_version="2026-08-08")),
            (ids["52 chars"], Verdict("consistent", "The series says 52 on 2022-03-19.", series="ua-general-staff",
                                      reference_value=52.0, reference_date=date(2022, 3, 19),
                                      series_version="2026-08-08")),
        ])
    return ids


@pytest.fixture
def ledger(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "ledger.db"
    return path, _build(path)


# -- columns, view, filters -------------------------------------------------------------------


def test_export_rows_carry_the_latest_verdict_and_provenance(ledger: tuple[Path, dict[str, int]]) -> None:
    path, ids = ledger
    with Store.open(path) as store:
        rows = {r["quote"]: r for r in export_rows(store)}
    assert all(tuple(r) == EXPORT_COLUMNS for r in rows.values())
    soldiers = rows["1207 soldats russes"]
    assert (soldiers["verdict"], soldiers["reference_value"], soldiers["reference_series"],
            soldiers["reference_version"]) == ("inconsistent", 14400.0, "ua-general-staff", "2026-08-08")
    assert soldiers["verdict_reason"].startswith("The series says 14 400")
    assert (soldiers["title"], soldiers["url"], soldiers["site"], soldiers["published"]) == (
        "Bilan des pertes", "https://veilleur.example/bilan", "veilleur.example", date(2022, 3, 19))
    assert soldiers["claimant"] == "General Staff of the Armed Forces of Ukraine"
    assert rows["About 300 civilians"]["verdict"] is None and rows["About 300 civilians"]["verified_at"] is None


def test_claims_view_has_the_verdicts_under_the_export_names(ledger: tuple[Path, dict[str, int]]) -> None:
    path, ids = ledger
    conn = sqlite3.connect(path)
    try:
        names = {r[1] for r in conn.execute("PRAGMA table_info(claims_view)")}
        # the view keeps start_offset/end_offset (no SQL keywords); every other export column is there
        assert set(EXPORT_COLUMNS) - {"start", "end"} <= names
        row = conn.execute("SELECT verdict, reference_value, reference_series, reference_version, claimant "
                           "FROM claims_view WHERE claim_id = ?", (ids["1207 soldats russes"],)).fetchone()
    finally:
        conn.close()
    assert row == ("inconsistent", 14400.0, "ua-general-staff", "2026-08-08",
                   "General Staff of the Armed Forces of Ukraine")


FILTERS = [
    {"verdict": "inconsistent"}, {"verdict": "consistent"}, {"lang": "en"}, {"side": "UA"}, {"side": "XX"},
    {"since": "2022-04-01"}, {"until": "2022-03-31"}, {"claimant": "état-major"}, {"metric": "RU/tank/lost"},
]


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_export_selects_what_the_api_selects(ledger: tuple[Path, dict[str, int]], params: dict[str, str]) -> None:
    from decompte.web import WebConfig, create_app

    path, _ids = ledger
    dated = {k: date.fromisoformat(v) if k in ("since", "until") else v for k, v in params.items()}
    with Store.open(path) as store:
        exported = [r["claim_id"] for r in export_rows(store, filters=ClaimFilters(**dated))]  # type: ignore[arg-type]
    application = create_app(WebConfig(db=path))

    async def from_api() -> tuple[list[int], str]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as c:
            found = (await c.get("/api/claims", params=params)).json()["claims"]
            as_csv = (await c.get("/api/claims", params={**params, "format": "csv"})).text
        return [f["id"] for f in found], as_csv

    try:
        api_ids, api_csv = asyncio.run(from_api())
    finally:
        application.state.decompte.close()
    assert exported and exported == api_ids
    cli = runner.invoke(app, ["export", "--db", str(path), "--format", "csv",
                              *(x for k, v in params.items() for x in (f"--{k}", v))])
    assert cli.exit_code == 0, cli.output
    api_rows, cli_rows = list(csv.DictReader(io.StringIO(api_csv))), list(csv.DictReader(io.StringIO(cli.stdout)))
    assert list(api_rows[0]) == list(cli_rows[0]) == list(EXPORT_COLUMNS)  # the same columns in both
    for a, b in zip(api_rows, cli_rows, strict=True):  # the API's CSV is for spreadsheets: formulas defused
        assert a == {k: defused(v) for k, v in b.items()}


def test_plain_export_keeps_text_as_written(ledger: tuple[Path, dict[str, int]]) -> None:
    path, _ids = ledger
    plain = runner.invoke(app, ["export", "--db", str(path), "--lang", "en"]).stdout
    assert {r["title"] for r in csv.DictReader(io.StringIO(plain))} == {"=Update from the front"}


# -- types that survive -----------------------------------------------------------------------


def _export(path: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"claims.{fmt}"
    with Store.open(path) as store:
        assert export_claims(store, out, fmt) == 4
    return out


def test_text_exports_write_whole_figures_as_integers_and_iso_dates(
    ledger: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, _ids = ledger
    rows = list(csv.DictReader(_export(path, "csv", tmp_path).open(encoding="utf-8")))
    soldiers = next(r for r in rows if r["quote"] == "1207 soldats russes")
    assert (soldiers["value"], soldiers["reference_value"], soldiers["published"]) == ("1207", "14400", "2022-03-19")
    assert soldiers["confidence"] == "1.0"  # a real number stays one
    drones = json.loads(_export(path, "json", tmp_path).read_text(encoding="utf-8"))[-1]
    assert (drones["value"], drones["low"], drones["high"], drones["side"]) == (40, 40, 60, None)
    assert type(drones["value"]) is int and drones["published"] == "2022-04-02"


def test_each_format_reads_back_in_pandas_with_its_types(ledger: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    path, _ids = ledger
    dates = ["published", "period_end", "reference_date"]
    frames = {
        "csv": pd.read_csv(_export(path, "csv", tmp_path), parse_dates=dates, date_format="%Y-%m-%d"),
        "json": pd.read_json(_export(path, "json", tmp_path)),
        "jsonl": pd.read_json(_export(path, "jsonl", tmp_path), lines=True),
    }
    for fmt, df in frames.items():
        assert str(df["value"].dtype) == "int64", fmt
        assert str(df["claim_id"].dtype) == "int64" and str(df["start"].dtype) == "int64", fmt
        for name in dates:  # ISO dates, every one (a strict format raises on anything else)
            df[name] = pd.to_datetime(df[name], format="%Y-%m-%d")
        assert df.loc[df["quote"] == "1207 soldats russes", "published"].iloc[0] == pd.Timestamp("2022-03-19")
        assert df["period_end"].isna().sum() == 2, fmt
    assert str(frames["csv"]["confidence"].dtype) == "float64"
    parquet = pd.read_parquet(_export(path, "parquet", tmp_path))
    assert str(parquet["value"].dtype) == "float64" and str(parquet["claim_id"].dtype) == "int64"
    assert str(parquet["metric"].dtype) == "category" and str(parquet["verdict"].dtype) == "category"
    assert parquet["published"].iloc[0] == date(2022, 3, 19)


def test_each_format_reads_back_in_polars_with_its_types(ledger: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    path, _ids = ledger
    as_csv = pl.read_csv(_export(path, "csv", tmp_path), try_parse_dates=True)
    assert as_csv.schema["value"] == pl.Int64 and as_csv.schema["claim_id"] == pl.Int64
    assert as_csv.schema["published"] == pl.Date and as_csv.schema["confidence"] == pl.Float64
    for frame in (pl.read_json(_export(path, "json", tmp_path)), pl.read_ndjson(_export(path, "jsonl", tmp_path))):
        assert frame.schema["value"] == pl.Int64 and frame.schema["high"] == pl.Int64
        published = frame["published"].str.to_date("%Y-%m-%d", strict=True)  # ISO dates, every one
        assert published.to_list() == [date(2022, 3, 19)] * 2 + [date(2022, 4, 2)] * 2
    parquet = pl.read_parquet(_export(path, "parquet", tmp_path))
    assert parquet.schema["value"] == pl.Float64 and parquet.schema["claim_id"] == pl.Int64
    assert parquet.schema["published"] == pl.Date and parquet.schema["verified_at"].is_temporal()
    assert isinstance(parquet.schema["metric"], pl.Categorical) or parquet.schema["metric"] == pl.Categorical


def test_parquet_schema_follows_the_column_kinds(ledger: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path, _ids = ledger
    schema = pq.read_schema(_export(path, "parquet", tmp_path))
    expected = {"id": "int64", "int": "int64", "count": "double", "float": "double", "date": "date32[day]",
                "text": "string", "category": "dictionary<values=string, indices=int32, ordered=0>"}
    for column in EXPORT:
        if column.kind in expected:
            assert str(schema.field(column.name).type) == expected[column.kind], column.name
    assert schema.names == list(EXPORT_COLUMNS)
    assert schema.field("verdict").metadata[b"description"].decode().startswith("The latest verification")


def test_excel_csv_has_a_bom_semicolons_and_no_formula(ledger: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, _ids = ledger
    out = tmp_path / "claims.csv"
    result = runner.invoke(app, ["export", "--db", str(path), "--excel", "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(EXPORT_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["title"] for r in rows} == {"Bilan des pertes", "'=Update from the front"}
    assert any("l'état-major ukrainien" == r["claimant_as_written"] for r in rows)
    refused = runner.invoke(app, ["export", "--db", str(path), "--excel", "--format", "json"])
    assert refused.exit_code == 1 and "--excel goes with --format csv" in refused.output


def test_a_failed_export_leaves_no_half_written_file(ledger: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, _ids = ledger
    out = tmp_path / "no-such-folder" / "claims.parquet"
    result = runner.invoke(app, ["export", "--db", str(path), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 1 and "cannot write" in result.output
    assert not out.parent.exists()


# -- Datasette --------------------------------------------------------------------------------


def test_datasette_metadata_describes_every_table_and_column(ledger: tuple[Path, dict[str, int]],
                                                             tmp_path: Path) -> None:
    path, _ids = ledger
    out = tmp_path / "metadata.json"
    result = runner.invoke(app, ["datasette-metadata", "--db", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    tables = json.loads(out.read_text(encoding="utf-8"))["databases"]["ledger"]["tables"]
    assert tables["alembic_version"] == {"hidden": True}
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        for name in names:
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
            assert columns == set(tables[name]["columns"]), name
            assert tables[name]["description"], name
    finally:
        conn.close()


def test_datasette_reads_claims_with_verdicts_and_claimant_labels(ledger: tuple[Path, dict[str, int]]) -> None:
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    from decompte.ledger.datasette import database_name, datasette_metadata

    path, ids = ledger
    ds = Datasette([str(path)], metadata=datasette_metadata(database_name(path)))

    async def read() -> tuple[Any, ...]:
        await ds.invoke_startup()
        view = await ds.client.get("/ledger/claims_view.json?_shape=objects&verdict=inconsistent")
        labelled = await ds.client.get("/ledger/claims.json?_shape=objects&_labels=on&lang=fr")
        database = await ds.client.get("/ledger.json")
        page = await ds.client.get("/ledger/claims_view")
        return view.json(), labelled.json(), database.json(), page.text

    view, labelled, database, page = asyncio.run(read())
    (row,) = view["rows"]
    assert (row["claim_id"], row["value"], row["verdict"], row["reference_value"], row["claimant"]) == (
        ids["1207 soldats russes"], 1207, "inconsistent", 14400, "General Staff of the Armed Forces of Ukraine")
    assert {r["claimant_id"]["label"] for r in labelled["rows"]} == {"General Staff of the Armed Forces of Ukraine"}
    hidden = {t["name"]: t["hidden"] for t in database["tables"]}
    assert hidden["alembic_version"] is True and hidden["claims"] is False
    assert "The latest verification of the claim" in page  # the column descriptions are shown


# -- one output flag --------------------------------------------------------------------------


def test_every_row_command_takes_format_and_json(ledger: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, _ids = ledger
    db = ["--db", str(path)]
    latest = list(csv.DictReader(io.StringIO(runner.invoke(app, ["ledger", *db, "--format", "csv"]).stdout)))
    assert {"metric", "claimant", "as_of", "value"} <= set(latest[0])
    assert {r["value"] for r in latest if r["metric"] == "RU/soldier/killed"} == {"1207"}
    lines = runner.invoke(app, ["ledger", "RU/soldier/killed", *db, "-f", "jsonl"]).stdout.splitlines()
    assert [json.loads(x)["value"] for x in lines] == [1207]
    packs = [json.loads(x) for x in runner.invoke(app, ["languages", "--format", "jsonl"]).stdout.splitlines()]
    assert {p["code"] for p in packs} >= {"fr", "en"}
    checked = runner.invoke(app, ["verify", *db, "--dry-run", "--format", "csv"])
    assert checked.exit_code == 0, checked.output
    header = next(csv.reader(io.StringIO(checked.stdout)))
    assert {"claim_id", "claim_quote", "verdict_status", "verdict_reason"} <= set(header)
    as_json = runner.invoke(app, ["export", *db, "--json"])
    assert len(json.loads(as_json.stdout)) == 4
    note = tmp_path / "note.txt"
    note.write_text("Trois ponts ont été réparés pendant la semaine.", encoding="utf-8")
    summary = runner.invoke(app, ["ingest", *db, "--no-extract", "--format", "jsonl", str(note)])
    assert summary.exit_code == 0, summary.output
    (line,) = summary.stdout.splitlines()
    assert json.loads(line)["ledger"]["documents"] == 3
    both = runner.invoke(app, ["ledger", *db, "--json", "--format", "csv"])
    assert both.exit_code == 1 and "two formats" in both.output


def test_tables_show_user_text_as_text_not_markup(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    text = "Selon [bold]Kiev[/bold], 12 chars ont été détruits."
    with Store.open(path) as store:
        store.add(Article(id="m", text=text, lang="fr", published=date(2022, 3, 2), site="[red]site[/red]"),
                  [_claim(text, "12 chars", 12, qualifier="exact", counted="tank", event="lost", side="RU",
                          claimant="[bold]Kiev[/bold]", lang="fr")], extractor_version="t")
    table = runner.invoke(app, ["export", "--db", str(path), "--format", "table"])
    assert table.exit_code == 0, table.output
    assert "[red]site[/red]" in table.stdout


# -- migration --------------------------------------------------------------------------------


def test_migration_0005_goes_down_to_0003_and_up_again(ledger: tuple[Path, dict[str, int]]) -> None:
    from alembic import command

    from decompte.ledger.db import _config

    path, _ids = ledger
    with Store.open(path) as store:
        cfg = _config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
        with sqlite3.connect(path) as raw:
            assert "verdict" not in {r[1] for r in raw.execute("PRAGMA table_info(claims_view)")}
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        rows = list(export_rows(store, filters=ClaimFilters(verdict="consistent")))
    assert [r["quote"] for r in rows] == ["52 chars"] and rows[0]["reference_version"] is None
