"""Who claims a figure: "selon X", "X a affirmé que…", « … », a indiqué X, "Il a ajouté".

The claimant is the noun phrase as written in the text; ``normalise_claimant`` gives its
short form from ``common/claimants.yaml`` when the name is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from decompte.extract.packs import KnownClaimant, LanguagePack, fold, known_claimants
from decompte.extract.syntax import clean_name, noun_phrase, phrase_text, tree_distance

PRONOUN = "<pronoun>"  # the claimant is whoever was speaking before


@dataclass(frozen=True)
class Attribution:
    claimant: str          # as written, or PRONOUN
    start: int             # character offset (in the sentence) of the cue, to rank cues by distance
    kind: str              # "source" (selon X), "speech" (X a dit), "quote"


class ClaimantFinder:
    def __init__(self, pack: LanguagePack) -> None:
        self.pack = pack
        cues = sorted((fold(c) for c in pack.attribution.get("source_prepositions", [])), key=len, reverse=True)
        self.source_re = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(c) for c in cues) + r")(?![\w])") if cues else None
        self.speech = pack.speech_verbs
        self.multi_speech = [fold(v).split() for v in pack.attribution.get("speech_verbs", []) if " " in v]
        self.pronouns = {fold(p) for p in pack.attribution.get("pronouns", [])}
        self.relatives = {fold(p) for p in pack.attribution.get("relative_pronouns", [])}

    # -- the cues of one sentence -------------------------------------------------------------
    def source_cues(self, doc: Doc) -> list[Attribution]:
        """"selon la police", "according to the UN": the phrase after the cue."""
        if self.source_re is None:
            return []
        found = []
        text = fold(doc.text)
        for match in self.source_re.finditer(text):
            after = [t for t in doc if t.idx >= match.end()]
            head = next((t for t in after if t.pos_ in ("NOUN", "PROPN", "PRON", "X") and not t.is_punct), None)
            if head is None or head.i - after[0].i > 4:
                continue
            while head.head is not head and head.head.i > head.i and head.dep_ in ("flat:name", "flat", "compound", "amod", "fixed", "det", "nmod:poss", "poss"):
                head = head.head
            tokens = [t for t in noun_phrase(head) if t.idx >= match.end()]
            if not tokens:
                continue
            name = self._name(tokens)
            if name:
                found.append(Attribution(name, match.start(), "source"))
        return found

    def speech_verbs(self, doc: Doc) -> list[Token]:
        verbs = []
        for token in doc:
            lemma = fold(token.lemma_)
            if token.pos_ in ("VERB", "AUX") and lemma in self.speech:
                verbs.append(token)
            elif token.pos_ in ("VERB", "AUX"):
                for words in self.multi_speech:
                    if lemma == words[0] and token.i + len(words) <= len(doc) and [fold(t.lemma_) for t in doc[token.i + 1:token.i + len(words)]] == words[1:]:
                        verbs.append(token)
        return verbs

    def subject_of(self, verb: Token) -> str | None:
        """The speaker of a speech verb: its subject, an agent, or the noun a participle qualifies."""
        seen = set()
        current = verb
        while current.i not in seen:
            seen.add(current.i)
            for child in current.children:
                if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj") or child.dep_ == "obl:agent" or child.dep_ == "agent":
                    if child.dep_ == "agent":
                        child = next((c for c in child.children if c.dep_ == "pobj"), child)
                    return self._speaker(child)
            # "-t-elle" after the verb, parsed in many ways
            nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
            if nxt is not None and fold(nxt.text).lstrip("-") in {p.lstrip("-") for p in self.pronouns} and nxt.text.startswith("-"):
                return PRONOUN
            if current.dep_ in ("conj", "xcomp") and current.head is not current:
                current = current.head  # "a affirmé … et ajouté": the first verb's subject speaks
                continue
            if current.dep_ in ("acl", "acl:relcl", "advcl") and current.head.pos_ in ("NOUN", "PROPN"):
                return self._name(noun_phrase(current.head))  # "les autorités militaires disant avoir détruit"
            break
        return None

    def _speaker(self, token: Token) -> str | None:
        folded = fold(token.text)
        if folded in self.relatives and token.head.dep_ in ("acl:relcl", "relcl"):
            return self._name(noun_phrase(token.head.head))
        if token.pos_ == "PRON" or folded in self.pronouns:
            return PRONOUN if folded in self.pronouns else None
        return self._name(noun_phrase(token))

    def _name(self, tokens: list[Token]) -> str | None:
        name = clean_name(phrase_text(tokens))
        if not name or len(name) < 2 or not any(c.isalpha() for c in name):
            return None
        return name

    def speech_cues(self, doc: Doc) -> list[tuple[Token, str]]:
        cues = []
        for verb in self.speech_verbs(doc):
            speaker = self.subject_of(verb)
            if speaker:
                cues.append((verb, speaker))
        return cues

    # -- the claimant of one number ------------------------------------------------------------
    def claimant_for(self, anchor: Token, sources: list[Attribution], speeches: list[tuple[Token, str]]) -> str | None:
        """The source cue nearest the number, else the nearest speech verb governing it."""
        doc = anchor.doc
        position = anchor.idx
        best_source = None
        for cue in sources:
            distance = abs(cue.start - position)
            if best_source is None or distance < best_source[0]:
                best_source = (distance, cue.claimant)
        best_speech = None
        ancestors = {t.i for t in anchor.ancestors}
        for verb, speaker in speeches:
            governs = verb.i in ancestors
            distance = tree_distance(anchor, verb)
            if not governs and distance > 6:
                continue
            key = (0 if governs else 1, distance)
            if best_speech is None or key < best_speech[0]:
                best_speech = (key, speaker, abs(verb.idx - position))
        if best_source and best_speech:
            # Both in one sentence: the nearer in the text wins ("14 500 d'après la police et 25 000 selon…")
            return best_source[1] if best_source[0] <= best_speech[2] or best_speech[0][0] == 1 else best_speech[1]
        if best_source:
            return best_source[1]
        if best_speech:
            return best_speech[1]
        del doc
        return None

    def main_speaker(self, doc: Doc) -> str | None:
        """The speaker of a sentence without a figure, remembered for a later "Il a ajouté"."""
        speeches = self.speech_cues(doc)
        named = [s for _, s in speeches if s != PRONOUN]
        if named:
            return named[0]
        sources = [c.claimant for c in self.source_cues(doc) if c.claimant != PRONOUN]
        return sources[0] if sources else None


def normalise_claimant(name: str | None) -> tuple[str | None, KnownClaimant | None]:
    """The short form of a claimant ("le dernier décompte de l'ONU" → "United Nations")."""
    if not name or name == PRONOUN:
        return None, None
    folded = fold(name)
    best: tuple[int, KnownClaimant] | None = None
    for known in known_claimants():
        for alias in known.aliases:
            key = fold(alias)
            if re.search(r"(?<![\w])" + re.escape(key) + r"(?![\w])", folded):
                if best is None or len(key) > best[0]:
                    best = (len(key), known)
    if best:
        return best[1].short, best[1]
    short = re.sub(r"^(?:l'|l’|le |la |les |the |un |une |des )", "", name, flags=re.IGNORECASE).strip()
    return short[:1].upper() + short[1:] if short else None, None
