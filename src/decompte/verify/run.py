"""Verify many claims at once: those of a text, or every claim in the ledger.

These are the library calls behind ``decompte verify``; they return plain data so the
CLI, the web app and tests print or assert it as they like.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from decompte.model import Claim, Verdict
from decompte.verify.check import Rules, check_claim
from decompte.verify.registry import Registry


@dataclass(frozen=True)
class Checked:
    """A claim, its verdict, and the claim's ledger id when it came from the ledger."""

    claim: Claim
    verdict: Verdict
    claim_id: Any = None

    def to_dict(self) -> dict[str, Any]:
        data = {"claim": self.claim.to_dict(), "verdict": self.verdict.to_dict()}
        return {"claim_id": self.claim_id, **data} if self.claim_id is not None else data


def verify_claims(claims: Iterable[Claim], published: date | None, registry: Registry | None = None,
                  rules: Rules = Rules()) -> list[Checked]:
    """Verdicts for claims of one document published on ``published``."""
    registry = registry or Registry.default()
    return [Checked(claim, check_claim(claim, published, registry, rules)) for claim in claims]


def verify_text(text: str, lang: str, published: date | None, doc_id: str | None = None,
                registry: Registry | None = None, rules: Rules = Rules()) -> list[Checked]:
    """Extract the claims of a text, then verify them."""
    from decompte.extract import extract_claims  # the extractor loads spaCy: only when a text is given

    claims = extract_claims(text, lang=lang, published=published, doc_id=doc_id)
    return verify_claims(claims, published, registry, rules)


def verify_store(db: str | None = None, registry: Registry | None = None, rules: Rules = Rules(),
                 write: bool = True) -> list[Checked]:
    """Verify every claim in the ledger at ``db`` (path or URL; ``None``: the default ledger).

    Unless ``write`` is false the verdicts are stored, all in one transaction, replacing
    the claims' earlier verdicts.
    """
    from decompte.ledger import Store, iter_claims, store_verdicts  # SQLAlchemy: only for --db

    registry = registry or Registry.default()
    with Store.open(db) as store:
        checked = [
            Checked(claim, check_claim(claim, _published(document), registry, rules), claim_id)
            for claim_id, claim, document in iter_claims(store)
        ]
        if write:
            store_verdicts(store, [(c.claim_id, c.verdict) for c in checked])
    return checked


def _published(meta: Any) -> date | None:
    """The publication date from the ledger's document metadata (a mapping or an object)."""
    value = meta.get("published") if isinstance(meta, dict) else getattr(meta, "published", None)
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
