"""Inputs that never end or never start (issue 14): refused in one line before a byte is read.

``decompte extract /dev/zero`` once grew to gigabytes and a FIFO hung for ever. Now a path
must be a regular file, and no more than ``max_bytes + 1`` bytes of it are read.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ingest.files import bounded_lines, read_bounded
from decompte.ingest.reasons import Failure, Unreadable
from decompte.ingest.sources import SourceOptions, iter_articles
from decompte.settings import Limits

runner = CliRunner()


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(("name", "kind"), [("/dev/zero", "a character device"),
                                            ("/dev/urandom", "a character device")])
def test_extract_refuses_a_device_in_one_line(name: str, kind: str) -> None:
    result = runner.invoke(app, ["extract", name])
    assert result.exit_code == 1
    assert result.stderr == f"error: {name}: {kind}, not a regular file\n"


def test_extract_refuses_a_fifo_at_once(fifo: Path) -> None:
    result = runner.invoke(app, ["extract", str(fifo)])  # with no writer, a blocking open would hang here
    assert result.exit_code == 1
    assert result.stderr == f"error: {fifo}: a named pipe, not a regular file\n"


def test_no_more_than_max_bytes_plus_one_are_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(Unreadable) as caught:
        read_bounded(path, Limits(max_bytes=100))
    assert str(caught.value) == f"{path}: 101 bytes, over the 100-byte limit"
    assert read_bounded(path, Limits(max_bytes=101)) == b"x" * 101


def test_a_corpus_line_longer_than_the_limit_is_cut_and_its_rest_skipped() -> None:
    lines = list(bounded_lines(io.BytesIO(b"short\n" + b"y" * 5000 + b"\n" + b"last\n"), 100))
    assert [len(x) for x in lines] == [6, 101, 5]
    assert lines[2] == b"last\n"


def test_a_walk_counts_pipes_and_dangling_links_as_failures(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "a.jsonl").write_text(json.dumps({"id": "a", "text": "y" * 300}) + "\n", encoding="utf-8")
    items = list(iter_articles([str(folder)], SourceOptions(limits=Limits(max_bytes=100))))
    assert [(i.reason, i.message) for i in items if isinstance(i, Failure)] == [
        ("too large", f"{folder}/a.jsonl:1: record over the 100-byte limit"),
        ("dangling link", f"{folder}/gone.txt: a symbolic link to nothing"),
        ("not a file", f"{folder}/pipe.txt: not a regular file (a pipe, socket or device)"),
    ]
