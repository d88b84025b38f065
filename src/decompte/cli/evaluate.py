"""``decompte eval``: score the extractor against gold claims."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from decompte.cli._app import app, handle_errors


@app.command("eval")
@handle_errors
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold claims, one JSON object per line.")],
    docs: Annotated[Optional[Path], typer.Option(help="Gold documents (default: GOLD-docs.jsonl beside GOLD).")] = None,
    lang: Annotated[Optional[str], typer.Option(help="Read every document in this language (default: each document's own).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures and lists as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the figures, not each miss and false claim.")] = False,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", help="Processes extracting at once (default: 2 on 2 cores or more, from 8 documents); 1 for one process.")] = None,
) -> None:
    """Found and right precision/recall/F1, per-field and period accuracy, with each miss and false claim.

    Example: decompte eval tests/data/fr-sentences.jsonl --quiet
    """
    from decompte.evaluate import evaluate, format_report
    from decompte.extract.many import default_workers

    result = evaluate(gold, docs, lang=lang, workers=default_workers() if workers is None else workers)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    for line in format_report(result, details=not quiet):
        typer.echo(line)
