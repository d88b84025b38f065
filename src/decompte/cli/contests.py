"""``decompte ledger contested`` and ``decompte ledger revisions``: figures that cannot all be right.

Each command opens the ledger, makes one call into ``decompte.verify.contests`` or
``decompte.verify.revisions``, and prints the rows with ``--format``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import typer

from decompte.cli._app import handle_errors
from decompte.cli.ledger import DbOption, ledger_app
from decompte.cli.output import Column, FormatOption, JsonOption, OutputFormat, chosen, print_data, print_rows
from decompte.errors import UnsupportedInput

MetricOption = Annotated[str | None, typer.Option("--metric", "-m", help="Only this metric (SIDE/counted/event).")]


def _n(value: Any) -> str:
    if value is None:
        return "∞"
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:g}"


def _check_metric(store: Any, metric: str | None) -> None:
    from decompte.ledger import metrics

    if metric is None:
        return
    known = metrics(store)
    if metric not in known:
        hint = ", ".join(known[:8]) + (" …" if len(known) > 8 else "") if known else "the ledger is empty"
        raise UnsupportedInput(f"no claims for metric {metric!r} ({hint})")


@ledger_app.command("contested")
@handle_errors
def contested_command(
    metric: MetricOption = None, db: DbOption = None, fmt: FormatOption = None, as_json: JsonOption = False,
) -> None:
    """List contests: figures of one metric and date (± the reporting lag) by different claimants
    whose bounds cannot all hold.

    JSON and JSON Lines give one contest per item with its figures; a table and CSV one row per figure.

    Example: decompte ledger contested --metric RU/soldier/killed --format json
    """
    from decompte.api import require_ledger
    from decompte.ledger import Store
    from decompte.verify.contests import contests

    output = chosen(fmt, as_json)
    require_ledger(db)
    with Store.open(db) as store:
        _check_metric(store, metric)
        found = [c.to_dict() for c in contests(store, metric=metric)]
    if output in (OutputFormat.json, OutputFormat.jsonl):
        print_data(found, output)
        return
    rows = [{"contest": number, "metric": c["metric"], **f} for number, c in enumerate(found, start=1)
            for f in c["figures"]]
    print_rows(rows, output, CONTEST_COLUMNS, title="Contested figures",
               empty="no contested figure: no two claimants' bounds for one date are incompatible")


def _bounds(row: Mapping[str, Any]) -> str:
    return f"{_n(row['low_bound'])}–{_n(row['high_bound'])}" if row["low_bound"] != row["high_bound"] else ""


CONTEST_COLUMNS = (
    Column("contest", "#", justify="right"), Column("metric", no_wrap=True), Column("as_of", "as of", no_wrap=True),
    Column("claimant"), Column("value", justify="right", no_wrap=True, show=lambda r: _n(r["value"])),
    Column("qualifier"), Column("bounds", "allows", no_wrap=True, show=_bounds),
    Column("claim_id", "claim", justify="right"), Column("url"),
)


@ledger_app.command("revisions")
@handle_errors
def revisions_command(
    metric: MetricOption = None, db: DbOption = None, fmt: FormatOption = None, as_json: JsonOption = False,
) -> None:
    """List revisions down and jumps: a claimant's running total lower than its previous figure, or
    rising faster than the reference series ever did; each with the earlier citation.

    Example: decompte ledger revisions --metric RU/soldier/killed
    """
    from decompte.api import require_ledger
    from decompte.ledger import Store
    from decompte.verify import Registry
    from decompte.verify.revisions import revisions

    output = chosen(fmt, as_json)
    require_ledger(db)
    with Store.open(db) as store:
        _check_metric(store, metric)
        found = [r.to_dict() for r in revisions(store, Registry.default(), metric=metric)]
    print_rows(found, output, REVISION_COLUMNS, title="Revisions down and jumps",
               empty="no revision down and no jump in the claimants' running totals")


REVISION_COLUMNS = (
    Column("kind", no_wrap=True), Column("metric", no_wrap=True), Column("claimant"),
    Column("as_of", "as of", no_wrap=True, show=lambda r: r["figure"]["as_of"]),
    Column("value", justify="right", no_wrap=True, show=lambda r: _n(r["figure"]["value"])),
    Column("earlier", "earlier", no_wrap=True, show=lambda r: r["earlier"]["as_of"]),
    Column("earlier_value", "was", justify="right", no_wrap=True, show=lambda r: _n(r["earlier"]["value"])),
    Column("earlier_claim", "earlier claim", justify="right", show=lambda r: r["earlier"]["claim_id"]),
    Column("earlier_url", "earlier document", show=lambda r: r["earlier"]["url"]),
)
