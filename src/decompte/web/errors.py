"""One error shape for HTML and JSON (Datasette's ``handle_exception`` habit).

Every failure — a 404, a bad parameter, a refused write, a ledger that cannot be
read, a bug — becomes ``{"error": {"status", "title", "detail"[, "errors"]}}``: as JSON
under ``/api/`` (or when the client asks for JSON), as the same three fields in an
HTML page elsewhere. Library errors (``DecompteError``) keep their one-line message;
a bug shows no traceback to the client.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from decompte.errors import DecompteError, FetchRefused, NumberParseError, StoreError, UnknownLanguage, UnsupportedInput

log = logging.getLogger("decompte.web")

_STATUS_OF: tuple[tuple[type[DecompteError], int], ...] = (
    (StoreError, 503),
    (UnsupportedInput, 422),
    (UnknownLanguage, 422),
    (NumberParseError, 422),
    (FetchRefused, 422),
)


def wants_json(request: Request) -> bool:
    """API paths answer JSON; pages answer HTML unless the client asks for JSON only."""
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_payload(status: int, detail: str, errors: list[Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "title": HTTPStatus(status).phrase, "detail": detail}
    if errors:
        body["errors"] = errors
    return {"error": body}


def error_response(
    request: Request, status: int, detail: str, errors: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON or as the HTML error page, with the same fields."""
    payload = error_payload(status, detail, errors)
    if wants_json(request):
        return JSONResponse(jsonable_encoder(payload), status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"error": payload["error"], "page": "error"}, status_code=status, headers=headers
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]


def install(app: FastAPI) -> None:
    """Register the handlers that give every error its one shape."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        where = ", ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return error_response(request, 422, f"invalid request ({where})", errors)

    @app.exception_handler(DecompteError)
    async def _decompte(request: Request, exc: DecompteError) -> Response:
        status = next((code for kind, code in _STATUS_OF if isinstance(exc, kind)), 400)
        if status >= 500:
            log.error("ledger error on %s: %s", request.url.path, exc)
        return error_response(request, status, str(exc))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(request, 500, "internal error (see the server's log)")
