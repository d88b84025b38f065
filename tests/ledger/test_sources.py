"""Reading local inputs: text, HTML pages, JSONL/CSV corpora, directories, bad input."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from decompte.errors import UnsupportedInput
from decompte.ingest.files import CorpusFields
from decompte.ingest.lang import detect_language
from decompte.ingest.reasons import Failure
from decompte.ingest.sources import SourceOptions, check_arguments, iter_articles
from decompte.model import Article
from decompte.settings import Limits

from .helpers import DATA, EXAMPLE, render_page


def articles(*args: str, **options: object) -> list[Article | Failure]:
    return list(iter_articles(list(args), SourceOptions(**options)))  # type: ignore[arg-type]


def test_text_file_keeps_text_and_takes_the_date_from_its_name(example_text: str) -> None:
    [got] = articles(str(EXAMPLE))
    assert isinstance(got, Article)
    assert got.text == example_text
    assert got.published == date(2022, 3, 19)
    assert (got.id, got.url, got.canonical_url) == ("ukraine-pertes-2022-03-19", None, None)


def test_html_page_gives_the_article_without_its_boilerplate(example_html: Path, example_text: str) -> None:
    [got] = articles(str(example_html))
    assert isinstance(got, Article)
    # Same text as the plain file, hence the same content hash: one document in the ledger.
    assert got.content_hash == Article(id="x", text=example_text).content_hash
    # Navigation, adverts, related links and reader comments are not part of the article.
    for boilerplate in ("Publicité", "S’abonner", "À lire aussi", "30 000 morts", "Mentions légales", "traceurs"):
        assert boilerplate not in got.text
    assert got.title == "L’Ukraine revendique plus de 14 400 soldats russes tués"
    assert got.published == date(2022, 3, 19)
    assert got.lang == "fr"
    assert got.site == "veilleur-du-matin.example"
    assert got.canonical_url == "https://www.veilleur-du-matin.example/monde/2022/03/19/ukraine-pertes-russes"


def test_jsonl_corpus_with_text_html_and_bad_lines(tmp_path: Path, example_text: str) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "txt", "body": example_text, "link": "https://x.example/a?utm_source=rss#top",
                    "day": "2022-03-19T18:00:00+01:00"}, ensure_ascii=False),
        "",
        json.dumps({"id": "html", "body": render_page(example_text)}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "empty", "body": "   "}),
        json.dumps(["a", "list"]),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = articles(str(corpus), fields=CorpusFields(text="body", url="link", date="day"))
    first, second = got[0], got[1]
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == example_text and first.published == date(2022, 3, 19)
    assert first.canonical_url == "https://x.example/a"
    assert second.content_hash == first.content_hash  # the HTML record went through trafilatura
    assert second.title is not None and "Publicité" not in second.text
    failures = [g for g in got if isinstance(g, Failure)]
    assert [(f.ref.rsplit(":", 1)[1], f.reason) for f in failures] == [
        ("4", "invalid JSON"), ("5", "no text field"), ("6", "invalid JSON")]


def test_csv_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.csv"
    with corpus.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["url", "published", "texte"])
        writer.writerow(["https://a.example/1", "2022-03-19", "Plus de 450 chars, selon Kiev,\nont été détruits."])
        writer.writerow(["https://a.example/2", "Sat, 19 Mar 2022 10:00:00 GMT", "Un second texte."])
    got = articles(str(corpus), fields=CorpusFields(text="texte", date="published"))
    assert [(a.canonical_url, a.published) for a in got if isinstance(a, Article)] == [
        ("https://a.example/1", date(2022, 3, 19)), ("https://a.example/2", date(2022, 3, 19))]
    assert "\n" in got[0].text  # type: ignore[union-attr]
    [missing] = articles(str(corpus))  # default column "text" does not exist
    assert isinstance(missing, Failure) and missing.reason == "no text field"


def test_directory_is_read_recursively_and_reports_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Premier texte.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.md").write_text("Second texte.", encoding="utf-8")
    (tmp_path / "a" / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "a" / "b" / "latin1.txt").write_bytes("Déjà vu, très étrange.".encode("latin-1"))
    (tmp_path / "a" / ".hidden.txt").write_text("caché", encoding="utf-8")
    (tmp_path / "a" / "empty.txt").write_text("  \n", encoding="utf-8")
    got = articles(str(tmp_path / "a"))
    assert sorted(a.text for a in got if isinstance(a, Article)) == ["Premier texte.", "Second texte."]
    assert sorted((Path(f.ref).name, f.reason) for f in got if isinstance(f, Failure)) == [
        ("empty.txt", "empty"), ("image.png", "unsupported file type"), ("latin1.txt", "bad encoding")]


def test_size_limit_applies_to_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000, encoding="utf-8")
    [got] = articles(str(big), limits=Limits(max_bytes=1000))
    assert isinstance(got, Failure) and got.reason == "too large"


def test_bad_arguments_are_refused_before_any_work(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(UnsupportedInput, match="no such file"):
        check_arguments([str(tmp_path / "missing.txt")])
    with pytest.raises(UnsupportedInput, match="binary"):
        check_arguments([str(binary)])
    with pytest.raises(UnsupportedInput, match="scheme 'file'"):
        check_arguments(["file:///etc/passwd"])
    with pytest.raises(UnsupportedInput, match="nothing to ingest"):
        check_arguments([])
    check_arguments([str(tmp_path), "https://example.org/feed.rss"])  # fine: nothing raised


def test_language_detection() -> None:
    assert detect_language((DATA / "pages" / "en-kyiv-update-2022-03-20.html").read_text()[800:]) == "en"
    assert detect_language("Генеральний штаб Збройних сил України повідомив про втрати ворога.") == "uk"
    assert detect_language("Selon Kiev, plus de 14 400 soldats russes ont été tués depuis le début de la guerre.") == "fr"
    assert detect_language("14 400 — 450 — 1 450") is None
