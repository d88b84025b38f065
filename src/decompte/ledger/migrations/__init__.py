"""Alembic migrations of the ledger schema (run by ``decompte.ledger.db.migrate``)."""
