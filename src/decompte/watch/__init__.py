"""Watching feeds: poll with conditional requests, store new entries, verify them, send alerts.

``poll`` holds the loop (``watch``, ``poll_once``, ``stop_on_signals``), ``alerts`` the alert
rules (figures the series contradict, unsourced, contested, revised down, jumping) and the
sinks (JSON lines, webhook); what is kept between polls lives in the ledger
(``decompte.ledger.watch_state``)::

    from decompte.watch import JsonlSink, WatchOptions, watch
    with Store.open("decompte.db") as store:
        watch(["https://example.org/feed.rss"], store, WatchOptions(PackExtraction(), JsonlSink(sys.stdout)))
"""

from __future__ import annotations

from decompte.watch.alerts import (
    ALERT_KINDS,
    DEFAULT_RULES,
    Alert,
    AlertRule,
    AlertSink,
    JsonlSink,
    NewItem,
    WebhookSink,
    alerts_for,
    contested_figures,
    inconsistent_figures,
    jumping_figures,
    revised_down_figures,
    unsourced_figures,
)
from decompte.watch.poll import (
    WatchOptions,
    WatchSummary,
    check_feeds,
    deliver,
    parse_interval,
    poll_feed,
    poll_once,
    stop_on_signals,
    watch,
)

__all__ = [
    "ALERT_KINDS",
    "Alert",
    "AlertRule",
    "AlertSink",
    "DEFAULT_RULES",
    "JsonlSink",
    "NewItem",
    "WatchOptions",
    "WatchSummary",
    "WebhookSink",
    "alerts_for",
    "check_feeds",
    "contested_figures",
    "deliver",
    "inconsistent_figures",
    "jumping_figures",
    "parse_interval",
    "poll_feed",
    "poll_once",
    "revised_down_figures",
    "stop_on_signals",
    "unsourced_figures",
    "watch",
]
