"""Cheap sentence splitting and the filter that decides which sentences are worth a parse.

Parsing is the costly step; most sentences of an article hold no figure. We split on
line breaks and sentence punctuation without a model, and only sentences holding a
number, or an attribution cue that a later "Il a ajouté" may need, are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from decompte.extract.numbers import NumberMatch, find_numbers
from decompte.extract.packs import LanguagePack, fold

# A full stop ends a sentence unless it follows an initial or a title ("M. Poutine", "Dr. Smith").
_BOUNDARY = re.compile(
    r"(?<!\b[A-Z])(?<!\bM)(?<!\bMM)(?<!\bMme)(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)(?<!\bGen)(?<!\bGén)"
    r"(?<!\bLt)(?<!\bCol)(?<!\bSgt)(?<!\bNo)(?<!\bn°)(?<!\bp)(?<!\bvs)(?<!\bcf)(?<!\bJan)(?<!\bFeb)(?<!\bAug)"
    r"(?<!\bSept)(?<!\bSep)(?<!\bOct)(?<!\bNov)(?<!\bDec)(?<!\bU\.S)(?<!\bU\.N)"
    r"[.!?…]+[»”\"’)]*\s+(?=[«“\"(\-–—]?\s*[A-ZÀ-ÝÉÈ0-9])"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document, by its offsets, with the numbers found in it."""

    start: int
    end: int
    text: str
    numbers: tuple[NumberMatch, ...]

    @property
    def has_claim_candidate(self) -> bool:
        return any(n.kind in ("count", "approx", "vague") for n in self.numbers)


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of each sentence: lines first, then sentence punctuation inside a line."""
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(line.group(0)):
            end = line.start() + boundary.end()
            segment = text[start:end].rstrip()
            if segment.strip():
                yield start + (len(segment) - len(segment.lstrip())), start + len(segment)
            start = end
        segment = text[start:line.end()]
        if segment.strip():
            lead = len(segment) - len(segment.lstrip())
            yield start + lead, start + len(segment.rstrip())


def attribution_cue_re(pack: LanguagePack) -> re.Pattern[str]:
    """Words whose presence makes a sentence worth parsing for its claimant alone."""
    cues = [fold(p) for p in pack.attribution.get("source_prepositions", [])]
    stems = sorted({fold(v)[:5] for v in pack.attribution.get("speech_verbs", []) if len(v) >= 4})
    opening = [re.escape(q[1]) for q in pack.attribution.get("quotes", [])]
    parts = [re.escape(c) for c in cues] + [re.escape(s) + r"\w*" for s in stems] + opening
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")", re.IGNORECASE)


def sentences(text: str, pack: LanguagePack) -> list[Sentence]:
    """Every sentence of ``text`` with its numbers (numbers are found once, here)."""
    return [
        Sentence(start, end, text[start:end], tuple(find_numbers(text[start:end], pack.numbers)))
        for start, end in split_sentences(text)
    ]


def worth_parsing(sentence: Sentence, cue_re: re.Pattern[str]) -> bool:
    """A figure, a speaker, or a colon that introduces a list of figures."""
    return sentence.has_claim_candidate or sentence.text.rstrip().endswith(":") or bool(cue_re.search(fold(sentence.text)))
