"""Reading and writing schemes: Perminov JSON/txt, Kauers ``.exp``, Mathematica ``.m``, AlphaTensor ``.npz``.

Our own save format is Perminov's JSON (keys ``n`` = [n, m, p], ``m`` = rank, ``z2``,
``u``, ``v``, ``w``). Writes are atomic: a temporary file in the same folder is renamed.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np

from ._scheme import Scheme, check_ring

FORMATS = ("json", "txt", "exp", "m", "npz")


def _format_of(path: Path, fmt: str | None) -> str:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown scheme file format {fmt!r} for {path}; allowed: {', '.join(FORMATS)}")
    return fmt


def _coef_to_json(c):
    c = Fraction(c)
    return int(c) if c.denominator == 1 else str(c)


def _infer_ring(u, v, w, z2: bool = False) -> str:
    if z2:
        return "gf2"
    arrs = [np.asarray(a, dtype=object) for a in (u, v, w)]
    if any(Fraction(c).denominator != 1 for a in arrs for c in a.ravel()):
        return "q"
    if all(abs(int(c)) <= 1 for a in arrs for c in a.ravel()):
        return "zt"
    return "z"


# ------------------------------------------------------------------ Perminov JSON
def _read_json(text: str, name: str) -> Scheme:
    try:
        d = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"{name}: not valid JSON ({e})") from None
    for key in ("n", "m", "u", "v", "w"):
        if key not in d:
            raise ValueError(f"{name}: Perminov JSON needs key {key!r}")
    dims = d["n"] if isinstance(d["n"], list) else [d["n"]] * 3
    if len(dims) != 3:
        raise ValueError(f"{name}: key 'n' must be [n, m, p], got {d['n']!r}")
    u, v, w = ([[Fraction(c) for c in row] for row in d[k]] for k in "uvw")
    rank = d["m"]
    if not (len(u) == len(v) == len(w) == rank):
        raise ValueError(f"{name}: claimed rank {rank} but u, v, w have {len(u)}, {len(v)}, {len(w)} rows")
    return _build(dims, u, v, w, _infer_ring(u, v, w, bool(d.get("z2", False))), name)


def _build(dims, u, v, w, ring, name) -> Scheme:
    n, m, p = (int(x) for x in dims)
    try:
        return Scheme(n, m, p, _rows(u, n * m), _rows(v, m * p), _rows(w, p * n), ring)
    except ValueError as e:
        raise ValueError(f"{name}: {e}") from None


def _rows(rows, length):
    if len(rows) == 0:
        return np.zeros((0, length), np.int64)
    return np.array(rows, dtype=object)


def _write_json(s: Scheme) -> str:
    d = {
        "n": [s.n, s.m, s.p],
        "m": s.rank,
        "z2": s.ring == "gf2",
        "u": [[_coef_to_json(c) for c in row] for row in s.u.tolist()],
        "v": [[_coef_to_json(c) for c in row] for row in s.v.tolist()],
        "w": [[_coef_to_json(c) for c in row] for row in s.w.tolist()],
    }
    return json.dumps(d, separators=(",", ":")) + "\n"


# ------------------------------------------------------------------- Perminov txt
def _read_txt(text: str, name: str, ring: str | None) -> Scheme:
    lines = [ln.split() for ln in text.strip().splitlines() if ln.strip()]
    if len(lines) != 4 or len(lines[0]) != 4:
        raise ValueError(f"{name}: Perminov txt needs 4 lines ('n m p r', then u, v, w), got {len(lines)}")
    try:
        n, m, p, r = (int(x) for x in lines[0])
        vals = [[Fraction(x) for x in ln] for ln in lines[1:]]
    except ValueError:
        raise ValueError(f"{name}: non-numeric entry in Perminov txt") from None
    rows = []
    for vec, length, label in zip(vals, (n * m, m * p, p * n), "uvw"):
        if len(vec) != r * length:
            raise ValueError(f"{name}: line {label} has {len(vec)} numbers, expected rank {r} x {length}")
        rows.append([vec[t * length:(t + 1) * length] for t in range(r)])
    return _build((n, m, p), *rows, ring or _infer_ring(*rows), name)


def _write_txt(s: Scheme) -> str:
    def line(a):
        return " ".join(str(Fraction(c)) for c in a.ravel().tolist())

    return f"{s.n} {s.m} {s.p} {s.rank}\n{line(s.u)}\n{line(s.v)}\n{line(s.w)}\n"


# ------------------------------------------------------------ Kauers .exp and .m
_VAR = re.compile(r"([abc])(\d)(\d)")


def _parse_linear(expr: str, letter: str, shape: tuple[int, int], name: str) -> dict[int, Fraction]:
    """Parse a linear form like ``a11+2*a23-a31`` or ``2 a11 - a23`` into {index: coef}."""
    rows, cols = shape
    out: dict[int, Fraction] = {}
    expr = expr.replace(" ", "").replace("*", "")
    if expr.startswith("(") and expr.endswith(")"):
        expr = expr[1:-1]
    for sign, coef, var in re.findall(r"([+-]?)([0-9/]*)([abc]\d\d)", expr):
        if var[0] != letter:
            raise ValueError(f"{name}: variable {var} in a factor for {letter}")
        i, j = int(var[1]) - 1, int(var[2]) - 1
        if not (0 <= i < rows and 0 <= j < cols):
            raise ValueError(f"{name}: variable {var} is outside a {rows}x{cols} matrix")
        c = Fraction(coef) if coef else Fraction(1)
        idx = i * cols + j
        out[idx] = out.get(idx, Fraction(0)) + (-c if sign == "-" else c)
    leftover = re.sub(r"([+-]?)([0-9/]*)([abc]\d\d)", "", expr)
    if leftover:
        raise ValueError(f"{name}: cannot parse {leftover!r} in factor {expr!r}")
    return out


def _split_top_level(term: str, seps: str) -> list[str]:
    """Split ``term`` at characters in ``seps`` that lie outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in term:
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and ch in seps:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [x.strip() for x in parts if x.strip()]


def _split_factors(term: str) -> list[str]:
    """Split ``(..)*(..)*(..)``, ``(..) (..) (..)`` or ``a11*(...)*c12`` into its factors."""
    parts = _split_top_level(term, "*")
    return parts if len(parts) == 3 else _split_top_level(term, " \t")


def _read_exp(text: str, name: str, dims: tuple[int, int, int] | None, ring: str | None) -> Scheme:
    """Kauers-style ``.exp`` or Mathematica-style ``.m`` (a list of ``(..)*(..)*(..)`` terms).

    Handles factors joined by ``*`` or spaces, coefficients written ``2*b31`` or ``2 b31``,
    and a global sign on a term, ``-(a25*(b11+b12)*c12)``. Variables ``cij`` mean entry
    (i, j) of C, *not* of C transposed; the scheme stores them in the transposed layout.
    """
    body = re.sub(r"\(\*.*?\*\)", "", text)  # Mathematica comments
    body = body.replace("{", "").replace("}", "").replace(";", "")
    terms = [t.strip() for t in re.split(r",|\n", body) if t.strip()]
    if not terms:
        raise ValueError(f"{name}: no terms found")
    parsed = []
    for term in terms:
        sign = 1
        t = term
        if re.match(r"^-\s*\(", t) and _balanced_outer(t.lstrip("-").strip()):
            sign, t = -1, t.lstrip("-").strip()[1:-1]
        elif t.startswith("-"):  # -(..)*(..)*(..): the sign of the first factor
            sign, t = -1, t[1:].strip()
        elif t.startswith("(") and _balanced_outer(t) and len(_split_factors(t[1:-1])) == 3:
            t = t[1:-1]
        factors = _split_factors(t)
        if len(factors) != 3:
            raise ValueError(f"{name}: term {term!r} does not have three factors")
        parsed.append((sign, factors))
    if dims is None:
        dims = _guess_dims(parsed)
    n, m, p = dims
    u = np.zeros((len(parsed), n * m), dtype=object)
    v = np.zeros((len(parsed), m * p), dtype=object)
    w = np.zeros((len(parsed), p * n), dtype=object)
    for t, (sign, (fa, fb, fc)) in enumerate(parsed):
        for idx, c in _parse_linear(fa, "a", (n, m), name).items():
            u[t, idx] = sign * c
        for idx, c in _parse_linear(fb, "b", (m, p), name).items():
            v[t, idx] = c
        for idx, c in _parse_linear(fc, "c", (n, p), name).items():
            i, j = divmod(idx, p)
            w[t, j * n + i] = c
    u, v, w = (np.vectorize(Fraction, otypes=[object])(a) for a in (u, v, w))
    return _build((n, m, p), u, v, w, ring or _infer_ring(u, v, w), name)


def _balanced_outer(t: str) -> bool:
    """True if ``t`` is ``( ... )`` with the first parenthesis closing at the very end."""
    if not (t.startswith("(") and t.endswith(")")):
        return False
    depth = 0
    for pos, ch in enumerate(t):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and pos < len(t) - 1:
            return False
    return True


def _guess_dims(parsed) -> tuple[int, int, int]:
    size = {"a": [1, 1], "b": [1, 1], "c": [1, 1]}
    for _, factors in parsed:
        for f in factors:
            for letter, i, j in _VAR.findall(f):
                size[letter][0] = max(size[letter][0], int(i))
                size[letter][1] = max(size[letter][1], int(j))
    return size["a"][0], size["a"][1], size["b"][1]


def _linear_str(coefs, letter: str, rows: int, cols: int, transposed: bool = False) -> str:
    out = []
    for idx, c in enumerate(coefs):
        c = Fraction(c)
        if c == 0:
            continue
        if transposed:  # w index j*n + i -> c_{i j}
            j, i = divmod(idx, rows)
        else:
            i, j = divmod(idx, cols)
        var = f"{letter}{i + 1}{j + 1}"
        mag = "" if abs(c) == 1 else f"{abs(c)}*"
        out.append(("-" if c < 0 else "+") + mag + var)
    s = "".join(out).lstrip("+")
    return f"({s or '0'})"


def _write_exp(s: Scheme) -> str:
    lines = []
    for t in range(s.rank):
        lines.append(
            _linear_str(s.u[t], "a", s.n, s.m) + "*" + _linear_str(s.v[t], "b", s.m, s.p)
            + "*" + _linear_str(s.w[t], "c", s.n, s.p, transposed=True)
        )
    return "\n".join(lines) + "\n"


def _write_m(s: Scheme) -> str:
    return "{" + ",\n".join(_write_exp(s).strip().splitlines()) + "}\n"


# ------------------------------------------------------------------- AlphaTensor
def read_alphatensor(path: str | os.PathLike, key: str | tuple[int, int, int], ring: str | None = None) -> Scheme:
    """Read one factorization from an AlphaTensor ``.npz`` (key ``"n,m,p"``).

    The arrays have shapes (n*m, R), (m*p, R), (p*n, R). Float arrays hold dyadic rationals
    and are converted exactly (never rounded). ``factorizations_f2.npz`` holds GF(2)
    schemes: pass ``ring="gf2"`` (the default when the file name contains ``f2``).

    Examples
    --------
    >>> # s = read_alphatensor("factorizations_r.npz", (3, 3, 3))
    """
    path = Path(path)
    if not isinstance(key, str):
        key = ",".join(str(int(x)) for x in key)
    with np.load(path, allow_pickle=True) as data:
        if key not in data:
            raise ValueError(f"{path}: no key {key!r}; available: {', '.join(sorted(data.keys())[:10])}, ...")
        return _alphatensor_scheme(data[key], key, path, ring)


def read_alphatensor_all(path: str | os.PathLike, ring: str | None = None,
                         formats=None) -> dict[tuple[int, int, int], Scheme]:
    """Read the factorizations of an AlphaTensor ``.npz`` in one pass, keyed by (n, m, p).

    ``formats`` (an iterable of (n, m, p)) restricts the result to those keys.
    """
    path = Path(path)
    wanted = None if formats is None else {",".join(str(int(x)) for x in f) for f in formats}
    with np.load(path, allow_pickle=True) as data:
        return {tuple(int(x) for x in key.split(",")): _alphatensor_scheme(data[key], key, path, ring)
                for key in data.keys() if wanted is None or key in wanted}


def _float_to_fraction(x: float) -> Fraction:
    return Fraction(float(x))  # exact: every float is a dyadic rational


def _alphatensor_scheme(arr, key: str, path: Path, ring: str | None) -> Scheme:
    try:
        n, m, p = (int(x) for x in key.split(","))
    except ValueError:
        raise ValueError(f"{path}: key {key!r} is not 'n,m,p'") from None
    parts = [np.asarray(a) for a in arr]
    if len(parts) != 3:
        raise ValueError(f"{path}[{key}]: expected three factor matrices, got {len(parts)}")
    rows = []
    for a in parts:
        if a.dtype.kind == "f" and np.array_equal(a, np.round(a)):
            rows.append(a.T.astype(np.int64))
        elif a.dtype.kind == "f":
            rows.append(np.vectorize(_float_to_fraction, otypes=[object])(a.T))
        else:
            rows.append(a.T.astype(np.int64))
    if ring is None:
        ring = "gf2" if "f2" in path.name else _infer_ring(*rows)
    return _build((n, m, p), *rows, ring, f"{path}[{key}]")


# ------------------------------------------------------------------ public API
def read_scheme(path: str | os.PathLike, fmt: str | None = None, *, ring: str | None = None,
                dims: tuple[int, int, int] | None = None) -> Scheme:
    """Read a scheme file.

    Parameters
    ----------
    path : path-like
        ``.json`` (Perminov), ``.txt`` (Perminov txt), ``.exp`` (Kauers), ``.m``
        (Mathematica list). For AlphaTensor ``.npz`` use ``"file.npz[n,m,p]"`` or
        :func:`read_alphatensor`.
    fmt : str, optional
        Override the format guessed from the suffix.
    ring : str, optional
        Ring label; default inferred (gf2 if the file says so, else zt / z / q from the
        coefficients).
    dims : (n, m, p), optional
        Format for ``.exp``/``.m`` files (default: the largest indices that occur).

    Examples
    --------
    >>> # s = read_scheme("3x3x3_m23.json"); s.verify()
    """
    spec = str(path)
    match = re.match(r"^(.*\.npz)\[(\d+),(\d+),(\d+)\]$", spec)
    if match:
        return read_alphatensor(match.group(1), tuple(int(x) for x in match.groups()[1:]), ring)
    path = Path(path)
    fmt = _format_of(path, fmt)
    if fmt == "npz":
        raise ValueError(f"{path}: name the factorization as '{path}[n,m,p]' or use read_alphatensor")
    if ring is not None:
        ring = check_ring(ring)
    text = path.read_text()
    if fmt == "json":
        s = _read_json(text, str(path))
        return s.with_ring(ring) if ring else s
    if fmt == "txt":
        return _read_txt(text, str(path), ring)
    return _read_exp(text, str(path), dims, ring)


def scheme_to_text(scheme: Scheme, fmt: str = "json") -> str:
    """Serialise a scheme as text in ``fmt`` ("json", "txt", "exp" or "m")."""
    writers = {"json": _write_json, "txt": _write_txt, "exp": _write_exp, "m": _write_m}
    if fmt not in writers:
        raise ValueError(f"cannot write format {fmt!r}; allowed: {', '.join(writers)}")
    return writers[fmt](scheme)


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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
