"""Reading and writing schemes: Perminov JSON/txt, Kauers ``.exp``, Mathematica ``.m``, AlphaTensor ``.npz``.

Our own save format is Perminov's JSON (keys ``n`` = [n, m, p], ``m`` = rank, ``z2``,
``u``, ``v``, ``w``, plus ``ring``, which Perminov's tools ignore). Writes are atomic: a
temporary file in the same folder is renamed. ``.exp`` and ``.m`` are written as in Kauers'
collection (cij is the coefficient of C[j, i]; ``.m`` holds nested lists {A, B, C^T}).

Only JSON records the ring. Reading the other formats infers it: "q", "z" or "zt" from the
coefficients, except that a scheme that fails over Z but passes mod 2 (a GF(2)-only scheme)
is read as "gf2". :func:`read_scheme_file` also names the dialect of a file (:data:`DIALECTS`).
Every reader raises :class:`~cayley.errors.InputError` naming the file for malformed content.
"""
from __future__ import annotations

import errno
import json
import math
import os
import pickle
import re
import tempfile
import zipfile
import zlib
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import numpy as np

from cayley.errors import InputError

from ._scheme import RINGS, Scheme, check_format, check_ring
from ._verify import quick_check

FORMATS = ("json", "txt", "exp", "m", "npz")
WRITABLE_FORMATS = ("json", "txt", "exp", "m")

# A coefficient written as text: an integer, a fraction a/b, or a decimal with an exponent
# of at most four digits (a longer exponent would make Fraction build a gigantic integer).
_COEFFICIENT = re.compile(r"[+-]?(\d+(/\d+)?|(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,4})?)")
# Random trials of the GF(2) test in ring inference: a wrong scheme passes with probability 2**-32.
_GF2_TRIALS = 32


def _format_of(path: Path, fmt: str | None) -> str:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown scheme file format {fmt!r} for {path}; allowed: {', '.join(FORMATS)}")
    return fmt


def _coef_to_json(c):
    c = Fraction(c)
    return int(c) if c.denominator == 1 else str(c)


def _coefficient(value, name: str) -> Fraction:
    """One coefficient from a file: an int, a finite float or a numeric string, exactly."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InputError(f"{name}: coefficient {value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{name}: coefficient {value!r} is not finite")
    if isinstance(value, str) and not _COEFFICIENT.fullmatch(value.strip()):
        raise InputError(f"{name}: coefficient {value[:40]!r} is not a number such as 1, -1/2 or 0.5")
    try:
        return Fraction(value.strip() if isinstance(value, str) else value)
    except ZeroDivisionError:
        raise InputError(f"{name}: coefficient {value!r} has a zero denominator") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"{name}: coefficient {str(value)[:40]!r} cannot be read ({exc})") from None


def _infer_ring(scheme: Scheme) -> Scheme:
    """``scheme`` labelled with the ring its coefficients suggest ("q" for fractions, "zt"
    for {-1, 0, 1}, else "z"), or "gf2" when it fails there but passes mod 2.

    A failed random trial proves that the scheme is wrong over the coefficient ring;
    passing 32 random GF(2) trials makes a wrong GF(2) label unlikely (probability 2**-32).
    The label is only a label: :func:`verify` checks exactly.
    """
    ring = "q" if scheme.is_rational else "zt" if scheme.is_ternary else "z"
    if not quick_check(scheme, ring) and quick_check(scheme, "gf2", trials=_GF2_TRIALS):
        ring = "gf2"
    return scheme if ring == scheme.ring else scheme.with_ring(ring)


# ------------------------------------------------------------------ Perminov JSON
def _read_json(text: str, name: str) -> Scheme:
    try:
        d = json.loads(text)
    except ValueError as e:  # JSONDecodeError, or an integer of more than 4300 digits
        raise InputError(f"{name}: not valid JSON ({e})") from None
    if not isinstance(d, dict):
        raise InputError(f"{name}: Perminov JSON holds one object with keys n, m, u, v, w")
    for key in ("n", "m", "u", "v", "w"):
        if key not in d:
            raise InputError(f"{name}: Perminov JSON needs key {key!r}")
    dims = d["n"] if isinstance(d["n"], list) else [d["n"]] * 3
    if len(dims) != 3 or not all(_is_int(x) for x in dims):
        raise InputError(f"{name}: key 'n' must be [n, m, p] (three integers), got {_short(d['n'])}")
    rank = d["m"]
    if not _is_int(rank) or rank < 0:
        raise InputError(f"{name}: key 'm' (the rank) must be a non-negative integer, got {_short(rank)}")
    factors = []
    for key in "uvw":
        if not isinstance(d[key], list) or not all(isinstance(row, list) for row in d[key]):
            raise InputError(f"{name}: key {key!r} must be a list of rows (lists of coefficients)")
        factors.append([[_coefficient(c, name) for c in row] for row in d[key]])
    u, v, w = factors
    if not (len(u) == len(v) == len(w) == rank):
        raise InputError(f"{name}: claimed rank {rank} but u, v, w have {len(u)}, {len(v)}, {len(w)} rows")
    z2 = d.get("z2", False)
    if not isinstance(z2, bool):
        raise InputError(f"{name}: key 'z2' must be true or false, got {_short(z2)}")
    ring = d.get("ring")
    if ring is not None and ring not in RINGS:
        raise InputError(f"{name}: key 'ring' must be one of {', '.join(RINGS)}, got {_short(ring)}")
    if ring is not None and z2 != (ring == "gf2"):
        raise InputError(f"{name}: key 'ring' is {ring!r} but 'z2' is {str(z2).lower()}")
    return _build(dims, u, v, w, ring or ("gf2" if z2 else None), name)


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _short(x) -> str:
    text = repr(x)
    return text if len(text) <= 40 else text[:37] + "..."


def _build(dims, u, v, w, ring: str | None, name: str) -> Scheme:
    """The scheme of format ``dims``; ``ring`` None infers it (see the module docstring)."""
    try:
        n, m, p = check_format(*dims)
        factors = [_rows(rows, length, label) for rows, length, label in
                   ((u, n * m, "u"), (v, m * p, "v"), (w, p * n, "w"))]
        scheme = Scheme(n, m, p, *factors, ring or "q")
    except ValueError as e:
        raise InputError(f"{name}: {e}") from None
    return scheme if ring else _infer_ring(scheme)


def _rows(rows, length: int, label: str) -> np.ndarray:
    """Factor rows as a (rank, length) array; each row must have ``length`` entries."""
    if isinstance(rows, np.ndarray) and rows.ndim == 2 and rows.shape[1] == length:
        return rows
    if len(rows) == 0:
        return np.zeros((0, length), np.int64)
    for t, row in enumerate(rows):
        if len(row) != length:
            raise InputError(f"{label} must have shape (rank, {length}); its row {t} has {len(row)} coefficients")
    return np.array(rows, dtype=object).reshape(len(rows), length)


def _write_json(s: Scheme) -> str:
    d = {
        "n": [s.n, s.m, s.p],
        "m": s.rank,
        "z2": s.ring == "gf2",
        "ring": s.ring,
        "u": [[_coef_to_json(c) for c in row] for row in s.u.tolist()],
        "v": [[_coef_to_json(c) for c in row] for row in s.v.tolist()],
        "w": [[_coef_to_json(c) for c in row] for row in s.w.tolist()],
    }
    return json.dumps(d, separators=(",", ":")) + "\n"


# ------------------------------------------------------------------- Perminov txt
def _read_txt(text: str, name: str, ring: str | None) -> Scheme:
    lines = [ln.split() for ln in text.strip().splitlines() if ln.strip()]
    if len(lines) != 4 or len(lines[0]) != 4:
        raise InputError(f"{name}: Perminov txt needs 4 lines ('n m p r', then u, v, w), got {len(lines)}")
    try:
        n, m, p, r = (int(x) for x in lines[0])
    except ValueError:
        raise InputError(f"{name}: non-numeric entry in Perminov txt: the first line must be 'n m p r', "
                         f"got {' '.join(lines[0])[:60]!r}") from None
    vals = [[_coefficient(x, f"{name}: non-numeric entry in Perminov txt") for x in ln] for ln in lines[1:]]
    rows = []
    for vec, length, label in zip(vals, (n * m, m * p, p * n), "uvw"):
        if len(vec) != r * length:
            raise InputError(f"{name}: line {label} has {len(vec)} numbers, expected rank {r} x {length}")
        rows.append([vec[t * length:(t + 1) * length] for t in range(r)])
    return _build((n, m, p), *rows, ring, name)


def _write_txt(s: Scheme) -> str:
    def line(a):
        return " ".join(str(Fraction(c)) for c in a.ravel().tolist())

    return f"{s.n} {s.m} {s.p} {s.rank}\n{line(s.u)}\n{line(s.v)}\n{line(s.w)}\n"


# ------------------------------------------------------------ Kauers .exp and .m
# A product file holds one rank-one term per line (or per comma of a Mathematica list):
# three linear forms in the variables aij, bij, cij, each possibly scaled, joined by ``*``
# or spaces, with an optional sign in front and a divisor ``/d`` behind. Kauers' collection
# writes cij for the coefficient of C[j, i] (the trace form sum a_ij b_jk c_ki), older
# files of ours and of other tools for C[i, j]; the reader tells them apart (see
# :func:`_choose_c_layout`).
_TOKEN = re.compile(r"\s*(?:(?P<number>\d+)|(?P<var>[abc]\d\d)(?![\w])|(?P<op>[-+*/()]))")

DIALECTS = {
    "perminov-json": "Perminov's JSON: keys n, m, z2, u, v, w (c transposed in w)",
    "perminov-txt": "Perminov's txt: 'n m p r', then the u, v and w coefficients",
    "kauers": "products (A)*(B)*(C) whose cij is the coefficient of C[j, i] "
              "(Kauers' flip-graph collection, .exp and Mathematica product lists)",
    "c-entries": "products (A)*(B)*(C) whose cij is the coefficient of C[i, j]",
    "kauers-lists": "Mathematica nested lists {A, B, C^T} per term (Kauers' .m files)",
    "alphatensor-npz": "AlphaTensor's .npz archive of factor matrices",
}
"""Dialects of scheme files :func:`read_scheme_file` recognises, with a description."""


class _Product(NamedTuple):
    """A value while parsing a term: ``scale`` times the linear forms in ``forms``
    (letter -> {(i, j): coefficient}, 1-based indices)."""

    scale: Fraction
    forms: dict[str, dict[tuple[int, int], Fraction]]


class _TermParser:
    """Recursive-descent parser of one term: sums, products, unary signs, ``/d`` and
    parentheses, where a sum adds linear forms in one letter and a product multiplies
    forms in different letters (juxtaposition multiplies too: ``2 a11``, ``(..) (..)``)."""

    def __init__(self, text: str, name: str) -> None:
        self.text, self.name, self.tokens, pos = text, name, [], 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                rest = text[pos:].strip()
                if not rest:
                    break
                raise InputError(f"{name}: cannot parse {rest[:40]!r} in term {text[:60]!r}")
            kind = match.lastgroup
            self.tokens.append((kind, match.group(kind)))
            pos = match.end()
        self.at = 0

    def fail(self, why: str):
        raise InputError(f"{self.name}: {why} in term {self.text[:60]!r}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            self.fail("unexpected end")
        self.at += 1
        return token

    def parse(self) -> _Product:
        value = self.sum()
        if self.peek() is not None:
            self.fail(f"cannot parse {self.peek()[1]!r}")
        return value

    def sum(self) -> _Product:
        value = self.product()
        while self.peek() in (("op", "+"), ("op", "-")):
            sign = self.take()[1]
            other = self.product()
            value = _add(value, other if sign == "+" else _scaled(other, Fraction(-1)), self)
        return value

    def product(self) -> _Product:
        value = self.unary()
        while True:
            token = self.peek()
            if token == ("op", "*"):
                self.take()
                value = _multiply(value, self.unary(), self)
            elif token == ("op", "/"):
                self.take()
                divisor = self.unary()
                if divisor.forms or divisor.scale == 0:
                    self.fail("a division by something other than a nonzero number")
                value = _scaled(value, 1 / divisor.scale)
            elif token is not None and (token[0] != "op" or token[1] == "("):
                value = _multiply(value, self.unary(), self)
            else:
                return value

    def unary(self) -> _Product:
        token = self.peek()
        if token in (("op", "-"), ("op", "+")):
            self.take()
            value = self.unary()
            return value if token[1] == "+" else _scaled(value, Fraction(-1))
        return self.atom()

    def atom(self) -> _Product:
        kind, text = self.take()
        if kind == "number":
            if len(text) > 1000:
                self.fail(f"a coefficient of {len(text)} digits")
            return _Product(Fraction(int(text)), {})
        if kind == "var":
            return _Product(Fraction(1), {text[0]: {(int(text[1]), int(text[2])): Fraction(1)}})
        if text == "(":
            value = self.sum()
            if self.take() != ("op", ")"):
                self.fail("an unclosed parenthesis")
            return value
        self.fail(f"unexpected {text!r}")


def _scaled(value: _Product, factor: Fraction) -> _Product:
    return _Product(value.scale * factor, value.forms)


def _add(x: _Product, y: _Product, parser: _TermParser) -> _Product:
    """``x + y``: two numbers, or two linear forms in the same single letter."""
    if not x.forms and not y.forms:
        return _Product(x.scale + y.scale, {})
    if len(x.forms) != 1 or x.forms.keys() != y.forms.keys():
        parser.fail("a sum that is not a linear form in one of a, b, c (a '+' or '-' between factors?)")
    (letter,) = x.forms
    total = {k: x.scale * c for k, c in x.forms[letter].items()}
    for k, c in y.forms[letter].items():
        total[k] = total.get(k, Fraction(0)) + y.scale * c
    return _Product(Fraction(1), {letter: total})


def _multiply(x: _Product, y: _Product, parser: _TermParser) -> _Product:
    """``x * y``: numbers scale, linear forms must be in different letters."""
    shared = x.forms.keys() & y.forms.keys()
    if shared:
        parser.fail(f"two factors in {min(shared)} (a term is a product of one factor in each of a, b, c)")
    return _Product(x.scale * y.scale, {**x.forms, **y.forms})


def _parse_term(term: str, name: str) -> _Product:
    """One rank-one term; raises :class:`InputError` unless it has a factor in a, b and c."""
    value = _TermParser(term, name).parse()
    if sorted(value.forms) != ["a", "b", "c"]:
        raise InputError(f"{name}: term {term[:60]!r} does not have three factors (one in each of a, b, c)")
    return value


def _split_terms(body: str) -> list[str]:
    """Terms of a product file: one per line, or the commas of a Mathematica list."""
    body = body.strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    body = body.replace(";", "")
    return [t.strip() for t in re.split(r",|\n", body) if t.strip()]


def _read_products(text: str, name: str, dims: tuple[int, int, int] | None,
                   ring: str | None) -> tuple[Scheme, str]:
    """A file of products (Kauers' ``.exp``, a Mathematica product list); returns the
    scheme and its dialect, "kauers" or "c-entries"."""
    terms = [_parse_term(t, name) for t in _split_terms(text)]
    if not terms:
        raise InputError(f"{name}: no terms found")
    for value in terms:
        for letter, form in value.forms.items():
            if any(i < 1 or j < 1 for i, j in form):
                raise InputError(f"{name}: variable index 0 in a factor for {letter} (indices start at 1)")
    if dims is None:
        n, m = _extent(terms, "a")
        p = _extent(terms, "b")[1]
    else:
        n, m, p = dims
        for letter, rows, cols in (("a", n, m), ("b", m, p)):
            _check_extent(terms, letter, rows, cols, name)
    layouts = [layout for layout, (rows, cols) in (("kauers", (p, n)), ("c-entries", (n, p)))
               if all(i <= rows and j <= cols for value in terms for i, j in value.forms["c"])]
    if not layouts:
        rows, cols = _extent(terms, "c")
        raise InputError(f"{name}: variable c{rows}{cols} is outside a {n}x{p} (or, transposed, "
                         f"{p}x{n}) matrix C")
    schemes = {layout: _product_scheme(terms, (n, m, p), layout, ring, name) for layout in layouts}
    layout = _choose_c_layout(schemes)
    return schemes[layout], layout


def _extent(terms: list[_Product], letter: str) -> tuple[int, int]:
    """The largest row and column index of ``letter`` in ``terms``."""
    keys = [k for value in terms for k in value.forms[letter]]
    return max((i for i, _ in keys), default=1), max((j for _, j in keys), default=1)


def _check_extent(terms: list[_Product], letter: str, rows: int, cols: int, name: str) -> None:
    big_i, big_j = _extent(terms, letter)
    if big_i > rows or big_j > cols:
        raise InputError(f"{name}: variable {letter}{big_i}{big_j} is outside a {rows}x{cols} matrix")


def _product_scheme(terms: list[_Product], dims: tuple[int, int, int], layout: str,
                    ring: str | None, name: str) -> Scheme:
    """The scheme of ``terms`` with cij read as C[j, i] ("kauers") or C[i, j]; the scale
    of a term (its sign, scalars and divisor) goes into its C factor."""
    n, m, p = dims
    u = np.zeros((len(terms), n * m), dtype=object)
    v = np.zeros((len(terms), m * p), dtype=object)
    w = np.zeros((len(terms), p * n), dtype=object)
    for t, value in enumerate(terms):
        for (i, j), c in value.forms["a"].items():
            u[t, (i - 1) * m + j - 1] += c
        for (i, j), c in value.forms["b"].items():
            v[t, (i - 1) * p + j - 1] += c
        for (i, j), c in value.forms["c"].items():
            row, col = (j, i) if layout == "kauers" else (i, j)  # entry C[row, col]
            w[t, (col - 1) * n + row - 1] += value.scale * c
    return _build(dims, u, v, w, ring, name)


def _choose_c_layout(schemes: dict[str, Scheme]) -> str:
    """The layout whose scheme passes a randomised check (over its coefficient ring, else
    mod 2); Kauers' layout when both or neither pass."""
    for layout, scheme in schemes.items():
        ring = "q" if scheme.is_rational else "z"
        if quick_check(scheme, ring) or quick_check(scheme, "gf2", trials=_GF2_TRIALS):
            return layout
    return next(iter(schemes))


def _read_lists(text: str, name: str, ring: str | None) -> Scheme:
    """Kauers' ``.m``: ``{{A, B, C}, ...}`` with A (n x m), B (m x p) and C (p x n) nested
    lists of numbers; C[k][i] is the coefficient of C[i, k], as in the ``.exp`` files."""
    quoted = re.sub(r"\s+", "", text)
    if not re.fullmatch(r"[-+0-9/{},]*", quoted):
        bad = re.search(r"[^-+0-9/{},]", quoted).group(0)
        raise InputError(f"{name}: unexpected {bad!r} in a Mathematica list of numbers")
    try:
        terms = json.loads(re.sub(r"[-+0-9/]+", lambda x: f'"{x.group(0)}"',
                                  quoted.replace("{", "[").replace("}", "]")))
    except ValueError as exc:
        raise InputError(f"{name}: not a Mathematica nested list ({exc})") from None
    if not isinstance(terms, list) or not terms:
        raise InputError(f"{name}: no terms found")
    shapes = []
    for t, term in enumerate(terms):
        if not (isinstance(term, list) and len(term) == 3
                and all(_is_matrix(mat) for mat in term)):
            raise InputError(f"{name}: term {t + 1} is not three matrices {{A, B, C}}")
        shapes.append(tuple((len(mat), len(mat[0])) for mat in term))
    (n, m), (m2, p), (p2, n2) = shapes[0]
    if m2 != m or p2 != p or n2 != n or any(shape != shapes[0] for shape in shapes):
        raise InputError(f"{name}: the matrices of a term must be n x m, m x p and p x n, the same "
                         f"for every term; got {shapes[0]} for term 1")
    factors = [[[_coefficient(c, name) for row in term[k] for c in row] for term in terms]
               for k in range(3)]
    return _build((n, m, p), *factors, ring, name)


def _is_matrix(mat) -> bool:
    return (isinstance(mat, list) and len(mat) > 0 and all(isinstance(row, list) for row in mat)
            and len({len(row) for row in mat}) == 1 and len(mat[0]) > 0
            and all(isinstance(c, str) for row in mat for c in row))


def _linear_str(coefs, letter: str, rows: int, cols: int, transposed: bool = False) -> str:
    out = []
    for idx, c in enumerate(coefs):
        c = Fraction(c)
        if c == 0:
            continue
        i, j = divmod(idx, cols)
        if transposed:  # w index k*n + i is C[i, k], written c_ki (Kauers' layout)
            i, j = divmod(idx, rows)
        var = f"{letter}{i + 1}{j + 1}"
        mag = "" if abs(c) == 1 else f"{abs(c)}*"
        out.append(("-" if c < 0 else "+") + mag + var)
    s = "".join(out).lstrip("+")
    return f"({s or '0'})"


def _write_exp(s: Scheme) -> str:
    """Kauers' ``.exp``: one product per line, cij the coefficient of C[j, i]."""
    lines = []
    for t in range(s.rank):
        lines.append(
            _linear_str(s.u[t], "a", s.n, s.m) + "*" + _linear_str(s.v[t], "b", s.m, s.p)
            + "*" + _linear_str(s.w[t], "c", s.n, s.p, transposed=True)
        )
    return "\n".join(lines) + "\n"


def _write_m(s: Scheme) -> str:
    """Kauers' ``.m``: ``{{A, B, C}, ...}``, C (p x n) with C[k][i] for entry C[i, k]."""
    def matrix(row, rows: int, cols: int) -> str:
        return "{" + ", ".join("{" + ", ".join(str(Fraction(c)) for c in row[r * cols:(r + 1) * cols]) + "}"
                               for r in range(rows)) + "}"

    terms = [f"{{{matrix(s.u[t], s.n, s.m)}, {matrix(s.v[t], s.m, s.p)}, {matrix(s.w[t], s.p, s.n)}}}"
             for t in range(s.rank)]
    return "{" + ",\n ".join(terms) + "}\n"


# ------------------------------------------------------------------- AlphaTensor
def read_alphatensor(path: str | os.PathLike, key: str | tuple[int, int, int], ring: str | None = None) -> Scheme:
    """Read one factorization from an AlphaTensor ``.npz`` (key ``"n,m,p"``).

    The arrays have shapes (n*m, R), (m*p, R), (p*n, R). Float arrays hold dyadic rationals
    and are converted exactly (never rounded). ``factorizations_f2.npz`` holds GF(2)
    schemes: pass ``ring="gf2"`` (the default when the file name contains ``f2``).

    The factor matrices are object arrays, which numpy loads with pickle: read only files
    you trust. A file that is not a zip archive is refused before numpy could unpickle it.

    Examples
    --------
    >>> # s = read_alphatensor("factorizations_r.npz", (3, 3, 3))
    """
    path = Path(path)
    if not isinstance(key, str):
        key = ",".join(str(int(x)) for x in key)
    with _load_npz(path) as data:
        if key not in data:
            raise InputError(f"{path}: no key {key!r}; available: {', '.join(sorted(data.keys())[:10])}, ...")
        return _alphatensor_scheme(_npz_member(data, key, path), key, path, ring)


def read_alphatensor_all(path: str | os.PathLike, ring: str | None = None,
                         formats=None) -> dict[tuple[int, int, int], Scheme]:
    """Read the factorizations of an AlphaTensor ``.npz`` in one pass, keyed by (n, m, p).

    ``formats`` (an iterable of (n, m, p)) restricts the result to those keys.
    """
    path = Path(path)
    wanted = None if formats is None else {",".join(str(int(x)) for x in f) for f in formats}
    with _load_npz(path) as data:
        return {tuple(int(x) for x in key.split(",")):
                _alphatensor_scheme(_npz_member(data, key, path), key, path, ring)
                for key in data.keys() if wanted is None or key in wanted}


# What numpy raises for a damaged archive member or a damaged pickle inside it.
_NPZ_ERRORS = (ValueError, EOFError, zipfile.BadZipFile, zlib.error, pickle.UnpicklingError)


def _load_npz(path: Path):
    """``np.load`` of an ``.npz`` archive; any other file is refused before numpy unpickles it."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic != b"PK\x03\x04":
        raise InputError(f"{path}: not an .npz file (a zip archive of numpy arrays)")
    try:
        return np.load(path, allow_pickle=True)
    except _NPZ_ERRORS as exc:
        raise InputError(f"{path}: damaged .npz file ({exc})") from None


def _npz_member(data, key: str, path: Path) -> np.ndarray:
    try:
        return data[key]
    except _NPZ_ERRORS as exc:
        raise InputError(f"{path}[{key}]: damaged array ({exc})") from None


def _float_to_fraction(x: float) -> Fraction:
    return Fraction(float(x))  # exact: every float is a dyadic rational


def _alphatensor_scheme(arr, key: str, path: Path, ring: str | None) -> Scheme:
    name = f"{path}[{key}]"
    try:
        n, m, p = (int(x) for x in key.split(","))
    except ValueError:
        raise InputError(f"{path}: key {key!r} is not 'n,m,p'") from None
    if np.ndim(arr) == 0 or len(arr) != 3:
        raise InputError(f"{name}: expected three factor matrices")
    rows = []
    for a in (np.asarray(a) for a in arr):
        if a.ndim != 2 or a.dtype.kind not in "iuf":
            raise InputError(f"{name}: a factor matrix must be a 2-D array of numbers, "
                             f"got shape {a.shape} and type {a.dtype}")
        if a.dtype.kind == "f" and not np.isfinite(a).all():
            raise InputError(f"{name}: a factor matrix holds NaN or infinite entries")
        small = a.size == 0 or (a.min() > -2**62 and a.max() < 2**62)
        if a.dtype.kind == "f" and not (small and np.array_equal(a, np.round(a))):
            rows.append(np.vectorize(_float_to_fraction, otypes=[object])(a.T))
        else:  # integers; huge ones go as Python ints, which Scheme refuses by name
            rows.append(a.T.astype(np.int64 if small else object))
    return _build((n, m, p), *rows, "gf2" if ring is None and "f2" in path.name else ring, name)


# ------------------------------------------------------------------ public API
class SchemeFile(NamedTuple):
    """A scheme read from a file, with the dialect the file is written in.

    Attributes
    ----------
    scheme : Scheme
    dialect : str
        A key of :data:`DIALECTS`, e.g. ``"kauers"`` for a ``.exp`` file of Kauers'
        collection (cij is the coefficient of C[j, i]) or ``"c-entries"`` when cij is C[i, j].
    """

    scheme: Scheme
    dialect: str


def read_scheme(path: str | os.PathLike, fmt: str | None = None, *, ring: str | None = None,
                dims: tuple[int, int, int] | None = None) -> Scheme:
    """Read a scheme file (see :func:`read_scheme_file`, which also names the dialect).

    Parameters
    ----------
    path : path-like
        ``.json`` (Perminov), ``.txt`` (Perminov txt), ``.exp`` (Kauers), ``.m``
        (Kauers' nested lists, or a Mathematica list of products). For AlphaTensor
        ``.npz`` use ``"file.npz[n,m,p]"`` or :func:`read_alphatensor`.
    fmt : str, optional
        Override the format guessed from the suffix.
    ring : str, optional
        Ring label; default: the file's own (JSON ``ring`` or ``z2``), else inferred: zt / z
        / q from the coefficients, or gf2 when the scheme fails over those but passes mod 2.
    dims : (n, m, p), optional
        Format for ``.exp``/``.m`` product files (default: the largest indices that occur).

    Raises
    ------
    InputError
        Malformed content (named by file), an unknown format or ring.
    OSError
        The file cannot be read.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "strassen.exp")
    >>> terms = ["(a11+a22)*(b11+b22)*(c11+c22)", "(a21+a22)*(b11)*(c12-c22)",
    ...          "(a11)*(b12-b22)*(c21+c22)", "(a22)*(b21-b11)*(c11+c12)",
    ...          "(a11+a12)*(b22)*(-c11+c21)", "(a21-a11)*(b11+b12)*(c22)", "(a12-a22)*(b21+b22)*(c11)"]
    >>> _ = open(path, "w").write(os.linesep.join(terms))
    >>> read_scheme(path) == Scheme.strassen()
    True
    """
    return read_scheme_file(path, fmt, ring=ring, dims=dims).scheme


def read_scheme_file(path: str | os.PathLike, fmt: str | None = None, *, ring: str | None = None,
                     dims: tuple[int, int, int] | None = None) -> SchemeFile:
    """Read a scheme file and say which dialect it is written in.

    Product files (``.exp``, and ``.m`` lists of products) come in two layouts of the c
    variables: Kauers' collection writes cij for the coefficient of C[j, i], other tools
    C[i, j]. Where the index ranges do not decide (square formats), the layout whose scheme
    passes a randomised check is taken. Terms may carry scalars and divisors, e.g.
    ``(3*(a12 - a13))*(b33)*(c11 + c21)/9``.

    Parameters and errors are those of :func:`read_scheme`.

    Returns
    -------
    SchemeFile
        The scheme and the dialect, a key of :data:`DIALECTS`.
    """
    spec = str(path)
    match = re.match(r"^(.*\.npz)\[(\d+),(\d+),(\d+)\]$", spec)
    if match:
        dims_key = tuple(int(x) for x in match.groups()[1:])
        return SchemeFile(read_alphatensor(match.group(1), dims_key, ring), "alphatensor-npz")
    path = Path(path)
    fmt = _format_of(path, fmt)
    if fmt == "npz":
        raise InputError(f"{path}: name the factorization as '{path}[n,m,p]' or use read_alphatensor")
    if ring is not None:
        ring = check_ring(ring)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a text file (byte {exc.start} is not UTF-8)") from None
    if fmt == "json":
        s = _read_json(text, str(path))
        return SchemeFile(s.with_ring(ring) if ring else s, "perminov-json")
    if fmt == "txt":
        return SchemeFile(_read_txt(text, str(path), ring), "perminov-txt")
    body = re.sub(r"\(\*.*?\*\)", "", text, flags=re.S)  # Mathematica comments
    if body.lstrip().startswith("{{"):
        return SchemeFile(_read_lists(body, str(path), ring), "kauers-lists")
    return SchemeFile(*_read_products(body, str(path), dims, ring))


def scheme_to_text(scheme: Scheme, fmt: str = "json") -> str:
    """Serialise a scheme as text in ``fmt`` ("json", "txt", "exp" or "m")."""
    writers = {"json": _write_json, "txt": _write_txt, "exp": _write_exp, "m": _write_m}
    if fmt not in writers:
        raise InputError(f"cannot write format {fmt!r}; allowed: {', '.join(WRITABLE_FORMATS)}")
    return writers[fmt](scheme)


def check_output_path(path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Check, before any work, that :func:`write_scheme` can write ``path``; return it as a Path.

    The format (from the suffix unless ``fmt`` is given) must be writable, and the folder
    must take a new file: the check creates missing parent folders, as the write would,
    and a temporary file there, which it removes.

    Raises
    ------
    InputError
        The format cannot be written.
    OSError
        The folder cannot be created or written, or ``path`` is a folder; the error's
        ``filename`` is ``path``.

    Examples
    --------
    >>> check_output_path("/proc/no/such/folder/s.json")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: '/proc/no/such/folder/s.json'
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in WRITABLE_FORMATS:
        raise InputError(f"cannot write {path}: the scheme file format {fmt!r} is not writable; "
                         f"allowed: {', '.join(WRITABLE_FORMATS)}")
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    fd, tmp = _temporary_beside(path)
    os.close(fd)
    os.unlink(tmp)
    return path


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in ``path``'s folder (made if missing); errors name ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except FileExistsError:  # a file where the folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from None
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None


def write_scheme(scheme: Scheme, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write a scheme atomically (temporary file + rename); format from the suffix.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_scheme(Scheme.strassen(), os.path.join(tempfile.mkdtemp(), "s.json"))
    >>> read_scheme(p) == Scheme.strassen()
    True
    """
    path = Path(path)
    text = scheme_to_text(scheme, _format_of(path, fmt))
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
