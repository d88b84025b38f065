"""The packs' lexicons of counted nouns and event words, probed one entry at a time.

Each case is a short sentence written for Décompte, the language, a piece of the quote of the
claim it probes, and the counted class and event that claim must get. The cases cover what
agency copy says: equipment by model name ("T-72", "Kh-101", "Su-25") and by compound head
("attack helicopters", « véhicules aériens sans pilote »), armed personnel outside armies,
staff and residents, and the phrases of death, capture, loss, arrest and displacement.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from decompte.extract import get_extractor
from decompte.extract.packs import fold, load_pack
from decompte.extract.syntax import stem_phrase
from decompte.model import Claim

# (lang, text, a piece of the claim's quote, counted, event)
EQUIPMENT = [
    ("en", "Ukraine's army said it destroyed five T-72 tanks near Vuhledar.", "five T-72", "tank", "lost"),
    ("en", "The brigade knocked out three T-90s and four BMP-2s in one day.", "three T-90s", "tank", "lost"),
    ("en", "The brigade knocked out three T-90s and four BMP-2s in one day.", "four BMP-2s", "armoured_vehicle", "lost"),
    ("en", "Moscow claimed its troops had destroyed two Abrams and eight Leopards.", "eight Leopards", "tank", "lost"),
    ("en", "Kyiv said 12 Bradleys had been put out of action since June.", "12 Bradleys", "armoured_vehicle", "lost"),
    ("en", "Russia said it hit four M777 howitzers near Kupiansk.", "four M777", "artillery", "lost"),
    ("en", "The ministry said two HIMARS launchers were destroyed.", "two HIMARS", "mlrs", "lost"),
    ("en", "Russian forces destroyed three IRIS-T systems, the ministry said.", "three IRIS", "air_defence", "lost"),
    ("en", "Air defences downed 30 Shahed drones and nine Lancets overnight.", "nine Lancets", "drone", "lost"),
    ("en", "Russia launched six Kh-101 cruise missiles at the capital.", "six Kh-101", "missile", "other"),
    ("en", "Ukraine said it shot down two Su-34 jets over the south.", "two Su-34", "aircraft", "lost"),
    ("en", "Ukraine lost three attack helicopters in the offensive.", "three attack helicopters", "helicopter", "lost"),
    ("en", "The ministry said 121 fixed-wing unmanned aerial vehicles were shot down.", "121 fixed-wing", "drone", "lost"),
    ("en", "Rebels destroyed nine anti-aircraft missile systems.", "nine anti-aircraft", "air_defence", "lost"),
    ("en", "A shell destroyed three ambulances in Kherson.", "three ambulances", "vehicle", "lost"),
    ("en", "The ministry said 300 weapons and military equipment had been destroyed.", "300 weapons", "other", "lost"),
    ("en", "Officials said 14 artillery strikes damaged the town.", "14 artillery strikes", "other", "damaged"),
    ("fr", "L'état-major ukrainien dit avoir détruit cinq T-72 près de Bakhmout.", "cinq T-72", "tank", "lost"),
    ("fr", "Moscou affirme avoir abattu 35 véhicules aériens sans pilote dans la nuit.", "35 véhicules aériens sans pilote", "drone", "lost"),
    ("fr", "L'armée russe dit avoir détruit 12 systèmes de missiles antiaériens.", "12 systèmes de missiles antiaériens", "air_defence", "lost"),
    ("fr", "Kiev affirme que l'ennemi a perdu 40 chars et autres véhicules de combat blindés.", "40 chars et autres", "armoured_vehicle", "lost"),
    ("fr", "La marine ukrainienne revendique la destruction de neuf unités navales.", "neuf unités navales", "ship", "lost"),
    ("fr", "Une frappe a détruit quinze bus et deux camions près de la gare.", "quinze bus", "vehicle", "lost"),
    ("fr", "Les forces russes ont mis hors de combat huit obusiers automoteurs.", "huit obusiers", "artillery", "lost"),
    ("fr", "Trois Iskander et quatre Kalibr ont été tirés sur Odessa.", "quatre Kalibr", "missile", "other"),
    ("fr", "Les troupes ukrainiennes se sont emparées de 20 BMP-3 près d'Izioum.", "20 BMP-3", "armoured_vehicle", "captured"),
]

PEOPLE = [
    ("en", "Ukraine's army put its losses at 80 KIAs this month.", "80 KIAs", "soldier", "killed"),
    ("en", "The raid killed 40 jihadists and 12 ISIL members.", "12 ISIL members", "soldier", "killed"),
    ("en", "Three policemen were shot dead at a checkpoint.", "Three policemen", "soldier", "killed"),
    ("en", "The agency said 19 of its staff had been killed since October.", "19 of its staff", "civilian", "killed"),
    ("en", "Twelve residents were wounded when the shell hit the market.", "Twelve residents", "person", "wounded"),
    ("en", "More than 400,000 IDPs have reached the camps around Goma.", "400,000 IDPs", "person", "displaced"),
    ("en", "Western officials said Russia lost 300 men in the assault.", "300 men", "soldier", "killed"),
    ("fr", "Au moins 12 policiers ont été tués dans l'embuscade.", "12 policiers", "soldier", "killed"),
    ("fr", "Six djihadistes ont été neutralisés par l'armée malienne.", "Six djihadistes", "soldier", "killed"),
    ("fr", "L'agence a perdu 29 collègues depuis le début de la guerre.", "29 collègues", "civilian", "killed"),
    ("fr", "Les autorités ont évacué 2 000 habitants de la ville.", "2 000 habitants", "person", "evacuated"),
    ("fr", "Le HCR compte 5,6 millions de déplacés internes dans le pays.", "déplacés internes", "person", "displaced"),
    ("en", "Security forces killed 12 gang members in a raid on the port.", "12 gang members", "soldier", "killed"),
    ("en", "Seven hospital staff were wounded when the ward was hit.", "Seven hospital staff", "civilian", "wounded"),
    ("fr", "Quelque 3 000 forces de l'ordre ont été mobilisées dans la capitale.", "3 000 forces de l'ordre", "soldier", "deployed"),
    ("fr", "Les démineurs ont neutralisé 40 engins explosifs improvisés.", "40 engins explosifs", "missile", "lost"),
]

EVENTS = [
    ("en", "The fighting claimed the lives of 30 soldiers near the river.", "30 soldiers", "soldier", "killed"),
    ("en", "The ministry said 50 servicemen lost their lives in the strike.", "50 servicemen", "soldier", "killed"),
    ("en", "More than 100 people remain unaccounted for after the flood of the dam.", "100 people", "person", "missing"),
    ("en", "Police rounded up 40 people after the protest.", "40 people", "person", "detained"),
    ("en", "About 200 people were taken into custody after the riots.", "200 people", "person", "detained"),
    ("en", "More than 1 million people registered as refugees in Poland.", "1 million people", "person", "displaced"),
    ("en", "More than 8,000 people sought refuge in Chad last week.", "8,000 people", "person", "displaced"),
    ("en", "Russia abandoned 65 tanks near the village, the analysts said.", "65 tanks", "tank", "lost"),
    ("en", "Ukraine's forces put out of action 120 Russian troops.", "120 Russian troops", "soldier", "killed_or_wounded"),
    ("fr", "Quarante soldats ont trouvé la mort dans l'embuscade.", "Quarante soldats", "soldier", "killed"),
    ("fr", "Douze militaires sont tombés au combat près de Bakhmout.", "Douze militaires", "soldier", "killed"),
    ("fr", "Au moins 25 personnes ont perdu la vie dans l'attaque.", "25 personnes", "person", "killed"),
    ("fr", "Au total, 27 marins sont portés disparus.", "27 marins", "soldier", "missing"),
    ("fr", "Vingt villageois ont été pris en otages par des hommes armés.", "Vingt villageois", "civilian", "captured"),
    ("fr", "Les Russes ont abandonné 30 chars lors de leur retraite.", "30 chars", "tank", "lost"),
    ("fr", "Environ 200 personnes ont été placées en garde à vue.", "200 personnes", "person", "detained"),
    ("fr", "Plus de 8 000 personnes ont trouvé refuge au Tchad.", "8 000 personnes", "person", "displaced"),
    ("fr", "Plus de 2 000 enfants ont été déportés en Russie.", "2 000 enfants", "child", "displaced"),
    ("en", "Gunmen beat 12 villagers to death near the market.", "12 villagers", "civilian", "killed"),
    ("en", "Russia called up 300,000 reservists in the autumn.", "300,000 reservists", "soldier", "deployed"),
    ("en", "The air force airlifted 500 wounded soldiers to Poland.", "500 wounded soldiers", "soldier", "wounded"),
    ("fr", "Au moins 60 migrants se sont noyés au large de la Libye.", "60 migrants", "person", "killed"),
    ("fr", "Douze villageois ont été battus à mort.", "Douze villageois", "civilian", "killed"),
]


def _claim(lang: str, text: str, piece: str) -> Claim:
    claims = get_extractor(lang).extract_text(text)
    found = [c for c in claims if piece in c.quote]
    assert found, f"no claim whose quote holds {piece!r} in {[c.quote for c in claims]}"
    return found[0]


@pytest.mark.parametrize(("lang", "text", "piece", "counted", "event"), EQUIPMENT + PEOPLE + EVENTS)
def test_counted_and_event(lang: str, text: str, piece: str, counted: str, event: str) -> None:
    claim = _claim(lang, text, piece)
    assert (claim.counted, claim.event) == (counted, event), claim.quote


@pytest.mark.parametrize(("lang", "text", "piece"), [
    # a word of counting is no event: the figure keeps the event of the word that says what happened
    ("en", "Among the dead, not all of them identified, were 60 rebels.", "60 rebels"),
    ("fr", "Parmi les morts, tous n'ont pas été identifiés, figurent 60 rebelles.", "60 rebelles"),
])
def test_identify_is_not_an_event(lang: str, text: str, piece: str) -> None:
    assert _claim(lang, text, piece).event == "killed"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_noun_is_in_two_classes(lang: str) -> None:
    """The first class listing a word keeps it, silently: a word listed twice is a mistake."""
    counted = load_pack(lang).counted
    for key in ("nouns", "event_nouns"):
        classes: dict[str, set[str]] = defaultdict(set)
        for label, words in counted[key].items():
            for word in words:
                classes[stem_phrase(fold(str(word)).replace("'", "' ").split()).replace("' ", "'")].add(label)
        assert {word: labels for word, labels in classes.items() if len(labels) > 1} == {}


def test_model_names_have_one_class_in_every_pack() -> None:
    """A model name is no word of a language: "T-72", "Kh-101", "Su-25" count the same in French and English."""
    indexes = {lang: load_pack(lang).counted_index for lang in ("fr", "en")}
    names = {k for k in indexes["en"] if any(c.isdigit() for c in k) and " " not in k}
    assert names, "no model names in the English pack"
    differ = {n: (indexes["fr"].get(n), indexes["en"][n]) for n in names if indexes["fr"].get(n) != indexes["en"][n]}
    assert differ == {}
