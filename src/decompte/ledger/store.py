"""The ledger store: documents and their claims, written one article per transaction.

Every write that concerns one article — the document row, its claimants, its reported
figures and its claims — happens inside a single transaction. A run killed at any
point (Ctrl-C, ``kill -9``, power cut with SQLite's WAL) therefore leaves each
article either fully stored, with ``n_claims`` claims, or absent; running the same
command again stores what is missing and recognises the rest as duplicates.

A document is the same as a stored one when it has the same canonical URL or the
same content hash (``Article.content_hash``: SHA-256 of the whitespace-collapsed text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, distinct, func, or_, select, update
from sqlalchemy.engine import Connection, CursorResult, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from decompte.errors import StoreError
from decompte.ledger import db as _db
from decompte.ledger import summary as _summary
from decompte.claimants import ClaimantInfo, resolve
from decompte.ledger.dedup import figure_key
from decompte.ledger.schema import claimants, claims, documents, figures, runs, verdicts
from decompte.model import Article, Claim, Verdict

_METADATA_FIELDS = ("url", "canonical_url", "title", "site", "published")


def utcnow() -> datetime:
    """Naive UTC timestamp: what every DateTime column of the ledger holds."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class StoredDocument:
    """What the ingest loop needs to know about an already stored article."""

    id: int
    status: str
    extractor_version: str | None
    lang: str | None


class Store:
    """An open ledger. Create with ``Store.open(db)``; close (or use as a context manager)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._claimant_ids: dict[str, int] = {}

    @classmethod
    def open(cls, db: str | Path | None = None) -> Store:
        """Open (creating or migrating as needed) the ledger at a path or SQLAlchemy URL.

        ``None`` means ``$DECOMPTE_DB``, else ``decompte.db`` in the working directory.
        """
        engine = _db.create(db)
        try:
            _db.migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; database errors come out as ``StoreError`` (integrity errors as such)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            raise StoreError(f"ledger write failed: {exc.__class__.__name__}: {cause}") from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for queries; database errors come out as ``StoreError``."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"ledger query failed: {exc.__class__.__name__}: {exc}") from exc

    # -- documents -------------------------------------------------------------------------

    def find(self, article: Article) -> StoredDocument | None:
        """The stored document this article duplicates (same canonical URL or content hash)."""
        query, params = ((_SAME_HASH_OR_URL, {"hash": article.content_hash, "url": article.canonical_url})
                         if article.canonical_url else (_SAME_HASH, {"hash": article.content_hash}))
        with self.reading() as conn:
            row = conn.execute(query, params).first()
        return StoredDocument(row.id, row.status, row.extractor_version, row.lang) if row else None

    def add(
        self,
        article: Article,
        found: Sequence[Claim],
        *,
        status: str = "extracted",
        extractor_version: str | None = None,
        skip_reason: str | None = None,
        run_id: int | None = None,
        also: Callable[[Connection, int], None] | None = None,
    ) -> int:
        """Store a new article with its claims in one transaction; return the document id.

        ``also(conn, document_id)`` runs inside that transaction, for a caller whose own record
        must stand or fall with the document (``decompte watch`` acknowledging a feed entry).
        Raises ``IntegrityError`` if an equal document was stored meanwhile.
        """
        now = utcnow()
        row = {
            "doc_key": article.id,
            "url": article.url,
            "canonical_url": article.canonical_url,
            "title": article.title,
            "site": article.site,
            "published": article.published,
            "lang": article.lang,
            "text": article.text,
            "content_hash": article.content_hash,
            "source": article.source,
            "status": status,
            "skip_reason": skip_reason,
            "extractor_version": extractor_version if status == "extracted" else None,
            "n_claims": len(found),
            "ingested_at": now,
            "extracted_at": now if status == "extracted" else None,
            "run_id": run_id,
        }
        pending: dict[str, int] = {}
        with self.transaction() as conn:
            doc_id = _new_id(conn.execute(_NEW_DOCUMENT, row))
            self._insert_claims(conn, doc_id, article, found, pending)
            _summary.document_added(conn, doc_id)
            if also is not None:
                also(conn, doc_id)
        self._claimant_ids.update(pending)
        return doc_id

    def replace_claims(
        self,
        document_id: int,
        article: Article,
        found: Sequence[Claim],
        *,
        status: str = "extracted",
        extractor_version: str | None = None,
        skip_reason: str | None = None,
    ) -> None:
        """Replace a stored document's claims (re-extraction) in one transaction.

        Verdicts of the old claims go with them; reported figures left without any
        citation are deleted, those still cited keep their id.
        """
        pending: dict[str, int] = {}
        with self.transaction() as conn:
            stored = conn.execute(
                select(documents.c.published, documents.c.site).where(documents.c.id == document_id)
            ).one()
            meta = Article(id=article.id, text="", published=stored.published, site=stored.site)
            old_figures = _figures_of(conn, document_id)
            before = _summary.document_share(conn, document_id)
            conn.execute(delete(claims).where(claims.c.document_id == document_id))
            conn.execute(
                update(documents)
                .where(documents.c.id == document_id)
                .values(
                    status=status,
                    skip_reason=skip_reason,
                    extractor_version=extractor_version if status == "extracted" else None,
                    n_claims=len(found),
                    lang=article.lang,
                    extracted_at=utcnow() if status == "extracted" else None,
                )
            )
            self._insert_claims(conn, document_id, meta, found, pending)
            if old_figures:
                _refresh_figures(conn, old_figures)
                conn.execute(delete(figures).where(figures.c.id.in_(old_figures), figures.c.citations == 0))
            _summary.document_replaced(conn, document_id, before)
        self._claimant_ids.update(pending)

    def load_article(self, document_id: int) -> Article:
        """A stored document as an ``Article`` (to re-extract its own text)."""
        with self.reading() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).one()
        return Article(
            id=row.doc_key, text=row.text, lang=row.lang, published=row.published, title=row.title,
            url=row.url, canonical_url=row.canonical_url, site=row.site, source=row.source,
        )

    def fill_metadata(self, document_id: int, article: Article) -> list[str]:
        """Fill a stored document's missing URL, title, site or date from a duplicate.

        The plain-text copy of an article knows no URL; its HTML copy does. Returns the
        names of the fields filled. Never overwrites a known value.
        """
        with self.reading() as conn:
            columns = [documents.c[f] for f in _METADATA_FIELDS]
            row = conn.execute(select(*columns).where(documents.c.id == document_id)).one()
        values = {
            name: getattr(article, name)
            for name in _METADATA_FIELDS
            if getattr(row, name) is None and getattr(article, name) is not None
        }
        if not values:
            return []
        try:
            self._update_document(document_id, values)
        except IntegrityError:  # the canonical URL belongs to another stored document
            values.pop("canonical_url", None)
            if not values:
                return []
            self._update_document(document_id, values)
        return sorted(values)

    def _update_document(self, document_id: int, values: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(update(documents).where(documents.c.id == document_id).values(**values))
            if "site" in values or "published" in values:  # figures count outlets and first dates
                ids = _figures_of(conn, document_id)
                if ids:
                    _refresh_figures(conn, ids)
                _summary.document_changed(conn, document_id)
            else:
                _summary.bump(conn)

    # -- claims ----------------------------------------------------------------------------

    def _claimant_id(self, conn: Connection, info: ClaimantInfo, pending: dict[str, int]) -> int:
        """The row of this claimant entity, created (with the organisation it speaks for) on first sight."""
        cached = self._claimant_ids.get(info.key) or pending.get(info.key)
        if cached is not None:
            return cached
        found = conn.scalar(select(claimants.c.id).where(claimants.c.key == info.key))
        if found is None:
            if info.organisation is not None:
                self._claimant_id(conn, info.organisation, pending)
            found = _new_id(conn.execute(
                claimants.insert().values(
                    key=info.key, name=info.name, kind=info.kind, country=info.country, party=info.party,
                    title=info.title, organisation=info.organisation.key if info.organisation else None,
                )
            ))
        pending[info.key] = int(found)
        return int(found)

    def _insert_claims(
        self, conn: Connection, doc_id: int, article: Article, found: Sequence[Claim], pending: dict[str, int]
    ) -> None:
        if not found:
            return
        rows: list[dict[str, Any]] = []
        keys = []
        for claim in found:
            info = resolve(claim.claimant) or resolve(claim.claimant_short)
            claimant_id = self._claimant_id(conn, info, pending) if info else None
            fkey = figure_key(claim, info, published=article.published, site=article.site, document_id=doc_id)
            keys.append((fkey, claimant_id, claim.qualifier))
            rows.append(_claim_row(doc_id, claimant_id, claim))
        ids = {k: i for k, i in conn.execute(_FIGURE_IDS, {"keys": sorted({k.key for k, _, _ in keys})})}
        new: dict[str, dict[str, Any]] = {}
        for fkey, claimant_id, qualifier in keys:
            if fkey.key not in ids and fkey.key not in new:  # the first claim citing a figure describes it
                new[fkey.key] = dict(
                    key=fkey.key, metric=fkey.metric, value=fkey.value, high=fkey.high, qualifier=qualifier,
                    claimant_id=claimant_id, party=fkey.party, as_of=fkey.as_of, citations=0, outlets=0,
                )
        ids.update(_new_figures(conn, list(new.values())))
        for row, (fkey, _, _) in zip(rows, keys, strict=True):
            row["figure_id"] = ids[fkey.key]
        conn.execute(claims.insert(), rows)
        _refresh_figures(conn, sorted({row["figure_id"] for row in rows}))

    # -- runs ------------------------------------------------------------------------------

    def start_run(self, command: str, extractor_version: str | None) -> int:
        """Record the start of an ingest run (committed at once, so a killed run leaves a trace)."""
        with self.transaction() as conn:
            result = conn.execute(
                runs.insert().values(
                    started_at=utcnow(), status="running", command=command, extractor_version=extractor_version
                )
            )
            return _new_id(result)

    def finish_run(self, run_id: int, status: str, summary: dict[str, Any]) -> None:
        """Record how a run ended and its summary (JSON)."""
        with self.transaction() as conn:
            conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(finished_at=utcnow(), status=status, summary=json.dumps(summary, ensure_ascii=False))
            )

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (for summaries and tests)."""
        with self.reading() as conn:
            return {
                t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
                for t in (documents, claims, figures, claimants, runs, verdicts)
            }


# Statements built once, their values bound at each call: building and caching a statement
# costs SQLAlchemy more than SQLite spends running it, and the store runs these per document.
_NEW_DOCUMENT = documents.insert()
_NEW_FIGURE = figures.insert()
_NEW_FIGURES = figures.insert().returning(figures.c.key, figures.c.id)
_FIGURE_IDS = select(figures.c.key, figures.c.id).where(figures.c.key.in_(bindparam("keys", expanding=True)))
_DOCUMENT_COLUMNS = (documents.c.id, documents.c.status, documents.c.extractor_version, documents.c.lang)
_SAME_HASH = (select(*_DOCUMENT_COLUMNS).where(documents.c.content_hash == bindparam("hash"))
              .order_by(documents.c.id).limit(1))
_SAME_HASH_OR_URL = (select(*_DOCUMENT_COLUMNS)
                     .where(or_(documents.c.content_hash == bindparam("hash"),
                                documents.c.canonical_url == bindparam("url")))
                     .order_by(documents.c.id).limit(1))


def _new_figures(conn: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert these figures; their ids by key. One multi-row statement where the database returns
    the new rows (SQLite 3.35+, PostgreSQL), in any order: each comes back with its key. Else one
    statement per figure."""
    if not rows:
        return {}
    if len(rows) > 1 and conn.dialect.insert_executemany_returning:
        return {key: int(i) for key, i in conn.execute(_NEW_FIGURES, rows)}
    return {row["key"]: _new_id(conn.execute(_NEW_FIGURE, row)) for row in rows}


def _new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just created."""
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise StoreError("the database did not return the new row's id")
    return int(key[0])


def _figures_of(conn: Connection, document_id: int) -> list[int]:
    """Ids of the figures a document's claims cite."""
    query = select(claims.c.figure_id).where(claims.c.document_id == document_id).distinct()
    return [int(i) for i in conn.scalars(query)]


def _refresh_figures(conn: Connection, ids: Sequence[int]) -> None:
    """Recount the citations, outlets and first publication of these figures from their claims."""
    conn.execute(_REFRESH_FIGURES, {"ids": list(ids)})


def _refresh_statement() -> Any:
    cited = claims.join(documents, documents.c.id == claims.c.document_id)
    mine = claims.c.figure_id == figures.c.id
    return (
        update(figures)
        .where(figures.c.id.in_(bindparam("ids", expanding=True)))
        .values(
            citations=select(func.count()).select_from(claims).where(mine).scalar_subquery(),
            outlets=select(func.count(distinct(documents.c.site))).select_from(cited).where(mine).scalar_subquery(),
            first_published=select(func.min(documents.c.published)).select_from(cited).where(mine).scalar_subquery(),
        )
    )


_REFRESH_FIGURES = _refresh_statement()


def _claim_row(doc_id: int, claimant_id: int | None, claim: Claim) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "claimant_id": claimant_id,
        "start_offset": claim.start,
        "end_offset": claim.end,
        "quote": claim.quote,
        "value": float(claim.value),
        "qualifier": claim.qualifier,
        "low": claim.low,
        "high": claim.high,
        "counted": claim.counted,
        "event": claim.event,
        "side": claim.side,
        "metric": claim.metric,
        "claimant": claim.claimant,
        "claimant_short": claim.claimant_short,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "sentence": claim.sentence or "",
        "confidence": claim.confidence,
        "lang": claim.lang,
        "evidence": json.dumps(claim.evidence, ensure_ascii=False) if claim.evidence else None,
        "provenance": claim.provenance,
        "relay": claim.relay,
    }


def store_verdicts(store: Store, results: Iterable[tuple[int, Verdict]]) -> int:
    """Record verification verdicts, replacing earlier verdicts of the same claims.

    ``results`` pairs a claim id (as yielded by ``iter_claims``) with its ``Verdict``.
    All are written in one transaction — a verification run interrupted half-way
    leaves the previous verdicts in place — and a claim keeps only its latest verdict.
    Returns the number of verdicts written. Raises ``StoreError`` for an unknown claim id.
    """
    now = utcnow()
    rows = [
        {
            "claim_id": int(claim_id),
            "status": verdict.status,
            "reason": verdict.reason,
            "series": verdict.series,
            "series_version": verdict.series_version,
            "reference_value": verdict.reference_value,
            "reference_date": verdict.reference_date,
            "details": json.dumps(verdict.details, ensure_ascii=False, default=str) if verdict.details else None,
            "checked_at": now,
        }
        for claim_id, verdict in results
    ]
    if not rows:
        return 0
    ids = sorted({int(r["claim_id"]) for r in rows})  # type: ignore[arg-type]
    try:
        with store.transaction() as conn:
            known = set(conn.scalars(select(claims.c.id).where(claims.c.id.in_(ids))))
            missing = [i for i in ids if i not in known]
            if missing:
                raise StoreError(f"no claim with id {', '.join(map(str, missing[:5]))} in the ledger")
            conn.execute(delete(verdicts).where(verdicts.c.claim_id.in_(ids)))
            latest = {r["claim_id"]: r for r in rows}  # the last verdict given for a claim wins
            conn.execute(verdicts.insert(), list(latest.values()))
            _summary.bump(conn)  # verdicts colour timelines and make claimants' shares
    except IntegrityError as exc:
        raise StoreError(f"cannot store verdicts: {exc.orig}") from exc
    return len(latest)
