"""A newer copy of an installed reference series: checked, installed as a new version, claims re-verified.

``update_series`` reads the newer copy of one (or each) of a series' data files, from a file, a
URL (the fetcher's limits and address rules) or the file's ``update_url`` in the manifest, and
puts it through the gate of ``reference add`` plus three checks against the installed copy:

- the same columns as the installed file, none dropped and none added;
- every cumulative metric monotonic, except on a date listed under ``revisions`` (``series``);
- the past as it was: every date the installed copy held keeps its value, unless a correction
  record (a ``revisions`` entry for that metric and date) says it changed; the first date that
  breaks this is named in the refusal.

Nothing is installed unless all pass. The new copy goes to the user's series folder under the
series' name (so it replaces a shipped one, as ``reference add`` does) with ``version`` and
``retrieved`` written in its manifest; a user copy it replaces is kept under
``.versions/NAME/``. ``reverify`` then checks again the ledger's claims of the series' metrics.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml

from decompte.errors import ReferenceSeriesError
from decompte.settings import DATA_TYPES, DEFAULT_LIMITS, Limits
from decompte.verify.manifest import FileSpec, Manifest, load_manifest
from decompte.verify.registry import MANIFEST, Registry, user_dir
from decompte.verify.series import Point, Series, file_columns, load_points

if TYPE_CHECKING:
    import httpx

    from decompte.ledger.store import Store
    from decompte.verify.check import Rules
    from decompte.verify.run import Checked

VERSIONS = ".versions"


@dataclass(frozen=True)
class SeriesUpdate:
    """What an update did: the series now installed, its version and the one it replaced."""

    series: Series
    version: str | None
    previous_version: str | None
    retrieved: date
    added: int
    """Points (metric, date) the new copy adds."""
    corrected: int
    """Points of the past changed under a correction record."""
    installed: bool
    """False when the new copy held nothing new: nothing was written."""

    def to_dict(self) -> dict[str, Any]:
        return {"series": self.series.name, "version": self.version, "previous_version": self.previous_version,
                "retrieved": self.retrieved.isoformat(), "added": self.added, "corrected": self.corrected,
                "installed": self.installed}


def update_series(name: str, sources: Sequence[str] = (), *, manifest_file: Path | None = None,
                  registry: Registry | None = None, target: Path | None = None, retrieved: date | None = None,
                  client: httpx.Client | None = None, limits: Limits = DEFAULT_LIMITS) -> SeriesUpdate:
    """Check newer copies of series ``name``'s data files and install them as a new version.

    ``sources`` are files or URLs, each replacing the data file of the same name (or the only
    one); none: each file's ``update_url``. ``manifest_file``: a newer manifest of the same
    series (new correction records). Raises ``ReferenceSeriesError`` with the reason.
    """
    current = (registry or Registry.default()).get(name)
    if current.manifest.path is None:
        raise ReferenceSeriesError(f"{name}: the installed series has no manifest file to update from")
    target = Path(target) if target else user_dir()
    retrieved = retrieved or date.today()
    replaced = _assign(current.manifest, sources)
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target))
    try:
        raw = _stage(current.manifest, manifest_file, replaced, staging, client, limits)
        candidate = load_manifest(staging / MANIFEST)
        _same_columns(current.manifest, candidate)
        points = load_points(candidate)  # monotonic unless a listed correction, as `reference add` checks
        added, corrected = _same_past(current, candidate, points)
        if not added and not corrected and candidate.revisions == current.manifest.revisions:
            return SeriesUpdate(current, _version_of(current), _version_of(current), retrieved, 0, 0, False)
        version = _new_version(points, retrieved, current, target)
        raw |= {"version": version, "retrieved": retrieved.isoformat()}
        (staging / MANIFEST).write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        Series(load_manifest(staging / MANIFEST)).points  # the installed copy reads like the checked one
        _install(staging, target / name, target / VERSIONS / name, current)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    installed = Series(load_manifest(target / name / MANIFEST))
    return SeriesUpdate(installed, version, _version_of(current), retrieved, added, corrected, True)


def reverify(store: Store, series: Series, registry: Registry | None = None, rules: Rules | None = None) -> list[Checked]:
    """Verify again, and store the verdicts of, the ledger's claims of the series' metrics."""
    from decompte.ledger import iter_claims, store_verdicts
    from decompte.verify.check import Rules, check_claim
    from decompte.verify.run import Checked, _published

    registry = registry or Registry.default()
    rules = rules or Rules()
    checked = [Checked(claim, check_claim(claim, _published(document), registry, rules), claim_id)
               for claim_id, claim, document in iter_claims(store, metric=list(series.manifest.metrics))]
    store_verdicts(store, [(c.claim_id, c.verdict) for c in checked])
    return checked


def _assign(manifest: Manifest, sources: Sequence[str]) -> dict[str, str]:
    """Data file name → the source of its newer copy."""
    names = [spec.path.name for spec in manifest.files]
    if not sources:
        found = {spec.path.name: spec.update_url for spec in manifest.files if spec.update_url}
        if not found:
            raise ReferenceSeriesError(f"{manifest.name} names no update_url: give --from FILE|URL")
        return found
    assigned: dict[str, str] = {}
    for source in sources:
        base = Path(urlsplit(source).path if "://" in source else source).name
        name = base if base in names else names[0] if len(names) == 1 else None
        if name is None:
            raise ReferenceSeriesError(f"{source}: {manifest.name} has no data file named {base!r} "
                                       f"(its files: {', '.join(names)})")
        if name in assigned:
            raise ReferenceSeriesError(f"two new copies given for {name}")
        assigned[name] = source
    return assigned


def _stage(current: Manifest, manifest_file: Path | None, replaced: dict[str, str], staging: Path,
           client: httpx.Client | None, limits: Limits) -> dict[str, Any]:
    """Copy the series into ``staging``, new copies in place of the old files; return its manifest's mapping."""
    assert current.path is not None
    source_manifest = Path(manifest_file) if manifest_file else current.path
    raw = yaml.safe_load(source_manifest.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("name") != current.name:
        raise ReferenceSeriesError(f"manifest {source_manifest} is not one of series {current.name!r}")
    for spec in current.files:
        if spec.path.name in replaced:
            _copy_in(replaced[spec.path.name], staging / spec.path.name, client, limits)
        else:
            shutil.copy2(spec.path, staging / spec.path.name)
    if "files" in raw:
        raw["files"] = [{**entry, "path": Path(str(entry["path"])).name} for entry in raw["files"]]
    else:
        raw["path"] = current.files[0].path.name
    if current.licence_file is not None:
        shutil.copy2(current.licence_file, staging / current.licence_file.name)
        raw["licence_file"] = current.licence_file.name
    for key in ("version", "retrieved"):
        raw.pop(key, None)
    (staging / MANIFEST).write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return raw


def _copy_in(source: str, dest: Path, client: httpx.Client | None, limits: Limits) -> None:
    """A newer copy from a file or a URL (bounded like any download), written to ``dest``."""
    if "://" not in source:
        path = Path(source)
        if not path.is_file():
            raise ReferenceSeriesError(f"{source}: no such file")
        shutil.copyfile(path, dest)
        return
    from decompte.errors import FetchRefused
    from decompte.ingest.fetch import fetch, new_client

    own = client is None
    client = client or new_client(limits)
    try:
        dest.write_bytes(fetch(client, source, limits, types=DATA_TYPES).body)
    except FetchRefused as exc:
        raise ReferenceSeriesError(f"cannot read the new copy: {exc}") from None
    finally:
        if own:
            client.close()


def _same_columns(current: Manifest, candidate: Manifest) -> None:
    for old, new in zip(current.files, candidate.files, strict=False):
        before, after = file_columns(old), file_columns(new)
        if before != after:
            gone, extra = sorted(before - after), sorted(after - before)
            what = "; ".join(part for part in (
                f"lacks {', '.join(map(repr, gone))}" if gone else "",
                f"adds {', '.join(map(repr, extra))}" if extra else "") if part)
            raise ReferenceSeriesError(f"{new.path.name}: the new copy {what}: it must have the installed "
                                       "copy's columns")
    if [s.path.name for s in current.files] != [s.path.name for s in candidate.files]:
        raise ReferenceSeriesError(f"{current.name}: the new manifest lists other data files than the installed one")


def _same_past(current: Series, candidate: Manifest, points: dict[str, tuple[Point, ...]]) -> tuple[int, int]:
    """(points added, points corrected); refuses a past changed without a correction record."""
    records = {(r.metric, r.date) for r in candidate.revisions}
    added = corrected = 0
    broken: list[tuple[date, str]] = []
    for metric, old_points in current.points.items():
        new = {p.date: p for p in points.get(metric, ())}
        for old in old_points:
            now = new.pop(old.date, None)
            if now is not None and now.value == old.value:
                continue
            if (metric, old.date) in records and now is not None:
                corrected += 1
                continue
            was = f"{metric} on {old.date} was {old.value:g}, now " + (f"{now.value:g}" if now else "absent")
            broken.append((old.date, was))
        added += len(new)
    if broken:
        broken.sort()
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        raise ReferenceSeriesError(
            f"{current.name}: the new copy rewrites the past from {broken[0][0]}: {broken[0][1]}{more}; "
            "a changed value needs a correction record (a `revisions` entry for that metric and date, "
            "in a manifest given with --manifest)")
    return added, corrected


def _version_of(series: Series) -> str | None:
    from decompte.verify.check import series_version

    return series_version(series)


def _new_version(points: dict[str, tuple[Point, ...]], retrieved: date, current: Series, target: Path) -> str:
    """'LAST_DAY (retrieved DAY)', made distinct from the versions already kept."""
    last = max(p[-1].date for p in points.values() if p)
    base = f"{last.isoformat()} (retrieved {retrieved.isoformat()})"
    taken = {_version_of(current)} | {_kept_version(p) for p in (target / VERSIONS / current.name).glob("*")}
    version, n = base, 1
    while version in taken:
        n += 1
        version = f"{base} #{n}"
    return version


def _slug(version: str) -> str:
    return re.sub(r"[^0-9A-Za-z#-]+", "_", version).strip("_")


def _kept_version(folder: Path) -> str:
    """The version a kept folder holds (its manifest says; the folder name is only a slug)."""
    manifest = folder / MANIFEST
    raw = yaml.safe_load(manifest.read_text(encoding="utf-8")) if manifest.is_file() else None
    return str(raw.get("version") or folder.name) if isinstance(raw, dict) else folder.name


def _install(staging: Path, folder: Path, kept: Path, current: Series) -> None:
    """Put ``staging`` in place of ``folder``, the user copy it replaces kept under ``kept``."""
    if folder.exists():
        kept.mkdir(parents=True, exist_ok=True)
        archive = kept / _slug(_version_of(current) or "unversioned")
        if archive.exists():
            shutil.rmtree(archive)
        folder.rename(archive)
    staging.rename(folder)
