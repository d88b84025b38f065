"""Named strategies: how the extractor decides a field, and how a claim says why.

Each field of a claim (side, claimant, event, counted) is decided by an ordered list of
small functions. Each looks at one kind of evidence — the figure's own noun phrase first,
then its clause, the sentence, the report it continues, and the document last — and
returns a ``Decision`` (the value, the strategy's name and the words it used) or ``None``
when its evidence is absent. The first decision wins; the claim keeps it in ``evidence``,
so that a reader can ask any claim why it says "RU".

Strategies in ``WEAK`` decide from document-wide defaults rather than from words about the
figure: a claim decided by one of them has a lower ``confidence``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

Query = TypeVar("Query")

# Strategies that guess from the document rather than read the figure's own words.
WEAK = frozenset({"document_side", "document_location", "document_topic", "same_class_before", "default_person",
                  "no_event_word", "speaker_enemy_losses", "recent_people"})


@dataclass(frozen=True)
class Decision:
    """A field's value, the strategy that decided it and the words of the text it used."""

    value: str | None
    strategy: str
    words: str = ""

    def as_evidence(self) -> dict[str, str]:
        return {"strategy": self.strategy, "words": self.words}

    @property
    def weak(self) -> bool:
        return self.strategy in WEAK


Strategy = Callable[[Query], Decision | None]


@dataclass(frozen=True)
class StrategyList(Generic[Query]):
    """An ordered list of named strategies for one field; ``decide`` returns the first decision."""

    field: str
    strategies: tuple[tuple[str, Strategy[Query]], ...]

    @classmethod
    def of(cls, field: str, named: Iterable[tuple[str, Strategy[Query]]]) -> StrategyList[Query]:
        return cls(field, tuple(named))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.strategies]

    def decide(self, query: Query, fallback: Decision) -> Decision:
        for name, strategy in self.strategies:
            decision = strategy(query)
            if decision is not None:
                return decision if decision.strategy else Decision(decision.value, name, decision.words)
        return fallback


def decided(value: str | None, words: str = "") -> Decision | None:
    """A strategy's answer: a decision when it found a value, else ``None`` (the next one is tried)."""
    return Decision(value, "", words) if value else None
