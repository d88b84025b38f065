"""Who says so: claimant names as written → one normalised claimant.

Shared by every stage: extraction gives each claim its short name, the ledger one row
per source, verification and the web the same names.

Texts name the same source many ways ("l'état-major ukrainien", "Ukraine's General
Staff", "the Ukrainian military"). The ledger needs one row per source so that a
user can ask what each one claimed. Known sources are listed with their aliases in
``decompte/data/claimants.json``; any other name is kept as written (article removed), with
its kind and country guessed from keywords, so that nothing is lost.

The ``party`` of a claimant is what the deduplication rule compares: for a state
body (government or military) it is the country, since "Ukraine says" and "Ukraine's
General Staff says" the same figure on the same day report one announcement; for
anyone else it is the claimant itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

KINDS: tuple[str, ...] = ("government", "military", "international_organisation", "person", "media", "other")
STATE_KINDS = frozenset({"government", "military"})

_LEADING = re.compile(r"^(?:l'|le |la |les |the |du |de la |de l'|des |d')+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ClaimantInfo:
    """A normalised claimant: ``key`` is unique in the ledger, ``name`` is shown to people."""

    key: str
    name: str
    kind: str
    country: str | None

    @property
    def party(self) -> str:
        """What deduplication compares: the country for state bodies, else the claimant."""
        if self.kind in STATE_KINDS and self.country:
            return f"state:{self.country}"
        return f"claimant:{self.key}"


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes and spaces unified."""
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def _key(text: str) -> str:
    folded = fold(text).strip(" .,;:!?\"'«»()[]")
    return _LEADING.sub("", folded).strip()


def _display(text: str) -> str:
    cleaned = _SPACES.sub(" ", text.replace("’", "'")).strip(" .,;:!?\"«»()[]")
    match = re.match(r"(?i)(?:l'|le |la |les |the )+", cleaned)
    if match:
        cleaned = cleaned[match.end():]
    return cleaned[:1].upper() + cleaned[1:] if cleaned else cleaned


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(pattern) + r"(?![\w-])")


@dataclass(frozen=True)
class _Alias:
    pattern: re.Pattern[str]
    length: int
    acronym: bool
    entity: ClaimantInfo


class ClaimantIndex:
    """Resolves names as written to ``ClaimantInfo``; built once from the data file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._aliases: list[_Alias] = []
        for entry in data["entities"]:
            info = ClaimantInfo(_key(entry["name"]), entry["name"], entry["kind"], entry.get("country"))
            for alias in entry["aliases"]:
                acronym = alias.replace(".", "").isupper() and len(alias) <= 6
                # Acronyms are matched with their case ("UN", not the French article "un").
                target = alias if acronym else _key(alias)
                self._aliases.append(_Alias(_words(target), len(target), acronym, info))
        self._aliases.sort(key=lambda a: -a.length)
        self._kinds = {kind: [_words(fold(w)) for w in words] for kind, words in data["kinds"].items()}
        self._countries = {
            code: [re.compile(r"(?<!\w)" + re.escape(fold(p))) for p in prefixes]
            for code, prefixes in data["countries"].items()
        }

    def known(self, written: str) -> ClaimantInfo | None:
        """The registry's claimant this name is an alias of, or ``None`` (no guessing)."""
        key = _key(written)
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", written.replace("’", "'")) if not unicodedata.combining(ch))
        for alias in self._aliases:
            if alias.pattern.search(plain if alias.acronym else key):
                return alias.entity
        return None

    def resolve(self, written: str | None) -> ClaimantInfo | None:
        """The claimant behind a name as written, or ``None`` for no name."""
        if not written or not written.strip():
            return None
        key = _key(written)
        if not key:
            return None
        plain = unicodedata.normalize("NFKD", written.replace("’", "'"))
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
        for alias in self._aliases:
            if alias.pattern.search(plain if alias.acronym else key):
                return alias.entity
        return ClaimantInfo(key, _display(written), self._kind(written, key), self._country(key))

    def _kind(self, written: str, key: str) -> str:
        for kind in ("international_organisation", "media", "military", "government"):
            if any(p.search(key) for p in self._kinds.get(kind, ())):
                return kind
        names = re.findall(r"\b[A-ZÀ-Ý][\w'-]+", written)
        if len(names) >= 2 and len(names) == len(written.split()):
            return "person"
        return "other"

    def _country(self, key: str) -> str | None:
        for code, patterns in self._countries.items():
            if any(p.search(key) for p in patterns):
                return code
        return None


@lru_cache(maxsize=1)
def default_index() -> ClaimantIndex:
    """The index built from the bundled ``data/claimants.json`` (read once)."""
    raw = resources.files("decompte").joinpath("data/claimants.json").read_text(encoding="utf-8")
    return ClaimantIndex(json.loads(raw))


def resolve(written: str | None) -> ClaimantInfo | None:
    """Normalise a claimant as written with the bundled index."""
    return default_index().resolve(written)


def known(written: str) -> ClaimantInfo | None:
    """The bundled registry's claimant for this name, only if it is a known alias."""
    return default_index().known(written)
