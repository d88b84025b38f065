"""Opening the ledger for the web app: read-only unless writing was asked for.

A dashboard that anyone on the network can reach should not be able to change the
ledger, whatever bug a request finds. Following Datasette's habit, an SQLite ledger is
opened with ``?mode=ro`` (SQLite itself then refuses every write), and a PostgreSQL
one with ``default_transaction_read_only`` (the server refuses them). The read-only
connection never migrates: a ledger that is not at the schema this version writes is
refused with the command that upgrades it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from decompte.errors import StoreError
from decompte.ledger import Store
from decompte.ledger.db import head_revision, resolve_url


def _readonly_uri(url: str) -> str | None:
    """The ``file:…?mode=ro`` URI of an SQLite ledger (``None`` for another database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:":
        raise StoreError("the web app needs a ledger file, not an in-memory database")
    path = Path(database).expanduser().resolve()
    if not path.is_file():
        raise StoreError(f"no ledger at {path}: create it with `decompte ingest --db {path} …` first")
    return f"{path.as_uri()}?mode=ro"


def readonly_uri(db: str | Path | None) -> str | None:
    """The read-only URI ``open_readonly`` opens an SQLite ledger with; ``None`` for PostgreSQL."""
    try:
        return _readonly_uri(resolve_url(db))
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"cannot open the ledger {db!s}: {exc}") from exc


def _readonly_engine(url: str) -> Engine:
    uri = _readonly_uri(url)
    if uri is not None:

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)

        # A file-backed pool: with a bare "sqlite://" URL SQLAlchemy would pick the
        # in-memory SingletonThreadPool, which closes connections under concurrent threads.
        engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=8, max_overflow=16)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA query_only=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(
        url, pool_pre_ping=True, connect_args={"options": "-c default_transaction_read_only=on"}
    )


def open_readonly(db: str | Path | None) -> Store:
    """The ledger at ``db`` (path or URL; ``None``: ``$DECOMPTE_DB``), opened so that it cannot be written.

    Raises ``StoreError`` if it does not exist, cannot be read, or is not at this
    version's schema revision (it is never migrated from here).
    """
    try:
        engine = _readonly_engine(resolve_url(db))
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open the ledger {db!s}: {exc}") from exc
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        engine.dispose()
        cause = getattr(exc, "orig", None) or exc
        raise StoreError(f"cannot read the ledger {db!s}: {exc.__class__.__name__}: {cause}") from exc
    head = head_revision()
    if current != head:
        engine.dispose()
        raise StoreError(
            f"the ledger {db!s} is at schema revision {current or 'none'}, not {head}: "
            "open it once with a writing command (e.g. `decompte ingest`) to upgrade it"
        )
    return Store(engine)


def open_writable(db: str | Path | None) -> Store:
    """The ledger opened for writing (created or migrated as needed): only for the token-protected endpoint."""
    return Store.open(db)
