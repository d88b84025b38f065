"""Near-duplicate stories: one wire story reprinted by many sites is one story with N outlets.

Exact duplicates are caught by the ledger's content hash; reprints are not exact: each
outlet adds its dateline, a credit line, a changed headline. Two texts are the same
story when the Jaccard similarity of their features reaches ``THRESHOLD``, estimated
with MinHash signatures and found without comparing every pair through
locality-sensitive hashing (``datasketch``). Groups are closed transitively (A~B and
B~C: one story).

The features are the text's word shingles (``SHINGLE_WORDS`` words, case and
punctuation folded) plus each number it states, counted ``NUMBER_WEIGHT`` times: a
daily bulletin written from the same template ("plus de 14 400 soldats…", then "plus
de 14 700…") is nearly the same text but a new announcement, and its changed figures
must weigh more than a few words would.

A signature is ``NUM_PERM`` 32-bit values (``signature_bytes``: 4 × ``NUM_PERM`` bytes),
computed where the text is (a worker process, a Dask worker); only signatures travel
to the one place that groups them (``StoryIndex``). A story's id is derived from the
smallest content hash among its documents, so the same documents always give the same id.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE_WORDS = 4
NUMBER_WEIGHT = 8
THRESHOLD = 0.8
SEED = 1
SCHEME = "affine32"
"""datasketch's hashing scheme, pinned: signatures stored by one version must compare with the next."""
_DTYPE = "<u4"

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d(?:[\d\s\u202f\u00a0.,]*\d)?")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The text's features: runs of ``size`` consecutive words, lower-cased (the whole
    text if shorter), and ``NUMBER_WEIGHT`` salted copies of each number it states."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        found = {" ".join(words).encode("utf-8")}
    else:
        found = {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}
    for number in _NUMBER.findall(text):
        digits = re.sub(r"\D", "", number)
        found.update(f"#{k}:{digits}".encode() for k in range(NUMBER_WEIGHT))
    return found


def signature(text: str, num_perm: int = NUM_PERM) -> LeanMinHash:
    """The MinHash signature of the text's shingles."""
    m = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return LeanMinHash(m)


def signature_bytes(text: str, num_perm: int = NUM_PERM) -> bytes:
    """The signature as bytes, for Parquet columns and inter-process messages."""
    return np.asarray(signature(text, num_perm).hashvalues, dtype=_DTYPE).tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    """A signature back from ``signature_bytes``."""
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype=_DTYPE), scheme=SCHEME)


def outlet(site: str | None, url: str | None) -> str | None:
    """Who published a document: its site, else its URL's host (without ``www.``)."""
    if site:
        return site.lower()
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


@dataclass(frozen=True)
class Story:
    """Documents that tell the same story, and the distinct outlets that published it."""

    story_id: str
    members: tuple[Hashable, ...]
    outlets: tuple[str, ...]


class StoryIndex:
    """Groups documents into stories as their signatures are added.

    ``add`` looks the signature up among those already added (LSH buckets), then
    inserts it; ``stories`` closes the groups transitively (union-find).
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._parent: list[int] = []
        self._keys: list[Hashable] = []
        self._hashes: list[str] = []
        self._outlets: list[str | None] = []

    def __len__(self) -> int:
        return len(self._keys)

    def _root(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def add(self, key: Hashable, sig: LeanMinHash | bytes, content_hash: str, outlet: str | None) -> None:
        """Add one document: ``key`` names it in the stories, ``content_hash`` makes the id stable."""
        m = from_bytes(sig) if isinstance(sig, bytes) else sig
        i = len(self._keys)
        self._keys.append(key)
        self._hashes.append(content_hash)
        self._outlets.append(outlet)
        self._parent.append(i)
        for j in self._lsh.query(m):
            a, b = self._root(i), self._root(int(j))
            if a != b:
                self._parent[max(a, b)] = min(a, b)
        self._lsh.insert(i, m)

    def stories(self) -> list[Story]:
        """Every story, the largest first (ties by id)."""
        groups: dict[int, list[int]] = {}
        for i in range(len(self._keys)):
            groups.setdefault(self._root(i), []).append(i)
        found = [
            Story(
                story_id="story:" + min(self._hashes[i] for i in members)[:16],
                members=tuple(self._keys[i] for i in members),
                outlets=tuple(sorted({o for i in members if (o := self._outlets[i])})),
            )
            for members in groups.values()
        ]
        return sorted(found, key=lambda s: (-len(s.members), s.story_id))


def group_stories(docs: Iterable[tuple[Hashable, str, str | None, str | None]],
                  threshold: float = THRESHOLD) -> list[Story]:
    """Stories of ``(key, text, site, url)`` documents, computed here (no workers)."""
    import hashlib

    index = StoryIndex(threshold)
    for key, text, site, url in docs:
        digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
        index.add(key, signature(text), digest, outlet(site, url))
    return index.stories()
