"""The example article of 2022-03-19: every figure's verdict against the shipped series.

Two levels: the article's claims written by hand as in the gold file (this pins the
verification rules), then the same article run through the extractor (this passes
once extraction finds the claims as written in GUIDELINES.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decompte.model import Claim
from decompte.verify import Registry, verify_claims

PUBLISHED = date(2022, 3, 19)
START = date(2022, 2, 24)
ROOT = Path(__file__).resolve().parents[2]
OWN_EXAMPLE = ROOT / "examples" / "ukraine-pertes-2022-03-19.txt"
SHARED_EXAMPLE = ROOT.parent / "shared" / "examples" / "independent-fr-2022-03-19.txt"
GS = "le commandement militaire ukrainien"
UN = "le dernier décompte de l’ONU"

# (quote, value, qualifier, metric, claimant, period_end, verdict, reference value, reference date)
HAND = [
    ("plus de 14 400 soldats russes", 14_400, "more_than", "RU/soldier/killed", "L’Ukraine", PUBLISHED,
     "consistent", 14_400, PUBLISHED),
    ("environ 14 400 personnes", 14_400, "about", "RU/soldier/killed",
     "l’état-major général des forces armées ukrainiennes", PUBLISHED, "consistent", 14_400, PUBLISHED),
    ("plus de 450 chars", 450, "more_than", "RU/tank/lost", GS, None, "consistent", 466, PUBLISHED),
    ("1 450 véhicules blindés", 1_450, "more_than", "RU/armoured_vehicle/lost", GS, None,
     "consistent", 1_470, PUBLISHED),
    ("environ 95 avions", 95, "about", "RU/aircraft/lost", GS, None, "consistent", 95, PUBLISHED),
    ("115 hélicoptères", 115, "about", "RU/helicopter/lost", GS, None, "consistent", 115, PUBLISHED),
    # the update public on the 19th covers the 18th (847 / 1 399); 816 / 1 333 is the 17th's
    ("au moins 816 civils", 816, "at_least", "UA/civilian/killed", UN, None, "stale", 847, date(2022, 3, 18)),
    ("1 333 blessés", 1_333, "at_least", "UA/civilian/wounded", UN, None, "stale", 1_399, date(2022, 3, 18)),
    ("200 000 personnes", 200_000, "exact", "RU/person/gathered", "le président ukrainien Volodymyr Zelensky",
     None, "unknown", None, None),
]


def _claim(quote: str, value: float, qualifier: str, metric: str, claimant: str, period_end: date | None) -> Claim:
    side, counted, event = metric.split("/")
    return Claim(start=0, end=len(quote), quote=quote, value=value, qualifier=qualifier, counted=counted,
                 event=event, side=side, claimant=claimant, period_start=START if counted != "person" else None,
                 period_end=period_end, doc="independent-fr-2022-03-19", lang="fr")


def test_every_figure_of_the_example_gets_its_verdict(shipped: Registry) -> None:
    claims = [_claim(*row[:6]) for row in HAND]
    checked = verify_claims(claims, PUBLISHED, shipped)
    got = [(c.claim.quote, c.verdict.status, c.verdict.reference_value, c.verdict.reference_date) for c in checked]
    assert got == [(row[0], *row[6:]) for row in HAND]
    for c in checked:
        assert c.verdict.reason.endswith(".") and len(c.verdict.reason) > 30


def test_the_uns_figures_are_stale_although_the_new_count_satisfies_au_moins(shipped: Registry) -> None:
    (c,) = verify_claims([_claim(*HAND[6][:6])], PUBLISHED, shipped)
    assert c.verdict.details["matched_date"] == "2022-03-17" and c.verdict.details["matched_value"] == 816
    assert "847 also fits" in c.verdict.reason


# -- through the extractor ----------------------------------------------------------------

EXPECTED = {
    "RU/soldier/killed": "consistent",
    "RU/tank/lost": "consistent",
    "RU/armoured_vehicle/lost": "consistent",
    "RU/aircraft/lost": "consistent",
    "RU/helicopter/lost": "consistent",
    "UA/civilian/killed": "stale",
    "UA/civilian/wounded": "stale",
}


def _verify_file(path: Path, shipped: Registry) -> dict[str, list[tuple[str, str]]]:
    from decompte.extract import extract_claims

    text = path.read_text(encoding="utf-8")
    claims = extract_claims(text, lang="fr", published=PUBLISHED, doc_id=path.stem)
    by_metric: dict[str, list[tuple[str, str]]] = {}
    for c in verify_claims(claims, PUBLISHED, shipped):
        by_metric.setdefault(c.claim.metric, []).append((c.verdict.status, f"{c.claim.quote}: {c.verdict.reason}"))
    return by_metric


def _check(by_metric: dict[str, list[tuple[str, str]]]) -> None:
    for metric, status in EXPECTED.items():
        assert metric in by_metric, f"no {metric} claim extracted"
        wrong = [reason for got, reason in by_metric[metric] if got != status]
        assert not wrong, f"{metric} should be {status}: {wrong}"
    others = [reason for metric, found in by_metric.items() if metric not in EXPECTED
              for got, reason in found if got != "unknown"]
    assert not others, f"no series speaks for these (Zelensky's 200 000, des milliers…): {others}"




def test_the_bundled_example_through_the_extractor(shipped: Registry) -> None:
    assert OWN_EXAMPLE.is_file(), f"{OWN_EXAMPLE} is missing"
    _check(_verify_file(OWN_EXAMPLE, shipped))


@pytest.mark.skipif(not SHARED_EXAMPLE.is_file(), reason="the shared reference article is not beside the repo")
def test_the_reference_article_through_the_extractor(shipped: Registry) -> None:
    _check(_verify_file(SHARED_EXAMPLE, shipped))
