"""How long ``decompte --help`` and ``decompte --version`` take, as whole processes.

Each command is started ``--runs`` times (default 15) as a user starts it — the
``decompte`` console script of the active environment, a new Python process each time,
interpreter start-up and imports included — after one warm-up run so that the file
cache is warm. Prints the median, the fastest and the slowest run; the goal for
``--help`` is a median under 0.5 s. The time depends on the machine and on how busy it
is; it is printed, never asserted (no timed tests).

Run: ``python benchmarks/cli_startup.py [--runs N] [--command "--version"]``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL_S = 0.5


def console_script() -> list[str]:
    """The ``decompte`` script beside this interpreter, else the one on PATH, else ``python -m decompte``."""
    beside = Path(sys.executable).parent / "decompte"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("decompte")
    return [found] if found else [sys.executable, "-m", "decompte"]


def time_runs(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of each run of ``command`` (output discarded; a failure stops everything)."""
    env = {**os.environ, "COLUMNS": "100"}
    subprocess.run(command, check=True, capture_output=True, env=env)  # warm-up: file cache, .pyc files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (default 15)")
    parser.add_argument("--command", action="append", default=None,
                        help='arguments to time, e.g. "--help" (repeatable; default: --help and --version)')
    args = parser.parse_args()
    script = console_script()
    print(f"{' '.join(script)}, {args.runs} runs each, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    for arguments in args.command or ["--help", "--version"]:
        command = [*script, *shlex.split(arguments)]
        times = time_runs(command, args.runs)
        median = statistics.median(times)
        goal = f" (goal < {GOAL_S} s: {'met' if median < GOAL_S else 'NOT met'})" if arguments == "--help" else ""
        print(f"decompte {arguments}: median {median:.3f} s, fastest {min(times):.3f} s, "
              f"slowest {max(times):.3f} s{goal}")


if __name__ == "__main__":
    main()
