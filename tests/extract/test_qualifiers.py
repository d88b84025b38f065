"""Qualifiers and bounds, read in whole sentences so the parse and the lists around them count."""

from __future__ import annotations

from datetime import date

import pytest

from decompte.extract import extract_claims


def claims_of(text: str, lang: str = "fr"):  # type: ignore[no-untyped-def]
    return extract_claims(text, lang=lang, published=date(2022, 3, 19))


@pytest.mark.parametrize(
    ("sentence", "qualifier", "value", "low", "high"),
    [
        ("Plus de 450 chars ont été détruits.", "more_than", 450, 450, None),
        ("Au moins 40 personnes ont été tuées.", "at_least", 40, 40, None),
        ("Environ 11 000 personnes ont manifesté à Francfort.", "about", 11000, None, None),
        ("Près de 15 000 manifestants ont défilé à Paris.", "nearly", 15000, None, 15000),
        ("Quelque 100 000 personnes s'étaient rassemblées à Berlin.", "about", 100000, None, None),
        ("Moins de 300 soldats sont restés sur place.", "less_than", 300, None, 300),
        ("Jusqu'à 1 000 réfugiés sont arrivés chaque jour.", "at_most", 1000, None, 1000),
        ("Entre 20 000 et 30 000 manifestants ont défilé.", "range", 20000, 20000, 30000),
        ("De 2 000 à 3 000 réfugiés arrivent chaque jour.", "range", 2000, 2000, 3000),
        ("Pas moins de 200 soldats ont été déployés.", "at_least", 200, 200, None),
        ("Plus d'un millier de civils ont été évacués.", "more_than", 1000, 1000, None),
        ("Des milliers de personnes ont manifesté.", "vague", 1000, 1000, None),
        ("Il a estimé que 50 soldats ukrainiens environ meurent chaque jour.", "about", 50, None, None),
        ("More than 450 tanks were destroyed.", "more_than", 450, 450, None),
        ("At least 816 civilians were killed.", "at_least", 816, 816, None),
        ("Up to 190,000 troops are massed near the border.", "at_most", 190000, None, 190000),
        ("Between 169,000 and 190,000 personnel are deployed.", "range", 169000, 169000, 190000),
        ("Around 300,000 people marched in London.", "about", 300000, None, None),
        ("Nearly 10,000 people fled the town.", "nearly", 10000, None, 10000),
    ],
)
def test_qualifier_and_bounds(sentence: str, qualifier: str, value: float, low: float | None, high: float | None) -> None:
    lang = "en" if sentence[0].isupper() and sentence.split()[0] in ("More", "At", "Up", "Between", "Around", "Nearly") else "fr"
    claims = claims_of(sentence, lang)
    assert len(claims) == 1, claims
    claim = claims[0]
    assert (claim.qualifier, claim.value, claim.low, claim.high) == (qualifier, value, low, high)
    assert sentence[claim.start:claim.end] == claim.quote


def test_qualifier_distributes_over_a_coordination() -> None:
    claims = claims_of("La Russie a perdu plus de 450 chars et 1 450 véhicules blindés.")
    assert [(c.value, c.qualifier) for c in claims] == [(450, "more_than"), (1450, "more_than")]


def test_range_second_number_is_not_a_claim_of_its_own() -> None:
    claims = claims_of("Selon la police, ils étaient entre 20 000 et 30 000 manifestants.")
    assert [(c.value, c.high) for c in claims] == [(20000, 30000)]


def test_range_of_ages_is_not_a_claim() -> None:
    assert claims_of("Les hommes âgés de 18 à 60 ans ne peuvent pas quitter le pays.") == []
