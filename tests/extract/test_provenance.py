"""Where a figure comes from: attributed, unsourced, derived or relayed (``decompte.extract.provenance``).

Each example is a sentence written for Décompte, the words of the figure it is about, and
what its provenance must be, with the strategy that must decide it: a right answer for the
wrong reason fails too.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from decompte.extract import extract_claims
from decompte.extract.attribution import ClaimantFinder
from decompte.extract.packs import load_pack
from decompte.extract.provenance import ProvenanceResolver
from decompte.model import PROVENANCES, Claim


class Example(NamedTuple):
    lang: str
    text: str
    quote: str                 # the start of the figure's quote
    provenance: str
    strategy: str
    words: str = ""            # words the evidence must hold
    claimant: str | None = None
    relay: str | None = None


ATTRIBUTED = [
    Example("fr", "Selon le ministère ukrainien de la Défense, 320 soldats russes ont été tués dans la nuit.",
            "320 soldats", "attributed", "named_claimant", "ministère ukrainien", "le ministère ukrainien de la Défense"),
    Example("fr", "L'armée israélienne a affirmé avoir tué 45 combattants du Hamas.",
            "45 combattants", "attributed", "named_claimant", "armée israélienne", "L'armée israélienne"),
    Example("fr", "« Nous avons recensé 18 morts », a déclaré le gouverneur de la région.",
            "18 morts", "attributed", "named_claimant", "gouverneur", "le gouverneur de la région"),
    Example("fr", "Le HCR a enregistré plus de 2 000 réfugiés à la frontière.",
            "plus de 2 000", "attributed", "named_claimant", "HCR", "Le HCR"),
    # a claimant speaking to an outlet is not relayed by it
    Example("fr", "Le maire a déclaré à l'AFP que 12 personnes avaient été tuées.",
            "12 personnes", "attributed", "named_claimant", "maire", "Le maire"),
    Example("en", "The health ministry said 52 people were killed in the strike.",
            "52 people", "attributed", "named_claimant", "health ministry", "The health ministry"),
    Example("en", "According to the UN, more than 3,000 civilians have fled the city.",
            "more than 3,000", "attributed", "named_claimant", "UN", "the UN"),
    Example("en", "Ukraine's general staff reported that 640 Russian soldiers were killed on Tuesday.",
            "640 Russian", "attributed", "named_claimant", "general staff", "Ukraine's general staff"),
    Example("en", "The mayor told Reuters that 12 people were killed.",
            "12 people", "attributed", "named_claimant", "mayor", "The mayor"),
]

UNSOURCED = [
    Example("fr", "Au moins 30 personnes ont été tuées dans le bombardement du marché.",
            "Au moins 30", "unsourced", "no_source"),
    Example("fr", "Quelque 500 familles ont fui le village.", "Quelque 500", "unsourced", "no_source"),
    Example("fr", "Plus de 12 chars ont été détruits près de Bakhmout.", "Plus de 12", "unsourced", "no_source"),
    Example("fr", "Des frappes ont fait 8 morts dans le nord de Gaza.", "8 morts", "unsourced", "no_source"),
    Example("en", "At least 30 people were killed in the shelling.", "At least 30", "unsourced", "no_source"),
    Example("en", "More than 200 houses were destroyed in the attack.", "More than 200", "unsourced", "no_source"),
    Example("en", "Some 5,000 people fled the town overnight.", "Some 5,000", "unsourced", "no_source"),
    Example("en", "14 drones were shot down over the capital.", "14 drones", "unsourced", "no_source"),
]

DERIVED = [
    Example("fr", "L'armée a perdu 40 chars lundi et 25 mardi, soit un total de 65 chars.",
            "65 chars", "derived", "computed_total", "soit un total de"),
    Example("fr", "Le bilan est passé de 1 200 à 1 260 morts, soit 60 de plus en une journée.",
            "60", "derived", "computed_total", "soit"),
    Example("fr", "Hier, 25 civils ont été tués, ce qui porte le bilan à 430 morts depuis le début de la semaine.",
            "430 morts", "derived", "computed_total", "ce qui porte le bilan à"),
    Example("fr", "Sur les 300 blessés, la moitié d'entre eux, 150, sont des enfants.",
            "150", "derived", "share_of_total", "la moitié d'entre eux"),
    Example("fr", "En moyenne, 40 personnes ont été tuées chaque jour en mars.",
            "40 personnes", "derived", "average", "En moyenne"),
    Example("fr", "Les combats ont fait 40 morts par jour en moyenne, a indiqué l'ONU.",
            "40 morts", "derived", "average", "en moyenne", "l'ONU"),
    Example("fr", "Les forces russes ont perdu 12 chars lundi et 8 mardi, 20 chars au total.",
            "20 chars", "derived", "sum_of_parts", "au total"),
    Example("en", "Another 20 soldiers were killed on Monday, bringing the total to 520.",
            "520", "derived", "computed_total", "bringing the total to"),
    Example("en", "Of the 1,200 people killed, more than half of them, 650, were women.",
            "650", "derived", "share_of_total", "half of them"),
    Example("en", "An average of 40 people a day were killed in March.",
            "40 people", "derived", "average", "An average of"),
    Example("en", "The toll rose from 1,200 to 1,260, or 60 more in one day.",
            "60", "derived", "difference_of_totals", "more"),
    Example("en", "On Monday 1,200 people had been killed; on Tuesday the figure was 1,260, 60 more than the day before.",
            "60", "derived", "difference_of_totals", "more"),
    Example("en", "The army said 30 soldiers were killed on Sunday and 45 on Monday, 75 in total.",
            "75", "derived", "sum_of_parts", "in total", "The army"),
]

RELAYED = [
    Example("fr", "Au moins 45 civils ont été tués, selon le ministère de la Santé, cité par l'agence Reuters.",
            "Au moins 45", "relayed", "relay_cue", "cité par", "le ministère de la Santé", "l'agence Reuters"),
    Example("fr", "Selon l'agence Tass citant le ministère russe de la Défense, 300 soldats ukrainiens ont été tués.",
            "300 soldats", "relayed", "relay_cue", "citant", "le ministère russe de la Défense", "l'agence Tass"),
    Example("fr", "Quelque 120 personnes ont été tuées, a rapporté Al Jazeera, citant des sources hospitalières.",
            "Quelque 120", "relayed", "relay_cue", "citant", "des sources hospitalières", "Al Jazeera"),
    Example("fr", "Le gouverneur, cité par l'agence Ukrinform, a fait état de 14 blessés.",
            "14 blessés", "relayed", "relay_cue", "cité par", "Le gouverneur", "l'agence Ukrinform"),
    Example("en", "At least 45 civilians were killed, according to the health ministry, quoted by Reuters.",
            "At least 45", "relayed", "relay_cue", "quoted by", "the health ministry", "Reuters"),
    Example("en", "According to Tass, quoting the Russian defence ministry, 300 Ukrainian soldiers were killed.",
            "300 Ukrainian", "relayed", "relay_cue", "quoting", "the Russian defence ministry", "Tass"),
    Example("en", "Al Jazeera, citing hospital sources, reported that 120 people were killed.",
            "120 people", "relayed", "relay_cue", "citing", "hospital sources", "Al Jazeera"),
    Example("en", "The governor, cited by the Interfax agency, said 14 people were wounded.",
            "14 people", "relayed", "relay_cue", "cited by", "The governor", "the Interfax agency"),
]


def _claim(example: Example) -> Claim:
    claims = extract_claims(example.text, example.lang)
    found = [c for c in claims if c.quote.startswith(example.quote)]
    assert found, f"no claim starting {example.quote!r} in {[c.quote for c in claims]}"
    return found[0]


@pytest.mark.parametrize("example", [*ATTRIBUTED, *UNSOURCED, *DERIVED, *RELAYED],
                         ids=lambda e: f"{e.lang}-{e.provenance}-{e.quote}")
def test_provenance(example: Example) -> None:
    claim = _claim(example)
    assert (claim.provenance, claim.evidence["provenance"]["strategy"]) == (example.provenance, example.strategy)
    assert example.words in claim.evidence["provenance"]["words"]
    assert claim.claimant == example.claimant
    assert claim.relay == example.relay


@pytest.mark.parametrize("kind", PROVENANCES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_kind_has_four_examples_in_each_language(kind: str, lang: str) -> None:
    examples = [e for e in [*ATTRIBUTED, *UNSOURCED, *DERIVED, *RELAYED] if e.lang == lang and e.provenance == kind]
    assert len(examples) >= 4


@pytest.mark.parametrize(("lang", "text", "quote"), [
    # a total stated by a claimant is theirs, not the article's arithmetic: nothing sums to it
    ("fr", "Au total, 300 civils ont été tués depuis janvier, selon l'ONU.", "300 civils"),
    ("en", "In total, 300 civilians have been killed since January, the UN said.", "300 civilians"),
    # the total a share is taken of is not the share
    ("fr", "La moitié des 1 200 blessés sont des enfants, selon le ministère.", "1 200"),
    ("en", "Half of the 1,200 wounded are children, the ministry said.", "1,200"),
    # three days in a list: the third is not the gap between the first two
    ("en", "Officials said 40 tanks were lost on Monday, 25 on Tuesday and 15 on Wednesday.", "15"),
    ("en", "The ministry said 20 drones were downed over Rostov, 19 over Volgograd, 17 over Bryansk and "
           "two more over Kursk.", "two"),
])
def test_totals_and_lists_a_claimant_gives_stay_attributed(lang: str, text: str, quote: str) -> None:
    claim = _claim(Example(lang, text, quote, "attributed", ""))
    assert claim.provenance == "attributed", claim.evidence["provenance"]
    assert claim.relay is None


@pytest.mark.parametrize(("lang", "text", "first", "second", "source", "relay"), [
    ("fr", "Selon la police, citée par la radio locale, 9 personnes ont été tuées. Elle a ajouté que 20 autres "
           "avaient été blessées.", "9 personnes", "20", "la police", "la radio locale"),
    ("en", "The ministry, quoted by Reuters, said 40 people were killed. It added that 12 of them were children.",
     "40 people", "12 of them were children", "The ministry", "Reuters"),
])
def test_a_source_speaking_on_keeps_its_relay(lang: str, text: str, first: str, second: str, source: str,
                                               relay: str) -> None:
    claims = {c.quote: c for c in extract_claims(text, lang)}
    assert (claims[first].provenance, claims[first].claimant, claims[first].relay) == ("relayed", source, relay)
    later = claims[second]
    assert (later.provenance, later.claimant, later.relay) == ("relayed", source, relay)
    assert later.evidence["provenance"]["strategy"] == "continued_relay"


def test_a_relay_cue_naming_no_one_on_the_other_side_is_no_relay() -> None:
    claim = _claim(Example("en", "Citing hospital records, at least 30 people were killed in the strike.",
                           "at least 30", "", ""))
    assert claim.relay is None and claim.provenance != "relayed"


def test_a_claimant_given_by_a_later_sentence_makes_the_figure_attributed() -> None:
    """« C'est ce qu'a annoncé le gouverneur » gives its speaker to the figures before it: the
    provenance is decided after it, so the figure is not left unsourced."""
    claims = extract_claims("Au moins 14 civils ont été tués dans la nuit. C'est ce qu'a annoncé le gouverneur.", "fr")
    assert claims[0].claimant == "le gouverneur"
    assert claims[0].provenance == "attributed"


def test_every_figure_of_the_example_has_a_provenance() -> None:
    from .conftest import EXAMPLE

    claims = extract_claims(EXAMPLE.read_text(encoding="utf-8"), "fr")
    assert claims and {c.provenance for c in claims} <= set(PROVENANCES)
    assert all(c.evidence["provenance"]["strategy"] for c in claims)


def test_the_strategies_are_named_in_their_order() -> None:
    pack = load_pack("en")
    names = ProvenanceResolver(pack, ClaimantFinder(pack)).strategies.names
    assert names.index("computed_total") < names.index("relay_cue") < names.index("named_claimant")
    assert names[-1] == "source_in_sentence"


def test_provenance_and_relay_survive_a_round_trip() -> None:
    claim = Claim(start=0, end=3, quote="45", value=45, provenance="relayed", relay="Reuters", claimant="OMS")
    again = Claim.from_json(claim.to_json())
    assert (again.provenance, again.relay) == ("relayed", "Reuters")
