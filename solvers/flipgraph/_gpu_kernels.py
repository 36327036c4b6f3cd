"""The flip-graph walk for the GPU: CUDA C source, lazy NVRTC build, numba twin.

Layout (structure of arrays, walker index fastest, so adjacent CUDA threads read adjacent
words): ``masks[dim, term, walker]``, ``signs[...]`` and the best scheme's
``best_masks``/``best_signs`` (uint64, the packing of :mod:`._packing`), ``ranks[walker]``,
``best_ranks[walker]`` (int64), ``rng[walker]`` (uint64 xorshift64* states, nonzero) and
``counters[k, walker]`` (int64: flips, plus transitions, reductions, flips since the last
improvement). One walker per thread; rank, generator and counters live in registers.

Moves are those of :mod:`._kernels` (flip, reductions, plus transition). The CUDA text is a
template over the ring: ``walk_gf2`` never touches the sign words; ``walk_zt`` keeps u and
v canonical (first nonzero entry positive) and refuses any sum that would create a +-2.
Candidate pairs are found by rejection sampling: draw two distinct terms and test their
three factors; up to ``8 * rank`` draws before the walker counts as stuck and takes a plus
transition instead. No candidate list is materialised.

:func:`walk_twin` is the same algorithm in numba, statement for statement, on the same
arrays: the CPU stand-in that the tests run everywhere (and compare with the CUDA text).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from ._kernels import _below, _next  # the same xorshift64* draws as the CUDA text

FLIPS, PLUSES, REDUCTIONS, SINCE_IMPROVE = 0, 1, 2, 3
N_COUNTERS = 4
THREADS_PER_BLOCK = 128
KERNEL_NAMES = {False: "walk_gf2", True: "walk_zt"}

CUDA_SOURCE = r"""
typedef unsigned long long u64;
typedef long long i64;

/* word of factor d of term t of this thread's walker */
#define AT(d, t) ((((i64)(d)) * cap + (t)) * W + w)
#define ARGS int cap, int W, int w

__device__ __forceinline__ u64 next_rand(u64 *s) {
    u64 x = *s;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

__device__ __forceinline__ int below(u64 *s, int n) {
    return (int)(((next_rand(s) >> 32) * (u64)n) >> 32);
}

/* +1 if factor d of terms i, j is equal, -1 if negated (ternary only), else 0 */
template <bool TERN>
__device__ __forceinline__ int relation(const u64 *m, const u64 *sg, int d, int i, int j, ARGS) {
    u64 a = m[AT(d, i)];
    if (a != m[AT(d, j)]) return 0;
    if (!TERN) return 1;
    u64 si = sg[AT(d, i)], sj = sg[AT(d, j)];
    if (si == sj) return 1;
    return (si ^ sj) == a ? -1 : 0;
}

/* factor e of term i += sgn * factor e of term k; returns 0 (and changes nothing) on a +-2 */
template <bool TERN>
__device__ __forceinline__ int add_into(u64 *m, u64 *sg, int e, int i, int k, int sgn, ARGS) {
    u64 mx = m[AT(e, i)], my = m[AT(e, k)];
    if (!TERN) { m[AT(e, i)] = mx ^ my; return 1; }
    u64 sx = sg[AT(e, i)], sy = sg[AT(e, k)];
    if (sgn < 0) sy ^= my;
    if (mx & my & ~(sx ^ sy)) return 0;
    m[AT(e, i)] = mx ^ my;
    sg[AT(e, i)] = (sx & ~my) | (sy & ~mx);
    return 1;
}

/* first nonzero entry of u_t and v_t positive; the signs move to w_t */
template <bool TERN>
__device__ __forceinline__ void canonicalise(u64 *m, u64 *sg, int t, ARGS) {
    if (TERN) {
        for (int d = 0; d < 2; d++) {
            u64 a = m[AT(d, t)];
            if (a != 0ULL && (sg[AT(d, t)] & (a & (~a + 1ULL))) != 0ULL) {
                sg[AT(d, t)] ^= a;
                sg[AT(2, t)] ^= m[AT(2, t)];
            }
        }
    }
}

template <bool TERN>
__device__ int remove_term(u64 *m, u64 *sg, int t, int rank, ARGS) {
    int last = rank - 1;
    for (int d = 0; d < 3; d++) {
        m[AT(d, t)] = m[AT(d, last)]; m[AT(d, last)] = 0ULL;
        if (TERN) { sg[AT(d, t)] = sg[AT(d, last)]; sg[AT(d, last)] = 0ULL; }
    }
    return last;
}

/* remove zero terms and merge terms sharing two factors until none is left */
template <bool TERN>
__device__ int reduce_all(u64 *m, u64 *sg, int rank, ARGS) {
    int t = 0;
    while (t < rank) {
        if (m[AT(0, t)] == 0ULL || m[AT(1, t)] == 0ULL || m[AT(2, t)] == 0ULL) {
            rank = remove_term<TERN>(m, sg, t, rank, cap, W, w); t = 0; continue;
        }
        int merged = 0;
        for (int k = t + 1; k < rank && !merged; k++) {
            for (int d3 = 0; d3 < 3; d3++) {
                int d1 = d3 == 0 ? 1 : 0, d2 = d3 == 2 ? 1 : 2;
                int s1 = relation<TERN>(m, sg, d1, t, k, cap, W, w);
                if (s1 == 0) continue;
                int s2 = relation<TERN>(m, sg, d2, t, k, cap, W, w);
                if (s2 == 0 || !add_into<TERN>(m, sg, d3, t, k, s1 * s2, cap, W, w)) continue;
                canonicalise<TERN>(m, sg, t, cap, W, w);
                rank = remove_term<TERN>(m, sg, k, rank, cap, W, w);
                merged = 1; break;
            }
        }
        if (merged) { t = 0; continue; }
        t++;
    }
    return rank;
}

/* does term t, whose factor c just changed, share two factors with another term? */
template <bool TERN>
__device__ int shares_two(const u64 *m, const u64 *sg, int t, int c, int rank, ARGS) {
    int o1 = (c + 1) % 3, o2 = (c + 2) % 3;
    for (int k = 0; k < rank; k++) {
        if (k == t || relation<TERN>(m, sg, c, t, k, cap, W, w) == 0) continue;
        if (relation<TERN>(m, sg, o1, t, k, cap, W, w) != 0
            || relation<TERN>(m, sg, o2, t, k, cap, W, w) != 0) return 1;
    }
    return 0;
}

/* terms i, j share factor d (x_j = sgn x_i): y_i += sgn y_j (dim e), z_j -= z_i (dim f) */
template <bool TERN>
__device__ int apply_flip(u64 *m, u64 *sg, int i, int j, int sgn, int e, int f, ARGS) {
    u64 old_m = m[AT(e, i)], old_s = TERN ? sg[AT(e, i)] : 0ULL;
    if (!add_into<TERN>(m, sg, e, i, j, sgn, cap, W, w)) return 0;
    if (!add_into<TERN>(m, sg, f, j, i, -1, cap, W, w)) {
        m[AT(e, i)] = old_m;
        if (TERN) sg[AT(e, i)] = old_s;
        return 0;
    }
    return 1;
}

/* one random flip; returns the new rank, or -1 when no candidate was drawn */
template <bool TERN>
__device__ int try_flip(u64 *m, u64 *sg, int rank, u64 *s, ARGS) {
    if (rank < 2) return -1;
    int tries = 8 * rank;
    for (int a = 0; a < tries; a++) {
        int i = below(s, rank);
        int j = below(s, rank - 1); if (j >= i) j++;
        int d0 = below(s, 3), d = -1, sgn = 0;
        for (int q = 0; q < 3 && d < 0; q++) {
            int dd = (d0 + q) % 3;
            sgn = relation<TERN>(m, sg, dd, i, j, cap, W, w);
            if (sgn != 0) d = dd;
        }
        if (d < 0) continue;
        u64 bits = next_rand(s);
        int e = (d + 1) % 3, f = (d + 2) % 3;
        if (bits & 1ULL) { int g = e; e = f; f = g; }
        if (!apply_flip<TERN>(m, sg, i, j, sgn, e, f, cap, W, w)) {
            int g = e; e = f; f = g;
            if (!apply_flip<TERN>(m, sg, i, j, sgn, e, f, cap, W, w)) continue;
        }
        canonicalise<TERN>(m, sg, i, cap, W, w);
        canonicalise<TERN>(m, sg, j, cap, W, w);
        if (m[AT(e, i)] == 0ULL || m[AT(f, j)] == 0ULL
            || shares_two<TERN>(m, sg, i, e, rank, cap, W, w)
            || shares_two<TERN>(m, sg, j, f, rank, cap, W, w))
            return reduce_all<TERN>(m, sg, rank, cap, W, w);
        return rank;
    }
    return -1;
}

/* plus transition x y z + x' y' z' -> (x - x') y z + x'(y + y') z + x' y'(z' - z);
   returns the new rank (unchanged when no pair was taken) */
template <bool TERN>
__device__ int try_plus(u64 *m, u64 *sg, int rank, u64 *s, ARGS) {
    if (rank < 2 || rank >= cap) return rank;
    for (int a = 0; a < 8; a++) {
        int i = below(s, rank);
        int j = (i + 1 + below(s, rank - 1)) % rank;
        int d = below(s, 3);
        if (relation<TERN>(m, sg, d, i, j, cap, W, w) != 0) continue;
        int t = rank, e = (d + 1) % 3, f = (d + 2) % 3;
        for (int k = 0; k < 3; k++) {           /* new term x_j (x) y_i (x) z_i */
            int src = k == d ? j : i;
            m[AT(k, t)] = m[AT(k, src)];
            if (TERN) sg[AT(k, t)] = sg[AT(k, src)];
        }
        /* x_i -= x_j; refused when it would create a +-2 */
        u64 old_m = m[AT(d, i)], old_s = TERN ? sg[AT(d, i)] : 0ULL;
        if (!add_into<TERN>(m, sg, d, i, j, -1, cap, W, w)) {
            for (int k = 0; k < 3; k++) { m[AT(k, t)] = 0ULL; if (TERN) sg[AT(k, t)] = 0ULL; }
            continue;
        }
        if (!apply_flip<TERN>(m, sg, t, j, 1, e, f, cap, W, w)
            && !apply_flip<TERN>(m, sg, t, j, 1, f, e, cap, W, w)) {
            m[AT(d, i)] = old_m;
            if (TERN) sg[AT(d, i)] = old_s;
            for (int k = 0; k < 3; k++) { m[AT(k, t)] = 0ULL; if (TERN) sg[AT(k, t)] = 0ULL; }
            continue;
        }
        canonicalise<TERN>(m, sg, i, cap, W, w);
        canonicalise<TERN>(m, sg, t, cap, W, w);
        canonicalise<TERN>(m, sg, j, cap, W, w);
        return reduce_all<TERN>(m, sg, rank + 1, cap, W, w);
    }
    return rank;
}

template <bool TERN>
__device__ void copy_scheme(const u64 *m, const u64 *sg, u64 *dm, u64 *dsg, ARGS) {
    for (int d = 0; d < 3; d++)
        for (int t = 0; t < cap; t++) {
            dm[AT(d, t)] = m[AT(d, t)];
            if (TERN) dsg[AT(d, t)] = sg[AT(d, t)];
        }
}

template <bool TERN>
__device__ void walk(u64 *m, u64 *sg, u64 *bm, u64 *bsg, i64 *ranks, i64 *best_ranks,
                     u64 *rng, i64 *counters, int W, int cap, i64 n_flips, i64 plateau,
                     int plus_band, int target) {
    int w = blockIdx.x * blockDim.x + threadIdx.x;
    if (w >= W) return;
    u64 s = rng[w];
    int rank = (int)ranks[w], best = (int)best_ranks[w];
    i64 done = 0, pluses = 0, reductions = 0, since = counters[3 * (i64)W + w];
    while (done < n_flips && best > target) {
        int r = try_flip<TERN>(m, sg, rank, &s, cap, W, w);
        if (r >= 0) {
            done++; since++;
            if (r < rank) {
                reductions++; rank = r;
                if (rank < best) { best = rank; since = 0; copy_scheme<TERN>(m, sg, bm, bsg, cap, W, w); }
            }
        }
        if (r < 0 || since >= plateau) {
            since = 0;
            if (rank >= best + plus_band) { copy_scheme<TERN>(bm, bsg, m, sg, cap, W, w); rank = best; }
            int raised = 0;
            for (int a = 0; a < 16 && !raised && rank < best + plus_band; a++) {
                int p = try_plus<TERN>(m, sg, rank, &s, cap, W, w);
                raised = p > rank;
                rank = p;
            }
            pluses += raised;
            if (rank < best) { best = rank; copy_scheme<TERN>(m, sg, bm, bsg, cap, W, w); }
            if (r < 0 && !raised) break;
        }
    }
    rng[w] = s;
    ranks[w] = rank;
    best_ranks[w] = best;
    counters[w] += done;
    counters[(i64)W + w] += pluses;
    counters[2 * (i64)W + w] += reductions;
    counters[3 * (i64)W + w] = since;
}

#define ENTRY(name, TERN) \
extern "C" __global__ void name(u64 *m, u64 *sg, u64 *bm, u64 *bsg, i64 *ranks, \
        i64 *best_ranks, u64 *rng, i64 *counters, const int W, const int cap, \
        const i64 n_flips, const i64 plateau, const int plus_band, const int target) { \
    walk<TERN>(m, sg, bm, bsg, ranks, best_ranks, rng, counters, W, cap, n_flips, plateau, \
               plus_band, target); \
}
ENTRY(walk_gf2, false)
ENTRY(walk_zt, true)
"""

_MODULES: dict = {}


def compile_kernels(cupy, ternary: bool):
    """The ``walk_gf2`` or ``walk_zt`` RawKernel, compiled by NVRTC on first use, cached.

    The module is cached per device in this process; CuPy also caches the binary on disk
    (``~/.cupy/kernel_cache``), so a new process skips the compilation.
    """
    key = cupy.cuda.Device().id
    if key not in _MODULES:
        _MODULES[key] = cupy.RawModule(code=CUDA_SOURCE, options=("-std=c++11",))
    return _MODULES[key].get_function(KERNEL_NAMES[bool(ternary)])


# ------------------------------------------------------------------ numba twin (CPU)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)


@njit(cache=True, inline="always")
def _relation(m, sg, d, i, j, w, tern):
    a = m[d, i, w]
    if a != m[d, j, w]:
        return 0
    if not tern:
        return 1
    si = sg[d, i, w]
    sj = sg[d, j, w]
    if si == sj:
        return 1
    return -1 if (si ^ sj) == a else 0


@njit(cache=True, inline="always")
def _add_into(m, sg, e, i, k, sgn, w, tern):
    mx = m[e, i, w]
    my = m[e, k, w]
    if not tern:
        m[e, i, w] = mx ^ my
        return True
    sx = sg[e, i, w]
    sy = sg[e, k, w]
    if sgn < 0:
        sy ^= my
    if (mx & my & ~(sx ^ sy)) != _ZERO:
        return False
    m[e, i, w] = mx ^ my
    sg[e, i, w] = (sx & ~my) | (sy & ~mx)
    return True


@njit(cache=True, inline="always")
def _canonicalise(m, sg, t, w, tern):
    if not tern:
        return
    for d in range(2):
        a = m[d, t, w]
        if a != _ZERO and (sg[d, t, w] & (a & (~a + _ONE))) != _ZERO:
            sg[d, t, w] ^= a
            sg[2, t, w] ^= m[2, t, w]


@njit(cache=True)
def _remove_term(m, sg, t, rank, w, tern):
    last = rank - 1
    for d in range(3):
        m[d, t, w] = m[d, last, w]
        m[d, last, w] = _ZERO
        if tern:
            sg[d, t, w] = sg[d, last, w]
            sg[d, last, w] = _ZERO
    return last


@njit(cache=True)
def _reduce_all(m, sg, rank, w, tern):
    t = 0
    while t < rank:
        if m[0, t, w] == _ZERO or m[1, t, w] == _ZERO or m[2, t, w] == _ZERO:
            rank = _remove_term(m, sg, t, rank, w, tern)
            t = 0
            continue
        merged = False
        k = t + 1
        while k < rank and not merged:
            for d3 in range(3):
                d1 = 1 if d3 == 0 else 0
                d2 = 1 if d3 == 2 else 2
                s1 = _relation(m, sg, d1, t, k, w, tern)
                if s1 == 0:
                    continue
                s2 = _relation(m, sg, d2, t, k, w, tern)
                if s2 == 0 or not _add_into(m, sg, d3, t, k, s1 * s2, w, tern):
                    continue
                _canonicalise(m, sg, t, w, tern)
                rank = _remove_term(m, sg, k, rank, w, tern)
                merged = True
                break
            k += 1
        if merged:
            t = 0
            continue
        t += 1
    return rank


@njit(cache=True)
def _shares_two(m, sg, t, c, rank, w, tern):
    o1 = (c + 1) % 3
    o2 = (c + 2) % 3
    for k in range(rank):
        if k == t or _relation(m, sg, c, t, k, w, tern) == 0:
            continue
        if _relation(m, sg, o1, t, k, w, tern) != 0 or _relation(m, sg, o2, t, k, w, tern) != 0:
            return True
    return False


@njit(cache=True)
def _apply_flip(m, sg, i, j, sgn, e, f, w, tern):
    old_m = m[e, i, w]
    old_s = sg[e, i, w] if tern else _ZERO
    if not _add_into(m, sg, e, i, j, sgn, w, tern):
        return False
    if not _add_into(m, sg, f, j, i, -1, w, tern):
        m[e, i, w] = old_m
        if tern:
            sg[e, i, w] = old_s
        return False
    return True


@njit(cache=True)
def _try_flip(m, sg, rank, rng, w, tern):
    if rank < 2:
        return -1
    for _ in range(8 * rank):
        i = _below(rng, w, rank)
        j = _below(rng, w, rank - 1)
        if j >= i:
            j += 1
        d0 = _below(rng, w, 3)
        d = -1
        sgn = 0
        q = 0
        while q < 3 and d < 0:
            dd = (d0 + q) % 3
            sgn = _relation(m, sg, dd, i, j, w, tern)
            if sgn != 0:
                d = dd
            q += 1
        if d < 0:
            continue
        bits = _next(rng, w)
        e = (d + 1) % 3
        f = (d + 2) % 3
        if bits & _ONE:
            e, f = f, e
        if not _apply_flip(m, sg, i, j, sgn, e, f, w, tern):
            e, f = f, e
            if not _apply_flip(m, sg, i, j, sgn, e, f, w, tern):
                continue
        _canonicalise(m, sg, i, w, tern)
        _canonicalise(m, sg, j, w, tern)
        if (m[e, i, w] == _ZERO or m[f, j, w] == _ZERO
                or _shares_two(m, sg, i, e, rank, w, tern) or _shares_two(m, sg, j, f, rank, w, tern)):
            return _reduce_all(m, sg, rank, w, tern)
        return rank
    return -1


@njit(cache=True)
def _clear_term(m, sg, t, w, tern):
    for k in range(3):
        m[k, t, w] = _ZERO
        if tern:
            sg[k, t, w] = _ZERO


@njit(cache=True)
def _try_plus(m, sg, rank, rng, w, tern):
    if rank < 2 or rank >= m.shape[1]:
        return rank
    for _ in range(8):
        i = _below(rng, w, rank)
        j = (i + 1 + _below(rng, w, rank - 1)) % rank
        d = _below(rng, w, 3)
        if _relation(m, sg, d, i, j, w, tern) != 0:
            continue
        t = rank
        e = (d + 1) % 3
        f = (d + 2) % 3
        for k in range(3):  # new term x_j (x) y_i (x) z_i
            src = j if k == d else i
            m[k, t, w] = m[k, src, w]
            if tern:
                sg[k, t, w] = sg[k, src, w]
        old_m = m[d, i, w]
        old_s = sg[d, i, w] if tern else _ZERO
        if not _add_into(m, sg, d, i, j, -1, w, tern):
            _clear_term(m, sg, t, w, tern)
            continue
        if not (_apply_flip(m, sg, t, j, 1, e, f, w, tern) or _apply_flip(m, sg, t, j, 1, f, e, w, tern)):
            m[d, i, w] = old_m
            if tern:
                sg[d, i, w] = old_s
            _clear_term(m, sg, t, w, tern)
            continue
        _canonicalise(m, sg, i, w, tern)
        _canonicalise(m, sg, t, w, tern)
        _canonicalise(m, sg, j, w, tern)
        return _reduce_all(m, sg, rank + 1, w, tern)
    return rank


@njit(cache=True)
def _copy_scheme(m, sg, dm, dsg, w, tern):
    for d in range(3):
        for t in range(m.shape[1]):
            dm[d, t, w] = m[d, t, w]
            if tern:
                dsg[d, t, w] = sg[d, t, w]


@njit(cache=True)
def walk_twin(m, sg, bm, bsg, ranks, best_ranks, rng, counters, n_flips, plateau, plus_band,
              target, tern):
    """CPU twin of the CUDA ``walk_gf2``/``walk_zt`` kernels (same arrays, moves and draws).

    Parameters
    ----------
    m, sg, bm, bsg : uint64 arrays (3, capacity, walkers)
        Current and best schemes (masks and signs), bit-packed, walker index last.
    ranks, best_ranks : int64 (walkers,)
    rng : uint64 (walkers,)
    counters : int64 (4, walkers)
    n_flips, plateau, plus_band, target : int
        As in :func:`._kernels.walk`.
    tern : bool
        Ternary {-1, 0, 1} arithmetic (True) or GF(2) (False, signs untouched).
    """
    for w in range(m.shape[2]):
        rank = ranks[w]
        best = best_ranks[w]
        done = 0
        pluses = 0
        reductions = 0
        since = counters[SINCE_IMPROVE, w]
        while done < n_flips and best > target:
            r = _try_flip(m, sg, rank, rng, w, tern)
            if r >= 0:
                done += 1
                since += 1
                if r < rank:
                    reductions += 1
                    rank = r
                    if rank < best:
                        best = rank
                        since = 0
                        _copy_scheme(m, sg, bm, bsg, w, tern)
            if r < 0 or since >= plateau:
                since = 0
                if rank >= best + plus_band:
                    _copy_scheme(bm, bsg, m, sg, w, tern)
                    rank = best
                raised = False
                a = 0
                while a < 16 and not raised and rank < best + plus_band:
                    p = _try_plus(m, sg, rank, rng, w, tern)
                    raised = p > rank
                    rank = p
                    a += 1
                if raised:
                    pluses += 1
                if rank < best:
                    best = rank
                    _copy_scheme(m, sg, bm, bsg, w, tern)
                if r < 0 and not raised:
                    break
        ranks[w] = rank
        best_ranks[w] = best
        counters[FLIPS, w] += done
        counters[PLUSES, w] += pluses
        counters[REDUCTIONS, w] += reductions
        counters[SINCE_IMPROVE, w] = since
