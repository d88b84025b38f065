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


# -- issue 11: phrases that look like qualifiers, ranges in every spelling, fractions, dozens ------------

@pytest.mark.parametrize(
    ("sentence", "lang", "quote", "qualifier", "value", "low", "high"),
    [
        # « en plus de » adds a figure to another: it does not say "more than"
        ("En plus de 300 morts, l'attaque a fait 200 blessés.", "fr", "300 morts", "exact", 300, 300, 300),
        ("Le bombardement a fait 40 morts, en plus de 300 blessés.", "fr", "300 blessés", "exact", 300, 300, 300),
        ("The army handed over 300 prisoners to the Red Cross.", "en", "300 prisoners", "exact", 300, 300, 300),
        ("Over 300 prisoners were released.", "en", "Over 300 prisoners", "more_than", 300, 300, None),
        # ranges: hyphen, en dash, "to", « à », « entre … et »
        ("12,000-14,500 people fled the city.", "en", "12,000-14,500 people", "range", 12000, 12000, 14500),
        ("12,000–14,500 people fled the city.", "en", "12,000–14,500 people", "range", 12000, 12000, 14500),
        ("Some 12,000 to 14,500 people fled the city.", "en", "Some 12,000 to 14,500 people", "range", 12000, 12000, 14500),
        ("12 000 à 14 500 personnes ont fui la ville.", "fr", "12 000 à 14 500 personnes", "range", 12000, 12000, 14500),
        ("12 000–14 500 personnes ont fui la ville.", "fr", "12 000–14 500 personnes", "range", 12000, 12000, 14500),
        ("Les 2 000-3 000 soldats ont été tués.", "fr", "2 000-3 000 soldats", "range", 2000, 2000, 3000),
        ("Entre 12 000 et 14 500 personnes ont fui la ville.", "fr", "Entre 12 000 et 14 500 personnes", "range", 12000, 12000, 14500),
        # a fraction of a scale
        ("Un million et demi de personnes ont fui le pays.", "fr", "Un million et demi de personnes", "exact", 1_500_000, 1_500_000, 1_500_000),
        ("Deux millions et demi de réfugiés ont quitté le pays.", "fr", "Deux millions et demi de réfugiés", "exact", 2_500_000, 2_500_000, 2_500_000),
        ("One and a half million people have fled the country.", "en", "One and a half million people", "exact", 1_500_000, 1_500_000, 1_500_000),
        ("A million and a half refugees have left the country.", "en", "A million and a half refugees", "exact", 1_500_000, 1_500_000, 1_500_000),
        ("1.5 million people have fled the country.", "en", "1.5 million people", "exact", 1_500_000, 1_500_000, 1_500_000),
        # "a dozen", « une dizaine »: about 12, about 10 (GUIDELINES.md); plurals are vague
        ("A dozen soldiers were killed.", "en", "A dozen soldiers", "about", 12, None, None),
        ("Une dizaine de soldats ont été tués.", "fr", "Une dizaine de soldats", "about", 10, None, None),
        ("More than a dozen soldiers were killed.", "en", "More than a dozen soldiers", "more_than", 12, 12, None),
        ("Plus d'une dizaine de civils ont été tués.", "fr", "Plus d'une dizaine de civils", "more_than", 10, 10, None),
        ("Dozens of soldiers were killed.", "en", "Dozens of soldiers", "vague", 12, 12, None),
        ("Des dizaines de civils ont été tués.", "fr", "Des dizaines de civils", "vague", 10, 10, None),
        # a mark a toll passes or nears: the verb over the mark is the qualifier, the mark counts nothing
        ("Au Darfour, la barre des 1 200 morts a été franchie cette semaine.", "fr", "1 200 morts", "more_than", 1200, 1200, None),
        ("Le nombre de déplacés a dépassé le cap des 2 millions.", "fr", "2 millions", "more_than", 2_000_000, 2_000_000, None),
        ("Sudan's death toll crossed the 1,200 mark on Sunday.", "en", "crossed the 1,200 mark", "more_than", 1200, 1200, None),
        ("Refugee numbers topped the 3 million mark in March.", "en", "topped the 3 million mark", "more_than", 3_000_000, 3_000_000, None),
        ("The toll reached the 500 mark, medics said.", "en", "500 mark", "exact", 500, 500, 500),
        # only a qualifier before its number spreads over a list; one written after stays on its noun
        ("Vingt personnes au moins ont été tuées et neuf autres blessées à Gao.", "fr", "neuf", "exact", 9, 9, 9),
        ("Au moins vingt personnes ont été tuées et neuf autres blessées à Gao.", "fr", "neuf", "at_least", 9, 9, None),
        ("Twenty people at least were killed and nine others wounded in Gao.", "en", "nine", "exact", 9, 9, 9),
        ("At least twenty people were killed and nine others wounded in Gao.", "en", "nine", "at_least", 9, 9, None),
        # "as high as" caps an estimate; "nearer" places it about a figure
        ("Researchers put the toll as high as 90,000 people.", "en", "as high as 90,000 people", "at_most", 90000, None, 90000),
        ("Analysts said the army had lost nearer 1,500 tanks.", "en", "nearer 1,500 tanks", "about", 1500, None, None),
    ],
)
def test_qualifier_kinds_of_issue_11(sentence: str, lang: str, quote: str, qualifier: str, value: float,
                                     low: float | None, high: float | None) -> None:
    by_quote = {c.quote: c for c in claims_of(sentence, lang)}
    assert quote in by_quote, list(by_quote)
    claim = by_quote[quote]
    assert (claim.qualifier, claim.value, claim.low, claim.high) == (qualifier, value, low, high)
    assert sentence[claim.start:claim.end] == claim.quote


def test_the_second_number_of_a_dashed_range_is_not_a_claim() -> None:
    assert [(c.value, c.high) for c in claims_of("Selon l'ONU, 12 000-14 500 civils ont fui la ville.")] == [(12000, 14500)]


def test_patterns_are_built_once_per_pack() -> None:
    from decompte.extract.packs import load_pack
    from decompte.extract.qualifiers import patterns

    pack = load_pack("fr")
    assert patterns(pack) is patterns(pack)
    assert any(q == "exact" for _, q in patterns(pack).before)  # « en plus de » is listed, as no qualifier
