"""Synthetic corpora for the scale tests and benchmarks, built from the project's own texts.

Seeds are the short French and English documents of ``tests/data/*-sentences-docs.jsonl``
(written for Décompte). A generated document is one to three consecutive paragraphs of
one seed, its numbers shifted so that documents differ; its text is unique in the corpus,
and it has an id, a URL, a site and a date. ``wire_story`` makes the reprints of one
story by several outlets: the same paragraphs with an outlet's own dateline and credit.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"
SEED_FILES = ("fr-sentences-docs.jsonl", "en-sentences-docs.jsonl")
SITES = ("kyiv-dispatch.example", "courrier-est.example", "wire-news.example", "le-journal.example",
         "daily-report.example", "presse-libre.example")


def seeds() -> list[dict[str, Any]]:
    """The seed documents: ``{"lang", "published", "paragraphs"}``."""
    found = []
    for name in SEED_FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                paragraphs = [p for p in doc["text"].split("\n") if p.strip()]
                found.append({"lang": doc["lang"], "published": doc["published"], "paragraphs": paragraphs})
    return found


def _shift(text: str, rng: random.Random) -> str:
    """Shift numbers of two or three digits above 31 (not days, not years) by up to 9."""
    def one(m: re.Match[str]) -> str:
        n = int(m.group())
        return str(n + rng.randint(1, 9)) if 31 < n < 1000 else m.group()
    return re.sub(r"(?<![\d.,])\d{2,3}(?![\d.,]\d)", one, text)


def documents(n: int, seed: int = 7, with_lang: bool = False) -> Iterator[dict[str, Any]]:
    """``n`` corpus records with unique texts (JSONL/CSV/Parquet-ready dicts)."""
    rng = random.Random(seed)
    pool = seeds()
    seen: set[str] = set()
    i = 0
    while i < n:
        doc = pool[rng.randrange(len(pool))]
        paras = doc["paragraphs"]
        start = rng.randrange(len(paras))
        size = rng.randint(1, 3)
        text = "\n".join(_shift(p, rng) for p in paras[start:start + size])
        if text in seen:
            continue
        seen.add(text)
        day = date.fromisoformat(doc["published"]) + timedelta(days=rng.randint(0, 3))
        site = SITES[i % len(SITES)]
        record = {"id": f"gen-{seed}-{i}", "text": text, "date": day.isoformat(),
                  "url": f"https://{site}/{day:%Y/%m/%d}/article-{seed}-{i}", "title": None}
        if with_lang:
            record["lang"] = doc["lang"]
        yield record
        i += 1


def wire_story(text: str, outlets: list[str], story: str, published: str = "2022-03-20") -> list[dict[str, Any]]:
    """The reprints of one wire story by several outlets: same body, own dateline and credit."""
    records = []
    for k, site in enumerate(outlets):
        body = f"{text}\n(avec AFP, {site.split('.')[0]})" if k % 2 else f"{site.split('.')[0].upper()} — {text}"
        records.append({"id": f"{story}-{k}", "text": body, "date": published,
                        "url": f"https://{site}/{story}", "title": None})
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]] | Iterator[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_shards(folder: Path, records: list[dict[str, Any]], shards: int) -> list[Path]:
    """Split records into ``shards`` JSONL files (``part-000.jsonl``…), round-robin."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"part-{k:03d}.jsonl" for k in range(shards)]
    for k, path in enumerate(paths):
        write_jsonl(path, records[k::shards])
    return paths
