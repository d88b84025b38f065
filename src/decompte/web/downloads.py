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
from collections.abc import Iterable, Sequence
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


def download(
    fmt: Format | None,
    payload: dict[str, Any],
    rows: Iterable[dict[str, Any]],
    filename: str,
    columns: Sequence[str] | None = None,
    *,
    json_ready: bool = False,
) -> Response:
    """``payload`` as JSON (an attachment when ``format=json`` was asked), or ``rows`` as CSV.

    ``json_ready``: the payload holds only JSON types already, so FastAPI's (slow,
    recursive) encoder is skipped.
    """
    if fmt is Format.csv:
        return Response(
            csv_text(rows, columns), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    headers = {"Content-Disposition": f'attachment; filename="{filename}.json"'} if fmt is Format.json else None
    return JSONResponse(payload if json_ready else jsonable_encoder(payload), headers=headers)


def safe_filename(text: str) -> str:
    """A metric key or name as a file name: letters, digits, ``-`` and ``_`` only."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    return cleaned.strip("-") or "decompte"
