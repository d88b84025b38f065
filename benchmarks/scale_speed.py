"""Scaling: documents/s and peak memory of ``decompte ingest`` with 1 and 2 local workers and
with a 2-worker Dask ``LocalCluster``, on generated corpora of 2 000 to 20 000 documents.

The corpora are built from the project's own short French and English documents
(tests/scale/corpus.py: 1 to 3 paragraphs each, numbers shifted, every text unique).
Each run is the real command in a fresh process, as a user would start it (model
loading and pool or cluster start-up included); its process tree is sampled every
0.1 s with psutil for the peak resident memory of the parent, of the largest child (a
worker: it holds the spaCy pipelines) and of the whole tree. Reported, besides the
figures: the scaling ratio 2 workers / 1 worker at the largest size (same machine, same
corpus, same session) and the ratio of peak memory at the largest / smallest size.

Run: ``python benchmarks/scale_speed.py [--sizes 2000,10000,20000] [--json FILE]``.
Figures depend on the machine; they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scale.corpus import documents, write_jsonl, write_shards

MIB = 2**20


class TreeMemory:
    """Peak RSS of a process and its descendants, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.root = psutil.Process(pid)
        self.every = every
        self.peaks: dict[int, int] = {}
        self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            now = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except psutil.NoSuchProcess:
                    continue
                now += rss
                self.peaks[p.pid] = max(self.peaks.get(p.pid, 0), rss)
            self.total = max(self.total, now)
            time.sleep(self.every)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        children = [v for k, v in self.peaks.items() if k != self.root.pid]
        return {"parent_peak_mib": round(self.peaks.get(self.root.pid, 0) / MIB),
                "worker_peak_mib": round(max(children, default=0) / MIB),
                "tree_peak_mib": round(self.total / MIB)}


def run(label: str, args: list[str], docs: int) -> dict[str, Any]:
    cmd = [sys.executable, "-c", "from decompte.cli import main; main()", *args, "-q", "--json"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    mem = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{label} failed: {err.decode()[-2000:]}")
    summary = json.loads(out)
    result = {"run": label, "documents": docs, "seconds": round(elapsed, 1),
              "docs_per_s": round(docs / elapsed, 1), "claims": summary.get("claims"), **mem}
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,10000,20000")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    small, large = sizes[0], sizes[-1]
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="decompte-scale-") as tmp:
        work = Path(tmp)
        for n in sizes:
            corpus = work / f"corpus-{n}.jsonl"
            write_jsonl(corpus, documents(n, seed=n))
            shards = write_shards(work / f"shards-{n}", [json.loads(x) for x in corpus.read_text().splitlines()],
                                  max(2, n // 1000))
            for workers in (1, 2):
                if workers == 1 and n not in (small, large):
                    continue
                db = work / f"w{workers}-{n}.db"
                results.append(run(f"local --workers {workers}", ["ingest", str(corpus), "--db", str(db),
                                                                  "--workers", str(workers)], n))
            if n in (small, large):
                out = work / f"dask-{n}"
                results.append(run("dask LocalCluster 2 workers", ["ingest", str(shards[0].parent / "*.jsonl"),
                                                                   "--engine", "dask", "--workers", "2",
                                                                   "--out", str(out)], n))
                db = work / f"load-{n}.db"
                results.append(run("ledger load", ["ledger", "load", str(out), "--db", str(db)], n))

    def pick(label: str, n: int) -> dict[str, Any]:
        return next(r for r in results if r["run"] == label and r["documents"] == n)

    one, two = pick("local --workers 1", large), pick("local --workers 2", large)
    ratios = {
        "scaling_2_workers_over_1": round(two["docs_per_s"] / one["docs_per_s"], 2),
        "dask_2_workers_over_local_1": round(pick("dask LocalCluster 2 workers", large)["docs_per_s"]
                                             / one["docs_per_s"], 2),
        f"worker_peak_{large}_over_{small}": round(two["worker_peak_mib"]
                                                   / pick("local --workers 2", small)["worker_peak_mib"], 2),
        f"tree_peak_{large}_over_{small}": round(two["tree_peak_mib"]
                                                 / pick("local --workers 2", small)["tree_peak_mib"], 2),
        "cores": os.cpu_count(),
    }
    print(json.dumps(ratios, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"runs": results, "ratios": ratios}, indent=2))


if __name__ == "__main__":
    main()
