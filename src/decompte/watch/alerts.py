"""Alerts: what a new feed entry's figures say that someone should hear about, and where it goes.

A *rule* looks at one new entry (``NewItem``: the article, each claim with its verdict, the
ledger before the entry is stored) and returns ``Alert`` objects. ``DEFAULT_RULES`` hold the
five this module knows, one per kind of ``ALERT_KINDS``:

- ``inconsistent``: a figure the reference series contradicts;
- ``unsourced``: a figure of a tracked metric (one some reference series counts) that the
  text asserts with no source (read from ``Claim.provenance``);
- ``contest``, ``revision_down``, ``jump``: a figure compared with those already in the
  ledger (``NewItem.store`` is the ledger as it was before the entry, so "earlier figures"
  are the ones there), by the rules ``decompte.verify.contests`` and
  ``decompte.verify.revisions`` apply to the whole ledger: once the entry is stored,
  ``decompte ledger contested`` / ``revisions`` show the same. Each such alert names the
  stored figure in ``details["earlier"]`` (value, date, bounds, claim id, document URL).
  A claim with no known claimant is compared with nothing, as in those modules.

A rule is a function ``NewItem → Iterable[Alert]``; ``WatchOptions(rules=…)`` takes
the tuple to run.

A *sink* delivers one alert as a JSON object: ``JsonlSink`` writes one line to a stream,
``WebhookSink`` POSTs it, with a timeout, the HTTP library's connect retries and the same
address rules as ingest (``ingest.fetch.new_client``). A sink that fails raises
``AlertNotSent``; the alert stays pending in the ledger and is sent by the next poll, so an
alert is delivered at least once (its ``id`` lets a receiver drop a repeat).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from decompte.errors import AlertNotSent
from decompte.ledger.compare import FigureRow, figure_rows, unstored_row, usual_starts
from decompte.model import Article
from decompte.settings import DEFAULT_LIMITS, WEBHOOK_RETRIES, Limits
from decompte.verify.bounds import Interval
from decompte.verify.contests import contested_by, figure_bounds
from decompte.verify.revisions import DailyRate, RevisionKind, figure_dict, max_daily_increase, revision_of_new

if TYPE_CHECKING:
    import httpx

    from decompte.ingest.network import Resolver
    from decompte.ledger.store import Store
    from decompte.verify.registry import Registry
    from decompte.verify.run import Checked

#: Every kind of alert, in the order of ``DEFAULT_RULES``.
ALERT_KINDS = ("inconsistent", "unsourced", "contest", "revision_down", "jump")


@dataclass(frozen=True)
class Alert:
    """One thing to tell: its kind, a sentence, and the figure, verdict and document behind it."""

    kind: str
    message: str
    claim: dict[str, Any]
    verdict: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class NewItem:
    """What a rule sees: one article just read from a feed, its claims checked, before it is stored."""

    feed: str
    article: Article
    checked: list[Checked]
    tracked: frozenset[str]
    """Metrics some reference series counts."""
    store: Store | None = None
    registry: Registry | None = None
    """The reference series jumps are measured against (``None``: no ``jump`` alerts)."""

    @cached_property
    def compared(self) -> list[Compared]:
        """Each new claim with a known claimant beside the stored figures of its metric, read
        once for all the rules (the ledger does not change while they run)."""
        return list(_compared(self))


AlertRule = Callable[[NewItem], Iterable[Alert]]


def inconsistent_figures(item: NewItem) -> Iterator[Alert]:
    """A figure the reference series of its claimant contradicts."""
    for checked in item.checked:
        if checked.verdict.status == "inconsistent":
            yield Alert("inconsistent", checked.verdict.reason, checked.claim.to_dict(), checked.verdict.to_dict())


def unsourced_figures(item: NewItem) -> Iterator[Alert]:
    """A figure of a tracked metric asserted with no source (when claims carry a ``provenance``)."""
    for checked in item.checked:
        claim = checked.claim
        if getattr(claim, "provenance", None) == "unsourced" and claim.metric in item.tracked:
            message = f"« {claim.quote} » is asserted with no source, on {claim.metric}, which reference series count."
            yield Alert("unsourced", message, claim.to_dict(), checked.verdict.to_dict())


@dataclass(frozen=True)
class Compared:
    """A new claim as the figure it will be, beside the stored figures of its metric."""

    checked: Checked
    row: FigureRow
    stored: list[FigureRow]
    starts: dict[str, date]


def _compared(item: NewItem) -> Iterator[Compared]:
    """Each new claim with a known claimant, with what the ledger held before the entry."""
    if item.store is None:
        return
    pending = [(c, row) for c in item.checked if (row := unstored_row(c.claim, item.article)) is not None]
    metrics = sorted({row.metric for _, row in pending})
    if not metrics:
        return
    starts = usual_starts(item.store, metric=metrics)
    stored = {metric: figure_rows(item.store, metric=metric) for metric in metrics}
    for checked, row in pending:
        yield Compared(checked, row, stored[row.metric], starts)


def _n(value: float) -> str:
    return f"{value:,.6g}".replace(",", " ")


def contested_figures(item: NewItem) -> Iterator[Alert]:
    """A new figure that a stored figure of another party cannot hold with (``verify.contests``):
    one alert per party contradicted, naming its figure nearest in date."""
    for new in item.compared:
        row, claim = new.row, new.checked.claim
        own = figure_bounds(row)
        if own is None or row.as_of is None:
            continue
        day = row.as_of
        nearest: dict[str, tuple[FigureRow, Interval]] = {}
        found = contested_by(row, new.stored, starts=new.starts)
        for other, interval in sorted(found, key=lambda f: (abs(((f[0].as_of or day) - day).days), f[0].figure_id)):
            nearest.setdefault(other.party, (other, interval))
        for other, interval in nearest.values():
            message = (f"« {claim.quote} »: {row.claimant} gives {_n(row.value)} ({row.qualifier}) as of {day}; "
                       f"{other.claimant} gave {_n(other.value)} ({other.qualifier}) as of {other.as_of} "
                       f"(claim {other.claim_id}, {other.url}): no count lies in both {own.describe()} "
                       f"and {interval.describe()}.")
            details = {"metric": row.metric, "claimant": row.claimant, "party": row.party,
                       "earlier": figure_dict(other, interval)}
            yield Alert("contest", message, claim.to_dict(), new.checked.verdict.to_dict(), details)


def _revision_alerts(item: NewItem, kind: RevisionKind) -> Iterator[Alert]:
    """A new figure's flag against its party's stored figures of the previous date (``verify.revisions``)."""
    rates: dict[str, DailyRate | None] = {}
    for new in item.compared:
        metric = new.row.metric
        if kind == "jump" and metric not in rates:
            rates[metric] = max_daily_increase(item.registry, metric) if item.registry is not None else None
        flag = revision_of_new(new.row, new.stored, rates.get(metric), starts=new.starts)
        if flag is not None and flag.kind == kind:
            details = {k: v for k, v in flag.to_dict().items() if k not in ("kind", "reason", "figure")}
            message = f"« {new.checked.claim.quote} »: {flag.reason}"
            yield Alert(kind, message, new.checked.claim.to_dict(), new.checked.verdict.to_dict(), details)


def revised_down_figures(item: NewItem) -> Iterator[Alert]:
    """A new running total below everything its party gave on the previous date it gave one."""
    return _revision_alerts(item, "revision_down")


def jumping_figures(item: NewItem) -> Iterator[Alert]:
    """A new running total that rose from its party's previous one faster than the reference
    series ever did × ``JUMP_FACTOR`` (needs ``NewItem.registry``)."""
    return _revision_alerts(item, "jump")


DEFAULT_RULES: tuple[AlertRule, ...] = (
    inconsistent_figures, unsourced_figures, contested_figures, revised_down_figures, jumping_figures,
)


def alerts_for(item: NewItem, rules: Iterable[AlertRule] = DEFAULT_RULES) -> list[dict[str, Any]]:
    """Every rule's alerts for one entry, as the JSON objects a sink sends (feed and document added)."""
    document = {"url": item.article.url or item.article.id, "title": item.article.title,
                "published": item.article.published.isoformat() if item.article.published else None}
    return [{**alert.to_dict(), "feed": item.feed, "document": document} for rule in rules for alert in rule(item)]


class AlertSink(Protocol):
    """Where alerts go; ``send`` raises ``AlertNotSent`` when this one could not be delivered."""

    def send(self, alert: dict[str, Any]) -> None: ...


class JsonlSink:
    """One JSON object per line on a stream (standard output for ``--alert jsonl``)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def send(self, alert: dict[str, Any]) -> None:
        try:
            self.stream.write(json.dumps(alert, ensure_ascii=False, default=str) + "\n")
            self.stream.flush()
        except OSError as exc:
            raise AlertNotSent(f"cannot write the alert: {exc.strerror or exc}") from exc


class WebhookSink:
    """POSTs each alert as JSON to a URL; any answer but 2xx, or no answer in time, is a failure."""

    def __init__(self, url: str, limits: Limits = DEFAULT_LIMITS, *, client: httpx.Client | None = None,
                 resolver: Resolver | None = None, allowed: Callable[[str], bool] | None = None) -> None:
        from decompte.ingest.fetch import new_client
        from decompte.ingest.network import system_resolver

        check_webhook_url(url, limits)
        self.url = url
        self.limits = limits
        self.client = client or new_client(limits, resolver or system_resolver, allowed, retries=WEBHOOK_RETRIES)

    def send(self, alert: dict[str, Any]) -> None:
        import httpx

        from decompte.ingest.network import BlockedAddress, deadline

        body = json.dumps(alert, ensure_ascii=False, default=str).encode("utf-8")
        try:
            with deadline(self.limits.total_timeout):
                response = self.client.post(self.url, content=body, headers={"Content-Type": "application/json"})
        except BlockedAddress as exc:
            raise AlertNotSent(f"webhook {self.url}: {exc}") from None
        except httpx.HTTPError as exc:
            raise AlertNotSent(f"webhook {self.url}: {exc.__class__.__name__}: {exc}") from exc
        if not response.is_success:
            raise AlertNotSent(f"webhook {self.url}: HTTP {response.status_code}")

    def close(self) -> None:
        self.client.close()


def check_webhook_url(url: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a webhook address that is not an http(s) URL with a host, before anything is polled."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() not in limits.allowed_schemes or not parts.hostname:
        raise AlertNotSent(f"webhook {url!r}: not an http(s) URL with a host")
