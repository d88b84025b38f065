"""The Python API: what the ``decompte`` commands do, as functions and one class.

::

    import decompte
    decompte.extract("Plus de 450 chars russes ont été détruits, selon Kiev.")   # [Claim(...)]
    decompte.extract_file("article.html", published="2022-03-19")
    with decompte.Ledger.open("decompte.db") as ledger:
        ledger.ingest(["examples/"])
        ledger.timeline("RU/soldier/killed")

Every function here is a thin layer over the library (``decompte.extract``,
``decompte.ingest``, ``decompte.ledger``, ``decompte.verify``), which is imported on
first use: spaCy, SQLAlchemy and Dask take seconds to load, ``import decompte`` must not.
Errors are the ``DecompteError`` tree of ``decompte.errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from decompte.errors import StoreError, UnsupportedInput
from decompte.model import PROVENANCES, Claim
from decompte.settings import DEFAULT_LIMITS, default_db

if TYPE_CHECKING:
    from decompte.ingest.runner import IngestSummary
    from decompte.ledger import ClaimFilters, LatestValue, Store, StoredClaim, TimelinePoint
    from decompte.verify import Checked, Rules

EXPORT_FORMATS = ("csv", "json", "jsonl", "parquet")


def _as_date(value: date | str | None, what: str = "published") -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UnsupportedInput(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


def _provenance(value: str | None) -> str | None:
    """``value`` if it is one of ``PROVENANCES`` (or ``None``); else ``UnsupportedInput``."""
    if value is not None and value not in PROVENANCES:
        raise UnsupportedInput(f"provenance {value!r} is not one of {', '.join(PROVENANCES)}")
    return value


def extract(text: str, lang: str | None = None, published: date | str | None = None) -> list[Claim]:
    """The claims of a text, in ``lang`` (detected, as by ``decompte extract``, when not given).

    ``published`` (a date or ``YYYY-MM-DD``) resolves periods such as "depuis le début de
    l'invasion"; without it they stay open. Raises ``UnsupportedInput`` (no text, a text in
    another language than ``lang``) or ``UnknownLanguage`` (no pack for the language).
    """
    from decompte.extract import get_extractor
    from decompte.ingest.lang import language_of

    if not isinstance(text, str) or not text.strip():
        raise UnsupportedInput("extract: empty text")
    code = language_of(text, lang, "extract")
    return get_extractor(code).extract_text(text, published=_as_date(published))


def extract_file(path: str | Path, lang: str | None = None, published: date | str | None = None) -> list[Claim]:
    """The claims of a UTF-8 text file or a saved web page (HTML is told by its content and
    read like ``decompte ingest`` reads it). The date is ``published``, else the page's,
    else a ``YYYY-MM-DD`` in the file name."""
    from decompte.extract import get_extractor
    from decompte.ingest.files import read_article

    article = read_article(str(path), DEFAULT_LIMITS, lang=lang, published=_as_date(published))
    return get_extractor(article.lang or "").extract(article)


def sqlite_file(db: str | Path | None) -> Path | None:
    """The file of an SQLite ledger (``None`` for another database or an in-memory one)."""
    raw = str(db) if db is not None else default_db()
    if raw.startswith("sqlite:///"):
        raw = raw.removeprefix("sqlite:///")
    elif "://" in raw:
        return None
    return None if raw in ("", ":memory:") else Path(raw).expanduser()


def require_ledger(db: str | Path | None) -> None:
    """Refuse a ledger file that does not exist: reading one must not create it (a typo would
    give an empty ledger that says "no claims yet")."""
    path = sqlite_file(db)
    if path is not None and not path.exists():
        raise StoreError(f"no ledger at {path} (decompte ingest creates one; check --db or $DECOMPTE_DB)")


class Ledger:
    """A ledger (SQLite file or SQLAlchemy URL): ingest articles, read claims, export, verify.

    A facade over ``decompte.ledger.Store`` and the functions of ``decompte.ingest``,
    ``decompte.ledger`` and ``decompte.verify``; ``store`` is the ``Store`` itself.
    """

    def __init__(self, store: Store, db: str | Path | None = None) -> None:
        self.store = store
        self.db = db

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Ledger:
        """Open the ledger at ``db`` (default ``$DECOMPTE_DB``, else ``./decompte.db``), creating it
        unless ``create`` is false (then a missing file raises ``StoreError``)."""
        from decompte.ledger import Store

        if not create:
            require_ledger(db)
        return cls(Store.open(db), db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(self, sources: Sequence[str], *, lang: str | None = None, extract: bool = True,
               workers: int = 1, fail_fast: bool = False) -> IngestSummary:
        """Read files, folders, URLs or feeds into the ledger with their claims (``decompte ingest``)."""
        from decompte.ingest.parallel import ingest_parallel
        from decompte.ingest.runner import ingest
        from decompte.ingest.sources import SourceOptions, check_arguments, iter_articles

        sources = [str(s) for s in sources]
        check_arguments(sources, DEFAULT_LIMITS)
        items = iter_articles(sources, SourceOptions(limits=DEFAULT_LIMITS))
        if not extract:
            return ingest(items, self.store, extraction=None, lang=lang, fail_fast=fail_fast)
        return ingest_parallel(items, self.store, workers=workers, lang=lang, fail_fast=fail_fast)

    def outdated(self) -> list[int]:
        """Ids of the documents a run with the current extractor would extract again: claims from
        another extraction version, never extracted, or skipped (a pack may have come since)."""
        from sqlalchemy import or_, select

        from decompte.extract import EXTRACTOR_VERSION
        from decompte.ledger.schema import documents

        version = documents.c.extractor_version
        query = select(documents.c.id).where(
            or_(documents.c.status != "extracted", version.is_(None), version != EXTRACTOR_VERSION)
        ).order_by(documents.c.id)
        with self.store.reading() as conn:
            return list(conn.scalars(query))

    def reextract(self, *, workers: int = 1, fail_fast: bool = False,
                  on_progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
        """Extract the ``outdated`` documents again from their stored text (``decompte ledger reextract``);
        the summary counts them as re-extracted, or as up to date (duplicates)."""
        from decompte.ingest.parallel import ingest_parallel

        ids = self.outdated()
        items = (self.store.load_article(i) for i in ids)
        return ingest_parallel(items, self.store, workers=workers, fail_fast=fail_fast, on_progress=on_progress,
                               command="decompte ledger reextract")

    def claims(self, metric: str | Sequence[str] | None = None, *, since: date | str | None = None,
               until: date | str | None = None) -> list[StoredClaim]:
        """Stored claims, each as ``(claim_id, claim, document)``, optionally of some metrics and dates."""
        from decompte.ledger import iter_claims

        return list(iter_claims(self.store, metric=metric, since=_as_date(since, "since"),
                                until=_as_date(until, "until")))

    def metrics(self) -> list[str]:
        """Every metric with at least one claim, sorted."""
        from decompte.ledger import metrics

        return metrics(self.store)

    def latest(self, metric: str | None = None, *, provenance: str | None = None) -> list[LatestValue]:
        """Each claimant's latest figure per metric (``decompte ledger``); with ``provenance``, among
        the figures cited at least once with it (``decompte ledger --provenance``)."""
        from decompte.ledger import latest_values

        return latest_values(self.store, metric=metric, provenance=_provenance(provenance))

    def timeline(self, metric: str, *, claimant: str | None = None, since: date | str | None = None,
                 until: date | str | None = None, provenance: str | None = None) -> list[TimelinePoint]:
        """One metric's reported figures over time (``decompte ledger METRIC``); ``provenance`` keeps
        the figures cited at least once with it."""
        from decompte.ledger import timeline

        return timeline(self.store, metric, claimant=claimant, since=_as_date(since, "since"),
                        until=_as_date(until, "until"), provenance=_provenance(provenance))

    query = timeline

    def export(self, out: str | Path | TextIO, fmt: str | None = None,
               metric: str | Sequence[str] | None = None, *, filters: ClaimFilters | None = None,
               excel: bool = False) -> int:
        """Write the claims with their documents' fields and latest verdicts (``decompte export``);
        return how many.

        ``fmt`` is csv, json, jsonl or parquet (default: the file's suffix, else csv); Parquet
        needs a path, text formats also take an open text file. ``filters`` narrows the claims
        as the API does; ``excel`` writes the CSV a spreadsheet opens (BOM, ``;``).
        """
        from decompte.ledger.export import export_claims

        if fmt is None:
            suffix = Path(out).suffix.lstrip(".").lower() if isinstance(out, str | Path) else ""
            fmt = suffix if suffix in EXPORT_FORMATS else "csv"
        return export_claims(self.store, out, fmt, metric=metric, filters=filters, excel=excel)

    def verify(self, *, write: bool = True, rules: Rules | None = None) -> list[Checked]:
        """Check every claim against the reference series and (unless ``write`` is false) store
        the verdicts (``decompte verify --db``)."""
        from decompte.verify import Rules, verify_store

        return verify_store(str(self.db) if self.db is not None else None, rules=rules or Rules(), write=write)
