"""The extraction version follows the packs, the shared data and the rules (issue 12, item 3).

A ledger re-extracts a document whose claims carry another version, so editing any file
extraction reads must change the version — and the same files anywhere must not.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from decompte.extract import EXTRACTOR_VERSION, get_extractor
from decompte.extract.packs import load_pack
from decompte.extract.version import current_version, extraction_version, ledger_version, package_version


@dataclass
class Pack:
    code: str
    path: Path


def test_editing_a_pack_in_a_temp_folder_changes_its_version(tmp_path: Path) -> None:
    bundled = load_pack("fr")
    copy = Pack("fr", tmp_path / "fr")
    shutil.copytree(bundled.path, copy.path)
    before = extraction_version(copy)
    assert before == extraction_version(bundled)  # the same files elsewhere: the same version
    assert before.startswith(f"{package_version()}+fr.")
    counted = copy.path / "counted.yaml"
    counted.write_text(counted.read_text(encoding="utf-8") + "\n# un mot de plus\n", encoding="utf-8")
    after = extraction_version(copy)
    assert after != before and after.startswith(f"{package_version()}+fr.")
    assert ledger_version([copy, load_pack("en")]) != ledger_version([bundled, load_pack("en")])


def test_a_new_file_in_a_pack_changes_the_version_too(tmp_path: Path) -> None:
    copy = Pack("fr", tmp_path / "fr")
    shutil.copytree(load_pack("fr").path, copy.path)
    before = extraction_version(copy)
    (copy.path / "patterns.jsonl").write_text('{"label": "essai"}\n', encoding="utf-8")
    assert extraction_version(copy) != before


def test_the_extractor_and_the_ledger_use_the_derived_versions() -> None:
    assert EXTRACTOR_VERSION == current_version()
    assert get_extractor("fr").version == extraction_version(load_pack("fr"))
