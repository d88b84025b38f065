"""Who asserts a figure: the claimant, decided by named strategies.

The speaker of the clause that holds the figure comes first — a quotation's speaker, a
"selon X" or a speech verb governing it —, then a report named with its author near it,
a headline's source, the speaker of a list the figure belongs to, the one speaker of its
sentence, and last the report the figure continues ("Of those, 212 were children"). A
pronoun ("a-t-il ajouté") stands for the last named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from decompte.claimants import known
from decompte.extract.attribution import PRONOUN, Attribution, ClaimantFinder, normalise_claimant
from decompte.extract.packs import LanguagePack, fold, places
from decompte.extract.sentences import Sentence, opening_cue
from decompte.extract.strategies import Decision, StrategyList, decided
from decompte.extract.syntax import number_of, phrase_text, stem
from decompte.model import Claim


@dataclass
class ClaimantQuery:
    """What the claimant strategies may look at for one figure."""

    sentence: Sentence
    position: int                      # the figure's offset in the document
    anchor: Token
    sources: list[Attribution]
    speeches: list[tuple[Token, str, bool]]
    quotes: list[tuple[int, int, str | None]]
    introduced: bool                   # the sentence follows a colon that introduces a list
    last_claimant: str | None
    previous: Claim | None             # the last figure of the sentences before
    anaphoric: bool = False            # the figure refers back ("600 d'entre eux", "of them")
    opens_line: bool = False           # the sentence starts the text or a line (a headline, a list item)
    in_sentence: Claim | None = None   # the figure before it in its sentence


class ClaimantResolver:
    """Decides the claimant of a figure; ``strategies.names`` lists the order."""

    def __init__(self, pack: LanguagePack, finder: ClaimantFinder) -> None:
        self.finder = finder
        self.deps = pack.deps
        self.seat_metonyms = {fold(w) for w in pack.attribution["seat_metonyms"]}
        self.continuation_cues = sorted((fold(w) for w in pack.attribution.get("continuation_cues", [])), key=len, reverse=True)
        self.counted_nouns = {stem(k) for k in pack.counted_index} | set(pack.counted_index)
        self.continuation_verbs = {fold(w) for w in pack.attribution["continuation_verbs"]}
        self.breakdown_verbs = {fold(w) for w in pack.attribution["breakdown_verbs"]}
        self.report_adverbs = {fold(w) for w in pack.attribution["report_adverbs"]}
        self.auxiliaries = {fold(w) for w in pack.attribution.get("auxiliaries", [])}
        self.definite_articles = {fold(w) for w in pack.attribution.get("definite_articles", [])}
        self.strategies: StrategyList[ClaimantQuery] = StrategyList.of("claimant", [
            ("quotation_speaker", self.quotation_speaker),
            ("cue_governing_figure", self.cue_governing_figure),
            ("report_named_near", self.report_named_near),
            ("headline_source", self.headline_source),
            ("list_introduction", self.list_introduction),
            ("sentence_speaker", self.sentence_speaker),
            ("continued_report", self.continued_report),
            ("reported_subject", self.reported_subject),
            ("same_sentence_report", self.same_sentence_report),
        ])

    def decide(self, query: ClaimantQuery) -> Decision:
        """The first strategy's decision naming an agent; ``PRONOUN`` stands for the last named speaker."""
        for name, strategy in self.strategies.strategies:
            decision = strategy(query)
            if decision is None or not decision.value:
                continue
            if decision.value != PRONOUN and not self.finder.is_agent(decision.value):
                continue  # "de son côté", "Les combats": not who speaks, try the next kind of evidence
            return Decision(decision.value, name, decision.words)
        return Decision(None, "none")

    def quotation_speaker(self, q: ClaimantQuery) -> Decision | None:
        """« … », a-t-il déclaré: the figure stands inside a quotation whose speaker is known, and no
        source of its own is named inside it."""
        inside = next((quote for quote in q.quotes if quote[0] <= q.position < quote[1]), None)
        if inside is None or not inside[2]:
            return None
        start = q.sentence.start
        if any(inside[0] <= start + c.start < inside[1] for c in q.sources):
            return None
        return decided(inside[2], inside[2])

    def cue_governing_figure(self, q: ClaimantQuery) -> Decision | None:
        """"selon l'ONU", "X a annoncé que …", "…, the air force said": the cue of the figure's clause."""
        name = self.finder.claimant_for(q.anchor, q.sources, q.speeches)
        return decided(name, name or "")

    def report_named_near(self, q: ClaimantQuery) -> Decision | None:
        """"le dernier bilan de l'ONU fait état de…", "This number includes…"."""
        name = self.finder.report_owner(q.anchor) or self.finder.report_anaphora(q.anchor)
        return decided(name, name or "")

    def headline_source(self, q: ClaimantQuery) -> Decision | None:
        """"General Staff: Russia has lost 574,690 troops": a known source before a headline colon,
        or after its end ("Toll reaches 558: Lebanese health ministry", "… over past day - MoD")."""
        prefix = re.match(r"\s*([^:\d\n]{2,60}?)\s?:\s", q.sentence.text)
        if prefix is None:
            return self._headline_suffix(q)
        name = prefix.group(1).strip()
        if fold(name) in places() and fold(name) not in self.seat_metonyms:
            return self._headline_suffix(q)  # « Soudan : 460 morts »: a headline's topic, not its source
        if known(name):
            return decided(name, prefix.group(0))
        # an unknown short name that is neither a place ("Kharkiv :") nor a topic ("Guerre en Ukraine :")
        if not q.opens_line or not self._source_shaped(name, 4):
            return None
        return decided(name, prefix.group(0)) if self.finder.is_agent(name) else None

    def _source_shaped(self, name: str, max_words: int, capitalised: bool = True) -> bool:
        """A short capitalised name that is neither a place nor a table's label ("Personnel : environ
        14 400"): what a headline's source looks like."""
        if capitalised and not name[:1].isupper() or len(name.split()) > max_words or fold(name) in places():
            return False
        return fold(name) not in self.counted_nouns and stem(fold(name)) not in self.counted_nouns

    def _headline_suffix(self, q: ClaimantQuery) -> Decision | None:
        """A headline line that ends with its source after a colon or a dash; the source is a short
        name, neither a place nor a figure's label."""
        if not q.opens_line or "\n" in q.sentence.text.strip():
            return None
        suffix = re.search(r"(?:\s[-–—]|:)\s+([^:\d\n\-–—.!?]{2,60})\s*$", q.sentence.text)
        said = re.search(r",\s+([^,:\d\n]{2,60}?)\s+(\w+)\s*$", q.sentence.text)  # "…, BBC Russian Confirms"
        if suffix is None and said is not None and self._speech_word(said.group(2)):
            suffix = said
        if suffix is None:
            return None
        name = suffix.group(1).strip()
        # "… - defence ministry": a lower-case source after a dash is an institution or nothing
        info = normalise_claimant(name)[1]
        institution = info is not None and info.kind not in ("other", "person")
        if not self._source_shaped(name, 6, capitalised=not institution):
            return None
        return decided(name, suffix.group(0).strip()) if known(name) or self.finder.is_agent(name) else None

    def _speech_word(self, word: str) -> bool:
        folded = fold(word)
        return any(form in self.finder.speech for form in (folded, folded[:-1], folded[:-2], folded[:-1] + "e"))

    def list_introduction(self, q: ClaimantQuery) -> Decision | None:
        """A list after "…, a indiqué l'état-major. Principaux chiffres :" keeps that speaker."""
        return decided(q.last_claimant, "list") if q.introduced else None

    def sentence_speaker(self, q: ClaimantQuery) -> Decision | None:
        """A sentence with one speaker, outside any quotation, speaks every figure in it even where
        the parse does not link them ("Le ministère a de son côté dénombré le décès de 352 civils")."""
        speakers = {speaker for verb, speaker, _ in q.speeches if self._finite(verb)}
        if len(speakers) != 1 or q.sources:
            return None
        speaker = speakers.pop()
        return decided(speaker, speaker)

    def _finite(self, verb: Token) -> bool:
        """A verb that asserts ("a dénombré", "said"), not a participle that qualifies a noun
        ("les forces soutenues par la coalition")."""
        if "Fin" in verb.morph.get("VerbForm", []):
            return True
        before = verb.doc[max(0, verb.i - 5):verb.i]
        return any(fold(t.lemma_) in self.auxiliaries for t in before) and not self.deps.is_(verb, "relative_clause", "adjective_modifier")

    def continued_report(self, q: ClaimantQuery) -> Decision | None:
        """"Of those, 212 were children", « Viennent ensuite Soumy avec 41 »: a sentence that says it
        continues the report before keeps its claimant; a new fact, said without one, has none."""
        if q.previous is None or not q.previous.claimant:
            return None
        cue = opening_cue(q.sentence.text, self.continuation_cues)
        if cue is None and q.anaphoric:
            cue = "anaphoric"  # "Nearly 4 million of them", « 600 d'entre eux »: the figures of the report before
        if cue is None:
            verb = next((t for t in q.anchor.doc if fold(t.lemma_) in self.continuation_verbs), None)
            # « L'Allemagne suit avec 1,1 million »; "The number of dead includes 2,900 children"
            verb = verb or next((t for t in q.anchor.ancestors if fold(t.lemma_) in self.breakdown_verbs), None)
            cue = verb.text if verb is not None else None
        return decided(q.previous.claimant, cue) if cue else None

    def reported_subject(self, q: ClaimantQuery) -> Decision | None:
        """"Ukraine has reportedly knocked out 2,049 Russian tanks": a hedged statement is its
        subject's claim."""
        verb = next((t for t in q.anchor.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is None or not any(fold(c.text) in self.report_adverbs for c in verb.children):
            return None
        subject = next((c for c in verb.children if self.deps.is_(c, "active_subject")), None)
        if subject is None or number_of(subject) is not None:
            return None
        name = phrase_text(list(subject.subtree))
        return decided(name, name)

    def same_sentence_report(self, q: ClaimantQuery) -> Decision | None:
        """"an estimate by the U.S. government of 100,000 casualties, with over 20,000 killed": a
        figure with no cue of its own in a sentence whose figure before it has a claimant."""
        if q.in_sentence is None or not q.in_sentence.claimant or q.sources:
            return None
        return decided(q.in_sentence.claimant, q.in_sentence.quote)

    def earlier_name(self, claimant: str, last_claimant: str | None, claims: list[Claim]) -> str:
        """"le ministère" after "le ministère russe de la Défense": the full name said before."""
        words = fold(claimant).replace("'", "' ").split()
        if len(words) != 2 or words[0] not in self.definite_articles:
            return claimant
        for name in [last_claimant, *(c.claimant for c in reversed(claims))]:
            if name and name != claimant and re.search(r"(?<![\w])" + re.escape(words[1]) + r"(?![\w])", fold(name)):
                return name
        return claimant
