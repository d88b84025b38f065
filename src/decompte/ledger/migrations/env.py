"""Alembic environment for the ledger.

Décompte runs migrations itself when a store is opened (``decompte.ledger.migrate``),
handing over its open connection in ``config.attributes["connection"]``; no
``alembic.ini`` is needed. For development, ``alembic -x url=sqlite:///decompte.db``
with ``script_location = decompte.ledger:migrations`` works too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from decompte.ledger.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database with -x url=… or sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
