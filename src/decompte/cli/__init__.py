"""The ``decompte`` command: each sub-command is one call into the library.

Commands live in one module per stage and register themselves on ``app``.
"""

from __future__ import annotations

from decompte.cli._app import app, main

# Importing a command module registers its commands on ``app``.
from decompte.cli import extract as _extract  # noqa: E402,F401
from decompte.cli import evaluate as _evaluate  # noqa: E402,F401
from decompte.cli import languages as _languages  # noqa: E402,F401
from decompte.cli import verify as _verify  # noqa: E402,F401
from decompte.cli import ledger as _ledger  # noqa: E402,F401
from decompte.cli import contests as _contests  # noqa: E402,F401
from decompte.cli import export as _export  # noqa: E402,F401
from decompte.cli import serve as _serve  # noqa: E402,F401
from decompte.cli import watch as _watch  # noqa: E402,F401

__all__ = ["app", "main"]
