"""Reading and writing facet lists and integer sequences (plain UTF-8 text).

Files are read in chunks and checked as they come: a NUL byte (a binary file), bytes that
are not UTF-8 (or a multi-byte character cut off at the end of a truncated file) raise
:class:`~cayley.errors.InputError` naming the file and the byte offset, and a file too large
to parse in the available memory raises :class:`~cayley.errors.MemoryBudgetError` before
it is read to the end (so ``/dev/zero`` or an endless pipe fail fast instead of filling the
memory).
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Hashable, Iterable

import numpy as np

from cayley import _memory
from cayley.errors import InputError

from ._validate import INTEGER, shown

_CHUNK_BYTES = 1 << 20
# Bytes of memory per byte of text while parsing: the text, the split tokens (a str object
# of about 50 bytes per token, at least two text bytes each) and the parsed values.
_PARSE_BYTES_PER_TEXT_BYTE = 64


def _read_text(path: str | os.PathLike) -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped).

    Raises
    ------
    InputError
        For a NUL byte or bytes that are not UTF-8, with the file name and byte offset.
    MemoryBudgetError
        When the file is too large to parse in the available memory.
    OSError
        When the file cannot be opened or read (missing, a directory, no permission).
    """
    available = _memory.available_bytes()
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    parts: list[str] = []
    offset = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            _memory.require((offset + len(chunk)) * _PARSE_BYTES_PER_TEXT_BYTE,
                            f"parsing {os.fspath(path)!r} (at least {offset + len(chunk)} bytes)",
                            available)
            nul = chunk.find(b"\0")
            if nul >= 0:
                raise InputError(f"{os.fspath(path)!r} is not a text file "
                                 f"(a NUL byte at byte {offset + nul})")
            offset += len(chunk)
            try:
                parts.append(decoder.decode(chunk))
            except UnicodeDecodeError as exc:  # exc.object: the undecoded tail of the file so far
                at = offset - len(exc.object) + exc.start
                raise InputError(f"{os.fspath(path)!r} is not UTF-8 text (byte {at} is "
                                 f"{exc.object[exc.start]:#04x})") from None
    try:
        parts.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        raise InputError(f"{os.fspath(path)!r} ends inside a UTF-8 character "
                         "(is the file truncated?)") from None
    return "".join(parts)


def _parse_label(token: str) -> Hashable:
    """An ASCII integer token (``-12``, ``007``) as an int, any other token as itself."""
    if INTEGER.fullmatch(token):
        try:
            return int(token)
        except ValueError:  # beyond Python's digit limit for int(): keep it as a string
            return token
    return token


def parse_facet_list(text: str) -> list[tuple]:
    """Facets from text: one facet per line, whitespace-separated labels; blank lines and
    lines starting with ``#`` are skipped. ASCII integer labels become ints.

    Examples
    --------
    >>> parse_facet_list("0 1 2\\n# comment\\n2 3\\n")
    [(0, 1, 2), (2, 3)]
    """
    facets = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            facets.append(tuple(_parse_label(token) for token in line.split()))
    return facets


def read_facet_list(path: str | os.PathLike) -> list[tuple]:
    """Read a facet-list file (see :func:`parse_facet_list`).

    Raises
    ------
    InputError
        For a binary file or one that is not UTF-8 text.
    MemoryBudgetError
        For a file too large to parse in the available memory.
    OSError
        When the file cannot be read.
    """
    return parse_facet_list(_read_text(path))


def write_facet_list(facets: Iterable[Iterable[Hashable]], path: str | os.PathLike) -> None:
    """Write one facet per line, labels separated by spaces (labels must not contain spaces).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "k.txt"
    >>> write_facet_list([(0, 1, 2), (2, 3)], target)
    >>> read_facet_list(target)
    [(0, 1, 2), (2, 3)]
    """
    lines = []
    for facet in facets:
        labels = [str(v) for v in facet]
        if any(not label or any(c.isspace() for c in label) for label in labels):
            raise InputError(f"vertex labels must be non-empty and without whitespace: {labels}")
        lines.append(" ".join(labels))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + ("\n" if lines else ""))


def read_sequence(path: str | os.PathLike) -> list[int]:
    """Read whitespace-separated integers (a degree or size sequence file).

    Tokens must be ASCII integers such as ``3``, ``+3`` or ``-3`` (the sign of the entries is
    checked by the caller, e.g. :func:`~combinat.simplicial.realize`).

    Raises
    ------
    InputError
        Naming the first token that is not an integer, or for a binary or non-UTF-8 file.
    MemoryBudgetError
        For a file too large to parse in the available memory.
    OSError
        When the file cannot be read.
    """
    values = []
    for position, token in enumerate(_read_text(path).split()):
        value = _parse_label(token)
        if not isinstance(value, int):
            problem = "is too long" if INTEGER.fullmatch(token) else "is not an integer"
            raise InputError(f"{os.fspath(path)!r}: token {position} ({shown(token)}) {problem}")
        values.append(value)
    return values


def write_sequence(values: Iterable[int], path: str | os.PathLike) -> None:
    """Write integers on one line, separated by spaces."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(" ".join(str(int(v)) for v in np.asarray(list(values)).ravel()) + "\n")
