"""Load on the timeline endpoint: requests per second and latency percentiles.

Builds a ledger of ``--claims`` synthetic claims (default 100 000: 40 metrics, 20
claimants, three years, about five citations per reported figure), serves it with
``uvicorn`` in a separate process on 127.0.0.1 (read-only, as ``decompte serve``
does), then sends ``--requests`` GET ``/api/metrics/{metric}/timeline`` requests
(default 2 000, metrics drawn at random) from ``--concurrency`` concurrent
connections of one local httpx client, after a warm-up. The number of requests is
bounded: nothing here runs open-ended.

Run: ``python benchmarks/api_load.py [--claims N] [--requests N] [--concurrency N]``.
Figures depend on the machine (and on what else runs on it); they are printed, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from decompte.ledger import Store
from decompte.claimants import resolve
from decompte.ledger.schema import claimants, claims, documents, figures

METRICS = [f"{side}/{what}" for side in ("RU", "UA") for what in (
    "soldier/killed", "soldier/wounded", "civilian/killed", "civilian/wounded", "child/killed", "tank/lost",
    "aircraft/lost", "helicopter/lost", "drone/lost", "person/displaced", "artillery/lost", "ship/lost",
    "missile/other", "vehicle/lost", "mlrs/lost", "armoured_vehicle/lost", "soldier/captured",
    "person/evacuated", "air_defence/lost", "soldier/missing")]
CLAIMANTS = ["état-major ukrainien", "ministère russe de la Défense", "ONU", "HCR", "OIM", "Pentagone",
             "UK Ministry of Defence", "Zelensky", "Poutine", "Choïgou", "Maliar", "CICR", "OSCE", "OTAN",
             "Reuters", "AFP", "gouverneur de Kharkiv", "maire de Marioupol", "police", "Kiev"]
QUALIFIERS = ["exact", "exact", "about", "more_than", "at_least", "range"]


def build_ledger(db: Path, n_claims: int, seed: int = 5) -> None:
    """Fill a fresh ledger with bulk inserts (the store's per-article path would take minutes)."""
    rng = random.Random(seed)
    start = date(2022, 2, 24)
    n_figures, n_docs = max(1, n_claims // 5), max(1, n_claims // 10)
    now = datetime.now()
    with Store.open(db) as store, store.engine.begin() as conn:
        people: dict[str, dict[str, Any]] = {}
        for name in CLAIMANTS:
            info = resolve(name)
            assert info is not None
            people.setdefault(info.key, {"id": len(people) + 1, "key": info.key, "name": info.name,
                                         "kind": info.kind, "country": info.country, "party": info.party})
        conn.execute(claimants.insert(), list(people.values()))
        docs = [{"id": d, "doc_key": f"load-{d}", "text": f"document {d}", "content_hash": f"{d:064x}",
                 "status": "extracted", "n_claims": 10, "ingested_at": now, "lang": rng.choice(["fr", "en"]),
                 "published": start + timedelta(days=d % 1100), "site": f"site{d % 50}.example"}
                for d in range(1, n_docs + 1)]
        conn.execute(documents.insert(), docs)
        figs = []
        for f in range(1, n_figures + 1):
            who = rng.choice(list(people.values()))
            value = float(rng.randint(1, 50_000))
            qualifier = rng.choice(QUALIFIERS)
            figs.append({"id": f, "key": f"load|{f}", "metric": rng.choice(METRICS), "value": value,
                         "high": value * 1.5 if qualifier == "range" else None, "qualifier": qualifier,
                         "claimant_id": who["id"], "party": who["party"],
                         "as_of": start + timedelta(days=rng.randrange(1100)), "citations": 0, "outlets": 0,
                         "first_published": None})
        rows = []
        for k in range(1, n_claims + 1):
            fig = figs[rng.randrange(n_figures)]
            doc = docs[rng.randrange(n_docs)]
            fig["citations"] += 1
            fig["outlets"] = min(fig["outlets"] + 1, 50)
            if fig["first_published"] is None or doc["published"] < fig["first_published"]:
                fig["first_published"] = doc["published"]
            side, counted, event = fig["metric"].split("/")
            rows.append({"id": k, "document_id": doc["id"], "figure_id": fig["id"], "claimant_id": fig["claimant_id"],
                         "start_offset": 0, "end_offset": 5, "quote": "12345", "value": fig["value"],
                         "qualifier": fig["qualifier"], "high": fig["high"], "counted": counted, "event": event,
                         "side": side, "metric": fig["metric"], "period_end": fig["as_of"], "sentence": "",
                         "confidence": 1.0, "lang": doc["lang"]})
        conn.execute(figures.insert(), figs)
        for i in range(0, len(rows), 50_000):
            conn.execute(claims.insert(), rows[i:i + 50_000])
    with Store.open(db) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``decompte.web.create_app`` under uvicorn in its own process (so client and server do not share a GIL)."""
    env = {**os.environ, "DECOMPTE_DB": str(db)}
    env.pop("DECOMPTE_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "decompte.web.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/claims?limit=1", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start within 60 s")


async def load(base: str, n_requests: int, concurrency: int, seed: int = 3) -> dict[str, Any]:
    rng = random.Random(seed)
    paths = [f"/api/metrics/{rng.choice(METRICS)}/timeline" for _ in range(n_requests)]
    latencies: list[float] = []
    sizes: list[int] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        for path in paths[:20]:  # warm-up: registry, caches, connections
            await client.get(path)

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append((time.perf_counter() - started) * 1000)
                sizes.append(len(response.content))
                errors += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies), "concurrency": concurrency, "errors": errors, "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1),
        "mean_response_kb": round(statistics.mean(sizes) / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2_000, help="requests timed (bounded)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the ledger here (default: temporary)")
    args = parser.parse_args()
    if not 1 <= args.requests <= 100_000:
        parser.error("--requests must be between 1 and 100 000")
    with tempfile.TemporaryDirectory(prefix="decompte-api-load-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        db = workdir / f"api-load-{args.claims}.db"
        if not db.exists():
            started = time.perf_counter()
            build_ledger(db, args.claims)
            print(f"built a ledger of {args.claims} claims in {time.perf_counter() - started:.1f} s", flush=True)
        port = free_port()
        server = start_server(db, port)
        try:
            result = asyncio.run(load(f"http://127.0.0.1:{port}", args.requests, args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=30)
        result["claims"] = args.claims
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
