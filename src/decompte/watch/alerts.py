"""Alerts: what a new feed entry's figures say that someone should hear about, and where it goes.

A *rule* looks at one new entry (``NewItem``: the article, each claim with its verdict, the
ledger before the entry is stored) and returns ``Alert`` objects. ``DEFAULT_RULES`` hold the
two this module knows: a figure the reference series contradicts (``inconsistent``), and a
figure of a tracked metric (one some reference series counts) that the text asserts with no
source (``unsourced``, read from ``Claim.provenance`` when the extractor sets it).

Extension point: the kinds ``contest``, ``revision_down`` and ``jump`` are declared here
(``ALERT_KINDS``) for rules that compare a figure with those already in the ledger; such a
rule is a function ``NewItem → Iterable[Alert]`` added to the tuple given to
``decompte.watch.watch(rules=…)`` (or to ``DEFAULT_RULES`` once it ships). ``NewItem.store``
is the ledger as it was before the entry, so "earlier figures" are the ones already there.

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
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from decompte.errors import AlertNotSent
from decompte.model import Article
from decompte.settings import DEFAULT_LIMITS, WEBHOOK_RETRIES, Limits

if TYPE_CHECKING:
    import httpx

    from decompte.ingest.network import Resolver
    from decompte.ledger.store import Store
    from decompte.verify.run import Checked

#: Every kind of alert, those raised by ``DEFAULT_RULES`` first; the others wait for their rules.
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


DEFAULT_RULES: tuple[AlertRule, ...] = (inconsistent_figures, unsourced_figures)


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
