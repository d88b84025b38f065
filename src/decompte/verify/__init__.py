"""Check claims against reference series: consistent, inconsistent, stale or unknown.

``series`` reads and checks the data files a ``manifest`` describes, ``registry``
finds shipped and user-added series, ``match`` picks the series and the date that
speak for a claim, ``bounds`` turns qualified figures into intervals, ``check`` gives
the verdict and its reason, ``run`` verifies a text or the whole ledger, and ``update``
installs a newer copy of a series as a new version and verifies the ledger's claims again.
"""

from __future__ import annotations

from decompte.verify.bounds import CLAIM_TOLERANCE, REFERENCE_TOLERANCE, Interval, bounds
from decompte.verify.check import STALE_DAYS, Rules, check_claim
from decompte.verify.manifest import Manifest, check_metric, load_manifest
from decompte.verify.registry import Registry, add_series, shipped_dir, user_dir
from decompte.verify.run import Checked, verify_claims, verify_store, verify_text
from decompte.verify.series import Point, Series, load_points
from decompte.verify.update import SeriesUpdate, reverify, update_series

__all__ = [
    "CLAIM_TOLERANCE",
    "Checked",
    "Interval",
    "Manifest",
    "Point",
    "REFERENCE_TOLERANCE",
    "Registry",
    "Rules",
    "STALE_DAYS",
    "Series",
    "SeriesUpdate",
    "add_series",
    "bounds",
    "check_claim",
    "check_metric",
    "load_manifest",
    "load_points",
    "reverify",
    "shipped_dir",
    "update_series",
    "user_dir",
    "verify_claims",
    "verify_store",
    "verify_text",
]
