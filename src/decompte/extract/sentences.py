"""Cheap sentence splitting and the filter that decides which sentences are worth a parse.

Parsing is the costly step; most sentences of an article hold no figure. We split on
line breaks and sentence punctuation without a model, and only sentences holding a
number, or an attribution cue that a later "Il a ajouté" may need, are parsed.

No sentence handed on is longer than ``MAX_SENTENCE_CHARS`` or holds more than
``MAX_SENTENCE_NUMBERS`` numbers: a longer run (a table flattened onto one line, a page of
figures without punctuation, hostile input) is cut into windows between two numbers, at
punctuation or a space, offsets kept. Every later step works per sentence, so the work
of a document is linear in its length, and spaCy never sees more than its ``max_length``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from decompte.errors import UnsupportedInput
from decompte.extract.numbers import NumberMatch, find_numbers
from decompte.extract.packs import LanguagePack, fold
from decompte.settings import MAX_DENSE_NUMBERS, MAX_SENTENCE_CHARS, MAX_SENTENCE_NUMBERS, MIN_CHARS_PER_NUMBER

# A full stop ends a sentence unless it follows an initial or a title ("M. Poutine", "Dr. Smith").
# A try starts only at the first mark of a run and never gives back what it took (possessive
# quantifiers), so a megabyte of "." or of spaces is read once, not once per character.
@cache
def _boundary(pack: LanguagePack) -> re.Pattern[str]:
    """Where a sentence ends, with the pack's abbreviations and the marks that close or open a sentence."""
    abbreviations = "".join(r"(?<!\b" + re.escape(a) + ")" for a in pack.sentences["abbreviations"])
    closers = "".join(re.escape(m) for m in pack.sentences["closers"])
    openers = "".join(re.escape(m) for m in pack.sentences["openers"])
    return re.compile(
        r"(?=[.!?…])(?<![.!?…])"
        r"(?<!\b[A-Z])" + abbreviations
        + r"[.!?…]++" + (f"[{closers}]*+" if closers else "") + r"\s++(?=" + (f"[{openers}]?" if openers else "")
        + r"\s*[A-ZÀ-ÝÉÈ0-9])"
    )


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document, by its offsets, with the numbers found in it."""

    start: int
    end: int
    text: str
    numbers: tuple[NumberMatch, ...]
    found_in_text: bool = True
    """Whether ``numbers`` were found in ``text`` itself (a window's were found in its whole sentence)."""

    @property
    def has_claim_candidate(self) -> bool:
        return any(n.kind in ("count", "approx", "vague") for n in self.numbers)


_LINE = re.compile(r"[^\n]+")
_LETTER = re.compile(r"[^\W\d_]")
# Where a window may end, best first: after a list's semicolon, after a comma, at a space.
_CUT_MARKS = (";", ",", " ", "\t", "\u00a0")


def split_sentences(text: str, pack: LanguagePack) -> Iterator[tuple[int, int]]:
    """Offsets of each sentence: lines first, then sentence punctuation inside a line."""
    for line in _LINE.finditer(text):
        start = line.start()
        for boundary in _boundary(pack).finditer(line.group(0)):
            end = line.start() + boundary.end()
            segment = text[start:end].rstrip()
            if segment.strip():
                yield start + (len(segment) - len(segment.lstrip())), start + len(segment)
            start = end
        segment = text[start:line.end()]
        if segment.strip():
            lead = len(segment) - len(segment.lstrip())
            yield start + lead, start + len(segment.rstrip())


@cache
def attribution_cue_re(pack: LanguagePack) -> re.Pattern[str]:
    """Words whose presence makes a sentence worth parsing for its claimant alone (built once per pack)."""
    cues = [fold(p) for p in pack.attribution.get("source_prepositions", [])]
    stems = sorted({fold(v)[:5] for v in pack.attribution.get("speech_verbs", []) if len(v) >= 4})
    opening = [re.escape(q[1]) for q in pack.attribution.get("quotes", [])]
    parts = [re.escape(c) for c in cues] + [re.escape(s) + r"\w*" for s in stems] + opening
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")", re.IGNORECASE)


def sentences(text: str, pack: LanguagePack) -> list[Sentence]:
    """Every sentence of ``text`` with its numbers (numbers are found once, here), none too long.

    Raises ``UnsupportedInput`` for a text packed with numbers (see ``MAX_DENSE_NUMBERS``)."""
    found: list[Sentence] = []
    most = max(MAX_DENSE_NUMBERS, len(text) // MIN_CHARS_PER_NUMBER)
    count = 0
    for start, end in split_sentences(text, pack):
        piece = text[start:end]
        numbers = find_numbers(piece, pack.numbers)
        count += len(numbers)
        if count > most:
            raise UnsupportedInput(
                f"the text holds over {most:,} numbers in {len(text):,} characters, more than one every "
                f"{MIN_CHARS_PER_NUMBER} characters: a table or a list of figures, not an article"
            )
        if len(piece) <= MAX_SENTENCE_CHARS and len(numbers) <= MAX_SENTENCE_NUMBERS:
            found.append(Sentence(start, end, piece, tuple(numbers)))
        else:
            found.extend(windows(text, start, end, numbers))
    return found


def windows(text: str, start: int, end: int, numbers: list[NumberMatch]) -> Iterator[Sentence]:
    """An over-long sentence ``text[start:end]`` as windows of at most ``MAX_SENTENCE_CHARS``
    characters and ``MAX_SENTENCE_NUMBERS`` numbers, never cutting a number; ``numbers`` are the
    sentence's, relative to ``start``, and come back relative to their window."""
    pos, first = start, 0  # the window's start, and the index of its first number
    while pos < end:
        limit = min(end, pos + MAX_SENTENCE_CHARS)
        last = first  # one past the window's last number
        while last < len(numbers) and last - first < MAX_SENTENCE_NUMBERS and start + numbers[last].end <= limit:
            last += 1
        if limit == end and last == len(numbers):
            cut = end
        else:
            latest = min(limit, start + numbers[last].start) if last < len(numbers) else limit
            earliest = start + numbers[last - 1].end if last > first else pos + 1
            if latest <= pos:  # a number longer than a window: it makes a window of its own
                last, latest = last + 1, start + numbers[last].end
            cut = _cut(text, min(earliest, latest), latest)
        lead = len(text[pos:cut]) - len(text[pos:cut].lstrip())
        piece = text[pos + lead:cut].rstrip()
        if _LETTER.search(piece):  # a window of digits and marks alone names nothing a figure could count
            shift = pos + lead - start
            inside = tuple(replace(n, start=n.start - shift, end=n.end - shift) for n in numbers[first:last])
            yield Sentence(pos + lead, pos + lead + len(piece), piece, inside, found_in_text=False)
        pos, first = cut, last


def _cut(text: str, earliest: int, latest: int) -> int:
    """Where to end a window between ``earliest`` and ``latest``: after the last mark, best mark first."""
    for mark in _CUT_MARKS:
        at = text.rfind(mark, earliest, latest)
        if at != -1:
            return at + 1
    return latest


def opening_cue(text: str, cues: list[str]) -> str | None:
    """The cue (folded) a sentence opens with, as whole words: « Parmi eux… », "Of those, …"."""
    opening = fold(text.lstrip())[:40]
    return next((c for c in cues if opening.startswith(c) and not opening[len(c):len(c) + 1].isalpha()), None)


def worth_parsing(sentence: Sentence, cue_re: re.Pattern[str]) -> bool:
    """A figure, a speaker, or a colon that introduces a list of figures (a speaker has a name:
    a line of quotation marks alone is not parsed)."""
    if sentence.has_claim_candidate or sentence.text.rstrip().endswith(":"):
        return True
    return bool(cue_re.search(fold(sentence.text))) and bool(_LETTER.search(sentence.text))
