"""The wars, parties and places the extractor knows are data: each conflict is well formed, is
found from French and English texts alike, and its actors name a party in every pack."""

from __future__ import annotations

import re
from datetime import date

import pytest

from decompte.extract import available_languages
from decompte.extract.packs import Conflict, conflicts, fold, load_pack, places
from decompte.extract.periods import detect_conflict

ISO = re.compile(r"^[A-Z]{2}$")
CONFLICTS = {c.id: c for c in conflicts()}

# One short text per war and language, written for this test: (conflict id, published, fr, en).
TEXTS = [
    ("russia-ukraine-2022", date(2023, 6, 1),
     "Des missiles russes ont frappé Kharkiv, selon les autorités ukrainiennes.",
     "Russian missiles hit Kharkiv overnight, Ukrainian officials said."),
    ("israel-hamas-2023", date(2024, 1, 10),
     "Des frappes israéliennes ont visé Khan Younès, dans le sud de la bande de Gaza.",
     "Israeli strikes hit Khan Younis in the south of the Gaza Strip."),
    ("israel-hezbollah-2023", date(2024, 9, 25),
     "Le Hezbollah a tiré des roquettes depuis le sud du Liban, près de Nabatieh.",
     "Hezbollah fired rockets from southern Lebanon, near Nabatieh."),
    ("sudan-2023", date(2024, 10, 2),
     "Les Forces de soutien rapide assiègent El-Facher, au Darfour.",
     "The Rapid Support Forces are besieging El Fasher in Darfur."),
    ("syria-2011", date(2016, 12, 1),
     "Les quartiers rebelles d'Alep ont été bombardés, selon l'OSDH.",
     "Rebel-held districts of Aleppo were bombed, the Syrian Observatory said."),
    ("yemen-2015", date(2018, 6, 20),
     "Les houthistes tiennent toujours Hodeïda face à la coalition saoudienne.",
     "The Houthis still hold Hodeidah against the Saudi-led coalition."),
    ("mali-2012", date(2022, 4, 3),
     "Des civils ont été tués près de Mopti, dans le centre du Mali.",
     "Civilians were killed near Mopti in central Mali."),
    ("burkina-faso-2015", date(2022, 6, 14),
     "L'attaque de Seytenga, dans le nord du Burkina Faso, a fait des dizaines de morts.",
     "The attack on Seytenga in northern Burkina Faso killed dozens."),
    ("niger-2015", date(2021, 3, 22),
     "Des hommes armés ont attaqué des villages de la région de Tahoua, au Niger.",
     "Gunmen attacked villages in the Tahoua region of Niger."),
    ("drc-m23-2022", date(2025, 1, 28),
     "Les rebelles du M23 sont entrés dans Goma, au Nord-Kivu.",
     "M23 rebels entered Goma in North Kivu."),
    ("myanmar-rohingya-2017", date(2017, 10, 17),
     "Des milliers de Rohingyas fuient l'État de Rakhine vers le Bangladesh.",
     "Thousands of Rohingya are fleeing Rakhine state for Bangladesh."),
    ("myanmar-2021", date(2023, 11, 20),
     "La junte birmane a bombardé des villages de la région de Sagaing.",
     "The Myanmar junta bombed villages in the Sagaing region."),
    ("haiti-2021", date(2024, 4, 20),
     "Les gangs contrôlent la plupart des quartiers de Port-au-Prince, en Haïti.",
     "Gangs control most districts of Port-au-Prince, Haiti."),
    ("ethiopia-tigray-2020", date(2022, 2, 1),
     "Des combats ont opposé l'armée éthiopienne aux forces du Tigray près de Mekele.",
     "The Ethiopian army fought Tigrayan forces near Mekelle."),
    ("afghanistan-2001", date(2019, 8, 7),
     "Les talibans ont revendiqué un attentat à Kaboul.",
     "The Taliban claimed a bombing in Kabul."),
    ("iraq-isis-2014", date(2016, 5, 8),
     "Plusieurs attentats ont frappé Bagdad, en Irak.",
     "Several bombings struck Baghdad, Iraq."),
    ("armenia-azerbaijan-2020", date(2022, 9, 15),
     "Des obus azerbaïdjanais sont tombés sur Jermuk, en Arménie.",
     "Azerbaijani shells fell on Jermuk in Armenia."),
    ("nigeria-boko-haram-2009", date(2020, 11, 29),
     "Boko Haram a tué des paysans près de Maiduguri, dans l'État de Borno.",
     "Boko Haram killed farmers near Maiduguri in Borno state."),
    ("somalia-2006", date(2022, 10, 30),
     "Les shebab ont fait exploser deux voitures piégées à Mogadiscio, en Somalie.",
     "Al-Shabaab set off two car bombs in Mogadishu, Somalia."),
    ("libya-2014", date(2019, 4, 10),
     "Les troupes de Haftar avancent vers Tripoli, en Libye.",
     "Haftar's troops are advancing on Tripoli, Libya."),
]


@pytest.mark.parametrize("conflict", conflicts(), ids=lambda c: c.id)
def test_conflict_is_well_formed(conflict: Conflict) -> None:
    assert isinstance(conflict.start, date) and date(1990, 1, 1) <= conflict.start <= date.today()
    assert conflict.parties and all(ISO.match(p) for p in conflict.parties)
    assert all(ISO.match(p) for p in conflict.actors.values())
    assert len(conflict.keywords) >= 2


def test_conflict_ids_are_unique() -> None:
    assert len(CONFLICTS) == len(conflicts())


@pytest.mark.parametrize("code", available_languages())
@pytest.mark.parametrize("conflict", conflicts(), ids=lambda c: c.id)
def test_keywords_name_every_party_in_every_language(conflict: Conflict, code: str) -> None:
    """Each party is named by a keyword (one of the pack's own demonyms, or a place) or an actor."""
    own = {fold(w): party for party, words in load_pack(code).sides["demonyms"].items() for w in words or []}
    named = {own.get(fold(k)) or places().get(fold(k)) for k in conflict.keywords} | set(conflict.actors.values())
    missing = [p for p in conflict.parties if p not in named]
    assert not missing, f"{conflict.id}: no {code} keyword for {missing}"


@pytest.mark.parametrize("conflict", conflicts(), ids=lambda c: c.id)
def test_keywords_name_demonyms_in_both_languages(conflict: Conflict) -> None:
    for code in available_languages():
        own = {fold(w) for words in load_pack(code).sides["demonyms"].values() for w in words or []}
        assert any(fold(k) in own for k in conflict.keywords), f"{conflict.id}: no {code} demonym"


@pytest.mark.parametrize(("conflict_id", "published", "fr", "en"), TEXTS, ids=[t[0] for t in TEXTS])
def test_each_war_is_detected_in_french_and_english(conflict_id: str, published: date, fr: str, en: str) -> None:
    for text in (fr, en):
        found = detect_conflict(text, published)
        assert found is not None and found.id == conflict_id, text


def test_every_conflict_has_a_detection_text() -> None:
    tested = {t[0] for t in TEXTS}
    # phases sharing the keywords of a later one are told apart by date: see the Donbas tests
    earlier = {"russia-ukraine-2014", "iraq-2003", "libya-2011"}
    assert set(CONFLICTS) - tested == earlier


def test_donbas_before_2022_is_the_2014_war_and_after_it_the_invasion() -> None:
    text = "Les combats entre l'armée ukrainienne et les séparatistes prorusses continuent dans le Donbass, près de Donetsk."
    assert detect_conflict(text, date(2015, 2, 10)).id == "russia-ukraine-2014"
    assert detect_conflict(text, date(2023, 3, 1)).id == "russia-ukraine-2022"
    english = "Fighting between Ukrainian forces and pro-Russian separatists goes on in the Donbas, near Luhansk."
    assert detect_conflict(english, date(2016, 7, 1)).id == "russia-ukraine-2014"
    assert detect_conflict(english, date(2024, 7, 1)).id == "russia-ukraine-2022"


def test_a_war_not_begun_at_publication_is_not_chosen() -> None:
    assert detect_conflict("Le M23 a pris Goma, au Nord-Kivu, en RDC.", date(2012, 11, 20)) is None


def test_a_text_about_another_war_never_defaults_to_ukraine() -> None:
    for conflict_id, published, fr, en in TEXTS:
        if conflict_id.startswith("russia-ukraine"):
            continue
        for text in (fr, en):
            found = detect_conflict(text, published)
            assert found is not None and not {"UA", "RU"} & set(found.parties), text


@pytest.mark.parametrize("code", available_languages())
@pytest.mark.parametrize(("word", "party"), [
    ("Hamas", "PS"), ("Hezbollah", "LB"), ("Houthis", "YE"), ("houthistes", "YE"), ("RSF", "SD"), ("FSR", "SD"),
    ("M23", "CD"), ("FARDC", "CD"), ("Tatmadaw", "MM"), ("talibans", "AF"), ("Taliban", "AF"), ("shebab", "SO"),
    ("al-Shabaab", "SO"), ("TPLF", "ET"), ("ISWAP", "NG"),
])
def test_actor_words_are_demonyms_in_every_pack(code: str, word: str, party: str) -> None:
    assert load_pack(code).demonym_index[fold(word)] == party


def test_conflict_actors_keep_multi_word_names() -> None:
    sudan = CONFLICTS["sudan-2023"].actors
    assert sudan[fold("Forces de soutien rapide")] == "SD" and sudan[fold("Rapid Support Forces")] == "SD"
    assert CONFLICTS["nigeria-boko-haram-2009"].actors[fold("Boko Haram")] == "NG"


def test_a_pack_demonym_wins_over_an_actor() -> None:
    # "Wagner" is Russia's in the packs; Mali's conflict calls it a party of Mali
    assert CONFLICTS["mali-2012"].actors["wagner"] == "ML"
    for code in available_languages():
        assert load_pack(code).demonym_index["wagner"] == "RU"


@pytest.mark.parametrize(("place", "code"), [
    ("Khan Younès", "PS"), ("Nabatieh", "LB"), ("El Fasher", "SD"), ("Idlib", "SY"), ("Hodeidah", "YE"),
    ("Tombouctou", "ML"), ("Djibo", "BF"), ("Tillabéri", "NE"), ("Goma", "CD"), ("Rakhine", "MM"),
    ("Cox's Bazar", "BD"), ("Cité Soleil", "HT"), ("Mekele", "ET"), ("Kaboul", "AF"), ("Mossoul", "IQ"),
    ("Jermuk", "AM"), ("Bakou", "AZ"), ("Maiduguri", "NG"), ("Mogadiscio", "SO"), ("Benghazi", "LY"),
    ("Sievierodonetsk", "UA"), ("Soudja", "RU"),
])
def test_places_of_the_wars(place: str, code: str) -> None:
    assert places()[fold(place)] == code
