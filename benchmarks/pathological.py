"""Hostile and pathological input, as whole processes: time must stay linear in the input.

Each case runs ``decompte extract - --lang LANG`` in a fresh process with the text on stdin,
as a user or a server would, and is timed from start to exit. Reported per case: seconds,
exit status, the first line of stderr, and the ratio to a normal article text of the same
size (the example article repeated), which is run the same way. For ``"1 " * n`` the
exponent of time against n is fitted (log-log slope, process start-up subtracted): 1 is
linear; issue 14 asks for at most 1.2, and every case under 2x the normal text.

Usage: python benchmarks/pathological.py [--quick] [--lang fr|en] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT.parent / "shared" / "examples" / "independent-fr-2022-03-19.txt", *sorted((ROOT / "examples").glob("*.txt"))]


def normal_text(size: int) -> str:
    """The example article repeated to ``size`` characters, cut at a line break."""
    seed = next(p for p in EXAMPLES if p.exists()).read_text(encoding="utf-8").strip() + "\n\n"
    text = seed * (size // len(seed) + 1)
    cut = text.rfind("\n", 0, size)
    return text[:cut if cut > 0 else size]


def run(text: str, lang: str, timeout: float) -> dict[str, object]:
    """One whole ``decompte extract`` process on ``text``: seconds, exit status, stderr's first line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "decompte", "extract", "-", "--lang", lang, "--format", "jsonl"]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"seconds": round(time.perf_counter() - started, 2), "rc": None, "error": f"timed out after {timeout:.0f} s"}
    seconds = time.perf_counter() - started
    error = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return {"seconds": round(seconds, 2), "rc": done.returncode, "claims": done.stdout.count(b"\n"),
            "error": error[-1][:120] if error and done.returncode else ""}


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(max(y, 1e-3)) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def cases(quick: bool) -> list[tuple[str, str]]:
    """The hostile inputs of issues 13 and 14, smaller with ``--quick``."""
    big = 100_000 if quick else 1_000_000
    found = [
        ("'1 000 ' * 2000", "1 000 " * 2000),
        ("a number of 110 digit groups", "Il y a " + "1" + " 000" * 110 + " morts.\n"),
        ("100 000 numbers in one text" if not quick else "10 000 numbers in one text", "1 " * (big // 10)),
        ("one line without newline, 1.9 M chars" if not quick else "one line without newline, 190 k chars",
         ("les soldats ont dit que " * (big // 12))[: big * 19 // 10]),
    ]
    for name, separator in (("space", " "), ("full stop", "."), ("comma", ","), ("hyphen", "-"),
                            ("newline", "\n"), ("closing guillemet", "»"), ("digit", "1")):
        found.append((f"{big // 1000} k of one {name}", separator * big))
    if not quick:
        found.append(("one 10 MB line (over the 2 M character cap)", "mot " * 2_500_000))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (about a minute)")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a case counts as stalled")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    startup = min(run("Bonjour.", args.lang, args.timeout)["seconds"] for _ in range(2))  # type: ignore[type-var]
    print(f"process start-up (a one-word text): {startup:.2f} s", file=sys.stderr)
    rows: list[dict[str, object]] = []
    normals: dict[int, float] = {}

    def measure(name: str, text: str) -> dict[str, object]:
        size = len(text)
        if size not in normals:
            normals[size] = float(run(normal_text(size), args.lang, args.timeout)["seconds"])  # type: ignore[arg-type]
        row = {"case": name, "chars": size, **run(text, args.lang, args.timeout), "normal_seconds": normals[size]}
        row["ratio_to_normal"] = round(float(row["seconds"]) / normals[size], 2)  # type: ignore[arg-type]
        # the same ratio without the start-up both pay (a small text costs little more than start-up)
        net = float(row["seconds"]) - startup, normals[size] - startup  # type: ignore[arg-type]
        row["net_ratio"] = round(max(net[0], 0.01) / max(net[1], 0.01), 2)
        rows.append(row)
        print(f"{name:44} {size:>10,} chars {row['seconds']:>7} s rc={row['rc']}  normal {normals[size]:>6} s  "
              f"x{row['ratio_to_normal']} (net x{row['net_ratio']})  {row['error']}", file=sys.stderr, flush=True)
        return row

    sizes = [1000, 2000, 4000] if args.quick else [1000, 2000, 4000, 8000, 16000]
    series = [(n, float(measure(f"'1 ' * {n}", "1 " * n)["seconds"])) for n in sizes]  # type: ignore[arg-type]
    for name, text in cases(args.quick):
        measure(name, text)
    net = [(n, s - startup) for n, s in series]
    exponent = slope(net) if all(s > 0 for _, s in net) else float("nan")
    worst = max(rows, key=lambda r: float(r["ratio_to_normal"]))  # type: ignore[arg-type]
    summary = {"startup_seconds": startup, "exponent": round(exponent, 2), "worst_ratio": worst["ratio_to_normal"],
               "worst_case": worst["case"], "rows": rows}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"fitted exponent of '1 ' * n (start-up subtracted): {exponent:.2f}  (linear = 1, issue 14: <= 1.2)")
        print(f"worst ratio to a normal text of the same size: x{worst['ratio_to_normal']} ({worst['case']})")


if __name__ == "__main__":
    main()
