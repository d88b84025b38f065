"""The alert rules that compare a new entry's figures with the ledger's: contest, revision down, jump.

Each test fills a SQLite ledger through ``Store.add`` with claims built by hand from
dispatches written for these tests (French and English, March 2022; the figures are
illustrations, not reported facts), then gives a rule the ``NewItem`` the watcher would
build for the next entry: its claims checked, the ledger as it was before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from decompte.ledger import Store
from decompte.model import Article, Claim
from decompte.settings import JUMP_FACTOR
from decompte.verify import Registry
from decompte.verify.revisions import max_daily_increase, revisions
from decompte.verify.run import verify_claims
from decompte.watch import (
    DEFAULT_RULES, NewItem, alerts_for, contested_figures, jumping_figures, revised_down_figures,
)

METRIC = "RU/soldier/killed"
INVASION = date(2022, 2, 24)


@dataclass(frozen=True)
class Dispatch:
    """One article holding one figure of Russian soldiers killed, attributed to ``claimant``."""

    site: str
    published: date
    lang: str
    text: str
    quote: str
    value: float
    claimant: str
    qualifier: str = "exact"
    period_start: date | None = INVASION

    def article(self) -> Article:
        return Article(id=f"{self.site}/{self.published}", text=self.text, lang=self.lang, published=self.published,
                       site=self.site, url=f"https://{self.site}/{self.published.isoformat()}")

    def claims(self) -> list[Claim]:
        start = self.text.index(self.quote)
        return [Claim(start=start, end=start + len(self.quote), quote=self.quote, value=self.value,
                      qualifier=self.qualifier, counted="soldier", event="killed", side="RU",
                      claimant=self.claimant, period_start=self.period_start, sentence=self.text, lang=self.lang)]


KYIV_14400 = Dispatch(
    "le-guetteur.example", date(2022, 3, 19), "fr",
    "D'après l'état-major ukrainien, 14 400 militaires russes ont perdu la vie depuis le 24 février.",
    "14 400 militaires russes", 14400, "l'état-major ukrainien")
MOSCOW_1351 = Dispatch(
    "steppe-wire.example", date(2022, 3, 21), "en",
    "Russia's defence ministry put its own dead at 1,351 Russian soldiers since the operation began.",
    "1,351 Russian soldiers", 1351, "Russia's defence ministry", period_start=None)
MOSCOW_1351_LATE = Dispatch(
    "la-gazette-du-soir.example", date(2022, 3, 25), "fr",
    "Le ministère russe de la Défense s'en tient à 1 351 soldats russes tués depuis le début de l'opération.",
    "1 351 soldats russes", 1351, "le ministère russe de la Défense")
LONDON_MORE_THAN_14000 = Dispatch(
    "river-desk.example", date(2022, 3, 20), "en",
    "British military intelligence estimated that more than 14,000 Russian soldiers had died since the invasion.",
    "more than 14,000 Russian soldiers", 14000, "British military intelligence", qualifier="more_than")
KYIV_13000 = Dispatch(
    "kyiv-ledger.example", date(2022, 3, 22), "en",
    "Ukraine's General Staff now says 13,000 Russian soldiers have been killed since the invasion began.",
    "13,000 Russian soldiers", 13000, "Ukraine's General Staff")
KYIV_40000 = Dispatch(
    "le-guetteur.example", date(2022, 3, 20), "fr",
    "L'état-major ukrainien avance désormais 40 000 soldats russes tués depuis le début de l'invasion.",
    "40 000 soldats russes", 40000, "l'état-major ukrainien")
KYIV_15000 = Dispatch(
    "kyiv-ledger.example", date(2022, 3, 21), "en",
    "Ukraine's General Staff raised its count to 15,000 Russian soldiers killed since the invasion began.",
    "15,000 Russian soldiers", 15000, "Ukraine's General Staff")
KYIV_DAILY_200 = Dispatch(
    "le-guetteur.example", date(2022, 3, 20), "fr",
    "Selon l'état-major ukrainien, 200 soldats russes ont été tués au cours de la seule journée d'hier.",
    "200 soldats russes", 200, "l'état-major ukrainien", period_start=date(2022, 3, 19))


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


def ledger(path: Path, *stored: Dispatch) -> Store:
    store = Store.open(path)
    for dispatch in stored:
        store.add(dispatch.article(), dispatch.claims())
    return store


def new_item(store: Store, dispatch: Dispatch, registry: Registry | None) -> NewItem:
    article = dispatch.article()
    reference = registry or Registry.default()
    checked = verify_claims(dispatch.claims(), article.published, reference)
    return NewItem("https://fil.example/rss", article, checked, frozenset({METRIC}), store=store, registry=registry)


def test_a_figure_of_another_party_within_the_lag_is_a_contest(tmp_path: Path, registry: Registry) -> None:
    with ledger(tmp_path / "l.db", KYIV_14400) as store:
        found = list(contested_figures(new_item(store, MOSCOW_1351, registry)))
    assert [a.kind for a in found] == ["contest"]
    alert = found[0]
    earlier = alert.details["earlier"]
    assert (earlier["value"], earlier["as_of"], earlier["url"]) == (
        14400, date(2022, 3, 19), "https://le-guetteur.example/2022-03-19")
    assert earlier["claimant"] == "General Staff of the Armed Forces of Ukraine" and earlier["claim_id"] >= 1
    assert earlier["quote"] == "14 400 militaires russes"
    assert alert.claim["quote"] == "1,351 Russian soldiers" and alert.details["party"] == "state:RU"
    assert f"(claim {earlier['claim_id']}, https://le-guetteur.example/2022-03-19)" in alert.message


def test_compatible_bounds_distant_dates_and_one_party_are_no_contest(tmp_path: Path, registry: Registry) -> None:
    with ledger(tmp_path / "l.db", KYIV_14400, LONDON_MORE_THAN_14000) as store:
        # "more than 14 000" allows 14 400: London and Kyiv agree.
        assert list(contested_figures(new_item(store, LONDON_MORE_THAN_14000, registry))) == []
        # Moscow's figure of the 25th is six days after Kyiv's, five after London's: past the lag.
        assert list(contested_figures(new_item(store, MOSCOW_1351_LATE, registry))) == []
        # Kyiv's own lower figure is a revision, never a contest with itself; it does contest
        # London's "more than 14 000", alone.
        lower = list(contested_figures(new_item(store, KYIV_13000, registry)))
    assert [a.details["earlier"]["claimant"] for a in lower] == ["UK Ministry of Defence"]


def test_a_lower_total_of_the_same_party_is_a_revision_down(tmp_path: Path, registry: Registry) -> None:
    with ledger(tmp_path / "l.db", KYIV_14400) as store:
        item = new_item(store, KYIV_13000, registry)
        found = list(revised_down_figures(item))
        assert list(jumping_figures(item)) == []
        store.add(KYIV_13000.article(), KYIV_13000.claims())
        stored_flags = revisions(store, registry, metric=METRIC)
    assert [a.kind for a in found] == ["revision_down"]
    earlier = found[0].details["earlier"]
    assert (earlier["value"], earlier["as_of"], earlier["url"]) == (
        14400, date(2022, 3, 19), "https://le-guetteur.example/2022-03-19")
    assert found[0].details["days"] == 3 and found[0].message.startswith("« 13,000 Russian soldiers »")
    # Once stored, the ledger's own revisions flag the same pair: one rule, not two.
    assert [(r.kind, r.earlier.claim_id) for r in stored_flags] == [("revision_down", earlier["claim_id"])]


def test_a_revision_is_measured_from_the_previous_date_only(tmp_path: Path, registry: Registry) -> None:
    # 14 400 on the 19th, 15 000 on the 21st: 14 700 on the 22nd is below the latest, not the first.
    kyiv_14700 = Dispatch(
        "le-guetteur.example", date(2022, 3, 22), "fr",
        "L'état-major ukrainien ne compte plus que 14 700 soldats russes tués depuis l'invasion.",
        "14 700 soldats russes", 14700, "l'état-major ukrainien")
    with ledger(tmp_path / "l.db", KYIV_14400, KYIV_15000) as store:
        found = list(revised_down_figures(new_item(store, kyiv_14700, registry)))
    assert [(a.details["earlier"]["value"], a.details["earlier"]["as_of"]) for a in found] == [
        (15000, date(2022, 3, 21))]


def test_a_rise_beyond_the_reference_pace_is_a_jump(tmp_path: Path, registry: Registry) -> None:
    rate = max_daily_increase(registry, METRIC)
    assert rate is not None and 40000 - 14400 > rate.per_day * JUMP_FACTOR
    with ledger(tmp_path / "l.db", KYIV_14400) as store:
        found = list(jumping_figures(new_item(store, KYIV_40000, registry)))
        assert list(revised_down_figures(new_item(store, KYIV_40000, registry))) == []
        without_series = list(jumping_figures(new_item(store, KYIV_40000, None)))
    assert [a.kind for a in found] == ["jump"] and without_series == []
    details = found[0].details
    assert details["min_increase"] == 40000 - 14400
    assert details["allowed"] == pytest.approx(rate.per_day * 1 * JUMP_FACTOR)
    assert details["series"] == rate.series
    assert (details["earlier"]["value"], details["earlier"]["as_of"]) == (14400, date(2022, 3, 19))
    assert details["earlier"]["url"] == "https://le-guetteur.example/2022-03-19"


def test_a_plausible_rise_and_a_daily_count_raise_nothing(tmp_path: Path, registry: Registry) -> None:
    # 14 400 → 15 000 in two days is the war's pace; "200 yesterday" counts from its own start,
    # so it is no total revised down from 14 400, and London's "more than 14 000" fits both.
    with ledger(tmp_path / "l.db", KYIV_14400, LONDON_MORE_THAN_14000) as store:
        for dispatch in (KYIV_15000, KYIV_DAILY_200):
            kinds = [a["kind"] for a in alerts_for(new_item(store, dispatch, registry), DEFAULT_RULES)]
            assert not {"contest", "revision_down", "jump"} & set(kinds), (dispatch.quote, kinds)


def test_only_figures_already_in_the_ledger_are_compared(tmp_path: Path, registry: Registry) -> None:
    # Kyiv's 14 400 and Moscow's 1 351 in one entry: neither is in the ledger yet.
    both = Dispatch(
        "double-page.example", date(2022, 3, 21), "en",
        "Ukraine's General Staff counts 14,400 Russian soldiers killed; Russia's defence ministry says 1,351.",
        "14,400 Russian soldiers", 14400, "Ukraine's General Staff")
    article = both.article()
    start = both.text.index("1,351")
    moscow = Claim(start=start, end=start + 5, quote="1,351", value=1351, counted="soldier", event="killed",
                   side="RU", claimant="Russia's defence ministry", period_start=INVASION, lang="en")
    checked = verify_claims([*both.claims(), moscow], article.published, registry)
    with ledger(tmp_path / "l.db") as store:
        item = NewItem("https://fil.example/rss", article, checked, frozenset({METRIC}), store=store,
                       registry=registry)
        assert list(contested_figures(item)) == []
    assert list(contested_figures(NewItem("feed", article, checked, frozenset(), store=None))) == []
