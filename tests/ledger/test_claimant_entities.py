"""Claimants as entities: one row per source whatever the language, spelling or title it is
named with; names of no one are no claimant; the registry covers every war the packs know."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic import command
from sqlalchemy import select

from decompte.claimants import KINDS, default_index, known, resolve, slug
from decompte.ingest.runner import PackExtraction, ingest
from decompte.ledger import Store
from decompte.ledger.db import _config, create
from decompte.ledger.schema import claimants, claims
from decompte.model import Article, Claim

DAY = date(2022, 3, 25)

# Written for this test: one Russian officer, named five ways (two languages, two spellings,
# with and without his rank), and one ministry in Gaza, named five ways too.
RUDSKOY = [
    ("en", "Colonel General Sergei Rudskoy told reporters on Friday that 1,351 Russian soldiers had been killed "
           "since the start of the operation."),
    ("en", "Russia has lost 1,351 soldiers in Ukraine, according to Sergey Rudskoy, a senior officer."),
    ("fr", "Le général Sergueï Roudskoï a affirmé vendredi que 1 351 soldats russes avaient été tués depuis le "
           "début de l'opération."),
    ("fr", "Selon Sergueï Roudskoï, 1 351 militaires russes ont péri en Ukraine."),
    ("fr", "Selon le général Roudskoï, l'armée russe a perdu 1 351 soldats en un mois."),
]
GAZA = [
    ("en", "The Health ministry in Hamas-run Gaza said on Monday that 35,000 Palestinians had been killed."),
    ("en", "At least 35,000 people have been killed in the territory, the Gaza Health Ministry said."),
    ("fr", "Au moins 35 000 Palestiniens ont été tués, selon le ministère de la Santé de Gaza."),
    ("fr", "Le ministère de la Santé du Hamas a fait état de 35 000 morts dans la bande de Gaza."),
    ("en", "Gaza's health ministry put the number of people killed at 35,000."),
]
NO_ONE = [
    ("fr", "Même bilan : 12 civils tués."),
    ("en", "Same toll: 12 civilians killed."),
]


def articles(texts: list[tuple[str, str]], prefix: str) -> list[Article]:
    return [Article(id=f"{prefix}{i}", text=text, lang=lang, published=DAY, site=f"site{i}.example")
            for i, (lang, text) in enumerate(texts)]


def stored_claimants(store: Store) -> list[tuple[Any, ...]]:
    with store.reading() as conn:
        query = (select(claims.c.claimant, claimants.c.key, claimants.c.name, claimants.c.kind, claimants.c.country,
                        claimants.c.title, claimants.c.organisation)
                 .select_from(claims.outerjoin(claimants, claimants.c.id == claims.c.claimant_id)))
        return [tuple(row) for row in conn.execute(query)]


@pytest.fixture(scope="module")
def extraction() -> PackExtraction:
    return PackExtraction()


@pytest.mark.parametrize(("texts", "key", "name", "kind", "country"), [
    (RUDSKOY, "sergei-rudskoy", "Sergei Rudskoy", "person", "RU"),
    (GAZA, "gaza-health-ministry", "Gaza Health Ministry", "government", "PS"),
], ids=["person", "ministry"])
def test_one_source_named_five_ways_is_one_claimant_row(
    tmp_path: Path, extraction: PackExtraction, texts: list[tuple[str, str]], key: str, name: str, kind: str,
    country: str,
) -> None:
    with Store.open(tmp_path / "l.db") as store:
        summary = ingest(articles(texts, key), store, extraction=extraction, command="test")
        assert summary.ingested == 5
        rows = stored_claimants(store)
        as_written = {row[0] for row in rows}
        assert len(as_written) == 5, as_written  # five ways of writing it, each kept on its claim
        assert {row[1:5] for row in rows} == {(key, name, kind, country)}
        with store.reading() as conn:
            people = conn.execute(select(claimants.c.key).where(claimants.c.kind == kind)).scalars().all()
        assert people == [key]


def test_a_person_keeps_title_and_organisation(tmp_path: Path, extraction: PackExtraction) -> None:
    with Store.open(tmp_path / "l.db") as store:
        ingest(articles(RUDSKOY[:1], "t"), store, extraction=extraction, command="test")
        (_, key, _, _, _, title, organisation), = stored_claimants(store)
        assert (key, title, organisation) == ("sergei-rudskoy", "Colonel General",
                                              "general-staff-of-the-armed-forces-of-russia")
        with store.reading() as conn:  # the body he speaks for has its row, to join on
            body = conn.execute(select(claimants.c.name, claimants.c.kind).where(claimants.c.key == organisation)).one()
        assert tuple(body) == ("General Staff of the Armed Forces of Russia", "military")


def test_names_of_no_one_are_no_claimants(tmp_path: Path, extraction: PackExtraction) -> None:
    with Store.open(tmp_path / "l.db") as store:
        ingest(articles(NO_ONE, "n"), store, extraction=extraction, command="test")
        store.add(Article(id="m", text="Maire : 40 soldats tués.", lang="fr", published=DAY),
                  [Claim(start=8, end=18, quote="40 soldats", value=40, counted="soldier", event="killed",
                         claimant="Maire")])
        rows = stored_claimants(store)
        # the text's words stay on the claim; no claimant row stands for them
        assert {row[0] for row in rows} == {"Même bilan", "Same toll", "Maire"}
        assert {row[1:] for row in rows} == {(None,) * 6}
        assert store.counts()["claimants"] == 0


# -- the registry --------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "Health ministry in Hamas-run Gaza", "Gaza Health Ministry", "le ministère de la Santé de Gaza",
    "the Hamas-run health ministry", "Ministère de la Santé de Gaza",
])
def test_gaza_health_ministry(written: str) -> None:
    info = resolve(written)
    assert info is not None and (info.key, info.kind, info.country, info.party) == (
        "gaza-health-ministry", "government", "PS", "state:PS")


@pytest.mark.parametrize("written", [
    "Colonel General Sergei Rudskoy", "Général Sergueï Roudskoï", "le colonel général Sergueï Roudskoï",
    "Sergey Rudskoy", "Roudskoï",
])
def test_rudskoy_is_one_person_in_every_spelling(written: str) -> None:
    info = resolve(written)
    assert info is not None and (info.key, info.kind, info.country) == ("sergei-rudskoy", "person", "RU")
    assert info.label == "Colonel General Sergei Rudskoy"
    assert info.party == "state:RU"  # he speaks for the General Staff: one announcement with it


@pytest.mark.parametrize("written", ["Maire", "Même bilan", "Same toll", "le porte-parole", "gouverneur",
                                     "un responsable local", "the latest toll", "  ", None])
def test_names_of_no_one(written: str | None) -> None:
    assert resolve(written) is None


@pytest.mark.parametrize(("a", "b"), [
    ("Choïgou", "Shoigu"), ("Pachinian", "Nikol Pashinyan"), ("Bachar el-Assad", "Bashar al-Assad"),
    ("Valeri Guerassimov", "General Valery Gerasimov"), ("Zelenski", "Volodymyr Zelenskyy"),
    ("l'OMS", "the World Health Organisation"), ("le CICR", "ICRC"), ("OSDH", "the Britain-based Syrian Observatory"),
    ("Médecins sans frontières", "Doctors Without Borders"), ("l'ONU", "the UN"),
])
def test_languages_and_transliterations_meet(a: str, b: str) -> None:
    first, second = resolve(a), resolve(b)
    assert first is not None and second is not None and first.key == second.key


def test_unknown_claimants_keep_their_text_under_a_stable_key() -> None:
    titled, plain, french = resolve("Colonel General Ivan Petrov"), resolve("Ivan Petrov"), resolve("Général Ivan Petrov")
    assert titled is not None and plain is not None and french is not None
    assert titled.key == plain.key == french.key == "ivan-petrov"  # titles are left out of the key…
    assert (titled.label, french.label, titled.kind) == ("Colonel General Ivan Petrov", "Général Ivan Petrov", "person")
    body = resolve("l'administration militaire régionale de Kherson")
    assert body is not None and body.name == "Administration militaire régionale de Kherson"
    assert body.key == resolve("L’administration militaire régionale de Kherson").key  # type: ignore[union-attr]
    assert (body.kind, body.country) == ("military", None)
    assert resolve("un responsable ukrainien").country == "UA"  # type: ignore[union-attr]


def test_a_named_speaker_with_an_organisation_is_that_person() -> None:
    info = resolve("Igor Konashenkov, spokesman for the Russian Defence Ministry")
    assert info is not None and (info.key, info.kind, info.country) == ("igor-konashenkov", "person", "RU")
    assert info.organisation is not None and info.organisation.key == "ministry-of-defence-of-russia"
    unknown = resolve("le porte-parole de l'armée de l'air ukrainienne, Ivan Petrov")
    assert unknown is not None and (unknown.key, unknown.kind, unknown.country) == ("ivan-petrov", "person", "UA")
    assert unknown.organisation is not None and unknown.organisation.key == "ukrainian-air-force"
    office = resolve("bureau de Benjamin Netanyahou")  # the person inside a body's name is not the speaker
    assert office is not None and office.key == "israeli-prime-minister-s-office"
    org = resolve("Ukrainian Navy")  # capitalised words that name a body are no person
    assert org is not None and (org.kind, org.country) == ("military", "UA")


def test_acronyms_keep_their_case() -> None:
    assert resolve("UN") is not None and resolve("UN").key == "united-nations"  # type: ignore[union-attr]
    assert known("un responsable") is None  # the French article


def _registry() -> dict[str, Any]:
    raw = resources.files("decompte").joinpath("data/claimants.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def test_registry_entries_are_well_formed() -> None:
    data = _registry()
    entities = data["entities"]
    keys = [e["key"] for e in entities]
    assert len(keys) == len(set(keys))
    assert set(data["kind_labels"]) == set(KINDS)
    for e in entities:
        assert e["key"] == slug(e["key"]) and e["kind"] in KINDS, e
        assert e["country"] is None or re.fullmatch(r"[A-Z]{2}", e["country"]), e
        assert e.get("organisation") is None or e["organisation"] in keys, e
        assert e["aliases"] and len(set(e["aliases"])) == len(e["aliases"]), e


def test_every_alias_resolves_to_its_entity() -> None:
    wrong = []
    for e in _registry()["entities"]:
        for alias in [e["name"], *e["aliases"]]:
            info = known(alias)
            if info is None or info.key != e["key"]:
                wrong.append((alias, e["key"], info.key if info else None))
    assert wrong == []


def test_registry_covers_every_party_of_every_war_the_packs_know() -> None:
    raw = resources.files("decompte").joinpath("extract/data/common/conflicts.yaml").read_text(encoding="utf-8")
    parties = {p for conflict in yaml.safe_load(raw) for p in conflict["parties"]}
    by_country: dict[str | None, set[str]] = {}
    for e in _registry()["entities"]:
        by_country.setdefault(e["country"], set()).add(e["kind"])
    missing = {p for p in parties if not by_country.get(p, set()) & {"government", "military"}}
    assert missing == set()
    international = by_country[None]
    assert {"un", "ngo", "intergovernmental"} <= international
    for name in ("OCHA", "OHCHR", "UNHCR", "UNICEF", "WHO", "IOM", "MSF", "ICRC", "HRW", "Amnesty International",
                 "SOHR", "ACLED", "Airwars"):
        assert known(name) is not None, name


def test_the_index_is_built_once() -> None:
    assert default_index() is default_index()


# -- stored ledgers --------------------------------------------------------------------------

def test_migration_0006_merges_the_rows_of_one_entity(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create(db)
    try:
        with engine.begin() as conn:  # a ledger as revision 0003 wrote it: one row per spelling
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
            now = datetime(2024, 1, 1)
            conn.exec_driver_sql("INSERT INTO documents (id, doc_key, text, content_hash, status, n_claims, ingested_at,"
                                 " site, published) VALUES (1, 'a', 'x', 'h1', 'extracted', 3, ?, 'a.example', "
                                 "'2024-01-01')", (now,))
            for cid, key, name, kind, party in [
                (1, "gaza health ministry", "Gaza Health Ministry", "government", "state:PS"),
                (2, "health ministry in hamas-run gaza", "Health ministry in Hamas-run Gaza", "government", "state:PS"),
                (3, "maire", "Maire", "government", "claimant:maire"),
                (4, "united nations", "United Nations", "international_organisation", "claimant:united nations"),
            ]:
                conn.exec_driver_sql("INSERT INTO claimants (id, key, name, kind, party) VALUES (?, ?, ?, ?, ?)",
                                     (cid, key, name, kind, party))
            for fid, claimant, party in [(1, 1, "state:PS"), (2, 2, "state:PS"), (3, 3, "claimant:maire"),
                                         (4, 4, "claimant:united nations")]:
                conn.exec_driver_sql(
                    "INSERT INTO figures (id, key, metric, value, qualifier, claimant_id, party, as_of, citations, "
                    "outlets) VALUES (?, ?, 'PS/civilian/killed', ?, 'exact', ?, ?, '2024-01-01', 1, 1)",
                    (fid, f"PS/civilian/killed|{100 * fid}||{party}|2024-01-01", 100 * fid, claimant, party))
                conn.exec_driver_sql(
                    "INSERT INTO claims (document_id, figure_id, claimant_id, start_offset, end_offset, quote, value, "
                    "qualifier, counted, event, metric, sentence, confidence) VALUES (1, ?, ?, 0, 1, 'x', ?, 'exact', "
                    "'civilian', 'killed', 'PS/civilian/killed', '', 1.0)", (fid, claimant, 100 * fid))
    finally:
        engine.dispose()
    Store.open(db).close()
    plain = sqlite3.connect(db)
    try:
        rows = plain.execute("SELECT id, key, kind FROM claimants ORDER BY id").fetchall()
        assert rows == [(1, "gaza-health-ministry", "government"), (4, "united-nations", "un")]
        assert plain.execute("SELECT claimant_id FROM claims ORDER BY id").fetchall() == [(1,), (1,), (None,), (4,)]
        parties = plain.execute("SELECT party FROM figures ORDER BY id").fetchall()
        assert parties == [("state:PS",), ("state:PS",), ("site:a.example",), ("claimant:united-nations",)]
    finally:
        plain.close()
