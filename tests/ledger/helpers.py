"""Shared by the ledger tests: paths, the example page renderer, a tiny extraction."""

from __future__ import annotations

import html
import re
from pathlib import Path

from decompte.model import Article, Claim

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "examples" / "ukraine-pertes-2022-03-19.txt"


def render_page(text: str) -> str:
    """The news page around ``text``: one ``<p>`` per line, escaped."""
    paragraphs = "\n".join(f"        <p>{html.escape(line, quote=False)}</p>" for line in text.split("\n") if line.strip())
    return (DATA / "article-page.html.in").read_text(encoding="utf-8").replace("{{PARAGRAPHS}}", paragraphs)


_NUMBER = re.compile(r"(\d{1,3}(?:[  \u202f]\d{3})+|\d+) (soldats|chars|soldiers|tanks)")


class RegexExtraction:
    """Claims for "<number> soldats|chars": enough to test storage, not language."""

    def __init__(self, version: str = "regex-1", languages: tuple[str, ...] = ("fr", "en")) -> None:
        self.version = version
        self._languages = set(languages)
        self.calls = 0

    def languages(self) -> set[str]:
        return self._languages

    def extract(self, article: Article) -> list[Claim]:
        self.calls += 1
        found = []
        for m in _NUMBER.finditer(article.text):
            counted = "soldier" if m[2] in ("soldats", "soldiers") else "tank"
            found.append(Claim(
                start=m.start(), end=m.end(), quote=m[0], value=float(re.sub(r"\D", "", m[1])),
                counted=counted, event="killed" if counted == "soldier" else "lost", side="RU",
                claimant="l'état-major ukrainien", period_end=article.published, doc=article.id, lang=article.lang,
            ))
        return found
