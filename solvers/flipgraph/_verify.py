"""Exact verification of schemes (Brent equations) and a fast randomised pre-check."""
from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np

from cayley._memory import require

from ._scheme import Scheme, check_ring

_PRIME = 33554393  # largest prime below 2**25: products of two residues stay below 2**50
# Bytes per tensor entry of one Brent check: the sum of the terms, T, their difference and
# its reduction as int64 arrays; with Python-int (object) coefficients each entry also
# holds int objects.
_CHECK_BYTES = {"int64": 4 * 8, "object": 4 * 8 + 3 * 32}


def matmul_tensor(n: int, m: int, p: int) -> np.ndarray:
    """The <n,m,p> tensor T as an int64 array of shape (n*m, m*p, p*n).

    Examples
    --------
    >>> int(matmul_tensor(2, 2, 2).sum())
    8
    """
    t = np.zeros((n * m, m * p, p * n), np.int64)
    for i in range(n):
        for k in range(m):
            for j in range(p):
                t[i * m + k, k * p + j, j * n + i] = 1
    return t


def _integer_factors(scheme: Scheme) -> tuple[list[np.ndarray], int]:
    """Scale each factor matrix to integers; return (factors, product of the scales)."""
    out, scale = [], 1
    for a in scheme.factors():
        if a.dtype != object:
            out.append(a.astype(np.int64))
            continue
        den = lcm(*(Fraction(c).denominator for c in a.ravel())) if a.size else 1
        ints = [int(Fraction(c) * den) for c in a.ravel()]
        small = max((abs(x) for x in ints), default=0) < 2**62
        out.append(np.array(ints, dtype=np.int64 if small else object).reshape(a.shape))
        scale *= den
    return out, scale


def _require_check_memory(factors: list[np.ndarray], n: int, m: int, p: int) -> None:
    """Raise MemoryBudgetError when a Brent check of the <n,m,p> tensor would not fit in memory."""
    kind = "object" if any(a.dtype == object for a in factors) else "int64"
    require(n * m * m * p * p * n * _CHECK_BYTES[kind],
            f"checking the Brent equations of a {n}x{m}x{p} scheme (a tensor of {n * m * m * p * p * n} entries)")


def _tensor_of(factors: list[np.ndarray], n: int, m: int, p: int) -> np.ndarray:
    """Exact sum_t u_t (x) v_t (x) w_t (int64 via float64 BLAS when exact, else Python ints)."""
    u, v, w = factors
    r = u.shape[0]
    bounds = [int(np.abs(a).max()) if a.size else 0 for a in factors]
    if all(a.dtype != object for a in factors) and bounds[0] * bounds[1] * bounds[2] * max(r, 1) < 2**52:
        uf, vf, wf = (a.astype(np.float64) for a in factors)
        nu, nv = uf.shape[1], vf.shape[1]
        out = np.empty((nu, nv, wf.shape[1]), np.int64)
        step = max(1, 2**22 // max(nv * r, 1))  # rows of u per block: temporaries stay ~32 MB
        for i in range(0, nu, step):
            kr = (uf[:, i:i + step, None] * vf[:, None, :]).reshape(r, -1)
            out[i:i + step] = np.rint(kr.T @ wf).astype(np.int64).reshape(-1, nv, wf.shape[1])
        return out
    uo, vo, wo = (np.asarray(a, dtype=object) for a in factors)
    return np.einsum("ti,tj,tk->ijk", uo, vo, wo)


def brent_residual(scheme: Scheme, ring: str | None = None) -> np.ndarray | None:
    """Return sum_t u_t (x) v_t (x) w_t - T reduced in ``ring`` (None if not defined there).

    The scheme is correct over the ring exactly when the residual is all zero. For "q" the
    residual is scaled by the common denominator of the factors.
    """
    ring = check_ring(ring or scheme.ring)
    if ring in ("gf2", "z", "zt") and scheme.is_rational:
        dens = [Fraction(c).denominator for a in scheme.factors() if a.dtype == object for c in a.ravel()]
        if ring != "gf2" or any(d % 2 == 0 for d in dens):
            return None
        scheme = scheme.with_ring("gf2")
    factors, scale = _integer_factors(scheme)
    n, m, p = scheme.format
    _require_check_memory(factors, n, m, p)
    res = _tensor_of(factors, n, m, p) - scale * matmul_tensor(n, m, p)
    return res % 2 if ring == "gf2" else res


def verify(scheme: Scheme, ring: str | None = None) -> bool:
    """Exactly check the Brent equations of ``scheme`` over ``ring``.

    Parameters
    ----------
    scheme : Scheme
    ring : {"gf2", "zt", "z", "q"}, optional
        Default: the scheme's own ring. "zt" additionally requires every coefficient in
        {-1, 0, 1}; "z" requires integers; "gf2" reduces mod 2 (a scheme with an even
        denominator is not defined there and is rejected).

    Returns
    -------
    bool

    Raises
    ------
    MemoryBudgetError
        The <n,m,p> tensor of the check would not fit in memory (checked before allocating).

    Examples
    --------
    >>> verify(Scheme.strassen(), "q"), verify(Scheme.strassen(), "gf2")
    (True, True)
    """
    if not isinstance(scheme, Scheme):
        raise TypeError(f"expected a Scheme, got {type(scheme).__name__}")
    ring = check_ring(ring or scheme.ring)
    if ring == "zt" and not scheme.is_ternary:
        return False
    res = brent_residual(scheme, ring)
    return res is not None and not res.any()


def quick_check(scheme: Scheme, ring: str | None = None, trials: int = 4, seed: int = 0) -> bool:
    """Randomised pre-check: multiply random matrices with the scheme and compare.

    Over GF(2) it uses random 0/1 matrices (a wrong scheme passes each trial with
    probability at most 1/2, so use ``trials`` >= 20 for confidence); otherwise random
    residues modulo a 25-bit prime (false acceptance probability about r / 2**25 per trial).
    A ``True`` answer is probabilistic: confirm with :func:`verify`.

    Examples
    --------
    >>> quick_check(Scheme.strassen())
    True
    """
    ring = check_ring(ring or scheme.ring)
    if ring == "zt" and not scheme.is_ternary:
        return False
    if ring in ("z", "zt") and scheme.is_rational:
        return False
    mod = 2 if ring == "gf2" else _PRIME
    try:
        factors = [_residues(a, mod) for a in scheme.factors()]
    except ValueError:
        return False  # a denominator divisible by the modulus: not defined in this ring
    u, v, w = factors
    rng = np.random.default_rng(seed)
    n, m, p = scheme.format
    for _ in range(trials):
        a = rng.integers(0, mod, (n, m), dtype=np.int64)
        b = rng.integers(0, mod, (m, p), dtype=np.int64)
        prods = ((u @ a.reshape(-1)) % mod) * ((v @ b.reshape(-1)) % mod) % mod
        ct = np.zeros(p * n, np.int64)
        for start in range(0, len(prods), 1024):  # keep sums of 50-bit products below 2**63
            ct = (ct + w[start:start + 1024].T @ prods[start:start + 1024]) % mod
        expect = _modmatmul(a, b, mod)
        if not np.array_equal(ct.reshape(p, n).T, expect):
            return False
    return True


def _residues(a: np.ndarray, mod: int) -> np.ndarray:
    """Coefficients as residues in [0, mod) (rationals through the modular inverse)."""
    if a.dtype != object:
        return a % mod
    out = [(Fraction(c).numerator * pow(Fraction(c).denominator, -1, mod)) % mod for c in a.ravel()]
    return np.array(out, np.int64).reshape(a.shape)


def _modmatmul(a: np.ndarray, b: np.ndarray, mod: int) -> np.ndarray:
    out = np.zeros((a.shape[0], b.shape[1]), np.int64)
    for k in range(a.shape[1]):
        out = (out + np.outer(a[:, k], b[k]) % mod) % mod
    return out


def valid_rings(scheme: Scheme) -> set[str]:
    """The rings among gf2, zt, z, q over which ``scheme`` is correct (one tensor evaluation,
    refused with MemoryBudgetError before allocation when it would not fit in memory).

    Examples
    --------
    >>> sorted(valid_rings(Scheme.strassen()))
    ['gf2', 'q', 'z', 'zt']
    """
    if not isinstance(scheme, Scheme):
        raise TypeError(f"expected a Scheme, got {type(scheme).__name__}")
    if scheme.ring == "gf2":
        return {"gf2"} if verify(scheme, "gf2") else set()
    factors, scale = _integer_factors(scheme)
    n, m, p = scheme.format
    _require_check_memory(factors, n, m, p)
    res = _tensor_of(factors, n, m, p) - scale * matmul_tensor(n, m, p)
    rings = set()
    if not res.any():
        rings.add("q")
        if not scheme.is_rational:
            rings.add("z")
            if scheme.is_ternary:
                rings.add("zt")
    if not scheme.is_rational:
        if not (res % 2).any():
            rings.add("gf2")
    elif verify(scheme, "gf2"):
        rings.add("gf2")
    return rings
