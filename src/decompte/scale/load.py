"""``decompte ledger load OUT``: a Dask run's Parquet output into the ledger.

The documents go through the ingest loop itself (``runner.ingest``) with the claims
the workers found (``Precomputed``): same duplicate detection by canonical URL and
content hash, same re-extraction rule, one transaction per document, the run recorded
with its summary. Loading the same folder twice adds nothing; a load killed half-way
is finished by loading again. Then each document's story is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from decompte.ingest.reasons import Failure
from decompte.ingest.runner import IngestSummary, Precomputed, ingest
from decompte.ledger.store import Store
from decompte.model import Article
from decompte.scale.output import iter_documents, read_manifest, read_table
from decompte.scale.stories import set_story_ids


def _article(doc: dict[str, Any]) -> Article:
    return Article(id=doc["doc_key"], text=doc["text"], lang=doc["lang"], published=doc["published"],
                   title=doc["title"], url=doc["url"], canonical_url=doc["canonical_url"], site=doc["site"],
                   source=doc["source"])


def iter_output(out: Path, parts: list[str], extraction: Precomputed) -> Iterator[Article | Failure]:
    """Each part's failures, then its documents, their claims held for the loop."""
    for name in parts:
        for row in read_table(out, "failures", name):
            yield Failure(row["ref"], row["reason"], row["message"])
        for doc, claims in iter_documents(out, name):
            article = _article(doc)
            extraction.hold(article, claims)
            yield article


def load_output(
    out: Path,
    store: Store,
    *,
    fail_fast: bool = False,
    command: str = "",
    on_progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store every document and claim of a finished Dask run's folder; return the summary."""
    import pyarrow.parquet as pq

    manifest = read_manifest(out)
    extraction = Precomputed(str(manifest["extractor_version"]), set(manifest.get("languages", [])))
    parts = list(manifest["parts"])
    files = [out / table / f"{name}.parquet" for name in parts for table in ("failures", "documents")]
    total = sum(pq.ParquetFile(f).metadata.num_rows for f in files if f.is_file())  # footers only: cheap
    summary = ingest(iter_output(out, parts, extraction), store, extraction=extraction,
                     fail_fast=fail_fast, command=command, on_progress=on_progress, total=total)
    stories = out / "stories.parquet"
    if stories.is_file():
        table = pq.read_table(stories, columns=["content_hash", "story_id"]).to_pylist()
        set_story_ids(store, ((r["content_hash"], r["story_id"]) for r in table))
    return summary
