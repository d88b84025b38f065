"""``ingest --lang`` follows the rule of ``extract --lang`` (issue 14): a text in another language is refused.

Forcing French rules on a German or Chinese text stored it as French, where ``extract`` refuses it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lingua import LanguageDetector

from decompte.ingest.runner import ingest
from decompte.ledger import Store
from decompte.model import Article

from .helpers import RegexExtraction

GERMAN = "Nach Angaben der Regierung wurden gestern in der Stadt mehr als vierzig Häuser durch Raketen zerstört."
CHINESE = "据当地官员说，昨天的袭击造成至少十二名平民死亡，另有数十人受伤。"
FRENCH = "Selon Kiev, plus de 40 soldats russes ont été tués hier près de la ville."


def test_forced_language_refuses_text_in_another_one(tmp_path: Path) -> None:
    items = [Article(id=f"d{n}", text=t, published=date(2022, 3, n + 1)) for n, t in enumerate((GERMAN, CHINESE, FRENCH))]
    with Store.open(tmp_path / "l.db") as store:
        summary = ingest(items, store, extraction=RegexExtraction(), lang="fr")
    assert summary.ingested == 1
    assert dict(summary.failed) == {"other language": 2}
    assert [f.message for f in summary.examples] == [
        "d0: the text reads as 'de', not 'fr' as asked with --lang",
        "d1: the text reads as 'zh', not 'fr' as asked with --lang",
    ]


def test_forced_language_is_checked_the_same_when_workers_read_the_texts(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: with a pool, the workers detect each text's language and the parent checks ``--lang``
    against what they found, without reading the text again: same refusals, same claims."""
    from decompte.ingest import runner
    from decompte.ingest.parallel import ParallelExtraction

    def read_again(text: str) -> str | None:
        raise AssertionError("the parent detected a language the workers had detected")

    monkeypatch.setattr(runner, "detect_language", read_again)

    items = [Article(id=f"d{n}", text=t, published=date(2022, 3, n + 1)) for n, t in enumerate((GERMAN, CHINESE, FRENCH))]
    with Store.open(tmp_path / "l.db") as store, ParallelExtraction(2, lang="fr", batch_size=2, in_flight=2) as pool:
        summary = ingest(pool.feed(items, store), store, extraction=pool, lang="fr")
    assert summary.ingested == 1 and summary.claims >= 1
    assert [f.message for f in summary.examples] == [
        "d0: the text reads as 'de', not 'fr' as asked with --lang",
        "d1: the text reads as 'zh', not 'fr' as asked with --lang",
    ]


def _our_texts_and_paragraphs() -> list[str]:
    import json

    texts: list[str] = []
    for path in sorted((Path(__file__).resolve().parents[1] / "data").glob("*-docs.jsonl")):
        for row in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(row).get("text") or ""
            texts += [text, *(p for p in text.split("\n") if p.strip())]
    return texts


def test_long_texts_are_read_in_the_fast_mode_which_answers_as_the_full_one() -> None:
    """Issue 13: from ``LONG_TEXT_CHARS`` on, lingua's trigram mode (its models load in 0.2 s, the
    full mode's in 4 s); on our texts and paragraphs of that length it answers as the full mode."""
    from decompte.ingest.lang import LONG_TEXT_CHARS, SAMPLE_CHARS, detector

    samples = [t[:SAMPLE_CHARS] for t in _our_texts_and_paragraphs() if len(t[:SAMPLE_CHARS]) >= LONG_TEXT_CHARS]
    assert len(samples) >= 200
    fast, full = detector(low_accuracy=True), detector(low_accuracy=False)
    assert [fast.detect_language_of(s) for s in samples] == [full.detect_language_of(s) for s in samples]


def test_only_short_texts_load_the_full_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    from decompte.ingest import lang

    built: list[bool] = []
    cached = lang.detector

    def asked(low_accuracy: bool = False) -> LanguageDetector:
        built.append(low_accuracy)
        return cached(low_accuracy)

    monkeypatch.setattr(lang, "detector", asked)
    assert lang.detect_language(GERMAN * 2) == "de" and built == [True]
    assert lang.detect_language(FRENCH) == "fr" and built == [True, False]
