"""Ingest: files, corpora, web pages and feeds → ``Article`` → the ledger.

``sources`` turns command-line arguments into a stream of articles (or failures);
``runner.ingest`` stores them with their claims, one transaction per article::

    from decompte.ingest import check_arguments, iter_articles, ingest, PackExtraction
    check_arguments(args)
    summary = ingest(iter_articles(args), store, extraction=PackExtraction())
"""

from __future__ import annotations

from decompte.ingest.reasons import Failure
from decompte.ingest.runner import IngestAborted, IngestSummary, PackExtraction, ingest
from decompte.ingest.sources import SourceOptions, check_arguments, iter_articles

__all__ = [
    "Failure",
    "IngestAborted",
    "IngestSummary",
    "PackExtraction",
    "SourceOptions",
    "check_arguments",
    "ingest",
    "iter_articles",
]
