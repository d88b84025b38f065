"""Issue 13: the rules' shortcuts answer as the plain code they replace.

- ``doc_tokens`` and ``number_of`` give the tokens and numbers spaCy's own accessors give.
- Period patterns scan lower-cased text case-sensitively: same spans, same words, same periods.
- A conflict's keywords are scanned for only in texts holding the first word of one of them.
- A counted phrase is looked up by stemmed runs built once per window.
- A speaker's titles are looked up by their first word.
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decompte.claimants import _plain, _Token, default_index
from decompte.extract import periods
from decompte.extract.extractor import get_extractor
from decompte.extract.packs import conflicts, fold, load_pack
from decompte.extract.periods import _PeriodPattern, _for_lowercase, _keyword_hits, _keyword_re, _patterns, find_period
from decompte.extract.syntax import doc_tokens, number_of, stem_phrase, stemmed_runs

DATA = Path(__file__).resolve().parents[1] / "data"

SENTENCES = {
    "fr": [
        "Selon l'état-major ukrainien, 14 400 soldats russes ont été tués depuis le 24 février.",
        "Au moins 816 civils ont été tués et 1 333 blessés, a indiqué lundi le Haut-Commissariat.",
        "Dans la nuit de mardi à mercredi, une trentaine de drones ont été abattus au-dessus de Kiev.",
    ],
    "en": [
        "At least 45 people were killed in Kharkiv on Tuesday, the regional governor said.",
        "Since the war began, the UN has counted 8,000 civilian deaths and 13,500 injured.",
        "Over the past 24 hours, 1,200 Russian soldiers and seven tanks were lost, Kyiv said.",
    ],
}


def _project_lines(lang: str) -> list[str]:
    lines: list[str] = []
    for name in (f"kinds-{lang}-docs.jsonl", f"wars-{lang}-docs.jsonl"):
        for row in (DATA / name).read_text(encoding="utf-8").splitlines():
            lines.extend(line for line in json.loads(row).get("text", "").splitlines() if line.strip())
    return lines


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_doc_tokens_and_number_of_read_what_spacy_reads(lang: str) -> None:
    nlp = get_extractor(lang).nlp
    numbers = 0
    for doc in nlp.pipe(SENTENCES[lang]):
        made = doc_tokens(doc)
        assert [(t.i, t.text) for t in made] == [(t.i, t.text) for t in doc]
        assert doc_tokens(doc) is made  # made once per parse
        assert [number_of(t) for t in doc] == [t._.number for t in doc]
        numbers += sum(number_of(t) is not None for t in doc)
    assert numbers >= 3


def test_a_pattern_spelling_capitals_or_codes_keeps_matching_any_case() -> None:
    assert _for_lowercase(r"No[eë]l|réveillon") is None
    assert _for_lowercase(r"\x41u cours") is None
    assert _for_lowercase(r"(?P<weekday>lundi|mardi)\s+(?P=weekday)?\D") is not None


def _cased(words: list[str], uppers: list[bool]) -> str:
    return " ".join(w.upper() if up else w.capitalize() if i % 3 == 0 else w for i, (w, up) in enumerate(zip(words, uppers)))


def _period_words(lang: str) -> list[str]:
    pack = load_pack(lang)
    literal = {w for p in _patterns(pack) for w in re.findall(r"[^\W\d_]{2,}", p.anycase.pattern)}
    return sorted(literal | set(pack.numbers.weekdays) | set(pack.numbers.months) | {"24", "1er", "2022", "'", ","})


@pytest.mark.parametrize("lang", ["fr", "en"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_period_patterns_match_lower_cased_text_as_they_match_any_case(lang: str, data: st.DataObject) -> None:
    words = data.draw(st.lists(st.sampled_from(_period_words(lang)), min_size=1, max_size=12))
    text = _cased(words, data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words))))
    lowered = text.lower()
    for pattern in _patterns(load_pack(lang)):
        if pattern.lowercase is None or len(lowered) != len(text):
            continue
        anycase = [(m.span(), {k: m.span(k) for k in m.groupdict()}) for m in pattern.anycase.finditer(text)]
        lower = [(m.span(), {k: m.span(k) for k in m.groupdict()}) for m in pattern.lowercase.finditer(lowered)]
        assert lower == anycase


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_periods_are_those_the_case_insensitive_patterns_find(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = load_pack(lang)
    lines = [*SENTENCES[lang], *_project_lines(lang)]
    lines += [line.upper() for line in lines[:40]]
    published, conflict = date(2022, 6, 1), next(c for c in conflicts() if c.start == date(2022, 2, 24))
    fast = [find_period(line, pack, published, conflict) for line in lines]
    plain = [_PeriodPattern(p.anycase, None, p.sets) for p in _patterns(pack)]
    monkeypatch.setattr(periods, "_patterns", lambda _pack: plain)
    assert [find_period(line, pack, published, conflict) for line in lines] == fast
    assert sum(p.start is not None or p.end is not None for p in fast) >= 10


def _keyword_texts() -> st.SearchStrategy[str]:
    keywords = sorted({fold(k) for c in conflicts() for k in c.keywords})
    pieces = st.one_of(st.sampled_from(keywords), st.sampled_from(["guerre", "war", "-", "'", "x", "2022"]),
                       st.text(alphabet="abcdé-' ", max_size=6))
    return st.lists(pieces, max_size=10).map(lambda parts: "".join(p + s for p, s in zip(parts, " ,-'." * 3)))


@settings(max_examples=300, deadline=None)
@given(folded=_keyword_texts())
def test_a_conflict_s_keywords_are_counted_as_its_pattern_counts_them(folded: str) -> None:
    words = set(re.findall(r"\w+", folded))
    for conflict in conflicts():
        assert _keyword_hits(conflict, folded, words) == len(_keyword_re(conflict).findall(folded))


@given(words=st.lists(st.sampled_from(["-", "'", "soldats", "russes", "Chars", "aujourd", "hui", "blessés", "x"]), max_size=9))
def test_stemmed_runs_are_the_stemmed_phrases_of_each_length(words: list[str]) -> None:
    assert stemmed_runs(words) == [stem_phrase(words[:n]) for n in range(len(words) + 1)]


def _title_at_by_scan(titles: list[tuple[str, ...]], tokens: list[_Token], i: int) -> int:
    for title in sorted(titles, key=len, reverse=True):
        if tuple(t.folded for t in tokens[i:i + len(title)]) == title:
            return len(title)
    return 0


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_speaker_s_title_is_found_as_a_scan_of_every_title_finds_it(data: st.DataObject) -> None:
    index = default_index()
    raw = json.loads(resources.files("decompte").joinpath("data/claimants.json").read_text(encoding="utf-8"))
    titles = [tuple(w.rstrip(".") for w in fold(t).split()) for t in raw["titles"]["words"]]
    vocabulary = sorted({w for t in titles for w in t} | {"ivan", "petrov", "de", "la"})
    words = data.draw(st.lists(st.sampled_from(vocabulary), max_size=8))
    tokens = [_Token(w, w, False) for w in words]
    for i in range(len(tokens) + 1):
        assert index._title_at(tokens, i) == _title_at_by_scan(titles, tokens, i)


def _claimants_written() -> list[str]:
    names: set[str] = set()
    for path in DATA.glob("*.jsonl"):
        if path.name.endswith("-docs.jsonl"):
            continue
        for row in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(row)
            names.update(str(record[k]) for k in ("claimant", "claimant_short") if record.get(k))
    return sorted(names)


def test_a_name_s_aliases_are_those_a_scan_of_every_pattern_finds() -> None:
    """Only the aliases whose text the name holds are searched for: the same hits, in the same order."""
    index = default_index()
    raw = json.loads(resources.files("decompte").joinpath("data/claimants.json").read_text(encoding="utf-8"))
    written = [*_claimants_written(), *(e["name"] for e in raw["entities"]),
               *(f"le porte-parole de {a}, Ivan Petrov" for e in raw["entities"] for a in e["aliases"][:2])]
    assert len(written) > 300
    for name in written:
        plain, skeleton = _plain(name), index.skeleton(name)
        scanned = [a for a in index._aliases if a.pattern.search(plain if a.acronym else skeleton)]
        found = index._hit(name)
        assert found == (next((h for h in scanned if h.entity.kind == "person" and h.skeleton not in scanned[0].skeleton),
                              scanned[0]) if scanned else None), name


NO_FIGURE = {
    "fr": ("« La ville tient », a déclaré mardi le gouverneur de la région, qui a dénoncé des frappes russes. "
           "Selon l'état-major ukrainien, les combats se poursuivent près de Bakhmout."),
    "en": ("\"The city is holding,\" the regional governor said on Tuesday, denouncing Russian strikes. "
           "According to the Ukrainian general staff, fighting goes on near Bakhmut."),
}
FIGURE = {"fr": " Au moins 12 civils ont été tués, a-t-il ajouté.", "en": " At least 12 civilians were killed, he added."}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_text_without_a_figure_is_not_parsed(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its speakers could only be the speakers of figures: with none, nothing is handed to spaCy."""
    extractor = get_extractor(lang)
    parsed: list[str] = []
    real_pipe = extractor.nlp.pipe

    def counting_pipe(texts, *args, **kwargs):  # type: ignore[no-untyped-def]
        for doc in real_pipe(texts, *args, **kwargs):
            parsed.append((doc[0] if isinstance(doc, tuple) else doc).text)
            yield doc

    monkeypatch.setattr(extractor.nlp, "pipe", counting_pipe)
    assert extractor.extract_text(NO_FIGURE[lang]) == []
    assert parsed == []
    with_figure = extractor.extract_text(NO_FIGURE[lang] + FIGURE[lang])
    assert [c.value for c in with_figure] == [12]
    assert len(parsed) >= 2  # the figure's sentence and the speakers' sentences before it
