"""Numbers in text: "14 400", "1,2 million", "quatre-vingt-quinze", "des milliers" → float.

Pure functions over strings, independent of spaCy, so they can be property-tested and
used before parsing to decide which sentences deserve a parse. What words mean
(number words, scales, months, units) comes from the language pack's ``numbers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from collections.abc import Iterator
from typing import Any, Literal

from text_to_num import text2num

from decompte.errors import NumberParseError
from decompte.settings import MAX_NUMBER_DIGITS, MAX_NUMBER_WORDS

NumberKind = Literal[
    "count", "approx", "vague", "year", "date", "time", "percent", "ordinal", "measure", "duration", "other"
]

SPACES = " \u00a0\u202f"
_DIGITS = re.compile(
    r"(?<![\w.,/:])(?<!^-)(?<![^\d]-)"       # not inside another token ("F-16", "Russie-24", "3/4"), but "12,000-14,500"
    r"(\d{1,3}(?:(?:[ \u00a0\u202f]|[.,'’])\d{3})+|\d+)"  # 14 400 · 14.400 · 14,400 · 14400
    r"(?:[.,](\d+))?"                         # decimal part: 1,2 · 1.5
    r"(?![\d])"
)
_BLOCKED = [
    re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"),                 # 08-01-2023, 19/03/2022
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),                               # 2022-03-19
    re.compile(r"\b\d{1,2}\s?[hH:]\s?\d{2}\b|\b\d{1,2}\s?[hH]\b(?!\w)"),   # 21H00, 18h24, 02:57, 21h
    re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE),  # 7 a.m.
    re.compile(r"\b\d{1,3}[\-‑ ](?:year|month|week|day)s?[\-‑ ]old\b", re.IGNORECASE),  # a 65-year-old woman
    re.compile(r"(?:\+\d{1,3}[ .\-]?)?\(?0\d\)?(?:[ .\-]?\d{2}){4}\b"),   # phone numbers
    # links, e-mail addresses; an address starts where its run of non-spaces starts, and its parts
    # are bounded, so a long run of symbols ("@@@…") costs one bounded try, not one per character
    re.compile(r"https?://\S+|(?<!\S)\S{1,64}@\S{1,253}\.\w+|www\.\S+"),
    re.compile(r"\b[A-Za-zÀ-ÿ]+[\-‑]?\d+[A-Za-z]*\b"),                  # F-16, Covid-19, G7, Su-34, Russie-24
    re.compile(r"\b\d+[\-‑][A-Za-zÀ-ÿ]{1,3}\b(?![\-‑])"),               # 9-M, 2-S (designations)
    re.compile(r"\b\d{1,2}\s?[-–:]\s?\d{1,2}\b(?=\s*(?:\(|aux tirs|after|a\.e\.t|ap\.|score))"),  # scores
]

# Patterns used on every number, compiled here once rather than looked up in ``re``'s cache
# (which other modules' patterns can evict).
_DECIMAL_NOT_GROUP = re.compile(r"\d{1,3}[.,]\d{1,2}|\d{1,3}[.,]\d{4,}")
_DECIMAL_POINT = re.compile(r"[.,]")
_NOT_DIGIT = re.compile(r"[^\d]")
_WORD_GAP = re.compile(r"[ \u00a0]+")
_NEXT_WORD = re.compile(r"^[ \u00a0]+([a-zà-ÿ][\w\-’']*)")
_AFTER_YEAR_OR_DAY = re.compile(
    r"(?:\b1[89]\d\d|\b20\d\d|\b\d{1,2},?)[ \u00a0]*(?:and|or|to|et|ou|à|-|–|,)?[ \u00a0]*$"
)
_PARTITIVE_AFTER = re.compile(r"^[ \u00a0\u202f]*(?:de |d['’])")


def _word_boundary_alternation(words: list[str]) -> str:
    escaped = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return "|".join(escaped)


@dataclass(frozen=True)
class NumberMatch:
    """A number found in text: where it stands, what it is worth and what kind of number it is."""

    start: int
    end: int
    text: str
    value: float
    kind: NumberKind = "count"
    unit: float = 1.0  # for vague quantities: the unit ("des milliers" → 1000)


@dataclass
class NumberLexicon:
    """A language's words for numbers, loaded from its pack's ``numbers.yaml``."""

    lang: str
    decimal_separator: str = ","
    words: list[str] = field(default_factory=list)
    joiners: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    scales: dict[str, float] = field(default_factory=dict)
    approx_nouns: dict[str, float] = field(default_factory=dict)
    vague_determiners: list[str] = field(default_factory=list)
    vague_nouns: dict[str, float] = field(default_factory=dict)
    vague_joiner: str = "de"
    vague_needs_determiner: bool = True  # French "des milliers"; English "thousands of" stands alone
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    duration_units: list[str] = field(default_factory=list)
    duration_adjectives: list[str] = field(default_factory=list)  # « les quatre premiers jours »
    measure_units: list[str] = field(default_factory=list)
    percent_words: list[str] = field(default_factory=list)
    ordinal_suffixes: list[str] = field(default_factory=list)
    ordinal_word_suffix: str = ""
    year_prepositions: list[str] = field(default_factory=list)
    year_nouns: list[str] = field(default_factory=list)  # "the 2006 war": a year names the event after it
    age_prefixes: list[str] = field(default_factory=list)
    fractions: dict[str, float] = field(default_factory=dict)  # "et demi", "and a half" → 0.5 of the scale
    text2num_lang: str | None = None

    @classmethod
    def from_dict(cls, lang: str, data: dict[str, Any], decimal_separator: str = ",") -> NumberLexicon:
        known = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in known}
        return cls(lang=lang, decimal_separator=decimal_separator, **values)

    # Regular expressions are built once per pack from its word lists.
    @cached_property
    def scale_re(self) -> re.Pattern[str]:
        return re.compile(
            r"^[ \u00a0\u202f]*(?:de |d['’])?(" + _word_boundary_alternation(list(self.scales)) + r")(?![\w])",
        )

    @cached_property
    def words_re(self) -> re.Pattern[str]:
        word = _word_boundary_alternation(self.words + self.articles + list(self.scales) if self.words else ["\x00"])
        joiner = _word_boundary_alternation(self.joiners) if self.joiners else "\x00"
        # bounded: a run of number words longer than any number is written with cannot make one try cost more
        return re.compile(
            rf"(?<![\w\-])(?:{word})(?:(?:[ \-\u00a0]|[ ](?:{joiner})[ \-])(?:{word})){{0,{MAX_NUMBER_WORDS - 1}}}(?![\w\-])",
            re.IGNORECASE,
        )

    @cached_property
    def fraction_re(self) -> re.Pattern[str] | None:
        """A number, a scale and a fraction of it, in either order: "un million et demi", "one and a half million"."""
        if not self.fractions or not self.scales:
            return None
        word = _word_boundary_alternation(self.words + self.articles)
        head = rf"(?P<head>\d+(?:[.,]\d+)?|(?:{word})(?:[ \-\u00a0](?:{word})){{0,{MAX_NUMBER_WORDS - 1}}})"
        fraction = _word_boundary_alternation(list(self.fractions))
        # abbreviations ("k", "M", "bn") are left out: "un m et demi" is a metre and a half
        scale = _word_boundary_alternation([s for s in self.scales if len(s) > 2])
        gap = r"[ \u00a0]+"
        return re.compile(
            rf"(?<![\w.,/:\-]){head}{gap}(?:(?P<fraction>{fraction}){gap}(?P<scale>{scale})"
            rf"|(?P<scale_first>{scale}){gap}(?P<fraction_after>{fraction}))(?![\w\-])",
            re.IGNORECASE,
        )

    @cached_property
    def approx_re(self) -> re.Pattern[str]:
        articles = _word_boundary_alternation(self.articles or ["a"])
        nouns = _word_boundary_alternation(list(self.approx_nouns))
        return re.compile(rf"(?<![\w])(?:{articles})[ \u00a0]+({nouns})(?![\w])", re.IGNORECASE)

    @cached_property
    def vague_re(self) -> re.Pattern[str]:
        dets = _word_boundary_alternation(self.vague_determiners)
        nouns = _word_boundary_alternation(list(self.vague_nouns))
        joiner = re.escape(self.vague_joiner)
        if self.vague_needs_determiner:
            return re.compile(
                rf"(?<![\w])(?:{dets})[ \u00a0]+({nouns})(?:[ \u00a0]+{joiner}[ \u00a0]+({nouns}))?(?![\w])",
                re.IGNORECASE,
            )
        # without a determiner the noun must introduce what it counts ("thousands of marchers")
        # or multiply another ("hundreds of thousands march")
        return re.compile(
            rf"(?<![\w])(?<!\d[ \u00a0])(?:(?:{dets})[ \u00a0]+)?({nouns})(?:[ \u00a0]+{joiner}[ \u00a0]+({nouns})(?![\w])|(?=[ \u00a0]+{joiner}[ \u00a0]))",
            re.IGNORECASE,
        )

    @cached_property
    def after_re(self) -> re.Pattern[str]:
        months = _word_boundary_alternation(list(self.months))
        durations = _word_boundary_alternation(self.duration_units)
        ranks = _word_boundary_alternation(self.duration_adjectives) if self.duration_adjectives else "(?!)"
        measures = _word_boundary_alternation(self.measure_units)
        ordinals = _word_boundary_alternation(self.ordinal_suffixes)
        return re.compile(
            rf"^(?:(?P<ordinal>(?:{ordinals}))(?![\w])"
            rf"|[ \u00a0\u202f\-‑]*(?:(?P<month>(?:{months}))\.?(?![\w])"
            rf"|(?P<measure>(?:{measures}))(?![\w])"
            rf"|(?:(?:{ranks})[ \u00a0]+)?(?P<duration>(?:{durations}))(?![\w])))",
            re.IGNORECASE,
        )

    @cached_property
    def before_month_re(self) -> re.Pattern[str]:
        months = _word_boundary_alternation(list(self.months))
        return re.compile(rf"(?<![\w])(?:{months})\.?[ \u00a0]*$", re.IGNORECASE)

    @cached_property
    def age_re(self) -> re.Pattern[str] | None:
        if not self.age_prefixes:
            return None
        return re.compile(rf"(?<![\w])(?:{_word_boundary_alternation(self.age_prefixes)})[ \u00a0]*$", re.IGNORECASE)

    @cached_property
    def year_context_re(self) -> re.Pattern[str]:
        preps = _word_boundary_alternation(self.year_prepositions + list(self.months))
        return re.compile(rf"(?<![\w])(?:{preps})[ \u00a0]*[,.]?[ \u00a0]*$", re.IGNORECASE)


def parse_digits(text: str, decimal_separator: str = ",") -> float:
    """Read a number written in digits with any thousands separator ("14 400", "14.400", "1,2").

    A separator followed by exactly three digits, in a number of two or more groups,
    groups thousands; otherwise ``,`` or ``.`` before the last digits is the decimal point.
    """
    if not isinstance(text, str):
        raise NumberParseError(f"not a string: {text!r}")
    stripped = text.strip(SPACES)
    match = _DIGITS.fullmatch(stripped)
    if not match:
        raise NumberParseError(f"not a number: {text!r}")
    integer, decimals = match.group(1), match.group(2)
    if decimals is None and _DECIMAL_NOT_GROUP.fullmatch(integer):
        integer, decimals = _DECIMAL_POINT.split(integer)  # "1,2" and "1.5" are decimals, not groups
    digits = _NOT_DIGIT.sub("", integer)
    if not digits:
        raise NumberParseError(f"not a number: {text!r}")
    if len(digits) > MAX_NUMBER_DIGITS or (decimals and len(decimals) > MAX_NUMBER_DIGITS):
        # a float overflows past 308 digits and int() refuses 4 300: such a run counts nothing
        raise NumberParseError(f"not a number: {len(digits)} digits, over the limit of {MAX_NUMBER_DIGITS}")
    value = float(int(digits))
    if decimals:
        value += float("0." + decimals)
    return value


def parse_number(text: str, lexicon: NumberLexicon | None = None) -> float:
    """Read a number in digits or words, with a scale word: "2,5 millions", "quatre-vingt-quinze".

    Raises ``NumberParseError`` for anything else, whatever the input.
    """
    if not isinstance(text, str) or not text.strip():
        raise NumberParseError(f"not a number: {text!r}")
    candidates = find_numbers(text, lexicon) if lexicon else []
    whole = [m for m in candidates if m.start == 0 and m.end == len(text.rstrip())]
    if whole:
        return whole[0].value
    try:
        return parse_digits(text, lexicon.decimal_separator if lexicon else ",")
    except NumberParseError:
        raise
    except (ValueError, OverflowError) as exc:
        raise NumberParseError(f"not a number: {text!r}") from exc


def _words_value(text: str, lexicon: NumberLexicon) -> float | None:
    lang = lexicon.text2num_lang or lexicon.lang
    normalised = text.lower().replace("\u00a0", " ")
    if normalised in lexicon.scales:
        return float(lexicon.scales[normalised])  # "demi-million"
    words = normalised.split()
    if len(words) == 2 and words[0] in lexicon.articles and words[1] in lexicon.scales:
        return float(lexicon.scales[words[1]])  # "un million", "a million"
    try:
        return float(text2num(normalised, lang))
    except (ValueError, TypeError, IndexError):
        # text2num refuses some well-formed runs with a scale ("six millions"): read the head and scale apart
        parts = normalised.rsplit(" ", 1)
        if len(parts) == 2 and parts[1] in lexicon.scales:
            head = _words_value(parts[0], lexicon)
            return head * lexicon.scales[parts[1]] if head is not None else None
        return None


def _classify(text: str, start: int, end: int, value: float, raw: str, lexicon: NumberLexicon) -> NumberKind:
    after = text[end:end + 24]
    before = text[max(0, start - 24):start]
    found = lexicon.after_re.match(after)
    if found:
        if found.group("ordinal") is not None:
            return "ordinal"
        if found.group("month") is not None and value <= 31 and value == int(value):
            return "date"
        if found.group("measure") is not None:
            return "percent" if found.group("measure").lower() in {w.lower() for w in lexicon.percent_words} else "measure"
        if found.group("duration") is not None:
            return "duration"
    if lexicon.age_re is not None and lexicon.age_re.search(before):
        return "duration"  # "men aged 18 to 60", "âgés de 18 à 60 ans"
    if value <= 31 and value == int(value) and lexicon.before_month_re.search(before) and raw.isdigit():
        return "date"  # "February 24", "le 24 février" is caught above
    if raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
        next_word = _NEXT_WORD.match(after)
        if not next_word or lexicon.year_context_re.search(before) or next_word.group(1).lower() in lexicon.year_nouns:
            return "year"
        if _AFTER_YEAR_OR_DAY.search(before):
            return "year"  # "born in 1958 and 1962", "March 3, 2022 at"
    if lexicon.ordinal_word_suffix and raw.lower().endswith(lexicon.ordinal_word_suffix):
        return "ordinal"
    return "count"


class _Taken:
    """The characters already read as something (a date, a link, a number): marking and testing
    a span costs its length, so finding numbers stays linear however many a text holds."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)

    def add(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self._mask[start:end]


def _head_value(raw: str, lexicon: NumberLexicon) -> float | None:
    """The number before a scale and its fraction: digits, words, or an article ("a million and a half")."""
    if raw[:1].isdigit():
        try:
            return parse_digits(raw, lexicon.decimal_separator)
        except NumberParseError:
            return None
    if raw.lower() in lexicon.articles:
        return 1.0
    return _words_value(raw, lexicon)


def _fractions(text: str, lexicon: NumberLexicon, taken: _Taken) -> Iterator[NumberMatch]:
    """"un million et demi", "one and a half million", "a million and a half" → 1 500 000."""
    if lexicon.fraction_re is None:
        return
    for match in lexicon.fraction_re.finditer(text):
        start, end = match.span()
        if taken.overlaps(start, end):
            continue
        head = _head_value(match.group("head"), lexicon)
        if head is None:
            continue
        scale = (match.group("scale") or match.group("scale_first")).lower()
        fraction = (match.group("fraction") or match.group("fraction_after")).lower()
        scale_value = lexicon.scales[scale]
        value = (head + lexicon.fractions[fraction]) * scale_value
        taken.add(start, end)
        yield NumberMatch(start, end, text[start:end], value, _classify(text, start, end, value, match.group("head"), lexicon))


def _digit_numbers(text: str, lexicon: NumberLexicon, taken: _Taken) -> Iterator[NumberMatch]:
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        if taken.overlaps(start, end):
            continue
        raw = match.group(0)
        try:
            value = parse_digits(raw, lexicon.decimal_separator)
        except NumberParseError:
            continue
        scale = lexicon.scale_re.match(text[end:end + 16]) if lexicon.scales else None
        if scale and not _PARTITIVE_AFTER.match(text[end:end + 4]):
            value *= lexicon.scales[scale.group(1)] if scale.group(1) in lexicon.scales else lexicon.scales[scale.group(1).lower()]
            end += scale.end()
        kind = _classify(text, start, end, value, raw, lexicon)
        taken.add(start, end)
        yield NumberMatch(start, end, text[start:end], value, kind)


def _word_numbers(text: str, lexicon: NumberLexicon, taken: _Taken) -> Iterator[NumberMatch]:
    for match in lexicon.words_re.finditer(text):
        start, end = match.span()
        if taken.overlaps(start, end):
            continue
        raw = match.group(0)
        tokens = _WORD_GAP.split(raw.lower())
        if all(t in lexicon.scales for t in tokens):
            continue  # a bare "mille" or "million" is handled with a number before it
        if tokens[0] in lexicon.articles and (len(tokens) == 1 or tokens[1] not in lexicon.scales):
            if len(tokens) == 1 or all(t in lexicon.articles for t in tokens):
                continue  # "un", "une", "a": an article, not a count
            raw = raw.split(maxsplit=1)[1] if " " in raw else raw
            start = end - len(raw)
        value = _words_value(raw, lexicon)
        if value is None:
            continue
        kind = _classify(text, start, end, value, raw, lexicon)
        taken.add(start, end)
        yield NumberMatch(start, end, text[start:end], value, kind)


def find_numbers(text: str, lexicon: NumberLexicon | None) -> list[NumberMatch]:
    """Every number in ``text``, sorted by position, each with its kind (count, year, date…).

    Time is linear in the text: every pattern is compiled once per lexicon, each try is bounded,
    and what is already taken is looked up in a mask, not in the list of earlier spans.
    """
    if lexicon is None:
        lexicon = NumberLexicon(lang="fr")
    found: list[NumberMatch] = []
    taken = _Taken(len(text))
    for pattern in _BLOCKED:
        for blocked in pattern.finditer(text):
            taken.add(*blocked.span())

    for match in lexicon.vague_re.finditer(text):
        unit = lexicon.vague_nouns[match.group(1).lower()]
        if match.group(2):
            unit *= lexicon.vague_nouns[match.group(2).lower()]
        found.append(NumberMatch(match.start(), match.end(), match.group(0), unit, "vague", unit))
        taken.add(*match.span())

    for match in lexicon.approx_re.finditer(text):
        if taken.overlaps(*match.span()):
            continue
        value = lexicon.approx_nouns[match.group(1).lower()]
        found.append(NumberMatch(match.start(), match.end(), match.group(0), value, "approx"))
        taken.add(*match.span())

    found.extend(_fractions(text, lexicon, taken))
    found.extend(_digit_numbers(text, lexicon, taken))
    if lexicon.words:
        found.extend(_word_numbers(text, lexicon, taken))
    return sorted(found, key=lambda m: m.start)
