"""Qualifiers and bounds: "plus de 450" → more_than, low 450; "entre 300 et 500" → range.

Read from the characters around a number, with the pack's ``qualifiers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from decompte.extract.numbers import NumberMatch
from decompte.extract.packs import LanguagePack, fold

_SPACE = r"[ \u00a0\u202f]*"


@dataclass(frozen=True)
class Qualified:
    qualifier: str
    low: float | None
    high: float | None
    start: int  # where the qualifier phrase starts (the claim's quote starts there)
    end: int    # where the quantity ends (after a range's second number)
    absorbed: NumberMatch | None = None  # the second number of a range, not a claim of its own


@dataclass(frozen=True)
class QualifierPatterns:
    """A pack's qualifier phrases as compiled patterns, built once per pack (see ``patterns``)."""

    before: tuple[tuple[re.Pattern[str], str], ...]   # longest phrase first; "exact" marks a phrase that is none
    after: tuple[tuple[re.Pattern[str], str], ...]
    openers: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]  # "entre" before the first number, "et" between
    joiner: re.Pattern[str] | None                                # "à", "-", "to" between the two numbers


def _before_phrase(phrase: str, articles: list[str]) -> re.Pattern[str]:
    article = "(?:" + "|".join(re.escape(a) + " " for a in articles) + ")?" if articles else ""
    tail = _SPACE if phrase.endswith("'") else r"[ \u00a0\u202f]+" + article
    return re.compile(r"(?<![\w])" + re.escape(phrase) + tail + "$")


def _between(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(_SPACE + "(?:" + "|".join(re.escape(w) for w in words) + ")" + _SPACE)


@cache
def patterns(pack: LanguagePack) -> QualifierPatterns:
    """Compiled once per pack and kept: qualifying a number compiles nothing."""
    data = pack.qualifiers
    preferences = {fold(k): v for k, v in (data.get("ambiguous_preference") or {}).items()}
    phrases: dict[str, str] = {}
    for qualifier, words in (data.get("before") or {}).items():
        for word in words:
            key = fold(word)
            phrases[key] = preferences.get(key, phrases.get(key, qualifier))
    for word in data.get("not_before") or []:
        phrases[fold(word)] = "exact"  # « en plus de 300 morts »: in addition to, not more than
    articles = [fold(a) for a in data["before_articles"]]
    before = tuple((_before_phrase(p, articles), q) for p, q in sorted(phrases.items(), key=lambda kv: len(kv[0]), reverse=True))
    after = tuple(
        (re.compile(r"^[ ,\u00a0]*" + re.escape(fold(word)) + r"(?![\w])"), qualifier)
        for qualifier, words in (data.get("after") or {}).items()
        for word in sorted(words, key=len, reverse=True)
    )
    openers = tuple(
        (re.compile(r"(?<![\w])" + re.escape(o) + (_SPACE if o.endswith("'") else r"[ \u00a0\u202f]+") + "$"), _between([j]))
        for o, j in ((fold(k), fold(v)) for k, v in (data.get("range_openers") or {}).items())
    )
    joiner = _between([fold(j) for j in data.get("range_joiners") or []])
    return QualifierPatterns(before, after, openers, joiner)  # type: ignore[arg-type]


def bounds(qualifier: str, value: float, high: float | None = None) -> tuple[float | None, float | None]:
    """The interval a qualifier implies; ``None`` where it is open."""
    if qualifier == "exact":
        return value, value
    if qualifier in ("more_than", "at_least", "vague"):
        return value, None
    if qualifier in ("less_than", "at_most", "nearly"):
        return None, value
    if qualifier == "range":
        return value, high
    return None, None  # about: the tolerance is the checker's to state


def _phrase_before(before: str, pack: LanguagePack, only: str | None = None) -> tuple[str, int] | None:
    """The qualifier phrase ending just before the number, and where it starts in ``before``."""
    for pattern, qualifier in patterns(pack).before:
        if only is not None and qualifier != only:
            continue
        m = pattern.search(before)
        if m:
            return qualifier, m.start()
    return None


def _range(before: str, between: str, number: NumberMatch, nxt: NumberMatch, pack: LanguagePack) -> Qualified | None:
    """"entre 300 et 500", "de 2 000 à 3 000", "400 à 500", "12,000-14,500", "169,000 to 190,000"."""
    compiled = patterns(pack)
    for opener, joiner in compiled.openers:
        m = opener.search(before)
        if m and joiner is not None and joiner.fullmatch(between):
            return Qualified("range", number.value, nxt.value, number.start - (len(before) - m.start()), nxt.end, absorbed=nxt)
    if compiled.joiner is not None and compiled.joiner.fullmatch(between):
        about = _phrase_before(before, pack, only="about")  # "environ 400 à 500": the quote starts at "environ"
        start = number.start - (len(before) - about[1]) if about else number.start
        return Qualified("range", number.value, nxt.value, start, nxt.end, absorbed=nxt)
    return None


def qualify(sentence: str, number: NumberMatch, following: list[NumberMatch], pack: LanguagePack) -> Qualified:
    """The qualifier of ``number`` in ``sentence`` (offsets relative to the sentence).

    Reads only a bounded window: 40 characters before the number and the next number after
    it, so qualifying every number of a sentence is linear in the sentence.
    """
    if number.kind == "vague":
        return Qualified("vague", number.value, None, number.start, number.end)
    before = fold(sentence[max(0, number.start - 40):number.start])
    nxt = following[0] if following else None
    if nxt is not None and nxt.kind in ("count", "approx") and nxt.value > number.value:
        ranged = _range(before, fold(sentence[number.end:nxt.start]), number, nxt, pack)
        if ranged is not None:
            return ranged
    phrase = _phrase_before(before, pack)
    if phrase is not None and phrase[0] != "exact":
        qualifier, at = phrase
        low, high = bounds(qualifier, number.value)
        return Qualified(qualifier, low, high, number.start - (len(before) - at), number.end)
    if number.kind == "approx":
        return Qualified("about", None, None, number.start, number.end)
    low, high = bounds("exact", number.value)
    return Qualified("exact", low, high, number.start, number.end)


def qualifier_after(text_after_phrase: str, pack: LanguagePack) -> str | None:
    """A qualifier written after the counted noun: "50 soldats ukrainiens environ"."""
    folded = fold(text_after_phrase[:30])
    for pattern, qualifier in patterns(pack).after:
        if pattern.match(folded):
            return qualifier
    return None


@dataclass(frozen=True)
class Thresholds:
    """A mark a figure reaches (``thresholds`` in ``qualifiers.yaml``): "crossed the 7,000 mark",
    « la barre des 800 morts a été franchie ». The mark counts nothing; the verb over it qualifies."""

    nouns: frozenset[str]
    verbs: dict[str, str]   # folded lemma → the qualifier it gives ("cross" → more_than)
    links: frozenset[str]   # "des", "of the" between the mark and its number

    def noun_of(self, doc: Doc, first: int, last: int) -> Token | None:
        """The mark the number names: right after it ("7,000 mark") or before it through a link
        (« la barre des 800 », "the milestone of 1,000")."""
        if last + 1 < len(doc) and fold(doc[last + 1].lemma_) in self.nouns:
            return doc[last + 1]
        i = first - 1
        while i >= 0 and first - i <= 2 and fold(doc[i].text) in self.links:
            i -= 1
        if 0 <= i < first - 1 and fold(doc[i].lemma_) in self.nouns:
            return doc[i]
        return None

    def qualifier(self, doc: Doc, first: int, last: int) -> str | None:
        """The qualifier the verb over the number's mark gives, if any."""
        mark = self.noun_of(doc, first, last)
        token = mark
        for _ in range(3):  # the mark's verb, through a preposition or a passive's auxiliary
            if token is None or token.head is token:
                return None
            token = token.head
            if token.pos_ in ("VERB", "AUX") and fold(token.lemma_) in self.verbs:
                return self.verbs[fold(token.lemma_)]
        return None


@cache
def thresholds(pack: LanguagePack) -> Thresholds:
    data = pack.qualifiers.get("thresholds") or {}
    verbs = {fold(v): q for q, words in data.items() if q != "nouns" for v in words}
    links = {fold(w) for w in [*pack.counted.get("noun_links", []), *pack.counted.get("link_articles", [])]}
    return Thresholds(frozenset(fold(n) for n in data.get("nouns", [])), verbs, frozenset(links))
