"""Work stays linear in the input: counted, never timed.

What is asserted is work done — regular expressions compiled, sentences and numbers
handed to the parser, characters examined — so that a step that grows faster than the
text shows here as a count that grows, on any machine, however loaded.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date

import pytest

from decompte.errors import NumberParseError, UnsupportedInput
from decompte.evaluate import load_documents
from decompte.extract import extract_claims, get_extractor
from decompte.extract import numbers as numbers_module
from decompte.extract import qualifiers
from decompte.extract.numbers import find_numbers, parse_number
from decompte.extract.packs import load_pack
from decompte.extract.qualifiers import qualifier_after, qualify
from decompte.extract.sentences import attribution_cue_re, sentences, worth_parsing
from decompte.settings import MAX_DENSE_NUMBERS, MAX_SENTENCE_CHARS, MAX_SENTENCE_NUMBERS

from .conftest import DATA, EXAMPLE

FR = load_pack("fr")
EN = load_pack("en")


def articles(count: int) -> Iterator[tuple[str, str]]:
    """``count`` texts of the project (the example and our test documents), numbers shifted so none repeats."""
    seeds = [("fr", EXAMPLE.read_text(encoding="utf-8"))]
    for name, lang in (("fr-sentences", "fr"), ("en-sentences", "en"), ("en-example", "en")):
        seeds += [(lang, a.text) for a in load_documents(DATA / f"{name}-docs.jsonl")]
    rng = random.Random(3)
    for i in range(count):
        lang, text = seeds[i % len(seeds)]
        yield lang, re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)) if len(m.group()) < 4 else m.group(), text)


def pre_parse(text: str, lang: str) -> int:
    """Everything this layer does to a text before and around the parse: sentences, numbers, qualifiers."""
    pack = FR if lang == "fr" else EN
    cue = attribution_cue_re(pack)
    done = 0
    for sentence in sentences(text, pack):
        worth_parsing(sentence, cue)
        for i, number in enumerate(sentence.numbers):
            qualify(sentence.text, number, list(sentence.numbers[i + 1:i + 2]), pack)
            qualifier_after(sentence.text[number.end:], pack)
            done += 1
    return done


def test_no_pattern_is_compiled_after_the_first_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: every pattern is compiled once per pack. ``re``'s own cache is emptied before the
    100 articles, so a pattern looked up by its string (``re.match(r"…", s)``) would be compiled again
    and counted: only patterns compiled once and kept pass."""
    texts = list(articles(100))
    for lang in ("fr", "en"):
        pre_parse(next(text for code, text in texts if code == lang), lang)  # each pack builds its patterns
    compiled: list[str] = []
    real = re._compiler.compile  # type: ignore[attr-defined]

    def counting(pattern, flags=0):  # type: ignore[no-untyped-def]
        compiled.append(str(pattern)[:60])
        return real(pattern, flags)

    monkeypatch.setattr(re._compiler, "compile", counting)  # type: ignore[attr-defined]
    re.purge()
    builds = qualifiers.patterns.cache_info().misses
    numbers_seen = sum(pre_parse(text, lang) for lang, text in texts)
    assert numbers_seen > 500  # the articles did hold figures
    assert compiled == []
    assert qualifiers.patterns.cache_info().misses == builds


@pytest.mark.parametrize("text", ["1 " * 5000, "1 000 " * 3000, "12 morts, " * 1500, "chars : 466 ; " * 600])
def test_long_runs_are_cut_into_bounded_windows(text: str) -> None:
    """A run of numbers on one line reaches the parser as windows of bounded size, offsets true."""
    found = sentences(text, FR) if text.count(" ") < 2 * MAX_DENSE_NUMBERS else None
    if found is None:
        with pytest.raises(UnsupportedInput):
            sentences(text, FR)
        return
    assert found
    for sentence in found:
        assert len(sentence.text) <= MAX_SENTENCE_CHARS
        assert len(sentence.numbers) <= MAX_SENTENCE_NUMBERS
        assert text[sentence.start:sentence.end] == sentence.text
        assert all(sentence.text[n.start:n.end] == n.text for n in sentence.numbers)


def test_windows_keep_every_number_whole() -> None:
    text = "Pertes : " + " ; ".join(f"catégorie {i} : {1000 + i} unités" for i in range(400))
    whole = [n.value for n in find_numbers(text, FR.numbers)]
    windowed = [n.value for s in sentences(text, FR) for n in s.numbers]
    assert windowed == whole
    assert max(len(s.numbers) for s in sentences(text, FR)) == MAX_SENTENCE_NUMBERS


def test_parser_never_sees_more_than_its_max_length() -> None:
    """Issue 14: a text under our 2 M character cap but over spaCy's 1 M limit is cut, not refused by spaCy."""
    line = "les soldats ont dit que la ville tenait " * 30_000  # 1.2 M characters, no full stop, no newline
    found = sentences(line, FR)
    assert len(found) >= len(line) // MAX_SENTENCE_CHARS
    assert max(len(s.text) for s in found) <= MAX_SENTENCE_CHARS <= get_extractor("fr").nlp.max_length


@pytest.mark.parametrize("separator", [" ", ".", ",", "-", "\n", "»", '"', "@", "1", "…"])
def test_a_run_of_one_separator_is_read_once(separator: str) -> None:
    """200 000 of one character: found in one pass, and nothing of it is handed to the parser."""
    text = separator * 200_000
    found = sentences(text, FR)
    assert sum(len(s.text) for s in found) <= len(text)
    assert [s for s in found if worth_parsing(s, attribution_cue_re(FR))] == []


def test_overlap_checks_examine_each_character_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """What is already taken is looked up in a mask: characters examined grow with the text, not its square."""
    examined = [0]
    real = numbers_module._Taken.overlaps

    def counting(self, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
        examined[0] += end - start
        return real(self, start, end)

    monkeypatch.setattr(numbers_module._Taken, "overlaps", counting)
    for n in (1000, 4000):
        examined[0] = 0
        text = "le 3 mars, 12 chars et des dizaines de civils ; " * n
        find_numbers(text, FR.numbers)
        assert examined[0] <= 2 * len(text)


def test_qualifying_looks_at_one_following_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """A range is two numbers next to each other: each number is compared with one other at most."""
    pairs = [0]
    real = qualifiers._range

    def counting(*args):  # type: ignore[no-untyped-def]
        pairs[0] += 1
        return real(*args)

    monkeypatch.setattr(qualifiers, "_range", counting)
    text = "entre 10 et 20 soldats, " * 40
    numbers = find_numbers(text, FR.numbers)
    for i, number in enumerate(numbers):
        qualify(text, number, numbers[i + 1:], FR)
    assert 0 < pairs[0] <= len(numbers)


def test_a_text_packed_with_numbers_is_refused_in_one_line() -> None:
    with pytest.raises(UnsupportedInput, match="numbers in 200,000 characters"):
        extract_claims("1 " * 100_000, lang="fr")


@pytest.mark.parametrize("groups", [102, 103, 110, 400])
def test_a_number_of_many_digit_groups_is_not_a_number(groups: int) -> None:
    """Issue 14: 103 groups overflowed a float (``OverflowError``, the document dropped)."""
    huge = "1" + " 000" * groups
    assert [m for m in find_numbers(f"Il y a {huge} morts.", FR.numbers) if m.kind == "count"] == []
    with pytest.raises(NumberParseError):
        parse_number(huge, FR.numbers)
    claims = extract_claims(f"Selon Kiev, {huge} soldats russes ont été tués, et 300 blessés.", lang="fr",
                            published=date(2022, 3, 19))
    assert [c.value for c in claims] == [300]


def test_the_command_refuses_a_packed_text_in_one_line() -> None:
    from typer.testing import CliRunner

    from decompte.cli import app

    result = CliRunner().invoke(app, ["extract", "-", "--lang", "fr"], input="1 a " * 3000)
    assert result.exit_code != 0
    assert "not an article" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
