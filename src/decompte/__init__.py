"""Décompte: a ledger of the figures claimed in war reporting.

::

    import decompte
    claims = decompte.extract("Plus de 450 chars russes ont été détruits, selon Kiev.")
    claims = decompte.extract_file("article.html", lang="en", published="2024-02-24")
    with decompte.Ledger.open("decompte.db") as ledger:
        ledger.ingest(["examples/"])
        print(ledger.latest())

``import decompte`` is cheap: spaCy, SQLAlchemy, Dask and FastAPI load when a function
needs them. Errors raised on purpose are ``DecompteError`` and its subclasses (the tree
is drawn in ``decompte.errors``).

``decompte.extract`` is both the function above and the sub-package of the extractor
(``from decompte.extract import get_extractor``): importing the sub-package would
otherwise replace the function by the module, so the module is made callable, calling
the same function.
"""

import sys as _sys
import types as _types
from typing import Any as _Any

from decompte import api as _api
from decompte.api import Ledger, extract, extract_file
from decompte.errors import (
    DecompteError,
    FetchRefused,
    NumberParseError,
    ReferenceSeriesError,
    StoreError,
    UnknownLanguage,
    UnsupportedInput,
)
from decompte.model import Article, Claim, Verdict

__all__ = [
    "Article",
    "Claim",
    "DecompteError",
    "FetchRefused",
    "Ledger",
    "NumberParseError",
    "ReferenceSeriesError",
    "StoreError",
    "UnknownLanguage",
    "UnsupportedInput",
    "Verdict",
    "__version__",
    "extract",
    "extract_file",
]


class _CallableExtractPackage(_types.ModuleType):
    """The ``decompte.extract`` sub-package, callable as ``decompte.extract(text, lang, published)``."""

    def __call__(self, *args: _Any, **kwargs: _Any) -> list[Claim]:
        return _api.extract(*args, **kwargs)


class _Package(_types.ModuleType):
    """``decompte`` itself: keeps ``decompte.extract`` callable once the sub-package is imported."""

    def __setattr__(self, name: str, value: _Any) -> None:
        if name == "extract" and type(value) is _types.ModuleType:
            value.__class__ = _CallableExtractPackage
        super().__setattr__(name, value)


def __getattr__(name: str) -> _Any:
    # importlib.metadata takes a tenth of a second to import: read the version when asked.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("decompte")
        except PackageNotFoundError:  # a source tree that was never installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_sys.modules[__name__].__class__ = _Package
