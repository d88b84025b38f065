"""Language packs: one folder of data files per language, loaded by one engine.

A pack is a folder holding ``pack.yaml`` (code, spaCy pipeline, decimal separator)
and the same data files in every language: ``numbers.yaml``, ``qualifiers.yaml``,
``counted.yaml``, ``events.yaml``, ``sides.yaml``, ``attribution.yaml``, ``periods.yaml``,
``sentences.yaml`` and ``provenance.yaml``. Packs ship in ``decompte/extract/data/<code>/``; more are found in
the folders listed in ``DECOMPTE_PACKS`` (``os.pathsep``-separated), so a language is
added without touching Python. Knowledge shared by every language (places, conflicts)
lives in ``data/common/``; known claimants are shared by every stage in
``decompte/data/claimants.json``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from decompte.errors import UnknownLanguage
from decompte.extract.numbers import NumberLexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA_DIR = Path(__file__).parent / "data"
PACK_FILES = ("numbers", "qualifiers", "counted", "events", "sides", "attribution", "periods", "sentences",
              "provenance")

#: Every key of every pack file (``pack`` is ``pack.yaml``): a pack with a key missing or one not
#: listed here is refused by name, so a misspelt key never silently leaves a list empty.
PACK_SCHEMA: dict[str, frozenset[str]] = {
    "pack": frozenset({"code", "name", "version", "pipeline", "decimal_separator", "keep_whole", "deps"}),
    "numbers": frozenset({"words", "joiners", "articles", "scales", "approx_nouns", "vague_determiners", "vague_nouns",
                          "vague_joiner", "vague_needs_determiner", "months", "weekdays", "duration_units", "duration_adjectives",
                          "measure_units", "percent_words", "ordinal_suffixes", "ordinal_word_suffix",
                          "year_prepositions", "year_nouns", "age_prefixes", "fractions"}),
    "qualifiers": frozenset({"before", "not_before", "ambiguous_preference", "after", "range_openers", "range_joiners",
                             "list_joiners", "list_additions", "list_links", "before_articles", "thresholds"}),
    "counted": frozenset({"nouns", "event_nouns", "anaphoric", "military_context", "measure_nouns", "containers",
                          "not_counted", "civilian_context", "battle_phrases", "value_links", "measure_pronouns", "label_nouns", "hypothetical_cues", "subset_markers",
                          "partitive_links", "noun_links", "link_articles", "part_of_whole", "owned_losses", "victim_nouns",
                          "proportion_links", "copulas"}),
    "events": frozenset({"triggers", "loss_for_equipment", "owner_is_subject", "release_verbs", "enemy_is_subject",
                         "captor_verbs", "result_verbs", "names_not_events"}),
    "sides": frozenset({"demonyms", "enemy", "location_prepositions", "agent_prepositions", "time_prepositions", "direction_prepositions",
                        "owner_prepositions", "place_nouns", "attack_words", "own_markers", "admission_verbs",
                        "place_entities", "attack_nouns", "own_death_verbs",
                        "both_sides_phrases", "maker_words", "homecoming_verbs",
                        "expeller_verbs"}),
    "attribution": frozenset({"source_prepositions", "speech_verbs", "demonstratives", "report_nouns", "pronouns",
                              "infinitive_endings", "verb_endings", "same_source", "possessives", "relative_pronouns",
                              "quotes", "time_words", "definite_articles", "auxiliaries", "continuation_cues", "seat_metonyms",
                              "inverted_speech_verbs", "source_end_marks", "source_end_conjunctions",
                              "source_end_relatives", "name_trim", "subject_start_marks", "speaker_after_marks",
                              "resumed_speech_marks", "agent_markers", "negations", "pronoun_hyphen_marks",
                              "non_agent_openers", "non_agent_words", "continuation_verbs", "retro_cues",
                              "breakdown_verbs", "report_adverbs"}),
    "periods": frozenset({"patterns", "day_suffixes"}),
    "sentences": frozenset({"abbreviations", "closers", "openers"}),
    "provenance": frozenset({"relay_cues_source_after", "relay_cues_relay_after", "derived_cues", "share_cues",
                             "share_separators", "average_cues", "increment_words", "total_words"}),
}
#: Keys a pack may leave out: ``text2num`` defaults to the pack's code.
OPTIONAL_KEYS: dict[str, frozenset[str]] = {"pack": frozenset({"text2num"})}
#: The roles of ``deps`` in ``pack.yaml``; each maps to the labels the pack's parser gives it.
DEP_ROLES = frozenset({"nominal_subject", "active_subject", "agent", "agent_object", "core_argument", "inverted_speaker",
                       "chained_verb", "noun_clause", "participle_clause", "relative_clause", "clausal",
                       "complement_clause", "punctuation", "adjective_modifier", "modifier", "report_author",
                       "name_part", "case_marker", "preposition", "determiner", "negation", "verb_part", "particle",
                       "conjunct", "sentence_root", "number_modifier", "direct_object"})


def _fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


# One character in, one character out: offsets in folded text are offsets in the original.
_FOLD_TABLE = {code: _fold_char(chr(code)) for code in range(0x80, 0x250)}
_FOLD_TABLE.update({ord("’"): "'", ord("‘"): "'", 0x00A0: " ", 0x202F: " ", 0x2009: " ", ord("ʼ"): "'"})


def fold(text: str) -> str:
    """Lower-case, accents removed, apostrophes and spaces made plain: the key for look-ups.

    Keeps the length of the text, so offsets found in the folded text index the original.
    """
    if len(text) <= SHORT_TEXT:
        return _fold_word(text)
    return _fold(text)


SHORT_TEXT = 40
"""Words and short phrases are folded once each (the rules fold the same words thousands of times)."""


@lru_cache(maxsize=1 << 16)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lower-cases to two characters
        lowered = "".join(c.lower()[:1] for c in text)
    return lowered.translate(_FOLD_TABLE)


class _DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.1 reads "on", "no", "yes" as booleans; in word lists they are words.

    libyaml's parser where PyYAML has it: the packs load ten times faster, into the same data."""


_DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_DataLoader) or {}


def _quoted(keys: set[str]) -> str:
    return ", ".join(f"'{k}'" for k in sorted(keys))


def _key_errors(found: set[str], expected: frozenset[str], optional: frozenset[str], what: str = "key") -> list[str]:
    errors = []
    for problem, keys in (("unknown", found - expected - optional), ("missing", set(expected - found))):
        if keys:
            errors.append(f"{problem} {what}{'s' if len(keys) > 1 else ''} {_quoted(keys)}")
    return errors


def check_schema(code: str, files: dict[str, Any]) -> None:
    """Refuse a pack whose files (``{"pack": meta, "numbers": …}``) do not have exactly the keys of
    ``PACK_SCHEMA``, naming the pack, the file and the key: ``pack fr: attribution.yaml: unknown key 'x'``."""
    for name, expected in PACK_SCHEMA.items():
        data = files.get(name)
        if not isinstance(data, dict):
            raise UnknownLanguage(f"pack {code}: {name}.yaml: not a mapping of keys")
        errors = _key_errors(set(data), expected, OPTIONAL_KEYS.get(name, frozenset()))
        if errors:
            raise UnknownLanguage(f"pack {code}: {name}.yaml: {'; '.join(errors)}")
    deps = files["pack"]["deps"]
    if not isinstance(deps, dict):
        raise UnknownLanguage(f"pack {code}: pack.yaml: deps: not a mapping of roles to labels")
    errors = _key_errors(set(deps), DEP_ROLES, frozenset(), "role")
    errors += [f"role '{role}' is not a list of labels" for role, labels in deps.items()
               if labels is not None and not isinstance(labels, list)]
    if errors:
        raise UnknownLanguage(f"pack {code}: pack.yaml: deps: {'; '.join(errors)}")


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    """``{class: [words]}`` → ``{folded word: class}``; the first class listing a word keeps it."""
    index: dict[str, str] = {}
    for label, words in (groups or {}).items():
        for word in words or []:
            index.setdefault(fold(str(word)), label)
    return index


class Deps:
    """A pack's dependency labels by the role the extractor reads them in (``deps`` in ``pack.yaml``).

    The parser of each pipeline has its own label scheme (Universal Dependencies in French,
    ClearNLP in English); the code asks for a role ("agent", "relative_clause"), never a label.
    """

    def __init__(self, roles: dict[str, frozenset[str]]) -> None:
        self._roles = dict(roles)
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}

    @classmethod
    def from_dict(cls, data: dict[str, list[str]]) -> Deps:
        return cls({role: frozenset(str(label) for label in labels or []) for role, labels in data.items()})

    @property
    def roles(self) -> list[str]:
        return list(self._roles)

    def labels(self, *roles: str) -> frozenset[str]:
        """The labels of one role, or of several together."""
        if len(roles) == 1:
            return self._roles[roles[0]]
        if roles not in self._unions:
            self._unions[roles] = frozenset().union(*(self._roles[role] for role in roles))
        return self._unions[roles]

    def is_(self, token: Token, *roles: str) -> bool:
        """Whether the token's arc to its head has one of the roles."""
        return token.dep_ in self.labels(*roles)


@dataclass(frozen=True)
class Conflict:
    id: str
    name: str
    start: date
    parties: tuple[str, ...]
    keywords: tuple[str, ...]
    # folded actor name ("hamas", "forces de soutien rapide") → party code; left out of hashing
    actors: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(eq=False)
class LanguagePack:
    """Everything one language knows, as plain data with look-up indexes built once."""

    code: str
    name: str
    version: str
    pipeline: str
    path: Path
    numbers: NumberLexicon
    qualifiers: dict[str, Any]
    counted: dict[str, Any]
    events: dict[str, Any]
    sides: dict[str, Any]
    attribution: dict[str, Any]
    periods: dict[str, Any]
    sentences: dict[str, Any]
    deps: Deps = field(default_factory=lambda: Deps({}))
    provenance: dict[str, Any] = field(default_factory=dict)
    counted_index: dict[str, str] = field(default_factory=dict)
    counted_max_words: int = 1
    event_noun_index: dict[str, str] = field(default_factory=dict)
    event_index: dict[str, str] = field(default_factory=dict)
    demonym_index: dict[str, str] = field(default_factory=dict)
    speech_verbs: frozenset[str] = frozenset()
    keep_whole: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.counted_index = _invert(self.counted.get("nouns", {}))
        self.counted_max_words = max((len(k.split()) for k in self.counted_index), default=1)
        self.event_noun_index = _invert(self.counted.get("event_nouns", {}))
        self.event_index = _invert(self.events.get("triggers", {}))
        self.demonym_index = _invert(self.sides.get("demonyms", {}))
        for word, party in actor_demonyms().items():
            self.demonym_index.setdefault(word, party)  # the pack's own demonyms win
        self.speech_verbs = frozenset(fold(v) for v in self.attribution.get("speech_verbs", []))

    @classmethod
    def load(cls, path: Path) -> LanguagePack:
        meta = _load_yaml(path / "pack.yaml")
        missing = [name for name in PACK_FILES if not (path / f"{name}.yaml").exists()]
        if missing or "code" not in meta:
            raise UnknownLanguage(f"language pack {path} is incomplete: missing {', '.join(missing) or 'code'}")
        data = {name: _load_yaml(path / f"{name}.yaml") for name in PACK_FILES}
        check_schema(str(meta["code"]), {"pack": meta, **data})
        decimal = str(meta.get("decimal_separator", ","))
        numbers = NumberLexicon.from_dict(meta["code"], data.pop("numbers"), decimal_separator=decimal)
        numbers.text2num_lang = meta.get("text2num", meta["code"])
        return cls(
            code=meta["code"], name=meta.get("name", meta["code"]), version=str(meta.get("version", "0")),
            pipeline=meta.get("pipeline", "blank"), path=path, numbers=numbers,
            keep_whole=tuple(w for w in meta.get("keep_whole", []) if " " not in w),
            deps=Deps.from_dict(meta.get("deps") or {}), **data,
        )


def pack_dirs() -> list[Path]:
    """Folders searched for packs: the user's ``DECOMPTE_PACKS`` first, then the bundled ones."""
    extra = [Path(p) for p in os.environ.get("DECOMPTE_PACKS", "").split(os.pathsep) if p]
    return [*extra, DATA_DIR]


def _find_pack(code: str) -> Path | None:
    for folder in pack_dirs():
        for candidate in (folder / code, folder):
            if (candidate / "pack.yaml").exists() and _load_yaml(candidate / "pack.yaml").get("code") == code:
                return candidate
    return None


def available_languages() -> list[str]:
    """Codes of every installed pack, bundled or found through ``DECOMPTE_PACKS``."""
    codes: set[str] = set()
    for folder in pack_dirs():
        if not folder.is_dir():
            continue
        for meta in [folder / "pack.yaml", *folder.glob("*/pack.yaml")]:
            if meta.exists():
                code = _load_yaml(meta).get("code")
                if code:
                    codes.add(code)
    return sorted(codes)


def describe_packs() -> list[dict[str, Any]]:
    """Each installed pack: code, name, version, spaCy pipeline, whether that pipeline is installed, folder."""
    from importlib.util import find_spec

    described = []
    for code in available_languages():
        pack = load_pack(code)
        installed = pack.pipeline.startswith("blank:") or find_spec(pack.pipeline) is not None
        described.append({"code": code, "name": pack.name, "version": pack.version, "pipeline": pack.pipeline,
                          "pipeline_installed": installed, "path": str(pack.path)})
    return described


@cache
def load_pack(code: str) -> LanguagePack:
    """The pack for ``code``; ``UnknownLanguage`` names the language when there is none."""
    path = _find_pack(code)
    if path is None:
        known = ", ".join(available_languages()) or "none"
        raise UnknownLanguage(f"no language pack for '{code}' (installed: {known})")
    return LanguagePack.load(path)


@cache
def places() -> dict[str, str]:
    """Folded place name → ISO country code."""
    return _invert(_load_yaml(DATA_DIR / "common" / "places.yaml"))


@cache
def conflicts() -> tuple[Conflict, ...]:
    rows = _load_yaml(DATA_DIR / "common" / "conflicts.yaml")
    return tuple(
        Conflict(r["id"], r["name"], r["start"] if isinstance(r["start"], date) else date.fromisoformat(r["start"]),
                 tuple(r.get("parties", [])), tuple(str(k) for k in r.get("keywords", [])),
                 {fold(str(name)): str(party) for name, party in (r.get("actors") or {}).items()})
        for r in rows
    )


@cache
def actor_demonyms() -> dict[str, str]:
    """One-word actors of every conflict ("hamas" → PS, "m23" → CD), usable as demonyms; a word
    two conflicts give to different parties ("wagner": RU in Ukraine, ML in Mali) is left out."""
    parties: dict[str, set[str]] = {}
    for conflict in conflicts():
        for name, party in conflict.actors.items():
            if " " not in name:
                parties.setdefault(name, set()).add(party)
    return {name: next(iter(found)) for name, found in parties.items() if len(found) == 1}
