"""Where series live: those shipped in the package and those a user added.

Shipped series are folders under ``decompte/data/reference/``; a user's are folders
under their data directory (``DECOMPTE_REFERENCE_DIR`` when set, else the platform's
per-user application folder). Both are folders holding ``manifest.yaml`` and the data
files it names, so adding a series is copying a checked folder, and a user's series
with the name of a shipped one replaces it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import yaml

from decompte.errors import ReferenceSeriesError
from decompte.verify.manifest import load_manifest
from decompte.verify.series import Series, load_points

MANIFEST = "manifest.yaml"
ENV_DIR = "DECOMPTE_REFERENCE_DIR"


def shipped_dir() -> Path:
    """The package's own series (``decompte/data/reference``, beside this sub-package)."""
    return Path(__file__).resolve().parents[1] / "data" / "reference"


def user_dir() -> Path:
    """The folder a user's series are added to (``$DECOMPTE_REFERENCE_DIR`` wins)."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import typer  # click's get_app_dir: the platform's per-user folder

    return Path(typer.get_app_dir("decompte")) / "reference"


class Registry:
    """The series known to one run, in priority order; data is read only when used."""

    def __init__(self, folders: Iterable[Path]) -> None:
        by_name: dict[str, Series] = {}
        for folder in folders:  # later folders override earlier ones by name
            if not folder.is_dir():
                continue
            for manifest_path in sorted(folder.glob(f"*/{MANIFEST}")):
                if manifest_path.parent.name.startswith("."):  # a half-copied `reference add`
                    continue
                manifest = load_manifest(manifest_path)
                by_name[manifest.name] = Series(manifest)
        self.series = sorted(by_name.values(), key=lambda s: (s.manifest.priority, s.name))

    @classmethod
    def default(cls) -> Registry:
        """Shipped series, then the user's."""
        return cls([shipped_dir(), user_dir()])

    def get(self, name: str) -> Series:
        """The series called ``name``, or a clear error listing the known ones."""
        for series in self.series:
            if series.name == name:
                return series
        known = ", ".join(s.name for s in self.series) or "none"
        raise ReferenceSeriesError(f"no reference series named {name!r} (known: {known})")

    def for_metric(self, metric: str) -> list[Series]:
        """Series providing ``metric``, in priority order (reads manifests only)."""
        return [s for s in self.series if metric in s.manifest.metrics]


def add_series(data_file: Path, manifest_file: Path, target: Path | None = None, replace: bool = False) -> Series:
    """Check a user's file against its manifest and copy both into the user folder.

    Nothing is copied unless the whole series reads and passes the checks, so a bad
    file never leaves a half-added series behind.
    """
    data_file, target = Path(data_file), Path(target) if target else user_dir()
    manifest = load_manifest(manifest_file, data_file=data_file.resolve())
    if len(manifest.files) != 1:
        raise ReferenceSeriesError("`reference add` takes one data file; its manifest must not list `files`")
    load_points(manifest)  # raises with the reason if the file is bad
    folder = target / manifest.name
    if folder.exists() and not replace:
        raise ReferenceSeriesError(f"a series named {manifest.name!r} is already installed in {target}")
    raw = yaml.safe_load(Path(manifest_file).read_text(encoding="utf-8"))
    raw.pop("files", None)
    raw["path"] = data_file.name
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{manifest.name}-", dir=target))
    try:
        shutil.copy2(data_file, staging / data_file.name)
        if manifest.licence_file is not None:
            raw["licence_file"] = manifest.licence_file.name
            shutil.copy2(manifest.licence_file, staging / manifest.licence_file.name)
        (staging / MANIFEST).write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        series = Series(load_manifest(staging / MANIFEST))
        series.points  # the copy reads like the original
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return Series(load_manifest(folder / MANIFEST))
