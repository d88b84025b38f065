"""Every command has help with an example, and is documented in the README or docs/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from decompte.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found.append(path)

    walk(root, ())
    return sorted(found)


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output or "example" in result.output.lower()


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_command_is_documented(path: tuple[str, ...]) -> None:
    name = " ".join(path)
    visible = "ledger" if path == ("ledger", "show") else name  # the default: `decompte ledger [METRIC]`
    assert f"decompte {visible}" in DOCS, f"`decompte {name}` is not in README.md or docs/"


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:600]
    assert "pip install -e" in head and "decompte extract examples/" in head
    assert "bash .ci/run" in head
