"""``decompte ingest CORPUS --engine dask``: extraction on Dask workers, Parquet out.

The corpus is cut into parts (``shards.plan``); each part is one Dask task
(``worker.process_part``) that writes its own Parquet files and returns counts. The
scheduler retries a task whose worker died, and since a part's files are named after
the part and replaced whole, a retry overwrites rather than duplicates. Without
``--scheduler`` a ``LocalCluster`` of worker processes is started on 127.0.0.1 (its HTTP
endpoint on a random local port, never the shared 8787) and closed at the end; with one, the workers must have Décompte installed
and see the shards and the output folder at the same paths (a shared file system), or
the shards through fsspec URLs.

Once every part is written, the reprints of one story are grouped (``ingest.neardup``)
from the MinHash signatures the workers computed, and the manifest is written last:
``decompte ledger load OUT`` refuses a folder without it.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from decompte.errors import DecompteError
from decompte.ingest.neardup import StoryIndex, outlet
from decompte.ingest.reasons import Failure
from decompte.scale.output import (
    STORY_SCHEMA,
    prepare,
    read_table,
    remove_leftovers,
    write_manifest,
)
from decompte.scale.shards import DEFAULT_BLOCKSIZE, expand, plan
from decompte.scale.worker import PartSummary, TaskOptions, process_part


class DaskRunFailed(DecompteError):
    """A part could not be processed even after retries, or the cluster could not be reached."""


@dataclass(frozen=True)
class DaskOptions:
    """Where and how to run: a scheduler address (else a local cluster of ``workers``), part size."""

    scheduler: str | None = None
    workers: int = 2
    blocksize: int = DEFAULT_BLOCKSIZE
    retries: int = 1
    """Extra attempts of a task that raised; a task whose worker died is rescheduled by Dask anyway."""


@dataclass
class DaskSummary:
    """What a Dask run did, in the shape of the ingest summary."""

    out: str
    parts: int = 0
    done: int = 0
    documents: int = 0
    claims: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    examples: list[Failure] = field(default_factory=list)
    stories: int = 0
    reprinted_stories: int = 0
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0

    @property
    def seen(self) -> int:
        return self.documents + sum(self.failed.values())

    @property
    def rate(self) -> float:
        spent = self.elapsed or (time.monotonic() - self.started)
        return self.seen / spent if spent > 0 else 0.0

    def add(self, part: PartSummary) -> None:
        self.done += 1
        self.documents += part.documents
        self.claims += part.claims
        self.skipped.update(part.skipped)
        self.failed.update(part.failed)
        self.examples.extend(part.examples[: max(0, 20 - len(self.examples))])

    def to_dict(self) -> dict[str, Any]:
        return {"engine": "dask", "out": self.out, "parts": self.parts, "documents": self.documents,
                "claims": self.claims, "skipped": dict(self.skipped), "failed": dict(self.failed),
                "failures": [f.__dict__ for f in self.examples], "stories": self.stories,
                "reprinted_stories": self.reprinted_stories, "seconds": round(self.elapsed, 3)}


@contextmanager
def open_client(options: DaskOptions) -> Iterator[Any]:
    """A client of the scheduler named, or of a local cluster started (and closed) here."""
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="15s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskRunFailed(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    if options.workers < 1:
        raise DecompteError(f"--workers must be at least 1 (got {options.workers})")
    cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    try:
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def group_stories(out: Path, parts: Sequence[str]) -> tuple[int, int]:
    """Group the output's documents into stories; write ``stories.parquet``; return (stories, reprinted)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    index = StoryIndex()
    for name in parts:
        for r in read_table(out, "documents", name, columns=["row", "content_hash", "site", "url", "minhash"]):
            index.add((name, r["row"], r["content_hash"]), r["minhash"], r["content_hash"], outlet(r["site"], r["url"]))
    rows = []
    stories = index.stories()
    for story in stories:
        members: list[tuple[str, int, str]] = list(story.members)  # type: ignore[arg-type]
        for name, row, content_hash in members:
            rows.append({"part": name, "row": row, "content_hash": content_hash, "story_id": story.story_id,
                         "outlets": len(story.outlets), "documents": len(story.members)})
    pq.write_table(pa.Table.from_pylist(rows, schema=STORY_SCHEMA), out / "stories.parquet")
    return len(stories), sum(1 for s in stories if len(s.outlets) > 1)


def run_dask(
    sources: Sequence[str],
    out: Path,
    task: TaskOptions | None = None,
    options: DaskOptions | None = None,
    *,
    client: Any = None,
    on_part: Callable[[DaskSummary], None] | None = None,
) -> DaskSummary:
    """Extract the claims of a sharded corpus on Dask and write them to ``out`` as Parquet.

    ``client``: an open ``distributed.Client`` to use (else one is opened from
    ``options``); ``task.out`` is replaced by ``out``, made absolute. ``on_part`` is called after each finished part (progress bars).
    Bad sources or a non-empty ``out`` are refused before any work starts.
    """
    from dask import delayed
    from distributed import as_completed

    options = options or DaskOptions()
    out = Path(out).resolve()  # workers do not share our working directory
    shards = expand(sources)
    parts = plan(shards, options.blocksize)
    prepare(out)
    task = replace(task or TaskOptions(out=str(out)), out=str(out))
    summary = DaskSummary(out=str(out), parts=len(parts))
    with (open_client(options) if client is None else _given(client)) as active:
        graph = [delayed(process_part, pure=True)(spec, block, task, dask_key_name=f"decompte-part-{spec.name}")
                 for spec, block in parts]
        futures = active.compute(graph, retries=options.retries)
        try:
            for future in as_completed(futures):
                summary.add(future.result())
                if on_part is not None:
                    on_part(summary)
        except DecompteError:
            raise
        except Exception as exc:  # noqa: BLE001 - KilledWorker, an I/O error after retries…: one line
            raise DaskRunFailed(f"the Dask run failed: {type(exc).__name__}: {exc}") from None
        finally:
            active.cancel(futures)
    remove_leftovers(out)
    names = [spec.name for spec, _ in parts]
    summary.stories, summary.reprinted_stories = group_stories(out, names)
    summary.elapsed = time.monotonic() - summary.started
    from decompte.extract import EXTRACTOR_VERSION, available_languages

    write_manifest(out, {"extractor_version": str(EXTRACTOR_VERSION), "languages": sorted(available_languages()),
                         "sources": list(shards), "parts": names, "summary": summary.to_dict()})
    return summary


@contextmanager
def _given(client: Any) -> Iterator[Any]:
    yield client


