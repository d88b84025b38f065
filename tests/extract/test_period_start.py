"""A period's start is never its end: "since the invasion began on February 24, 2022" opens
the period on that day; the figure is not dated on it (the dashboard once put a 146 820 point
on 24 February 2022)."""

from __future__ import annotations

from datetime import date

import pytest

from decompte.extract import get_extractor

PUBLISHED = date(2024, 11, 29)
ROWS = [
    ("en", "Russia has lost 738,660 troops since the invasion began on February 24, 2022, Ukraine's General Staff said.",
     "738,660"),
    ("en", "Since February 24, 2022, Russia has lost 9,500 tanks, according to Kyiv.", "9,500"),
    ("en", "Israel says 380 soldiers have been killed since the war started on October 7, 2023.", "380"),
    ("fr", "La Russie a perdu 738 660 soldats depuis le début de l'invasion, le 24 février 2022, selon l'état-major ukrainien.",
     "738 660"),
    ("fr", "Depuis le 24 février 2022, plus de 9 500 chars russes ont été détruits, selon Kiev.", "9 500"),
]


@pytest.mark.parametrize(("lang", "text", "figure"), ROWS)
def test_a_stated_start_is_not_the_end(lang: str, text: str, figure: str) -> None:
    claims = [c for c in get_extractor(lang).extract_text(text, published=PUBLISHED) if figure in c.quote]
    assert len(claims) == 1
    claim = claims[0]
    assert claim.period_start is not None and claim.period_start.year in (2022, 2023)
    assert claim.period_end is None  # no end stated: not the start day, not guessed
