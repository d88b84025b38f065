"""Numbers in text: "14 400", "1,2 million", "quatre-vingt-quinze", "des milliers" → float.

Pure functions over strings, independent of spaCy, so they can be property-tested and
used before parsing to decide which sentences deserve a parse. What words mean
(number words, scales, months, units) comes from the language pack's ``numbers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from text_to_num import text2num

from decompte.errors import NumberParseError

NumberKind = Literal[
    "count", "approx", "vague", "year", "date", "time", "percent", "ordinal", "measure", "duration", "other"
]

SPACES = " \u00a0\u202f"
_DIGITS = re.compile(
    r"(?<![\w.,\-/:])"                       # not inside another token ("F-16", "Russie-24", "3/4")
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
    re.compile(r"https?://\S+|\S+@\S+\.\w+|www\.\S+"),                  # links, e-mail addresses
    re.compile(r"\b[A-Za-zÀ-ÿ]+[\-‑]?\d+[A-Za-z]*\b"),                  # F-16, Covid-19, G7, Su-34, Russie-24
    re.compile(r"\b\d+[\-‑][A-Za-zÀ-ÿ]{1,3}\b(?![\-‑])"),               # 9-M, 2-S (designations)
    re.compile(r"\b\d{1,2}\s?[-–:]\s?\d{1,2}\b(?=\s*(?:\(|aux tirs|after|a\.e\.t|ap\.|score))"),  # scores
]


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
    measure_units: list[str] = field(default_factory=list)
    percent_words: list[str] = field(default_factory=list)
    ordinal_suffixes: list[str] = field(default_factory=list)
    ordinal_word_suffix: str = ""
    year_prepositions: list[str] = field(default_factory=list)
    age_prefixes: list[str] = field(default_factory=list)
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
        return re.compile(
            rf"(?<![\w\-])(?:{word})(?:(?:[ \-\u00a0]|[ ](?:{joiner})[ \-])(?:{word}))*(?![\w\-])",
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
        measures = _word_boundary_alternation(self.measure_units)
        ordinals = _word_boundary_alternation(self.ordinal_suffixes)
        return re.compile(
            rf"^(?:(?P<ordinal>(?:{ordinals}))(?![\w])"
            rf"|[ \u00a0\u202f\-‑]*(?:(?P<month>(?:{months}))\.?(?![\w])"
            rf"|(?P<measure>(?:{measures}))(?![\w])"
            rf"|(?P<duration>(?:{durations}))(?![\w])))",
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
    if decimals is None and re.fullmatch(r"\d{1,3}[.,]\d{1,2}|\d{1,3}[.,]\d{4,}", integer):
        integer, decimals = re.split(r"[.,]", integer)  # "1,2" and "1.5" are decimals, not groups
    digits = re.sub(r"[^\d]", "", integer)
    if not digits:
        raise NumberParseError(f"not a number: {text!r}")
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
    normalised = re.sub(r"[\u00a0]", " ", text.lower())
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
        next_word = re.match(r"^[ \u00a0]+([a-zà-ÿ][\w\-’']*)", after)
        if not next_word or lexicon.year_context_re.search(before):
            return "year"
        if re.search(r"(?:\b1[89]\d\d|\b20\d\d|\b\d{1,2},?)[ \u00a0]*(?:and|or|to|et|ou|à|-|–|,)?[ \u00a0]*$", before):
            return "year"  # "born in 1958 and 1962", "March 3, 2022 at"
    if lexicon.ordinal_word_suffix and raw.lower().endswith(lexicon.ordinal_word_suffix):
        return "ordinal"
    return "count"


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_numbers(text: str, lexicon: NumberLexicon | None) -> list[NumberMatch]:
    """Every number in ``text``, sorted by position, each with its kind (count, year, date…)."""
    if lexicon is None:
        lexicon = NumberLexicon(lang="fr")
    found: list[NumberMatch] = []
    taken: list[tuple[int, int]] = [m.span() for pattern in _BLOCKED for m in pattern.finditer(text)]

    for match in lexicon.vague_re.finditer(text):
        unit = lexicon.vague_nouns[match.group(1).lower()]
        if match.group(2):
            unit *= lexicon.vague_nouns[match.group(2).lower()]
        found.append(NumberMatch(match.start(), match.end(), match.group(0), unit, "vague", unit))
        taken.append(match.span())

    for match in lexicon.approx_re.finditer(text):
        if _overlaps(taken, *match.span()):
            continue
        value = lexicon.approx_nouns[match.group(1).lower()]
        found.append(NumberMatch(match.start(), match.end(), match.group(0), value, "approx"))
        taken.append(match.span())

    for match in _DIGITS.finditer(text):
        start, end = match.span()
        if _overlaps(taken, start, end):
            continue
        raw = match.group(0)
        try:
            value = parse_digits(raw, lexicon.decimal_separator)
        except NumberParseError:
            continue
        scale = lexicon.scale_re.match(text[end:end + 16]) if lexicon.scales else None
        if scale and not re.match(r"^[ \u00a0\u202f]*(?:de |d['’])", text[end:end + 4]):
            value *= lexicon.scales[scale.group(1)] if scale.group(1) in lexicon.scales else lexicon.scales[scale.group(1).lower()]
            end += scale.end()
        kind = _classify(text, start, end, value, raw, lexicon)
        found.append(NumberMatch(start, end, text[start:end], value, kind))
        taken.append((start, end))

    if lexicon.words:
        for match in lexicon.words_re.finditer(text):
            start, end = match.span()
            if _overlaps(taken, start, end):
                continue
            raw = match.group(0)
            tokens = re.split(r"[ \u00a0]+", raw.lower())
            if all(t in lexicon.scales for t in tokens):
                continue  # a bare "mille" or "million" is handled with a number before it
            if tokens[0] in lexicon.articles and (len(tokens) == 1 or tokens[1] not in lexicon.scales):
                if len(tokens) == 1 or all(t in lexicon.articles for t in tokens):
                    continue  # "un", "une", "a": an article, not a count
                raw = raw.split(maxsplit=1)[1] if " " in raw else raw
                start = end - len(raw)
            words_value = _words_value(raw, lexicon)
            if words_value is None:
                continue
            value = words_value
            kind = _classify(text, start, end, value, raw, lexicon)
            found.append(NumberMatch(start, end, text[start:end], value, kind))
            taken.append((start, end))

    return sorted(found, key=lambda m: m.start)
