"""Ingest: files, corpora, web pages and feeds → ``Article`` → the ledger.

``sources`` turns command-line arguments into a stream of articles (or failures);
``runner.ingest`` stores them with their claims, one transaction per article::

    from decompte.ingest import check_arguments, iter_articles, ingest, PackExtraction
    check_arguments(args)
    summary = ingest(iter_articles(args), store, extraction=PackExtraction())

The names below are imported on first use: ``decompte.ingest.files`` (what
``decompte extract`` reads with) must not pull SQLAlchemy and httpx in through this
package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decompte.ingest.reasons import Failure
    from decompte.ingest.runner import IngestAborted, IngestSummary, PackExtraction, ingest
    from decompte.ingest.sources import SourceOptions, check_arguments, iter_articles

_WHERE = {
    "Failure": "reasons",
    "IngestAborted": "runner",
    "IngestSummary": "runner",
    "PackExtraction": "runner",
    "SourceOptions": "sources",
    "check_arguments": "sources",
    "ingest": "runner",
    "iter_articles": "sources",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
