"""Where a figure comes from: attributed, unsourced, derived or relayed, decided by named strategies.

A figure the article works out itself comes first, whoever gave the figures it is worked
out from: a total or a share written out after the figures it sums (« soit un total de
17 831 », "more than half of them, 650"), the difference of two totals ("60 more"), an
average. Then a figure relayed by an outlet that quotes a source (« selon le ministère,
cité par Reuters », "Al Jazeera, citing hospital sources"): the claim keeps the source as
its claimant and the outlet as its ``relay``. Then a figure a claimant is named for, or
whose sentence names a source the extractor could not turn into a claimant ("selon les
images satellites"); last, a figure nothing in its sentence nor in the report it continues
attributes: ``unsourced``.

The cues are each pack's ``provenance.yaml``; the claim keeps the deciding strategy in
``evidence["provenance"]``. It runs once a document's claims are whole, after the
claimants a later sentence gives to earlier figures ("C'est ce qu'a annoncé le gouverneur").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from decompte.extract.attribution import PRONOUN, ClaimantFinder, normalise_claimant
from decompte.extract.packs import LanguagePack, fold
from decompte.extract.sentences import Sentence
from decompte.extract.strategies import Decision, StrategyList
from decompte.extract.syntax import clean_name
from decompte.model import Claim

# Claimant strategies that carry the claimant of the figures before rather than read a new one.
CARRIED = frozenset({"continued_report", "list_introduction", "claimed_after"})
_SUM_TOLERANCE = 0.5  # counts are whole: a sum or a gap holds when it is right to the unit


@dataclass(frozen=True)
class Relay:
    """A claimant's figure as another relays it: who gave it, who passes it on, the words saying so."""

    source: str
    relay: str
    words: str


@dataclass
class ProvenanceQuery:
    """What the provenance strategies may look at for one figure."""

    claim: Claim
    sentence: Sentence
    doc: Doc | None
    before: Sequence[Claim]            # the document's figures before this one
    relay: Relay | None = None         # read from the sentence before the strategies run

    @property
    def offset(self) -> int:
        """The figure's start in its sentence."""
        return self.claim.start - self.sentence.start

    @property
    def same_sentence(self) -> list[Claim]:
        return [c for c in self.before if self.sentence.start <= c.start < self.sentence.end]


@dataclass(frozen=True)
class Window:
    """Some words of a sentence around a figure, folded for look-ups; ``words`` gives back the text's own."""

    text: str
    start: int
    folded: str

    def clause(self, last: bool) -> Window:
        """The part after the window's last comma (``last``) or before its first: a cue of
        another clause says nothing of the figure."""
        if last:
            cut = self.folded.rfind(",") + 1
            return Window(self.text, self.start + cut, self.folded[cut:])
        cut = self.folded.find(",")
        return self if cut < 0 else Window(self.text, self.start, self.folded[:cut])

    def find(self, pattern: re.Pattern[str]) -> str | None:
        match = pattern.search(self.folded)
        return self.text[self.start + match.start():self.start + match.end()].strip() if match else None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True)) or "(?!)"


def _bounded(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + _alternation(words) + r")(?![\w])")


class ProvenanceResolver:
    """Decides the provenance of each figure of a document; ``strategies.names`` lists the order."""

    def __init__(self, pack: LanguagePack, finder: ClaimantFinder) -> None:
        self.finder = finder
        data = pack.provenance
        self.source_after_re = _bounded(data["relay_cues_source_after"])
        self.relay_after_re = _bounded(data["relay_cues_relay_after"])
        separators = r"(?:\s*(?:" + _alternation(data["share_separators"]) + r"))?"
        self.derived_re = re.compile(r"(?<![\w])(?:" + _alternation(data["derived_cues"]) + r")\s*[,:]?\s*$")
        self.share_re = re.compile(r"(?<![\w])(?:" + _alternation(data["share_cues"]) + r")" + separators + r"\s*$")
        self.average_re = _bounded(data["average_cues"])
        self.increment_re = re.compile(r"^\s*(?:" + _alternation(data["increment_words"]) + r")(?![\w])")
        self.total_re = _bounded(data["total_words"])
        self.strategies: StrategyList[ProvenanceQuery] = StrategyList.of("provenance", [
            ("computed_total", self.computed_total),
            ("share_of_total", self.share_of_total),
            ("average", self.average),
            ("difference_of_totals", self.difference_of_totals),
            ("sum_of_parts", self.sum_of_parts),
            ("relay_cue", self.relay_cue),
            ("continued_relay", self.continued_relay),
            ("named_claimant", self.named_claimant),
            ("source_in_sentence", self.source_in_sentence),
        ])

    # -- a document's figures ------------------------------------------------------------------
    def settle(self, claims: list[Claim], sentences: Sequence[Sentence], docs: Sequence[Doc]) -> None:
        """Give each claim its provenance (and, when relayed, its source as claimant and its relay)."""
        starts = [s.start for s in sentences]
        for index, claim in enumerate(claims):
            at = bisect_right(starts, claim.start) - 1
            if at < 0:
                continue
            query = ProvenanceQuery(claim, sentences[at], docs[at] if at < len(docs) else None, claims[:index])
            query.relay = self.read_relay(query)
            decision = self.strategies.decide(query, Decision("unsourced", "no_source"))
            claim.provenance = decision.value
            claim.evidence["provenance"] = decision.as_evidence()
            if decision.value == "relayed" and query.relay is not None:
                self._keep_relay(claim, query.relay)

    def _keep_relay(self, claim: Claim, relay: Relay) -> None:
        claim.relay = relay.relay
        if claim.claimant is None or fold(claim.claimant) != fold(relay.source):
            # the claimant read was the outlet, or the name the outlet cites: the claim keeps its source
            claim.claimant = relay.source
            claim.claimant_short = normalise_claimant(relay.source)[0]
            claim.evidence["claimant"] = Decision(relay.source, "relay_source", relay.words).as_evidence()

    # -- derived ---------------------------------------------------------------------------------
    def _before(self, q: ProvenanceQuery, width: int = 60) -> Window:
        start = max(0, q.offset - width)
        return Window(q.sentence.text, start, fold(q.sentence.text[start:q.offset]))

    def _after(self, q: ProvenanceQuery, width: int = 40) -> Window:
        end = q.claim.end - q.sentence.start
        return Window(q.sentence.text, end, fold(q.sentence.text[end:end + width]))

    def computed_total(self, q: ProvenanceQuery) -> Decision | None:
        """« …, soit un total de 17 831 », "bringing the total to 520": the article adds it up."""
        if not q.before:
            return None  # a computation needs figures given before it
        words = self._before(q).find(self.derived_re)
        return Decision("derived", "", words) if words else None

    def share_of_total(self, q: ProvenanceQuery) -> Decision | None:
        """"more than half of them, 650, were women": a share of a total given before."""
        words = self._before(q).find(self.share_re)
        return Decision("derived", "", words) if words and q.before else None

    def average(self, q: ProvenanceQuery) -> Decision | None:
        """"an average of 40 people a day", « 40 morts par jour en moyenne »: worked out over a period."""
        before = self._before(q, 40)
        if not before.folded.rstrip().endswith(","):  # « En moyenne, 40 … » keeps its cue
            before = before.clause(last=True)
        words = before.find(self.average_re) or self._after(q).clause(last=False).find(self.average_re)
        return Decision("derived", "", words) if words else None

    def difference_of_totals(self, q: ProvenanceQuery) -> Decision | None:
        """"the toll rose from 1,200 to 1,260, 60 more in a day": the gap between two totals."""
        increment = self._after(q, 20).find(self.increment_re)
        if increment is None or q.claim.qualifier == "range":
            return None
        # the two totals stand right before it, the later one larger (a toll grows): « de 1 200 à
        # 1 260 », or the last two figures of its sentence; in a list ("19 over Volgograd, 17 over
        # Bryansk, two more over Kursk") the gap between two items is chance
        last = q.same_sentence[-2:]
        if last and last[-1].qualifier == "range" and last[-1].high is not None:
            earlier, later = last[-1].value, last[-1].high
        elif len(last) == 2 and all(c.counted == q.claim.counted for c in last):
            earlier, later = last[0].value, last[1].value
        else:
            return None
        return Decision("derived", "", increment) if abs(later - earlier - q.claim.value) < _SUM_TOLERANCE else None

    def sum_of_parts(self, q: ProvenanceQuery) -> Decision | None:
        """"12 tanks on Monday and 8 on Tuesday, 20 in all": a total word and the sum of the parts."""
        parts = [c for c in q.same_sentence if c.event == q.claim.event]
        if len(parts) < 2 or abs(sum(c.value for c in parts) - q.claim.value) >= _SUM_TOLERANCE:
            return None
        words = self._before(q, 30).find(self.total_re) or self._after(q, 30).find(self.total_re)
        return Decision("derived", "", words) if words else None

    # -- relayed ---------------------------------------------------------------------------------
    def relay_cue(self, q: ProvenanceQuery) -> Decision | None:
        """« selon le ministère, cité par Reuters », "Al Jazeera, citing hospital sources"."""
        return Decision("relayed", "", q.relay.words) if q.relay is not None else None

    def continued_relay(self, q: ProvenanceQuery) -> Decision | None:
        """« Il a ajouté que … » after a relayed figure: the same source through the same relay."""
        said = q.claim.evidence.get("claimant", {})
        if not q.claim.claimant or not (said.get("strategy") in CARRIED or said.get("words") == PRONOUN):
            return None
        named = q.claim.claimant
        earlier = next((c for c in reversed(q.before) if c.relay and named in (c.claimant, c.relay)), None)
        if earlier is None or earlier.relay is None or earlier.claimant is None:
            return None
        q.relay = Relay(earlier.claimant, earlier.relay, earlier.relay)
        return Decision("relayed", "", earlier.relay)

    def read_relay(self, q: ProvenanceQuery) -> Relay | None:
        """The source and the relay a sentence names around a relay cue, when it names both."""
        text = q.sentence.text
        folded = fold(text)
        for pattern, source_follows in ((self.source_after_re, True), (self.relay_after_re, False)):
            for cue in pattern.finditer(folded):
                after = self._name_after(text, cue.end())
                before = self._named_before(q, cue.start(), after)
                source, relay = (after, before) if source_follows else (before, after)
                if source and relay and fold(source) != fold(relay) and self.finder.is_agent(relay):
                    return Relay(source, relay, clean_name(text[cue.start():cue.end() + len(after) + 1], self.finder.name_trim))
        return None

    def _name_after(self, text: str, end: int) -> str:
        rest = text[end:]
        stop = self.finder.source_end_re.search(rest)
        name = clean_name(rest[:stop.start()] if stop else rest, self.finder.name_trim)
        return name if 0 < len(name.split()) <= 14 else ""

    def _named_before(self, q: ProvenanceQuery, cue_start: int, other: str) -> str:
        """Who stands on the other side of the cue: the claimant read, the name after a source
        preposition or the speaker before the cue, or the words opening the cue's clause."""
        claimant = q.claim.claimant
        if claimant and other and fold(other) not in fold(claimant) and fold(claimant) not in fold(other):
            return claimant
        head = q.sentence.text[:cue_start]
        cues = list(self.finder.source_re.finditer(fold(head))) if self.finder.source_re else []
        named = self._name_after(head, cues[-1].end()) if cues else ""
        if named:
            return named  # « selon l'agence Tass citant … »
        if q.doc is not None:
            speakers = [who for verb, who, _ in self.finder.speech_cues(q.doc)
                        if who != PRONOUN and fold(who) != fold(other) and verb.idx < cue_start]
            if speakers:
                return speakers[-1]
        opening = clean_name(re.split(r"[,;:«»\"“”]", head.rstrip(" ,"))[-1], self.finder.name_trim)
        return opening if 0 < len(opening.split()) <= 6 and opening[:1].isupper() else ""

    # -- attributed ------------------------------------------------------------------------------
    def named_claimant(self, q: ProvenanceQuery) -> Decision | None:
        """A claimant is named for the figure, in its sentence or in the report it continues."""
        return Decision("attributed", "", q.claim.claimant) if q.claim.claimant else None

    def source_in_sentence(self, q: ProvenanceQuery) -> Decision | None:
        """"selon les images satellites": the sentence names a source that is no claimant."""
        if self.finder.source_re is None:
            return None
        cue = self.finder.source_re.search(fold(q.sentence.text))
        return Decision("attributed", "", q.sentence.text[cue.start():cue.end() + 30].strip()) if cue else None
