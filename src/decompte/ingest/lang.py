"""Language identification with lingua, for articles that do not say their language.

The detector knows a fixed set of languages likely in war reporting, not all 75
lingua supports: fewer models load faster and use less memory, and an article in an
unlisted language is still told apart from French or English (it gets the closest
listed language, which has no pipeline either, so it is stored and skipped).
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES: tuple[Language, ...] = (
    Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH, Language.ITALIAN,
    Language.PORTUGUESE, Language.DUTCH, Language.POLISH, Language.UKRAINIAN, Language.RUSSIAN,
    Language.ARABIC, Language.HEBREW, Language.TURKISH, Language.CHINESE,
)
#: Characters looked at: plenty for a reliable guess, bounded cost on long texts.
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The shared detector (built on first use; its models load lazily)."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_minimum_relative_distance(0.1).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when lingua cannot tell."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    found = detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else None


def language_of(text: str, asked: str | None, name: str) -> str:
    """The language to read ``text`` in: the one asked, checked against the text, else the one detected.

    A text that reads as another language than the one asked is refused: extracting French
    figures from a German text with French rules would give wrong claims, not none.
    """
    from decompte.errors import UnsupportedInput

    detected = detect_language(text)
    if asked is None:
        if detected is None:
            raise UnsupportedInput(f"{name}: cannot tell the language of the text; give it with --lang")
        return detected
    if detected is not None and detected != asked:
        raise UnsupportedInput(f"{name}: the text reads as '{detected}', not '{asked}' as asked with --lang")
    return asked
