"""What the user typed or the ledger holds is printed as is, never read as Rich markup (issue 14).

``decompte ingest 'a[/].txt'`` once ended in a ``MarkupError`` traceback, and ``[red]`` in a
path vanished from the message.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ledger import Store, latest_values
from decompte.model import Article, Claim

runner = CliRunner()


@pytest.mark.parametrize("name", ["a[/].txt", "x[red]y.txt", "[bold]z[/bold]"])
def test_a_missing_path_with_brackets_is_named_as_typed(name: str) -> None:
    result = runner.invoke(app, ["ingest", "--db", "unused.db", name])
    assert result.exit_code == 1
    assert result.stderr == f"error: {name}: no such file or directory\n"


def test_failures_of_a_run_show_their_paths_as_is(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[red]x[dim].bin").write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "l.db"), "--no-extract", "--quiet", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"  unsupported file type: {folder}/[red]x[dim].bin: not a text, HTML, corpus or feed file" in result.stdout


def test_a_claimant_with_brackets_is_shown_in_the_table(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    text = "Selon [red]Zed[/], 12 chars ont été détruits."
    article = Article(id="a", text=text, lang="fr", published=date(2022, 3, 1))
    claim = Claim(start=text.index("12"), end=text.index("12") + 8, quote="12 chars", value=12.0, counted="tank",
                  event="lost", side="RU", claimant="[red]Zed[/]", doc="a", lang="fr")
    with Store.open(db) as store:
        store.add(article, [claim])
        stored = latest_values(store)[0].claimant  # the ledger tidies the name; its brackets stay
    assert stored is not None and "[" in stored
    result = runner.invoke(app, ["ledger", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert stored in result.stdout
