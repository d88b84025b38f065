"""Reference files and manifests: the shipped series pass the checks that refuse bad ones."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from decompte.errors import ReferenceSeriesError
from decompte.verify import Registry, Series, add_series, check_metric, load_manifest, load_points, shipped_dir

DATA = Path(__file__).parent / "data"
SHIPPED = sorted(p.parent.name for p in shipped_dir().glob("*/manifest.yaml"))


def test_the_real_series_are_shipped() -> None:
    assert {"ua-general-staff", "ua-general-staff-lod", "ohchr-ukraine-civilians"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_series_pass_the_checks_and_keep_their_licence(name: str) -> None:
    manifest = load_manifest(shipped_dir() / name / "manifest.yaml")
    points = load_points(manifest)  # the same gate as `decompte reference add`
    assert set(points) == set(manifest.metrics)
    assert manifest.licence and manifest.source_url.startswith("https://")
    if manifest.licence_file is not None:
        assert "Permission is hereby granted" in manifest.licence_file.read_text(encoding="utf-8")
    for spec in manifest.files:  # the data travels with the package
        assert spec.path.is_file()


def test_both_general_staff_compilations_agree_on_the_example_day(shipped: Registry) -> None:
    day = date(2022, 3, 19)
    expected = {"RU/soldier/killed": 14_400, "RU/tank/lost": 466, "RU/armoured_vehicle/lost": 1_470,
                "RU/aircraft/lost": 95, "RU/helicopter/lost": 115}
    for name in ("ua-general-staff", "ua-general-staff-lod"):
        series = shipped.get(name)
        got = {m: series.latest(m, day) for m in expected}
        assert {m: p.value for m, p in got.items() if p and p.date == day} == expected, name


def test_personnel_keeps_the_publishers_about(shipped: Registry) -> None:
    point = shipped.get("ua-general-staff").latest("RU/soldier/killed", date(2022, 3, 19))
    assert point is not None and point.qualifier == "about"
    lod = shipped.get("ua-general-staff-lod").latest("RU/tank/lost", date(2022, 3, 19))
    assert lod is not None and lod.source_url and "2022/03/19" in lod.source_url


def test_listing_series_does_not_read_their_data() -> None:
    registry = Registry([shipped_dir()])
    assert registry.for_metric("RU/tank/lost")
    assert all("points" not in s.__dict__ for s in registry.series)


# -- refusals ------------------------------------------------------------------------------

def _series(tmp_path: Path, csv_text: str | None = None, **changes: object) -> Series:
    """The test series with its CSV and/or manifest keys changed (a CSV without a
    ``source`` column drops ``source_column`` from the manifest)."""
    if csv_text is not None and "source" not in csv_text.splitlines()[0]:
        changes.setdefault("source_column", None)
    (tmp_path / "casualties.csv").write_text(csv_text or (DATA / "casualties.csv").read_text(), encoding="utf-8")
    raw = yaml.safe_load((DATA / "casualties.yaml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    raw.setdefault("path", "casualties.csv")
    (tmp_path / "manifest.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    series = Series(load_manifest(tmp_path / "manifest.yaml"))
    series.points  # noqa: B018 - reading is checking
    return series


def test_the_test_series_itself_is_valid(tmp_path: Path) -> None:
    series = _series(tmp_path)
    assert [p.value for p in series.points["UA/civilian/wounded"]] == [20, 25, 31]
    assert series.points["UA/civilian/killed"][0].source_url == "https://example.org/a"


@pytest.mark.parametrize(
    ("csv_text", "changes", "message"),
    [
        ("as_of,killed\n2022-03-01,1\n", {}, r"lacks column\(s\) 'injured'"),
        ("date,killed,injured\n2022-03-01,1,2\n", {}, r"lacks column\(s\) 'as_of'"),
        ("as_of,killed,injured\n2022-03-01,10,2\n2022-03-02,9,3\n", {},
         r"cumulative UA/civilian/killed falls from 10 on 2022-03-01 to 9 on 2022-03-02"),
        (None, {"columns": {"killed": "UA/civilians/killed"}}, r"unknown metric .*'civilians' is not a counted"),
        (None, {"columns": {"killed": "UA/civilian/dead"}}, r"unknown metric .*'dead' is not an event"),
        (None, {"columns": {"killed": "Ukraine/civilian/killed"}}, r"unknown metric .*side 'Ukraine'"),
        (None, {"columns": {"killed": "civilian/killed"}}, r"unknown metric .*SIDE/counted/event"),
        ("as_of,killed,injured\n01/03/2022,1,2\n", {}, r"row 1: '01/03/2022' is not an ISO date"),
        ("as_of,killed,injured\n2022-03-01,1,2\n2022-03-01,2,3\n", {}, r"row 2: date 2022-03-01 appears twice"),
        ("as_of,killed,injured\n2022-03-01,-1,2\n", {}, r"not a count"),
        ("as_of,killed,injured\n2022-03-01,many,2\n", {}, r"'many' is not a number"),
        ("as_of,killed,injured\n", {}, r"has no rows"),
        (None, {"licence": None}, r"lacks licence"),
        (None, {"kind": "weekly"}, r"kind 'weekly' must be one of"),
        (None, {"name": "City Casualties"}, r"name 'City Casualties'"),
        (None, {"licence_file": "LICENSE"}, r"licence file LICENSE is missing"),
        (None, {"columns": {"killed": "UA/civilian/killed", "injured": "UA/civilian/killed"}},
         r"UA/civilian/killed is given by two columns"),
        (None, {"revisions": [{"date": "2022-03-02", "metric": "RU/tank/lost"}]}, r"no column provides"),
    ],
)
def test_bad_series_are_refused_with_the_reason(
    tmp_path: Path, csv_text: str | None, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ReferenceSeriesError, match=message):
        _series(tmp_path, csv_text, **changes)


def test_a_listed_revision_allows_a_fall(tmp_path: Path) -> None:
    csv_text = "as_of,killed,injured\n2022-03-01,10,2\n2022-03-02,9,3\n"
    revision = [{"date": "2022-03-02", "metric": "UA/civilian/killed", "note": "official correction"}]
    series = _series(tmp_path, csv_text, revisions=revision)
    assert [p.value for p in series.points["UA/civilian/killed"]] == [10, 9]


def test_per_period_series_may_go_down(tmp_path: Path) -> None:
    csv_text = "as_of,killed,injured\n2022-03-01,10,2\n2022-03-02,9,3\n"
    assert _series(tmp_path, csv_text, kind="per_period").points["UA/civilian/killed"][1].value == 9


def test_check_metric_accepts_keys_of_the_claim_schema() -> None:
    assert check_metric("RU/armoured_vehicle/lost") == "RU/armoured_vehicle/lost"
    assert check_metric("XX/person/killed_or_wounded") == "XX/person/killed_or_wounded"


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".parquet"])
def test_json_jsonl_and_parquet_read_like_csv(tmp_path: Path, suffix: str) -> None:
    rows = [{"as_of": "2022-03-01", "killed": 10, "injured": 20, "source": "s"},
            {"as_of": "2022-03-02", "killed": 12, "injured": None, "source": "s"}]
    path = tmp_path / f"casualties{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(rows), encoding="utf-8")
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    manifest = load_manifest(DATA / "casualties.yaml", data_file=path)
    points = load_points(manifest)
    assert [p.value for p in points["UA/civilian/killed"]] == [10, 12]
    assert [p.value for p in points["UA/civilian/wounded"]] == [20]  # a missing value is a gap, not a zero


def test_a_json_object_is_not_a_series(tmp_path: Path) -> None:
    path = tmp_path / "casualties.json"
    path.write_text('{"as_of": "2022-03-01"}', encoding="utf-8")
    with pytest.raises(ReferenceSeriesError, match="JSON list of objects"):
        load_points(load_manifest(DATA / "casualties.yaml", data_file=path))


# -- adding a series -----------------------------------------------------------------------

def test_add_series_installs_a_checked_copy(user_reference_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "mine.csv"
    shutil.copy(DATA / "casualties.csv", source)
    series = add_series(source, DATA / "casualties.yaml")
    assert (user_reference_dir / "city-casualties" / "mine.csv").read_bytes() == source.read_bytes()
    assert series.manifest.publisher == "Mairie de Testville"
    registry = Registry.default()
    assert registry.get("city-casualties").points["UA/civilian/killed"][-1].value == 15
    assert "city-casualties" in [s.name for s in registry.for_metric("UA/civilian/killed")]


def test_add_series_refuses_a_bad_file_and_copies_nothing(user_reference_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("as_of,killed,injured,source\n2022-03-01,10,2,a\n2022-03-02,8,3,b\n", encoding="utf-8")
    with pytest.raises(ReferenceSeriesError, match="falls from 10"):
        add_series(bad, DATA / "casualties.yaml")
    assert not (user_reference_dir / "city-casualties").exists()
    assert not user_reference_dir.exists() or not any(user_reference_dir.iterdir())


def test_add_series_does_not_overwrite_unless_asked(user_reference_dir: Path) -> None:
    add_series(DATA / "casualties.csv", DATA / "casualties.yaml")
    with pytest.raises(ReferenceSeriesError, match="already installed"):
        add_series(DATA / "casualties.csv", DATA / "casualties.yaml")
    assert add_series(DATA / "casualties.csv", DATA / "casualties.yaml", replace=True).name == "city-casualties"
    assert [p.name for p in user_reference_dir.iterdir()] == ["city-casualties"]


def test_a_user_series_overrides_a_shipped_one_of_the_same_name(user_reference_dir: Path, tmp_path: Path) -> None:
    raw = yaml.safe_load((DATA / "casualties.yaml").read_text(encoding="utf-8"))
    raw["name"] = "ohchr-ukraine-civilians"
    manifest = tmp_path / "m.yaml"
    manifest.write_text(yaml.safe_dump(raw), encoding="utf-8")
    add_series(DATA / "casualties.csv", manifest)
    assert Registry.default().get("ohchr-ukraine-civilians").manifest.publisher == "Mairie de Testville"


def test_unknown_series_name_lists_the_known_ones(shipped: Registry) -> None:
    with pytest.raises(ReferenceSeriesError, match="known: .*ua-general-staff"):
        shipped.get("nope")
