"""Fixtures of the scale tests: generated corpora, a serial baseline, a 2-worker LocalCluster.

The cluster is module-scoped and always closed in teardown (workers are processes:
none may outlive the tests). It binds to 127.0.0.1 only (its HTTP endpoint on a random local port).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .corpus import documents, write_jsonl, write_shards

N_DOCS = 2000


FLOATS = ("value", "low", "high", "confidence")


def claim_keys(claims: Any) -> Counter[str]:
    """Claims as comparable strings, every field included (a multiset: repeats count).

    Numbers are compared as numbers: the extractor may give ``409`` where Parquet (and
    the ledger) give ``409.0``.
    """
    def plain(claim: Any) -> str:
        data = claim.to_dict()
        data.update({k: float(data[k]) for k in FLOATS if data[k] is not None})
        return json.dumps(data, sort_keys=True, ensure_ascii=False)
    return Counter(plain(c) for c in claims)


def serial_claims(paths: list[Path]) -> Counter[str]:
    """The claims a plain single-process read of the shards gives (the reference)."""
    from decompte.extract import available_languages, get_extractor
    from decompte.ingest.lang import detect_language
    from decompte.ingest.sources import iter_articles
    from decompte.model import Article

    found = []
    for item in iter_articles([str(p) for p in paths]):
        assert isinstance(item, Article), item
        item.lang = item.lang or detect_language(item.text)
        if item.lang in available_languages():
            found.extend(get_extractor(item.lang).extract(item))
    return claim_keys(found)


@pytest.fixture(scope="session")
def corpus_2000(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """2 000 generated French and English documents in 8 JSONL shards."""
    folder = tmp_path_factory.mktemp("corpus-2000")
    return write_shards(folder, list(documents(N_DOCS, seed=11)), 8)


@pytest.fixture(scope="session")
def corpus_2000_claims(corpus_2000: list[Path]) -> Counter[str]:
    return serial_claims(corpus_2000)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "small.jsonl"
    write_jsonl(path, documents(30, seed=3))
    return path


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
