"""What one Dask task does: read a part, find languages, extract claims, write the part's Parquet.

The language pipelines are loaded once per worker process: ``get_extractor`` is cached
per process, and a Dask worker process runs task after task. The decisions are those of
``runner.ingest`` for a new document — skipped without a language or a pipeline for it,
failed (not written) when extraction raises — so that loading the output gives the
ledger a serial run would have given. The task returns only counts: the data goes to disk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decompte.ingest.files import CorpusFields
from decompte.ingest.reasons import Failure
from decompte.model import Article, Claim
from decompte.scale.output import claim_row, write_part
from decompte.scale.shards import PartSpec, read_part
from decompte.settings import DEFAULT_LIMITS, Limits

MAX_EXAMPLES = 5


@dataclass(frozen=True)
class TaskOptions:
    """Everything a task needs besides its part: sent to the workers with each task."""

    out: str
    fields: CorpusFields = field(default_factory=CorpusFields)
    limits: Limits = DEFAULT_LIMITS
    lang: str | None = None
    batch_articles: int = 16


@dataclass
class PartSummary:
    """What one part held: counts only, so results stay small whatever the corpus."""

    part: str
    documents: int = 0
    claims: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    examples: list[Failure] = field(default_factory=list)


def _document_row(row: int, article: Article, status: str, reason: str | None, version: str | None,
                  claims: list[Claim]) -> dict[str, Any]:
    from decompte.ingest.neardup import signature_bytes

    return {"row": row, "doc_key": article.id, "url": article.url, "canonical_url": article.canonical_url,
            "title": article.title, "site": article.site, "published": article.published, "lang": article.lang,
            "text": article.text, "content_hash": article.content_hash, "source": article.source,
            "status": status, "skip_reason": reason, "extractor_version": version if status == "extracted" else None,
            "n_claims": len(claims), "minhash": signature_bytes(article.text)}


def _extract(articles: list[Article], batch: int) -> list[list[Claim] | BaseException]:
    """Claims of articles of one language; one that raises gets its error instead."""
    from decompte.extract import get_extractor

    extractor = get_extractor(articles[0].lang or "")
    try:
        return [claims for _, claims in extractor.extract_many(articles, batch_articles=batch)]
    except Exception:  # noqa: BLE001 - redone one by one below, each error kept with its article
        results: list[list[Claim] | BaseException] = []
        for article in articles:
            try:
                results.append(extractor.extract(article))
            except Exception as exc:  # noqa: BLE001 - becomes this article's failure row
                results.append(exc)
        return results


def process_part(spec: PartSpec, block: bytes | None, options: TaskOptions) -> PartSummary:
    """Read, extract and write one part; return its counts (runs on a Dask worker)."""
    from decompte.extract import EXTRACTOR_VERSION, available_languages
    from decompte.ingest.lang import detect_language

    summary = PartSummary(spec.name)
    failures: list[Failure] = []
    articles: list[Article] = []
    for item in read_part(spec, block, options.fields, options.limits):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        item.lang = options.lang or item.lang or detect_language(item.text)
        articles.append(item)
    known = set(available_languages())
    found: dict[int, list[Claim] | BaseException] = {}
    for code in sorted({a.lang for a in articles if a.lang in known}, key=str):
        mine = [i for i, a in enumerate(articles) if a.lang == code]
        for i, result in zip(mine, _extract([articles[i] for i in mine], options.batch_articles)):
            found[i] = result
    version = str(EXTRACTOR_VERSION)
    documents: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for i, article in enumerate(articles):
        ref = article.source or article.url or article.id
        result = found.get(i, [])
        if isinstance(result, BaseException):
            failures.append(Failure(ref, "extraction error", f"{ref}: {result.__class__.__name__}: {result}"))
            continue
        if not article.lang:
            status, reason = "skipped", "language unknown"
        elif article.lang not in known:
            status, reason = "skipped", f"no pipeline for {article.lang}"
        else:
            status, reason = "extracted", None
        row = len(documents)
        documents.append(_document_row(row, article, status, reason, version, result))
        claims.extend(claim_row(row, article.content_hash, c) for c in result)
        if reason:
            summary.skipped[reason] += 1
    write_part(Path(options.out), spec.name, documents, claims, [f.__dict__ for f in failures])
    summary.documents, summary.claims = len(documents), len(claims)
    for failure in failures:
        summary.failed[failure.reason] += 1
    summary.examples = failures[:MAX_EXAMPLES]
    return summary
