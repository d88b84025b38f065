"""The types that pass between stages: ``Article`` → ``Claim`` → ``Verdict``.

``Claim`` is the schema of ``GUIDELINES.md`` (one JSON object per figure), plus
``confidence``, the normalised claimant and the ``metric`` key. Every stage —
extraction, the ledger, verification, the web API — reads and writes this one type.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, Literal

Qualifier = Literal[
    "exact", "about", "nearly", "more_than", "at_least", "less_than", "at_most", "range", "vague"
]
QUALIFIERS: tuple[str, ...] = Qualifier.__args__  # type: ignore[attr-defined]

COUNTED: tuple[str, ...] = (
    "soldier", "civilian", "child", "person", "tank", "armoured_vehicle", "artillery", "mlrs",
    "air_defence", "aircraft", "helicopter", "drone", "ship", "vehicle", "missile", "other",
)
EVENTS: tuple[str, ...] = (
    "killed", "wounded", "killed_or_wounded", "captured", "missing", "lost", "destroyed",
    "damaged", "deployed", "gathered", "displaced", "evacuated", "detained", "other",
)
#: Where a figure comes from (``Claim.provenance``): a named claimant, no source at all, the
#: article's own arithmetic, or a claimant relayed by another (``Claim.relay``).
Provenance = Literal["attributed", "unsourced", "derived", "relayed"]
PROVENANCES: tuple[str, ...] = Provenance.__args__  # type: ignore[attr-defined]
VerdictStatus = Literal["consistent", "inconsistent", "stale", "unknown"]


def _iso(value: date | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def _date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


@dataclass
class Article:
    """A document as ingested: its text and what is known about it."""

    id: str
    text: str
    lang: str | None = None
    published: date | None = None
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    source: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text with whitespace collapsed: the same article fetched twice hashes alike."""
        return hashlib.sha256(" ".join(self.text.split()).encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = _iso(self.published)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["published"] = _date(values.get("published"))
        return cls(**values)


@dataclass
class Claim:
    """One figure stated in a text, as specified in ``GUIDELINES.md``."""

    start: int
    end: int
    quote: str
    value: float
    qualifier: str = "exact"
    low: float | None = None
    high: float | None = None
    counted: str = "other"
    event: str = "other"
    side: str | None = None
    claimant: str | None = None
    claimant_short: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    sentence: str = ""
    confidence: float = 1.0
    doc: str | None = None
    lang: str | None = None
    # field → {"strategy": the rule that decided it, "words": the words of the text it used}
    evidence: dict[str, dict[str, str]] = field(default_factory=dict)
    # attributed / unsourced / derived / relayed (``PROVENANCES``); ``None`` when never decided
    provenance: str | None = None
    relay: str | None = None  # who relays the claimant's figure ("cité par Reuters"), as written

    @property
    def metric(self) -> str:
        """The figure's key in the ledger: ``side/counted/event`` (``XX`` for no side)."""
        return f"{self.side or 'XX'}/{self.counted}/{self.event}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period_start"] = _iso(self.period_start)
        data["period_end"] = _iso(self.period_end)
        data["metric"] = self.metric
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["period_start"] = _date(values.get("period_start"))
        values["period_end"] = _date(values.get("period_end"))
        return cls(**values)

    @classmethod
    def from_json(cls, line: str) -> Claim:
        return cls.from_dict(json.loads(line))


@dataclass
class Verdict:
    """How a claim compares with a reference series, and why."""

    status: VerdictStatus
    reason: str
    series: str | None = None
    reference_value: float | None = None
    reference_date: date | None = None
    details: dict[str, Any] = field(default_factory=dict)
    series_version: str | None = None
    """Which data of the series judged: the last day it covered then (ISO date), followed by
    `` (retrieved YYYY-MM-DD)`` for a copy installed by ``decompte reference update``."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reference_date"] = _iso(self.reference_date)
        return data
