"""What is counted, what happened to it, and whose it is.

Each step looks at the parsed sentence around a number: the noun it counts (the longest
phrase of the pack's ``counted.yaml`` after it), the nearest event word in the dependency
tree (``events.yaml``), and a side from demonyms, owners and places (``sides.yaml``,
``common/places.yaml``). What a step cannot tell is left for the extractor to inherit
from the figure the number continues ("816 civils tués et 1 333 blessés").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from decompte.extract.packs import LanguagePack, fold, places
from decompte.extract.qualifiers import thresholds
from decompte.extract.syntax import (doc_tokens, folded_text, number_of, stem, stem_phrase, stemmed_runs, token_keys,
                                     tree_distance)

PEOPLE = {"soldier", "civilian", "child", "person"}
EQUIPMENT = {"tank", "armoured_vehicle", "artillery", "mlrs", "air_defence", "aircraft", "helicopter", "drone", "ship", "vehicle", "missile"}

# What only happens to people: equipment is never evacuated, displaced or detained.
PEOPLE_ONLY_EVENTS = frozenset({"evacuated", "displaced", "detained", "gathered", "wounded", "missing"})


@dataclass
class Counted:
    counted: str | None        # None: elided, to be inherited
    noun_tokens: list[Token]   # the counted phrase (empty when elided)
    event: str | None          # from the noun itself ("morts", "blessés")
    anaphoric: bool = False    # "600 d'entre eux", "211 autres"
    generic: bool = False      # the noun only says what happened ("1 333 blessés"): who is left to context
    not_counted: bool = False  # "les deux pays": a count in passing, not a claim
    known: bool = True         # False: a noun the lexicon does not know ("quatre médias")


def _lexicon_match(tokens: list[Token], index: dict[str, str], max_words: int) -> tuple[str, int] | None:
    """Longest run of ``tokens`` (from the first) whose words are a key of ``index``."""
    window = tokens[:max_words]
    text_runs = stemmed_runs([t.text for t in window])
    lemma_runs = stemmed_runs([t.lemma_ for t in window])
    for n in range(len(window), 0, -1):
        if window[n - 1].is_punct:
            continue
        forms = {text_runs[n], lemma_runs[n], text_runs[n].replace(" ' ", "'").replace(" '", "'")}
        if n == 1:
            forms.update(stem(k) for k in token_keys(window[0]))
        for form in forms:
            for key in (form, form.replace("' ", "'")):
                if key in index:
                    return index[key], n
    return None


def _stemmed_index(index: dict[str, str]) -> dict[str, str]:
    return {stem_phrase(k.replace("'", "' ").split()).replace("' ", "'"): v for k, v in index.items()} | index


class CountedFinder:
    """Finds the counted phrase after a number, using the pack's lexicons."""

    def __init__(self, pack: LanguagePack) -> None:
        self.pack = pack
        self.nouns = _stemmed_index(pack.counted_index)
        self.event_nouns = _stemmed_index(pack.event_noun_index)
        self.max_words = max(pack.counted_max_words, 2) + 2
        self.anaphoric = sorted((fold(a) for a in pack.counted.get("anaphoric", [])), key=len, reverse=True)
        self.demonyms = pack.demonym_index
        self.not_counted = {stem(w) for w in pack.counted.get("not_counted", [])}
        self.possessives = {fold(w) for w in pack.attribution.get("possessives", [])}
        self.measure_nouns = {fold(w) for w in pack.counted.get("measure_nouns", [])}
        self.containers = {stem(w) for w in pack.counted.get("containers", [])}
        self.links = {fold(w) for w in pack.counted["noun_links"]}
        self.link_articles = {fold(w) for w in pack.counted["link_articles"]}
        self.deps = pack.deps
        self.copulas = {fold(w) for w in pack.counted["copulas"]}
        self.thresholds = thresholds(pack)

    def find(self, doc: Doc, first: int, last: int) -> Counted:
        """``first``/``last``: token indexes of the quantity (inclusive)."""
        tokens = doc_tokens(doc)
        i = last + 1
        rest = fold(doc[last + 1:last + 8].text[:20]).lstrip()  # not Doc.text: it rebuilds the sentence
        predicate = self._predicate_noun(doc, last)
        if predicate is not None:
            return predicate
        anaphor = self._anaphor(doc, last, rest)
        if anaphor is not None:
            return anaphor
        # "millions de départs", "des milliers de Russes", "52 des 54 drones" skip the link word
        while i < len(doc) and (fold(tokens[i].text) in self.links or tokens[i].pos_ in ("DET",) and fold(tokens[i].text) in self.link_articles
                                or i > last + 1 and fold(tokens[i].text) in self.possessives):
            if number_of(tokens[i]) is not None:
                break
            i += 1
        if i < len(doc) and i == last + 1 and (fold(tokens[i].lemma_) in self.thresholds.nouns
                                              or fold(tokens[i].lemma_) in self.measure_nouns):
            return Counted(None, [tokens[i]], None)  # "the 7,000 mark", "the 537,000 figure": the noun counts nothing
        if (i + 2 < len(doc) and tokens[i].pos_ == "DET" and fold(tokens[i + 1].lemma_) in self.measure_nouns
                and fold(tokens[i + 2].text) in self.links):
            i += 3  # "à quelque 1 300 le nombre de militaires ukrainiens tués"
        # adjectives before the noun ("3 anciens soldats", "10 Russian soldiers")
        j = i
        while j < len(doc) and j < i + 2 and tokens[j].pos_ == "ADJ" and fold(tokens[j].text) not in self.nouns and fold(tokens[j].text) not in self.event_nouns and fold(tokens[j].text) not in self.demonyms:
            j += 1
        for k in (i, j):
            if k < len(doc) and (stem(tokens[k].lemma_) in self.not_counted or stem(tokens[k].text) in self.not_counted):
                return self._members_of(doc, k) or Counted("other", [tokens[k]], None, not_counted=True)
        quantity = number_of(tokens[first])
        if i < len(doc) and quantity is not None and quantity.value == 1 and any(
                fold(t.text) in self.links for t in doc[last + 1:i]):
            return Counted("other", [], None, not_counted=True)  # "one of the last health centres": not a count
        for start in (i, j) if j != i else (i,):
            window = tokens[start:start + self.max_words]
            if not window:
                break
            if len(window) > 2 and stem(window[0].lemma_) in self.containers and fold(window[1].text) in self.links:
                inner = self.find(doc, window[0].i, window[0].i)  # "16 exemplaires des lance-roquettes HIMARS"
                if inner.counted not in (None, "other"):
                    return Counted(inner.counted, [window[0], *inner.noun_tokens], inner.event)
            behind = self._behind_demonym(window)
            if behind is not None:
                return behind
            named = self._named(doc, window, start)
            if named is not None:
                return named
        counted_head = self._counted_head(doc, last) or self._after_model_name(doc, i)
        if counted_head is not None:
            return counted_head
        return self._bare_noun(doc, i)

    def _anaphor(self, doc: Doc, last: int, rest: str) -> Counted | None:
        """"of them", « d'entre eux »: the figure is a part of the one before; a noun after names the part."""
        for phrase in self.anaphoric:
            if rest.startswith(phrase):
                after = [t for t in doc[last + 1:last + 7] if t.idx >= doc[last].idx + len(doc[last].text) + 1 + len(phrase)]
                if after and fold(after[0].text) in self.copulas:  # "12 of them were children"
                    after = [t for t in after[1:] if t.pos_ != "DET"]
                named = _lexicon_match(after, self.nouns, self.max_words) if after else None
                if named and named[0] != "person":  # "five of them children": a part of the figure before
                    return Counted(named[0], after[:named[1]], None, anaphoric=True)
                return Counted(None, [], None, anaphoric=True)
        return None

    def _behind_demonym(self, window: list[Token]) -> Counted | None:
        """"200 Ukrainian drones": the demonym qualifies the noun behind it."""
        if len(window) > 1 and fold(window[0].text) in self.demonyms:
            skip = 1
            while skip < len(window) - 1 and window[skip].pos_ == "ADJ" and skip < 3:
                skip += 1  # "69 Ukrainian military facilities"
            if skip == 1 and len(window) > 2 and window[1].pos_ in ("NOUN", "PROPN") and not _lexicon_match(
                    window[1:], self.nouns, self.max_words):
                skip = 2  # "15 Syrian navy vessels": a noun on the counted noun
            behind = _lexicon_match(window[1:], self.nouns, self.max_words) or _lexicon_match(window[skip:], self.nouns, self.max_words)
            if behind and behind[0] != "person":  # "200 Ukrainian drones": the demonym qualifies the noun
                offset = 1 if _lexicon_match(window[1:], self.nouns, self.max_words) else skip
                return Counted(behind[0], window[:offset + behind[1]], None)
            happened = _lexicon_match(window[1:], self.event_nouns, 3)
            if (behind is None or behind[0] == "person") and happened and happened[0] in ("killed", "wounded", "killed_or_wounded"):
                # "1,950 Russian deaths": whose deaths; whom, the context says
                return Counted("person", window[:1 + happened[1]], happened[0], generic=True)
        return None

    def _named(self, doc: Doc, window: list[Token], start: int) -> Counted | None:
        """The counted or event noun the window opens with, and the adjectives after it."""
        noun = _lexicon_match(window, self.nouns, self.max_words)
        event_noun = _lexicon_match(window, self.event_nouns, 3)
        if noun or event_noun:
            length = max(noun[1] if noun else 0, event_noun[1] if event_noun else 0)
            tokens = window[:length]
            counted = noun[0] if noun else None
            # keep adjectives after the noun in the quote ("soldats russes", "véhicules blindés")
            k = start + length
            if (k + 1 < len(doc) and doc[k].pos_ in ("PROPN", "NOUN") and doc[k].text[:1].isupper()
                    and fold(doc[k + 1].text) in self.demonyms):
                tokens.append(doc[k])  # « trois chars Merkava israéliens »: a model name, then whose
                k += 1
            while k < len(doc) and (doc[k].pos_ == "ADJ" or fold(doc[k].text) in self.demonyms) and k < start + length + 2:
                tokens.append(doc[k])
                k += 1
            generic = event_noun is not None and (noun is None or noun[0] == "person") and event_noun[1] >= (noun[1] if noun else 0)
            whom = next((m[0] for t in tokens[length:] if (m := _lexicon_match([t], self.nouns, 1))), None) if generic else None
            if whom in PEOPLE and whom != "person":
                counted, generic = whom, False  # « 300 000 morts civils »: the adjective says whom
            return Counted(counted, tokens, event_noun[0] if event_noun else None, generic=generic)
        return None

    def _bare_noun(self, doc: Doc, i: int) -> Counted:
        """A noun the lexicons do not know, right after the number: people if a demonym, else other."""
        token = doc[i] if i < len(doc) else None
        if token is not None and token.pos_ in ("NOUN", "PROPN") and number_of(token) is None:
            if fold(token.text) in self.demonyms or fold(token.lemma_) in self.demonyms:
                return Counted("person", [token], None)
            if stem(token.lemma_) in self.not_counted or stem(token.text) in self.not_counted:
                return Counted("other", [token], None, not_counted=True)
            return Counted("other", [token], None, known=False)
        return Counted(None, [], None)

    def _after_model_name(self, doc: Doc, i: int) -> Counted | None:
        """"seven MQ-9 Reaper drones": model names the parse could not hang, then the noun that says
        what they are (never people: a name before people is whose they are)."""
        k = i
        while k < len(doc) and k < i + 3 and doc[k].pos_ in ("PROPN", "NUM", "X") and number_of(doc[k]) is None:
            k += 1
        if k == i or k >= len(doc):
            return None
        noun = _lexicon_match(list(doc[k:k + self.max_words]), self.nouns, self.max_words)
        if noun is None or noun[0] in PEOPLE or noun[0] == "other":
            return None
        return Counted(noun[0], list(doc[i:k + noun[1]]), None)

    def _members_of(self, doc: Doc, k: int) -> Counted | None:
        """"582,000 members of the Rohingya community": a container of people counts those people
        ("27 member states" counts nothing)."""
        if stem(doc[k].lemma_) not in self.containers or k + 1 >= len(doc) or fold(doc[k + 1].text) not in self.links:
            return None
        inner = self.find(doc, k, k)
        if inner.counted in PEOPLE:
            return Counted(inner.counted, [doc[k], *inner.noun_tokens], inner.event)
        if any(fold(t.text) in self.demonyms for t in doc[k + 1:k + 5]):  # "of the Rohingya community"
            return Counted("person", [doc[k], *inner.noun_tokens], None)
        return None

    def _predicate_noun(self, doc: Doc, last: int) -> Counted | None:
        """"4,000 were Ukrainian military", « 3 300 étaient des civils »: the noun after a copula
        says what the number counts (a participle there says what happened, and is read elsewhere)."""
        i = last + 1
        if i < len(doc) and fold(doc[i].text) in self.links:  # « Dix des 14 morts sont des civils »
            j = i + 1
            while j < len(doc) and j <= i + 5 and fold(doc[j].text) not in self.copulas and not doc[j].is_punct:
                j += 1
            named = any(t.pos_ == "NOUN" for t in doc[i + 1:j])  # "12 of them were children" is read as anaphora
            i = j if named and j < len(doc) and fold(doc[j].text) in self.copulas else i
        if i >= len(doc) or fold(doc[i].text) not in self.copulas:
            return None
        # what happened to the whole happened to its part: « Dix des 14 morts » were killed
        event = next((m[0] for t in doc[last + 1:i] if (m := _lexicon_match([t], self.event_nouns, 1))), None)
        i += 1
        while i < len(doc) and (doc[i].pos_ in ("DET", "ADV") or fold(doc[i].text) in self.links):
            i += 1
        window = list(doc[i:i + self.max_words])
        start = 0
        while start < len(window) - 1 and (window[start].pos_ == "ADJ" or fold(window[start].text) in self.demonyms):
            start += 1  # "Ukrainian military", "Russia-backed armed militants"
        noun = _lexicon_match(window[start:], self.nouns, self.max_words)
        if noun is None or noun[0] == "person":
            return None
        return Counted(noun[0], window[:start + noun[1]], event)

    def _counted_head(self, doc: Doc, last: int) -> Counted | None:
        """The noun the number modifies in the parse, when the words right after the number name
        nothing we know ("five US-made Abrams tanks", "12 Western-supplied Leopard tanks")."""
        head = doc[last].head
        if not self.deps.is_(doc[last], "number_modifier") or head.pos_ != "NOUN" or not 0 < head.i - last <= 5:
            return None
        if any(number_of(t) is not None for t in doc[last + 1:head.i]):
            return None  # « 44 des 16 exemplaires »: a part of another figure, read elsewhere
        noun = _lexicon_match([head], self.nouns, 1)
        if noun is None or noun[0] in ("person", "other"):
            return None
        return Counted(noun[0], list(doc[last + 1:head.i + 1]), None)


class EventFinder:
    """The event word nearest a counted phrase in the dependency tree."""

    def __init__(self, pack: LanguagePack) -> None:
        self.pack = pack
        self.index = _stemmed_index(pack.event_index)
        self.multi = sorted(((fold(k), v) for k, v in pack.event_index.items() if " " in k), key=lambda kv: len(kv[0]), reverse=True)
        self.loss_for_equipment = set(pack.events.get("loss_for_equipment", []))
        self.names = [fold(n) for n in pack.events["names_not_events"]]

    def triggers(self, doc: Doc) -> list[tuple[Token, str]]:
        found: list[tuple[Token, str]] = []
        text = folded_text(doc)
        named = self._in_names(doc, text)
        for phrase, event in self.multi:
            start = text.find(phrase)
            while start >= 0:
                span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
                if span is not None:
                    found.append((span.root, event))
                start = text.find(phrase, start + 1)
        for token in doc_tokens(doc):
            if number_of(token) is not None or token.is_punct or token.pos_ == "AUX" or token.i in named:
                continue
            for key in token_keys(token):
                if key in self.index:
                    found.append((token, self.index[key]))
                    break
        return found

    def _in_names(self, doc: Doc, text: str) -> set[int]:
        """The tokens of the names whose words are no event ("the Red Cross")."""
        inside: set[int] = set()
        for name in self.names:
            start = text.find(name)
            while start >= 0:
                span = doc.char_span(start, start + len(name), alignment_mode="expand")
                inside |= {t.i for t in span} if span is not None else set()
                start = text.find(name, start + 1)
        return inside

    def nearest(self, anchor: Token, triggers: list[tuple[Token, str]], exclude: set[int]) -> tuple[Token, str] | None:
        """The trigger fewest arcs away; a word that is another figure's noun ("dont 29 blessés") is
        not this figure's event, and a modifier of the counted noun wins a tie."""
        best: tuple[tuple[int, int, int], Token, str] | None = None
        descendants = {t.i for t in anchor.subtree}
        for token, event in triggers:
            if token.i in exclude:
                continue
            if token.i != anchor.i and token.i > 0 and number_of(token.doc[token.i - 1]) is not None and token.i - 1 not in exclude:
                continue
            key = (tree_distance(anchor, token), 0 if token.i in descendants else 1, abs(anchor.i - token.i))
            if best is None or key < best[0]:
                best = (key, token, event)
        if best is None or best[0][0] > 8:
            return self._linear_nearest(anchor, triggers, exclude)
        return best[1], best[2]

    @staticmethod
    def _linear_nearest(anchor: Token, triggers: list[tuple[Token, str]], exclude: set[int]) -> tuple[Token, str] | None:
        """When the parser cut the clause in two ("200 militaires | ont été tués"), the event word
        that follows the counted phrase in the same clause, read along the words."""
        doc = anchor.doc
        for token, event in sorted(triggers, key=lambda pair: pair[0].i):
            if token.i <= anchor.i or token.i in exclude or token.i - anchor.i > 10:
                continue
            between = doc[anchor.i + 1:token.i]
            if any(number_of(t) is not None for t in between):
                continue
            marks = [t.text for t in between if t.is_punct]
            # nothing between, or an aside set between two commas ("1 000 civils, en majorité alaouites, ont été tués")
            if (not marks and len(between) <= 5) or marks == [",", ","]:
                return token, event
        return None

    def resolve(self, event: str, counted: str | None) -> str:
        """Owners lose equipment and people are killed, whichever word the text used; crowds gather
        and troops deploy ("mobiliser" says either)."""
        if counted in EQUIPMENT and event in self.loss_for_equipment:
            return "lost"
        if counted in PEOPLE and event == "lost":
            return "killed"
        if event == "deployed" and counted in ("person", "civilian"):
            return "gathered"
        if event == "gathered" and counted == "soldier":
            return "deployed"
        if counted == "other" and event not in ("destroyed", "damaged", "lost", "other"):
            return "other"  # "four attacks" are not killed: what happens to people does not happen to things
        if counted in EQUIPMENT and event in PEOPLE_ONLY_EVENTS:
            return "other"  # "45 buses evacuated civilians": the buses carried them, nothing happened to them
        return event


class SideFinder:
    """Whose the counted things are: demonyms, owners, places."""

    def __init__(self, pack: LanguagePack) -> None:
        self.pack = pack
        self.demonyms = pack.demonym_index
        self.enemy = {fold(w) for w in pack.sides.get("enemy", [])}
        self.location_preps = {fold(w) for w in pack.sides.get("location_prepositions", [])}
        self.places = places()
        self.owner_verbs = {fold(w) for w in pack.events.get("owner_is_subject", [])}
        self.maker_words = {fold(w) for w in pack.sides["maker_words"]}
        self.owner_preps = {fold(w) for w in pack.sides.get("owner_prepositions", [])}
        self.place_nouns = {fold(w) for w in pack.sides.get("place_nouns", [])}
        self.place_preps = {fold(w) for w in [*pack.sides.get("location_prepositions", []), *pack.sides.get("direction_prepositions", [])]}
        self.place_entities = set(pack.sides["place_entities"])
        self.deps = pack.deps
        # every proper prefix of a place or demonym: a word none of them begins with cannot
        # begin a span of several words that is one
        self.key_prefixes = {key[:n] for key in [*self.places, *self.demonyms] for n in range(1, len(key))}

    def country_of(self, token: Token) -> str | None:
        for key in (fold(token.text), fold(token.lemma_)):
            if key in self.demonyms:
                return self.demonyms[key]
            if key in self.places:
                return self.places[key]
        # multi-word places ("Kryvyi Rih", "bande de Gaza", "Port-au-Prince"), read along the words
        doc = token.doc
        first = fold(token.text)
        begins_one = first in self.key_prefixes or first.replace(" ", "-") in self.key_prefixes
        lengths = (2, 3, 4) if begins_one else ()
        for length in lengths:
            if token.i + length <= len(doc):
                key = fold(doc[token.i:token.i + length].text)  # the span's text, not the whole doc's (Doc.text rebuilds it)
                if key in self.places:
                    return self.places[key]
                joined = key.replace(" ", "-")  # "North Korean soldiers": the demonym written in two words
                if joined in self.demonyms:
                    return self.demonyms[joined]
        if token.ent_type_ in self.place_entities and token.ent_iob_ == "B":
            ent = next((e for e in token.doc.ents if e.start == token.i), None)
            if ent is not None and fold(ent.text) in self.places:
                return self.places[fold(ent.text)]
        return None

    def is_enemy(self, token: Token) -> bool:
        return fold(token.text) in self.enemy or fold(token.lemma_) in self.enemy

    def from_phrase(self, tokens: list[Token]) -> str | None:
        """A demonym or country inside the counted phrase or right after it ("soldats russes")."""
        for token in tokens:
            side = self.country_of(token)
            if side:
                return side
        return None

    def from_modifiers(self, head: Token, depth: int = 2) -> str | None:
        """A demonym or country among the head's modifiers ("les pertes de la Russie", "pertes russes")."""
        frontier = [head]
        for _ in range(depth):
            nxt = []
            for token in frontier:
                for child in token.children:
                    if self.deps.is_(child, "modifier") or child.pos_ in ("ADJ", "PROPN"):
                        if self.deps.is_(child, "relative_clause"):
                            continue
                        if self.deps.is_(child, "conjunct") and child.pos_ == "PROPN":
                            continue  # "12 otages et Israël a relâché…": a party coordinated with them owns nothing
                        if fold(child.lemma_) in self.maker_words:
                            continue  # « de fabrication américaine »: who made them, not whose they are
                        if any(fold(c.text) in self.place_preps for c in child.children if self.deps.is_(c, "preposition")):
                            continue  # "40 missiles sur l'Ukraine": where they went, not whose
                        side = self.country_of(child)
                        if side:
                            return side
                        nxt.append(child)
            frontier = nxt
        return None

    def owner_subject(self, trigger: Token) -> str | None:
        """"La Russie a perdu 450 chars": the subject of a verb of loss owns what is counted."""
        if fold(trigger.lemma_) not in self.owner_verbs:
            return None
        for child in trigger.children:
            # "la Russie a lancé 40 drones", "40 drones lancés par la Russie": the subject or the agent
            if self.deps.is_(child, "nominal_subject", "agent"):
                for token in child.subtree:
                    side = self.country_of(token)
                    if side:
                        return side
        return None

    def location(self, doc: Doc, anchor: Token) -> str | None:
        found = self.place(doc, anchor)
        return found[0] if found else None

    def place(self, doc: Doc, anchor: Token, towards: bool = False) -> tuple[str, Token] | None:
        """The place nearest the anchor that follows a preposition of place ("à Kiev", "en Ukraine",
        "dans la région de Dnipropetrovsk"); failing a named place, a place qualified by a demonym
        ("dans le stade moscovite")."""
        best: tuple[tuple[int, int], str, Token] | None = None
        inside = {t.i for t in anchor.subtree} - {anchor.i}
        for token in doc_tokens(doc):
            side = self.country_of(token) if token.pos_ in ("PROPN", "NOUN", "ADJ") or token.ent_type_ else None
            if not side:
                continue
            if token.pos_ == "ADJ":  # "le stade moscovite": the place noun it qualifies stands in the country
                if fold(token.head.lemma_) not in self.place_nouns:
                    continue
                token = token.head
            if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].pos_ in ("VERB", "ADJ"):
                continue  # "Russian-occupied Donetsk": who holds the place, not where it is
            if token.i > 1 and fold(doc[token.i - 1].text) in self.owner_preps and fold(doc[token.i - 2].lemma_) in self.place_nouns:
                token = doc[token.i - 2]  # "la région de Dnipropetrovsk": the region is where
            elif (token.head.pos_ == "ADP" and fold(token.head.text) in self.owner_preps and token.head.head.i < token.i
                  and fold(token.head.head.lemma_) in self.place_nouns):
                token = token.head.head  # "a suburb of occupied Donetsk"
            prev = doc[token.i - 1] if token.i > 0 else None
            prev2 = doc[token.i - 2] if token.i > 1 else None
            prev3 = doc[token.i - 3] if token.i > 2 else None
            preps = {fold(t.text) for t in (prev, prev2, prev3) if t is not None and (t is prev or t.pos_ in ("ADP", "DET"))}
            # the place's own preposition in the parse: "dans et autour du stade", "in the city of"
            preps |= {fold(c.text) for c in token.children if c.pos_ == "ADP"}
            if token.head.pos_ == "ADP":
                preps.add(fold(token.head.text))
            if not preps & (self.place_preps if towards else self.location_preps):
                continue  # towards: "taken into Gaza" says where they are held as well
            # a place in the counted phrase ("les personnes rassemblées au stade de Moscou") first
            distance = (0 if token.i in inside else 1, abs(token.i - anchor.i))
            if best is None or distance < best[0]:
                best = (distance, side, token)
        return (best[1], best[2]) if best else None

    def any_country(self, doc: Doc, anchor: Token) -> str | None:
        best: tuple[int, str] | None = None
        for token in doc_tokens(doc):
            if token.i == anchor.i:
                continue
            side = self.country_of(token)
            if side and (best is None or abs(token.i - anchor.i) < best[0]):
                best = (abs(token.i - anchor.i), side)
        return best[1] if best else None
