"""``decompte --version``: the package, each language's extraction version and its spaCy pipeline.

Read from the packs' ``pack.yaml``, their files' hash and the installed distributions'
metadata, without loading a pack or a pipeline.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def _installed(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def version_lines() -> list[str]:
    """``decompte X``, the extraction version a ledger records, then one line per language pack."""
    from decompte.extract.version import current_version, extraction_version, installed_packs

    lines = [f"decompte {_installed('decompte')}",
             f"extraction {current_version()} (recorded by the ledger; spaCy {_installed('spacy')})"]
    for pack in installed_packs():
        pipeline_version = "" if pack.pipeline.startswith("blank") else f" {_installed(pack.pipeline)}"
        lines.append(f"{pack.code}: pack {pack.version}, extraction {extraction_version(pack)}, "
                     f"pipeline {pack.pipeline}{pipeline_version}")
    return lines
