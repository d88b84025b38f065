"""Tests of the ledger: store, ingest sources, fetching, CLI, crash safety."""
