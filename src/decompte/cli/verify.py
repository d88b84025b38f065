"""``decompte verify`` and ``decompte reference add|list|update``: check claims against reference series."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from decompte.cli._app import app, console, date_option, fail, handle_errors
from decompte.cli.output import Column, FormatOption, JsonOption, OutputFormat, chosen, print_rows
from decompte.settings import DB_ENV_VAR, DEFAULT_LIMITS

if TYPE_CHECKING:
    from decompte.verify import Checked

reference_app = typer.Typer(help="Reference series that claims are checked against.", no_args_is_help=True)
app.add_typer(reference_app, name="reference")

COLOURS = {"consistent": "green", "inconsistent": "bold red", "stale": "yellow", "unknown": "dim"}


def _reference(row: Mapping[str, Any]) -> str:
    v = row["verdict"]
    return f"{v['reference_value']:g} ({v['reference_date']})" if v["reference_value"] is not None else ""


VERDICT_COLUMNS = (
    Column("quote", show=lambda r: r["claim"]["quote"]), Column("metric", show=lambda r: r["claim"]["metric"]),
    Column("claimant", show=lambda r: r["claim"]["claimant"] or ""),
    Column("verdict", show=lambda r: r["verdict"]["status"], style=lambda r: COLOURS[r["verdict"]["status"]]),
    Column("reference", show=_reference), Column("reason", show=lambda r: r["verdict"]["reason"]),
)
SERIES_COLUMNS = (
    Column("name", "series"), Column("publisher"), Column("metrics", show=lambda r: "\n".join(r["metrics"])),
    Column("first", "dates", show=lambda r: f"{r['first']} →\n{r['last']}"), Column("licence"),
    Column("source_url", "source"),
)


@app.command("verify")
@handle_errors
def verify_command(
    file: Annotated[Path | None, typer.Argument(help="Article to extract and verify: UTF-8 text or an HTML page.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Verify every claim of this ledger (path or URL) "
                                           "and store the verdicts.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD (default: a date in "
                                                  "the file name).")] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the text (default: detected).")] = None,
    tolerance: Annotated[float | None, typer.Option(help="Relative tolerance of 'environ'/'about' "
                                                    "(default: decompte.verify's CLAIM_TOLERANCE).",
                                                    show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="With --db: do not store the verdicts.")] = False,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check each figure against the reference series its claimant publishes.

    Example: decompte verify examples/ukraine-pertes-2022-03-19.txt
    """
    from decompte.api import require_ledger
    from decompte.ingest.files import read_article
    from decompte.verify import Rules, verify_store, verify_text

    output = chosen(fmt, as_json)
    rules = Rules() if tolerance is None else Rules(tolerance=tolerance)
    if (file is None) == (db is None):
        raise fail("give either a FILE or --db PATH|URL, not both and not neither")
    if file is None:
        require_ledger(db)
        checked = verify_store(db, rules=rules, write=not dry_run)
        _print(checked, output, title=f"{len(checked)} claims in the ledger"
               + ("" if dry_run else " (verdicts stored)"))
        return
    article = read_article(str(file), DEFAULT_LIMITS, lang=lang, published=date_option(published))
    checked = verify_text(article.text, article.lang or "fr", article.published, doc_id=article.id, rules=rules)
    _print(checked, output, title=f"{file.name}, published {article.published or 'on an unknown date'}")


@reference_app.command("add")
@handle_errors
def reference_add(
    file: Annotated[Path, typer.Argument(help="Data file: CSV, JSON (list of records), JSONL or Parquet.")],
    manifest: Annotated[Path, typer.Option("--manifest", "-m", help="YAML manifest describing the series.")],
    replace: Annotated[bool, typer.Option("--replace", help="Replace an installed series of that name.")] = False,
) -> None:
    """Check a series and install it for later verifications (refused with the reason if bad).

    Example: decompte reference add casualties.csv --manifest casualties.yaml
    """
    from decompte.verify import add_series, user_dir

    series = add_series(file, manifest, replace=replace)
    span = series.span()
    dates = f", {span[0]} → {span[1]}" if span else ""
    console.print(f"added [bold]{escape(series.name)}[/]: {len(series.points)} metric(s){dates}", highlight=False)
    console.print(escape(f"  in {user_dir() / series.name}"), highlight=False)


@reference_app.command("update")
@handle_errors
def reference_update(
    name: Annotated[str, typer.Argument(help="The series to update (see `decompte reference list`).")],
    sources: Annotated[list[str] | None, typer.Option("--from", help="A newer copy of a data file: a file or "
                                                      "an http(s) URL (repeat for several files). Default: "
                                                      "each file's update_url.", show_default=False)] = None,
    manifest: Annotated[Path | None, typer.Option("--manifest", "-m", help="A newer manifest of the series, "
                                                  "e.g. with new correction records (`revisions`).")] = None,
    db: Annotated[str | None, typer.Option("--db", envvar=DB_ENV_VAR, show_envvar=True,
                                           help="Ledger whose claims of the series' metrics are verified "
                                                "again. Default: ./decompte.db, if it exists.")] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
) -> None:
    """Install a newer copy of a series as a new version, then verify the ledger's claims again.

    The copy must have the installed file's columns, stay monotonic except on listed
    corrections, and keep every past value unless a correction record lists it.

    Example: decompte reference update ohchr-ukraine-civilians --from ukraine-civilian-casualties.csv
    """
    from decompte.api import sqlite_file
    from decompte.ledger import Store
    from decompte.verify import reverify, update_series

    update = update_series(name, sources or (), manifest_file=manifest)
    ledger = sqlite_file(db)
    checked = None
    if update.installed and (ledger is None or ledger.exists()):
        with Store.open(db) as store:
            checked = reverify(store, update.series)
    output = chosen(fmt, as_json)
    if output is not OutputFormat.table:
        counts = _counts(checked or [])
        print_rows([{**update.to_dict(), "reverified": len(checked or []), "verdicts": counts}], output,
                   (Column("series"), Column("version")))
        return
    if not update.installed:
        console.print(f"{escape(name)} is up to date (version {escape(str(update.version))})", highlight=False)
        return
    console.print(f"updated [bold]{escape(name)}[/] to version {escape(str(update.version))} (was "
                  f"{escape(str(update.previous_version))}): {update.added} new point(s), "
                  f"{update.corrected} correction(s), retrieved {update.retrieved}", highlight=False)
    if checked is None:
        console.print(escape(f"  no ledger at {ledger}: no claim verified again"), highlight=False)
    else:
        tally = ", ".join(f"{n} {status}" for status, n in sorted(_counts(checked).items())) or "none"
        console.print(f"  verified again {len(checked)} claim(s) of its metrics: {escape(tally)}", highlight=False)


def _counts(checked: list[Checked]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in checked:
        counts[c.verdict.status] = counts.get(c.verdict.status, 0) + 1
    return counts


@reference_app.command("list")
@handle_errors
def reference_list(fmt: FormatOption = None, as_json: JsonOption = False) -> None:
    """List the reference series, shipped and added, with their metrics, dates and licence.

    Example: decompte reference list --format json
    """
    from decompte.verify import Registry

    rows: list[dict[str, Any]] = []
    for series in Registry.default().series:
        m, span = series.manifest, series.span()
        rows.append({
            "name": m.name, "publisher": m.publisher, "kind": m.kind, "metrics": list(m.metrics),
            "first": span[0].isoformat() if span else None, "last": span[1].isoformat() if span else None,
            "licence": m.licence, "licence_note": m.licence_note, "source_url": m.source_url, "as_of": m.as_of,
            "folder": str(m.path.parent) if m.path else None,
        })
    print_rows(rows, chosen(fmt, as_json), SERIES_COLUMNS)


def _print(checked: list[Checked], output: OutputFormat, title: str) -> None:
    print_rows([c.to_dict() for c in checked], output, VERDICT_COLUMNS, title=title)
    if output is not OutputFormat.table:
        return
    counts: dict[str, Any] = {}
    for c in checked:
        counts[c.verdict.status] = counts.get(c.verdict.status, 0) + 1
    console.print(", ".join(f"[{COLOURS[k]}]{n} {k}[/]" for k, n in sorted(counts.items())) or "no claims")
