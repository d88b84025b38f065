"""How fast the ledger fills and answers.

1. Ingest speed: documents per second into a fresh SQLite ledger for a corpus of
   ``--docs`` synthetic French dispatches (default 10 000) read from JSONL — language
   detection, dedup lookups and one transaction per document included — once without
   claim extraction (``--no-extract``) and once with it.
2. Query speed: ``timeline()`` over a ledger of ``--claims`` synthetic claims (default
   1 000 000) spread over 40 metrics, 20 claimants and three years; goal < 100 ms.

3. ``--whole-process``: ``decompte ingest corpus.jsonl --lang L`` as a user runs it (its own
   process, default ``--workers``, pipelines loaded inside the clock) over ``--docs`` real-text
   articles (``extract_speed.corpus``: the shared gold articles or our own, numbers shifted and
   paragraphs shuffled), into a fresh SQLite ledger; articles/s end to end, CPU and peak memory.

Run: ``python benchmarks/ingest_speed.py [--docs N] [--claims N] [--skip-extract]``
or ``python benchmarks/ingest_speed.py --whole-process [--docs 2000] [--lang fr] [--source shared]``.
Figures depend on the machine; they are printed, not asserted.

Figures on the 2-core machine, ``--whole-process``, French: 2 000 synthetic dispatches 61.8 s
before the ``metric_latest`` fix (each document re-read every unattributed pair of its metrics),
23.8 s after (84 articles/s); real-text articles in the closing note of issue 13.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from decompte.ingest.runner import PackExtraction, ingest
from decompte.ingest.sources import iter_articles
from decompte.ledger import Store, latest_values, timeline
from decompte.claimants import resolve
from decompte.ledger.schema import claimants, claims, documents, figures

CITIES = ["Kharkiv", "Marioupol", "Tchernihiv", "Soumy", "Kherson", "Mykolaïv", "Izioum", "Boutcha", "Irpin", "Lviv"]
SOURCES = ["l’état-major ukrainien", "le ministère russe de la Défense", "l’ONU", "le gouverneur régional", "Kiev"]


def write_corpus(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            city, source = rng.choice(CITIES), rng.choice(SOURCES)
            text = (
                f"Selon {source}, plus de {rng.randint(50, 30000)} soldats russes ont été tués depuis le début "
                f"de l’invasion, et {rng.randint(2, 900)} chars détruits. À {city}, au moins {rng.randint(1, 400)} "
                f"civils ont été blessés, a indiqué un responsable local jeudi. Les combats se poursuivent dans la "
                f"région, où les autorités ont évacué environ {rng.randint(100, 20000)} personnes. Dépêche {i}."
            )
            day = date(2022, 3, 1) + timedelta(days=i % 300)
            fh.write(json.dumps({"id": f"b{i}", "text": text, "date": day.isoformat()}, ensure_ascii=False) + "\n")


def bench_ingest(n: int, workdir: Path, extract: bool) -> dict[str, Any]:
    corpus = workdir / f"corpus-{n}.jsonl"
    if not corpus.exists():
        write_corpus(corpus, n)
    db = workdir / f"ingest-{'extract' if extract else 'plain'}.db"
    extraction = PackExtraction() if extract else None
    if extraction is not None:  # load the language models before the clock starts
        from decompte.extract import get_extractor

        get_extractor("fr")
    with Store.open(db) as store:
        started = time.perf_counter()
        summary = ingest(iter_articles([str(corpus)]), store, extraction=extraction)
        spent = time.perf_counter() - started
    return {"documents": summary.seen, "claims": summary.claims, "seconds": round(spent, 2),
            "docs_per_s": round(summary.seen / spent, 1)}


METRICS = [f"{side}/{counted}/{event}" for side in ("RU", "UA")
           for counted, event in [("soldier", "killed"), ("soldier", "wounded"), ("civilian", "killed"),
                                  ("civilian", "wounded"), ("child", "killed"), ("tank", "lost"),
                                  ("aircraft", "lost"), ("helicopter", "lost"), ("drone", "lost"),
                                  ("person", "displaced"), ("artillery", "lost"), ("ship", "lost"),
                                  ("missile", "other"), ("vehicle", "lost"), ("mlrs", "lost"),
                                  ("armoured_vehicle", "lost"), ("soldier", "captured"), ("person", "evacuated"),
                                  ("air_defence", "lost"), ("soldier", "missing")]]
CLAIMANTS = ["état-major ukrainien", "ministère russe de la Défense", "ONU", "HCR", "OIM", "Pentagone",
             "UK Ministry of Defence", "Zelensky", "Poutine", "Choïgou", "Maliar", "CICR", "OSCE", "OTAN",
             "Reuters", "AFP", "gouverneur de Kharkiv", "maire de Marioupol", "police", "Hamas"]


def build_big_ledger(db: Path, n_claims: int, seed: int = 11) -> None:
    """Fill a ledger directly (bulk inserts) with ``n_claims`` claims, ~5 citations per figure."""
    rng = random.Random(seed)
    start = date(2022, 2, 24)
    n_figures = max(1, n_claims // 5)
    n_docs = max(1, n_claims // 10)
    with Store.open(db) as store, store.engine.begin() as conn:
        infos = [resolve(name) for name in CLAIMANTS]
        claimant_rows = {}
        for info in infos:
            assert info is not None
            if info.key not in claimant_rows:
                claimant_rows[info.key] = {"id": len(claimant_rows) + 1, "key": info.key, "name": info.name,
                                           "kind": info.kind, "country": info.country, "party": info.party}
        conn.execute(claimants.insert(), list(claimant_rows.values()))
        cl = list(claimant_rows.values())
        now = time.strftime("%Y-%m-%d %H:%M:%S")
        docs = [{"id": d, "doc_key": f"s{d}", "text": f"document {d}", "content_hash": f"{d:064x}",
                 "status": "extracted", "n_claims": 10, "ingested_at": now, "lang": "fr",
                 "published": start + timedelta(days=d % 1100), "site": f"site{d % 50}.example"}
                for d in range(1, n_docs + 1)]
        for i in range(0, len(docs), 50_000):
            conn.exec_driver_sql(
                "INSERT INTO documents (id, doc_key, text, content_hash, status, n_claims, ingested_at, lang,"
                " published, site) VALUES (:id, :doc_key, :text, :content_hash, :status, :n_claims, :ingested_at,"
                " :lang, :published, :site)", docs[i:i + 50_000])
        figs = []
        for f in range(1, n_figures + 1):
            c = rng.choice(cl)
            metric = rng.choice(METRICS)
            figs.append({"id": f, "key": f"synthetic|{f}", "metric": metric, "value": float(rng.randint(1, 50000)),
                         "qualifier": "exact", "claimant_id": c["id"], "party": c["party"],
                         "as_of": start + timedelta(days=rng.randrange(1100)),
                         "citations": 0, "outlets": set(), "first_published": None})
        batch: list[dict[str, Any]] = []
        pending: list[list[dict[str, Any]]] = []
        for k in range(1, n_claims + 1):
            fig = figs[rng.randrange(n_figures)]
            side, counted, event = fig["metric"].split("/")
            doc = docs[rng.randrange(n_docs)]
            fig["citations"] += 1
            fig["outlets"].add(doc["site"])
            if fig["first_published"] is None or doc["published"] < fig["first_published"]:
                fig["first_published"] = doc["published"]
            batch.append({"id": k, "document_id": doc["id"], "figure_id": fig["id"],
                          "claimant_id": fig["claimant_id"], "start_offset": 0, "end_offset": 5, "quote": "12345",
                          "value": fig["value"], "qualifier": "exact", "counted": counted, "event": event,
                          "side": side, "metric": fig["metric"], "period_end": fig["as_of"], "sentence": "",
                          "confidence": 1.0, "lang": "fr"})
            if len(batch) == 50_000:
                pending.append(batch)
                batch = []
        pending.append(batch)
        for fig in figs:  # what the store maintains on each insert, computed here in bulk
            fig["outlets"] = len(fig["outlets"])
        for i in range(0, len(figs), 50_000):
            conn.execute(figures.insert(), figs[i:i + 50_000])
        for chunk in pending:
            if chunk:
                conn.execute(claims.insert(), chunk)
    with Store.open(db) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    _ = documents  # the table filled above with raw SQL for speed


def bench_queries(db: Path, rounds: int = 5) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with Store.open(db) as store:
        times = []
        sizes = []
        for metric in METRICS[:10]:
            for _ in range(rounds):
                started = time.perf_counter()
                points = timeline(store, metric)
                times.append((time.perf_counter() - started) * 1000)
            sizes.append(len(points))
        out["timeline_ms_median"] = round(statistics.median(times), 1)
        out["timeline_ms_max"] = round(max(times), 1)
        out["timeline_points_avg"] = round(sum(sizes) / len(sizes))
        times = []
        for metric in METRICS[:10]:
            started = time.perf_counter()
            timeline(store, metric, claimant="Ukraine", since=date(2023, 1, 1), until=date(2023, 6, 30))
            times.append((time.perf_counter() - started) * 1000)
        out["filtered_timeline_ms_median"] = round(statistics.median(times), 1)
        started = time.perf_counter()
        rows = latest_values(store)
        out["latest_values_ms"] = round((time.perf_counter() - started) * 1000, 1)
        out["latest_values_rows"] = len(rows)
        out["counts"] = store.counts()
    return out


def bench_whole_process(n: int, workdir: Path, lang: str, source: str) -> dict[str, Any]:
    """``decompte ingest`` of ``n`` real-text articles in its own process, timed from start to exit."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from extract_speed import corpus, run_sampled

    path = workdir / f"articles-{lang}-{n}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(corpus(n, lang, source=source)):
            day = date(2022, 3, 1) + timedelta(days=i % 300)
            fh.write(json.dumps({"id": f"a{i}", "text": text, "date": day.isoformat()}, ensure_ascii=False) + "\n")
    db = workdir / f"whole-{lang}.db"
    db.unlink(missing_ok=True)
    script = Path(sys.executable).parent / "decompte"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "decompte"]
    run = run_sampled([*command, "ingest", str(path), "--db", str(db), "--lang", lang])
    with Store.open(db) as store:
        counts = store.counts()
    return {"articles": n, "lang": lang, "source": source, "seconds": run.seconds, "cpu_seconds": run.cpu_seconds,
            "articles_per_s": round(n / run.seconds, 1), "peak_rss_mib": run.peak_rss_mib,
            "peak_pss_mib": run.peak_pss_mib, "documents": counts["documents"], "claims": counts["claims"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--skip-extract", action="store_true", help="only the ingest run without extraction")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the databases here (default: temporary)")
    parser.add_argument("--whole-process", action="store_true",
                        help="time `decompte ingest` of --docs real-text articles as its own process")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"], help="language of the --whole-process articles")
    parser.add_argument("--source", default="shared", choices=["project", "shared"],
                        help="--whole-process articles: ../shared/gold's real articles, or the project's own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="decompte-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if args.whole_process:
            print(json.dumps(bench_whole_process(args.docs, workdir, args.lang, args.source), indent=2))
            return
        results: dict[str, Any] = {}
        if args.docs:
            results["ingest_without_extraction"] = bench_ingest(args.docs, workdir, extract=False)
            print("ingest, extraction excluded:", results["ingest_without_extraction"], flush=True)
            if not args.skip_extract:
                results["ingest_with_extraction"] = bench_ingest(args.docs, workdir, extract=True)
                print("ingest, extraction included:", results["ingest_with_extraction"], flush=True)
        if args.claims:
            db = workdir / "big.db"
            started = time.perf_counter()
            build_big_ledger(db, args.claims)
            print(f"built a ledger of {args.claims} claims in {time.perf_counter() - started:.1f} s", flush=True)
            results["queries"] = bench_queries(db)
            print("queries:", results["queries"], flush=True)
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
