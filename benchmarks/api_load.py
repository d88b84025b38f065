"""Load on the dashboard and the API: requests per second and latency percentiles per endpoint.

Builds a ledger of ``--claims`` synthetic claims (default 100 000: 40 metrics, 20
claimants, three years, about five citations per reported figure), serves it with
``uvicorn`` in a separate process on 127.0.0.1 (read-only, as ``decompte serve``
does), then, for each number of ``--clients``, keeps that many connections of one
local httpx client busy for ``--seconds`` with a mix of nine GETs drawn at random
(``MIX``: the metrics page, ``/api/metrics``, claims pages, a timeline, …), after a
warm-up. Every run is bounded in time: nothing here runs open-ended.

The targets of issue 14 are checked and printed (not asserted): with 8 clients, p95
under 100 ms for ``/``, ``/api/metrics``, ``/api/claims`` and the timeline; with 32,
no errors and an overall p99 under 1 s. ``--quick`` (CI) runs a small ledger for a
second or two, so that the script cannot rot.

Run: ``python benchmarks/api_load.py [--claims N] [--clients 1,8,32] [--seconds S] [--quick]``.
Figures depend on the machine (and on what else runs on it).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from decompte.ledger import Store
from decompte.claimants import resolve
from decompte.ledger.schema import claimants, claims, documents, figures
from decompte.ledger.summary import rebuild

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
        rebuild(conn)  # the store keeps the metrics summary; this bulk path went around it
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


#: The requests of the mix: a name for the report, and how to draw a path.
MIX: dict[str, Callable[[random.Random, int], str]] = {
    "/": lambda rng, n: "/",
    "/api/metrics": lambda rng, n: "/api/metrics",
    "/api/claims": lambda rng, n: "/api/claims?limit=100",
    "/api/claims?metric&cursor": lambda rng, n: (
        f"/api/claims?metric={rng.choice(METRICS)}&limit=50&cursor={cursor(rng.randrange(n))}"),
    "/api/metrics/{m}/timeline": lambda rng, n: f"/api/metrics/{rng.choice(METRICS)}/timeline",
    "/metrics/{m}": lambda rng, n: f"/metrics/{rng.choice(METRICS)}",
    "/api/claimants": lambda rng, n: "/api/claimants",
    "/claimants": lambda rng, n: "/claimants",
    "/api/documents/{id}": lambda rng, n: f"/api/documents/{1 + rng.randrange(max(1, n // 10))}",
}
#: Endpoints with a p95 target at 8 clients (issue 14), and the targets themselves.
TARGETED = ("/", "/api/metrics", "/api/claims", "/api/metrics/{m}/timeline")
P95_TARGET_MS, P99_TARGET_MS = 100.0, 1000.0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux ``/proc``; ``None`` elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cursor(after: int) -> str:
    """The API's opaque cursor for "after claim ``after``" (as ``web.api.encode_cursor`` writes it)."""
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")


def percentiles(latencies: list[float], seconds: float) -> dict[str, Any]:
    ordered = sorted(latencies)
    if not ordered:
        return {"requests": 0}
    pick = lambda q: round(ordered[int(q * (len(ordered) - 1))], 1)  # noqa: E731
    return {"requests": len(ordered), "requests_per_s": round(len(ordered) / seconds, 1),
            "p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "max_ms": round(ordered[-1], 1)}


async def load(base: str, clients: int, seconds: float, n_claims: int, server_pid: int,
               seed: int = 3) -> dict[str, Any]:
    """``clients`` connections sending the mix for ``seconds``; latencies per endpoint, and the CPU
    time server and client spent per request (on a shared machine, what latency alone hides)."""
    rng = random.Random(seed + clients)
    names = list(MIX)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, int] = {name: 0 for name in names}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        for name in names:  # warm-up (registry, connections, caches): untimed, but its errors count
            errors[name] += (await client.get(MIX[name](rng, n_claims))).status_code != 200
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                name = rng.choice(names)
                path = MIX[name](rng, n_claims)
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    failed = response.status_code != 200
                except httpx.HTTPError:
                    failed = True
                latencies[name].append((time.perf_counter() - started) * 1000)
                errors[name] += failed

        started, server_cpu, client_cpu = time.perf_counter(), cpu_seconds(server_pid), time.process_time()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
        server_after, client_cpu = cpu_seconds(server_pid), time.process_time() - client_cpu
    every = [x for values in latencies.values() for x in values]
    result: dict[str, Any] = {"clients": clients, "seconds": round(elapsed, 2), "errors": sum(errors.values()),
                              **percentiles(every, elapsed), "load_average": round(os.getloadavg()[0], 2)}
    if every and server_cpu is not None and server_after is not None:
        result["server_cpu_ms_per_request"] = round((server_after - server_cpu) * 1000 / len(every), 2)
        result["client_cpu_ms_per_request"] = round(client_cpu * 1000 / len(every), 2)
    result["endpoints"] = {name: {**percentiles(latencies[name], elapsed), "errors": errors[name]}
                           for name in names}
    return result


def targets(runs: list[dict[str, Any]]) -> dict[str, bool]:
    """Issue 14's targets, for the runs that have the number of clients they speak of."""
    met: dict[str, bool] = {}
    for run in runs:
        if run["clients"] == 8:
            for name in TARGETED:
                met[f"8 clients: p95 {name} < {P95_TARGET_MS:g} ms"] = \
                    run["endpoints"][name].get("p95_ms", 0) < P95_TARGET_MS
        if run["clients"] == 32:
            met["32 clients: no errors"] = run["errors"] == 0
            met[f"32 clients: p99 < {P99_TARGET_MS:g} ms"] = run.get("p99_ms", 0) < P99_TARGET_MS
    return met


def report(n_claims: int, runs: list[dict[str, Any]]) -> None:
    """The figures as a table: one line per endpoint and number of clients, then the targets."""
    print(f"{n_claims} claims")
    print(f"{'clients':>7}  {'endpoint':<28}{'req':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>7}")
    for run in runs:
        rows = [("all", run), *run["endpoints"].items()]
        for name, r in rows:
            if r.get("requests"):
                print(f"{run['clients']:>7}  {name:<28}{r['requests']:>6}{r['requests_per_s']:>8}"
                      f"{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}{r['errors']:>7}")
    for run in runs:
        if "server_cpu_ms_per_request" in run:
            print(f"{run['clients']:>7}  CPU per request: server {run['server_cpu_ms_per_request']} ms, "
                  f"client {run['client_cpu_ms_per_request']} ms; load average {run['load_average']}")
    for target, met in targets(runs).items():
        print(f"{'met' if met else 'MISSED':>7}  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=None, help="claims in the ledger (default 100 000)")
    parser.add_argument("--clients", default=None, help="comma-separated client counts (default 1,8,32)")
    parser.add_argument("--seconds", type=float, default=None, help="length of each run (default 20)")
    parser.add_argument("--quick", action="store_true", help="CI: 2 000 claims, 1 and 4 clients, 1.5 s each")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the ledger here (default: temporary)")
    args = parser.parse_args()
    n_claims = args.claims or (2_000 if args.quick else 100_000)
    seconds = args.seconds or (1.5 if args.quick else 20.0)
    try:
        clients = [int(c) for c in (args.clients or ("1,4" if args.quick else "1,8,32")).split(",")]
    except ValueError:
        parser.error("--clients takes comma-separated integers, e.g. 1,8,32")
    if not 0 < seconds <= 600 or not all(1 <= c <= 256 for c in clients) or n_claims < 10:
        parser.error("--seconds must be in (0, 600], each client count in 1..256, --claims at least 10")
    with tempfile.TemporaryDirectory(prefix="decompte-api-load-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        db = workdir / f"api-load-{n_claims}.db"
        if not db.exists():
            started = time.perf_counter()
            build_ledger(db, n_claims)
            print(f"built a ledger of {n_claims} claims in {time.perf_counter() - started:.1f} s", flush=True)
        port = free_port()
        server = start_server(db, port)
        try:
            runs = [asyncio.run(load(f"http://127.0.0.1:{port}", c, seconds, n_claims, server.pid)) for c in clients]
        finally:
            server.terminate()
            server.wait(timeout=30)
    if args.json:
        print(json.dumps({"claims": n_claims, "runs": runs, "targets": targets(runs)}, indent=2))
    else:
        report(n_claims, runs)
    if any(run["requests"] == 0 for run in runs):
        sys.exit("no request completed")


if __name__ == "__main__":
    main()
