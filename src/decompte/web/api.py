"""The JSON API under ``/api/``: the ledger's reads, text extraction, and one guarded write.

Reads take their filters as query parameters (bound, never spliced into SQL) and
answer JSON, or CSV with ``format=csv``. ``/api/claims`` pages with an opaque
cursor. ``POST /api/extract`` runs the extractor on a posted text and stores
nothing; ``POST /api/documents`` ingests a text or a URL into the ledger and needs
the bearer token the server was started with.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from decompte.errors import UnknownLanguage, UnsupportedInput
from decompte.ledger.columns import EXPORT_COLUMNS
from decompte.ledger.export import text_record
from decompte.ledger.selection import export_record
from decompte.model import Article, Claim
from decompte.web.app import AppState
from decompte.web.cache import LedgerCache
from decompte.web.contests import attach_revisions, contest_payload, revision_payload
from decompte.web.downloads import Format, download, json_bytes, json_download, safe_filename
from decompte.web.params import MAX_ID, PathId, ProvenanceParam, QueryId, Text
from decompte.web.queries import (
    VERDICT_ORDER,
    ClaimFilters,
    MetricSummary,
    claim_dict,
    claimant_stats,
    document_rows,
    figure_series,
    filter_claimants,
    filter_metrics,
    group_claimants,
    known_values,
    metric_summaries,
    search_claim_rows,
)
from decompte.web.security import check_token
from decompte.web.timeline import TimelineView, build_timeline

router = APIRouter(prefix="/api", tags=["api"])

MAX_LIMIT = 1000
T = TypeVar("T")
#: Declares the bearer scheme in the OpenAPI document (an "Authorize" button in /docs);
#: the check itself is ``security.check_token``, so that a missing token is a 401, not a 403.
bearer = HTTPBearer(auto_error=False, description="The token the server was started with (--token)")
FormatQuery = Annotated[Format | None, Query(alias="format", description="`json` or `csv` to download")]


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.decompte
    return state


# -- aggregate reads, cached while the ledger is unchanged (``web.cache``) ------------------------


def summaries(state: AppState, provenance: str | None = None) -> list[MetricSummary]:
    """Every metric's summary row, or with ``provenance`` of its claims only (shared between
    requests: not to be changed)."""
    return state.cache.get(("metrics", provenance), lambda: metric_summaries(state.store, provenance))


def menus(state: AppState) -> dict[str, list[str]]:
    """The filter menus of the metrics page."""
    return state.cache.get("menus", lambda: known_values(summaries(state)))


def claimants_table(state: AppState) -> list[dict[str, Any]]:
    """Every claimant's row of the claimants page."""
    return state.cache.get("claimants", lambda: claimant_stats(state.store))


def timeline_view(
    state: AppState, metric: str, *, reference: bool = True, claimant: str | None = None,
    since: date | None = None, until: date | None = None, provenance: str | None = None,
) -> TimelineView:
    """A metric's timeline, with the reference overlays unless ``reference`` is false."""
    registry = state.registry() if reference else None
    return state.cache.get(
        ("timeline", metric, registry is not None, claimant, since, until, provenance),
        lambda: build_timeline(state.store, metric, registry=registry, claimant=claimant, since=since, until=until,
                               provenance=provenance),
    )


def timeline_key(metric: str, claimant: str | None = None, since: date | None = None, until: date | None = None,
                 provenance: str | None = None) -> tuple[Hashable, ...]:
    """Where a timeline's JSON is kept in ``state.cache``."""
    return ("timeline.json", metric, claimant, since, until, provenance)


def warm_timelines(state: AppState, stop: threading.Event) -> int:
    """Compute every metric's timeline (no filter) into the cache, so that the first requests after
    start-up find it kept instead of each computing contests and revisions cold; returns how many.
    Ends early when ``stop`` is set (the server is shutting down)."""
    done = 0
    for metric in dict.fromkeys(row.metric for row in summaries(state)):
        if stop.is_set():
            break
        state.cache.get(timeline_key(metric), _timeline_body(state, metric))
        done += 1
    return done


def _timeline_body(state: AppState, metric: str) -> Callable[[], bytes]:
    return lambda: json_bytes(timeline_view(state, metric).to_dict())


def require_metric(state: AppState, metric: str) -> None:
    """404 unless some claim has ``metric``. Called inside what a cache entry computes, so that a
    cached answer costs one read of the change counter, not two."""
    if not any(row.metric == metric for row in summaries(state)):
        raise HTTPException(404, f"no claims for metric {metric!r} in the ledger")


async def kept_or_computed(state: AppState, cache: LedgerCache, key: Hashable, compute: Callable[[], T]) -> T:
    """``cache.get(key, compute)``, answered on the event loop when the value is kept under the
    ledger's counter now (``web.cache.QuickStamp``), else in a worker thread like any other read."""
    version = state.quick_stamp.read() if state.quick_stamp else None
    found, value = cache.kept(version, key)
    if found:
        return value  # type: ignore[no-any-return]
    return await run_in_threadpool(cache.get, key, compute, version)


# -- cursors ---------------------------------------------------------------------------------


def encode_cursor(after: int) -> str:
    """An opaque cursor: clients pass it back, they need not read it."""
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The claim id a cursor continues after; 400 for anything this API did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        after = json.loads(raw.decode("utf-8"))["after"]
    except (binascii.Error, ValueError, UnicodeDecodeError, KeyError, TypeError):
        raise HTTPException(400, "malformed cursor: pass back the next_cursor of a previous page") from None
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= MAX_ID:
        raise HTTPException(400, "malformed cursor: pass back the next_cursor of a previous page")
    return after


# -- reads -----------------------------------------------------------------------------------


@router.get("/metrics", summary="Every metric, with each claimant's latest figure")
async def api_metrics(
    request: Request, side: Text = None, counted: Text = None, event: Text = None,
    claimant: Text = None, lang: Text = None, q: Text = None, provenance: ProvenanceParam = None,
    fmt: FormatQuery = None,
) -> Response:
    """Example: `GET /api/metrics?side=RU&counted=soldier&provenance=attributed`."""
    state = state_of(request)

    def rows() -> list[dict[str, Any]]:
        shown = filter_metrics(summaries(state, provenance), side=side, counted=counted, event=event,
                               claimant=claimant, lang=lang, q=q)
        return [r.to_dict() for r in shown]

    if fmt is not Format.csv:
        def body() -> bytes:
            data = rows()
            return json_bytes({"metrics": data, "count": len(data)})

        key = ("api/metrics", side, counted, event, claimant, lang, q, provenance)
        return json_download(fmt, await kept_or_computed(state, state.cache, key, body), "metrics")
    return await run_in_threadpool(lambda: download(fmt, {}, rows(), "metrics"))


@router.get("/metrics/{metric:path}/timeline", summary="A metric's figures over time, per claimant")
async def api_timeline(
    request: Request, metric: str, claimant: Text = None, since: date | None = None,
    until: date | None = None, provenance: ProvenanceParam = None, fmt: FormatQuery = None,
) -> Response:
    """Example: `GET /api/metrics/RU/soldier/killed/timeline` (the slashes may also be sent as `%2F`)."""
    state = state_of(request)

    def view_of() -> TimelineView:
        require_metric(state, metric)
        return timeline_view(state, metric, claimant=claimant, since=since, until=until, provenance=provenance)

    if fmt is not Format.csv:
        body = await kept_or_computed(state, state.cache, timeline_key(metric, claimant, since, until, provenance),
                                      lambda: json_bytes(view_of().to_dict()))
        return json_download(fmt, body, f"timeline-{safe_filename(metric)}")
    return await run_in_threadpool(lambda: timeline_csv(view_of(), fmt))


def timeline_csv(view: TimelineView, fmt: Format) -> Response:
    """A timeline's points, the claimants' then the reference series', as CSV rows."""
    metric = view.metric
    rows: list[dict[str, Any]] = []
    for series in view.series:
        for p in series.points:
            rows.append({"kind": "claimant", "series": series.claimant, "as_of": p.as_of, "value": p.value,
                         "high": p.high, "qualifier": p.qualifier, "low_bound": p.low_bound,
                         "high_bound": p.high_bound, "citations": p.citations, "outlets": p.outlets,
                         "verdict": p.verdict, "figure_id": p.figure_id, "claim_id": p.claim_id,
                         "document_id": p.document_id})
    for ref in view.reference:
        rows += [{"kind": "reference", "series": ref.name, "as_of": r["date"], "value": r["value"],
                  "qualifier": r["qualifier"]} for r in ref.points]
    columns = ["kind", "series", "as_of", "value", "high", "qualifier", "low_bound", "high_bound", "citations",
               "outlets", "verdict", "figure_id", "claim_id", "document_id"]
    return download(fmt, {}, rows, f"timeline-{safe_filename(metric)}", columns)


@router.get("/claims", summary="Claims with their documents, filtered and paginated")
async def api_claims(
    request: Request,
    metric: Text = None, side: Text = None, counted: Text = None, event: Text = None, claimant: Text = None,
    lang: Text = None, document: QueryId = None,
    verdict: Annotated[str | None, Query(pattern="^(" + "|".join(VERDICT_ORDER) + ")$")] = None,
    provenance: ProvenanceParam = None,
    since: date | None = None, until: date | None = None, q: Text = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    fmt: FormatQuery = None,
) -> Response:
    """Example: `GET /api/claims?metric=RU/soldier/killed&limit=50`, then `&cursor=<next_cursor>`."""
    after = decode_cursor(cursor) if cursor else 0
    filters = ClaimFilters(metric=metric, side=side, counted=counted, event=event, claimant=claimant, lang=lang,
                           document=document, verdict=verdict, provenance=provenance, since=since, until=until, q=q)
    state = state_of(request)
    if fmt is Format.csv:  # the columns and values of `decompte export`
        return await run_in_threadpool(claims_csv, state, filters, after, limit)
    body = await kept_or_computed(state, state.claim_pages, ("claims", filters, after, limit),
                                  lambda: json_bytes(claims_page(state, filters, after, limit)))
    return json_download(fmt, body, "claims")


def claims_csv(state: AppState, filters: ClaimFilters, after: int, limit: int) -> Response:
    """A page of ``/api/claims`` in the columns and values of ``decompte export``."""
    rows, _more = search_claim_rows(state.store, filters, after=after, limit=limit)
    return download(Format.csv, {}, [text_record(export_record(r)) for r in rows], "claims", EXPORT_COLUMNS)


def claims_page(state: AppState, filters: ClaimFilters, after: int, limit: int) -> dict[str, Any]:
    """A page of ``/api/claims``: the claims after ``after``, each with its revision flags."""
    rows, more = search_claim_rows(state.store, filters, after=after, limit=limit)
    next_cursor = encode_cursor(rows[-1].id) if more and rows else None
    found = attach_revisions(state.store, state.registry(), [claim_dict(r) for r in rows], state.revisions,
                             figure_series(rows))
    return {"claims": found, "count": len(found), "limit": limit, "next_cursor": next_cursor}


@router.get("/documents/{document_id}", summary="A document: text, metadata and claims")
def api_document(request: Request, document_id: PathId, fmt: FormatQuery = None) -> Response:
    """Example: `GET /api/documents/1`; `format=csv` gives its claims, in the columns of `decompte export`."""
    state = state_of(request)
    if fmt is Format.csv:
        found = document_rows(state.store, document_id)
        if found is None:
            raise HTTPException(404, f"no document with id {document_id}")
        return download(fmt, {}, [text_record(export_record(r)) for r in found[1]], f"document-{document_id}",
                        EXPORT_COLUMNS)
    found = document_rows(state.store, document_id)
    if found is None:
        raise HTTPException(404, f"no document with id {document_id}")
    doc, rows = found
    doc["claims"] = attach_revisions(state.store, state.registry(), [claim_dict(r) for r in rows], state.revisions,
                                     figure_series(rows))
    return download(fmt, doc, doc["claims"], f"document-{document_id}")


@router.get("/claimants", summary="Who claims what, how often, and how often it checks out")
async def api_claimants(request: Request, q: Text = None, fmt: FormatQuery = None) -> Response:
    """Example: `GET /api/claimants?q=ukrain`."""
    state = state_of(request)
    if fmt is not Format.csv:
        body = await kept_or_computed(state, state.cache, ("api/claimants", q),
                                      lambda: json_bytes(claimants_payload(state, q)[0]))
        return json_download(fmt, body, "claimants")
    return await run_in_threadpool(lambda: download(fmt, *claimants_payload(state, q), "claimants"))


def claimants_payload(state: AppState, q: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``/api/claimants``: the claimants matching ``q`` with their groups, and the same rows as CSV."""
    rows = filter_claimants(claimants_table(state), q)
    groups = [{"kind": g["kind"], "label": g["label"], "claims": g["claims"],
               "countries": [{"country": c["country"], "claimants": len(c["rows"]),
                              "claims": sum(r["claims"] for r in c["rows"])} for c in g["countries"]]}
              for g in group_claimants(rows)]
    return {"claimants": rows, "count": len(rows), "groups": groups}, rows


@router.get("/contests", summary="Figures of one date by claimants whose bounds cannot all hold")
def api_contests(request: Request, metric: Text = None, fmt: FormatQuery = None) -> Response:
    """Example: `GET /api/contests?metric=RU/soldier/killed`; `format=csv` gives one row per figure."""
    state = state_of(request)

    def compute() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        if metric:
            require_metric(state, metric)
        return contest_payload(state.store, metric)

    payload, rows = state.cache.get(("contests", metric), compute)
    return download(fmt, payload, rows, "contests")


@router.get("/revisions", summary="Running totals revised down, or rising faster than the reference allows")
def api_revisions(request: Request, metric: Text = None, fmt: FormatQuery = None) -> Response:
    """Example: `GET /api/revisions?metric=RU/soldier/killed`; each flag links the earlier citation."""
    state = state_of(request)

    def compute() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        if metric:
            require_metric(state, metric)
        return revision_payload(state.store, state.registry(), metric)

    payload, rows = state.cache.get(("revisions", metric), compute)
    return download(fmt, payload, rows, "revisions")


# -- extraction and ingestion ------------------------------------------------------------------


class ExtractRequest(BaseModel):
    text: str = Field(min_length=1, description="The article text")
    lang: str | None = Field(None, max_length=16, description="Language code; detected when left out")
    published: date | None = Field(None, description="Publication date, to resolve periods")


class DocumentRequest(BaseModel):
    text: str | None = Field(None, min_length=1, description="The article text (or give `url`)")
    url: str | None = Field(None, max_length=2000, description="An http(s) URL to fetch (or give `text`)")
    title: str | None = Field(None, max_length=1000)
    published: date | None = None
    lang: str | None = Field(None, max_length=16)
    id: str | None = Field(None, max_length=500, description="Document key; default: the URL or a hash")
    site: str | None = Field(None, max_length=300)

    @model_validator(mode="after")
    def _one_source(self) -> DocumentRequest:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of `text` and `url`")
        return self


def _check_size(state: AppState, text: str) -> None:
    limit = state.config.max_extract_chars
    if len(text) > limit:
        raise HTTPException(413, f"text of {len(text)} characters, over the {limit}-character limit")


def _language(text: str, lang: str | None) -> str:
    from decompte.extract import available_languages
    from decompte.ingest.lang import detect_language

    code = (lang or detect_language(text) or "").lower()
    if not code:
        raise UnknownLanguage("cannot tell the text's language: give `lang`")
    if code not in available_languages():
        raise UnknownLanguage(f"no language pack for {code!r} (installed: {', '.join(sorted(available_languages()))})")
    return code


def run_in_slot(state: AppState, work: Callable[[], T]) -> T:
    """``work()`` in one of the extraction slots, within the time budget.

    No free slot: 429 at once (waiting would let clients pile work up). Past the budget:
    503, while the work runs on in its thread and keeps its slot until it ends, so that
    however clients time out, no more than ``max_extractions`` texts are being read.
    """
    config = state.config
    if not state.extract_slots.acquire(blocking=False):
        raise HTTPException(429, f"{config.max_extractions} extractions already running: retry later",
                            headers={"Retry-After": "5"})
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to the request, which raises it
            future.set_exception(exc)
        finally:
            state.extract_slots.release()

    threading.Thread(target=run, name="decompte-extract", daemon=True).start()
    try:
        return future.result(timeout=config.extract_seconds)
    except FutureTimeout:
        raise HTTPException(503, f"extraction ran past the {config.extract_seconds:g}-second budget of a request",
                            headers={"Retry-After": "30"}) from None
    except OverflowError as exc:  # a figure too large for a float: the text, not the server, is at fault
        raise HTTPException(422, f"a number in the text is too large to read ({exc})") from None


@router.post("/extract", summary="Extract the claims of a text (nothing is stored)")
def api_extract(request: Request, body: ExtractRequest) -> dict[str, Any]:
    """Example: `POST /api/extract {"text": "Plus de 450 chars détruits, selon Kiev.", "lang": "fr"}`.

    413 for a text over the size limit, 429 when every extraction slot is taken, 503 past
    the time budget of a request."""
    state = state_of(request)
    _check_size(state, body.text)
    from decompte.extract import extract_claims

    def work() -> tuple[str, list[Claim]]:
        lang = _language(body.text, body.lang)
        return lang, extract_claims(body.text, lang=lang, published=body.published)

    lang, found = run_in_slot(state, work)
    return {"lang": lang, "count": len(found), "claims": [c.to_dict() for c in found]}


def require_token(
    request: Request, _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None
) -> None:
    """Checked before the body is validated: without the token, nothing about the body is said."""
    check_token(request, state_of(request).config.token)


@router.post("/documents", status_code=201, dependencies=[Depends(require_token)],
             summary="Ingest a text or URL into the ledger (bearer token)")
def api_add_document(request: Request, body: DocumentRequest) -> dict[str, Any]:
    """Example: `POST /api/documents {"text": "…", "published": "2022-03-19"}` with `Authorization: Bearer …`."""
    state = state_of(request)
    assert state.writer is not None  # a token always comes with a writable store
    from decompte.ingest.reasons import Failure
    from decompte.ingest.runner import ingest
    from decompte.ingest.sources import SourceOptions, check_arguments, iter_articles

    if body.text is not None:
        _check_size(state, body.text)
        article = Article(id=body.id or "", text=body.text, title=body.title, published=body.published,
                          site=body.site, source="api")
        article.id = body.id or f"api:{article.content_hash[:16]}"
        items: list[Article | Failure] = [article]
    else:
        assert body.url is not None
        if not body.url.lower().startswith(("http://", "https://")):  # never a path on the server
            raise UnsupportedInput(f"{body.url}: only http(s) URLs can be fetched")
        check_arguments([body.url], state.config.limits)
        items = list(iter_articles([body.url], SourceOptions(limits=state.config.limits)))
        failures = [i for i in items if isinstance(i, Failure)]
        if failures and len(failures) == len(items):
            raise HTTPException(422, failures[0].message)
    articles = [i for i in items if isinstance(i, Article)]
    for article in articles:
        article.title = body.title or article.title
        article.published = body.published or article.published
        article.lang = body.lang or article.lang
        _check_size(state, article.text)
    with state.write_lock:
        summary = ingest(items, state.writer, extraction=state.extraction(), command="web: POST /api/documents")
        stored = [(a, state.writer.find(a)) for a in articles]
    if summary.failed and not any(doc for _a, doc in stored):  # nothing stored: say why, not 201 with no id
        raise HTTPException(422, "; ".join(f.message for f in summary.examples[:3]) or "nothing could be stored")
    return {
        "documents": [{"id": doc.id if doc else None, "doc_key": a.id, "status": doc.status if doc else None,
                       "url": f"/documents/{doc.id}" if doc else None} for a, doc in stored],
        "summary": summary.to_dict(),
    }
