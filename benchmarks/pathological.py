"""Hostile and pathological input, as whole processes: time must stay linear in the input.

Each case runs ``decompte extract - --lang LANG`` in a fresh process with the text on stdin,
as a user or a server would, and is timed from start to exit. Reported per case: seconds,
exit status, the last line of stderr, and the ratio to a normal article text of the same
size (the example article repeated), which is run the same way.

Start-up (loading spaCy: seconds, and very noisy on a busy machine) dwarfs the work on
small inputs, so each case is also run in a second fresh process that loads the extractor
first and then times ``extract_text`` alone ("work"). The exponent of work against n is
fitted for ``"1 " * n`` (log-log slope): 1 is linear; issue 14 asks for at most 1.2, and
every case under 2x the normal text. ``--no-refusal`` lifts the refusal of texts packed
with numbers, to measure the windowed extraction itself on them.

Usage: python benchmarks/pathological.py [--quick] [--lang fr|en] [--no-refusal] [--json]
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


# Run in a fresh process: load and warm the extractor, then time the extraction of stdin alone.
WORK = """
import json, sys, time
from decompte.errors import DecompteError
import decompte.extract.sentences as sentences
if sys.argv[2] == "1" and hasattr(sentences, "MAX_DENSE_NUMBERS"):
    sentences.MAX_DENSE_NUMBERS = 10 ** 9
from decompte.extract import get_extractor
text = sys.stdin.buffer.read().decode("utf-8")
extractor = get_extractor(sys.argv[1])
extractor.extract_text(sys.argv[3])
started = time.perf_counter()
try:
    claims, error = len(extractor.extract_text(text)), ""
except DecompteError as exc:
    claims, error = 0, str(exc)
print(json.dumps({"work": time.perf_counter() - started, "claims": claims, "error": error}))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def work(text: str, lang: str, timeout: float, no_refusal: bool) -> tuple[float | None, str]:
    """Seconds ``extract_text`` takes on ``text``, the extractor loaded beforehand, and what went wrong:
    ``(None, "timed out")`` past ``timeout``, ``(None, "crashed: …")`` on an exception that is not ours."""
    command = [sys.executable, "-c", WORK, lang, "1" if no_refusal else "0", normal_text(3000)]
    try:
        done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=timeout, env=_env())
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    if done.returncode:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, "crashed: " + (lines[-1][:100] if lines else f"exit {done.returncode}")
    return round(float(json.loads(done.stdout.decode().strip().splitlines()[-1])["work"]), 3), ""


def run(text: str, lang: str, timeout: float) -> dict[str, object]:
    """One whole ``decompte extract`` process on ``text``: seconds, exit status, stderr's first line."""
    env = _env()
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


def _ratio(value: object, normal: object) -> float | None:
    if not isinstance(value, (int, float)) or not isinstance(normal, (int, float)) or normal <= 0:
        return None
    return round(value / max(normal, 1e-3), 2)


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
    parser.add_argument("--no-refusal", action="store_true", help="lift the refusal of texts packed with numbers")
    parser.add_argument("--no-cli", action="store_true", help="time the work only, not whole CLI processes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rows: list[dict[str, object]] = []
    normals: dict[int, tuple[float | None, float | None]] = {}

    def both(text: str) -> tuple[dict[str, object], float | None]:
        whole: dict[str, object] = {"seconds": None, "rc": None, "error": ""} if args.no_cli else run(text, args.lang, args.timeout)
        seconds, failure = work(text, args.lang, args.timeout, args.no_refusal)
        if failure:
            whole["work_failure"] = failure
        return whole, seconds

    def measure(name: str, text: str) -> dict[str, object]:
        size = len(text)
        if size not in normals:
            whole, seconds = both(normal_text(size))
            normals[size] = (whole["seconds"], seconds)  # type: ignore[assignment]
        whole, seconds = both(text)
        row: dict[str, object] = {"case": name, "chars": size, **whole, "work_seconds": seconds,
                                  "normal_seconds": normals[size][0], "normal_work_seconds": normals[size][1]}
        row["ratio_to_normal"] = _ratio(whole["seconds"], normals[size][0])  # type: ignore[arg-type]
        row["work_ratio_to_normal"] = _ratio(seconds, normals[size][1])
        rows.append(row)
        print(f"{name:44} {size:>10,} chars | process {whole['seconds']} s rc={whole['rc']} x{row['ratio_to_normal']}"
              f" | work {seconds} s, normal {normals[size][1]} s, x{row['work_ratio_to_normal']}"
              f" | {whole.get('work_failure') or whole['error']}",
              file=sys.stderr, flush=True)
        return row

    sizes = [1000, 2000, 4000] if args.quick else [1000, 2000, 4000, 8000, 16000]
    series = [(n, measure(f"'1 ' * {n}", "1 " * n)["work_seconds"]) for n in sizes]
    for name, text in cases(args.quick):
        measure(name, text)
    timed = [(float(n), float(s)) for n, s in series if s is not None]  # type: ignore[arg-type]
    exponent = round(slope(timed), 2) if len(timed) > 1 else None
    ratios = [r for r in rows if r["work_ratio_to_normal"] is not None]
    worst = max(ratios, key=lambda r: float(r["work_ratio_to_normal"]), default=None)  # type: ignore[arg-type]
    summary = {"exponent": exponent, "failed": {str(r["case"]): r.get("work_failure") for r in rows if r["work_seconds"] is None},
               "worst_work_ratio": worst and worst["work_ratio_to_normal"], "worst_case": worst and worst["case"], "rows": rows}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"fitted exponent of work on '1 ' * n: {exponent}  (linear = 1, issue 14: <= 1.2)")
        if worst:
            print(f"worst work ratio to a normal text of the same size: x{worst['work_ratio_to_normal']} ({worst['case']})")
        for case, failure in summary["failed"].items():  # type: ignore[attr-defined]
            print(f"{case}: {failure}")


if __name__ == "__main__":
    main()
