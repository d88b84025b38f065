"""The lemmatizer's lookup tables, read as spaCy reads them, without a Python call per word.

``fr_core_news_md``'s lemmatizer holds a table of 216 849 word → lemma pairs. spaCy's
``Table`` is an ``OrderedDict`` whose ``__setitem__`` is Python (it hashes the key and adds
it to a Bloom filter), so reading the table made 216 849 Python calls: 0.6–1.2 s of every
process loading French, before its first article. ``fast_lookup_tables`` reads the same
bytes into the same ``Table`` objects — same class, keys, order, values, name and Bloom
filter — with the keys hashed in one pass and the dict filled by ``OrderedDict``'s own C code.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import srsly
from preshed.bloom import BloomFilter
from spacy.lookups import Lookups, Table
from spacy.strings import get_string_id


class _FilledInC(Table):
    """A ``Table`` whose item assignment is ``OrderedDict``'s: used only while a table is filled."""

    __setitem__ = OrderedDict.__setitem__


def read_table(name: str, data: dict[Any, Any]) -> Table:
    """``Table(name, data)``, the same object, built without a Python call per item."""
    keys = [get_string_id(key) for key in data]
    table = _FilledInC.__new__(_FilledInC)
    OrderedDict.__init__(table)
    table.name = name
    table.default_size = 1e6
    table.bloom = BloomFilter.from_error_rate(max(len(data), 1))
    OrderedDict.update(table, zip(keys, data.values()))
    add = table.bloom.add
    for key in keys:
        add(key)
    table.__class__ = Table  # type: ignore[assignment]  # from here on it behaves, and sets items, as any Table
    return table


def _lookups_from_bytes(self: Lookups, bytes_data: bytes, **kwargs: Any) -> Lookups:
    self._tables = {}
    for key, value in srsly.msgpack_loads(bytes_data).items():
        self._tables[key] = read_table(key, value)
    return self


@contextmanager
def fast_lookup_tables() -> Iterator[None]:
    """While loading a pipeline, ``Lookups.from_bytes`` builds its tables with ``read_table``."""
    original = Lookups.from_bytes
    Lookups.from_bytes = _lookups_from_bytes  # type: ignore[method-assign]
    try:
        yield
    finally:
        Lookups.from_bytes = original  # type: ignore[method-assign]
