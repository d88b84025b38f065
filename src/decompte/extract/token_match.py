"""The same answers as a tokenizer's huge ``token_match`` regex, compiled only where a word needs it.

spaCy's French tokenizer keeps whole the words that match one of 266 anchored patterns
(« porte-monnaie », « entr'ouvrir », « Saint-Jean-de-Luz »). They are joined into one regex
of 1.4 million characters: ``(?iu)(?:^…$)|(?:^…$)|…``. Python compiles it in 3–4 s (each
of its ~1 700 copies of a large letter class is case-folded one by one), paid by every
process that loads French — more than extracting a hundred articles. ``LazyAlternation``
gives the same answer as that regex for every string while compiling only the few
alternatives a text's words can reach:

- every alternative needs a hyphen or an apostrophe after a short *head* made of plain
  letters (« porte », « r?é?entr », « (?:re)?doubles? »), so a word with neither matches
  none of them, and a word's head is what comes before its first hyphen or apostrophe;
- an alternative is compiled, on its own, the first time a word's head matches its head
  regex; alternatives whose head is not plain letters (« [A]+- », any letter) form one group,
  compiled the first time a word has a hyphen or an apostrophe.

A pattern of any other shape is compiled as it is (``compile_lazily`` returns ``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

JOINER = ")|(?:"
PREFIX = "(?iu)(?:"
MIN_LENGTH = 100_000
"""Patterns shorter than this compile fast enough as they are."""
HEAD_SYNTAX = frozenset(" []()?:|")
"""What a plain head may hold besides letters: the syntax of « [ée] », « (?:re)? », « s? »."""
MAX_SEPARATORS = 8
"""A separator class is a few punctuation marks: hyphens and dashes, or apostrophes."""
MAX_KEYS = 50_000
"""Heads remembered with their candidate alternatives; past this the cache starts afresh."""


class LazyAlternation:
    """A stand-in for ``re.compile(pattern)`` whose ``match`` is truthy exactly where the pattern's is.

    ``pattern`` keeps the original text, so a tokenizer serialises it unchanged."""

    def __init__(self, pattern: str, alternatives: list[tuple[str, str | None]], separators: str) -> None:
        self.pattern = pattern
        self.flags = 0
        self._separators = _ORIGINAL_COMPILE(f"[{re.escape(separators)}]")
        self._alternatives = [alternative for alternative, _ in alternatives]
        self._compiled: dict[int, re.Pattern[str]] = {}
        self._heads = [(i, _ORIGINAL_COMPILE(f"(?iu)(?:{head})")) for i, (_, head) in enumerate(alternatives) if head]
        self._headless = [i for i, (_, head) in enumerate(alternatives) if not head]
        self._headless_re: re.Pattern[str] | None = None
        self._candidates: dict[str, tuple[int, ...]] = {}

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        if pos or endpos is not None:
            whole: re.Pattern[str] = _ORIGINAL_COMPILE(self.pattern)
            return whole.match(string, pos, len(string) if endpos is None else endpos)
        cut = self._separators.search(string)
        if cut is None:
            return None  # every alternative needs a hyphen or an apostrophe
        for index in self._candidates_for(string[:cut.start()]):
            found = self._alternative(index).match(string)
            if found:
                return found
        return self._headless_group().match(string) if self._headless else None

    def _candidates_for(self, head: str) -> tuple[int, ...]:
        known = self._candidates.get(head)
        if known is None:
            if len(self._candidates) >= MAX_KEYS:
                self._candidates.clear()
            known = tuple(index for index, head_re in self._heads if head_re.fullmatch(head))
            self._candidates[head] = known
        return known

    def _alternative(self, index: int) -> re.Pattern[str]:
        compiled = self._compiled.get(index)
        if compiled is None:
            compiled = self._compiled[index] = _ORIGINAL_COMPILE(f"{PREFIX}{self._alternatives[index]})")
        return compiled

    def _headless_group(self) -> re.Pattern[str]:
        if self._headless_re is None:
            joined = JOINER.join(self._alternatives[i] for i in self._headless)
            self._headless_re = _ORIGINAL_COMPILE(f"{PREFIX}{joined})")
        return self._headless_re

    @property
    def compiled_alternatives(self) -> int:
        """How many alternatives have been compiled so far (the headless group counts as its size)."""
        return len(self._compiled) + (len(self._headless) if self._headless_re is not None else 0)


_PIECES = re.compile(r"\[(?:\\.|[^\]\\])*\]|\\.|[()|?*+{]|[^\[()|?*+{\\]+", re.DOTALL)
"""A regex's pieces: a character class, an escape, one piece of syntax, or a run of literals."""


def required_separator(alternative: str) -> tuple[int, str] | None:
    """Where the alternative's first separator class starts, and its characters, if every match
    needs it. A separator class holds punctuation only (« [-–—] », « ['’] »); it stands outside
    any group, no quantifier follows it and no ``|`` comes before it."""
    depth = 0
    pieces = [(m.start(), m.group()) for m in _PIECES.finditer(alternative)]
    for n, (at, piece) in enumerate(pieces):
        if piece == "(":
            depth += 1
        elif piece == ")":
            depth -= 1
        elif piece == "|" and depth == 0:
            return None
        elif depth == 0 and _is_separator_class(piece):
            following = pieces[n + 1][1] if n + 1 < len(pieces) else ""
            if following not in ("?", "*", "{"):
                return at, piece[1:-1]
    return None


def _is_separator_class(piece: str) -> bool:
    inside = piece[1:-1]
    return (piece.startswith("[") and piece.endswith("]") and 0 < len(inside) <= MAX_SEPARATORS
            and not inside.startswith("^") and "\\" not in inside
            and not any(ch.isalnum() or ch.isspace() or ch == "_" for ch in inside))


def plain_head(head: str, separators: str) -> str | None:
    """The head if it can only match letters and spaces (« porte », « [ée]co », « (?:re)?doubles? »)."""
    if not head or any(not (ch.isalpha() or ch in HEAD_SYNTAX) or ch in separators for ch in head):
        return None
    return head


def compile_lazily(pattern: str) -> LazyAlternation | None:
    """A ``LazyAlternation`` for a long ``(?iu)(?:^…$)|(?:^…$)…`` pattern each of whose
    alternatives needs a separator class; ``None`` for any other pattern. Loading a pipeline
    compiles its tokenizer's pattern several times: it is read once, and the stand-in shared."""
    if len(pattern) < MIN_LENGTH or not pattern.startswith(PREFIX) or not pattern.endswith(")"):
        return None  # checked before the cache, so the many short patterns cannot evict a long one
    return read_alternation(pattern)


@lru_cache(maxsize=4)
def read_alternation(pattern: str) -> LazyAlternation | None:
    """The stand-in for one long pattern, read once per process."""
    found: list[tuple[str, int, str]] = []
    for alternative in pattern[len(PREFIX):-1].split(JOINER):
        if not (alternative.startswith("^") and alternative.endswith("$")):
            return None
        required = required_separator(alternative)
        if required is None:
            return None
        found.append((alternative, *required))
    separators = "".join(dict.fromkeys("".join(chars for _, _, chars in found)))
    parsed = [(alternative, plain_head(alternative[1:at], separators)) for alternative, at, _ in found]
    return LazyAlternation(pattern, parsed, separators)


_ORIGINAL_COMPILE: Callable[..., Any] = re.compile


@contextmanager
def lazy_token_match() -> Iterator[None]:
    """While loading a pipeline, ``re.compile`` of a huge token-match pattern gives a ``LazyAlternation``."""
    def compile_(pattern: Any, flags: int = 0) -> Any:
        if flags == 0 and isinstance(pattern, str):
            lazy = compile_lazily(pattern)
            if lazy is not None:
                return lazy
        return _ORIGINAL_COMPILE(pattern, flags)

    re.compile = compile_
    try:
        yield
    finally:
        re.compile = _ORIGINAL_COMPILE
