"""CSV and JSON downloads of what a page shows.

Every page's download buttons point at the API endpoint behind it, with the page's
own filters and ``format=csv`` or ``format=json``; the claims' CSV has the columns of
``decompte export`` (``decompte.ledger.columns``). CSV cells that a spreadsheet would
run as a formula (text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return: OWASP's "CSV injection") are prefixed with an apostrophe: an article title
is data, and opening the file must not make Excel fetch a URL.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from starlette.responses import Response

from decompte.ledger.export import defused, flatten


class Format(str, Enum):
    json = "json"
    csv = "csv"


def cell(value: Any) -> Any:
    """A value as written to CSV, defused if a spreadsheet would read it as a formula."""
    value = defused(jsonable_encoder(value))
    return "" if value is None else value


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    flat = [flatten(r) for r in rows]
    if columns is None:
        seen: dict[str, None] = {}
        for r in flat:
            seen.update(dict.fromkeys(r))
        columns = list(seen)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for r in flat:
        writer.writerow([cell(r.get(c)) for c in columns])
    return out.getvalue()


def _plain(value: Any) -> Any:
    """What ``json`` cannot write itself: dates as ISO text, sets as lists, the rest as FastAPI would."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return list(value)
    return jsonable_encoder(value)


class FastJSONResponse(JSONResponse):
    """JSON written by ``json.dumps`` with ``_plain`` for what it does not know: FastAPI's
    recursive ``jsonable_encoder`` cost more than the query on a page of 100 claims."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=_plain).encode("utf-8")


def download(
    fmt: Format | None,
    payload: dict[str, Any],
    rows: Iterable[dict[str, Any]],
    filename: str,
    columns: Sequence[str] | None = None,
) -> Response:
    """``payload`` as JSON (an attachment when ``format=json`` was asked), or ``rows`` as CSV."""
    if fmt is Format.csv:
        return Response(
            csv_text(rows, columns), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    headers = {"Content-Disposition": f'attachment; filename="{filename}.json"'} if fmt is Format.json else None
    return FastJSONResponse(payload, headers=headers)


def json_bytes(payload: Any) -> bytes:
    """``payload`` as the bytes ``download`` would send (to keep them between requests)."""
    return FastJSONResponse(None).render(payload)


def json_download(fmt: Format | None, body: bytes, filename: str) -> Response:
    """Bytes from ``json_bytes`` sent as ``download`` sends JSON."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}.json"'} if fmt is Format.json else None
    return Response(body, media_type="application/json", headers=headers)


def safe_filename(text: str) -> str:
    """A metric key or name as a file name: letters, digits, ``-`` and ``_`` only."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    return cleaned.strip("-") or "decompte"
