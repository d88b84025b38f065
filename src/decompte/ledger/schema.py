"""The ledger's tables, as SQLAlchemy Core metadata.

This module describes the schema *at head*; the database itself is created and
upgraded only by the Alembic migrations in ``migrations/versions`` (a test checks
that the two agree). Column names avoid SQL keywords (``start_offset``, not
``start``) so that ``sqlite3`` and Datasette users can write queries without quoting.

- ``documents``: one row per distinct article (deduplicated by canonical URL and by
  content hash), with its text and provenance; ``status`` says whether its claims were
  extracted (``extracted``), deliberately not (``pending``) or could not be
  (``skipped``, with ``skip_reason``); ``n_claims`` lets anyone check the claims are all there;
  ``story_id`` groups near-identical reprints of one story (``ingest.neardup``; revision 0002).
- ``claimants``: who asserts figures, one row per entity (``decompte.claimants``): a stable
  ``key`` (a slug), the ``name`` shown, a ``kind`` (government, military, un, ngo, media,
  person…), a ``country``, and for a person the ``title`` named with and the ``organisation``
  (a claimant key) spoken for (revision 0006).
- ``figures``: *reported figures*: claims of the same value, metric, claimant and date,
  whichever outlet reported them (see ``docs/ledger.md`` for the rule), with how many
  citations, from how many sites, first published when: kept up to date in the same
  transaction as the claims, so that a timeline reads one table.
- ``claims``: one row per figure stated in a document (a *citation* of a reported figure).
- ``runs``: one row per ingest run, with its summary.
- ``verdicts``: the latest verification of a claim against a reference series, with the
  series' version (the last day its data covered; revision 0005).
- ``claims_view`` (a view): each claim with its document, claimant and latest verdict,
  under the names ``decompte export`` writes (``decompte.ledger.columns``).
- ``feeds`` and ``feed_items``: what ``decompte watch`` knows of each feed (the ETag and
  Last-Modified it last answered with) and the entries it acknowledged, each written in the
  same transaction as its document, with its alerts until sent (revision 0009).

Ids of documents, figures, claims and verdicts are never reused (SQLite
``AUTOINCREMENT``): a re-extracted document's new claims get new ids, so a link to
an old claim id cannot silently point at a different claim.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False),
    Column("command", Text),
    Column("extractor_version", String(64)),
    Column("summary", Text),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_key", Text, nullable=False),
    Column("url", Text),
    Column("canonical_url", Text, unique=True),
    Column("title", Text),
    Column("site", Text),
    Column("published", Date),
    Column("lang", String(16)),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source", Text),
    Column("status", String(16), nullable=False),
    Column("skip_reason", Text),
    Column("extractor_version", String(64)),
    Column("n_claims", Integer, nullable=False, default=0),
    Column("ingested_at", DateTime, nullable=False),
    Column("extracted_at", DateTime),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("story_id", String(40)),
    Index(None, "published"),
    Index(None, "site"),
    Index(None, "story_id"),
    sqlite_autoincrement=True,
)

claimants = Table(
    "claimants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", String(2)),
    Column("party", Text, nullable=False),
    Column("title", Text),  # a person's rank or function as named ("Colonel General"); revision 0006
    Column("organisation", Text),  # the key of the claimant a person speaks for; revision 0006
    Index(None, "party"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("metric", String(80), nullable=False),
    Column("value", Float, nullable=False),
    Column("high", Float),
    Column("qualifier", String(16), nullable=False),
    Column("claimant_id", Integer, ForeignKey("claimants.id")),
    Column("party", Text, nullable=False),
    Column("as_of", Date),
    Column("citations", Integer, nullable=False, default=0),
    Column("outlets", Integer, nullable=False, default=0),
    Column("first_published", Date),
    Index(None, "metric", "as_of"),
    Index(None, "party", "metric"),
    sqlite_autoincrement=True,
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("figure_id", Integer, ForeignKey("figures.id"), nullable=False),
    Column("claimant_id", Integer, ForeignKey("claimants.id")),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("qualifier", String(16), nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("counted", String(32), nullable=False),
    Column("event", String(32), nullable=False),
    Column("side", String(8)),
    Column("metric", String(80), nullable=False),
    Column("claimant", Text),
    Column("claimant_short", Text),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("sentence", Text, nullable=False, default=""),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("lang", String(16)),
    Column("evidence", Text),  # JSON: field → {"strategy", "words"} (decompte.extract.strategies)
    Column("provenance", String(16)),  # attributed / unsourced / derived / relayed; revision 0007
    Column("relay", Text),  # who relays the claimant's figure ("cité par Reuters"); revision 0007
    Index(None, "document_id"),
    Index(None, "figure_id", "document_id"),  # a figure's first citation, from the index alone; revision 0010
    Index(None, "metric", "period_end"),
    Index(None, "metric", "id"),  # /api/claims?metric=…&cursor=…: the page is read in id order, no sort
    Index(None, "metric", "period_start", "claimant_id"),  # covers compare.usual_starts; revision 0010
    Index(None, "claimant_id"),
    Index(None, "provenance"),
    sqlite_autoincrement=True,
)

verdicts = Table(
    "verdicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("series", Text),
    Column("series_version", Text),  # the last day the series covered when it judged (revision 0005)
    Column("reference_value", Float),
    Column("reference_date", Date),
    Column("details", Text),
    Column("checked_at", DateTime, nullable=False),
    Index(None, "status"),
    sqlite_autoincrement=True,
)

metric_summary = Table(
    "metric_summary",
    metadata,
    Column("metric", String(80), primary_key=True),
    Column("lang", String(16), primary_key=True),  # "" for claims of no language: a key cannot be NULL
    Column("claims", Integer, nullable=False),
    Column("last_date", Date),  # the latest period_end, else publication date, of these claims
)

metric_latest = Table(
    "metric_latest",
    metadata,
    Column("metric", String(80), primary_key=True),
    Column("party", Text, primary_key=True),
    # No foreign key: a re-extraction deletes figures before the summary is brought up to date.
    Column("figure_id", Integer, nullable=False),
    Column("figures", Integer, nullable=False),
)

ledger_version = Table(
    "ledger_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", DateTime),
    Column("changed_at", DateTime),  # the last answer with a body (not a 304)
    Column("status", String(32)),
    sqlite_autoincrement=True,
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False),
    Column("link", Text, nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="SET NULL")),
    Column("acknowledged_at", DateTime, nullable=False),
    Column("alerts", Text),  # JSON list of the alerts the entry raised (decompte.watch.alerts)
    Column("alerted_at", DateTime),  # when they were sent; NULL while some are pending
    UniqueConstraint("feed_id", "link"),
    Index(None, "alerted_at"),
    sqlite_autoincrement=True,
)

#: Views created by the migrations, for people reading the file with sqlite3 or Datasette.
VIEWS: dict[str, str] = {
    "claims_view": """
        SELECT c.id AS claim_id, c.metric, c.value, c.qualifier, c.low, c.high,
               c.counted, c.event, c.side, c.quote,
               cl.name AS claimant, cl.kind AS claimant_kind, cl.country AS claimant_country,
               c.claimant AS claimant_as_written, c.period_start, c.period_end,
               c.figure_id, d.id AS document_id, d.published, d.site, d.title, d.url,
               d.canonical_url, d.lang, c.start_offset, c.end_offset, c.sentence, c.confidence, c.evidence,
               c.claimant_id, d.doc_key,
               v.status AS verdict, v.reason AS verdict_reason, v.series AS reference_series,
               v.series_version AS reference_version, v.reference_value, v.reference_date,
               v.checked_at AS verified_at,
               cl.key AS claimant_key, cl.title AS claimant_title, cl.organisation AS claimant_organisation,
               c.provenance, c.relay
        FROM claims c
        JOIN documents d ON d.id = c.document_id
        LEFT JOIN claimants cl ON cl.id = c.claimant_id
        LEFT JOIN verdicts v ON v.claim_id = c.id
    """,
    "figures_view": """
        SELECT f.id AS figure_id, f.metric, f.as_of, f.value, f.high, f.qualifier,
               cl.name AS claimant, cl.kind AS claimant_kind, f.party,
               f.citations, f.outlets, f.first_published
        FROM figures f
        LEFT JOIN claimants cl ON cl.id = f.claimant_id
    """,
}
