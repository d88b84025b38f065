"""Who says so: claimant names as written → one claimant entity.

Shared by every stage: extraction gives each claim its short name, the ledger one row
per source, verification and the web the same names.

Texts name the same source many ways, in two languages and several spellings
("Health ministry in Hamas-run Gaza", « le ministère de la Santé de Gaza »; "Colonel General
Sergei Rudskoy", « le général Sergueï Roudskoï »). The ledger needs one row per source so that
a user can ask what each one claimed. Known sources are listed with their aliases in
``decompte/data/claimants.json``; names are compared on a *skeleton* (accents, case,
hyphens and apostrophes dropped, then the file's transliteration rewrites), so that French
and English spellings of one Cyrillic or Arabic name meet. A person named with a title and an
organisation ("Igor Konashenkov, spokesman for the Russian Defence Ministry") is that person,
speaking for that organisation. Any other name is kept as written, under a stable key (a
slug of its skeleton, titles left out), with its kind and country guessed from keywords, so
that nothing is lost; a name made only of titles and words that name no one (« Maire »,
« Même bilan », "Same toll") is no claimant at all.

The ``party`` of a claimant is what the deduplication rule compares: for a state body
(government or military), or a person speaking for one, it is the country, since "Ukraine
says" and "Ukraine's General Staff says" the same figure on the same day report one
announcement; for anyone else it is the claimant itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

KINDS: tuple[str, ...] = (
    "government", "military", "un", "intergovernmental", "ngo", "media", "armed_group", "person", "other",
)
STATE_KINDS = frozenset({"government", "military"})
# The order keywords are tried in when guessing an unknown claimant's kind: the most specific first
# ("agence de l'ONU" is the UN before it is a news agency).
_GUESSED_KINDS = ("un", "ngo", "media", "armed_group", "military", "government")

_TYPOGRAPHY = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})
_SPACES = re.compile(r"\s+")
# Elided articles ("l'", "d'", "qu'") are tokens of their own, so that "l'armée" is "l'" + "armée".
_TOKEN = re.compile(r"(?i:\b(?:qu|[ldjnmsc])')|[^\W\d_][\w.-]*|\d[\w-]*")


@dataclass(frozen=True)
class ClaimantInfo:
    """A claimant entity: ``key`` is unique in the ledger, ``name`` is shown to people.

    ``title`` is the rank or function a person is named with ("Colonel General"), kept for the
    label only; ``organisation`` the body a person speaks for, when known.
    """

    key: str
    name: str
    kind: str
    country: str | None
    title: str | None = None
    organisation: ClaimantInfo | None = None

    @property
    def label(self) -> str:
        """The name with its title ("Colonel General Sergei Rudskoy"), unless the name has it."""
        if self.title and fold(self.title) not in fold(self.name):
            return f"{self.title} {self.name}"
        return self.name

    @property
    def party(self) -> str:
        """What deduplication compares: the country for state bodies (and their people), else the claimant."""
        body = self.organisation if self.kind == "person" and self.organisation is not None else self
        if body.kind in STATE_KINDS and body.country:
            return f"state:{body.country}"
        return f"claimant:{self.key}"


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes and spaces unified."""
    return _SPACES.sub(" ", _plain(text)).strip().lower()


def slug(text: str) -> str:
    """ASCII words joined by hyphens: "Gaza Health Ministry" → ``gaza-health-ministry``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_acronym(alias: str) -> bool:
    # Acronyms are matched with their case ("UN", not the French article "un").
    return alias.replace(".", "").isupper() and len(alias) <= 6


@dataclass(frozen=True)
class _Alias:
    skeleton: str
    pattern: re.Pattern[str]
    acronym: bool
    entity: ClaimantInfo
    needle: str  # the text the pattern spells: a name holding none of it cannot match


@dataclass(frozen=True)
class _Token:
    text: str
    folded: str
    after_comma: bool


class ClaimantIndex:
    """Resolves names as written to ``ClaimantInfo``; built once from the data file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._rewrites = [(re.compile(a), b) for a, b in data["transliteration"]["rules"]]
        self.kind_labels: dict[str, str] = dict(data["kind_labels"])
        self._aliases = self._build_aliases(data["entities"])
        self._kinds = {kind: [_whole(fold(w)) for w in words] for kind, words in data["kinds"].items()}
        self._countries = {
            code: [re.compile(r"(?<!\w)" + re.escape(fold(p))) for p in prefixes]
            for code, prefixes in data["countries"].items()
        }
        titles = sorted({tuple(w.rstrip(".") for w in fold(t).split()) for t in data["titles"]["words"]},
                        key=len, reverse=True)
        # by first word, longest first: a name's words are each compared with a few titles, not all
        self._titles: dict[str, list[tuple[str, ...]]] = {}
        for title in titles:
            if title:
                self._titles.setdefault(title[0], []).append(title)
        not_agents = data["not_agents"]
        self._determiners = frozenset(fold(w) for w in not_agents["determiners"])
        self._no_one = frozenset(w for phrase in not_agents["words"] for w in fold(phrase).split())
        self._bodies = frozenset(fold(w) for w in data["organisation_words"]["words"])
        self._particles = frozenset(fold(w) for w in data["name_particles"])

    def _build_aliases(self, entries: list[dict[str, Any]]) -> list[_Alias]:
        by_key = {e["key"]: e for e in entries}

        def entity(entry: dict[str, Any]) -> ClaimantInfo:
            org = entry.get("organisation")
            return ClaimantInfo(entry["key"], entry["name"], entry["kind"], entry.get("country"), entry.get("title"),
                                entity(by_key[org]) if org else None)

        aliases = []
        for entry in entries:
            info = entity(entry)
            for alias in dict.fromkeys([entry["name"], *entry["aliases"]]):
                acronym = _is_acronym(alias)
                needle = _plain(alias) if acronym else self.skeleton(alias)
                target = re.escape(needle)
                pattern = re.compile(r"(?<![\w-])" + target + r"(?![\w-])" if acronym
                                     else r"(?<![a-z0-9])" + target + r"(?![a-z0-9])")
                aliases.append(_Alias(self.skeleton(alias), pattern, acronym, info, needle))
        aliases.sort(key=lambda a: -len(a.skeleton))
        return aliases

    def skeleton(self, text: str) -> str:
        """What names are compared on: ``Sergueï Roudskoï`` and ``Sergei Rudskoy`` have one skeleton."""
        words = re.sub(r"[^a-z0-9]+", " ", fold(text))
        for pattern, replacement in self._rewrites:
            words = pattern.sub(replacement, words)
        return " ".join(words.split())

    def known(self, written: str) -> ClaimantInfo | None:
        """The registry's claimant this name is an alias of, or ``None`` (no guessing).

        The longest alias found wins, except that a person named outside it is the speaker
        ("Igor Konashenkov, spokesman for the Russian Defence Ministry" is Konashenkov).
        """
        hit = self._hit(written)
        return hit.entity if hit is not None else None

    def _hit(self, written: str) -> _Alias | None:
        plain = _plain(written)
        skeleton = self.skeleton(written)
        hits = [a for a in self._aliases
                if a.needle in (searched := plain if a.acronym else skeleton) and a.pattern.search(searched)]
        if not hits:
            return None
        best = hits[0]
        return next((h for h in hits if h.entity.kind == "person" and h.skeleton not in best.skeleton), best)

    def resolve(self, written: str | None) -> ClaimantInfo | None:
        """The claimant behind a name as written, or ``None`` for no name or a name of no one."""
        if not written or not written.strip():
            return None
        hit = self._hit(written)
        found = hit.entity if hit is not None else None
        if found is not None and found.kind == "person":
            return found
        tokens = self._tokens(written)
        person = self._named_person(tokens, hit)
        if person is not None:
            return person
        if found is not None:
            return found
        core = [t.folded for t in self._untitled(tokens) if not self._ignorable(t.folded)]
        if not core:
            return None
        folded = fold(written)
        return ClaimantInfo(slug(self.skeleton(" ".join(core))), self._display(written, tokens),
                            self._kind(folded), self._country(folded))

    # -- unknown claimants -----------------------------------------------------------------

    def _tokens(self, written: str) -> list[_Token]:
        text = written.translate(_TYPOGRAPHY)
        out = []
        last = 0
        for match in _TOKEN.finditer(text):
            word = match.group().rstrip(".") or match.group()
            out.append(_Token(word, fold(word), "," in text[last:match.start()] or "(" in text[last:match.start()]))
            last = match.end()
        return out

    def _title_at(self, tokens: list[_Token], i: int) -> int:
        """How many tokens from ``i`` are a title ("Colonel General" → 2), or 0."""
        if i >= len(tokens):
            return 0
        for title in self._titles.get(tokens[i].folded, ()):
            if tuple(t.folded for t in tokens[i:i + len(title)]) == title:
                return len(title)
        return 0

    def _untitled(self, tokens: list[_Token]) -> list[_Token]:
        """The tokens that are not part of a title."""
        out, i = [], 0
        while i < len(tokens):
            length = self._title_at(tokens, i)
            if length:
                i += length
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _ignorable(self, folded: str) -> bool:
        return folded in self._determiners or folded in self._no_one or folded.rstrip("'") in self._determiners

    def _named_person(self, tokens: list[_Token], hit: _Alias | None) -> ClaimantInfo | None:
        """A person named by capitalised words at the start, after a title or after a comma:
        "Colonel General Ivan Petrov", "Ivan Petrov, porte-parole de l'armée de l'air"."""
        titles: list[str] = []
        where = "start"
        i = 0
        while i < len(tokens):
            length = self._title_at(tokens, i)
            if length:
                titles.append(" ".join(t.text for t in tokens[i:i + length]))
                where, i = "title", i + length
                continue
            if where == "start" and tokens[i].folded in self._determiners:
                i += 1
                continue
            end = self._name_run(tokens, i)
            run = tokens[i:end]
            if len(run) >= 2 and (where in ("start", "title") or run[0].after_comma) and self._is_name(run):
                name = " ".join(t.text for t in run)
                if hit is None or self.skeleton(name) not in hit.skeleton:
                    body = hit.entity if hit is not None else None
                    country = body.country if body is not None else self._country(fold(" ".join(t.text for t in tokens)))
                    title = ", ".join(titles)
                    return ClaimantInfo(slug(self.skeleton(name)), name, "person", country,
                                        title[:1].upper() + title[1:] or None, body)
            where, i = ("name" if run else "word"), max(end, i + 1)
        return None

    def _name_run(self, tokens: list[_Token], i: int) -> int:
        """The end of the run of capitalised words (with particles such as "al-", "bin") from ``i``."""
        end = i
        while end < len(tokens):
            word = tokens[end]
            if end > i and (word.after_comma or self._title_at(tokens, end)):
                break
            particle = end > i and word.folded.split("-")[0] in self._particles and (
                "-" in word.folded or (end + 1 < len(tokens) and tokens[end + 1].text[:1].isupper()))
            if not (word.text[:1].isupper() or particle):
                break
            end += 1
        return end

    def _is_name(self, run: list[_Token]) -> bool:
        """Capitalised words that are no body's name, place or people ("Ukrainian Navy" is not a person)."""
        words = [w for t in run for w in t.folded.replace("-", " ").split()]
        if any(w in self._bodies or w in self._no_one for w in words):
            return False
        text = " ".join(words)
        if any(p.search(text) for patterns in self._kinds.values() for p in patterns):
            return False
        return self._country(text) is None

    def _display(self, written: str, tokens: list[_Token]) -> str:
        """The name as written, without the determiners and report words before it ("le dernier bilan de …")."""
        cleaned = _SPACES.sub(" ", written.translate(_TYPOGRAPHY)).strip(" .,;:!?\"«»()[]")
        first = next((t for t in tokens if not self._ignorable(t.folded)), None)
        if first is not None:
            at = cleaned.find(first.text)
            if at > 0:
                cleaned = cleaned[at:]
        return cleaned[:1].upper() + cleaned[1:] if cleaned else cleaned

    def _kind(self, folded: str) -> str:
        for kind in _GUESSED_KINDS:
            if any(p.search(folded) for p in self._kinds.get(kind, ())):
                return kind
        return "other"

    def _country(self, folded: str) -> str | None:
        for code, patterns in self._countries.items():
            if any(p.search(folded) for p in patterns):
                return code
        return None


def _whole(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(pattern) + r"(?![\w-])")


@lru_cache(maxsize=1)
def default_index() -> ClaimantIndex:
    """The index built from the bundled ``data/claimants.json`` (read once)."""
    raw = resources.files("decompte").joinpath("data/claimants.json").read_text(encoding="utf-8")
    return ClaimantIndex(json.loads(raw))


@lru_cache(maxsize=8192)
def resolve(written: str | None) -> ClaimantInfo | None:
    """The claimant entity behind a name as written, with the bundled index."""
    return default_index().resolve(written)


@lru_cache(maxsize=8192)
def known(written: str) -> ClaimantInfo | None:
    """The bundled registry's claimant for this name, only if it is a known alias."""
    return default_index().known(written)


def kind_label(kind: str | None) -> str:
    """How a kind is shown to people ("un" → "UN")."""
    if kind is None:
        return ""
    return default_index().kind_labels.get(kind, kind.replace("_", " "))
