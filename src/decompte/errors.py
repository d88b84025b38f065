"""Errors raised by Décompte.

Library code raises these; only ``cli`` and ``web`` turn them into a one-line
message with an exit code or an HTTP status::

    DecompteError
     ├── UnsupportedInput      the input cannot be read as an article (binary, empty, bad encoding, too large)
     ├── UnknownLanguage       no language pack for the requested or detected language
     ├── FetchRefused          a URL could not or may not be fetched (status, size, type, redirects, timeout)
     ├── NumberParseError      a string is not a number we can read
     ├── ReferenceSeriesError  a reference series or its manifest is invalid
     ├── StoreError            the ledger database cannot be opened or written
     └── AlertNotSent          ``decompte watch`` could not deliver an alert (webhook status, timeout, address)
"""

from __future__ import annotations


class DecompteError(Exception):
    """Base class of every error Décompte raises on purpose."""


class UnsupportedInput(DecompteError):
    """The input is not something an article can be read from."""


class UnknownLanguage(DecompteError):
    """No language pack is installed for this language."""


class FetchRefused(DecompteError):
    """A URL could not, or may not, be fetched."""


class NumberParseError(DecompteError, ValueError):
    """A string does not hold a number Décompte can read."""


class ReferenceSeriesError(DecompteError):
    """A reference series file or manifest is invalid."""


class StoreError(DecompteError):
    """The ledger database cannot be opened, migrated or written."""


class AlertNotSent(DecompteError):
    """An alert could not be delivered; it stays pending in the ledger and is sent again."""
