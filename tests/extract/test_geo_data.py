"""The world the extractor knows beyond its wars: a place name or a demonym names one country only,
every UN member (and Taiwan, Kosovo, Palestine) is there, and words that are also common words or
first names once folded are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from decompte.extract import available_languages
from decompte.extract.packs import DATA_DIR, _load_yaml, fold, load_pack, places

# The 193 UN member states and the three territories the news names as parties.
UN_MEMBERS = """AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF
TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW
GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX
FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR RO RU RW KN LC VC WS SM ST
SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG UA AE GB TZ US UY UZ VU VE
VN YE ZM ZW""".split()
TERRITORIES = ["TW", "XK", "PS"]
# Codes a pack gives no demonym on purpose (see the comments in its sides.yaml).
NO_DEMONYM = {
    "fr": {"AG", "CG", "IR", "KN", "LS", "PW", "TR", "VC"},
    "en": {"CF", "CG", "CR", "CV", "DM", "KI", "KN", "LC", "LK", "NZ", "PG", "SB", "SL", "ST", "VU", "ZA"},
}


def _groups(path: Path) -> dict[str, list[str]]:
    return {str(k): [str(w) for w in v or []] for k, v in _load_yaml(path).items()}


def _codes_by_word(groups: dict[str, list[str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for code, words in groups.items():
        for word in words:
            found.setdefault(fold(word), set()).add(code)
    return found


def test_no_place_name_names_two_countries() -> None:
    shared = {w: c for w, c in _codes_by_word(_groups(DATA_DIR / "common" / "places.yaml")).items() if len(c) > 1}
    assert not shared


@pytest.mark.parametrize("code", available_languages())
def test_no_demonym_names_two_countries(code: str) -> None:
    shared = {w: c for w, c in _codes_by_word(load_pack(code).sides["demonyms"]).items() if len(c) > 1}
    assert not shared


@pytest.mark.parametrize("code", available_languages())
def test_a_demonym_and_a_place_spelt_alike_name_the_same_country(code: str) -> None:
    # "congolais" cannot be CD as a demonym and CG as a place: the demonym would win silently
    index = places()
    clashes = {w: (c, index[fold(w)]) for c, words in load_pack(code).sides["demonyms"].items() for w in words or []
               if fold(w) in index and index[fold(w)] != c}
    assert not clashes


def test_every_un_member_has_places() -> None:
    assert len(set(UN_MEMBERS)) == 193
    missing = set(UN_MEMBERS + TERRITORIES) - set(_groups(DATA_DIR / "common" / "places.yaml"))
    assert not missing


@pytest.mark.parametrize("code", available_languages())
def test_every_un_member_has_demonyms_but_the_listed_ones(code: str) -> None:
    demonyms = load_pack(code).sides["demonyms"]
    without = {c for c in UN_MEMBERS + TERRITORIES if not demonyms.get(c)}
    assert without == NO_DEMONYM[code]


@pytest.mark.parametrize(("place", "country"), [
    ("Vienne", "AT"), ("Vienna", "AT"), ("Tbilissi", "GE"), ("Tbilisi", "GE"), ("Géorgie", "GE"),
    ("Varsovie", "PL"), ("Londres", "GB"), ("Pékin", "CN"), ("Belgrade", "RS"), ("Skopje", "MK"),
    ("Pristina", "XK"), ("Taipei", "TW"), ("La Havane", "CU"), ("Saint-Domingue", "DO"), ("Dar es Salaam", "TZ"),
    ("Côte d’Ivoire", "CI"), ("Ivory Coast", "CI"), ("Brazzaville", "CG"), ("Congo", "CD"), ("Belfast", "GB"),
    ("Oulan-Bator", "MN"), ("Nuku'alofa", "TO"), ("Łódź", "PL"), ("Lodz", "PL"),
])
def test_capitals_and_cities_in_both_spellings(place: str, country: str) -> None:
    assert places()[fold(place)] == country


@pytest.mark.parametrize("word", [
    # common words once folded: "sale", "male", "le cap des 1 000 morts", the weapon, the equator, "genes", "bale"
    "Salé", "Malé", "Le Cap", "Grenade", "Équateur", "Gênes", "Bâle", "Roseau", "Porto", "Split", "Cork",
    # first names
    "Victoria", "Sofia", "Milan", "Florence", "Dominique", "Maurice", "Salvador", "Santiago",
    # places of two countries
    "Perth", "Valencia", "Hyderabad", "Republic of the Congo",
])
def test_ambiguous_names_are_not_places(word: str) -> None:
    assert fold(word) not in places()


@pytest.mark.parametrize(("code", "word", "country"), [
    ("fr", "autrichien", "AT"), ("fr", "autrichienne", "AT"), ("fr", "autrichiens", "AT"), ("fr", "autrichiennes", "AT"),
    ("fr", "géorgiens", "GE"), ("fr", "grecques", "GR"), ("fr", "ouzbèkes", "UZ"), ("fr", "kosovars", "XK"),
    ("fr", "taïwanaise", "TW"), ("fr", "philippins", "PH"), ("fr", "congolais", "CD"),
    ("en", "Austrian", "AT"), ("en", "Austrians", "AT"), ("en", "Filipinos", "PH"), ("en", "Georgians", "GE"),
    ("en", "Serbs", "RS"), ("en", "Kosovars", "XK"), ("en", "Taiwanese", "TW"), ("en", "Swiss", "CH"),
])
def test_demonyms_of_the_world(code: str, word: str, country: str) -> None:
    assert load_pack(code).demonym_index[fold(word)] == country


@pytest.mark.parametrize(("code", "word"), [
    ("en", "dane"), ("en", "finn"), ("en", "welsh"), ("en", "kiwi"), ("en", "malay"),
    ("fr", "malais"), ("fr", "guyanais"), ("fr", "papou"),
])
def test_ambiguous_demonyms_are_left_out(code: str, word: str) -> None:
    assert fold(word) not in load_pack(code).demonym_index
