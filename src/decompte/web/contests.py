"""Contests and revisions as the API and the timeline show them.

The figures are compared by ``decompte.verify.contests`` and ``decompte.verify.revisions``
(which read the ledger through ``decompte.ledger.compare``); this module only shapes
their results: payloads, CSV rows, the flags a claim's JSON carries, and which points of
a timeline are contested.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from decompte.ledger import Store
from decompte.ledger.export import plain
from decompte.settings import JUMP_FACTOR, REPORTING_LAG_DAYS
from decompte.verify.bounds import CLAIM_TOLERANCE
from decompte.verify.contests import contests
from decompte.verify.revisions import (
    is_cumulative, revisions, revisions_by_series, revisions_of_figures, series_of_figures,
)


def _plain(value: Any) -> Any:
    """CSV cells as exports write them: whole figures as integers, at any depth."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return plain(value)


def contest_payload(store: Store, metric: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``/api/contests``: the contests with their figures, and one CSV row per figure."""
    found = [c.to_dict() for c in contests(store, metric=metric)]
    rows = [_plain({"contest": number, "metric": c["metric"], **f}) for number, c in enumerate(found, start=1)
            for f in c["figures"]]
    payload = {"contests": found, "count": len(found), "lag_days": REPORTING_LAG_DAYS,
               "about_tolerance": CLAIM_TOLERANCE}
    return payload, rows


def revision_payload(store: Store, registry: Any, metric: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``/api/revisions``: revisions down and jumps, and the same as CSV rows."""
    found = [r.to_dict() for r in revisions(store, registry, metric=metric)]
    return {"revisions": found, "count": len(found), "jump_factor": JUMP_FACTOR}, [_plain(r) for r in found]


def attach_revisions(store: Store, registry: Any, found: list[dict[str, Any]], cache: Any = None,
                     series: dict[int, tuple[str, str]] | None = None) -> list[dict[str, Any]]:
    """Each claim (``queries.claim_dict``) with ``revisions``: the flags on its figure, earlier citation
    linked; ``cache`` (a ``LedgerCache``) keeps each series' flags until the ledger changes.

    ``series``: each figure's (metric, party), when the caller read them with the claims
    (``queries.figure_series``); else they are looked up."""
    ids = [c["figure_id"] for c in found]
    if cache is None:
        flags = {fid: [flag.to_dict() for flag in fs] for fid, fs in revisions_of_figures(store, registry, ids).items()}
    else:
        flags = _series_flags(store, registry, cache, _cumulative_pairs(store, ids, series))
    for claim in found:
        claim["revisions"] = list(flags.get(claim["figure_id"], ()))
    return found


def _cumulative_pairs(store: Store, ids: list[int], series: dict[int, tuple[str, str]] | None) -> list[tuple[str, str]]:
    if series is None:
        return series_of_figures(store, ids)
    return sorted({series[fid] for fid in ids if is_cumulative(series[fid][0])})


def _series_flags(store: Store, registry: Any, cache: Any, pairs: list[tuple[str, str]]) -> dict[int, Any]:
    """The flags of the figures of these series, as JSON-ready dicts, figure id → flags.

    Each series (metric, party) is kept while the ledger is unchanged, as the dicts a claim's JSON
    shows (shared: not to be changed); those a page misses are read together, in one batch."""
    flags: dict[int, Any] = {}
    kept = cache.peek([("series-revisions", pair) for pair in pairs])
    missing = [pair for pair in pairs if ("series-revisions", pair) not in kept]
    for known in kept.values():
        flags.update(known)
    for pair, found in revisions_by_series(store, registry, missing).items():
        as_dicts = {fid: [flag.to_dict() for flag in fs] for fid, fs in found.items()}
        flags.update(cache.get(("series-revisions", pair), lambda as_dicts=as_dicts: as_dicts))
    return flags


def contested_figures(store: Store, metric: str) -> dict[int, list[str]]:
    """For each contested figure of ``metric``: the other claimants of its contest (a point's mark)."""
    out: dict[int, list[str]] = defaultdict(list)
    for contest in contests(store, metric=metric):
        names = contest.claimants
        for row, _interval in contest.figures:
            out[row.figure_id] = [n for n in names if n != row.claimant]
    return dict(out)
