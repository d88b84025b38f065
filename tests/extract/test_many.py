"""Issue 13: many articles in a pool give what one process gives, item for item, whatever the workers.

This process is one of the workers (it extracts a batch whenever the pool has enough to do,
between reading and writing), so the pool holds one pipeline fewer; the order, the claims and
the errors stay those of a serial run, however the batches are shared.
"""

from __future__ import annotations

import json

import pytest

from decompte.errors import DecompteError
from decompte.evaluate import load_documents
from decompte.extract.extractor import MAX_TEXT_CHARS
from decompte.extract.many import extract_in_order
from decompte.model import Article

from .conftest import DATA


def _items() -> list[Article | DecompteError]:
    articles: list[Article | DecompteError] = [
        Article(id=a.id, text=a.text, lang="fr", published=a.published)
        for a in load_documents(DATA / "kinds-fr-docs.jsonl")[:70]
    ]
    articles.insert(9, DecompteError("missing.txt: no such file"))
    articles.insert(40, Article(id="too-long", text="Plus de 400 soldats. " * (MAX_TEXT_CHARS // 20), lang="fr"))
    return articles


def _outcomes(workers: int) -> list[object]:
    found: list[object] = []
    for item, outcome in extract_in_order(_items(), workers, batch_size=8):
        if isinstance(item, DecompteError):
            found.append(("unread", str(item), outcome))
        elif isinstance(outcome, DecompteError):
            found.append((item.id, "error", str(outcome)))
        else:
            found.append((item.id, [json.loads(c.to_json()) for c in outcome or []]))
    return found


@pytest.mark.parametrize("workers", [2, 3])
def test_a_pool_gives_what_one_process_gives(workers: int) -> None:
    serial = _outcomes(1)
    assert len(serial) == 72 and sum(len(o[1]) for o in serial if isinstance(o[1], list)) > 50
    assert ("too-long", "error") == serial[40][:2] and serial[9][0] == "unread"
    threads = _blas_threads()
    assert _outcomes(workers) == serial
    assert _blas_threads() == threads  # one BLAS thread during the run only: this process's own are put back


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
