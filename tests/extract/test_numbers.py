"""Numbers: every way war reporting writes a count, and everything that is not one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decompte.errors import NumberParseError
from decompte.extract.numbers import find_numbers, parse_digits, parse_number
from decompte.extract.packs import load_pack

FR = load_pack("fr").numbers
EN = load_pack("en").numbers


def group(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([" ", "\u00a0", "\u202f", ".", ",", ""]))
def test_any_integer_with_any_separator_parses_back(value: int, separator: str) -> None:
    assert parse_digits(group(value, separator)) == value


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([" ", "\u00a0", "\u202f", ".", ","]),
       st.sampled_from([FR, EN]))
def test_integers_are_found_in_a_sentence(value: int, separator: str, lexicon) -> None:  # type: ignore[no-untyped-def]
    text = f"Au total, {group(value, separator)} chars" if lexicon is FR else f"In all, {group(value, separator)} tanks"
    found = [m for m in find_numbers(text, lexicon) if m.kind == "count"]
    if 1800 <= value <= 2100 and separator in ("",):
        return
    assert [m.value for m in found] == [value]
    assert text[found[0].start:found[0].end] == group(value, separator)  # offsets stay true to the text


@given(st.binary(max_size=200))
def test_random_bytes_raise_only_our_error(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    try:
        parse_number(text, FR)
    except NumberParseError:
        pass


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_find_numbers_never_raises(text: str) -> None:
    for match in find_numbers(text, FR) + find_numbers(text, EN):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("14 400", 14400), ("14\u00a0400", 14400), ("14\u202f400", 14400), ("14.400", 14400), ("14,400", 14400),
        ("1,2 million", 1_200_000), ("2,5 millions", 2_500_000), ("14,4 mille", 14400), ("3,27 millions", 3_270_000),
        ("quatre-vingt-quinze", 95), ("deux cents", 200), ("quatorze mille quatre cents", 14400),
        ("Quatre-vingts", 80), ("un demi-million", 500_000), ("six millions", 6_000_000),
    ],
)
def test_french_numbers(text: str, value: float) -> None:
    assert parse_number(text, FR) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("14,400", 14400), ("1.2 million", 1_200_000), ("1.2m", 1_200_000), ("14.4k", 14400), ("fourteen thousand", 14000),
     ("A million", 1_000_000), ("one", 1), ("190,000", 190_000)],
)
def test_english_numbers(text: str, value: float) -> None:
    assert parse_number(text, EN) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("des milliers de Russes", "vague", 1000), ("des centaines de soldats", "vague", 100),
        ("des dizaines de civils", "vague", 10), ("des dizaines de milliers de manifestants", "vague", 10000),
        ("une dizaine de blessés", "approx", 10), ("une vingtaine de civils", "approx", 20),
        ("un millier de réfugiés", "approx", 1000),
    ],
)
def test_vague_quantities(text: str, kind: str, value: float) -> None:
    found = find_numbers(text, FR)
    assert [(m.kind, m.value) for m in found] == [(kind, value)]


@pytest.mark.parametrize(
    ("text", "lexicon"),
    [
        ("le 24 février", FR), ("en 2015, la campagne", FR), ("le huitième anniversaire", FR), ("trois semaines", FR),
        ("70 % des habitants", FR), ("à 21h00", FR), ("Publié le 08-01-2023 à 18h24", FR), ("01 23 45 67 89", FR),
        ("un F-16", FR), ("la chaîne Russie-24", FR), ("sur 1.000 m2", FR), ("le 1er mars", FR),
        ("on February 24", EN), ("born in 1958 and 1962", EN), ("a 65-year-old woman", EN), ("at 7 a.m.", EN),
        ("2% of the population", EN), ("the 3rd battalion", EN), ("Updated March 3, 2022 at 5:28 AM", EN),
        ("the deadliest day since the 2006 war", EN), ("before the 2014 elections", EN),
        ("pendant les quatre premiers jours de trêve", FR), ("the truce held for three more days", EN),
    ],
)
def test_things_that_are_not_counts(text: str, lexicon) -> None:  # type: ignore[no-untyped-def]
    assert [m.text for m in find_numbers(text, lexicon) if m.kind in ("count", "approx", "vague")] == []


def test_year_followed_by_a_noun_is_a_count() -> None:
    found = find_numbers("plus de 2000 instructeurs de l'Otan", FR)
    assert [(m.value, m.kind) for m in found] == [(2000, "count")]
    assert [(m.value, m.kind) for m in find_numbers("the army lost 2006 soldiers", EN)] == [(2006, "count")]


@pytest.mark.parametrize("text", ["", "abc", "14 400 400 400,,", "--", "∞", "1e9"])
def test_parse_number_refuses_with_its_error(text: str) -> None:
    with pytest.raises(NumberParseError):
        parse_number(text, FR)


# -- issue 11: a fraction of a scale, ranges written with a dash, dozens --------------------------------

@pytest.mark.parametrize(
    ("text", "lexicon", "value"),
    [
        ("un million et demi", FR, 1_500_000), ("Un million et demi", FR, 1_500_000), ("deux millions et demi", FR, 2_500_000),
        ("1 million et demi", FR, 1_500_000), ("trois milliards et demi", FR, 3_500_000_000), ("1,5 million", FR, 1_500_000),
        ("one and a half million", EN, 1_500_000), ("a million and a half", EN, 1_500_000), ("1.5 million", EN, 1_500_000),
        ("two and a half million", EN, 2_500_000), ("one and a half thousand", EN, 1500),
    ],
)
def test_a_fraction_of_a_scale(text: str, lexicon, value: float) -> None:  # type: ignore[no-untyped-def]
    assert parse_number(text, lexicon) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "lexicon"),
    [("il a couru un m et demi", FR), ("deux heures et demie plus tard", FR), ("an hour and a half later", EN)],
)
def test_a_fraction_of_something_else_is_no_scale(text: str, lexicon) -> None:  # type: ignore[no-untyped-def]
    assert [m.value for m in find_numbers(text, lexicon) if m.value >= 1000] == []


@pytest.mark.parametrize(
    ("text", "lexicon", "values"),
    [
        ("12,000-14,500 people", EN, [12000, 14500]), ("12,000–14,500 people", EN, [12000, 14500]),
        ("12 000-14 500 personnes", FR, [12000, 14500]), ("12 000–14 500 personnes", FR, [12000, 14500]),
        ("from 300 to 400 troops", EN, [300, 400]), ("de 300 à 400 soldats", FR, [300, 400]),
    ],
)
def test_both_numbers_of_a_dashed_range_are_found(text: str, lexicon, values: list[float]) -> None:  # type: ignore[no-untyped-def]
    assert [m.value for m in find_numbers(text, lexicon) if m.kind == "count"] == values


@pytest.mark.parametrize(("text", "lexicon"), [("un F-16", FR), ("le Su-34", FR), ("a T-72 tank", EN), ("-5 degrés", FR)])
def test_a_dash_after_letters_or_alone_still_starts_no_count(text: str, lexicon) -> None:  # type: ignore[no-untyped-def]
    assert [m for m in find_numbers(text, lexicon) if m.kind == "count"] == []


@pytest.mark.parametrize(
    ("text", "lexicon", "kind", "value"),
    [("a dozen soldiers", EN, "approx", 12), ("une dizaine de soldats", FR, "approx", 10),
     ("une douzaine de chars", FR, "approx", 12), ("dozens of soldiers", EN, "vague", 12)],
)
def test_dozens_and_about_ten(text: str, lexicon, kind: str, value: float) -> None:  # type: ignore[no-untyped-def]
    assert [(m.kind, m.value) for m in find_numbers(text, lexicon)] == [(kind, value)]


# -- any input: never an exception other than ours, never a value a float cannot hold --------------------

SEPARATORS = ["", " ", "\u00a0", "\u202f", ".", ",", "'", "’", "-", "–", "/", ":", "x", "  ", ",,", ". "]


@settings(max_examples=300)
@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=150), st.lists(st.sampled_from(SEPARATORS), min_size=1))
def test_digit_groups_with_random_separators(groups: list[int], separators: list[str]) -> None:
    text = "".join(part + separators[i % len(separators)] for i, part in enumerate(f"{g:03d}" for g in groups))
    for lexicon in (FR, EN):
        found = find_numbers(text, lexicon)
        assert [m.start for m in found] == sorted(m.start for m in found)
        for earlier, later in zip(found, found[1:]):
            assert earlier.end <= later.start  # no number inside another
        for match in found:
            assert text[match.start:match.end] == match.text
            assert 0 <= match.value < 10 ** 19  # 18 digits at most, times no scale here
        try:
            value = parse_number(text, lexicon)
        except NumberParseError:
            continue
        assert value == value and value != float("inf")  # neither NaN nor infinite


@settings(max_examples=200)
@given(st.text(alphabet="0123456789 .,'-", min_size=1, max_size=2000))
def test_long_runs_of_digits_and_separators_raise_only_our_error(text: str) -> None:
    try:
        parse_digits(text)
    except NumberParseError:
        pass
    find_numbers(text, FR)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["un", "million", "et", "demi", "deux", "millions", "de", "1", "2,5", "mille", "a", "and",
                                 "half", "one", "thousand", "cent", "vingt", "-", " ", "et demie", "dizaine", "des"]),
                max_size=60))
def test_runs_of_number_words_in_any_order(words: list[str]) -> None:
    text = " ".join(words)
    for lexicon in (FR, EN):
        for match in find_numbers(text, lexicon):
            assert text[match.start:match.end] == match.text
            assert match.value >= 0
