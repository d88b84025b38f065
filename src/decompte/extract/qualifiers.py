"""Qualifiers and bounds: "plus de 450" → more_than, low 450; "entre 300 et 500" → range.

Read from the characters around a number, with the pack's ``qualifiers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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


@cache
def _before_patterns(pack_code: str, pack: LanguagePack) -> list[tuple[re.Pattern[str], str]]:
    preferences = {fold(k): v for k, v in (pack.qualifiers.get("ambiguous_preference") or {}).items()}
    phrases: dict[str, str] = {}
    for qualifier, words in (pack.qualifiers.get("before") or {}).items():
        for word in words:
            key = fold(word)
            phrases[key] = preferences.get(key, phrases.get(key, qualifier))
    ordered = sorted(phrases.items(), key=lambda kv: len(kv[0]), reverse=True)
    return [(re.compile(r"(?<![\w])" + re.escape(p) + (_SPACE if p.endswith("'") else r"[ \u00a0\u202f]+(?:les |the )?") + "$"), q)
            for p, q in ordered]


@cache
def _after_patterns(pack_code: str, pack: LanguagePack) -> list[tuple[re.Pattern[str], str]]:
    out = []
    for qualifier, words in (pack.qualifiers.get("after") or {}).items():
        for word in sorted(words, key=len, reverse=True):
            out.append((re.compile(r"^[ ,\u00a0]*" + re.escape(fold(word)) + r"(?![\w])"), qualifier))
    return out


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


def qualify(sentence: str, number: NumberMatch, following: list[NumberMatch], pack: LanguagePack) -> Qualified:
    """The qualifier of ``number`` in ``sentence`` (offsets relative to the sentence)."""
    folded = fold(sentence)
    if number.kind == "vague":
        return Qualified("vague", number.value, None, number.start, number.end)
    before = folded[max(0, number.start - 40):number.start]

    # Ranges: "entre 300 et 500", "de 2 000 à 3 000", "400 à 500", "169,000 to 190,000".
    nxt = following[0] if following else None
    if nxt is not None and nxt.kind in ("count", "approx") and nxt.value > number.value:
        between = folded[number.end:nxt.start]
        openers = {fold(k): fold(v) for k, v in (pack.qualifiers.get("range_openers") or {}).items()}
        joiners = {fold(j) for j in pack.qualifiers.get("range_joiners") or []}
        for opener, joiner in openers.items():
            m = re.search(r"(?<![\w])" + re.escape(opener) + (_SPACE if opener.endswith("'") else r"[ \u00a0\u202f]+") + "$", before)
            if m and re.fullmatch(_SPACE + re.escape(joiner) + _SPACE, between):
                start = number.start - (len(before) - m.start())
                return Qualified("range", number.value, nxt.value, start, nxt.end, absorbed=nxt)
        if any(re.fullmatch(_SPACE + re.escape(j) + _SPACE, between) for j in joiners):
            start = number.start
            for pattern, qualifier in _before_patterns(pack.code, pack):
                m = pattern.search(before)
                if m and qualifier == "about":
                    start = number.start - (len(before) - m.start())
                    break
            return Qualified("range", number.value, nxt.value, start, nxt.end, absorbed=nxt)

    for pattern, qualifier in _before_patterns(pack.code, pack):
        m = pattern.search(before)
        if m:
            start = number.start - (len(before) - m.start())
            low, high = bounds(qualifier, number.value)
            return Qualified(qualifier, low, high, start, number.end)
    if number.kind == "approx":
        return Qualified("about", None, None, number.start, number.end)
    low, high = bounds("exact", number.value)
    return Qualified("exact", low, high, number.start, number.end)


def qualifier_after(text_after_phrase: str, pack: LanguagePack) -> str | None:
    """A qualifier written after the counted noun: "50 soldats ukrainiens environ"."""
    folded = fold(text_after_phrase[:30])
    for pattern, qualifier in _after_patterns(pack.code, pack):
        if pattern.match(folded):
            return qualifier
    return None
