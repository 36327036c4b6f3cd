"""The :class:`Scheme` type: a rank-r decomposition of the matrix-multiplication tensor.

Convention (the same as every file in the shared data and Perminov's tools): A is n x m,
B is m x p, C = A B. A scheme is r triples (u_t, v_t, w_t) with

* ``u_t`` of length n*m, index ``i*m + k`` for a_ik,
* ``v_t`` of length m*p, index ``k*p + j`` for b_kj,
* ``w_t`` of length p*n, index ``j*n + i`` for c_ji (the *transposed* C),

and it is correct over a ring R when sum_t u_t (x) v_t (x) w_t equals the tensor T with
``T[i*m+k, k*p+j, j*n+i] = 1``.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from cayley._memory import require
from cayley.errors import InputError

RINGS = ("gf2", "zt", "z", "q")
"""Rings a scheme can live in: GF(2), Z with coefficients in {-1,0,1}, Z, Q."""

RING_NAMES = {
    "gf2": "GF(2)",
    "zt": "Z with coefficients in {-1, 0, 1} (valid over every ring)",
    "z": "Z",
    "q": "Q",
}

MAX_FACTOR_LENGTH = int(np.iinfo(np.intp).max)
"""Largest factor-vector length n*m, m*p or p*n (numpy's largest array dimension)."""


def check_ring(ring: str) -> str:
    """Return ``ring`` lower-cased, or raise InputError naming the allowed rings."""
    if not isinstance(ring, str) or ring.lower() not in RINGS:
        raise InputError(f"unknown ring {ring!r}; allowed: {', '.join(RINGS)}")
    return ring.lower()


def check_format(n: int, m: int, p: int) -> tuple[int, int, int]:
    """Validate a format (n, m, p) of positive integers and return it as ints.

    Raises
    ------
    InputError
        A dimension is not a positive integer, or a factor vector (length n*m, m*p or
        p*n) would be longer than :data:`MAX_FACTOR_LENGTH`.

    Examples
    --------
    >>> check_format(2, 3, 4)
    (2, 3, 4)
    """
    dims = []
    for name, d in zip("nmp", (n, m, p)):
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
            raise InputError(f"format dimension {name}={d!r} must be a positive integer")
        dims.append(int(d))
    n, m, p = dims
    if max(n * m, m * p, p * n) > MAX_FACTOR_LENGTH:
        raise InputError(f"format {n}x{m}x{p} is too large: factor vectors of length n*m, m*p and p*n "
                         f"must not exceed {MAX_FACTOR_LENGTH}")
    return n, m, p


_INT64_MIN, _INT64_MAX = int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max)


def _as_coefficients(x, rows: int | None, length: int, name: str) -> np.ndarray:
    """Convert factor rows to an int64 array, or an object array of Fractions if rational."""
    arr = np.asarray(x, dtype=object) if not isinstance(x, np.ndarray) else x
    if arr.ndim != 2 or arr.shape[1] != length:
        raise InputError(f"{name} must have shape (rank, {length}), got {arr.shape}")
    if rows is not None and arr.shape[0] != rows:
        raise InputError(f"{name} has {arr.shape[0]} rows, expected {rows}")
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    flat = [Fraction(c) if not isinstance(c, Fraction) else c for c in arr.ravel().tolist()]
    if all(c.denominator == 1 for c in flat):
        too_large = [c for c in flat if not _INT64_MIN <= c <= _INT64_MAX]
        if too_large:
            raise InputError(f"{name} has a coefficient of {len(str(abs(too_large[0])))} digits, "
                             "outside the 64-bit integer range")
        return np.array([int(c) for c in flat], dtype=np.int64).reshape(arr.shape)
    return np.array(flat, dtype=object).reshape(arr.shape)


@dataclass(frozen=True, eq=False)
class Scheme:
    """A decomposition of the <n, m, p> matrix-multiplication tensor.

    Parameters
    ----------
    n, m, p : int
        Format: A is n x m, B is m x p.
    u, v, w : array_like
        Factor rows, shapes (r, n*m), (r, m*p), (r, p*n); ``w`` uses the transposed-C layout.
        Integer arrays are stored as int64; rational entries as an object array of Fractions.
    ring : str
        The ring the scheme is meant for: "gf2", "zt", "z" or "q". Construction does not
        verify correctness; call :meth:`verify`.

    Examples
    --------
    >>> s = Scheme.naive(2, 2, 2)
    >>> s.rank, s.verify()
    (8, True)
    """

    n: int
    m: int
    p: int
    u: np.ndarray
    v: np.ndarray
    w: np.ndarray
    ring: str = "zt"

    def __post_init__(self) -> None:
        n, m, p = check_format(self.n, self.m, self.p)
        object.__setattr__(self, "ring", check_ring(self.ring))
        u = _as_coefficients(self.u, None, n * m, "u")
        v = _as_coefficients(self.v, u.shape[0], m * p, "v")
        w = _as_coefficients(self.w, u.shape[0], p * n, "w")
        if self.ring == "gf2":
            u, v, w = (_mod2(a, name) for a, name in ((u, "u"), (v, "v"), (w, "w")))
        for a in (u, v, w):
            a.flags.writeable = False
        object.__setattr__(self, "u", u)
        object.__setattr__(self, "v", v)
        object.__setattr__(self, "w", w)

    # ---------------------------------------------------------------- properties
    @property
    def rank(self) -> int:
        """Number of rank-one terms (multiplications)."""
        return int(self.u.shape[0])

    @property
    def format(self) -> tuple[int, int, int]:
        """The format (n, m, p)."""
        return (self.n, self.m, self.p)

    @property
    def is_rational(self) -> bool:
        """True when some coefficient is a non-integer fraction."""
        return any(a.dtype == object for a in (self.u, self.v, self.w))

    @property
    def is_ternary(self) -> bool:
        """True when every coefficient lies in {-1, 0, 1}."""
        return not self.is_rational and all(
            a.size == 0 or np.abs(a).max() <= 1 for a in (self.u, self.v, self.w)
        )

    def __repr__(self) -> str:
        return f"Scheme({self.n}x{self.m}x{self.p}, rank={self.rank}, ring={self.ring!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scheme):
            return NotImplemented
        return (
            self.format == other.format
            and self.ring == other.ring
            and all(np.array_equal(a, b) for a, b in zip(self.factors(), other.factors()))
        )

    def factors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(u, v, w)``."""
        return self.u, self.v, self.w

    def with_ring(self, ring: str) -> Scheme:
        """The same coefficients labelled with another ring (reduced mod 2 for gf2)."""
        return Scheme(self.n, self.m, self.p, self.u, self.v, self.w, ring)

    def verify(self, ring: str | None = None) -> bool:
        """Exact Brent-equation check over ``ring`` (default: the scheme's own ring)."""
        from ._verify import verify

        return verify(self, ring)

    def symmetry_group(self, group: str | None = None):
        """The stabilizer of the scheme in its symmetry group (term permutations, the
        sandwich action of ``group``, the format maps that keep the format, sign scalings),
        as a :class:`~solvers.flipgraph.SchemeSymmetry`: a PermutationGroup on the terms,
        generators as checked maps (P, Q, R, format map, term permutation), its order.

        Examples
        --------
        >>> Scheme.strassen("gf2").symmetry_group().order  # Burichenko 2014: S_3 x S_3
        36
        """
        from ._equivalence import symmetry_group

        return symmetry_group(self, group)

    def multiply(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Multiply an n x m matrix by an m x p matrix with the scheme's r products.

        Over GF(2) the result is reduced mod 2.

        Examples
        --------
        >>> import numpy as np
        >>> a = np.arange(4).reshape(2, 2); b = np.eye(2, dtype=int)
        >>> bool((Scheme.strassen().multiply(a, b) == a).all())
        True
        """
        a = np.asarray(a)
        b = np.asarray(b)
        if a.shape != (self.n, self.m) or b.shape != (self.m, self.p):
            raise InputError(
                f"need A of shape {(self.n, self.m)} and B of shape {(self.m, self.p)}, "
                f"got {a.shape} and {b.shape}"
            )
        prods = (self.u @ a.reshape(-1)) * (self.v @ b.reshape(-1))
        ct = self.w.T @ prods  # index j*n + i
        c = ct.reshape(self.p, self.n).T
        return c % 2 if self.ring == "gf2" else c

    # -------------------------------------------------------------- constructors
    @classmethod
    def naive(cls, n: int, m: int, p: int, ring: str = "zt") -> Scheme:
        """The schoolbook scheme of rank n*m*p.

        Examples
        --------
        >>> Scheme.naive(3, 3, 3).rank
        27
        """
        n, m, p = check_format(n, m, p)
        r = n * m * p
        require(r * (n * m + m * p + p * n) * 8, f"the naive {n}x{m}x{p} scheme (rank {r})")
        u = np.zeros((r, n * m), np.int64)
        v = np.zeros((r, m * p), np.int64)
        w = np.zeros((r, p * n), np.int64)
        t = 0
        for i in range(n):
            for k in range(m):
                for j in range(p):
                    u[t, i * m + k] = v[t, k * p + j] = w[t, j * n + i] = 1
                    t += 1
        return cls(n, m, p, u, v, w, ring)

    @classmethod
    def strassen(cls, ring: str = "zt") -> Scheme:
        """Strassen's rank-7 scheme for 2x2 matrices (Strassen 1969).

        Examples
        --------
        >>> Scheme.strassen().verify("z")
        True
        """
        # rows: products M1..M7 in the usual numbering; u over (a11,a12,a21,a22),
        # v over (b11,b12,b21,b22), w over (c11,c21,c12,c22) (transposed C).
        u = [[1, 0, 0, 1], [0, 0, 1, 1], [1, 0, 0, 0], [0, 0, 0, 1],
             [1, 1, 0, 0], [-1, 0, 1, 0], [0, 1, 0, -1]]
        v = [[1, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, -1], [-1, 0, 1, 0],
             [0, 0, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]]
        # c11 = M1+M4-M5+M7, c12 = M3+M5, c21 = M2+M4, c22 = M1-M2+M3+M6
        w = [[1, 0, 0, 1], [0, 1, 0, -1], [0, 0, 1, 1], [1, 1, 0, 0],
             [-1, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0]]
        return cls(2, 2, 2, np.array(u), np.array(v), np.array(w), ring)


def _mod2(a: np.ndarray, name: str) -> np.ndarray:
    """Reduce integer (or odd-denominator rational) coefficients mod 2."""
    if a.dtype == object:
        if any(c.denominator % 2 == 0 for c in a.ravel()):
            raise InputError(f"{name} has a coefficient with an even denominator; not defined over GF(2)")
        return np.array([c.numerator % 2 for c in a.ravel()], np.int64).reshape(a.shape)
    return a % 2
