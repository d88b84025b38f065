"""Errors that carry a short *reason*, so a run's summary can count failures by kind.

``decompte ingest`` ends with "failed: 3 (http 404: 1, timeout: 1, too large: 1)";
the reason is a stable, short label, the message says which document and why.
Both classes are the contract's error types (``FetchRefused``, ``UnsupportedInput``),
so callers that do not care about reasons catch them as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from decompte.errors import FetchRefused, UnsupportedInput


class Refused(FetchRefused):
    """A URL was not fetched: status, size, type, scheme, redirects or timeout."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Unreadable(UnsupportedInput):
    """An input holds no article we can read: binary, bad encoding, no text, too large."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def reason_of(exc: BaseException) -> str:
    """The short label a summary counts this failure under."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str) and reason:
        return reason
    return {"UnknownLanguage": "no pipeline for language"}.get(type(exc).__name__, type(exc).__name__)


@dataclass(frozen=True)
class Failure:
    """A document that could not be read or stored; the run goes on and reports it."""

    ref: str
    """Which input: a path, ``path:line``, or a URL."""
    reason: str
    message: str

    @classmethod
    def of(cls, ref: str, exc: BaseException) -> Failure:
        return cls(ref, reason_of(exc), str(exc) or type(exc).__name__)
