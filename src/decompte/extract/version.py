"""The extraction version: which code and which language data a claim was extracted with.

A ledger re-extracts a document whose claims carry another version than the current
extractor's, so the version must change whenever the output may: it is the package
version, the pack's code, and a short hash of everything extraction reads, namely

- the pack's own files (``pack.yaml``, ``numbers.yaml``… of its folder),
- the data shared by every language (``data/common/`` and ``decompte/data/claimants.json``),
- the rules themselves, the Python modules of ``decompte.extract``,

e.g. ``0.1.0+fr.3f9c2a1b07de``. Editing a word list, a pattern or a rule gives a new
version without anyone having to remember to bump a constant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol

EXTRACT_DIR = Path(__file__).resolve().parent
#: Data every pack reads besides its own folder.
SHARED_DATA = (EXTRACT_DIR / "data" / "common", EXTRACT_DIR.parent / "data" / "claimants.json")
#: Characters of the hash kept in the version: plenty to tell versions apart.
DIGEST_CHARS = 12
_DATA_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".txt", ".csv")


class _Pack(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def path(self) -> Path: ...


def package_version() -> str:
    """The installed ``decompte`` version (``0+unknown`` from a tree never installed)."""
    try:
        return version("decompte")
    except PackageNotFoundError:
        return "0+unknown"


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                  and "__pycache__" not in p.parts)


def digest(files: Iterable[tuple[str, Path]]) -> str:
    """A short SHA-256 of the files' names and contents, in the order given."""
    h = hashlib.sha256()
    for name, path in files:
        h.update(name.encode("utf-8") + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:DIGEST_CHARS]


def _pack_inputs(code: str, pack_path: Path) -> list[tuple[str, Path]]:
    # Names relative to the pack, so that the same pack installed elsewhere has the same version.
    return [(f"pack/{code}/{p.relative_to(pack_path)}", p)
            for p in _files(pack_path, _DATA_SUFFIXES) if p.parent == pack_path]


def _shared_inputs() -> list[tuple[str, Path]]:
    named: list[tuple[str, Path]] = []
    for shared in SHARED_DATA:
        named += [(f"shared/{p.relative_to(shared.parent)}", p) for p in _files(shared, _DATA_SUFFIXES)]
    return named + [(f"rules/{p.name}", p) for p in _files(EXTRACT_DIR, (".py",)) if p.parent == EXTRACT_DIR]


def extraction_version(pack: _Pack) -> str:
    """One pack's ``PACKAGE+CODE.HASH`` (``Extractor.version``): changes with the package, the
    pack's files (those of its folder), the shared data or the rules."""
    files = _pack_inputs(pack.code, Path(pack.path)) + _shared_inputs()
    return f"{package_version()}+{pack.code}.{digest(files)}"


def ledger_version(packs: Iterable[_Pack]) -> str:
    """``PACKAGE+HASH`` over every pack given (``EXTRACTOR_VERSION``, what a ledger run records)."""
    files = [f for pack in sorted(packs, key=lambda p: p.code) for f in _pack_inputs(pack.code, Path(pack.path))]
    return f"{package_version()}+{digest(files + _shared_inputs())}"


@dataclass(frozen=True)
class PackInfo:
    """What ``pack.yaml`` says of an installed pack, read without loading the pack."""

    code: str
    path: Path
    version: str
    pipeline: str


def installed_packs() -> list[PackInfo]:
    """The installed packs, bundled or in ``DECOMPTE_PACKS``, found as ``decompte.extract.packs``
    finds them but reading only their ``pack.yaml`` (``decompte --version`` stays quick)."""
    from decompte.extract.packs import _find_pack, _load_yaml, available_languages

    found = []
    for code in available_languages():
        path = _find_pack(code)
        if path is not None:
            meta = _load_yaml(path / "pack.yaml")
            found.append(PackInfo(code, path, str(meta.get("version", "0")), str(meta.get("pipeline", "blank"))))
    return found


def current_version() -> str:
    """``ledger_version`` of the installed packs (``EXTRACTOR_VERSION``)."""
    return ledger_version(installed_packs())
