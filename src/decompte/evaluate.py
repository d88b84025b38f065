"""Evaluation against gold claims, as defined at the end of ``GUIDELINES.md``.

A predicted claim is *found* when its span overlaps a gold span and its value is equal;
it is *right* when, in addition, counted, event, side, qualifier (or an accepted
alternative) and claimant (any alias, accent- and case-insensitive, one containing the
other) agree. Optional gold claims neither count for nor against. Periods are scored
apart, date by date, on found claims whose gold date is not null.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from decompte.errors import DecompteError, UnsupportedInput
from decompte.extract.packs import fold
from decompte.model import Article, Claim

FIELDS = ("counted", "event", "side", "qualifier", "claimant")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UnsupportedInput(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise UnsupportedInput(f"{path}: not UTF-8 text") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise UnsupportedInput(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


def default_docs_path(gold: Path) -> Path:
    """``fr-dev.jsonl`` → ``fr-dev-docs.jsonl`` beside it."""
    return gold.with_name(gold.stem + "-docs" + gold.suffix)


def load_documents(docs_path: Path) -> list[Article]:
    """Gold documents: text inline (``text``) or in a file (``file``, relative to the docs file or a folder above)."""
    articles = []
    for row in _read_jsonl(docs_path):
        text = row.get("text")
        if text is None and row.get("file"):
            for base in [docs_path.parent, *docs_path.parents]:
                candidate = base / row["file"]
                if candidate.exists():
                    text = candidate.read_text(encoding="utf-8")
                    break
            else:
                raise UnsupportedInput(f"{docs_path}: document {row.get('doc')} names a missing file {row['file']}")
        if text is None:
            raise UnsupportedInput(f"{docs_path}: document {row.get('doc')} has neither text nor file")
        articles.append(Article.from_dict({**row, "id": row["doc"], "text": text}))
    return articles


def _claimant_agrees(predicted: str | None, gold: dict[str, Any]) -> bool:
    if gold.get("claimant") is None:
        return predicted is None
    if predicted is None:
        return False
    mine = fold(predicted).strip()
    for alias in [gold["claimant"], *gold.get("claimant_aliases", [])]:
        theirs = fold(alias).strip()
        if theirs and (theirs in mine or mine in theirs):
            return True
    return False


def field_agrees(name: str, predicted: Claim, gold: dict[str, Any]) -> bool:
    if name == "claimant":
        return _claimant_agrees(predicted.claimant, gold)
    if name == "qualifier":
        return predicted.qualifier == gold["qualifier"] or predicted.qualifier in gold.get("qualifier_alternatives", [])
    return bool(getattr(predicted, name) == gold.get(name))


def _overlap(claim: Claim, gold: dict[str, Any]) -> int:
    return min(claim.end, int(gold["end"])) - max(claim.start, int(gold["start"]))


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0
    fields: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    period_dates: int = 0
    period_right: int = 0

    @staticmethod
    def prf(hits: int, predicted: int, gold: int) -> dict[str, float]:
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold, "predicted": self.predicted, "found": self.found, "right": self.right,
            "found_prf": self.prf(self.found, self.predicted, self.gold),
            "right_prf": self.prf(self.right, self.predicted, self.gold),
            "field_accuracy": {f: round(n / self.found, 4) if self.found else 0.0 for f, n in self.fields.items()},
            "period_accuracy": round(self.period_right / self.period_dates, 4) if self.period_dates else None,
            "period_dates": self.period_dates,
        }


def match_document(predicted: list[Claim], gold: list[dict[str, Any]]) -> tuple[list[tuple[Claim, dict[str, Any]]], list[dict[str, Any]], list[Claim]]:
    """Pairs (predicted, gold) that are found, the gold claims missed, and the false claims.

    Non-optional gold claims are matched first; a prediction matching only an optional
    gold claim is then set aside, neither found nor false.
    """
    used: set[int] = set()
    pairs: list[tuple[Claim, dict[str, Any]]] = []
    missed: list[dict[str, Any]] = []
    for optional in (False, True):
        for row in (g for g in gold if bool(g.get("optional")) == optional):
            candidates = [
                (i, c) for i, c in enumerate(predicted)
                if i not in used and _overlap(c, row) > 0 and _same_value(c.value, float(row["value"]))
            ]
            if not candidates:
                if not optional:
                    missed.append(row)
                continue
            i, claim = max(candidates, key=lambda ic: (sum(field_agrees(f, ic[1], row) for f in FIELDS), _overlap(ic[1], row)))
            used.add(i)
            if not optional:
                pairs.append((claim, row))
    false = [c for i, c in enumerate(predicted) if i not in used]
    return pairs, missed, false


def predictions(articles: list[Article], extract: Callable[[Article], list[Claim]] | None = None,
                lang: str | None = None, workers: int = 1) -> Iterator[tuple[Article, list[Claim]]]:
    """Each article with its predicted claims, in order: ``extract`` if given, else the pack
    extractors through the same batched path as ``decompte extract`` (``workers`` processes)."""
    if extract is not None:
        for article in articles:
            yield article, extract(article)
        return
    from decompte.extract.many import extract_in_order

    readied = [replace(article, lang=lang or article.lang or "fr") for article in articles]
    for article, (_, outcome) in zip(articles, extract_in_order(readied, workers)):
        if isinstance(outcome, DecompteError):
            raise outcome
        yield article, outcome or []


def evaluate(
    gold_path: Path,
    docs_path: Path | None = None,
    extract: Callable[[Article], list[Claim]] | None = None,
    lang: str | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """Run the extractor on the gold documents and score it; returns plain data (see ``format_report``).

    ``workers`` > 1 extracts in that many processes (same claims, same figures)."""
    gold_rows = _read_jsonl(gold_path)
    articles = load_documents(docs_path or default_docs_path(gold_path))
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in gold_rows:
        by_doc[row["doc"]].append(row)
    totals: dict[str, Scores] = defaultdict(Scores)
    misses: list[dict[str, Any]] = []
    falses: list[dict[str, Any]] = []
    wrongs: list[dict[str, Any]] = []
    for article, predicted in predictions(articles, extract, lang, workers):
        pairs, missed, false = match_document(predicted, by_doc.get(article.id, []))
        for key in ("all", f"lang:{article.lang or '?'}"):
            scores = totals[key]
            scores.gold += sum(1 for g in by_doc.get(article.id, []) if not g.get("optional"))
            scores.predicted += len(pairs) + len(false)
            scores.found += len(pairs)
            for claim, row in pairs:
                agreeing = [f for f in FIELDS if field_agrees(f, claim, row)]
                for f in agreeing:
                    scores.fields[f] += 1
                if len(agreeing) == len(FIELDS):
                    scores.right += 1
                for name in ("period_start", "period_end"):
                    if row.get(name):
                        scores.period_dates += 1
                        mine = getattr(claim, name)
                        scores.period_right += int(mine is not None and mine.isoformat() == row[name])
        misses.extend({"doc": article.id, **{k: g.get(k) for k in ("quote", "value", "start")}, "sentence": _sentence_of(article.text, g["start"], g["end"])} for g in missed)
        falses.extend({"doc": article.id, "quote": c.quote, "value": c.value, "metric": c.metric, "sentence": c.sentence} for c in false)
        for claim, row in pairs:
            wrong = {f: {"predicted": getattr(claim, f), "gold": row.get(f)} for f in FIELDS if not field_agrees(f, claim, row)}
            if wrong:
                wrongs.append({"doc": article.id, "quote": row["quote"], "wrong": wrong})
    result: dict[str, Any] = {name: scores.as_dict() for name, scores in totals.items()}
    result["misses"] = misses
    result["false_claims"] = falses
    result["wrong_fields"] = wrongs
    result["documents"] = len(articles)
    return result


def _sentence_of(text: str, start: int, end: int) -> str:
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start))
    right_candidates = [i for i in (text.find("\n", end), text.find(". ", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1:right + 1].strip()


def format_report(result: dict[str, Any], details: bool = True) -> Iterable[str]:
    """The human report: misses, false claims and wrong fields first, the figures last."""
    if details:
        for miss in result["misses"]:
            yield f"MISS  [{miss['doc']}] {miss['quote']!r} ({miss['value']:g}) in: {miss['sentence']}"
        for false in result["false_claims"]:
            yield f"FALSE [{false['doc']}] {false['quote']!r} ({false['value']:g}, {false['metric']}) in: {false['sentence']}"
        for wrong in result["wrong_fields"]:
            parts = ", ".join(f"{k}: {v['predicted']!r} ≠ {v['gold']!r}" for k, v in wrong["wrong"].items())
            yield f"WRONG [{wrong['doc']}] {wrong['quote']!r}: {parts}"
        yield ""
    for name, scores in sorted((k, v) for k, v in result.items() if k.startswith("lang:")):
        if len([k for k in result if k.startswith("lang:")]) > 1:
            yield _summary_line(name, scores)
    scores = result["all"]
    accuracy = ", ".join(f"{k} {v:.2f}" for k, v in scores["field_accuracy"].items())
    period = scores["period_accuracy"]
    yield f"fields (on found): {accuracy}; periods: {period:.2f} of {scores['period_dates']} dates" if period is not None else f"fields (on found): {accuracy}; periods: n/a"
    yield f"documents {result['documents']}, gold {scores['gold']}, predicted {scores['predicted']}, found {scores['found']}, right {scores['right']}"
    f, r = scores["found_prf"], scores["right_prf"]
    yield f"found P/R/F1: {f['precision']:.3f} / {f['recall']:.3f} / {f['f1']:.3f}"
    yield f"right P/R/F1: {r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f}"


def _summary_line(name: str, scores: dict[str, Any]) -> str:
    f, r = scores["found_prf"], scores["right_prf"]
    return (f"{name}: gold {scores['gold']}, predicted {scores['predicted']}, "
            f"found F1 {f['f1']:.3f}, right P/R/F1 {r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f}")
