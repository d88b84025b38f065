"""Past one process: a sharded corpus extracted on Dask, written as Parquet, loaded into a ledger.

::

    from decompte.scale import DaskOptions, run_dask, load_output
    summary = run_dask(["corpus/*.jsonl"], Path("out"), options=DaskOptions(workers=2))
    with Store.open("decompte.db") as store:
        load_output(Path("out"), store)

Local parallelism on one machine (a process pool, the ledger written by the parent)
is ``decompte.ingest.parallel``; near-duplicate stories are ``decompte.ingest.neardup``.
"""

from __future__ import annotations

from decompte.scale.engine import (
    DaskOptions,
    DaskRunFailed,
    DaskSummary,
    open_client,
    run_dask,
)
from decompte.scale.load import load_output
from decompte.scale.stories import StoryRow, assign_stories, list_stories, set_story_ids
from decompte.scale.worker import TaskOptions

__all__ = [
    "DaskOptions",
    "DaskRunFailed",
    "DaskSummary",
    "StoryRow",
    "TaskOptions",
    "assign_stories",
    "list_stories",
    "load_output",
    "open_client",
    "run_dask",
    "set_story_ids",
]
