"""Lifting GF(2) schemes to Z or Q: ternary sign assignment and Hensel lifting.

Both reduce to linear systems over GF(2), solved by bit-packed Gaussian elimination
(numba, 64 columns per word).

* **Sign assignment** looks for signs on the support of a GF(2) scheme that make it valid
  over Z with coefficients in {-1, 0, 1}. Writing each nonzero coefficient as 1 + 2 d
  (d in {0, 1}) modulo 4, the Brent equations become linear in the d's over GF(2); each
  solution is checked exactly over Z, and random solutions are tried in turn.
* **Hensel lifting** (as in Kauers and Moosbauer, "Flip graphs for matrix multiplication")
  refines a solution modulo 2^k to one modulo 2^(k+1) by solving J d = -F(x)/2^k (mod 2)
  with the Jacobian J of the Brent equations at the GF(2) scheme (the same matrix at every
  step), then recovers rationals by rational reconstruction and verifies exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numba import njit

from cayley._memory import require
from cayley.errors import InputError

from ._scheme import Scheme
from ._verify import matmul_tensor, valid_rings, verify


@dataclass
class LiftResult:
    """Outcome of :func:`lift`.

    Attributes
    ----------
    scheme : Scheme or None
        The lifted scheme (``None`` if lifting failed).
    ring : str
        Where the result is valid: "zt", "z", "q", or "gf2" when lifting failed.
    method : str
        "signs" or "hensel" (the method that succeeded or was tried last).
    message : str
    """

    scheme: Scheme | None
    ring: str
    method: str
    message: str = ""


# ------------------------------------------------------------------ GF(2) algebra
@njit(cache=True)
def gf2_eliminate(mat, ncols):
    """Reduced row echelon form in place over GF(2); returns the pivot columns.

    ``mat`` is (rows, words) uint64 with column c at bit c % 64 of word c // 64; columns
    >= ``ncols`` (e.g. right-hand sides) are carried along but never chosen as pivots.
    """
    rows = mat.shape[0]
    pivots = np.empty(min(rows, ncols), np.int64)
    row = 0
    for col in range(ncols):
        word = col // 64
        bit = np.uint64(1) << np.uint64(col % 64)
        sel = -1
        for r in range(row, rows):
            if mat[r, word] & bit:
                sel = r
                break
        if sel < 0:
            continue
        if sel != row:
            for k in range(mat.shape[1]):
                tmp = mat[row, k]
                mat[row, k] = mat[sel, k]
                mat[sel, k] = tmp
        for r in range(rows):
            if r != row and (mat[r, word] & bit):
                for k in range(word, mat.shape[1]):
                    mat[r, k] ^= mat[row, k]
        pivots[row] = col
        row += 1
        if row == rows:
            break
    return pivots[:row]


def _bit(mat: np.ndarray, col: int) -> np.ndarray:
    return (mat[:, col // 64] >> np.uint64(col % 64)) & np.uint64(1)


def gf2_solve(mat: np.ndarray, ncols: int, rng: np.random.Generator | None = None) -> np.ndarray | None:
    """Solve the augmented GF(2) system ``mat = [A | b]`` (b in column ``ncols``).

    Returns a 0/1 vector x with A x = b, or None if inconsistent. Free variables are 0, or
    random bits when ``rng`` is given (a random solution). ``mat`` is overwritten.

    Examples
    --------
    >>> m = np.array([[0b111], [0b010]], np.uint64)  # x0 + x1 = 1, x1 = 0
    >>> gf2_solve(m, 2).tolist()
    [1, 0]
    """
    pivots = gf2_eliminate(mat, ncols)
    rhs = _bit(mat, ncols)
    if rhs[len(pivots):].any():
        return None
    x = np.zeros(ncols, np.uint8)
    free = np.setdiff1d(np.arange(ncols), pivots)
    if rng is not None and len(free):
        x[free] = rng.integers(0, 2, len(free))
    values = rhs[: len(pivots)].copy()
    for f in free[x[free] == 1]:
        values ^= _bit(mat[: len(pivots)], int(f))
    x[pivots] = values
    return x


# -------------------------------------------------------------- system builders
@njit(cache=True)
def _build_system(u, v, w, rhs, support_only):
    """Rows (a, b, c) of the linearised Brent equations over GF(2), bit-packed.

    Unknown t*L + a is u_t[a], t*L + nm + b is v_t[b], t*L + nm + mp + c is w_t[c]
    (L = nm + mp + pn). With ``support_only`` a term contributes only where
    u_t[a] v_t[b] w_t[c] = 1 (sign assignment), otherwise the Jacobian at (u, v, w) mod 2.
    """
    r, nm = u.shape
    mp = v.shape[1]
    pn = w.shape[1]
    L = nm + mp + pn
    ncols = r * L
    words = ncols // 64 + 1
    mat = np.zeros((nm * mp * pn, words), np.uint64)
    row = 0
    for a in range(nm):
        for b in range(mp):
            for c in range(pn):
                for t in range(r):
                    ua, vb, wc = u[t, a] & 1, v[t, b] & 1, w[t, c] & 1
                    if support_only and not (ua and vb and wc):
                        continue
                    for col, on in ((t * L + a, vb & wc), (t * L + nm + b, ua & wc),
                                    (t * L + nm + mp + c, ua & vb)):
                        if on:
                            mat[row, col // 64] ^= np.uint64(1) << np.uint64(col % 64)
                if rhs[row]:
                    mat[row, ncols // 64] ^= np.uint64(1) << np.uint64(ncols % 64)
                row += 1
    return mat


def _split(x: np.ndarray, s: Scheme) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = s.rank
    nm, mp = s.u.shape[1], s.v.shape[1]
    y = x.reshape(r, -1)
    return y[:, :nm], y[:, nm:nm + mp], y[:, nm + mp:]


def _gf2_support(scheme: Scheme) -> Scheme:
    """The 0/1 coefficients of a valid GF(2) scheme, after checking that its linear
    systems fit in memory."""
    if not verify(scheme, "gf2"):
        raise InputError(f"{scheme!r} is not a valid GF(2) scheme; nothing to lift")
    if scheme.is_rational:
        scheme = scheme.with_ring("gf2")
    n, m, p = scheme.format
    equations, unknowns = n * m * m * p * p * n, scheme.rank * (n * m + m * p + p * n)
    # the bit-packed system and its working copy, plus int64 vectors over the equations
    # and the Hensel step's products u_t (x) v_t
    require(2 * equations * (unknowns // 64 + 1) * 8 + 4 * equations * 8 + scheme.rank * n * m * m * p * 8,
            f"lifting a rank-{scheme.rank} {n}x{m}x{p} scheme ({equations} equations in {unknowns} unknowns)")
    return Scheme(*scheme.format, scheme.u % 2, scheme.v % 2, scheme.w % 2, "gf2")


# ------------------------------------------------------------------ sign assignment
def assign_signs(scheme: Scheme, tries: int = 64, seed: int = 0) -> Scheme | None:
    """Find a {-1, 0, 1} scheme valid over Z with the support of a GF(2) scheme.

    Returns the ternary scheme (ring "zt") or None when ``tries`` random solutions of the
    mod-4 sign system all fail the exact check over Z (or the system has no solution).

    Examples
    --------
    >>> assign_signs(Scheme.strassen().with_ring("gf2")).verify("zt")
    True
    """
    s = _gf2_support(scheme)
    tensor = matmul_tensor(*s.format).reshape(-1)
    u, v, w = (a.astype(np.int64) for a in s.factors())
    count = np.einsum("ta,tb,tc->abc", u, v, w).reshape(-1)
    # sum over the support of (1 + 2 d) = T (mod 4)  <=>  sum of d's = (T - count) / 2 (mod 2)
    rhs = (((tensor - count) // 2) % 2).astype(np.uint8)
    base = _build_system(u, v, w, rhs, True)
    ncols = s.rank * (u.shape[1] + v.shape[1] + w.shape[1])
    rng = np.random.default_rng(seed)
    for attempt in range(tries):
        x = gf2_solve(base.copy(), ncols, None if attempt == 0 else rng)
        if x is None:
            return None
        du, dv, dw = _split(x.astype(np.int64), s)
        cand = Scheme(*s.format, u * (1 - 2 * du), v * (1 - 2 * dv), w * (1 - 2 * dw), "zt")
        if verify(cand, "zt"):
            return cand
    return None


# ------------------------------------------------------------------ Hensel lifting
def _rational_reconstruct(x: int, mod: int) -> Fraction | None:
    """The fraction a/b = x (mod ``mod``) with |a|, b <= sqrt(mod / 2), or None."""
    bound = int((mod // 2) ** 0.5)
    r0, r1, t0, t1 = mod, x % mod, 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        t0, t1 = t1, t0 - q * t1
    if t1 == 0 or abs(t1) > bound:
        return None
    return Fraction(r1, t1)


def hensel_lift(scheme: Scheme, steps: int = 20) -> Scheme | None:
    """Lift a GF(2) scheme 2-adically to precision 2^(steps+1) and reconstruct rationals.

    Returns a scheme valid over Q (ring "z" if all coefficients are integers, "zt" if in
    {-1, 0, 1}, else "q"), or None when the system is unsolvable at some step or the
    reconstructed scheme does not verify.

    Examples
    --------
    >>> hensel_lift(Scheme.strassen().with_ring("gf2")).verify("q")
    True
    """
    if not 1 <= steps <= 20:
        raise InputError(f"steps must be in 1..20 (coefficients stay below 2**21), got {steps}")
    s = _gf2_support(scheme)
    n, m, p = s.format
    tensor = matmul_tensor(n, m, p).reshape(-1)
    x = [a.astype(np.int64) for a in s.factors()]
    jac_zero_rhs = np.zeros(len(tensor), np.uint8)
    ncols = s.rank * sum(a.shape[1] for a in x)
    base = _build_system(*x, jac_zero_rhs, False)
    for k in range(1, steps + 1):
        mod = 1 << (k + 1)
        u, v, w = x
        uv = ((u[:, :, None] * v[:, None, :]) % mod).reshape(s.rank, -1)
        resid = ((uv.T @ w) % mod).reshape(-1) - tensor
        resid %= mod
        if (resid % (1 << k)).any():
            raise RuntimeError("internal error: Hensel step lost precision")
        rhs = ((resid >> k) & 1).astype(np.uint8)
        mat = base.copy()
        word, bit = ncols // 64, np.uint64(ncols % 64)
        mat[:, word] &= ~(np.uint64(1) << bit)
        mat[:, word] |= rhs.astype(np.uint64) << bit
        d = gf2_solve(mat, ncols)
        if d is None:
            return None
        du, dv, dw = _split(d.astype(np.int64), s)
        # F(x + 2^k d) = F(x) + 2^k J d (mod 2^(k+1)); we need J d = -F(x)/2^k = F(x)/2^k (mod 2)
        x = [(a + (da << k)) % mod for a, da in zip(x, (du, dv, dw))]
    mod = 1 << (steps + 1)
    parts = []
    for a in x:
        fr = [_rational_reconstruct(int(c), mod) for c in a.ravel()]
        if any(f is None for f in fr):
            return None
        parts.append(np.array(fr, dtype=object).reshape(a.shape))
    cand = Scheme(n, m, p, *parts, "q")
    rings = valid_rings(cand)
    if "q" not in rings:
        return None
    ring = "zt" if "zt" in rings else "z" if "z" in rings else "q"
    return Scheme(n, m, p, *parts, ring)


def lift(scheme: Scheme, method: str = "auto", *, tries: int = 64, steps: int = 20, seed: int = 0) -> LiftResult:
    """Lift a GF(2) scheme to a scheme over Z (or Q) and report where it lands.

    Parameters
    ----------
    scheme : Scheme
        Valid over GF(2).
    method : {"auto", "signs", "hensel"}
        "signs": ternary sign assignment; "hensel": 2-adic lifting plus rational
        reconstruction; "auto": signs first, then Hensel.

    Returns
    -------
    LiftResult
        ``ring`` is "zt", "z" or "q" on success and "gf2" when no lift was found (the
        scheme may still lift with other choices: this is not a proof that none exists).

    Examples
    --------
    >>> res = lift(Scheme.strassen().with_ring("gf2"))
    >>> res.ring, res.scheme.verify("zt")
    ('zt', True)
    """
    if method not in ("auto", "signs", "hensel"):
        raise InputError(f"method must be 'auto', 'signs' or 'hensel', got {method!r}")
    if method in ("auto", "signs"):
        s = assign_signs(scheme, tries=tries, seed=seed)
        if s is not None:
            return LiftResult(s, "zt", "signs", "ternary signs found")
        if method == "signs":
            return LiftResult(None, "gf2", "signs", f"no valid sign pattern in {tries} tries")
    s = hensel_lift(scheme, steps=steps)
    if s is None:
        return LiftResult(None, "gf2", "hensel", "Hensel lifting with free variables 0 did not give a rational scheme")
    return LiftResult(s, s.ring, "hensel", f"lifted to {s.ring}")
