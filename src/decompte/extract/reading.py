"""What a figure counts and what happened to it: the counted class and the event.

The counted phrase after the number decides first ("1 450 véhicules blindés"); an elided
noun takes the class of the figure it continues ("816 civils tués et 1 333 blessés"); the
event comes from the noun itself ("morts"), else from the event word nearest it in the
parse, and a verb that governs the noun outranks what the noun says they were
("Deux blessés ont succombé", "onze otages ont été libérés"). Each decision is kept with
the name of its strategy and the words it read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from decompte.extract.counted import PEOPLE, Counted, CountedFinder, EventFinder
from decompte.extract.numbers import NumberMatch
from decompte.extract.packs import LanguagePack, fold
from decompte.extract.qualifiers import thresholds
from decompte.extract.sentences import Sentence, opening_cue
from decompte.extract.strategies import Decision
from decompte.extract.syntax import doc_tokens, number_of, phrase_text, tree_distance
from decompte.model import Claim

# How much an event says about people: a verb's stronger event overrides a noun's weaker one.
STRENGTH = {"killed": 5, "captured": 4, "detained": 4, "missing": 4, "evacuated": 3, "wounded": 2}
# A participle on the counted noun that only describes them ("drones launched by Ukraine") yields to
# the verb that says what happened to them ("… were shot down").
DESCRIPTIVE = frozenset({"other", "deployed", "displaced", "gathered", "evacuated"})
HAPPENED = frozenset({"killed", "wounded", "killed_or_wounded", "lost", "destroyed", "damaged", "captured", "detained"})


@dataclass
class Figure:
    """One number as it is read: its sentence, its parse and what is known around it."""

    sentence: Sentence
    doc: Doc
    number: NumberMatch
    quantity: Span
    triggers: list[tuple[Token, str]]
    sentence_claims: list[Claim]   # the figures before it in its sentence
    whole_claims: list[Claim]      # the same, less the subsets ("dont 29 enfants")
    document_claims: list[Claim]
    listed: Claim | None           # the figure it follows in a list
    recent_class: str | None       # the class of people the last sentences spoke of
    introduced_docs: list[Doc]     # the sentences that introduced the list it is part of
    subsets: frozenset[int] = frozenset()  # ids of the document's figures that are parts ("dont 4 enfants")
    counted: Counted = field(default_factory=lambda: Counted(None, [], None))
    partitive: bool = False
    evidence: dict[str, Decision] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.quantity.start

    @property
    def last(self) -> int:
        return self.quantity.end - 1

    @property
    def anchor(self) -> Token:
        """The token the figure's events and sides are looked for from: its noun, else the number."""
        if self.partitive or not self.counted.noun_tokens:
            return self.doc[self.last]
        return self.counted.noun_tokens[0]


@dataclass
class Reading:
    counted: str
    event: str
    trigger: Token | None
    inherited: Claim | None


def _event_at(figure: Figure, token: Token) -> str | None:
    """The event a trigger word of the figure's sentence says at ``token``, if it is one."""
    return next((e for t, e in figure.triggers if t.i == token.i), None)


class FigureReader:
    """Finds the counted phrase, the counted class and the event of a figure."""

    def __init__(self, pack: LanguagePack, counted: CountedFinder, events: EventFinder) -> None:
        self.pack = pack
        self.counted = counted
        self.events = events
        self.containers = {fold(w) for w in pack.counted.get("containers", [])}
        self.military_context = {fold(w) for w in pack.counted.get("military_context", [])}
        self.civilian_context = {fold(w) for w in pack.counted.get("civilian_context", [])}
        subsets = "|".join(re.escape(fold(w)) for w in pack.counted.get("subset_markers", [])) or "(?!)"
        self.subset_re = re.compile(r"(?<!\w)(?:" + subsets + r")(?!\w)")
        self.continuation_cues = [fold(w) for w in pack.attribution.get("continuation_cues", [])]
        self.thresholds = thresholds(pack)
        self.value_links = {fold(w) for w in pack.counted["value_links"]}
        self.measure_nouns = {fold(w) for w in [*pack.counted.get("measure_nouns", []), *pack.counted["measure_pronouns"]]}
        self.measure_links = {fold(w) for w in pack.counted["noun_links"]}
        battle = "|".join(re.escape(fold(w)) for w in pack.counted["battle_phrases"]) or "(?!)"
        self.battle_re = re.compile(r"(?<!\w)(?:" + battle + r")(?!\w)")
        self.links = {fold(w) for w in pack.counted.get("partitive_links", [])}
        self.release_verbs = {fold(w) for w in pack.events.get("release_verbs", [])}
        self.result_verbs = {fold(w) for w in pack.events["result_verbs"]}
        self.auxiliaries = {fold(w) for w in pack.attribution.get("auxiliaries", [])}
        self.report_nouns = {fold(w) for w in pack.attribution.get("report_nouns", [])}
        self.deps = pack.deps
        wholes = "|".join(re.escape(fold(w)) for w in pack.counted["part_of_whole"]) or "(?!)"
        self.part_of_whole_re = re.compile(r"\d[\d ,.]*\s+(?:" + wholes + r")\s*$")

    # -- the counted phrase --------------------------------------------------------------------
    def find_counted(self, figure: Figure) -> None:
        doc, first, last = figure.doc, figure.first, figure.last
        counted = self.counted.find(doc, first, last)
        figure.counted = counted
        if counted.anaphoric and counted.counted is not None:
            figure.evidence["counted"] = Decision(counted.counted, "counted_noun", phrase_text(counted.noun_tokens))
        if counted.not_counted or counted.anaphoric:
            return
        if counted.counted is None:
            figure.counted, figure.partitive = self._partitive(doc, last, counted)
        if figure.counted.counted is None:
            label = self._table_label(doc, first)
            if label is not None:
                figure.counted = label
                figure.evidence["counted"] = Decision(label.counted, "table_label", phrase_text(label.noun_tokens))
                return
        if figure.counted.counted is not None:
            name = "partitive_whole" if figure.partitive else "counted_noun"
            figure.evidence["counted"] = Decision(figure.counted.counted, name, phrase_text(figure.counted.noun_tokens))

    def _partitive(self, doc: Doc, last: int, counted: Counted) -> tuple[Counted, bool]:
        """"52 des 54 drones", "44 des 16 exemplaires des lance-roquettes": count what the next number counts."""
        i = last + 1
        while i < len(doc) and fold(doc[i].text) in self.links:
            i += 1
        if i < len(doc) and i > last + 1 and number_of(doc[i]) is not None:
            inner = self.counted.find(doc, i, i)
            if inner.noun_tokens and fold(inner.noun_tokens[0].lemma_) in self.containers:
                j = inner.noun_tokens[0].i
                inner = self.counted.find(doc, j, j)
            return inner, True
        if counted.noun_tokens and fold(counted.noun_tokens[0].lemma_) in self.containers:
            j = counted.noun_tokens[0].i
            return self.counted.find(doc, j, j), True
        return counted, False

    def _table_label(self, doc: Doc, first: int) -> Counted | None:
        """"chars : 466 ; avions : 95": in a list of figures the label stands before the number."""
        i = first - 1
        while i >= 0 and doc[i].pos_ == "ADV":
            i -= 1  # "Personnel : environ 14 400"
        if i < 1 or doc[i].text not in (":", "–", "—", "-"):
            return None
        j = i - 1
        while j > 0 and doc[j].pos_ == "ADJ":
            j -= 1
        k = j
        while k > 0 and doc[k - 1].text not in (";", ",", ":", ".") and j - k < 4:
            k -= 1
        label = self.counted.find(doc, k - 1, k - 1)
        return label if label.counted is not None and label.known else None

    # -- class and event -----------------------------------------------------------------------
    def read(self, figure: Figure) -> Reading | None:
        """The counted class and event, or ``None`` when the number counts nothing we know."""
        counted = figure.counted
        anchor = figure.anchor
        event, trigger = self._event_word(figure)
        if not counted.known and (trigger is None or tree_distance(anchor, trigger) > 3):
            return None  # a noun we do not know, with nothing happening to it: "quatre médias français"
        counted_class = counted.counted
        if counted_class is None and trigger is not None and figure.evidence["event"].strategy == "measure_of_event":
            measured = self._named_before(trigger)
            if measured is not None:  # "the number of Russian soldiers killed at 20,000"
                counted_class = measured[0]
                figure.evidence["counted"] = Decision(measured[0], "measure_of_event", measured[1].text)
        inherited = self._continued_claim(figure) if counted_class is None or counted.anaphoric else None
        if counted_class is None:
            if inherited is not None:
                counted_class = inherited.counted
                figure.evidence["counted"] = Decision(counted_class, "continued_figure", inherited.quote)
                # a sentence of its own with its own event word says what happened ("Le précédent
                # bilan était de 79"); within a sentence only a word right by the number does
                earlier = all(inherited is not c for c in [*figure.sentence_claims, *figure.whole_claims])
                named = self._people_named_here(figure) if earlier and counted_class == "person" else None
                if named is not None:  # "a car carrying civilians, killing three": whom this sentence names
                    counted_class = named[0]
                    figure.evidence["counted"] = Decision(named[0], "people_named_here", named[1].text)
                near = counted.event is not None or (trigger is not None and (
                    tree_distance(figure.doc[figure.last], trigger) <= (8 if earlier else 2)
                    or self._in_own_relative(figure, trigger)))
                if not near:  # "11 blessés dont cinq": still wounded
                    event = inherited.event
                    figure.evidence["event"] = Decision(event, "continued_figure", inherited.quote)
            elif event is not None:
                counted_class = "person"
                figure.evidence["counted"] = Decision("person", "default_person", trigger.text if trigger is not None else "")
                civilian = self._civilian_on(trigger)
                if civilian is not None:  # "put civilian casualties as high as 813,418"
                    counted_class = "civilian"
                    figure.evidence["counted"] = Decision("civilian", "civilian_context", civilian.text)
        if counted_class is None:
            return None  # a bare number with nothing to say what it counts
        event, trigger = self._verb_outranks_noun(figure, event, trigger)
        event, trigger = self._clause_outranks_relative(figure, event, trigger)
        event, trigger = self._released(figure, event, trigger)
        counted_class, inherited = self._generic_people(figure, counted_class, inherited)
        if event is None and figure.introduced_docs:
            event = self._introduced_event(figure)
        battle = self._killed_in_battle(figure, event) if counted_class == "person" else None
        if battle is not None:
            counted_class = "soldier"
            figure.evidence["counted"] = Decision("soldier", "killed_in_battle", battle)
        if counted_class == "person" and self._military_context(figure.doc, anchor, trigger):
            counted_class = "soldier"
            figure.evidence["counted"] = Decision("soldier", "military_context", trigger.text if trigger is not None else "")
        event = self._final_event(figure, event, counted_class, inherited)
        return Reading(counted_class, event, trigger, inherited)

    def _event_word(self, figure: Figure) -> tuple[str | None, Token | None]:
        counted = figure.counted
        both = next((t for t, e in figure.triggers if e == "killed_or_wounded" and t.i == figure.anchor.i), None)
        if both is not None:  # « plus de 3 000 morts et blessés »: the phrase names both
            figure.evidence["event"] = Decision("killed_or_wounded", "counted_noun", both.text)
            return "killed_or_wounded", both
        if counted.event is not None:
            figure.evidence["event"] = Decision(counted.event, "counted_noun", phrase_text(counted.noun_tokens))
            return counted.event, None
        measured = self._measured_event(figure)
        if measured is not None:
            figure.evidence["event"] = Decision(measured[1], "measure_of_event", measured[0].text)
            return measured[1], measured[0]
        number_tokens = {t.i for t in figure.quantity}
        # "a death count released Saturday of 17 staffers": what was done to the report, not to them
        triggers = [(t, e) for t, e in figure.triggers
                    if not (self.deps.is_(t, "participle_clause") and fold(t.head.lemma_) in self.report_nouns)]
        # "97 are still held, including at least 33 who are believed dead": a later figure's own clause
        theirs = {t.i for n in figure.doc[figure.last + 1:] if number_of(n) is not None and n.i not in number_tokens
                  for holder in (n, n.head) for c in holder.children if self.deps.is_(c, "relative_clause")
                  for t in c.subtree}
        if figure.anchor.i not in theirs:
            triggers = [(t, e) for t, e in triggers if t.i not in theirs]
        own = self._predicate_after(figure, triggers)
        if own is not None:
            figure.evidence["event"] = Decision(own[1], "predicate_after", own[0].text)
            return own[1], own[0]
        nearest = self.events.nearest(figure.anchor, triggers, number_tokens)
        if nearest and nearest[0].i == figure.anchor.i:
            figure.evidence["event"] = Decision(nearest[1], "counted_noun", nearest[0].text)
            return nearest[1], nearest[0]  # the noun says it: "1 359 verbalisations"
        if figure.listed is not None and counted.counted not in PEOPLE:
            # "Russia lost 8,344 tanks, …, 326 helicopters": one verb for the list
            figure.evidence["event"] = Decision(figure.listed.event, "listed_with", figure.listed.quote)
            return figure.listed.event, None
        if nearest and fold(nearest[0].lemma_) in self.result_verbs:
            # "The attack left 12 soldiers dead": what the verb leaves them is what happened
            result = next(((t, e) for t, e in figure.triggers if t.head.i == nearest[0].i and t.i > figure.anchor.i), None)
            if result is None and figure.sentence_claims:
                return None, None  # "left 277 people dead, among them 28 civilians": the part shares its whole's
            nearest = result or nearest
        if nearest:
            figure.evidence["event"] = Decision(nearest[1], "nearest_event_word", nearest[0].text)
            return nearest[1], nearest[0]
        return None, None

    @staticmethod
    def _predicate_after(figure: Figure, triggers: list[tuple[Token, str]]) -> tuple[Token, str] | None:
        """« six personnes sont mortes, seize ont été blessées », "nine were wounded and two are
        missing": a bare number that its auxiliaries follow is the subject of the event word they
        lead to, whatever the parser made of the clause (it may hang "seize" on "mortes")."""
        if figure.counted.noun_tokens:
            return None
        doc, i = figure.doc, figure.last + 1
        auxiliaries = 0
        while i < len(doc) and i - figure.last <= 4 and doc[i].pos_ in ("AUX", "ADV"):
            auxiliaries += doc[i].pos_ == "AUX"
            i += 1
        if not auxiliaries or i >= len(doc):
            return None
        return next(((t, e) for t, e in triggers if t.i == i), None)

    def _measured_event(self, figure: Figure) -> tuple[Token, str] | None:
        """« le nombre de morts s'élève à 3 627 et celui de blessés à 8 446 », "placed the number of
        Russians killed or wounded at 100,000": a value given to a measure counts what the measure
        names, the last one named since the figure before, not the nearest event word of another clause."""
        doc, first = figure.doc, figure.first
        mark = self.thresholds.noun_of(doc, first, figure.last) is not None  # "… has passed the 1,000 mark"
        if not mark and not any(fold(t.text) in self.value_links for t in doc[max(0, first - 3):first]):
            return None
        since = figure.sentence_claims[-1].end - figure.sentence.start if figure.sentence_claims else 0
        events: dict[int, list[str]] = {}
        for token, event in figure.triggers:
            events.setdefault(token.i, []).append(event)
        found = None
        for measure in doc[:first]:
            if measure.idx < since or measure.i + 1 >= first or fold(measure.text) not in self.measure_nouns and (
                    fold(measure.lemma_) not in self.measure_nouns):
                continue
            if fold(doc[measure.i + 1].text) not in self.measure_links:
                continue
            # its complement: the first event word in the few words after the link ("of Russian troops killed")
            named = next((t for t in doc[measure.i + 2:min(measure.i + 6, first)] if t.i in events), None)
            if named is not None:
                kinds = events[named.i]
                found = (named, "killed_or_wounded" if "killed_or_wounded" in kinds else kinds[0])
        return found

    def _verb_outranks_noun(self, figure: Figure, event: str | None, trigger: Token | None) -> tuple[str | None, Token | None]:
        """What the verb says happened outranks what the noun says they were: "Deux blessés ont
        succombé" (killed), "3 500 manifestants ont été arrêtés" (detained)."""
        noun_tokens = figure.counted.noun_tokens
        inside = {t.i for t in noun_tokens}
        # the phrase's head: "displaced people" is counted by "people", the subject of the verb
        head = next((t for t in noun_tokens if t.head.i not in inside), noun_tokens[0]) if noun_tokens else None
        if not figure.counted.event or head is None:
            return event, trigger
        # "Police arrested 38 protesters": what is done to a crowd named as the object, too (not to
        # "500 wounded soldiers airlifted", who stay wounded)
        if not self.deps.is_(head, "nominal_subject") and not (
                self.deps.is_(head, "direct_object") and figure.counted.event == "gathered"):
            return event, trigger
        verb = head.head
        stronger = _event_at(figure, verb)
        if stronger and STRENGTH.get(stronger, 0) > STRENGTH.get(event or "other", 0):
            figure.evidence["event"] = Decision(stronger, "verb_outranks_noun", verb.text)
            return stronger, verb
        return event, trigger

    def _clause_outranks_relative(self, figure: Figure, event: str | None, trigger: Token | None) -> tuple[str | None, Token | None]:
        """« 79 personnes qui fuyaient les combats ont été tuées », "23 drones launched by Ukraine were
        shot down": a relative or participle clause on the counted noun says who or what they were;
        the verb the noun depends on says what happened to them."""
        if trigger is None:
            return event, trigger
        counted = {figure.anchor.i, *(t.i for t in figure.counted.noun_tokens)}
        clause = next((t for t in [trigger, *trigger.ancestors] if t.head.i in counted
                       and self.deps.is_(t, "relative_clause", "participle_clause")), None)
        if clause is None or clause.head.head.i == clause.head.i:
            return event, trigger
        if any(self.deps.is_(c, "case_marker") for c in clause.head.children):
            return event, trigger  # « Sur les 23 drones lancés…, 20 ont été détruits »: the whole, not what the verb hit
        verb = clause.head.head
        stronger = _event_at(figure, verb)
        if stronger is None or stronger == event:
            return event, trigger
        if not self.deps.is_(clause, "relative_clause") and not (event in DESCRIPTIVE and stronger in HAPPENED):
            return event, trigger  # "41 drones lancés par Kyiv ont été détruits", not "les tués rapatriés"
        figure.evidence["event"] = Decision(stronger, "clause_outranks_relative", verb.text)
        return stronger, verb

    def _released(self, figure: Figure, event: str | None, trigger: Token | None) -> tuple[str | None, Token | None]:
        """Captives freed, exchanged or handed over: "onze otages ont été libérés", "Hamas released
        24 hostages", "the 39 prisoners freed on Friday" — the figure counts a release, not a capture."""
        if event not in ("captured", "detained"):
            return event, trigger
        # the figure's own noun, or the captive noun it takes its event from ("The freed hostages
        # included eight women")
        heads = [figure.anchor, *([trigger] if trigger is not None and trigger.pos_ in ("NOUN", "PROPN") else [])]
        taken = [(c.start - figure.sentence.start, c.end - figure.sentence.start) for c in figure.sentence_claims]
        near = [t for head in heads for t in (self._governing_verb(head, taken), *(c for c in head.children if c.pos_ in ("VERB", "ADJ")))
                if t is not None]
        # "avoir récupéré 250 militaires": the parse may hang them on the auxiliary, not the participle
        near += [c for t in near if t.pos_ == "AUX" or fold(t.lemma_) in self.auxiliaries
                 for c in t.children if c.pos_ == "VERB" and c.i < figure.anchor.i]
        for verb in near:
            if verb.pos_ in ("VERB", "ADJ", "AUX", "NOUN") and self._is_release(verb):
                figure.evidence["event"] = Decision("other", "released", verb.text)
                return "other", verb
        after = figure.doc[figure.anchor.i + 1] if figure.anchor.i + 1 < len(figure.doc) else None
        if after is not None and not after.is_punct and self._is_release(after):
            # "24 Hostages Set Free by Hamas": a headline's capitals spoil its parse, not its words
            figure.evidence["event"] = Decision("other", "released", after.text)
            return "other", after
        return event, trigger

    def _governing_verb(self, head: Token, taken: list[tuple[int, int]]) -> Token | None:
        """The verb the noun depends on, through the nouns that hold it ("a group of 17 hostages was
        freed") and the figure it is listed with ("250 militaires et 110 civils"), but not through
        another figure that holds it ("échanger des dizaines d'otages sur les 240 enlevés")."""
        current = head
        for _ in range(4):
            if current.head.i == current.i:
                return None
            listed = self.deps.is_(current, "conjunct")
            current = current.head
            if current.pos_ in ("VERB", "AUX", "ADJ"):
                return current
            if not listed and (number_of(current) is not None or any(start <= current.idx < end for start, end in taken)):
                return None
        return None

    def _is_release(self, token: Token) -> bool:
        if fold(token.lemma_) in self.release_verbs or fold(token.text) in self.release_verbs:
            return True
        particle = next((c for c in token.children if self.deps.is_(c, "particle")), None)
        if particle is not None and f"{fold(token.lemma_)} {fold(particle.text)}" in self.release_verbs:
            return True
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None  # "Set Free", "set free"
        return after is not None and f"{fold(token.text)} {fold(after.text)}" in self.release_verbs

    def _generic_people(self, figure: Figure, counted_class: str, inherited: Claim | None) -> tuple[str, Claim | None]:
        """A noun that only says what happened ("1 333 blessés") counts whom its context counts."""
        if not figure.counted.generic or counted_class != "person":
            return counted_class, inherited
        at = figure.sentence.start + figure.number.start
        whole = [c for c in figure.whole_claims if not c.start <= at < c.end]  # « Dix des 14 morts »: not its part
        if whole and whole[-1].counted in PEOPLE:
            figure.evidence["counted"] = Decision(whole[-1].counted, "same_sentence", whole[-1].quote)
            return whole[-1].counted, inherited or whole[-1]  # "816 civils tués et 1 333 blessés": civilians too
        civilian = self._civilian_word(figure.anchor)
        if civilian is not None:
            figure.evidence["counted"] = Decision("civilian", "civilian_context", civilian.text)
            return "civilian", inherited
        in_part = any(c.start <= at < c.end for c in figure.sentence_claims)
        if figure.recent_class and not in_part and figure.counted.event in ("killed", "wounded", "killed_or_wounded"):
            # "Treize civils ont été tués… 11 morts": a toll goes on counting whom it counted
            figure.evidence["counted"] = Decision(figure.recent_class, "recent_people", "")
            return figure.recent_class, inherited
        return counted_class, inherited

    def _final_event(self, figure: Figure, event: str | None, counted_class: str, inherited: Claim | None) -> str:
        if event is None and inherited is not None:
            event = inherited.event
            figure.evidence["event"] = Decision(event, "continued_figure", inherited.quote)
        if event is None and opening_cue(figure.sentence.text, self.continuation_cues):
            # « … ont été tués. Parmi eux figurent 12 enfants »: the parts share what happened to the whole
            before = next((c for c in reversed(figure.document_claims) if c not in figure.sentence_claims), None)
            if before is not None:
                event = before.event
                figure.evidence["event"] = Decision(event, "continued_report", before.quote)
        if event is None and figure.sentence_claims:
            # "7 110 civils ont été tués - dont 33 enfants -": a part shares what happened to its whole
            event = figure.sentence_claims[-1].event
            figure.evidence["event"] = Decision(event, "same_sentence", figure.sentence_claims[-1].quote)
        if event is None:
            figure.evidence["event"] = Decision("other", "no_event_word", "")
        resolved = self.events.resolve(event or "other", counted_class)
        if counted_class in ("missile", "drone") and self._whole_of_partitive(figure):
            resolved = "other"  # "shot down 25 of the 30 drones": the 30 were launched, not lost
            figure.evidence["event"] = Decision(resolved, "whole_of_partitive", figure.sentence_claims[-1].quote)
        if resolved != (event or "other") and "event" in figure.evidence:
            decision = figure.evidence["event"]
            figure.evidence["event"] = Decision(resolved, decision.strategy, decision.words)
        return resolved

    # -- context -------------------------------------------------------------------------------
    def _whole_of_partitive(self, figure: Figure) -> bool:
        if not figure.sentence_claims:
            return False
        sentence = figure.sentence
        gap = fold(sentence.text[figure.sentence_claims[-1].start - sentence.start:figure.number.start])
        return bool(self.part_of_whole_re.search(gap))

    @staticmethod
    def _continued_claim(figure: Figure) -> Claim | None:
        """The figure an elided or anaphoric number continues: the last one of the sentence, else the
        document's last one that says what it counts."""
        if figure.whole_claims:
            return figure.whole_claims[-1]  # "339, dont 124 enfants … 247": the total goes on, not its part
        if figure.sentence_claims:
            return figure.sentence_claims[-1]
        # "nine residents including four children. … killing three": the whole goes on, not its part
        claims = [c for c in figure.document_claims if id(c) not in figure.subsets] or figure.document_claims
        return next((c for c in reversed(claims) if c.counted != "other"), claims[-1] if claims else None)

    def _military_context(self, doc: Doc, anchor: Token, trigger: Token | None) -> bool:
        """"Les pertes de combat de la Russie … 14 400 personnes": generic people are soldiers."""
        if trigger is not None and fold(trigger.lemma_) in self.military_context and trigger.pos_ == "NOUN":
            return True
        return any(
            token.i != anchor.i and token.pos_ == "NOUN" and fold(token.lemma_) in self.military_context
            and tree_distance(anchor, token) <= 3
            for token in doc
        )

    def _killed_in_battle(self, figure: Figure, event: str | None) -> str | None:
        """« 200 000 morts sur le champ de bataille », "killed in action": who falls in battle fights.
        The phrase must follow the figure closely, in its own clause."""
        if event not in ("killed", "wounded", "killed_or_wounded"):
            return None
        end = figure.anchor.idx + len(figure.anchor.text)  # offsets in the parse are the sentence's
        after = fold(figure.sentence.text[end:end + 60])
        after = re.split(r"[;,(]|\s(?:et|and|while|alors)\s", after, maxsplit=1)[0]
        found = self.battle_re.search(after)
        return found.group(0) if found else None

    def _introduced_event(self, figure: Figure) -> str | None:
        for doc in reversed(figure.introduced_docs):
            found = self.events.triggers(doc)
            if found:
                figure.evidence["event"] = Decision(found[0][1], "list_introduction", found[0][0].text)
                return found[0][1]
        return None

    def _in_own_relative(self, figure: Figure, trigger: Token) -> bool:
        """"at least 33 who are believed to be dead": the figure's own relative clause says what happened."""
        number = figure.doc[figure.last]
        return any(trigger.i in {t.i for t in c.subtree} for holder in (number, number.head)
                   for c in holder.children if self.deps.is_(c, "relative_clause"))

    def _class_of(self, noun: Token) -> str | None:
        """The counted class of the phrase this noun opens, read as if a number stood before it."""
        if noun.i == 0:
            return None
        found = self.counted.find(noun.doc, noun.i - 1, noun.i - 1)
        return found.counted if found.noun_tokens and found.noun_tokens[0].i == noun.i else None

    def _named_before(self, event_word: Token) -> tuple[str, Token] | None:
        """The counted noun just before an event word ("Russian soldiers killed")."""
        for token in reversed(event_word.doc[max(1, event_word.i - 3):event_word.i]):
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            found = self._class_of(token)
            if found not in (None, "other"):
                return found, token
        return None

    def _people_named_here(self, figure: Figure) -> tuple[str, Token] | None:
        """The one class of people the figure's own sentence names without a number of its own."""
        found: dict[str, Token] = {}
        for token in doc_tokens(figure.doc):
            if token.pos_ != "NOUN" or any(number_of(c) is not None for c in token.children):
                continue
            if token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i:
                continue  # "police operations": a word on another noun names no one
            counted = self._class_of(token)
            if counted in PEOPLE:
                found.setdefault(counted, token)
        found.pop("person", None)
        return next(iter(found.items())) if len(found) == 1 else None

    def _civilian_on(self, trigger: Token | None) -> Token | None:
        """The civilian word on the event noun a bare number is read from ("civilian casualties",
        « victimes civiles »): the number counts those people."""
        if trigger is None or trigger.pos_ != "NOUN":
            return None
        near = [t for t in trigger.doc[max(0, trigger.i - 1):trigger.i + 2] if t.i != trigger.i]
        return next((t for t in near if t.head.i == trigger.i and (
            fold(t.text) in self.civilian_context or fold(t.lemma_) in self.civilian_context)), None)

    def _civilian_word(self, anchor: Token) -> Token | None:
        """A word for civilians close to the figure in the parse ("800 morts parmi les civils",
        "le bilan des civils tués s'est alourdi à 822 morts", "Dix des 14 morts sont des civils"),
        not anywhere in the sentence."""
        for token in doc_tokens(anchor.doc):
            if token.i == anchor.i or tree_distance(anchor, token) > 3:
                continue
            if fold(token.text) not in self.civilian_context and fold(token.lemma_) not in self.civilian_context:
                continue
            if any(number_of(c) is not None for c in token.children):
                continue  # "7 110 civils": another figure's noun
            if token.i > anchor.i and self.subset_re.search(fold(anchor.doc[anchor.i + 1:token.i].text)):
                continue  # « 14 morts, dont une majorité de civils »: a part of the figure, not all of it
            return token
        return None
