"""Who claims a figure: "selon X", "X a affirmé que…", « … », a indiqué X, "Il a ajouté".

The claimant is the noun phrase as written in the text; ``normalise_claimant`` gives its
short form from ``common/claimants.yaml`` when the name is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from decompte.claimants import ClaimantInfo, resolve
from decompte.extract.packs import LanguagePack, fold, places
from decompte.extract.syntax import (clean_name, doc_tokens, folded_text, noun_phrase, number_of, phrase_text, raw_text,
                                     stem, tree_distance)

PRONOUN = "<pronoun>"  # the claimant is whoever was speaking before


@dataclass(frozen=True)
class Attribution:
    claimant: str          # as written, or PRONOUN
    start: int             # character offset (in the sentence) of the cue, to rank cues by distance
    kind: str              # "source" (selon X), "speech" (X a dit), "quote"


class ClaimantFinder:
    def __init__(self, pack: LanguagePack) -> None:
        self.pack = pack
        self.deps = pack.deps
        cues = sorted((fold(c) for c in pack.attribution.get("source_prepositions", [])), key=len, reverse=True)
        self.source_re = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(c) for c in cues) + r")(?![\w])") if cues else None
        self.speech = pack.speech_verbs
        self.multi_speech = [fold(v).split() for v in pack.attribution.get("speech_verbs", []) if " " in v]
        self.pronouns = {fold(p) for p in pack.attribution.get("pronouns", [])}
        self.relatives = {fold(p) for p in pack.attribution.get("relative_pronouns", [])}
        self.possessives = {fold(p) for p in pack.attribution.get("possessives", [])}
        self.same_source = {fold(p) for p in pack.attribution.get("same_source", [])}
        self.report_nouns = {fold(w) for w in pack.attribution.get("report_nouns", [])}
        self.demonstratives = {fold(w) for w in pack.attribution.get("demonstratives", [])}
        self.report_stems = {w.rstrip("s") for w in self.report_nouns}
        self.articles = {fold(w) for w in pack.attribution.get("definite_articles", [])} | self.demonstratives
        self.inverted_only = {fold(w) for w in pack.attribution.get("inverted_speech_verbs", [])}
        self.release_verbs = {fold(w) for w in pack.events.get("release_verbs", [])}
        self.non_agent_openers = {fold(w) for w in pack.attribution["non_agent_openers"]}
        self.non_agent_words = {stem(w) for w in pack.attribution["non_agent_words"]}
        endings = [fold(e) for e in pack.attribution.get("infinitive_endings", [])]
        self.stems: list[tuple[str, str]] = []  # (stem, verb): "indiqu" → "indiquer"
        for verb in self.speech:
            ending = next((e for e in sorted(endings, key=len, reverse=True) if verb.endswith(e)), None)
            if " " not in verb and ending and len(verb) - len(ending) >= 4:
                self.stems.append((verb[: -len(ending)], verb))
        self.stems.sort(key=lambda pair: len(pair[0]), reverse=True)
        self.verb_endings = {fold(e) for e in pack.attribution.get("verb_endings", [])}
        # the stems in that order, one group each: the first stem a form starts with gives its verb
        self.stem_re = re.compile("|".join(f"({re.escape(s)})" for s, _ in self.stems)) if self.stems else None
        self.mistagged_re = (re.compile("(?:" + "|".join(re.escape(s) for s, _ in self.stems) + ")(?:"
                                        + "|".join(re.escape(e) for e in sorted(self.verb_endings)) + ")")
                             if self.stems and self.verb_endings else None)
        self.multi_speech_first = {words[0] for words in self.multi_speech}
        self.time_words = {fold(w) for w in [*pack.numbers.weekdays, *pack.numbers.months, *pack.numbers.duration_units,
                                               *pack.attribution.get("time_words", [])]}
        # where the name after "selon" ends: a mark, "et 25 000", a relative clause, the line's end
        ends = [re.escape(m) for m in pack.attribution["source_end_marks"]]
        ends += [r"\s" + re.escape(w) + r"\s+(?=\d)" for w in pack.attribution["source_end_conjunctions"]]
        ends += [r"\s" + re.escape(w) + r"\s" for w in pack.attribution["source_end_relatives"]]
        self.source_end_re = re.compile("|".join([*ends, r"\n"]))
        self.name_trim = "".join(pack.attribution["name_trim"])
        self.subject_start_marks = set(pack.attribution["subject_start_marks"])
        self.speaker_after_marks = set(pack.attribution["speaker_after_marks"])
        self.resumed_speech_marks = set(pack.attribution["resumed_speech_marks"])
        self.agent_markers = {fold(w) for w in pack.attribution["agent_markers"]}
        self.negations = {fold(w) for w in pack.attribution["negations"]}
        self.hyphen_marks = "".join(pack.attribution["pronoun_hyphen_marks"])
        self.auxiliaries = {fold(w) for w in pack.attribution.get("auxiliaries", [])}

    # -- the cues of one sentence -------------------------------------------------------------
    def source_cues(self, doc: Doc) -> list[Attribution]:
        """"selon la police", "according to the UN": the words after the cue, up to the clause's end.

        Read from the text rather than the parse: names such as "l'état-major général des forces
        armées ukrainiennes" are often cut in pieces by the parser.
        """
        if self.source_re is None:
            return []
        found = []
        raw = raw_text(doc)
        text = folded_text(doc)
        for match in self.source_re.finditer(text):
            rest = raw[match.end():]
            stop = self.source_end_re.search(rest)
            name = clean_name(rest[:stop.start()] if stop else rest, self.name_trim)
            words = name.split()
            if not words or len(words) > 14 or fold(words[0]) in self.relatives:
                continue  # « une estimation du Pentagone selon laquelle … »: the source is the report before
            if fold(words[0]) in self.possessives or fold(name) in self.pronouns or fold(name) in self.same_source:
                name = PRONOUN  # "according to their data": the speaker named before
            found.append(Attribution(name, match.start(), "source"))
        return found

    def speech_verbs(self, doc: Doc) -> list[Token]:
        verbs = []
        for token in doc_tokens(doc):
            pos = token.pos_
            if pos in ("NOUN", "ADJ"):
                if self._mistagged_verb(token):
                    verbs.append(token)
                continue
            if pos not in ("VERB", "AUX"):
                continue
            lemma = fold(token.lemma_)
            if lemma not in self.speech and self.stems:
                # the lemmatizer sometimes returns the form itself ("indique")
                found = self.stem_re.match(fold(token.text)) if self.stem_re is not None else None
                lemma = self.stems[found.lastindex - 1][1] if found is not None and found.lastindex else lemma
            if lemma in self.speech:
                verbs.append(token)
            elif lemma in self.multi_speech_first:
                following = [fold(t.lemma_) for t in doc[token.i + 1:token.i + 6] if t.pos_ != "ADV"]
                for words in self.multi_speech:
                    if lemma == words[0] and following[:len(words) - 1] == words[1:]:
                        verbs.append(token)
        return verbs

    def _mistagged_verb(self, token: Token) -> bool:
        """A speech verb the tagger took for a noun: "l'état-major … chiffre à « 14 400 »".

        Its form starts with a speech verb's stem and ends like a conjugated verb, a noun
        phrase ends right before it and a preposition, quote or clause follows.
        """
        if self.mistagged_re is None or not self.mistagged_re.fullmatch(fold(token.text)):
            return False
        doc = token.doc
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return (before is not None and before.pos_ in ("NOUN", "PROPN", "ADJ") and after is not None
                and after.pos_ in ("ADP", "SCONJ", "PUNCT", "DET"))

    def _linear_subject(self, verb: Token) -> str | None:
        """The words from the clause's start to a mis-tagged verb: its subject, read without the parse."""
        doc = verb.doc
        start = verb.i
        while start > 0 and doc[start - 1].text not in self.subject_start_marks and verb.i - start < 12:
            start -= 1
        tokens = list(doc[start:verb.i])
        while tokens and tokens[-1].pos_ in ("AUX", "PRON", "ADV"):
            tokens.pop()  # "… pour les réfugiés en a recensé": the clitics before the verb are not the name
        return self._name(tokens) if tokens and not any(number_of(t) is not None for t in tokens) else None

    def subject_of(self, verb: Token) -> tuple[str | None, bool]:
        """The speaker of a speech verb, and whether it stands after the verb (", a indiqué X").

        The speaker is the verb's active subject, its agent ("annoncé par X"), the noun a
        participle qualifies ("les autorités disant…"), or, when the parser found no subject, a
        noun phrase right after the verb: French puts the speaker there after a quote or clause.
        """
        if verb.pos_ in ("NOUN", "ADJ"):
            return self._linear_subject(verb), False
        if self._hyphen_pronoun(verb):
            return PRONOUN, True  # "a-t-il rappelé", "a-t-elle déclaré"
        subjects = [c.i < verb.i for c in verb.children if self.deps.is_(c, "active_subject")]
        if self._after_comma(verb) and not (subjects and all(subjects)):  # "X, the spokesman for Y, said Ukraine lost…"
            inverted = self._inverted_speaker(verb)  # "…, says Health ministry": the speaker follows
            if inverted:
                return inverted, True
        seen = set()
        current = verb
        while current.i not in seen:
            seen.add(current.i)
            for child in current.children:
                if self.deps.is_(child, "active_subject"):
                    speaker = self._speaker(child)
                    if speaker is None and child.i < verb.i:
                        break  # the parser took the figure for the subject: read the words before the verb
                    if speaker and speaker != PRONOUN and not self.is_agent(speaker) and child.i < verb.i:
                        # the parser cut the subject ("pour les réfugiés"): the words that open the clause
                        return self._linear_subject(verb) or speaker, False
                    return speaker, child.i > current.i
                if self.deps.is_(child, "agent"):
                    inner = next((c for c in child.children if self.deps.is_(c, "agent_object")), child)
                    return self._speaker(inner), True
            nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
            if nxt is not None and nxt.text.startswith("-") and fold(nxt.text).lstrip(self.hyphen_marks) in {p.lstrip(self.hyphen_marks) for p in self.pronouns}:
                return PRONOUN, True  # "a-t-elle déclaré"
            if self.deps.is_(current, "chained_verb") and current.head is not current:
                current = current.head  # "a réagi en affirmant", "a affirmé … et ajouté"
                continue
            host = self._stranded_auxiliary(current)
            if host is not None:
                return self.subject_of(host)
            if self.deps.is_(current, "noun_clause") and current.head.pos_ in ("NOUN", "PROPN") and current.head.i < current.i:
                phrase = noun_phrase(current.head, self.deps)
                if any(number_of(t) is not None for t in phrase):
                    break  # "the 1,950 Russian deaths recorded on Nov. 12": the figure records nothing
                named = self._name(phrase)  # "les autorités militaires disant avoir détruit"
                owner = current.head.head
                if named and self.is_bare_report(named) and owner.pos_ == "VERB" and owner.i != current.head.i:
                    return self.subject_of(owner)  # « Le ministère a publié un bilan actualisé »: who published it
                return named, False
            break
        inverted = self._inverted_speaker(verb)
        if inverted:
            return inverted, True
        if verb.i > 0 and verb.doc[verb.i - 1].pos_ in ("PROPN", "NOUN") and self._ends_sentence(verb):
            return self._linear_subject(verb), True  # "…, Donetsk governor Pavlo Kyrylenko said." unparsed
        if self._ends_sentence(verb):
            named = self._name_between_commas(verb)
            if named:
                return named, True
        return None, False

    def _name_between_commas(self, verb: Token) -> str | None:
        """"…, the head of the region, Denis Pushilin, said.": the parse hung the speaker on the
        figure; read the name between the last commas, with the function before it."""
        doc = verb.doc
        j = verb.i - 1
        while j > 0 and doc[j].pos_ == "AUX":
            j -= 1
        if j <= 0 or doc[j].text != ",":
            return None
        chunks: list[list[Token]] = [[]]
        for token in reversed(doc[:j]):
            if token.text == ",":
                if len(chunks) == 2:
                    break
                chunks.append([])
                continue
            chunks[-1].insert(0, token)
        name = chunks[0]
        if not name or not all(t.pos_ == "PROPN" for t in name):
            return None
        function = chunks[1] if len(chunks) == 2 else []
        if function and function[0].pos_ == "DET" and any(t.pos_ == "NOUN" for t in function) and not any(
                number_of(t) is not None for t in function):
            return self._name([*function, *name])
        return self._name(name)

    def _stranded_auxiliary(self, verb: Token) -> Token | None:
        """The auxiliary a participle belongs to when an inserted phrase cut them apart in the parse
        ("Le ministère a de son côté recensé…", "Le maire avait dans un premier temps évoqué…"): the
        participle hangs off the inserted phrase, which hangs off the auxiliary, the clause's head."""
        if "Part" not in verb.morph.get("VerbForm", []):
            return None
        current = verb.head
        for _ in range(3):
            if current.i == current.head.i and fold(current.lemma_) not in self.auxiliaries:
                return None
            if fold(current.lemma_) in self.auxiliaries and current.i < verb.i:
                return current
            current = current.head
        return None

    def _ends_sentence(self, verb: Token) -> bool:
        """Only punctuation and words of time follow: "…, the governor said on Friday."."""
        rest = [t for t in verb.doc[verb.i + 1:] if not t.is_punct]
        return len(rest) <= 4 and all(fold(t.lemma_) in self.time_words or t.pos_ in ("ADP", "DET", "PROPN", "NUM") for t in rest)

    def _after_comma(self, verb: Token) -> bool:
        doc = verb.doc
        first = verb.i
        while first > 0 and doc[first - 1].pos_ == "AUX":
            first -= 1
        return first > 0 and doc[first - 1].text in self.speaker_after_marks

    def _hyphen_pronoun(self, verb: Token) -> bool:
        doc = verb.doc
        around = doc[max(0, verb.i - 3):verb.i + 3]
        return any(t.text.startswith("-") and fold(t.text).strip(self.hyphen_marks) in {p.strip(self.hyphen_marks) for p in self.pronouns}
                   and fold(t.text).strip(self.hyphen_marks) for t in around)

    def _linear_inverted(self, verb: Token) -> str | None:
        """The speaker after an inverted verb, read along the words when the parse hangs it
        elsewhere: skip times, adverbs and prepositional phrases ("a déclaré à l'AFP un militaire",
        "a indiqué vendredi la mairie"), then take the noun phrase."""
        doc = verb.doc
        i = verb.i + 1
        following = [fold(t.lemma_) for t in doc[i:i + 3]]
        words = next((w for w in self.multi_speech if w[0] == fold(verb.lemma_) and following[:len(w) - 1] == w[1:]), None)
        if words:
            i += len(words) - 1  # "a fait savoir Tsahal": the rest of the verb, then its speaker
        while i < len(doc):
            token = doc[i]
            if fold(token.lemma_) in self.time_words or token.pos_ in ("ADV", "AUX"):
                i += 1
            elif token.pos_ == "ADP":
                i += 1
                while i < len(doc) and doc[i].pos_ in ("DET", "ADJ"):
                    i += 1
                while i < len(doc) and doc[i].pos_ in ("NOUN", "PROPN"):
                    i += 1
            else:
                break
        start = i
        while i < len(doc) and not doc[i].is_punct and fold(doc[i].text) not in self.relatives and doc[i].pos_ != "VERB":
            i += 1
        tokens = list(doc[start:i])
        if not tokens or tokens[0].pos_ not in ("DET", "NOUN", "PROPN", "ADJ"):
            return None
        return self._name(tokens) if not any(number_of(t) is not None for t in tokens) else None

    def speaker_after(self, verb: Token) -> str | None:
        """The speaker named after a verb, read along the words (« ce qu'a annoncé le gouverneur »)."""
        return self._linear_inverted(verb)

    def _inverted_speaker(self, verb: Token) -> str | None:
        if not self._after_comma(verb):
            return None
        ranked = sorted(
            (c for c in verb.children if c.i > verb.i and c.pos_ in ("NOUN", "PROPN")
             and self.deps.is_(c, "inverted_speaker")),
            key=lambda c: (not self.deps.is_(c, "core_argument"), c.i),
        )
        for child in ranked:
            if any(self.deps.is_(c, "case_marker") for c in child.children):
                continue  # "sur Facebook", "dans un communiqué": where, not who
            if fold(child.lemma_) in self.time_words:
                continue  # "ce samedi soir"
            return self._speaker(child)
        return self._linear_inverted(verb)

    def _speaker(self, token: Token) -> str | None:
        folded = fold(token.text)
        if folded in self.relatives and self.deps.is_(token.head, "relative_clause"):
            return self._name(noun_phrase(token.head.head, self.deps))
        if (token.pos_ == "PRON" and folded not in places()) or folded in self.pronouns:
            return PRONOUN if folded in self.pronouns else None  # "Kiev" tagged PRON is still Kiev
        tokens = noun_phrase(token, self.deps)
        if any(number_of(t) is not None for t in tokens):
            return None  # the figure itself is no speaker ("3 000 participants ont été comptabilisés")
        while tokens and fold(tokens[0].text) in self.agent_markers:
            tokens = tokens[1:]
        name = self._name(_glued(tokens))
        if name and self.is_bare_report(name):
            return self._published_by(token) or name
        return name

    def report_publisher(self, doc: Doc) -> str | None:
        """Who published the report a sentence names (« C'est le bilan établi par le Syndicat »)."""
        return next((named for t in doc_tokens(doc) if fold(t.lemma_) in self.report_nouns and (named := self._published_by(t))), None)

    def _published_by(self, report: Token) -> str | None:
        """« Le bilan établi par le Syndicat médical », "the count released by the ministry": a report
        stands for the agent of the participle that qualifies it."""
        participles = [c for c in report.children if c.pos_ == "VERB" and c.i > report.i]
        for participle in participles:
            for child in participle.children:
                if self.deps.is_(child, "agent"):
                    inner = next((c for c in child.children if self.deps.is_(c, "agent_object")), child)
                    named = self._speaker(inner)
                    return named if named != PRONOUN else None
        # the parse may hang the "par" phrase on the report itself, after its participle
        for child in report.children:
            if participles and child.i > participles[0].i and child.pos_ in ("NOUN", "PROPN") and any(
                    fold(c.text) in self.agent_markers for c in child.children if c.i < child.i):
                named = self._speaker(child)
                return named if named != PRONOUN else None
        return None

    def _name(self, tokens: list[Token]) -> str | None:
        name = clean_name(phrase_text(tokens), self.name_trim)
        if not name or len(name) < 2 or not any(t.pos_ in ("NOUN", "PROPN", "X") or fold(t.text) in places() for t in tokens):
            return None  # "ce qui donne…": a pronoun is no name
        if name.isupper() and fold(name) in places():
            return None  # "RAFAH, Gaza Strip (AP) —": a dateline says where, not who
        return name

    def speech_cues(self, doc: Doc, skip: list[tuple[int, int]] | None = None) -> list[tuple[Token, str, bool]]:
        """(verb, speaker, inverted) for each speech verb with a speaker; verbs inside ``skip`` spans
        (quotations, in sentence offsets) are someone's words, not the article's attribution."""
        if "speech_cues" not in doc.user_data:  # computed once per sentence, asked for many times
            doc.user_data["speech_cues"] = self._speech_cues(doc)
        return [c for c in doc.user_data["speech_cues"] if not (skip and any(s <= c[0].idx < e for s, e in skip))]

    def _speech_cues(self, doc: Doc) -> list[tuple[Token, str, bool]]:
        cues = []
        for verb in self.speech_verbs(doc):
            if any(self.deps.is_(c, "negation") and fold(c.text) in self.negations for c in verb.children):
                continue  # "ne souhaite pas communiquer"
            if fold(verb.lemma_) in self.release_verbs and not self._reports(verb):
                continue  # "Hamas released 24 hostages" frees people; "the ministry released figures" speaks
            if fold(verb.lemma_) in self.inverted_only and not any(
                    t.text in self.resumed_speech_marks for t in doc[max(0, verb.i - 4):verb.i]):
                continue  # "l'accueil se poursuit" is no speech; « …, a poursuivi le communiqué » is
            speaker, inverted = self.subject_of(verb)
            if speaker:
                cues.append((verb, speaker, inverted))
        return cues

    # -- the claimant of one number ------------------------------------------------------------
    def claimant_for(self, anchor: Token, sources: list[Attribution], speeches: list[tuple[Token, str, bool]]) -> str | None:
        """The source cue nearest the number, else the nearest speech verb governing it.

        A speech verb governs a number in its subtree, or, with the speaker after it, every number
        before it ("Treize civils ont été tués…, a annoncé le gouverneur").
        """
        position = anchor.idx
        # a speaker that is no agent ("de réfugiés ukrainiens enregistrés") leaves the figure to the others
        sources = [c for c in sources if c.claimant == PRONOUN or self.is_agent(c.claimant)]
        speeches = [c for c in speeches if c[1] == PRONOUN or self.is_agent(c[1])]
        best_source = None
        for cue in sources:
            distance = abs(cue.start - position)
            if best_source is None or distance < best_source[0]:
                best_source = (distance, cue.claimant)
        best_speech = None
        ancestors = {t.i for t in anchor.ancestors}
        for verb, speaker, inverted in speeches:
            # a verb governs the figures in its clause, and, when it closes the sentence with its
            # speaker ("…, UN agency says"), every figure before it
            governs = verb.i in ancestors or ((inverted or self._ends_sentence(verb)) and verb.i > anchor.i)
            distance = tree_distance(anchor, verb)
            if not governs and distance > 3:
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
        return None

    def _reports(self, verb: Token) -> bool:
        """A verb that also frees people speaks only of a report or a clause ("released figures
        showing…", "a libéré un communiqué")."""
        return any(fold(c.lemma_) in self.report_nouns or c.pos_ in ("VERB", "AUX") for c in verb.children
                   if c.i > verb.i)

    def is_agent(self, name: str) -> bool:
        """Whether a name can be who speaks: not a fragment that opens with a preposition ("de son
        côté"), not a cause or an event ("Les affrontements au Darfour", "A second airstrike"), not
        the counted people ("les réfugiés")."""
        words = [w for w in fold(name).replace("'", "' ").split() if w not in self.articles]
        if not words or words[0] in self.non_agent_openers:
            return False
        return not any(stem(w) in self.non_agent_words for w in words[:3])

    def is_bare_report(self, name: str) -> bool:
        """"le communiqué", "the statement": a report that names no author stands for the speaker
        named before ("…, the statement reads")."""
        words = [w for w in fold(name).replace("'", "' ").split() if w not in self.articles]
        return bool(words) and len(words) <= 2 and words[-1].rstrip("s") in self.report_stems

    def report_anaphora(self, anchor: Token) -> str | None:
        """"This number includes 1,180 casualties", "Ce bilan compte 40 morts": the report named before."""
        for token in doc_tokens(anchor.doc):
            if fold(token.lemma_) in self.report_nouns and any(
                    fold(c.text) in self.demonstratives for c in token.children if self.deps.is_(c, "determiner")):
                return PRONOUN
        return None

    def report_owner(self, anchor: Token) -> str | None:
        """A report named with its author near the figure: "the US estimate was 100,000",
        "le dernier bilan de l'ONU fait état de…" → the report's phrase, which names its author."""
        for token in doc_tokens(anchor.doc):
            if fold(token.lemma_) not in self.report_nouns or tree_distance(anchor, token) > 3:
                continue
            if any(c.pos_ == "PROPN" and self.deps.is_(c, "report_author") for c in token.children):
                return self._name(noun_phrase(token, self.deps))
            author = self._report_by(token)
            if author:
                return author
        return None

    def _report_by(self, report: Token) -> str | None:
        """"an estimate by the U.S. government", « un bilan établi par le Syndicat médical »: the
        author after the agent preposition, on the report or on the participle that qualifies it."""
        holders = [report, *(c for c in report.children if c.pos_ == "VERB")]
        for holder in holders:
            for child in holder.children:
                if fold(child.text) in self.agent_markers and child.i > report.i:
                    noun = next((c for c in child.children if c.pos_ in ("NOUN", "PROPN")), None)
                    if noun is None and child.head.i != holder.i:
                        continue
                    name = self._speaker(noun) if noun is not None else None
                    if name and name != PRONOUN:
                        return name
            for child in holder.children:  # the French parse hangs "par X" on the noun it introduces
                if self.deps.is_(child, "agent") or any(fold(g.text) in self.agent_markers for g in child.children
                                                         if self.deps.is_(g, "case_marker", "preposition")):
                    name = self._speaker(child) if child.pos_ in ("NOUN", "PROPN") else None
                    if name and name != PRONOUN:
                        return name
        return None

    def main_speaker(self, doc: Doc, skip: list[tuple[int, int]] | None = None) -> str | None:
        """The speaker of a sentence without a figure, remembered for a later "Il a ajouté"."""
        named = [s for _, s, _ in self.speech_cues(doc, skip) if s != PRONOUN]
        if named:
            return named[0]
        sources = [c.claimant for c in self.source_cues(doc) if c.claimant != PRONOUN]
        if sources:
            return sources[0]
        return self._named_subject(doc)

    def _named_subject(self, doc: Doc) -> str | None:
        """"Interior Minister Ihor Klymenko visited the site." — the named subject a following "He
        said" stands for."""
        for token in doc_tokens(doc):
            if self.deps.is_(token, "sentence_root"):
                subject = next((c for c in token.children if self.deps.is_(c, "active_subject")), None)
                if subject is not None and any(t.pos_ == "PROPN" for t in subject.subtree):
                    return self._speaker(subject)
        return None


def _glued(tokens: list[Token]) -> list[Token]:
    """A name the tokenizer split at a hyphen and the parser cut there ("le colonel-général Sergueï
    Roudskoï" read as "le colonel"): the words glued to its end, and the proper names after them."""
    if not tokens:
        return tokens
    doc = tokens[-1].doc
    i = tokens[-1].i
    glued = list(tokens)
    while i + 1 < len(doc) and not doc[i].whitespace_ and (doc[i + 1].text == "-" or doc[i].text == "-"):
        i += 1
        glued.append(doc[i])
    if len(glued) == len(tokens):
        return tokens
    while i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN":
        i += 1
        glued.append(doc[i])
    return glued


@cache
def normalise_claimant(name: str | None) -> tuple[str | None, ClaimantInfo | None]:
    """The short form of a claimant ("le dernier décompte de l'ONU" → "United Nations"), with what
    the shared registry (``decompte/data/claimants.json``) knows or guesses of it."""
    if not name or name == PRONOUN:
        return None, None
    info = resolve(name)
    return (info.name, info) if info else (None, None)
