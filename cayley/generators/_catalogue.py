"""The families as a table (for ``python -m cayley families``) and ``--param`` parsing."""
from __future__ import annotations

import re

from cayley.errors import InputError
from cayley.generators._gap import shipped_puzzle
from cayley.generators._registry import family_info, family_names


def _degree_text(name: str) -> str:
    """The degree (or matrix size) over the family's range of n, e.g. ``"3..4096"``, ``"24..24576"``."""
    info = family_info(name)
    if name.startswith("gap:"):
        return str(shipped_puzzle(name).degree)
    match = re.fullmatch(r"(\d*)n(\^2)?", info.degree)
    if match is None:
        return info.degree
    factor, power = int(match.group(1) or 1), 2 if match.group(2) else 1
    low = factor * info.min_n**power
    if info.max_n == info.min_n:
        return str(low)
    high = "" if info.max_n is None else str(factor * info.max_n**power)
    return f"{low}..{high}" if high else f">= {low}"


def families_table(include_gap: bool = True) -> list[dict[str, str]]:
    """One row per family: name, kind, n, parameters, group, degree range, definition, source.

    Parameters
    ----------
    include_gap : bool, optional
        Include the 92 shipped GAP puzzles ``gap:<name>`` (default True); their degree is
        read from the file.

    Returns
    -------
    list of dict
        Keys ``name, kind, n, parameters, group, degree, definition, source``; all values
        are one-line strings (``parameters`` is ``"-"`` when the family has none).

    Examples
    --------
    >>> row = families_table(include_gap=False)[0]
    >>> row["name"], row["n"], row["parameters"], row["degree"]
    ('lrx', 'degree, 3..4096', 'k=1', '3..4096')
    >>> len(families_table()) >= 140
    True
    """
    rows = []
    for name in family_names():
        if name.startswith("gap:") and not include_gap:
            continue
        info = family_info(name)
        top = "" if info.max_n is None else str(info.max_n)
        n_range = str(info.min_n) if info.min_n == info.max_n else f"{info.min_n}..{top}"
        rows.append({
            "name": name,
            "kind": info.kind,
            "n": f"{info.n_meaning}, {n_range}",
            "parameters": ", ".join(f"{key}={default!r}" if isinstance(default, str) else f"{key}={default}"
                                    for key, default in info.params) or "-",
            "group": info.group,
            "degree": _degree_text(name),
            "definition": info.description,
            "source": info.source,
        })
    return rows


def parse_params(family: str, items: list[str]) -> dict[str, int | str]:
    """Keyword parameters of ``family`` from ``KEY=VALUE`` texts (the CLI's ``--param``).

    A value is read as an int when the parameter's default is an int, else kept as text.

    Raises
    ------
    InputError
        Not ``KEY=VALUE``, a key the family does not take (the message lists the ones it
        takes), a key given twice, or a value that is not an int where one is needed.

    Examples
    --------
    >>> parse_params("consecutive_k_cycles", ["k=4"])
    {'k': 4}
    >>> parse_params("conjugacy_classes", ["classes=3+2,4:5", "seed=7"])
    {'classes': '3+2,4:5', 'seed': 7}
    >>> parse_params("lrx", ["q=1"])
    Traceback (most recent call last):
    ...
    cayley.errors.InputError: --param q=1: lrx takes k (default 1)
    """
    defaults = dict(family_info(family).params)
    allowed = ", ".join(f"{key} (default {value!r})" if isinstance(value, str) else f"{key} (default {value})"
                        for key, value in defaults.items()) or "no parameters"
    out: dict[str, int | str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"--param {item!r}: expected KEY=VALUE, e.g. k=3")
        if key not in defaults:
            raise InputError(f"--param {item}: {family} takes {allowed}")
        if key in out:
            raise InputError(f"--param {key} is given twice")
        if isinstance(defaults[key], str):
            out[key] = value.strip()
        else:
            try:
                out[key] = int(value)
            except ValueError:
                raise InputError(f"--param {item}: {key} takes an int") from None
    return out
