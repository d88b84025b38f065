"""The columns of an export of claims: one definition for every place that writes them.

``decompte export`` (CSV, JSON, JSON Lines, Parquet), ``Ledger.export``, the API's
``/api/claims?format=csv`` and the Datasette metadata of ``claims_view`` all read
``EXPORT``: the names, their order, their type and what each means. A column's
``kind`` decides how it is written:

- ``id``/``int``: whole numbers, ``int64`` in Parquet;
- ``count``: a figure (``value``, ``low``, ``high``, ``reference_value``): ``float64`` in
  Parquet (a figure can be 2.5 %), written ``1207``, not ``1207.0``, in CSV and JSON
  when it is whole;
- ``float``: a real number (``confidence``), always written as one;
- ``date``: an ISO date, ``date32`` in Parquet; ``timestamp``: an ISO date and time (UTC);
- ``category``: text from a small vocabulary, dictionary-encoded in Parquet;
- ``text``: free text.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Kind = Literal["id", "int", "count", "float", "date", "timestamp", "category", "text"]


class Column(NamedTuple):
    """One exported column: its name, kind, what it holds and, for figures, what they count."""

    name: str
    kind: Kind
    description: str
    unit: str | None = None


EXPORT: tuple[Column, ...] = (
    Column("claim_id", "id", "Id of the claim in the ledger (claims.id); never reused."),
    Column("metric", "category", "What is counted, as SIDE/counted/event, e.g. RU/soldier/killed."),
    Column("value", "count", "The figure claimed (for a range, its low end).", "people or items, as `counted` says"),
    Column("qualifier", "category", "How the figure is hedged: exact, about, more_than, range… "
                                    "(docs/claims.md)."),
    Column("low", "count", "Lowest value the wording allows, when it says.", "as `value`"),
    Column("high", "count", "Highest value the wording allows, when it says (a range's high end).", "as `value`"),
    Column("counted", "category", "What is counted: soldier, civilian, tank, drone…"),
    Column("event", "category", "What happened to them: killed, wounded, lost, destroyed…"),
    Column("side", "category", "Whose they are, as a country or party code (RU, UA…); empty when not said."),
    Column("quote", "text", "The words of the text that state the figure."),
    Column("claimant", "category", "Who asserts the figure, normalised (claimants.name)."),
    Column("claimant_as_written", "text", "The claimant as the text names it."),
    Column("claimant_kind", "category", "The claimant's kind, e.g. government, military, media."),
    Column("claimant_country", "category", "The claimant's country (ISO 3166 alpha-2)."),
    Column("provenance", "category", "Where the figure comes from: attributed (a claimant is named), unsourced "
                                     "(no source in its sentence or the report it continues), derived (the "
                                     "article computes it) or relayed (a claimant quoted by another)."),
    Column("relay", "text", "Who relays the claimant's figure, as the text names it (« cité par Reuters »)."),
    Column("period_start", "date", "First day the figure covers, when the text says."),
    Column("period_end", "date", "Last day the figure covers (its \"as of\" date), when the text says."),
    Column("figure_id", "id", "The reported figure this claim cites (figures.id): the same value, metric, "
                              "claimant and date in every outlet."),
    Column("start", "int", "Offset of the quote's first character in the document's text.", "characters"),
    Column("end", "int", "Offset just past the quote's last character in the document's text.", "characters"),
    Column("sentence", "text", "The sentence holding the quote."),
    Column("confidence", "float", "The extractor's confidence in the claim, from 0 to 1."),
    Column("lang", "category", "Language of the text (ISO 639-1)."),
    Column("document_id", "id", "Id of the document in the ledger (documents.id)."),
    Column("doc_key", "text", "The document's key: its URL, corpus id or file name."),
    Column("title", "text", "The document's title."),
    Column("site", "category", "The outlet: the site that published the document."),
    Column("url", "text", "Where the document was read."),
    Column("canonical_url", "text", "The document's canonical URL, as the page declares it."),
    Column("published", "date", "The document's publication date."),
    Column("verdict", "category", "The latest verification of the claim: consistent, inconsistent, stale or "
                                  "unknown; empty when never checked (decompte verify --db)."),
    Column("verdict_reason", "text", "Why the verdict says what it says, in one sentence."),
    Column("reference_series", "category", "The reference series the claim was checked against."),
    Column("reference_version", "category", "The version of that series that judged: the last day its data covered then "
           "(with its retrieval day for a copy installed by `decompte reference update`)."),
    Column("reference_value", "count", "The series' value the claim was compared with.", "as `value`"),
    Column("reference_date", "date", "The date of that reference value."),
    Column("verified_at", "timestamp", "When the verdict was given (UTC)."),
)

#: The exported column names, in order.
EXPORT_COLUMNS: tuple[str, ...] = tuple(c.name for c in EXPORT)
BY_NAME: dict[str, Column] = {c.name: c for c in EXPORT}

__all__ = ["BY_NAME", "Column", "EXPORT", "EXPORT_COLUMNS", "Kind"]
