"""Citations → reported figures (the rule in docs/ledger.md), and the queries over them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from decompte.ledger import Store, citations, latest_values, timeline
from decompte.claimants import resolve
from decompte.model import Article, Claim


def doc(n: int, site: str, published: date, text: str | None = None) -> Article:
    return Article(id=f"d{n}", text=text or f"article {n} de {site} du {published}", lang="fr",
                   published=published, site=site)


def soldiers(value: float, claimant: str | None, *, qualifier: str = "more_than", period_end: date | None = None,
             side: str = "RU", high: float | None = None) -> Claim:
    return Claim(start=0, end=10, quote=f"{value} soldats", value=value, qualifier=qualifier, high=high,
                 counted="soldier", event="killed", side=side, claimant=claimant, period_end=period_end)


def test_claimant_normalisation() -> None:
    staff = resolve("l’état-major général des forces armées ukrainiennes")
    assert staff is not None and (staff.name, staff.kind, staff.country) == (
        "General Staff of the Armed Forces of Ukraine", "military", "UA")
    assert resolve("Kiev").party == resolve("le commandement militaire ukrainien").party == "state:UA"  # type: ignore[union-attr]
    assert resolve("le dernier décompte de l’ONU").name == "United Nations"  # type: ignore[union-attr]
    # "un" is a French article, not the United Nations; unknown names are kept (without it), kind guessed.
    other = resolve("un responsable ukrainien")
    assert other is not None and other.name == "Responsable ukrainien" and other.country == "UA"
    assert resolve("Oleh Syniehubov").kind == "person"  # type: ignore[union-attr]
    assert resolve("  ") is None and resolve(None) is None


def test_same_figure_from_many_outlets_is_one_figure_with_every_citation(db_path: Path) -> None:
    day = date(2022, 3, 19)
    with Store.open(db_path) as store:
        store.add(doc(1, "veilleur.example", day), [soldiers(14400, "l'état-major ukrainien")], extractor_version="t")
        store.add(doc(2, "evening.example", day), [soldiers(14400, "Ukraine", qualifier="about")], extractor_version="t")
        store.add(doc(3, "gazette.example", date(2022, 3, 20)),
                  [soldiers(14400, "Kyiv", period_end=day)], extractor_version="t")
        points = timeline(store, "RU/soldier/killed")
        assert len(points) == 1
        point = points[0]
        assert (point.value, point.as_of, point.citations) == (14400, day, 3)
        assert point.qualifier == "more_than"  # the first citation's
        assert (point.outlets, point.first_published) == (3, day)
        assert [c["site"] for c in citations(store, point.figure_id)] == [
            "veilleur.example", "evening.example", "gazette.example"]
        assert {c["qualifier"] for c in citations(store, point.figure_id)} == {"more_than", "about"}


def test_what_keeps_figures_apart(db_path: Path) -> None:
    day = date(2022, 3, 19)
    with Store.open(db_path) as store:
        store.add(doc(1, "a.example", day), [
            soldiers(14400, "Ukraine"),
            soldiers(14400, "Ukraine", period_end=date(2022, 3, 18)),  # another date
            soldiers(14000, "Ukraine"),  # another value
            soldiers(14400, "ministère russe de la Défense"),  # another party
            soldiers(14400, "Ukraine", side="UA"),  # another metric
            soldiers(10, "Ukraine", qualifier="range", high=20),
            soldiers(10, "Ukraine", qualifier="range", high=30),  # another range
        ], extractor_version="t")
        assert store.counts()["figures"] == 7


def test_unattributed_figures_belong_to_their_outlet_and_undated_ones_to_their_document(db_path: Path) -> None:
    day = date(2022, 3, 19)
    with Store.open(db_path) as store:
        store.add(doc(1, "a.example", day), [soldiers(300, None)], extractor_version="t")
        store.add(doc(2, "a.example", day, text="second article of a"), [soldiers(300, None)], extractor_version="t")
        store.add(doc(3, "b.example", day), [soldiers(300, None)], extractor_version="t")
        undated = [Article(id=f"u{i}", text=f"undated {i}", site="c.example") for i in range(2)]
        for a in undated:
            store.add(a, [soldiers(300, "Ukraine")], extractor_version="t")
        points = sorted((p.claimant, str(p.as_of), p.citations) for p in timeline(store, "RU/soldier/killed"))
        assert points == [("Ukraine", "None", 1), ("Ukraine", "None", 1),
                          ("a.example", "2022-03-19", 2), ("b.example", "2022-03-19", 1)]
        assert len(timeline(store, "RU/soldier/killed")) == 4


def test_timeline_filters_and_latest_values(db_path: Path) -> None:
    with Store.open(db_path) as store:
        for n, (value, day, who) in enumerate([
            (9000, date(2022, 3, 10), "état-major ukrainien"),
            (14400, date(2022, 3, 19), "Kiev"),
            (14700, date(2022, 3, 20), "Ukrainian General Staff"),
            (498, date(2022, 3, 2), "ministère russe de la Défense"),
            (1351, date(2022, 3, 25), "Russian Defence Ministry"),
        ]):
            store.add(doc(n, "x.example", day), [soldiers(value, who, qualifier="exact")], extractor_version="t")
        all_points = timeline(store, "RU/soldier/killed")
        assert [p.value for p in all_points] == [498, 9000, 14400, 14700, 1351]
        ukraine = timeline(store, "RU/soldier/killed", claimant="Ukraine")
        assert [p.value for p in ukraine] == [9000, 14400, 14700]
        assert [p.value for p in timeline(store, "RU/soldier/killed", claimant="Russia")] == [498, 1351]
        window = timeline(store, "RU/soldier/killed", since=date(2022, 3, 11), until=date(2022, 3, 20))
        assert [p.value for p in window] == [14400, 14700]
        latest = {(r.metric, r.claimant): (r.value, r.figures) for r in latest_values(store)}
        assert latest[("RU/soldier/killed", "General Staff of the Armed Forces of Ukraine")] == (14700, 3)
        assert latest[("RU/soldier/killed", "Ministry of Defence of Russia")] == (1351, 2)
        assert len(latest) == 2
