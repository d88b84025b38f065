"""``decompte watch``: poll feeds, store their new entries, verify them, print or POST alerts."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from decompte.cli._app import app, err_console, fail, handle_errors
from decompte.settings import DB_ENV_VAR, DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from decompte.watch import AlertSink, WatchSummary


@app.command("watch")
@handle_errors
def watch_command(
    feeds: Annotated[list[str], typer.Argument(help="Feed URLs or feed files (.rss, .atom, .xml).",
                                               show_default=False)],
    db: Annotated[str | None, typer.Option("--db", envvar=DB_ENV_VAR, show_envvar=True,
                                           help="Ledger: an SQLite file or an SQLAlchemy URL. "
                                                "Default: ./decompte.db.")] = None,
    every: Annotated[str, typer.Option(help="Time between two polls: 30s, 15m, 2h, 1d.")] = "15m",
    alert: Annotated[str, typer.Option(help="Where alerts go: 'jsonl' (one JSON object a line on stdout) "
                                            "or a webhook URL that each alert is POSTed to.")] = "jsonl",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once and exit (for cron).")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store entries without extracting "
                                                                  "claims (no alerts).")] = False,
    block_private: Annotated[bool, typer.Option("--block-private", help="Refuse hosts (feeds, pages, webhook) "
                                                "that resolve to private or loopback addresses.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a server's next bytes.")] = (
        DEFAULT_LIMITS.read_timeout),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No line on stderr after each poll.")] = False,
) -> None:
    """Poll feeds with conditional requests; store, verify and alert on their new entries.

    Each new entry is stored with its claims and acknowledged in one transaction, so a
    run stopped by SIGINT/SIGTERM (or killed) and started again stores each entry once.
    Alerts (inconsistent figures, unsourced figures of tracked metrics) are JSON objects;
    one that cannot be sent is sent again by the next poll.

    Example: decompte watch https://example.org/feed.rss --every 15m --alert https://hooks.example.org/decompte
    """
    from decompte.ingest.runner import PackExtraction
    from decompte.ledger import Store
    from decompte.watch import WatchOptions, check_feeds, parse_interval, stop_on_signals, watch

    if timeout <= 0:
        raise fail("--timeout must be positive")
    limits = DEFAULT_LIMITS.with_(read_timeout=timeout, block_private_hosts=block_private or None)
    seconds = parse_interval(every)
    check_feeds(feeds, limits)
    sink = _sink(alert, limits)
    extraction = None if no_extract else PackExtraction()
    options = WatchOptions(extraction=extraction, sink=sink, limits=limits)
    with Store.open(db) as store, stop_on_signals(threading.Event()) as stop:
        summary = watch(feeds, store, options, every=seconds, once=once, stop=stop,
                        on_poll=None if quiet else _Report())
    if summary.stopped:
        err_console.print("stopped: every entry acknowledged is stored", highlight=False)
    if once and summary.failed:
        raise typer.Exit(1)


def _sink(alert: str, limits: Limits) -> AlertSink:
    from decompte.ingest.urls import is_url
    from decompte.watch import JsonlSink, WebhookSink

    if alert == "jsonl":
        return JsonlSink(sys.stdout)
    if is_url(alert):
        return WebhookSink(alert, limits)
    raise fail(f"--alert {alert!r}: give 'jsonl' or a webhook URL (http:// or https://)")


class _Report:
    """One line on stderr after each poll (totals since the start), then the failures not shown yet."""

    def __init__(self) -> None:
        self.failures_shown = 0

    def __call__(self, summary: WatchSummary) -> None:
        failed = sum(summary.failed.values())
        line = (f"poll {summary.polls}, since start: {summary.ingested} new, {summary.duplicates} duplicates, "
                f"{summary.not_modified} not modified, {summary.alerts_sent} alerts sent"
                + (f", {summary.alerts_pending} pending" if summary.alerts_pending else "")
                + (f", {failed} failed" if failed else ""))
        err_console.print(escape(line), highlight=False)
        fresh = max(0, min(failed - self.failures_shown, len(summary.errors)))
        for message in summary.errors[len(summary.errors) - fresh:]:
            err_console.print(f"  [yellow]{escape(message)}[/]", highlight=False)
        self.failures_shown = failed
