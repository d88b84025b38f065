"""The extractor: an article's text → its claims, one language pack per language.

Steps, in order: split into sentences and find numbers (no model); parse only the
sentences that can hold a claim or name a speaker; for each number, its qualifier,
counted phrase, event, side, claimant and period; then what a figure leaves unsaid is
inherited from the figure it continues ("816 civils tués et 1 333 blessés").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc, Token

from decompte.errors import UnsupportedInput
from decompte.extract.attribution import PRONOUN, Attribution, ClaimantFinder, normalise_claimant
from decompte.extract.claimant import ClaimantQuery, ClaimantResolver
from decompte.extract.counted import PEOPLE, CountedFinder, EventFinder, SideFinder
from decompte.extract.numbers import NumberMatch
from decompte.extract.packs import Conflict, LanguagePack, available_languages, fold, load_pack, places
from decompte.extract.periods import Period, detect_conflict, find_period
from decompte.extract.pipeline import build_nlp, with_numbers
from decompte.extract.provenance import ProvenanceResolver
from decompte.extract.qualifiers import Qualified, bounds, qualifier_after, qualify, thresholds
from decompte.extract.reading import Figure, FigureReader
from decompte.extract.strategies import Decision
from decompte.extract.side import SideQuery, SideResolver
from decompte.extract.sentences import Sentence, attribution_cue_re, sentences, worth_parsing
from decompte.extract.syntax import doc_tokens, stem
from decompte.extract.version import current_version, extraction_version
from decompte.model import Article, Claim

#: Package version + hash of the packs, shared data and rules (decompte.extract.version).
EXTRACTOR_VERSION = current_version()
MAX_TEXT_CHARS = 2_000_000
# Side strategies that read an owner in the figure's own words.
OWNER_STRATEGIES = frozenset({"on_counted_noun", "owner_of_event", "in_counted_phrase", "speaker_possessive",
                              "admitted_by_speaker"})

__all__ = ["EXTRACTOR_VERSION", "Extractor", "available_languages", "extract_claims", "get_extractor"]


@dataclass
class DocumentState:
    """What one sentence leaves for the next: the last speaker, the last figures, the conflict."""

    published: date | None
    conflict: Conflict | None
    default_side: str | None
    location_side: str | None = None
    quotes: list[tuple[int, int, str | None]] = field(default_factory=list)
    last_claimant: str | None = None
    claims: list[Claim] = field(default_factory=list)
    claim_sentence: list[int] = field(default_factory=list)  # index of each claim's sentence
    sentence_index: int = 0
    recent_docs: list[Doc] = field(default_factory=list)  # the last parsed sentences, for lists they introduce
    introduced: bool = False  # the sentence follows a colon: "Principaux chiffres : chars : 466 ; …"
    opens_line: bool = False  # the sentence starts the text or a line: a headline may name its source
    daily_claims: set[int] = field(default_factory=set)  # ids of claims whose period is one day's
    subset_claims: set[int] = field(default_factory=set)  # ids of claims that are part of a total ("dont 29 enfants")

    def recent_people_class(self, window: int = 2) -> str | None:
        """The class of people the last figures spoke of ("Treize civils…" then "11 morts"); a subset
        ("dont 29 enfants") does not set the class of what follows."""
        for claim, index in zip(reversed(self.claims), reversed(self.claim_sentence)):
            if self.sentence_index - index > window:
                return None
            if claim.counted in PEOPLE and claim.counted != "person" and id(claim) not in self.subset_claims:
                return claim.counted
        return None


def quote_spans(text: str, pack: LanguagePack) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for opening, closing in pack.attribution.get("quotes", []):
        pattern = re.escape(opening) + r"[^" + re.escape(closing) + r"\n]{1,1500}" + re.escape(closing)
        spans.extend(m.span() for m in re.finditer(pattern, text))
    return sorted(spans)


def location_side(text: str, pack: LanguagePack) -> str | None:
    """The country whose places the document names most after a preposition of place."""
    counts: Counter[str] = Counter()
    place_index = places()
    preps = {fold(p) for p in pack.sides.get("location_prepositions", [])}
    words = re.findall(r"[\w\-’']+", fold(text))
    for before, word in zip(words, words[1:]):
        if before in preps and word in place_index:
            counts[place_index[word]] += 1
    return counts.most_common(1)[0][0] if counts else None


def default_side(text: str, conflict: Conflict | None, pack: LanguagePack) -> str | None:
    """The country the document speaks of most: the side of figures that name none."""
    counts: Counter[str] = Counter()
    place_index = places()
    for word in re.findall(r"[\w\-’']+", fold(text)):
        side = pack.demonym_index.get(word) or place_index.get(word)
        if side:
            counts[side] += 1
    if conflict is not None:
        party_counts = [(counts[p], p) for p in conflict.parties]
        if party_counts and max(party_counts)[0] > 0:
            return max(party_counts)[1]
    return counts.most_common(1)[0][0] if counts else None


def carry_periods(claims: list[Claim], daily: set[int]) -> list[Claim]:
    """A report's figures share the period of the events it tells, stated once: a figure whose
    sentence states no period takes the one stated last before it, and the figures before the
    first stated period (a headline, a lead) take that first one. A day's figure ("in the past
    24 hours", indexes in ``daily``) lends its period to no other."""
    stated = [c for i, c in enumerate(claims) if (c.period_start or c.period_end) and i not in daily]
    if not stated:
        return claims
    current = (stated[0].period_start, stated[0].period_end)
    for index, claim in enumerate(claims):
        if claim.period_start or claim.period_end:
            if index not in daily:
                current = (claim.period_start, claim.period_end)
        else:
            claim.period_start, claim.period_end = current
    return claims


class Extractor:
    """Extracts claims from texts of one language. Build once, call many times."""

    def __init__(self, lang: str) -> None:
        self.pack = load_pack(lang)
        self.nlp = build_nlp(lang)
        self.counted = CountedFinder(self.pack)
        self.events = EventFinder(self.pack)
        self.reader = FigureReader(self.pack, self.counted, self.events)
        self.owned_losses = {fold(w) for w in self.pack.counted.get("owned_losses", [])}
        self.retro_cues = [fold(w) for w in self.pack.attribution["retro_cues"]]
        self.victim_nouns = {stem(w) for w in self.pack.counted["victim_nouns"]}
        self.sides = SideFinder(self.pack)
        self.claimants = ClaimantFinder(self.pack)
        self.claimant = ClaimantResolver(self.pack, self.claimants)
        self.side = SideResolver(self.pack, self.sides, self.events.triggers)
        self.provenance = ProvenanceResolver(self.pack, self.claimants)
        self.cue_re = attribution_cue_re(self.pack)
        self.day_words = {fold(w) for w in [*self.pack.numbers.weekdays, *self.pack.numbers.months]}
        self.subset_markers = [fold(w) for w in self.pack.counted.get("subset_markers", [])]
        self.hypothetical_cues = {fold(w) for w in self.pack.counted.get("hypothetical_cues", [])}
        self.label_nouns = {fold(w) for w in self.pack.counted.get("label_nouns", [])}
        self.range_joiners = [fold(j) for j in self.pack.qualifiers.get("range_joiners", [])]
        self.thresholds = thresholds(self.pack)
        shares = sorted((fold(w) for w in self.pack.counted["proportion_links"]), key=len, reverse=True)
        self.proportion_re = re.compile(r"\W*\s*(?:" + ("|".join(map(re.escape, shares)) or "(?!)") + r")\s*\W*")
        self.definite_articles = {fold(w) for w in self.pack.attribution.get("definite_articles", [])}
        # "14 000 tués et 16 000 blessés", "8 344 chars, …, ainsi que 326 hélicoptères": the words of a list
        joiners = "|".join(re.escape(fold(w)) for w in self.pack.qualifiers["list_joiners"]) or "(?!)"
        additions = "|".join(re.escape(fold(w)) for w in self.pack.qualifiers["list_additions"]) or "(?!)"
        links = "|".join(re.escape(fold(w)) + ("" if w.endswith(("'", "’")) else " ")
                         for w in self.pack.qualifiers["list_links"]) or "(?!)"
        self.pair_re = re.compile(r"\s*(?:" + joiners + r")\s*")
        self.next_item_re = re.compile(r"(?:^|\s)(?:" + joiners + r"|,)\s*(?:" + links + r")?$")
        self.list_gap_re = re.compile(r"\s*(?:,|;|" + joiners + "|" + additions + r")?\s*(?:,\s*)?(?:" + joiners + r")?\s*")

    @property
    def lang(self) -> str:
        return self.pack.code

    @property
    def version(self) -> str:
        """Changes whenever the code or the pack changes: stored claims of an older version are redone."""
        return extraction_version(self.pack)

    def extract(self, article: Article) -> list[Claim]:
        return self.extract_text(article.text, published=article.published, doc_id=article.id)

    def extract_text(self, text: str, published: date | None = None, doc_id: str | None = None) -> list[Claim]:
        """Every claim of ``text``; offsets index ``text`` itself."""
        parsed = self._candidate_sentences(text)
        docs = list(self.nlp.pipe((self._unparsed(s) for s in parsed), batch_size=64))
        return self._claims(text, parsed, docs, published, doc_id)

    def extract_many(self, articles: Iterable[Article], batch_articles: int = 16) -> Iterator[tuple[Article, list[Claim]]]:
        """Claims of many articles, their sentences parsed together in batches (faster than one by one).

        Yields each article with its claims, in order; memory stays bounded by ``batch_articles``.
        """
        batch: list[tuple[Article, list[Sentence]]] = []
        for article in articles:
            batch.append((article, self._candidate_sentences(article.text)))
            if len(batch) >= batch_articles:
                yield from self._extract_batch(batch)
                batch = []
        if batch:
            yield from self._extract_batch(batch)

    def _extract_batch(self, batch: list[tuple[Article, list[Sentence]]]) -> Iterator[tuple[Article, list[Claim]]]:
        stream = ((self._unparsed(s), n) for n, (_, parsed) in enumerate(batch) for s in parsed)
        docs: list[list[Doc]] = [[] for _ in batch]
        for doc, n in self.nlp.pipe(stream, as_tuples=True, batch_size=256):
            docs[n].append(doc)
        for (article, parsed), article_docs in zip(batch, docs):
            yield article, self._claims(article.text, parsed, article_docs, article.published, article.id)

    def _unparsed(self, sentence: Sentence) -> Doc | str:
        return with_numbers(self.nlp, sentence.text, sentence.numbers) if sentence.found_in_text else sentence.text

    def _candidate_sentences(self, text: str) -> list[Sentence]:
        if not isinstance(text, str):
            raise UnsupportedInput("the text to extract from is not a string")
        if len(text) > MAX_TEXT_CHARS:
            raise UnsupportedInput(f"the text has {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}")
        if not text.strip():
            return []
        found = sentences(text, self.pack)
        if not any(s.has_claim_candidate for s in found):
            return []  # no sentence holds a figure: no claim, so no speaker of one to read either
        # the sentence before "He said 45 people…" is read too: it names who "he" is
        pronoun_next = [i + 1 < len(found) and self._opens_with_pronoun(found[i + 1]) for i in range(len(found))]
        return [s for s, before in zip(found, pronoun_next) if before or worth_parsing(s, self.cue_re)]

    def _opens_with_pronoun(self, sentence: Sentence) -> bool:
        first = fold(sentence.text.lstrip()[:20]).split(" ", 1)[0]
        return first in self.claimants.pronouns

    def _claims(self, text: str, parsed: list[Sentence], docs: list[Doc], published: date | None, doc_id: str | None) -> list[Claim]:
        if not parsed:
            return []
        conflict = detect_conflict(text, published)
        state = DocumentState(published, conflict, default_side(text, conflict, self.pack), location_side(text, self.pack))
        state.quotes = self._quote_speakers(text, parsed, docs)
        claims: list[Claim] = []
        for index, (sentence, doc) in enumerate(zip(parsed, docs)):
            state.sentence_index = index
            state.introduced = text[:sentence.start].rstrip().endswith(":")
            state.opens_line = not text[:sentence.start].strip(" \t") or text[:sentence.start].rstrip(" \t").endswith("\n")
            found = self._sentence_claims(sentence, doc, state, doc_id)
            claims.extend(found)
            state.recent_docs = [*state.recent_docs[-1:], doc]
        self.side.follow_topic(claims)
        self.provenance.settle(claims, parsed, docs)  # after every claimant is known, those given afterwards too
        daily = {i for i, c in enumerate(claims) if id(c) in state.daily_claims}
        return carry_periods(claims, daily)

    # -- quotations ----------------------------------------------------------------------------
    def _quote_speakers(self, text: str, parsed: list[Sentence], docs: list[Doc]) -> list[tuple[int, int, str | None]]:
        """Each quotation with its speaker: the speech verb after its close, else before its opening."""
        result = []
        for start, end in quote_spans(text, self.pack):
            speaker = None
            for sentence, doc in zip(parsed, docs):
                if sentence.start <= end <= sentence.end + 1:
                    for verb, who, _ in self.claimants.speech_cues(doc):
                        offset = sentence.start + verb.idx
                        if end <= offset <= end + 80:
                            speaker = who
                            break
                    if speaker is None:
                        for cue in self.claimants.source_cues(doc):
                            if end <= sentence.start + cue.start <= end + 30:
                                speaker = cue.claimant
                                break
                if speaker is None and sentence.start <= start <= sentence.end:
                    for verb, who, _ in self.claimants.speech_cues(doc):
                        offset = sentence.start + verb.idx
                        if start - 80 <= offset <= start:
                            speaker = who
                if speaker:
                    break
            result.append((start, end, speaker))
        return result

    # -- one sentence --------------------------------------------------------------------------
    def _sentence_claims(self, sentence: Sentence, doc: Doc, state: DocumentState, doc_id: str | None) -> list[Claim]:
        numbers = [n for n in sentence.numbers if n.kind in ("count", "approx", "vague")]
        quoted = [(q0 - sentence.start, q1 - sentence.start) for q0, q1, _ in state.quotes
                  if q0 < sentence.end and q1 > sentence.start]
        sources = self.claimants.source_cues(doc)
        speeches = self.claimants.speech_cues(doc, quoted)
        if not numbers:
            speaker = self.claimants.main_speaker(doc, quoted)
            if speaker and speaker != PRONOUN:
                state.last_claimant = speaker
            self._claimed_after(sentence, doc, speaker if speaker != PRONOUN else None, state)
            return []
        triggers = self.events.triggers(doc)
        period = find_period(sentence.text, self.pack, state.published, state.conflict, self._speech_day_spans(speeches))
        claims: list[Claim] = []
        absorbed: set[int] = set()
        previous_end: int | None = None
        previous_qualifier: str | None = None
        for position, number in enumerate(numbers):
            if number.start in absorbed:
                continue
            claim = self._number_claim(sentence, doc, number, numbers[position + 1:], triggers, sources, speeches,
                                       period, state, claims, doc_id, previous_end, previous_qualifier)
            if claim is None:
                continue
            claim_obj, absorbed_number = claim
            if absorbed_number is not None:
                absorbed.add(absorbed_number.start)
            claims.append(claim_obj)
            if self._is_subset(sentence, claim_obj):
                state.subset_claims.add(id(claim_obj))
            if period.daily:
                state.daily_claims.add(id(claim_obj))
            state.claims.append(claim_obj)
            state.claim_sentence.append(state.sentence_index)
            previous_end = claim_obj.end - sentence.start
            previous_qualifier = claim_obj.qualifier
        self._totals_of_killed_and_wounded(sentence, claims)
        return claims

    def _claimed_after(self, sentence: Sentence, doc: Doc, speaker: str | None, state: DocumentState) -> None:
        """« … depuis vendredi. C'est ce qu'a annoncé le gouverneur. », "That was the figure given by
        the IOM.": a sentence that points back gives its speaker to the figures before it that had none."""
        opening = fold(sentence.text.lstrip())[:40]
        if not any(opening.startswith(cue) for cue in self.retro_cues):
            return
        if speaker is not None and (self.claimants.is_bare_report(speaker) or any(
                fold(speaker).startswith(cue) for cue in self.retro_cues)):
            speaker = None  # « C'est le bilan établi par le Syndicat »: the report is no speaker, its author is
        if speaker is None:  # « ce qu'a annoncé le gouverneur »: the speaker stands after the verb
            verbs = self.claimants.speech_verbs(doc)
            speaker = self.claimants.report_publisher(doc) or (self.claimants.speaker_after(verbs[0]) if verbs else None)
        if not speaker:
            return
        state.last_claimant = speaker
        for claim, index in zip(state.claims, state.claim_sentence):
            if index == state.sentence_index - 1 and claim.claimant is None:
                claim.claimant = speaker
                claim.claimant_short = normalise_claimant(speaker)[0]
                claim.evidence["claimant"] = Decision(speaker, "claimed_after", sentence.text.strip()[:60]).as_evidence()

    def _is_subset(self, sentence: Sentence, claim: Claim) -> bool:
        before = fold(sentence.text[max(0, claim.start - sentence.start - 16):claim.start - sentence.start])
        return any(re.search(r"(?<![\w])" + re.escape(m) + r"\s*$", before) for m in self.subset_markers)

    def _totals_of_killed_and_wounded(self, sentence: Sentence, claims: list[Claim]) -> None:
        """"30,000 personnel, including 14,000 killed and 16,000 wounded": the total counts both."""
        for index, total in enumerate(claims[:-2]):
            parts = claims[index + 1:index + 3]
            gap = fold(sentence.text[total.end - sentence.start:parts[0].start - sentence.start])
            between = fold(sentence.text[parts[0].end - sentence.start:parts[1].start - sentence.start])
            if not self.pair_re.fullmatch(between):
                continue  # "474 civils tués, dont 29 enfants, et 861 blessés": the wounded are not a part
            if (total.counted in PEOPLE and total.event in ("killed", "lost", "other")
                    and {p.event for p in parts} == {"killed", "wounded"}
                    and any(re.search(r"(?<![\w])" + re.escape(m) + r"(?![\w])", gap) for m in self.subset_markers)):
                total.event = "killed_or_wounded"
                total.evidence["event"] = Decision("killed_or_wounded", "total_of_parts", f"{parts[0].quote} … {parts[1].quote}").as_evidence()
        self._victims_with_their_dead(sentence, claims)

    def _victims_with_their_dead(self, sentence: Sentence, claims: list[Claim]) -> None:
        """"plus de 150 victimes, dont 35 morts", "hundreds of casualties, of whom 471 were killed": a
        toll of victims that names its dead apart counts the wounded too."""
        for total, part in zip(claims, claims[1:]):
            if total.event != "killed" or part.event != "killed" or total.counted not in PEOPLE:
                continue
            words = {fold(w) for w in re.findall(r"[\w'’-]+", total.quote)} | {stem(w) for w in re.findall(r"[\w'’-]+", total.quote)}
            gap = fold(sentence.text[total.end - sentence.start:part.start - sentence.start])
            if words & self.victim_nouns and any(re.search(r"(?<![\w])" + re.escape(m) + r"(?![\w])", gap) for m in self.subset_markers):
                total.event = "killed_or_wounded"
                total.evidence["event"] = Decision("killed_or_wounded", "victims_with_their_dead", part.quote).as_evidence()

    def _speech_day_spans(self, speeches: list[tuple[Token, str, bool]]) -> list[tuple[int, int]]:
        """Days and dates that say when something was said ("a affirmé samedi"), not when it happened."""
        if not speeches:
            return []
        words = self.day_words
        day_tokens = [t for t in doc_tokens(speeches[0][0].doc) if fold(t.text) in words]
        if not day_tokens:
            return []
        spans = []
        for verb, _, _ in speeches:
            heads = {verb.i, *(c.i for c in verb.children if self.pack.deps.is_(c, "verb_part") or c.pos_ == "VERB" and c.i == verb.i + 1)}
            for token in day_tokens:
                if fold(token.text) in words and (token.head.i in heads or token.head.head.i in heads and not self.pack.deps.is_(token.head, "complement_clause")):
                    tokens = list(token.head.subtree) if token.head.i not in heads else list(token.subtree)
                    spans.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
        return spans

    def _number_claim(self, sentence: Sentence, doc: Doc, number: NumberMatch, following: list[NumberMatch],
                      triggers: list[tuple[Token, str]], sources: list[Attribution], speeches: list[tuple[Token, str, bool]],
                      period: Period, state: DocumentState, sentence_claims: list[Claim], doc_id: str | None,
                      previous_end: int | None, previous_qualifier: str | None) -> tuple[Claim, NumberMatch | None] | None:
        joined = r"\s*(?:" + "|".join(map(re.escape, self.range_joiners)) + r")\s*"
        after = next((n for n in sentence.numbers if n.start >= number.end), None)
        before = next((n for n in reversed(sentence.numbers) if n.end <= number.start), None)
        if after is not None and after.kind not in ("count", "approx", "vague") and re.fullmatch(
                joined, fold(sentence.text[number.end:after.start])):
            return None  # "âgés de 18 à 60 ans": a range of something that is not a count
        if before is not None and before.kind not in ("count", "approx", "vague") and re.fullmatch(
                joined, fold(sentence.text[before.end:number.start])):
            return None  # "men aged 18 to 60": the end of such a range
        if self._in_proportion(sentence, number, before, after):
            return None
        qualified = qualify(sentence.text, number, following, self.pack)
        quantity = doc.char_span(number.start, qualified.end, alignment_mode="expand")
        if quantity is None:
            return None
        first, last = quantity.start, quantity.end - 1
        if self._is_label(doc, first, last, qualified.qualifier) or self._hypothetical(doc, first):
            return None
        figure = Figure(sentence, doc, number, quantity, triggers, sentence_claims,
                        [c for c in sentence_claims if id(c) not in state.subset_claims], state.claims,
                        self._listed_after(sentence, qualified.start, previous_end, sentence_claims),
                        state.recent_people_class(), state.recent_docs if state.introduced else [],
                        frozenset(state.subset_claims))
        self.reader.find_counted(figure)
        counted = figure.counted
        if counted.not_counted:
            return None
        noun_tokens = counted.noun_tokens
        anchor = figure.anchor
        end_token = noun_tokens[-1] if noun_tokens else doc[last]
        qualifier, low, high = self._qualifier(sentence, doc, number, qualified, end_token, previous_end, previous_qualifier)
        reading = self.reader.read(figure)
        if reading is None:
            return None
        counted_class, event, trigger, inherited_from = reading.counted, reading.event, reading.trigger, reading.inherited

        # who says so, and whose
        previous = next((c for c in reversed(state.claims) if c not in sentence_claims), None)
        claimant_decision = self.claimant.decide(ClaimantQuery(
            sentence, sentence.start + number.start, anchor, sources, speeches, state.quotes, state.introduced,
            state.last_claimant, previous, anaphoric=counted.anaphoric, opens_line=state.opens_line,
            in_sentence=sentence_claims[-1] if sentence_claims else None))
        claimant = claimant_decision.value
        if claimant and claimant != PRONOUN and state.last_claimant and self.claimants.is_bare_report(claimant):
            claimant = PRONOUN  # "…, the statement reads": the statement of the speaker named before
        if claimant == PRONOUN:
            claimant = state.last_claimant
        elif claimant:
            claimant = self.claimant.earlier_name(claimant, state.last_claimant, state.claims)
            state.last_claimant = claimant
        side_decision = self.side.decide(SideQuery(
            doc, anchor, noun_tokens, counted_class, event, trigger, state.conflict, claimant, sentence_claims,
            state.claims, inherited_from, state.recent_docs if state.introduced else [], state.location_side,
            state.default_side, captive=counted.event == "captured" or figure.evidence["event"].strategy == "released",
            listed=figure.listed))
        side = side_decision.value
        # whom an earlier sentence counted does not outrank a party's losses named here ("another
        # estimate for Russian casualties, … up to 223,000")
        from_afar = inherited_from is not None and inherited_from not in sentence_claims and counted.counted is None
        if (counted_class == "person" or from_afar and counted_class in PEOPLE) and self._owned_losses(
                figure, trigger, side_decision, state.conflict):
            counted_class = "soldier"
            figure.evidence["counted"] = Decision("soldier", "losses_of_party", side_decision.words)
        short, _ = normalise_claimant(claimant)

        start = sentence.start + qualified.start
        end = sentence.start + max(qualified.end, end_token.idx + len(end_token.text) if noun_tokens else qualified.end)
        text_quote = sentence.text[qualified.start:end - sentence.start]
        confidence = 0.9 if counted.counted not in (None, "other") else 0.6
        if inherited_from is not None or figure.partitive:
            confidence -= 0.1
        # a field guessed from the document's defaults rather than read in the figure's words
        decisions = [*figure.evidence.values(), side_decision, claimant_decision]
        confidence -= 0.1 * sum(1 for d in decisions if d.weak)
        claim = Claim(
            start=start, end=end, quote=text_quote, value=number.value if qualifier != "vague" else number.unit,
            qualifier=qualifier, low=low, high=high, counted=counted_class, event=event, side=side,
            claimant=claimant, claimant_short=short, period_start=period.start, period_end=period.end,
            sentence=sentence.text, confidence=round(max(confidence, 0.1), 2), doc=doc_id, lang=self.pack.code,
            evidence={**{k: d.as_evidence() for k, d in figure.evidence.items()}, "side": side_decision.as_evidence(),
                      "claimant": Decision(claimant, claimant_decision.strategy, claimant_decision.words).as_evidence()},
        )
        return claim, qualified.absorbed

    def _owned_losses(self, figure: Figure, trigger: Token | None, side: Decision, conflict: Conflict | None) -> bool:
        """"Russia has suffered 100,000 casualties", "les pertes russes": a party's losses are soldiers."""
        if conflict is None or side.value not in conflict.parties or side.strategy not in OWNER_STRATEGIES:
            return False
        words = [*figure.counted.noun_tokens, *([trigger] if trigger is not None else [])]
        return any(fold(t.lemma_) in self.owned_losses or fold(t.text) in self.owned_losses for t in words)

    def _qualifier(self, sentence: Sentence, doc: Doc, number: NumberMatch, qualified: Qualified, end_token: Token,
                   previous_end: int | None, previous_qualifier: str | None) -> tuple[str, float | None, float | None]:
        """The qualifier before the number, after the noun ("50 soldats environ"), or distributed over a list."""
        if qualified.qualifier != "exact":
            return qualified.qualifier, qualified.low, qualified.high
        after = qualifier_after(end_token.whitespace_ + doc[end_token.i + 1:].text, self.pack)
        if after:
            return (after, *bounds(after, number.value))
        quantity = doc.char_span(number.start, number.end, alignment_mode="expand")
        crossed = self.thresholds.qualifier(doc, quantity.start, quantity.end - 1) if quantity is not None else None
        if crossed:
            return (crossed, *bounds(crossed, number.value))
        if previous_qualifier and previous_end is not None and previous_qualifier not in ("exact", "range", "vague"):
            gap = fold(sentence.text[previous_end:qualified.start])
            # only a qualifier before its number spreads over a list: "35 people at least… and 13 others" stays exact
            postposed = qualifier_after(sentence.text[previous_end:qualified.start], self.pack)
            if len(gap) <= 60 and not postposed and self.next_item_re.search(gap) and not re.search(r"\d", gap):
                return (previous_qualifier, *bounds(previous_qualifier, number.value))
        return qualified.qualifier, qualified.low, qualified.high

    def _listed_after(self, sentence: Sentence, start: int, previous_end: int | None, sentence_claims: list[Claim]) -> Claim | None:
        """The figure this one follows in a list ("8,344 tanks, 16,095 armored vehicles, …")."""
        if previous_end is None or not sentence_claims:
            return None
        gap = fold(sentence.text[previous_end:start])
        return sentence_claims[-1] if self.list_gap_re.fullmatch(gap) else None

    def _hypothetical(self, doc: Doc, first: int) -> bool:
        """"imaginer le stade rempli de milliers de Russes tués": not a figure anyone claims."""
        return any(fold(t.lemma_) in self.hypothetical_cues for t in doc[max(0, first - 12):first])

    def _in_proportion(self, sentence: Sentence, number: NumberMatch, before: NumberMatch | None,
                       after: NumberMatch | None) -> bool:
        """"près de six sur dix", "one in five", « cent contre cent »: a share or a rate of exchange
        over a round base, not a count ("20 sur 23 drones" is a part of a count)."""
        for part, base in ((number, after), (before, number)):
            if part is None or base is None or not self.proportion_re.fullmatch(fold(sentence.text[part.end:base.start])):
                continue
            if base.value <= 10 or base.value in (100, 1000):
                return True  # a base of ten or less counts nothing of its own ("one in five children")
        return False

    def _is_label(self, doc: Doc, first: int, last: int, qualifier: str) -> bool:
        """"phase 2", "FRANCE 24": a number that names rather than counts."""
        if qualifier != "exact" or first == 0:
            return False
        before = doc[first - 1]
        after = doc[last + 1] if last + 1 < len(doc) else None
        if after is not None and after.pos_ in ("NOUN", "PROPN") and not after.is_punct:
            return False
        return fold(before.lemma_) in self.label_nouns or fold(before.text) in self.label_nouns or (
            before.text.isupper() and len(before.text) > 1 and before.text.isalpha())  # "FRANCE 24", "BFM 2"


@cache
def get_extractor(lang: str) -> Extractor:
    """The extractor of ``lang``, built once per process (loading a pipeline takes seconds)."""
    return Extractor(lang)


def extract_claims(text: str, lang: str = "fr", published: date | None = None, doc_id: str | None = None) -> list[Claim]:
    """Claims of one text: ``extract_claims("Plus de 450 chars…", "fr", date(2022, 3, 19))``."""
    return get_extractor(lang).extract_text(text, published=published, doc_id=doc_id)
