"""The ledger: where articles and their claims are kept, deduplicated, with provenance.

Library entry points (the CLI's ``ingest``, ``ledger`` and ``export`` call these)::

    from decompte.ledger import Store, timeline, latest_values, iter_claims, store_verdicts
    with Store.open("decompte.db") as store:          # or a postgresql:// URL
        for point in timeline(store, "RU/soldier/killed", claimant="Ukraine"):
            ...
"""

from __future__ import annotations

from decompte.ledger.queries import (
    DocumentInfo,
    LatestValue,
    StoredClaim,
    TimelinePoint,
    citations,
    export_rows,
    iter_claims,
    latest_values,
    metrics,
    timeline,
)
from decompte.ledger.selection import ClaimFilters
from decompte.ledger.store import Store, StoredDocument, store_verdicts

__all__ = [
    "ClaimFilters",
    "DocumentInfo",
    "LatestValue",
    "Store",
    "StoredClaim",
    "StoredDocument",
    "TimelinePoint",
    "citations",
    "export_rows",
    "iter_claims",
    "latest_values",
    "metrics",
    "store_verdicts",
    "timeline",
]
