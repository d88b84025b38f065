"""Extraction: article text → ``Claim`` objects, one language pack per language.

The extractor loads spaCy; its names are imported on first use, so that importing a light
module of this package (``decompte.extract.version``, ``decompte.extract.packs``) does not.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from decompte.extract.extractor import (
        EXTRACTOR_VERSION,
        Extractor,
        available_languages,
        extract_claims,
        get_extractor,
    )

__all__ = ["EXTRACTOR_VERSION", "Extractor", "available_languages", "extract_claims", "get_extractor"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("decompte.extract.extractor"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
