"""Verdicts on claims written by hand for dates of the shipped series.

General Staff tanks (RU/tank/lost): 444 on 2022-03-17, 450 on 03-18, 466 on 03-19,
476 on 03-20. OHCHR civilians killed (as of = last day covered, published the day
after): 564 as of 03-10, 816 as of 03-17, 847 as of 03-18, 902 as of 03-19.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from decompte.model import Claim
from decompte.verify import Registry, Rules, add_series, check_claim, verify_claims

ClaimFactory = Callable[..., Claim]  # the make_claim fixture (conftest.py)

DAY = date(2022, 3, 19)  # General Staff tanks: 466
KILLED = "UA/civilian/killed"


# -- each qualifier on both sides of its bound (tanks, 466 on 2022-03-19) --------------------

@pytest.mark.parametrize(
    ("value", "qualifier", "high", "status"),
    [
        (450, "more_than", None, "consistent"),  # plus de 450
        (465, "more_than", None, "consistent"),
        (466, "more_than", None, "inconsistent"),  # plus de 466: 466 is not more than 466
        (500, "more_than", None, "inconsistent"),
        (466, "at_least", None, "consistent"),  # au moins
        (460, "at_least", None, "consistent"),
        (467, "at_least", None, "inconsistent"),
        (480, "about", None, "consistent"),  # environ 480: 480 - 3 % = 465.6 ≤ 466
        (481, "about", None, "inconsistent"),  # 481 - 3 % = 466.57 > 466
        (455, "about", None, "consistent"),  # 455 + 3 % = 468.65 ≥ 466
        (470, "nearly", None, "consistent"),  # près de 470: 455.9 … 470
        (465, "nearly", None, "inconsistent"),  # "nearly 465" means at most 465
        (481, "nearly", None, "inconsistent"),
        (460, "range", 470, "consistent"),  # entre 460 et 470
        (466, "range", 466, "consistent"),
        (467, "range", 500, "inconsistent"),
        (470, "less_than", None, "consistent"),
        (466, "exact", None, "consistent"),
        (455, "exact", None, "inconsistent"),  # never a value of the series
    ],
)
def test_qualifier_bounds_against_the_general_staff(
    shipped: Registry, make_claim: ClaimFactory, value: float, qualifier: str, high: float | None, status: str
) -> None:
    verdict = check_claim(make_claim(value, qualifier, high=high), DAY, shipped)
    assert verdict.status == status, verdict.reason
    assert verdict.series == "ua-general-staff"
    assert verdict.reference_value == 466 and verdict.reference_date == DAY


def test_inconsistent_gives_the_reference_and_the_gap(shipped: Registry, make_claim: ClaimFactory) -> None:
    verdict = check_claim(make_claim(500, "at_least", quote="au moins 500 chars"), DAY, shipped)
    assert verdict.status == "inconsistent"
    assert "466" in verdict.reason and "34 below" in verdict.reason and "« au moins 500 chars »" in verdict.reason
    assert verdict.details["gap"] == -34


def test_an_excluded_bound_is_named_in_the_reason(shipped: Registry, make_claim: ClaimFactory) -> None:
    verdict = check_claim(make_claim(466, "more_than", quote="plus de 466 chars"), DAY, shipped)
    assert verdict.status == "inconsistent"
    assert "466 as of 2022-03-19, which the claim's bound 466 excludes" in verdict.reason
    assert verdict.details["gap"] == 0


def test_above_a_ceiling_the_gap_is_positive(shipped: Registry, make_claim: ClaimFactory) -> None:
    verdict = check_claim(make_claim(400, "at_most"), date(2022, 2, 26), shipped)  # 146 tanks on 02-26
    assert verdict.status == "consistent"
    verdict = check_claim(make_claim(100, "at_most"), date(2022, 2, 26), shipped)  # 80 on 02-25: stale
    assert verdict.status == "stale"
    verdict = check_claim(make_claim(50, "at_most"), date(2022, 2, 26), shipped)
    assert verdict.status == "inconsistent" and verdict.details["gap"] == 96 and "96 above the upper" in verdict.reason


def test_tolerance_is_a_stated_rule_the_caller_can_change(shipped: Registry, make_claim: ClaimFactory) -> None:
    claim = make_claim(490, "about")  # 490 - 3 % = 475.3: misses 466; - 5 % = 465.5: meets it
    assert check_claim(claim, DAY, shipped).status == "inconsistent"
    assert check_claim(claim, DAY, shipped, Rules(tolerance=0.05)).status == "consistent"


# -- stale --------------------------------------------------------------------------------

def test_a_figure_one_day_old_is_stale_not_inconsistent(shipped: Registry, make_claim: ClaimFactory) -> None:
    verdict = check_claim(make_claim(466), date(2022, 3, 20), shipped)  # 476 by then
    assert verdict.status == "stale", verdict.reason
    assert verdict.reference_value == 476
    assert verdict.details["matched_date"] == "2022-03-19" and verdict.details["matched_value"] == 466


def test_yesterdays_personnel_figure_is_stale(shipped: Registry, make_claim: ClaimFactory) -> None:
    claim = make_claim(14_200, metric="RU/soldier/killed")  # about 14 200 on 03-18, about 14 400 on 03-19
    verdict = check_claim(claim, DAY, shipped)
    assert verdict.status == "stale" and verdict.details["matched_date"] == "2022-03-18"


def test_below_the_bound_but_an_older_value_is_stale(shipped: Registry, make_claim: ClaimFactory) -> None:
    verdict = check_claim(make_claim(440, "range", high=446), DAY, shipped)  # 444 on 03-17
    assert verdict.status == "stale" and verdict.details["matched_date"] == "2022-03-17"


def test_an_echoed_count_is_stale_even_when_the_new_count_satisfies_it(
    shipped: Registry, make_claim: ClaimFactory
) -> None:
    # "au moins 450" is yesterday's count word for word; "plus de 450" is a floor
    assert check_claim(make_claim(450, "at_least"), DAY, shipped).status == "stale"
    assert check_claim(make_claim(450, "more_than"), DAY, shipped).status == "consistent"


def test_an_old_figure_beyond_the_window_is_inconsistent(shipped: Registry, make_claim: ClaimFactory) -> None:
    claim = make_claim(466)  # the count of 2022-03-19, quoted two months later
    assert check_claim(claim, date(2022, 5, 19), shipped).status == "inconsistent"
    assert check_claim(claim, date(2022, 5, 19), shipped, Rules(stale_days=90)).status == "stale"


# -- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("published", "as_of", "value"),
    [
        (date(2022, 3, 19), date(2022, 3, 18), 847),  # the update of the 19th covers the 18th
        (date(2022, 3, 21), date(2022, 3, 20), 925),
        (date(2022, 3, 12), date(2022, 3, 10), 564),  # no update covering the 11th: reports lag a day
    ],
)
def test_ohchr_is_compared_with_the_last_update_public_on_the_day(
    shipped: Registry, make_claim: ClaimFactory, published: date, as_of: date, value: int
) -> None:
    verdict = check_claim(make_claim(value, metric=KILLED, claimant="l'ONU"), published, shipped)
    assert (verdict.status, verdict.reference_date, verdict.reference_value) == ("consistent", as_of, value)
    assert verdict.details["reference_published"] == (as_of + timedelta(days=1)).isoformat()


def test_a_gap_in_the_series_gives_unknown(shipped: Registry, make_claim: ClaimFactory) -> None:
    # published 2022-03-15: the update covering the 14th (or 13th) is not in the file
    verdict = check_claim(make_claim(700, metric=KILLED, claimant="ONU"), date(2022, 3, 15), shipped)
    assert verdict.status == "unknown" and "564 as of 2022-03-10" in verdict.reason


def test_the_period_end_picks_the_date(shipped: Registry, make_claim: ClaimFactory) -> None:
    claim = make_claim(816, "at_least", metric=KILLED, claimant="HCDH", period_end=date(2022, 3, 17))
    verdict = check_claim(claim, DAY, shipped)
    assert (verdict.status, verdict.reference_value) == ("consistent", 816)


def test_a_period_end_after_publication_is_capped_at_what_was_public(
    shipped: Registry, make_claim: ClaimFactory
) -> None:
    claim = make_claim(847, metric=KILLED, claimant="OHCHR", period_end=DAY)  # 902 covers the 19th
    verdict = check_claim(claim, DAY, shipped)
    assert (verdict.status, verdict.reference_date) == ("consistent", date(2022, 3, 18))


@pytest.mark.parametrize("published", [date(2022, 2, 20), date(2030, 1, 1), None])
def test_no_value_at_the_date_gives_unknown(shipped: Registry, make_claim: ClaimFactory,
                                           published: date | None) -> None:
    verdict = check_claim(make_claim(466), published, shipped)
    assert verdict.status == "unknown" and verdict.reason


def test_the_second_compilation_covers_days_the_first_lacks(shipped: Registry, make_claim: ClaimFactory) -> None:
    verdict = check_claim(make_claim(12_000, "more_than"), date(2026, 8, 20), shipped)  # first ends 2026-08-08
    assert (verdict.status, verdict.series) == ("consistent", "ua-general-staff-lod")
    assert verdict.details["source_url"].startswith("https://")


# -- claimants ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "claimant",
    ["l’état-major général des forces armées ukrainiennes", "L’Ukraine", "le commandement militaire ukrainien",
     "Ukraine's military", "the Ukrainian General Staff", "Etat-major ukrainien"],
)
def test_general_staff_aliases_match(shipped: Registry, make_claim: ClaimFactory, claimant: str) -> None:
    assert check_claim(make_claim(466, claimant=claimant), DAY, shipped).status == "consistent"


@pytest.mark.parametrize("claimant", ["le dernier décompte de l’ONU", "the UN human rights office", "HCDH",
                                      "les Nations unies"])
def test_ohchr_aliases_match(shipped: Registry, make_claim: ClaimFactory, claimant: str) -> None:
    assert check_claim(make_claim(847, metric=KILLED, claimant=claimant), DAY, shipped).status == "consistent"


@pytest.mark.parametrize("claimant", ["le Kremlin", "le président ukrainien", "un responsable local", None])
def test_an_unknown_claimant_gives_unknown(shipped: Registry, make_claim: ClaimFactory, claimant: str | None) -> None:
    metric = KILLED if claimant == "un responsable local" else "RU/tank/lost"  # "un" is not "UN"
    verdict = check_claim(make_claim(466 if metric != KILLED else 847, metric=metric, claimant=claimant),
                          DAY, shipped)
    assert verdict.status == "unknown" and verdict.series is None, verdict.reason


def test_the_short_claimant_is_matched_too(shipped: Registry, make_claim: ClaimFactory) -> None:
    claim = make_claim(466, claimant="Oleksandr Motuzianyk, porte-parole", claimant_short="Ukrainian military")
    assert check_claim(claim, DAY, shipped).status == "consistent"


def test_a_metric_without_series_gives_unknown(shipped: Registry, make_claim: ClaimFactory) -> None:
    verdict = check_claim(make_claim(200_000, metric="RU/person/gathered", claimant="Zelensky"), DAY, shipped)
    assert verdict.status == "unknown" and "RU/person/gathered" in verdict.reason


# -- a per-period series ------------------------------------------------------------------

def test_per_period_series_compare_the_same_period_only(
    user_reference_dir: Path, tmp_path: Path, make_claim: ClaimFactory
) -> None:
    (tmp_path / "daily.csv").write_text("day,shot_down\n2024-05-01,20\n2024-05-02,31\n", encoding="utf-8")
    manifest = {"name": "daily-drones", "publisher": "Ukrainian Air Force", "aliases": ["Air Force"],
                "licence": "test data", "source_url": "https://example.org/", "kind": "per_period",
                "as_of": "the night before the date", "date_column": "day",
                "columns": {"shot_down": "RU/drone/lost"}}
    (tmp_path / "daily.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    add_series(tmp_path / "daily.csv", tmp_path / "daily.yaml")
    registry = Registry([user_reference_dir])
    day = date(2024, 5, 2)

    def check(value: float, **period: date) -> str:
        return check_claim(make_claim(value, metric="RU/drone/lost", claimant="the Air Force", **period),
                           day, registry).status

    assert check(31, period_start=day, period_end=day) == "consistent"
    assert check(20, period_start=day, period_end=day) == "inconsistent"  # yesterday's night, not stale
    assert check(20, period_end=date(2024, 5, 1)) == "consistent"
    assert check(31) == "unknown"  # a daily figure needs its day


def test_verify_claims_keeps_order_and_pairs(shipped: Registry, make_claim: ClaimFactory) -> None:
    claims = [make_claim(466), make_claim(1, metric="RU/person/gathered")]
    checked = verify_claims(claims, DAY, shipped)
    assert [c.claim for c in checked] == claims
    assert [c.verdict.status for c in checked] == ["consistent", "unknown"]
    assert checked[0].to_dict()["verdict"]["reference_date"] == "2022-03-19"


# -- provenance ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("metric", "claimant", "status"), [
    ("RU/tank/lost", None, "unknown"),            # a series counts it, but no one is named
    ("XX/person/displaced", None, "unknown"),     # no series counts it
])
def test_the_reason_of_an_unsourced_figure_says_so(shipped: Registry, make_claim: ClaimFactory, metric: str,
                                                   claimant: str | None, status: str) -> None:
    verdict = check_claim(make_claim(466, metric=metric, claimant=claimant, provenance="unsourced"), DAY, shipped)
    assert verdict.status == status
    assert "unsourced" in verdict.reason and verdict.reason.count("unsourced") == 1


def test_an_attributed_figure_is_not_called_unsourced(shipped: Registry, make_claim: ClaimFactory) -> None:
    for claim in (make_claim(466, provenance="attributed"), make_claim(466, claimant=None, provenance=None)):
        assert "unsourced" not in check_claim(claim, DAY, shipped).reason
    assert check_claim(make_claim(466, provenance="attributed"), DAY, shipped).status == "consistent"
