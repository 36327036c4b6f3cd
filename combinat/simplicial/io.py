"""Reading and writing facet lists and integer sequences (plain text)."""
from __future__ import annotations

import os
from collections.abc import Hashable, Iterable

import numpy as np


def _parse_label(token: str) -> Hashable:
    try:
        return int(token)
    except ValueError:
        return token


def parse_facet_list(text: str) -> list[tuple]:
    """Facets from text: one facet per line, whitespace-separated labels; blank lines and
    lines starting with ``#`` are skipped. Integer-looking labels become ints.

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
    """Read a facet-list file (see :func:`parse_facet_list`)."""
    with open(path, encoding="utf-8") as handle:
        return parse_facet_list(handle.read())


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
            raise ValueError(f"vertex labels must be non-empty and without whitespace: {labels}")
        lines.append(" ".join(labels))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + ("\n" if lines else ""))


def read_sequence(path: str | os.PathLike) -> list[int]:
    """Read whitespace-separated integers (a degree or size sequence file).

    Raises ValueError naming the first token that is not an integer.
    """
    with open(path, encoding="utf-8") as handle:
        tokens = handle.read().split()
    values = []
    for position, token in enumerate(tokens):
        try:
            values.append(int(token))
        except ValueError:
            raise ValueError(f"{path}: token {position} ({token!r}) is not an integer") from None
    return values


def write_sequence(values: Iterable[int], path: str | os.PathLike) -> None:
    """Write integers on one line, separated by spaces."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(" ".join(str(int(v)) for v in np.asarray(list(values)).ravel()) + "\n")
