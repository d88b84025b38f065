"""Whose the counted people or things are: the side, decided by named strategies.

The order is the order of trust: what the figure's own phrase says ("soldats russes",
"its soldiers"), then its clause (the owner of a loss, an attack by one party on the
other, hostages held by a party, where people are), then the figures it continues, then
what the speaker's side implies, and the document's defaults last.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from decompte.claimants import STATE_KINDS, known
from decompte.extract.attribution import normalise_claimant
from decompte.extract.counted import EQUIPMENT, PEOPLE, SideFinder
from decompte.extract.packs import Conflict, LanguagePack, fold, places
from decompte.extract.strategies import Decision, StrategyList, decided
from decompte.extract.syntax import doc_tokens, folded_text, number_of, phrase_text, tree_distance
from decompte.model import Claim

# Strategies that read whose the figures are in the text, and those that only guess.
STATED = frozenset({"on_counted_noun", "owner_of_event", "in_counted_phrase", "destroyed_by_other_party",
                    "speaker_possessive", "admitted_by_speaker",
                    "held_by_other_party", "attacked_by_other_party", "taken_by_other_party", "launched_by"})
GUESSES = frozenset({"speaker_enemy_losses", "same_class_before", "document_location", "document_side"})
# Sides read from where things are: weapons fired at a place are its enemy's, not its own.
PLACE_GUESSES = frozenset({"where_they_are", "document_location", "document_side", "same_class_before", "recent_people"})
# Hostages and prisoners: whose they are is read from their nationality before where they are held.
CAPTIVE_GUESSES = GUESSES | {"held_by_other_party", "recent_people", "continued_figure", "same_sentence"}
KILLED_OR_HURT = ("killed", "wounded", "killed_or_wounded")
LOSSES = ("lost", "killed", "wounded", "killed_or_wounded", "captured")


@dataclass
class SideQuery:
    """What the side strategies may look at for one figure."""

    doc: Doc
    anchor: Token
    noun_tokens: list[Token]
    counted: str
    event: str
    trigger: Token | None
    conflict: Conflict | None
    claimant: str | None
    sentence_claims: list[Claim]
    document_claims: list[Claim]
    inherited: Claim | None
    introduced_docs: list[Doc]  # the sentences that introduced a list this figure is part of
    location_side: str | None
    default_side: str | None
    captive: bool = False  # counted as hostages or prisoners, whatever happens to them now
    listed: Claim | None = None  # the figure it follows in a list ("270 militaires et 120 civils")


    @property
    def people(self) -> bool:
        return self.counted in PEOPLE

    @property
    def military(self) -> bool:
        return self.counted in EQUIPMENT or self.counted == "soldier"

    def other_party(self, party: str | None) -> str | None:
        if self.conflict is None or party not in self.conflict.parties:
            return None
        return next((p for p in self.conflict.parties if p != party), None)


def _group(claim: Claim) -> str:
    return "military" if claim.counted in EQUIPMENT or claim.counted == "soldier" else "people"


def _captive(claim: Claim) -> bool:
    """Hostages or prisoners, whether still held or now released."""
    event = claim.evidence.get("event", {}).get("strategy")
    side = claim.evidence.get("side", {}).get("strategy")
    return claim.event == "captured" or event == "released" or side == "held_by_other_party"


class SideResolver:
    """Decides the side of a figure; ``strategies.names`` lists the order."""

    def __init__(self, pack: LanguagePack, sides: SideFinder, triggers: Callable[[Doc], list[tuple[Token, str]]]) -> None:
        self.pack = pack
        self.sides = sides
        self.triggers = triggers
        self.possessives = {fold(w) for w in pack.attribution.get("possessives", [])}
        self.place_prepositions = {fold(w) for w in [*pack.sides.get("location_prepositions", []),
                                                      *pack.sides.get("direction_prepositions", [])]}
        self.attack_words = {fold(w) for w in pack.sides.get("attack_words", [])}
        self.attack_nouns = {fold(w) for w in pack.sides["attack_nouns"]}
        self.own_markers = {fold(w) for w in pack.sides.get("own_markers", [])}
        self.behind_prepositions = {fold(w) for w in [*pack.sides.get("location_prepositions", []),
                                                       *pack.sides.get("direction_prepositions", []),
                                                       *pack.sides.get("agent_prepositions", []),
                                                       *pack.sides["time_prepositions"]]}
        self.loss_words = {fold(w) for w in [*pack.counted.get("owned_losses", []), *pack.counted.get("military_context", [])]}
        self.enemy_verbs = {fold(w) for w in pack.events["enemy_is_subject"]}
        self.admission_verbs = {fold(w) for w in pack.sides.get("admission_verbs", [])}
        self.own_death_verbs = {fold(w) for w in pack.sides["own_death_verbs"]}
        self.maker_words = {fold(w) for w in pack.sides["maker_words"]}
        self.homecoming_verbs = {fold(w) for w in pack.sides["homecoming_verbs"]}
        self.expeller_verbs = {fold(w) for w in pack.sides["expeller_verbs"]}
        self.both_sides_re = re.compile(r"(?<![\w])(?:" + "|".join(
            re.escape(fold(p)) for p in sorted(pack.sides["both_sides_phrases"], key=len, reverse=True)) + r")(?![\w])")
        self.captor_verbs = {fold(w) for w in [*pack.events["captor_verbs"], *pack.events["release_verbs"]]}
        self.strategies: StrategyList[SideQuery] = StrategyList.of("side", [
            ("both_parties", self.both_parties),
            ("said_of_both_sides", self.said_of_both_sides),
            ("on_counted_noun", self.on_counted_noun),
            ("owner_of_event", self.owner_of_event),
            ("in_counted_phrase", self.in_counted_phrase),
            ("launched_by", self.launched_by),
            ("taken_by_other_party", self.taken_by_other_party),
            ("destroyed_by_other_party", self.destroyed_by_other_party),
            ("speaker_possessive", self.speaker_possessive),
            ("admitted_by_speaker", self.admitted_by_speaker),
            ("fled_from", self.fled_from),
            ("held_by_other_party", self.held_by_other_party),
            ("where_they_are", self.where_they_are),
            ("counted_by_local_authority", self.counted_by_local_authority),
            ("continued_figure", self.continued_figure),
            ("attacked_by_other_party", self.attacked_by_other_party),
            ("list_introduction", self.list_introduction),
            ("listed_with", self.listed_with),
            ("speaker_own_word", self.speaker_own_word),
            ("speaker_own_dead", self.speaker_own_dead),
            ("speaker_enemy_losses", self.speaker_enemy_losses),
            ("recent_people", self.recent_people),
            ("same_sentence", self.same_sentence),
            ("same_class_before", self.same_class_before),
            ("document_location", self.document_location),
            ("document_side", self.document_side),
        ])

    def decide(self, query: SideQuery) -> Decision:
        decision = self.strategies.decide(query, Decision(None, "none"))
        decision = self._weapons_fired_at(query, decision)
        return self._speaker_enemy(query, decision)

    # -- the figure's own phrase ---------------------------------------------------------------
    def both_parties(self, q: SideQuery) -> Decision | None:
        """"500,000 Ukrainian and Russian troops", "1,500 Israelis and Palestinians": a total over
        two parties belongs to neither (side null)."""
        if not q.noun_tokens:
            return None
        head = q.noun_tokens[0]
        deps = self.pack.deps
        words = [*q.noun_tokens, *(c for t in q.noun_tokens for c in t.children if deps.is_(c, "conjunct", "adjective_modifier"))]
        words += [c for t in list(words) for c in t.children if deps.is_(c, "conjunct")]
        named = {side for t in words if (side := self.sides.country_of(t))}
        if head.i > 0 and len(named) < 2:
            return None
        return Decision(None, "", " ".join(t.text for t in words if self.sides.country_of(t))) if len(named) >= 2 else None

    def said_of_both_sides(self, q: SideQuery) -> Decision | None:
        """"90 from each side", « environ 290 morts dans les deux camps »: people counted over both
        parties belong to neither."""
        if not q.people:
            return None
        found = self.both_sides_re.search(folded_text(q.doc))
        return Decision(None, "", found.group(0)) if found else None

    def on_counted_noun(self, q: SideQuery) -> Decision | None:
        """A demonym or country in the counted phrase: "soldats russes", "Russian tanks" — not the
        country that made them ("US-made Abrams tanks", « de fabrication américaine »)."""
        for token in q.noun_tokens:
            if fold(token.head.lemma_) in self.maker_words:
                continue
            side = self.sides.country_of(token)
            if side and self._foreign_captives(q, side):
                return None  # "dix Thaïlandais" freed by Hamas: taken in Israel, they are Israel's (GUIDELINES)
            if side:
                return decided(side, token.text)
        if q.noun_tokens:
            side = self.sides.from_modifiers(q.noun_tokens[0])
            return decided(side, phrase_text(list(q.noun_tokens[0].subtree))) if side else None
        return None

    def _foreign_captives(self, q: SideQuery, side: str) -> bool:
        """Hostages or prisoners of a third country in a war: they take the side of the party they
        were taken from, read from who holds or frees them, not from their nationality."""
        if q.conflict is None or side in q.conflict.parties or not q.people:
            return False
        freed = q.trigger is not None and fold(q.trigger.lemma_) in self.captor_verbs
        # "… as well as ten Thais": no event of its own, it goes on counting the captives before it
        along = q.trigger is None and bool(q.sentence_claims) and _captive(q.sentence_claims[-1])
        return q.captive or q.event == "captured" or freed or along or (q.inherited is not None and _captive(q.inherited))

    def owner_of_event(self, q: SideQuery) -> Decision | None:
        """"les pertes russes", "la Russie a perdu": the event word's own modifier, or the subject
        of a verb of loss or deployment."""
        if q.trigger is not None:
            side = self.sides.from_modifiers(q.trigger, depth=1) if q.trigger.pos_ == "NOUN" else None
            side = side or self.sides.owner_subject(q.trigger)
            if side:
                return decided(side, q.trigger.text)
        verb = q.anchor.head  # "Russia has suffered 100,000 casualties": the verb the counted noun is object of
        if verb.i != q.anchor.i and verb.pos_ == "VERB":
            return decided(self.sides.owner_subject(verb), verb.text)
        return None

    def in_counted_phrase(self, q: SideQuery) -> Decision | None:
        """A party named anywhere in the counted noun's phrase, unless as where they are
        ("troops near Ukraine's border")."""
        if not q.noun_tokens:
            return None
        head = q.noun_tokens[0]
        # "12 otages et Israël a relâché…": a party coordinated with the counted noun owns nothing
        # nor does another figure coordinated with it ("47 soldiers and 84 Wagner mercenaries")
        coordinated = {t.i for c in head.children if self.pack.deps.is_(c, "conjunct") and (
            c.pos_ == "PROPN" or any(number_of(n) is not None for n in c.subtree)) for t in c.subtree}
        for token in head.subtree:
            if token.i in coordinated or fold(token.head.lemma_) in self.maker_words:
                continue
            before = {fold(t.text) for t in token.doc[max(0, token.i - 2):token.i]}
            if before & self.place_prepositions or self._behind_preposition(token, head):
                continue
            side = self.sides.country_of(token)
            if side and self._foreign_captives(q, side):
                return None
            if side:
                return decided(side, token.text)
        return None

    def _behind_preposition(self, token: Token, head: Token) -> bool:
        """A word reached from the counted noun through a place or an agent: "who were in the
        Ukrainian town", "seized by Ukrainian soldiers", "killed as Russia shells" say where they were or who acted."""
        current = token
        while current.i != head.i and current.head.i != current.i:
            if current.pos_ in ("VERB", "AUX") or any(fold(c.text) in self.behind_prepositions for c in current.children) or (
                    current.pos_ == "ADP" and fold(current.text) in self.behind_prepositions):  # "wounded by Armenian shelling"
                return True  # a clause on the counted noun says what happened, not whose they are
            current = current.head
        return False

    def launched_by(self, q: SideQuery) -> Decision | None:
        """"22 drones launched by Ukraine were shot down", « 17 drones lancés par les Houthis »: a
        participle of launching or owning on the counted noun names the owner as its agent."""
        if not q.military or not q.noun_tokens:
            return None
        head = q.noun_tokens[0]
        # the participle may hang on a noun further in the phrase ("missiles de croisière Kh-101 tirés par…")
        nouns = [head, *(t for t in head.doc[head.i + 1:head.i + 5] if t.pos_ in ("NOUN", "PROPN"))]
        for clause in (c for noun in nouns for c in noun.children):
            if not self.pack.deps.is_(clause, "participle_clause") or clause.i < head.i:
                continue
            side = self.sides.owner_subject(clause)
            if side:
                return decided(side, f"{clause.text} … {side}")
        return None

    def taken_by_other_party(self, q: SideQuery) -> Decision | None:
        """"Israël a relâché 39 prisonniers", "Hamas abducted 240 people": captives a party holds,
        takes or frees are the other party's people."""
        if not q.people or q.conflict is None or not (q.captive or q.event == "captured"):
            return None
        # the verb over the captives, or the release word read right after them ("24 Hostages Set Free by Hamas")
        arrival = q.trigger is not None and fold(q.trigger.lemma_) in self.homecoming_verbs  # where they arrive holds no one
        candidates = [next((t for t in q.anchor.ancestors if t.pos_ in ("VERB", "AUX")), None), None if arrival else q.trigger]
        verb = next((t for t in candidates if t is not None and self._captor_verb(t)), None)
        if verb is None:
            return None
        subjects = [c for c in verb.children if self.pack.deps.is_(c, "active_subject", "agent")]
        if not subjects:  # a parse that hung the subject elsewhere: the word just before the verb
            before = verb.i - 1
            while before > 0 and verb.doc[before].pos_ in ("AUX", "ADV", "PRON"):
                before -= 1
            subjects = [verb.doc[before]] if before >= 0 and verb.doc[before].pos_ != "CCONJ" else []
        if not subjects and self.pack.deps.is_(verb, "conjunct"):  # "Hamas killed 1,200 … and took 251 hostages"
            subjects = [c for c in verb.head.children if self.pack.deps.is_(c, "active_subject", "agent")]
        for child in subjects:
            named = next((t for t in child.subtree if self.sides.country_of(t) in q.conflict.parties), None)
            other = q.other_party(self.sides.country_of(named) if named is not None else None)
            if other and named is not None:
                return decided(other, f"{named.text} {verb.text}")
        return None

    def _captor_verb(self, token: Token) -> bool:
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return fold(token.lemma_) in self.captor_verbs or after is not None and (
            f"{fold(token.lemma_)} {fold(after.text)}" in self.captor_verbs or f"{fold(token.text)} {fold(after.text)}" in self.captor_verbs)

    def destroyed_by_other_party(self, q: SideQuery) -> Decision | None:
        """"Ukrainian troops knocked out three T-72s", « Nous avons abattu douze drones »: what a party
        destroys or kills is its enemy's."""
        # "300 weapons and military equipment were destroyed by Ukrainian forces": any thing lost counts
        if not (q.military or q.counted == "other" and q.event == "lost") or q.trigger is None or q.conflict is None \
                or q.event not in LOSSES:
            return None
        if fold(q.trigger.lemma_) not in self.enemy_verbs:
            return None
        for child in q.trigger.children:
            if not self.pack.deps.is_(child, "active_subject", "agent"):
                continue
            for token in child.subtree:
                if token.i > 0 and fold(token.doc[token.i - 1].text) in self.place_prepositions:
                    continue  # "destroyed by shelling in Kharkiv": where the shelling fell, not who shelled
                party = self.sides.country_of(token)
                own = self._own_marker(token) or fold(token.text) in self.possessives  # "we", "its forces"
                if party is None and own and q.claimant:
                    party = self.party_of_speaker(q.claimant, q.conflict)
                other = q.other_party(party)
                if other:
                    return decided(other, f"{token.text} {q.trigger.text}")
        return self._speaker_destroyed(q, q.trigger)

    def _speaker_destroyed(self, q: SideQuery, verb: Token) -> Decision | None:
        """« Les forces ukrainiennes disent avoir détruit trois T-72 »: a destroying verb with no subject
        of its own, under the speech verb, tells what the speaker did."""
        if not q.claimant or any(self.pack.deps.is_(c, "active_subject", "agent") for c in verb.children):
            return None
        infinitive = [t for t in (verb, *verb.children) if "Inf" in t.morph.get("VerbForm", [])]
        if not infinitive or verb.head.i == verb.i or verb.head.pos_ != "VERB":
            return None
        party = self.country_of_claimant(q.claimant)
        other = q.other_party(party) if party in q.conflict.parties else None  # type: ignore[union-attr]
        return decided(other, f"{q.claimant} {verb.text}") if other else None

    def speaker_possessive(self, q: SideQuery) -> Decision | None:
        """"1 351 of its soldiers", "nos soldats": the speaker's own."""
        if not q.claimant or not q.noun_tokens:
            return None
        head = q.noun_tokens[0]
        owner = next((t for t in head.doc[max(0, head.i - 3):head.i] if fold(t.text) in self.possessives), None)
        return decided(self.country_of_claimant(q.claimant), f"{owner.text} … {q.claimant}") if owner else None

    def admitted_by_speaker(self, q: SideQuery) -> Decision | None:
        """"Moscou reconnaît 1 351 soldats tués", "conceded the deaths of 89 troops": a party
        admitting losses speaks of its own."""
        if not q.claimant or q.event not in LOSSES:
            return None
        verb = next((t for t in q.anchor.ancestors if fold(t.lemma_) in self.admission_verbs), None)
        if verb is None:
            return None
        party = self.party_of_speaker(q.claimant, q.conflict)
        return decided(party, f"{q.claimant} {verb.text}")

    # -- the clause ----------------------------------------------------------------------------
    def fled_from(self, q: SideQuery) -> Decision | None:
        """Refugees are counted by the country they fled, the party named in their sentence — but the
        party that deports them or whose invasion they flee is the other one ("Russia has deported
        700,000 children", « depuis le début de l'invasion russe »)."""
        if q.event != "displaced" or q.conflict is None:
            return None
        best: tuple[int, str, str] | None = None
        for token in doc_tokens(q.doc):
            party = self.sides.country_of(token) if token.i != q.anchor.i else None
            if party not in q.conflict.parties:
                continue
            head = token.head
            acting = (fold(head.lemma_) in self.attack_nouns and head.i != token.i) or (
                self.pack.deps.is_(token, "active_subject") and fold(head.lemma_) in self.expeller_verbs)
            side = q.other_party(party) if acting else party
            if side and (best is None or abs(token.i - q.anchor.i) < best[0]):
                best = (abs(token.i - q.anchor.i), side, f"{token.text} {head.text}" if acting else token.text)
        return decided(best[1], best[2]) if best else None

    def held_by_other_party(self, q: SideQuery) -> Decision | None:
        """"200 hostages held in Gaza" are the other party's people."""
        if not q.people or not (q.captive or q.event == "captured") or q.conflict is None:
            return None
        attacked = self._attacked_by(q, self.attack_nouns)  # an attack, not an army that speaks
        if attacked is not None:
            return attacked  # "taken hostage during the Hamas assault on Israel": the attacker took them
        held_in = self.sides.location(q.doc, q.anchor)
        if held_in is None:  # "abducted and taken into Gaza"
            found = self.sides.place(q.doc, q.anchor, towards=True)
            held_in = found[0] if found else None
        if q.trigger is not None and fold(q.trigger.lemma_) in self.homecoming_verbs and held_in in q.conflict.parties:
            return decided(held_in, f"{q.trigger.text} … {held_in}")  # "hostages arrived in Israel": home, freed
        return decided(q.other_party(held_in), held_in or "")

    def where_they_are(self, q: SideQuery) -> Decision | None:
        """People and crowds belong to the country where they are ("à Kiev", "in Vienna");
        refugees are not counted by where they are hosted."""
        if not (q.people or q.event == "gathered") or q.counted == "soldier" or q.event in ("displaced", "captured") or q.captive:
            return None
        return self._at_place(q)

    def counted_by_local_authority(self, q: SideQuery) -> Decision | None:
        """A crowd or arrests counted by a country's police or ministry, where no place is named, are in
        that country ("selon la police autrichienne", "Georgia's interior ministry said 224 … detained")."""
        if q.event not in ("gathered", "detained") or not q.claimant or q.counted == "soldier":
            return None
        country = self.country_of_claimant(q.claimant)
        if country is None or (q.conflict is not None and q.event == "detained" and country in q.conflict.parties
                               and q.captive):
            return None
        return decided(country, q.claimant)

    def continued_figure(self, q: SideQuery) -> Decision | None:
        """"816 civils tués et 1 333 blessés": the figure continued."""
        if q.inherited is None:
            return None
        return decided(q.inherited.side, q.inherited.quote)

    def attacked_by_other_party(self, q: SideQuery) -> Decision | None:
        """Victims of an attack a party makes belong to the other party: "Russian strike … kills 35",
        "Russia shells Kharkiv"."""
        if not q.people or q.counted == "soldier" or q.event not in KILLED_OR_HURT or q.conflict is None:
            return None
        return self._attacked_by(q, self.attack_words)

    def _attacked_by(self, q: SideQuery, words: set[str]) -> Decision | None:
        """The other party of the one the sentence names as attacking ("Russian strike", "the Hamas assault")."""
        assert q.conflict is not None
        for token in doc_tokens(q.doc):
            party = self.pack.demonym_index.get(fold(token.text)) or (
                self.sides.country_of(token) if self.pack.deps.is_(token, "nominal_subject") else None)
            if party not in q.conflict.parties:
                continue
            word = token if token.pos_ == "NOUN" else token.head
            if fold(word.lemma_) in words or fold(word.text) in words:
                other = q.other_party(party)
                if other:
                    return decided(other, phrase_text([min(token, word), max(token, word)]))
        return None

    def list_introduction(self, q: SideQuery) -> Decision | None:
        """"… les pertes infligées à l'armée russe. Principaux chiffres : chars : 466": the party
        named nearest the event of the sentence that introduced the list."""
        for doc in reversed(q.introduced_docs):
            found = self.triggers(doc)
            if not found:
                continue
            trigger = found[0][0]
            named = [(tree_distance(trigger, t), side, t.text) for t in doc_tokens(doc) if (side := self.sides.country_of(t))]
            if named:
                best = min(named)
                return decided(best[1], best[2])
        return None

    def listed_with(self, q: SideQuery) -> Decision | None:
        """A list of military losses keeps the side of the figure before it."""
        if not q.military or not q.claimant or q.event not in LOSSES or not q.sentence_claims:
            return None
        before = q.sentence_claims[-1]
        if before.side and (before.counted in EQUIPMENT or before.counted == "soldier"):
            return decided(before.side, before.quote)
        return None

    def speaker_own_word(self, q: SideQuery) -> Decision | None:
        """"Nos pertes…", "we lost": the speaker's own."""
        if not q.military or not q.claimant or q.event not in LOSSES:
            return None
        marker = next((t for t in doc_tokens(q.doc) if self._own_marker(t)), None)
        return decided(self.country_of_claimant(q.claimant), marker.text) if marker is not None else None

    def _own_marker(self, token: Token) -> bool:
        """"we", « nous » — not "US", the country, written in capitals."""
        return fold(token.text) in self.own_markers and not (token.text.isupper() and len(token.text) > 1)

    def speaker_own_dead(self, q: SideQuery) -> Decision | None:
        """"Russia says 89 soldiers died", « 31 000 militaires sont morts », a déclaré Zelensky: a party
        tells of soldiers who died, fell or perished — its own; the enemy's it says it killed."""
        if q.counted != "soldier" or q.event != "killed" or not q.claimant or q.trigger is None:
            return None
        if fold(q.trigger.lemma_) not in self.own_death_verbs:
            return None
        return decided(self.party_of_speaker(q.claimant, q.conflict), f"{q.trigger.text} … {q.claimant}")

    def speaker_enemy_losses(self, q: SideQuery) -> Decision | None:
        """Military losses a party reports without saying whose are its enemy's: its tally of equipment
        destroyed, or of "losses" (« les pertes … 100 000 morts ») — soldiers it says were killed
        without such a word are as often its own ("l'armée a recensé 726 soldats tués")."""
        if not q.military or not q.claimant or q.event not in LOSSES:
            return None
        if q.counted == "soldier" and not any(fold(t.lemma_) in self.loss_words and tree_distance(q.anchor, t) <= 3
                                              for t in doc_tokens(q.doc)):
            return None
        return decided(self.opponent(q.claimant, q.conflict), q.claimant)

    # -- the document --------------------------------------------------------------------------
    def recent_people(self, q: SideQuery) -> Decision | None:
        """The people the last figures spoke of (hostages, held by the other side, excepted)."""
        if not q.people or q.counted == "soldier":
            return None
        for claim in reversed(q.document_claims[-3:]):
            held = claim.event == "captured" or claim.evidence.get("side", {}).get("strategy") == "held_by_other_party"
            if claim.counted in PEOPLE and claim.counted != "soldier" and claim.side and not held:
                return decided(claim.side, claim.quote)
        return None

    def same_sentence(self, q: SideQuery) -> Decision | None:
        if not q.sentence_claims:
            return None
        before = q.sentence_claims[-1]
        other_kind = _group(before) != ("military" if q.military else "people")
        if other_kind and q.listed is not before:
            return None  # missiles and their victims, soldiers and civilians: one side each, unless listed together
        return decided(before.side, before.quote)

    def same_class_before(self, q: SideQuery) -> Decision | None:
        if not q.military:
            return None
        claim = next((c for c in reversed(q.document_claims) if c.counted == q.counted and c.side), None)
        return decided(claim.side, claim.quote) if claim else None

    def document_location(self, q: SideQuery) -> Decision | None:
        """Where the sentence, else the document, says things happen."""
        found = self._at_place(q) if q.event != "displaced" else None
        if found:
            return found
        if q.people and q.counted != "soldier" and q.event != "displaced":
            return decided(q.location_side, "document location")
        return None

    def _at_place(self, q: SideQuery) -> Decision | None:
        found = self.sides.place(q.doc, q.anchor)
        return decided(found[0], phrase_text(list(found[1].subtree))[:80]) if found else None

    def document_side(self, q: SideQuery) -> Decision | None:
        return decided(q.default_side, "document")

    # -- the document's topic, once every figure is read -----------------------------------------
    def follow_topic(self, claims: list[Claim]) -> None:
        """A figure whose side is only guessed takes the side the document states for its kind of
        figures: in an article about Russian soldiers, "16 soldiers" are Russian too."""
        topics = {group: self._topic(claims, group) for group in ("military", "people", "captive")}
        for claim in claims:
            evidence = claim.evidence.get("side", {})
            captive = _captive(claim)
            if evidence.get("strategy") not in (CAPTIVE_GUESSES if captive else GUESSES):
                continue
            topic = topics["captive" if captive else _group(claim)]
            if topic is not None and topic[0] != claim.side:
                claim.side = topic[0]
                claim.evidence["side"] = Decision(topic[0], "document_topic", topic[1]).as_evidence()
                claim.confidence = round(max(claim.confidence - 0.1, 0.1), 2)

    @staticmethod
    def _topic(claims: list[Claim], group: str) -> tuple[str, str] | None:
        stated = [c for c in claims if c.side and c.evidence.get("side", {}).get("strategy") in STATED
                  and ("captive" if _captive(c) else _group(c)) == group]
        if len(stated) < 2:
            return None
        counts = Counter(c.side for c in stated if c.side)
        side, count = counts.most_common(1)[0]
        if count < 0.6 * len(stated):
            return None
        return side, next(c.quote for c in stated if c.side == side)

    # -- corrections ---------------------------------------------------------------------------
    def _weapons_fired_at(self, q: SideQuery, decision: Decision) -> Decision:
        """Missiles, drones and strikes fired at a country belong to its enemy ("deux frappes sur
        Sanaa", "43 massacres" in Gaza: the attacker's)."""
        side = decision.value
        attacks = bool(q.noun_tokens) and fold(q.noun_tokens[0].lemma_) in self.attack_nouns and not q.people
        if (q.counted not in ("missile", "drone") and not attacks) or q.conflict is None or side not in q.conflict.parties:
            return decision
        victims = decision.strategy == "same_sentence" and bool(q.sentence_claims) and q.sentence_claims[-1].counted in PEOPLE
        if decision.strategy not in PLACE_GUESSES and not (attacks and victims):
            return decision  # whose they are was read, not guessed from where they went
        before = q.sentence_claims[-1] if q.sentence_claims else None
        if before is not None and before.counted in EQUIPMENT and before.counted not in ("missile", "drone"):
            return decision  # "411 avions, 228 hélicoptères, 3 782 drones": a list of one owner's losses
        target = self.sides.location(q.doc, q.anchor) or q.default_side
        if side == target:
            return Decision(q.other_party(side) or side, "fired_at", target)
        return decision

    def _speaker_enemy(self, q: SideQuery, decision: Decision) -> Decision:
        """"les pertes ennemies" are the speaker's enemy's; so are losses a party inflicts on a
        third country's equipment ("44 HIMARS livrés par les Etats-Unis")."""
        if not q.claimant:
            return decision
        enemy = any(self.sides.is_enemy(t) for t in q.noun_tokens)
        foreign = (q.conflict is not None and decision.value is not None and decision.value not in q.conflict.parties
                   and q.event in ("lost", "killed", "captured"))
        if enemy or foreign:
            opponent = self.opponent(q.claimant, q.conflict)
            if opponent:
                return Decision(opponent, "enemy_of_speaker", q.claimant)
        return decision

    def country_of_claimant(self, claimant: str) -> str | None:
        _, info = normalise_claimant(claimant)
        if info and info.country:
            return info.country
        for word in re.findall(r"[\w\-’']+", fold(claimant)):
            country = self.pack.demonym_index.get(word) or places().get(word)
            if country:
                return country
        return None

    def party_of_speaker(self, claimant: str, conflict: Conflict | None) -> str | None:
        """The party a speaker speaks for: a state body or a known person of a party; a reporter,
        a monitor or an agency speaks for none ("BBC Russian" is not Russia)."""
        _, info = normalise_claimant(claimant)
        registered = known(claimant)
        if registered is not None:
            speaks_for = registered.kind in STATE_KINDS or registered.kind == "person"
        else:
            # an office holder named with the place of the office ("le gouverneur de Belgorod") speaks for it
            speaks_for = info is not None and (info.kind in STATE_KINDS or (info.kind == "person" and bool(info.title)))
        country = self.country_of_claimant(claimant) if speaks_for else None
        return country if conflict is None or country in conflict.parties else None

    def opponent(self, claimant: str, conflict: Conflict | None) -> str | None:
        country = self.party_of_speaker(claimant, conflict)
        if conflict is None or country not in conflict.parties:
            return None
        others = [p for p in conflict.parties if p != country]
        return others[0] if others else None
