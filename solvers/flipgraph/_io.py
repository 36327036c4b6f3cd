"""Reading and writing schemes: Perminov JSON/txt, Kauers ``.exp``, Mathematica ``.m``, AlphaTensor ``.npz``.

Our own save format is Perminov's JSON (keys ``n`` = [n, m, p], ``m`` = rank, ``z2``,
``u``, ``v``, ``w``). Writes are atomic: a temporary file in the same folder is renamed.

Only JSON records the ring. Reading the other formats infers it: "q", "z" or "zt" from the
coefficients, except that a scheme that fails over Z but passes mod 2 (a GF(2)-only scheme)
is read as "gf2". Every reader raises :class:`~cayley.errors.InputError` naming the file
for malformed content.
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

import numpy as np

from cayley.errors import InputError

from ._scheme import Scheme, check_format, check_ring
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
    return _build(dims, u, v, w, "gf2" if z2 else None, name)


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
            raise InputError(f"{name}: variable {var} in a factor for {letter}")
        i, j = int(var[1]) - 1, int(var[2]) - 1
        if not (0 <= i < rows and 0 <= j < cols):
            raise InputError(f"{name}: variable {var} is outside a {rows}x{cols} matrix")
        c = _coefficient(coef, name) if coef else Fraction(1)
        idx = i * cols + j
        out[idx] = out.get(idx, Fraction(0)) + (-c if sign == "-" else c)
    leftover = re.sub(r"([+-]?)([0-9/]*)([abc]\d\d)", "", expr)
    if leftover:
        raise InputError(f"{name}: cannot parse {leftover[:40]!r} in factor {expr[:60]!r}")
    return out


def _split_top_level(term: str, seps: str) -> list[str]:
    """Split ``term`` at characters in ``seps`` that lie outside parentheses (the pieces
    stripped; empty ones kept)."""
    parts, depth, cur = [], 0, ""
    for ch in term:
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and ch in seps:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [x.strip() for x in parts]


def _split_factors(term: str, name: str) -> list[str]:
    """Split ``(..)*(..)*(..)``, ``(..) (..) (..)`` or ``a11*(...)*c12`` into its factors."""
    parts = _split_top_level(term, "*")
    if len(parts) > 1 and not all(parts):
        raise InputError(f"{name}: term {term[:60]!r} has an empty factor (a '*' with nothing on one side)")
    return parts if len(parts) == 3 else [x for x in _split_top_level(term, " \t") if x]


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
        raise InputError(f"{name}: no terms found")
    parsed = []
    for term in terms:
        sign = 1
        t = term
        if re.match(r"^-\s*\(", t) and _balanced_outer(t.lstrip("-").strip()):
            sign, t = -1, t.lstrip("-").strip()[1:-1]
        elif t.startswith("-"):  # -(..)*(..)*(..): the sign of the first factor
            sign, t = -1, t[1:].strip()
        elif t.startswith("(") and _balanced_outer(t) and len(_split_factors(t[1:-1], name)) == 3:
            t = t[1:-1]
        factors = _split_factors(t, name)
        if len(factors) != 3:
            raise InputError(f"{name}: term {term[:60]!r} does not have three factors")
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
    return _build((n, m, p), u, v, w, ring, name)


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
        Ring label; default inferred: gf2 if the file says so (JSON ``z2``), else zt / z / q
        from the coefficients, or gf2 when the scheme fails over those but passes mod 2.
    dims : (n, m, p), optional
        Format for ``.exp``/``.m`` files (default: the largest indices that occur).

    Raises
    ------
    InputError
        Malformed content (named by file), an unknown format or ring.
    OSError
        The file cannot be read.

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
        raise InputError(f"{path}: name the factorization as '{path}[n,m,p]' or use read_alphatensor")
    if ring is not None:
        ring = check_ring(ring)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a text file (byte {exc.start} is not UTF-8)") from None
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
