"""Small helpers over spaCy's dependency trees, shared by the extraction steps."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from decompte.extract.numbers import NumberMatch
from decompte.extract.packs import Deps, fold


def doc_tokens(doc: Doc) -> list[Token]:
    """The sentence's tokens, made once per parse: iterating or indexing a ``Doc`` builds a new
    ``Token`` object each time, and the readers go over each sentence many times."""
    made: list[Token] | None = doc.user_data.get("tokens")
    if made is None:
        made = doc.user_data["tokens"] = list(doc)
    return made


def number_of(token: Token) -> NumberMatch | None:
    """``token._.number``, read where spaCy keeps it (``Doc.user_data``, keyed by the token's
    offset) without building the ``Underscore`` object each ``token._`` makes."""
    user_data: dict[Any, Any] = token.doc.user_data  # spaCy types it dict[str, Any]; its keys are tuples
    found: NumberMatch | None = user_data.get(("._.", "number", token.idx, None))
    return found


def ancestors_with_self(token: Token) -> list[Token]:
    return [token, *token.ancestors]


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    path_a = ancestors_with_self(a)
    index_a = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate(ancestors_with_self(b)):
        if t.i in index_a:
            return index_a[t.i] + n
    return len(path_a) + 50  # different sentences of one parse: far apart


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Folded word with a plural ending dropped: the form lexicon keys are compared in."""
    word = fold(word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # "facilities" → "facility"
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


NOT_PHRASE_WORDS = ("-",)
"""Tokens left out of a phrase's stemmed form: a hyphen the tokenizer split off stays out of the key."""


def stem_phrase(words: list[str]) -> str:
    return " ".join(stem(w) for w in words if w not in NOT_PHRASE_WORDS)


def stemmed_runs(words: list[str]) -> list[str]:
    """``stem_phrase(words[:n])`` for every n from 0, each word stemmed once."""
    runs = [""]
    stems: list[str] = []
    for word in words:
        if word not in NOT_PHRASE_WORDS:
            stems.append(stem(word))
        runs.append(" ".join(stems))
    return runs


def token_keys(token: Token) -> tuple[str, ...]:
    """The forms a token is looked up by: its text and its lemma, folded and stemmed."""
    return _keys(token.text, token.lemma_)


@lru_cache(maxsize=200_000)
def _keys(text: str, lemma: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((fold(text), fold(lemma), stem(text), stem(lemma))))


def raw_text(doc: Doc) -> str:
    """The sentence's text, kept on the parse: ``Doc.text`` joins every token again at each call."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return str(doc.user_data["text"])


def folded_text(doc: Doc) -> str:
    """The sentence's text folded (``packs.fold``), computed once per parse: several readers search it."""
    if "folded" not in doc.user_data:
        doc.user_data["folded"] = fold(raw_text(doc))
    return str(doc.user_data["folded"])


def phrase_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text  # the span's text: Doc.text would rebuild the whole sentence


def noun_phrase(head: Token, deps: Deps, stop_at_comma: bool = True) -> list[Token]:
    """The head's subtree, cut at relative clauses, parentheses and (optionally) commas after the head.

    Apposed proper names are kept ("la vice-ministre de la Défense, Ganna Malyar"): the name is
    often what a reader looks for.
    """
    tokens = sorted(head.subtree, key=lambda t: t.i)
    kept: list[Token] = []
    skip: set[int] = set()
    for child in head.children:
        if deps.is_(child, "relative_clause", "clausal", "punctuation") and child.i > head.i:
            skip.update(t.i for t in child.subtree)
        if deps.is_(child, "participle_clause") and child.pos_ == "VERB" and child.i > head.i:
            skip.update(t.i for t in child.subtree)
    for token in tokens:
        if token.i in skip:
            continue
        if token.i > head.i and token.text in ("(", "[", "—", "–", ";", ":"):
            break
        if stop_at_comma and token.i > head.i and token.text == ",":
            nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
            # "spokesman, Oleg Smirnov": the apposed name, whose first word may hang on its last
            apposed = nxt is not None and (deps.is_(nxt, "name_part") or (nxt.head.pos_ == "PROPN" and deps.is_(nxt.head, "name_part")))
            if nxt is not None and nxt.i not in skip and nxt.pos_ == "PROPN" and apposed:
                kept.append(token)
                continue
            break
        kept.append(token)
    while kept and kept[-1].is_punct:
        kept.pop()
    while kept and kept[0].is_punct:
        kept.pop(0)
    # A subtree can jump over words that are not in it; keep only the contiguous run around the head.
    run: list[Token] = []
    for token in kept:
        gap: list[Token] = list(token.doc[run[-1].i + 1:token.i]) if run else []
        # "the spokesman, Oleg Smirnov": a function, then the name of who holds it
        apposed = (token.pos_ == "PROPN" and head.pos_ == "NOUN" and len(gap) == 1 and gap[0].text == ","
                   and stop_at_comma)
        if run and token.i != run[-1].i + 1 and token.i > head.i and not apposed:
            break
        if run and token.i != run[-1].i + 1 and token.i <= head.i:
            run = []
        run.append(token)
    return run


def clean_name(text: str, trim: str) -> str:
    """The name with its spaces made single and the marks of ``trim`` (a pack's) cut from its ends."""
    return re.sub(r"\s+", " ", text).strip(trim)

