"""`decompte extract` and `decompte eval` as a user runs them: exit codes, one-line errors, formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from decompte.cli import app

from .conftest import DATA, EXAMPLE

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real command in a subprocess: what a user sees, tracebacks included if any."""
    return subprocess.run([sys.executable, "-m", "decompte", *args], input=stdin, capture_output=True, timeout=120)


def test_extract_json_on_the_example() -> None:
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--published", "2022-03-19", "--format", "json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert {"RU/soldier/killed", "RU/tank/lost", "UA/civilian/killed"} <= {c["metric"] for c in claims}


def test_extract_reads_standard_input() -> None:
    result = run("extract", "-", "--lang", "fr", "--format", "jsonl",
                 stdin="Plus de 450 chars ont été détruits, selon l'état-major ukrainien.".encode())
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(r["value"], r["qualifier"], r["counted"]) for r in rows] == [(450, "more_than", "tank")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 20, "binary"),
        ("Caf\u00e9 cr\u00e8me, 14 400 soldats".encode("latin-1"), "not UTF-8"),
        (b"Der Krieg in der Ukraine hat bereits mehr als 14.400 russische Soldaten das Leben gekostet, sagte der Generalstab.", "'de'"),
    ],
)
def test_bad_input_gives_one_line_and_non_zero_exit(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = run("extract", str(path), "--lang", "fr")
    stderr = result.stderr.decode()
    assert result.returncode != 0
    assert message in stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_missing_file_and_bad_options(tmp_path: Path) -> None:
    for args in (["extract", str(tmp_path / "nope.txt")], ["extract", str(EXAMPLE), "--published", "hier"],
                 ["extract", str(EXAMPLE), "--format", "xml"], ["extract", str(EXAMPLE), "--lang", "xx"],
                 ["eval", str(tmp_path / "nope.jsonl")]):
        result = run(*args)
        assert result.returncode != 0, args
        assert "Traceback" not in result.stderr.decode()


def test_eval_prints_the_figures_last() -> None:
    result = runner.invoke(app, ["eval", str(DATA / "example.jsonl")])
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-2:]
    assert last[0].startswith("found P/R/F1:") and last[1].startswith("right P/R/F1:")


def test_eval_json_has_per_language_figures() -> None:
    result = runner.invoke(app, ["eval", str(DATA / "fr-sentences.jsonl"), "--json"])
    data = json.loads(result.stdout)
    assert data["all"]["gold"] > 30
    assert "lang:fr" in data and 0 <= data["all"]["right_prf"]["f1"] <= 1
