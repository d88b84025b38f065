"""Reading article text from files and streams, refusing what is not text."""

from __future__ import annotations

import sys
from pathlib import Path

from decompte.errors import UnsupportedInput

MAX_TEXT_BYTES = 20 * 1024 * 1024


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text from bytes; binary, non-UTF-8 and empty inputs are refused with the reason."""
    if not data.strip():
        raise UnsupportedInput(f"{name}: empty input")
    if b"\x00" in data[:8192]:
        raise UnsupportedInput(f"{name}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsupportedInput(f"{name}: not UTF-8 text (invalid byte at position {exc.start}); convert it first, e.g. with iconv") from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text[:8192]) * 0.05:
        raise UnsupportedInput(f"{name}: binary file, not text")
    return text.replace("\r\n", "\n")


def read_text(path: str | Path, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The text of a file, or of standard input for ``-``."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        file = Path(path)
        if not file.exists():
            raise UnsupportedInput(f"{name}: no such file")
        if file.is_dir():
            raise UnsupportedInput(f"{name}: is a directory")
        if file.stat().st_size > max_bytes:
            raise UnsupportedInput(f"{name}: {file.stat().st_size:,} bytes, over the limit of {max_bytes:,}")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise UnsupportedInput(f"{name}: cannot be read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise UnsupportedInput(f"{name}: over the limit of {max_bytes:,} bytes")
    return decode_text(data, name)
