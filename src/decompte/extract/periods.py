"""The period a figure covers, resolved against the publication date.

Expressions come from the pack's ``periods.yaml`` as regular expressions whose ``sets``
say what they fix; dates are read with the pack's month and weekday names. What cannot
be resolved (no publication date, no known conflict) stays ``None``: never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from decompte.extract.packs import Conflict, LanguagePack, conflicts, fold, places


@dataclass
class Period:
    start: date | None = None
    end: date | None = None
    daily: bool = False  # "in the past 24 hours": a figure of that day only, not the story's period

    def merge(self, other: Period) -> Period:
        return Period(self.start or other.start, self.end or other.end, self.daily or other.daily)


@dataclass(frozen=True)
class _PeriodPattern:
    anycase: re.Pattern[str]  # the pack's expression, case-insensitive
    lowercase: re.Pattern[str] | None  # the same for lower-cased text (None: it spells upper-case letters)
    sets: tuple[str, ...]


@cache
def _patterns(pack: LanguagePack) -> list[_PeriodPattern]:
    return [_PeriodPattern(re.compile(p["re"], re.IGNORECASE), _for_lowercase(p["re"]), tuple(p["sets"]))
            for p in pack.periods.get("patterns", [])]


def _for_lowercase(expression: str) -> re.Pattern[str] | None:
    """The expression matched case-sensitively against lower-cased text, when that finds what it
    finds case-insensitively: it spells no upper-case letter (classes like ``\\d`` and group names
    aside) and no character by its code. Python scans it three to four times faster."""
    if re.search(r"\\[xuUN0-7]", expression):
        return None
    bare = re.sub(r"\(\?P<\w+>|\(\?P=\w+\)|\\.", "", expression)
    return None if any(c.isupper() for c in bare) else re.compile(expression)


@cache
def _day_suffix_re(pack: LanguagePack) -> re.Pattern[str]:
    suffixes = "|".join(re.escape(fold(s)) for s in pack.periods["day_suffixes"]) or "(?!)"
    return re.compile(r"(?:" + suffixes + r")$")


@cache
def _keyword_re(conflict: Conflict) -> re.Pattern[str]:
    words = sorted((re.escape(fold(k)) for k in conflict.keywords), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])")


@cache
def _keyword_leads(conflict: Conflict) -> frozenset[str] | None:
    """The first word of each keyword: a whole-word match of the keyword starts with that word
    of the text. ``None`` when a keyword starts with no word character (then no shortcut)."""
    leads = [re.match(r"\w+", fold(k)) for k in conflict.keywords]
    return frozenset(m.group() for m in leads if m) if all(leads) else None


def _keyword_hits(conflict: Conflict, folded: str, words: set[str]) -> int:
    # most texts name none of most conflicts: their words rule them out before the pattern's scan
    leads = _keyword_leads(conflict)
    if leads is not None and leads.isdisjoint(words):
        return 0
    return len(_keyword_re(conflict).findall(folded))


SHORT_TEXT_CHARS = 400


def detect_conflict(text: str, published: date | None) -> Conflict | None:
    """The conflict the document names most (at least twice — once in a short brief — and begun
    before publication); on a
    tie the latest-started, so a war's later phase listing the same keywords (the 2022 invasion
    after Donbas 2014) takes the texts published once it has begun."""
    best: tuple[int, date, Conflict] | None = None
    folded = fold(text)
    words = set(re.findall(r"\w+", folded))
    # a brief of a sentence or two names its war once ("… une frappe russe sur Kharkiv")
    least = 1 if len(text) <= SHORT_TEXT_CHARS else 2
    for conflict in conflicts():
        if published is not None and published < conflict.start:
            continue
        hits = _keyword_hits(conflict, folded, words)
        if hits >= least and (best is None or (hits, conflict.start) > best[:2]):
            best = (hits, conflict.start, conflict)
    return best[2] if best else _conflict_of_places(folded, published)


@cache
def _places_re() -> re.Pattern[str]:
    names = sorted((re.escape(name) for name in places()), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(names) + r")(?![\w])")


def _conflict_of_places(folded: str, published: date | None) -> Conflict | None:
    """A brief that names no war but its places ("au-dessus de la région de Belgorod"): the one
    conflict whose parties hold the places it names, when only one does."""
    countries = {places()[m] for m in _places_re().findall(folded)}
    found = [c for c in conflicts() if (published is None or published >= c.start) and countries & set(c.parties)]
    if not found:
        return None
    latest = max(found, key=lambda c: c.start)
    # two phases of one war share their parties; two different wars sharing a place's country do not count
    return latest if all(set(c.parties) == set(latest.parties) for c in found) else None


def read_date(text: str, pack: LanguagePack, published: date | None) -> date | None:
    """"24 février", "February 24, 2022", "le 1er mars 2022" → a date; the year defaults to the
    publication's, or the year before when the date would fall after publication."""
    months = pack.numbers.months
    folded = fold(text).replace(",", " ").replace(".", " ")
    words = folded.split()
    day = month = year = None
    for word in words:
        bare = _day_suffix_re(pack).sub("", word)
        if word in {fold(m) for m in months}:
            month = next(v for k, v in months.items() if fold(k) == word)
        elif bare.isdigit() and len(bare) <= 2 and day is None:
            day = int(bare)
        elif bare.isdigit() and len(bare) == 4:
            year = int(bare)
    if day is None or month is None:
        return None
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            if date(year, month, day) > published:
                year -= 1
        except ValueError:
            return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def last_weekday(weekday: int, published: date) -> date:
    """The latest day named ``weekday`` on or before publication ("samedi" in a Saturday paper is that day)."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def find_period(sentence: str, pack: LanguagePack, published: date | None, conflict: Conflict | None,
                speech_day_spans: list[tuple[int, int]] | None = None) -> Period:
    """The period the sentence states for its figures.

    ``speech_day_spans``: character spans of day words that date a statement ("a affirmé
    samedi"), which end a period but do not start one.
    """
    period = Period()
    weekdays = {fold(k): v for k, v in pack.numbers.weekdays.items()}
    text = sentence.replace("’", "'")
    lowered = text.lower()
    same_offsets = len(lowered) == len(text)  # "İ" lower-cases to two characters
    starts: list[tuple[int, int]] = []  # spans that open a period ("since the invasion began on February 24")
    for pattern in _patterns(pack):
        fast = pattern.lowercase if same_offsets else None
        for match in (fast.finditer(lowered) if fast is not None else pattern.anycase.finditer(text)):
            if any(s <= match.start() < e for s, e in starts):
                continue  # the start's own date is no one-day period: the figure is never dated on it
            if any(what.startswith("start_") for what in pattern.sets):
                starts.append(match.span())
            # the words as written: the offsets of the lower-cased text are the text's
            groups = {k: text[match.start(k):match.end(k)] for k, v in match.groupdict().items() if v}
            for what in pattern.sets:
                new = _apply(what, groups, pack, published, conflict, weekdays, match, speech_day_spans or [])
                period = period.merge(new)
    return period


def _apply(what: str, groups: dict[str, str], pack: LanguagePack, published: date | None, conflict: Conflict | None,
           weekdays: dict[str, int], match: re.Match[str], speech_day_spans: list[tuple[int, int]]) -> Period:
    if what == "start_date" and "date" in groups:
        return Period(start=read_date(groups["date"], pack, published))
    if what == "end_date2" and "date2" in groups:
        return Period(end=read_date(groups["date2"], pack, published))
    if what == "end_date" and "date" in groups:
        return Period(end=read_date(groups["date"], pack, published))
    if what == "start_conflict_or_date":
        if "date" in groups:
            return Period(start=read_date(groups["date"], pack, published))
        return Period(start=conflict.start if conflict else None)
    if what == "start_conflict":
        return Period(start=conflict.start if conflict else None)
    if what == "cumulative_to_date":
        return Period(end=published)
    if published is None:
        return Period()
    if what == "last_day":
        return Period(published - timedelta(days=1), published, daily=True)
    if what == "overnight":
        return Period(published - timedelta(days=1), published)
    if what == "night_weekdays" and "weekday" in groups and "weekday2" in groups:
        first = weekdays.get(fold(groups["weekday"]))
        second = weekdays.get(fold(groups["weekday2"]))
        if first is None or second is None:
            return Period()
        end = last_weekday(second, published)
        return Period(end - timedelta(days=(second - first) % 7), end)
    if what in ("weekday", "start_weekday") and "weekday" in groups:
        day_number = weekdays.get(fold(groups["weekday"]))
        if day_number is None:
            return Period()
        day = last_weekday(day_number, published)
        if what == "start_weekday":
            return Period(start=day)
        if any(s <= match.start("weekday") < e for s, e in speech_day_spans):
            return Period(end=day)
        return Period(day, day)
    if what == "on_date" and "date" in groups:
        on = read_date(groups["date"], pack, published)
        if on is None:
            return Period()
        if any(s <= match.start("date") < e for s, e in speech_day_spans):
            return Period(end=on)
        return Period(on, on)
    return Period()
