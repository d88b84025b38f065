"""The Dask engine: same claims as a single process, nothing lost or doubled when a worker dies."""

from __future__ import annotations

import os
import signal
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from typer.testing import CliRunner

from decompte.cli import app
from decompte.ledger import Store
from decompte.scale import DaskSummary, TaskOptions, list_stories, load_output, run_dask
from decompte.scale.output import read_manifest, read_table, row_claim

from .conftest import N_DOCS, claim_keys
from .corpus import documents, wire_story, write_jsonl, write_shards


def output_claims(out: Path) -> Counter[str]:
    parts = read_manifest(out)["parts"]
    return claim_keys(row_claim(r) for name in parts for r in read_table(out, "claims", name))


def output_doc_keys(out: Path) -> list[str]:
    return [r["doc_key"] for name in read_manifest(out)["parts"]
            for r in read_table(out, "documents", name, columns=["doc_key"])]


def test_two_workers_give_exactly_the_claims_of_one_process(
    tmp_path: Path, corpus_2000: list[Path], corpus_2000_claims: Counter[str], dask_cluster: Any
) -> None:
    out = tmp_path / "out"
    summary = run_dask([str(corpus_2000[0].parent / "*.jsonl")], out, client=dask_cluster)
    assert (summary.parts, summary.documents, sum(summary.failed.values())) == (8, N_DOCS, 0)
    got = output_claims(out)
    assert sum(got.values()) == summary.claims > N_DOCS // 2  # the corpus is full of figures
    assert got == corpus_2000_claims
    assert sorted(output_doc_keys(out)) == sorted(f"gen-11-{i}" for i in range(N_DOCS))


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(tmp_path: Path, dask_cluster: Any) -> None:
    records = list(documents(600, seed=5))
    shards = write_shards(tmp_path / "in", records, 12)
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_a_busy_worker(summary: DaskSummary) -> None:
        if killed or summary.done == summary.parts:
            return
        busy = [addr for addr, keys in dask_cluster.processing().items() if keys]
        pids = dask_cluster.run(os.getpid, workers=busy[:1])
        pid = next(iter(pids.values()))
        os.kill(pid, signal.SIGKILL)  # no cleanup runs in the worker: its task is lost mid-way
        killed.append(pid)

    summary = run_dask([str(p) for p in shards], out, client=dask_cluster, on_part=kill_a_busy_worker)
    assert killed, "no worker was busy when the first part finished"
    assert killed[0] not in dask_cluster.run(os.getpid).values()  # the nanny started a new one
    keys = output_doc_keys(out)
    assert len(keys) == len(set(keys)) == len(records) == summary.documents
    assert set(keys) == {r["id"] for r in records}
    for name in read_manifest(out)["parts"]:  # every document holds exactly its claims, once
        claims = Counter(r["row"] for r in read_table(out, "claims", name, columns=["row"]))
        for doc in read_table(out, "documents", name, columns=["row", "n_claims"]):
            assert claims[doc["row"]] == doc["n_claims"]
    assert not list(out.glob("*/.*.tmp"))


def test_load_stores_the_output_once_and_records_stories(tmp_path: Path, dask_cluster: Any) -> None:
    body = ("Selon l'état-major ukrainien, plus de 14 400 soldats russes ont été tués depuis le début de "
            "l'invasion, et 466 chars ont été détruits. Le ministère russe de la Défense n'a pas confirmé ces "
            "chiffres, qui ne peuvent être vérifiés de source indépendante.")
    outlets = ["kyiv-dispatch.example", "courrier-est.example", "wire-news.example", "le-journal.example"]
    records = list(documents(60, seed=9)) + wire_story(body, outlets, "bilan-19-mars")
    write_jsonl(tmp_path / "in.jsonl", records)
    out, db = tmp_path / "out", tmp_path / "ledger.db"
    summary = run_dask([str(tmp_path / "in.jsonl")], out, TaskOptions(out=str(out)), client=dask_cluster)
    assert summary.reprinted_stories >= 1
    stories = pq.read_table(out / "stories.parquet").to_pylist()
    wire = {r["story_id"] for r in stories if r["content_hash"] and r["outlets"] == 4}
    assert len(wire) == 1
    with Store.open(db) as store:
        first = load_output(out, store)
        assert (first.ingested, first.claims) == (len(records), summary.claims)
        again = load_output(out, store)
        assert (again.ingested, again.duplicates, again.claims) == (0, len(records), 0)
        assert store.counts()["documents"] == len(records)
        top = list_stories(store, min_outlets=4)
        assert [(s.story_id, s.outlets, s.documents) for s in top] == [(wire.pop(), 4, 4)]


def test_cli_dask_errors_are_one_line(tmp_path: Path, small_corpus: Path) -> None:
    runner = CliRunner()
    cases = [
        (["ingest", str(small_corpus), "--engine", "dask"], "--engine dask needs --out"),
        (["ingest", str(tmp_path / "none-*.jsonl"), "--engine", "dask", "--out", str(tmp_path / "o")], "no file matches"),
        (["ingest", str(small_corpus), "--out", str(tmp_path / "o")], "go with --engine dask"),
        (["ledger", "load", str(tmp_path)], "not a finished"),
    ]
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    cases.append((["ingest", str(small_corpus), "--engine", "dask", "--out", str(tmp_path / "full")], "not empty"))
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code != 0, args
        assert message in result.output and "Traceback" not in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
