"""Extraction: article text → ``Claim`` objects, one language pack per language."""

from __future__ import annotations

from decompte.extract.extractor import (
    EXTRACTOR_VERSION,
    Extractor,
    available_languages,
    extract_claims,
    get_extractor,
)

__all__ = ["EXTRACTOR_VERSION", "Extractor", "available_languages", "extract_claims", "get_extractor"]
