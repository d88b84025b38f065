"""Small helpers on URLs and dates shared by the readers.

Canonical URLs are normalised (scheme and host lower-cased, fragment and tracking
parameters dropped) because two copies of an article are recognised by them.
Dates come in every shape (ISO, RFC 822 in feeds, datetimes); ``parse_date`` keeps
the calendar date or gives ``None``, never raises.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|xtor|at_medium|at_campaign)$", re.I)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def is_url(text: str) -> bool:
    """Whether a command-line argument names a URL (any ``scheme://``), not a path."""
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text))


def normalise_url(url: str | None) -> str | None:
    """The form of a URL used to recognise duplicates, or ``None`` for none/non-web URLs."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def parse_date(value: object) -> date | None:
    """A calendar date from a date, datetime, ISO string or RFC 822 string; else ``None``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def date_in_name(name: str) -> date | None:
    """A ``YYYY-MM-DD`` date inside a file name (``ukraine-pertes-2022-03-19.txt``), if any."""
    match = _ISO_DATE.search(name)
    return parse_date(match.group(0)) if match else None
