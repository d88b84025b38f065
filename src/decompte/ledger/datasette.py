"""Datasette metadata for a ledger file: ``datasette ledger.db -m metadata.json`` reads like documentation.

Datasette's metadata format (docs.datasette.io, "Metadata"): a top-level title,
description, licence and source, then ``databases → NAME → tables → TABLE`` with a
``description``, ``columns`` (column → description), ``label_column`` (what a foreign key
to the table shows instead of the id), ``facets``, ``sort_desc`` and ``hidden``. The
database is named after the file's stem (``ledger.db`` → ``ledger``).

Datasette's ``units`` take Pint units, which would print 14 400 soldiers as
"14.4 kcount": what a figure counts is said in its column's description instead.
Descriptions of the exported columns come from ``columns.EXPORT``, the one definition
that ``decompte export`` writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decompte.errors import DecompteError
from decompte.ledger.columns import BY_NAME, EXPORT

_VIEW_ONLY = {
    "start_offset": BY_NAME["start"].description,
    "end_offset": BY_NAME["end"].description,
    "evidence": "Why each field says what it says: JSON, field → {strategy, words}.",
    "claimant_id": "The normalised claimant (claimants.id).",
    "claimant_key": "The claimant's stable key (claimants.key): one per source, whatever the spelling.",
    "claimant_title": "The speaker's rank or function as named, e.g. Colonel General.",
    "claimant_organisation": "The key of the body a person speaks for (claimants.key).",
}

_TABLES: dict[str, dict[str, Any]] = {
    "documents": {
        "description": "One row per distinct article (deduplicated by canonical URL and by content), "
                       "with its text and provenance.",
        "label_column": "title",
        "facets": ["site", "lang", "status"],
        "columns": {
            "id": "Id of the document; never reused.", "doc_key": "Its key: URL, corpus id or file name.",
            "url": "Where it was read.", "canonical_url": "Its canonical URL, as the page declares it.",
            "title": "Its title.", "site": "The outlet that published it.", "published": "Its publication date.",
            "lang": "Its language (ISO 639-1).", "text": "Its text, as the claims' offsets count it.",
            "content_hash": "SHA-256 of its whitespace-normalised text.",
            "source": "The file, feed or URL it came from.",
            "status": "extracted, pending (stored without extraction) or skipped.",
            "skip_reason": "Why its claims could not be extracted.",
            "extractor_version": "The extraction version its claims come from.",
            "n_claims": "How many claims it holds.", "ingested_at": "When it was stored (UTC).",
            "extracted_at": "When its claims were extracted (UTC).", "run_id": "The ingest run that stored it.",
            "story_id": "The story it reprints: near-identical documents share one.",
        },
    },
    "claimants": {
        "description": "Who asserts figures: one row per normalised claimant.",
        "label_column": "name",
        "facets": ["kind", "country"],
        "columns": {
            "id": "Id of the claimant.", "key": "Its normalised key.", "name": "Its name.",
            "kind": "government, military, media…", "country": "Its country (ISO 3166 alpha-2).",
            "party": "The party it speaks for: its figures are grouped by it.",
            "title": "A person's rank or function as named (Colonel General); not part of the key.",
            "organisation": "The key of the body a person speaks for (claimants.key).",
        },
    },
    "figures": {
        "description": "Reported figures: claims of the same value, metric, claimant and date, whichever "
                       "outlet reported them, with how often and where they were cited.",
        "facets": ["metric"],
        "sort_desc": "citations",
        "columns": {
            "id": "Id of the figure.", "key": "What makes two claims one figure.", "metric": BY_NAME["metric"].description,
            "value": "The figure (for a range, its low end).", "high": "A range's high end.",
            "qualifier": BY_NAME["qualifier"].description, "claimant_id": "Who gives it (claimants.id).",
            "party": "The party it speaks for.", "as_of": "The date it is given for.",
            "citations": "How many claims cite it.", "outlets": "How many distinct sites cite it.",
            "first_published": "When it was first published.",
        },
    },
    "claims": {
        "description": "One row per figure stated in a document: a citation of a reported figure. "
                       "claims_view joins each with its document, claimant and verdict.",
        "facets": ["metric", "qualifier", "lang", "provenance"],
        "columns": {
            **{c.name: c.description for c in EXPORT if c.name in {
                "metric", "value", "qualifier", "low", "high", "counted", "event", "side", "quote", "period_start",
                "period_end", "sentence", "confidence", "lang", "provenance", "relay"}},
            "id": BY_NAME["claim_id"].description, "document_id": BY_NAME["document_id"].description,
            "figure_id": BY_NAME["figure_id"].description, "claimant_id": _VIEW_ONLY["claimant_id"],
            "start_offset": _VIEW_ONLY["start_offset"], "end_offset": _VIEW_ONLY["end_offset"],
            "claimant": BY_NAME["claimant_as_written"].description,
            "claimant_short": "The claimant's short name, as the extractor normalised it.",
            "evidence": _VIEW_ONLY["evidence"],
        },
    },
    "verdicts": {
        "description": "The latest verification of each checked claim against a reference series.",
        "facets": ["status", "series"],
        "columns": {
            "id": "Id of the verdict.", "claim_id": "The claim checked (claims.id).",
            "status": BY_NAME["verdict"].description, "reason": BY_NAME["verdict_reason"].description,
            "series": BY_NAME["reference_series"].description,
            "series_version": BY_NAME["reference_version"].description,
            "reference_value": BY_NAME["reference_value"].description,
            "reference_date": BY_NAME["reference_date"].description,
            "details": "How the comparison was made: JSON (bounds, tolerance, licence, source).",
            "checked_at": BY_NAME["verified_at"].description,
        },
    },
    "runs": {
        "description": "One row per ingest run, with its summary.",
        "columns": {
            "id": "Id of the run.", "started_at": "When it started (UTC).", "finished_at": "When it ended (UTC).",
            "status": "running, completed or failed.", "command": "The command that ran it.",
            "extractor_version": "The extraction version it used.", "summary": "Its summary: JSON.",
        },
    },
    "feeds": {
        "description": "The feeds `decompte watch` polls, with the validators of their last complete answer.",
        "columns": {
            "id": "Id of the feed.", "url": "The feed's URL (or file).",
            "etag": "The ETag of its last complete answer, sent back as If-None-Match.",
            "last_modified": "The Last-Modified of that answer, sent back as If-Modified-Since.",
            "checked_at": "When it was last polled (UTC).", "changed_at": "When it last answered with a body (UTC).",
            "status": "How it last answered: fetched, not modified, or failed: REASON.",
        },
    },
    "feed_items": {
        "description": "The feed entries `decompte watch` acknowledged, each stored with its document.",
        "columns": {
            "id": "Id of the entry.", "feed_id": "The feed (feeds.id).", "link": "The entry's link.",
            "document_id": "The document it was stored as, or a duplicate of (documents.id).",
            "acknowledged_at": "When it was stored (UTC).", "alerts": "The alerts it raised: JSON.",
            "alerted_at": "When they were sent (UTC); empty while some are pending.",
        },
    },
    "metric_summary": {
        "description": "Per metric and language, the claims and their latest date: the dashboard's metrics page, "
                       "kept by the store with the claims.",
        "columns": {
            "metric": BY_NAME["metric"].description, "lang": "The claims' language ('' for none).",
            "claims": "How many claims of that metric are in that language.",
            "last_date": "The latest of their period ends, else publication dates.",
        },
    },
    "metric_latest": {
        "description": "Per metric and party, its latest reported figure (ties: most cited), kept by the store.",
        "columns": {
            "metric": BY_NAME["metric"].description, "party": "The party it speaks for.",
            "figure_id": "That figure (figures.id).", "figures": "How many figures the party has for the metric.",
        },
    },
    "ledger_version": {
        "description": "A counter every write to the ledger raises: the web app keeps its aggregate answers "
                       "while it stays the same.",
        "hidden": True,
        "columns": {"id": "Always 1.", "version": "The counter."},
    },
    "claims_view": {
        "description": "Each claim with its document, claimant and latest verdict: the columns of "
                       "`decompte export`.",
        "facets": ["metric", "claimant", "verdict", "provenance", "site"],
        "columns": {**{c.name: c.description for c in EXPORT if c.name not in ("start", "end")}, **_VIEW_ONLY},
    },
    "figures_view": {
        "description": "Each reported figure with its claimant's name.",
        "facets": ["metric", "claimant"],
        "sort_desc": "citations",
        "columns": {
            "figure_id": "Id of the figure (figures.id).", "metric": BY_NAME["metric"].description,
            "as_of": "The date it is given for.", "value": "The figure (for a range, its low end).",
            "high": "A range's high end.", "qualifier": BY_NAME["qualifier"].description,
            "claimant": BY_NAME["claimant"].description, "claimant_kind": BY_NAME["claimant_kind"].description,
            "party": "The party it speaks for.", "citations": "How many claims cite it.",
            "outlets": "How many distinct sites cite it.", "first_published": "When it was first published.",
        },
    },
    "alembic_version": {"hidden": True},
}


def database_name(db: str | Path | None) -> str:
    """The name Datasette gives the database of an SQLite file: its stem (``ledger.db`` → ``ledger``)."""
    if db is None:
        return "decompte"
    text = str(db)
    if "://" in text:
        text = text.split("///", 1)[-1] if text.startswith("sqlite") else text.rsplit("/", 1)[-1]
    return Path(text).stem or "decompte"


def datasette_metadata(database: str = "decompte") -> dict[str, Any]:
    """Datasette's metadata for a ledger opened under the name ``database``."""
    tables = {name: {k: (dict(v) if isinstance(v, dict) else v) for k, v in table.items()}
              for name, table in _TABLES.items()}
    return {
        "title": "Décompte ledger",
        "description": "Quantitative claims of war reporting (casualties, losses, displaced people…), "
                       "with their documents, claimants and verdicts against reference series. "
                       "Start with claims_view.",
        "source": "Décompte (decompte ingest, decompte verify --db)",
        "databases": {database: {"tables": tables}},
    }


def write_datasette_metadata(path: str | Path, database: str = "decompte") -> None:
    """Write ``datasette_metadata(database)`` as JSON to ``path`` (whole, or not at all)."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_text(json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise DecompteError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


__all__ = ["database_name", "datasette_metadata", "write_datasette_metadata"]
