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
    ],
)
def test_things_that_are_not_counts(text: str, lexicon) -> None:  # type: ignore[no-untyped-def]
    assert [m.text for m in find_numbers(text, lexicon) if m.kind in ("count", "approx", "vague")] == []


def test_year_followed_by_a_noun_is_a_count() -> None:
    found = find_numbers("plus de 2000 instructeurs de l'Otan", FR)
    assert [(m.value, m.kind) for m in found] == [(2000, "count")]


@pytest.mark.parametrize("text", ["", "abc", "14 400 400 400,,", "--", "∞", "1e9"])
def test_parse_number_refuses_with_its_error(text: str) -> None:
    with pytest.raises(NumberParseError):
        parse_number(text, FR)
