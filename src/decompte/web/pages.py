"""The HTML pages: metrics, a metric's timeline, a document, claimants, and the API docs.

Server-rendered with Jinja2 (autoescaped); the only JavaScript is the chart's
tooltip. Each page reads through the same query functions as the API, and its
download buttons link to the API endpoint with the page's filters.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import HTMLResponse, Response

from decompte.model import PROVENANCES
from decompte.web.api import (
    claimants_table, kept_or_computed, menus, require_metric, state_of, summaries, timeline_view,
)
from decompte.web.chart import build_chart
from decompte.web.params import PathId, ProvenanceParam, QueryId, Text
from decompte.web.queries import document_detail, filter_claimants, filter_metrics, group_claimants
from decompte.web.templating import metric_path

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


async def render_cached(request: Request, name: str, build: Callable[[], dict[str, Any]]) -> Response:
    """The page ``name`` with the context ``build()`` gives, rendered once per URL while the ledger
    is unchanged (``web.cache``): the templates read nothing from the request but that context.
    A kept page is sent from the event loop; ``build`` and the rendering run in a worker thread."""
    templates = request.app.state.templates
    key = (name, request.url.path, request.url.query)
    state = state_of(request)
    html = await kept_or_computed(state, state.pages, key, lambda: templates.get_template(name).render(build()))
    return HTMLResponse(html)


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v not in (None, "")}


@router.get("/")
async def metrics_page(
    request: Request, side: Text = None, counted: Text = None, event: Text = None,
    claimant: Text = None, lang: Text = None, q: Text = None, provenance: ProvenanceParam = None,
) -> Response:
    state = state_of(request)
    narrowing = _clean({"side": side, "counted": counted, "event": event, "claimant": claimant, "lang": lang, "q": q})
    filters = _clean({**narrowing, "provenance": provenance})

    def build() -> dict[str, Any]:
        shown = filter_metrics(summaries(state, provenance), **narrowing)
        return {"page": "metrics", "rows": shown, "total": len(summaries(state)), "filters": filters,
                "choices": menus(state), "provenances": PROVENANCES}

    return await render_cached(request, "metrics.html", build)


def segments(text: str, found: list[dict[str, Any]]) -> tuple[list[tuple[str, dict[str, Any] | None]], set[int]]:
    """The text cut at claim offsets: ``(piece, claim or None)`` in order, and the ids highlighted.

    A claim whose span overlaps an earlier one, or whose offsets do not fit the text,
    is listed in the side table but not highlighted: pieces never overlap, so every
    piece is escaped on its own and the text reads exactly as stored.
    """
    pieces: list[tuple[str, dict[str, Any] | None]] = []
    shown: set[int] = set()
    pos = 0
    for claim in sorted(found, key=lambda c: (c["start"], -c["end"])):
        start, end = claim["start"], claim["end"]
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            pieces.append((text[pos:start], None))
        pieces.append((text[start:end], claim))
        shown.add(claim["id"])
        pos = end
    pieces.append((text[pos:], None))
    return pieces, shown


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: PathId, claim: QueryId = None) -> Response:
    doc = document_detail(state_of(request).store, document_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {document_id}")
    pieces, shown = segments(doc["text"], doc["claims"])
    events = sorted({c["event"] for c in doc["claims"]})
    return render(request, "document.html", {
        "page": "document", "doc": doc, "pieces": pieces, "shown": shown, "selected": claim, "events": events,
    })


@router.get("/claimants")
async def claimants_page(request: Request, q: Text = None) -> Response:
    def build() -> dict[str, Any]:
        rows = filter_claimants(claimants_table(state_of(request)), q)
        return {"page": "claimants", "groups": group_claimants(rows), "rows": rows, "filters": _clean({"q": q})}

    return await render_cached(request, "claimants.html", build)


@router.get("/docs")
def docs_page(request: Request) -> Response:
    """Swagger UI from the vendored copy in ``static/vendor/swagger-ui`` (no CDN)."""
    return render(request, "docs.html", {"page": "docs"})


@router.get("/metrics/{metric:path}")
async def timeline_page(
    request: Request, metric: str, claimant: Text = None, since: date | None = None, until: date | None = None,
    provenance: ProvenanceParam = None,
) -> Response:
    state = state_of(request)

    def build() -> dict[str, Any]:
        require_metric(state, metric)
        view = timeline_view(state, metric, claimant=claimant, since=since, until=until, provenance=provenance)
        full = timeline_view(state, metric, reference=False) if claimant or since or until or provenance else view
        filters = _clean({"claimant": claimant, "since": since.isoformat() if since else None,
                          "until": until.isoformat() if until else None, "provenance": provenance})
        rows = sorted(((s, p) for s in view.series for p in s.points),
                      key=lambda sp: (sp[1].as_of or date.min, sp[0].label))
        return {
            "page": "timeline", "metric": metric, "view": view, "chart": build_chart(view), "rows": rows,
            "claimants": [s.label for s in full.series], "filters": filters, "provenances": PROVENANCES,
            "api_path": f"/api{metric_path(metric)}/timeline",
        }

    return await render_cached(request, "timeline.html", build)
