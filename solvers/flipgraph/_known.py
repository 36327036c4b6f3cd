"""Best known ranks of matrix-multiplication formats, shipped with the package.

The table (``data/known_ranks.csv``) covers every format 2 <= n <= m <= p <= 16; rank is
invariant under permuting (n, m, p), so lookups sort the format first.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from cayley.errors import InputError

from ._scheme import check_format, check_ring

_COLUMN = {"q": "best_Q", "z": "best_Z", "zt": "best_ZT", "gf2": "best_GF2"}


@lru_cache(maxsize=1)
def _table() -> dict[tuple[int, int, int], dict[str, int]]:
    text = resources.files(__package__).joinpath("data/known_ranks.csv").read_text()
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out = {}
    for row in csv.DictReader(lines):
        key = (int(row["n"]), int(row["m"]), int(row["p"]))
        out[key] = {k: int(v) for k, v in row.items() if k not in ("n", "m", "p") and v}
    return out


def known_ranks(n: int, m: int, p: int) -> dict[str, int]:
    """Best known ranks of <n,m,p> per ring: keys "naive", "q", "z", "zt", "gf2".

    Formats with a dimension 1 are trivial (rank n*m*p). Raises InputError for formats
    outside the table (a dimension above 16).

    Examples
    --------
    >>> known_ranks(3, 3, 3)["zt"], known_ranks(4, 4, 4)["gf2"]
    (23, 47)
    """
    n, m, p = check_format(n, m, p)
    key = tuple(sorted((n, m, p)))
    if key[0] == 1:
        r = n * m * p
        return {"naive": r, "q": r, "z": r, "zt": r, "gf2": r}
    row = _table().get(key)
    if row is None:
        raise InputError(f"format {n}x{m}x{p} is outside the known-rank table (dimensions 2..16)")
    return {"naive": row["naive"], **{ring: row[col] for ring, col in _COLUMN.items()}}


def known_rank(n: int, m: int, p: int, ring: str = "zt") -> int:
    """Best known rank of <n,m,p> over ``ring`` ("gf2", "zt", "z" or "q").

    Examples
    --------
    >>> known_rank(2, 2, 2)
    7
    """
    return known_ranks(n, m, p)[check_ring(ring)]
