"""A saved page in Latin-1 that declares its charset is read in it (issue 14), not refused as "not UTF-8"."""

from __future__ import annotations

from pathlib import Path

import pytest

from decompte.ingest.files import declared_charset, read_article
from decompte.ingest.reasons import Unreadable
from decompte.settings import Limits

BODY = ("<p>Selon le préfet, 37 réfugiés épuisés sont arrivés à Genève mercredi après une longue marche "
        "à travers les cols enneigés.</p>")


def page(meta: str) -> str:
    return (f'<!DOCTYPE html><html lang="fr"><head>{meta}<title>Arrivées à Genève</title></head>'
            f"<body><article>{BODY * 3}</article></body></html>")


@pytest.mark.parametrize("meta", [
    '<meta charset="iso-8859-1">',
    "<meta charset=latin1>",
    '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
])
def test_a_latin1_page_is_read_in_the_charset_it_declares(tmp_path: Path, meta: str) -> None:
    path = tmp_path / "page-2022-03-19.html"
    path.write_bytes(page(meta).encode("latin-1"))
    article = read_article(str(path), Limits())
    assert "37 réfugiés épuisés sont arrivés à Genève" in article.text
    assert article.title == "Arrivées à Genève"


def test_a_latin1_page_without_a_declaration_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page("").encode("latin-1"))
    with pytest.raises(Unreadable) as caught:
        read_article(str(path), Limits())
    assert caught.value.reason == "bad encoding"


@pytest.mark.parametrize(("head", "charset"), [
    (b'<?xml version="1.0" encoding="ISO-8859-1"?><html><body>', "iso8859-1"),
    (b"<html><head><meta charset='no-such-charset'>", None),
    (b"plain text that mentions <meta charset=latin1> is no page", None),
])
def test_declared_charset(head: bytes, charset: str | None) -> None:
    assert declared_charset(head) == charset
