"""Which language a text is written in (lingua), among the languages news about wars come in."""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Candidates, not packs: a German or Russian article is recognised (and reported as having
# no pack) rather than misread as French or English.
_CANDIDATES = (
    Language.FRENCH, Language.ENGLISH, Language.GERMAN, Language.SPANISH, Language.ITALIAN,
    Language.PORTUGUESE, Language.DUTCH, Language.RUSSIAN, Language.UKRAINIAN, Language.POLISH,
    Language.ARABIC, Language.HEBREW, Language.TURKISH,
)
MIN_CONFIDENCE = 0.5


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CANDIDATES).with_preloaded_language_models().build()


def detect_language(text: str, sample_chars: int = 5000) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when no language is likely enough."""
    sample = text[:sample_chars]
    if not any(c.isalpha() for c in sample):
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()
