"""Every benchmark script still starts (issue 14): two of them imported a module that had moved.

``--help`` imports the script's modules and parses nothing else, so a benchmark that would
fail on an import fails here in seconds, without running its measurements.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parents[1] / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.name)
def test_benchmark_starts(script: Path) -> None:
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout


def test_api_load_quick_mode_serves_the_whole_mix_without_errors() -> None:
    """The load benchmark's CI mode: a small ledger, a second per client count; every endpoint of the mix
    is requested at least once (in the warm-up) and none may fail."""
    script = BENCHMARKS[0].parent / "api_load.py"
    done = subprocess.run([sys.executable, str(script), "--quick", "--seconds", "1", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout[done.stdout.index("{"):])
    assert [run["clients"] for run in report["runs"]] == [1, 4]
    for run in report["runs"]:
        assert run["errors"] == 0 and run["requests"] > 0, run


def test_ingest_whole_process_mode_stores_what_it_times(tmp_path: Path) -> None:
    """``ingest_speed.py --whole-process`` runs the real command over real-text articles (ours here)."""
    script = BENCHMARKS[0].parent / "ingest_speed.py"
    done = subprocess.run([sys.executable, str(script), "--whole-process", "--docs", "12", "--source", "project",
                           "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["articles"] == 12 and report["documents"] >= 2 and report["claims"] > 10
    assert report["articles_per_s"] > 0 and report["seconds"] > 0
