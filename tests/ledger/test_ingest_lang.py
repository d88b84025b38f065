"""``ingest --lang`` follows the rule of ``extract --lang`` (issue 14): a text in another language is refused.

Forcing French rules on a German or Chinese text stored it as French, where ``extract`` refuses it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

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
