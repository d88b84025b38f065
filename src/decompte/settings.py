"""Limits and defaults in one place.

Everything that bounds what Décompte reads from the outside world — bytes, seconds,
redirects, URL schemes, content types — is declared here, so that a reviewer can see
at a glance what a run may download and a test can tighten a limit without patching
module internals. ``Limits`` is a frozen value passed down explicitly (no global
state); ``DEFAULT_LIMITS`` is what the CLI uses unless options override it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

#: Environment variable naming the ledger database (a path or an SQLAlchemy URL).
DB_ENV_VAR = "DECOMPTE_DB"
#: The ledger file used when neither ``--db`` nor ``DECOMPTE_DB`` says otherwise.
DEFAULT_DB_FILE = "decompte.db"

#: The User-Agent sent when fetching pages unless ``--user-agent`` overrides it.
DEFAULT_USER_AGENT = "decompte/0.1 (+https://github.com/decompte/decompte; claims ledger)"

#: Content types read as a web page.
HTML_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
#: Content types read as an RSS or Atom feed (its entries' links are then fetched).
FEED_TYPES: frozenset[str] = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"}
)
#: Content types read as plain text.
TEXT_TYPES: frozenset[str] = frozenset({"text/plain"})
#: Content types a newer copy of a reference series may come as (``decompte reference update --from URL``);
#: the file is then read by the series' own format, whatever the label.
DATA_TYPES: frozenset[str] = frozenset({
    "text/csv", "application/csv", "application/json", "application/x-ndjson", "application/jsonl",
    "application/vnd.apache.parquet", "application/octet-stream", "text/plain",
})


# Bounds on the work the extractor does per piece of text, so that time stays linear in the
# input whatever it holds (a run of 100 000 numbers, a 2 MB line without punctuation).
#: Longest text handed to the parser as one sentence, in characters: a longer one is cut into
#: windows at a space or punctuation, offsets kept (an article's sentences are far shorter).
MAX_SENTENCE_CHARS = 2_000
#: Most numbers in one parsed sentence: a longer list is cut into windows between two numbers.
MAX_SENTENCE_NUMBERS = 64
#: A text holding more numbers than this, packed closer than ``MIN_CHARS_PER_NUMBER`` characters
#: apart on average, is refused as not an article (a column of figures, "1 1 1 …"): each number
#: costs a parse and a claim's worth of work, so such a text would cost many times an article.
MAX_DENSE_NUMBERS = 2_000
MIN_CHARS_PER_NUMBER = 10
#: Most digits a number written in digits may have; a longer run is not a count (a float
#: overflows past 308 digits, and no war figure has more than 18).
MAX_NUMBER_DIGITS = 18
#: Most words read as one number written in words ("quatre-vingt-dix-neuf mille neuf cent…").
MAX_NUMBER_WORDS = 16

# How figures of one metric are compared with each other (``decompte ledger contested|revisions``;
# ``decompte.verify.contests`` and ``decompte.verify.revisions``). "About" keeps the tolerance
# verification gives it, ``decompte.verify.bounds.CLAIM_TOLERANCE``: one number for both.
#: Days either side of a figure's date within which another claimant's figure speaks of the
#: same day: bulletins, briefings and the articles quoting them lag each other by a few days.
REPORTING_LAG_DAYS = 3
#: A *jump*: a claimant's total rising, from its previous figure, by more than the reference
#: series' largest daily increase × the days elapsed × this factor.
JUMP_FACTOR = 2.0


@dataclass(frozen=True)
class Limits:
    """What one fetch or one file may cost: a bound on every resource taken from outside."""

    max_bytes: int = 10 * 1024 * 1024
    """Largest response body or input file read, in bytes; larger ones are refused, not truncated."""
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    """Seconds to wait for the next bytes of a response."""
    total_timeout: float = 60.0
    """Seconds a whole download may take, so a server dripping bytes cannot hold a run forever."""
    max_redirects: int = 5
    allowed_schemes: frozenset[str] = frozenset({"http", "https"})
    block_private_hosts: bool = False
    """Refuse hosts resolving to private, loopback or link-local addresses (for shared servers)."""
    user_agent: str = DEFAULT_USER_AGENT
    max_feed_entries: int = 500

    def with_(self, **changes: object) -> Limits:
        """A copy with some limits changed (``None`` values are ignored, as CLI options are)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


DEFAULT_LIMITS = Limits()

#: Connection attempts a webhook alert gets beyond the first (httpx transport retries), per poll.
WEBHOOK_RETRIES = 3
#: Seconds between two polls of ``decompte watch`` unless ``--every`` says otherwise.
DEFAULT_WATCH_EVERY = 15 * 60


def default_db() -> str:
    """The database to open when none is given: ``$DECOMPTE_DB``, else ``./decompte.db``."""
    return os.environ.get(DB_ENV_VAR) or str(Path.cwd() / DEFAULT_DB_FILE)
