"""Query and path parameters that every route validates alike: a bad one is a 422 with its reason.

The ledger stores ids as signed 64-bit integers (SQLite, PostgreSQL ``BIGINT``): a larger
one overflowed the driver and answered 500, so ids are bounded here. A text filter holding a
control character (``q=%00``) cut SQLite's pattern short and matched every row; such text is
refused rather than searched.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator

from decompte.model import PROVENANCES

#: The largest id the ledger can hold (a signed 64-bit integer).
MAX_ID = 2**63 - 1
#: Printable text only: no NUL, no other control character.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"

#: A text filter.
Text = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)]
#: Where a figure comes from (``decompte.model.PROVENANCES``): another value is a 422. Empty is
#: ``None``: a page's form sends ``provenance=`` when its menu says "any".
ProvenanceParam = Annotated[str | None, Query(pattern="^(" + "|".join(("",) + PROVENANCES) + ")$"),
                            AfterValidator(lambda value: value or None)]
#: An id in the path (``/documents/{document_id}``).
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
#: An optional id as a query parameter (``document=``, ``claim=``).
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
