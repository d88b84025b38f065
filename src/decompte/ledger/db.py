"""Opening a ledger database: URL resolution, SQLite pragmas, migrations to head.

A ledger is either an SQLite file (the default: ``decompte.db`` in the working
directory) or any SQLAlchemy URL, PostgreSQL included. Whatever it is, opening it
runs the Alembic migrations up to head, so a new file is created with the current
schema and an old one is brought up to date; a database written by a *newer*
Décompte is refused rather than silently misread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from decompte.errors import StoreError
from decompte.settings import default_db

_DRIVERS = {"postgres": "postgresql+psycopg", "postgresql": "postgresql+psycopg"}
#: How long an SQLite writer waits for another one before the ledger is reported busy.
BUSY_TIMEOUT_MS = 30_000
#: Execution option asking for ``BEGIN IMMEDIATE`` on SQLite (the write lock from the start).
IMMEDIATE = "decompte_immediate"


def resolve_url(db: str | Path | None) -> str:
    """Turn ``--db`` / ``DECOMPTE_DB`` / the default into an SQLAlchemy URL.

    A plain path means an SQLite file; ``postgresql://`` gets the psycopg 3 driver we
    ship with, since SQLAlchemy's default (psycopg2) is not a dependency.
    """
    raw = str(db) if db is not None else default_db()
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser()}"
    scheme, rest = raw.split("://", 1)
    return f"{_DRIVERS.get(scheme, scheme)}://{rest}"


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL journal, foreign keys, and transactions that really begin with BEGIN.

    Python's sqlite3 module delays BEGIN until the first DML statement; with that
    behaviour a migration's DDL would not be atomic. Following SQLAlchemy's documented
    recipe, the driver's own handling is switched off and we emit BEGIN ourselves.

    The busy timeout comes first: switching a new file to WAL takes a lock, and a second
    writer opening the same new ledger must wait for it, not fail. A migration begins with
    BEGIN IMMEDIATE (``IMMEDIATE``): a deferred transaction that has read the schema cannot wait
    for the write lock (SQLite answers "locked" at once to avoid a deadlock).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in (f"busy_timeout={BUSY_TIMEOUT_MS}", "journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(IMMEDIATE) else "BEGIN")


def create(db: str | Path | None) -> Engine:
    """An engine for the ledger at ``db`` (path or URL), not yet migrated."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:":
                parent = Path(database).parent
                if not parent.is_dir():
                    raise StoreError(f"cannot create the ledger {database}: folder {parent} does not exist")
            engine = create_engine(url)
            _sqlite_pragmas(engine)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open the ledger {db!s}: {exc}") from exc


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "decompte.ledger:migrations")
    return cfg


def head_revision() -> str:
    """The schema revision this version of Décompte writes."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine) -> str:
    """Bring the database to the head revision in one transaction; return the revision.

    Raises ``StoreError`` if the database cannot be reached or carries a revision this
    version does not know (it was written by a newer Décompte).
    """
    cfg = _config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    if head is None:
        raise StoreError("the ledger migrations are missing from this installation")
    try:
        with engine.connect() as conn:  # the usual case, an up-to-date ledger, takes no write lock
            if MigrationContext.configure(conn).get_current_revision() == head:
                return head
        with engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return head
            if current is not None:
                try:
                    script.get_revision(current)
                except Exception as exc:  # alembic raises its own CommandError/ResolutionError
                    raise StoreError(
                        f"the ledger is at schema revision {current}, unknown to this version of decompte "
                        "(written by a newer one?)"
                    ) from exc
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        cause = str(exc.orig or exc).splitlines()[0]
        if "locked" in cause or "busy" in cause:
            raise StoreError(f"the ledger {engine.url.database} is busy: another decompte is writing to it "
                             f"(waited {BUSY_TIMEOUT_MS / 1000:g} s); try again when it is done") from exc
        raise StoreError(f"cannot open or migrate the ledger: {cause}") from exc
    except SQLAlchemyError as exc:
        cause = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot open or migrate the ledger: {exc.__class__.__name__}: {cause}") from exc
    return head
