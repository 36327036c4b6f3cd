"""The GF(2) flip-graph walk for the GPU: CUDA C source, lazy NVRTC build, numba twin.

Layout (structure of arrays, walker index fastest, so adjacent CUDA threads read adjacent
words): ``masks[dim, term, walker]`` and ``best_masks[dim, term, walker]`` (uint64, the
packing of :mod:`._packing`: bit b set where entry b of the factor is 1), ``ranks[walker]``,
``best_ranks[walker]`` (int64), ``rng[walker]`` (uint64 xorshift64* states, nonzero) and
``counters[k, walker]`` (int64: flips, plus transitions, reductions, flips since the last
improvement). One walker per thread; rank, generator and counters live in registers.

Moves are those of :mod:`._kernels` (flip, reductions, plus transition) over GF(2).
Candidate pairs are found by rejection sampling: draw two distinct terms, test the three
factors for equality; up to ``8 * rank`` draws before the walker counts as stuck and takes
a plus transition instead. No candidate list is materialised.

:func:`walk_gf2_twin` is the same algorithm in numba, statement for statement, on the same
arrays: the CPU stand-in that the tests run everywhere (the CUDA text is checked on a GPU).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from ._kernels import _below, _next  # the same xorshift64* draws as the CUDA text

FLIPS, PLUSES, REDUCTIONS, SINCE_IMPROVE = 0, 1, 2, 3
N_COUNTERS = 4
THREADS_PER_BLOCK = 128

CUDA_SOURCE = r"""
typedef unsigned long long u64;
typedef long long i64;

/* word of factor d of term t of this thread's walker */
#define AT(d, t) ((((i64)(d)) * cap + (t)) * W + w)

__device__ __forceinline__ u64 next_rand(u64 *s) {
    u64 x = *s;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

__device__ __forceinline__ int below(u64 *s, int n) {
    return (int)(((next_rand(s) >> 32) * (u64)n) >> 32);
}

__device__ int remove_term(u64 *m, int t, int rank, int cap, int W, int w) {
    int last = rank - 1;
    for (int d = 0; d < 3; d++) { m[AT(d, t)] = m[AT(d, last)]; m[AT(d, last)] = 0ULL; }
    return last;
}

/* remove zero terms and merge terms sharing two factors until none is left */
__device__ int reduce_all(u64 *m, int rank, int cap, int W, int w) {
    int t = 0;
    while (t < rank) {
        if (m[AT(0, t)] == 0ULL || m[AT(1, t)] == 0ULL || m[AT(2, t)] == 0ULL) {
            rank = remove_term(m, t, rank, cap, W, w); t = 0; continue;
        }
        int merged = 0;
        for (int k = t + 1; k < rank && !merged; k++) {
            for (int d3 = 0; d3 < 3; d3++) {
                int d1 = d3 == 0 ? 1 : 0, d2 = d3 == 2 ? 1 : 2;
                if (m[AT(d1, t)] == m[AT(d1, k)] && m[AT(d2, t)] == m[AT(d2, k)]) {
                    m[AT(d3, t)] ^= m[AT(d3, k)];
                    rank = remove_term(m, k, rank, cap, W, w);
                    merged = 1; break;
                }
            }
        }
        if (merged) { t = 0; continue; }
        t++;
    }
    return rank;
}

/* does term t, whose factor c just changed, share two factors with another term? */
__device__ int shares_two(const u64 *m, int t, int c, int rank, int cap, int W, int w) {
    int o1 = (c + 1) % 3, o2 = (c + 2) % 3;
    u64 x = m[AT(c, t)], a = m[AT(o1, t)], b = m[AT(o2, t)];
    for (int k = 0; k < rank; k++) {
        if (k == t || m[AT(c, k)] != x) continue;
        if (m[AT(o1, k)] == a || m[AT(o2, k)] == b) return 1;
    }
    return 0;
}

/* one random flip; returns the new rank, or -1 when no candidate was drawn */
__device__ int try_flip(u64 *m, int rank, u64 *s, int cap, int W, int w) {
    if (rank < 2) return -1;
    int tries = 8 * rank;
    for (int a = 0; a < tries; a++) {
        int i = below(s, rank);
        int j = below(s, rank - 1); if (j >= i) j++;
        int d0 = below(s, 3), d = -1;
        for (int q = 0; q < 3; q++) {
            int dd = (d0 + q) % 3;
            if (m[AT(dd, i)] == m[AT(dd, j)]) { d = dd; break; }
        }
        if (d < 0) continue;
        u64 bits = next_rand(s);
        int e = (d + 1) % 3, f = (d + 2) % 3;
        if (bits & 1ULL) { int g = e; e = f; f = g; }
        m[AT(e, i)] ^= m[AT(e, j)];   /* y_i += y_j */
        m[AT(f, j)] ^= m[AT(f, i)];   /* z_j -= z_i */
        if (m[AT(e, i)] == 0ULL || m[AT(f, j)] == 0ULL
            || shares_two(m, i, e, rank, cap, W, w) || shares_two(m, j, f, rank, cap, W, w))
            return reduce_all(m, rank, cap, W, w);
        return rank;
    }
    return -1;
}

/* plus transition x y z + x' y' z' -> (x - x') y z + x'(y + y') z + x' y'(z' - z);
   returns the new rank (unchanged when no pair was taken) */
__device__ int try_plus(u64 *m, int rank, u64 *s, int cap, int W, int w) {
    if (rank < 2 || rank >= cap) return rank;
    for (int a = 0; a < 8; a++) {
        int i = below(s, rank);
        int j = (i + 1 + below(s, rank - 1)) % rank;
        int d = below(s, 3);
        if (m[AT(d, i)] == m[AT(d, j)]) continue;
        int e = (d + 1) % 3, f = (d + 2) % 3, t = rank;
        m[AT(d, t)] = m[AT(d, j)];
        m[AT(e, t)] = m[AT(e, i)] ^ m[AT(e, j)];
        m[AT(f, t)] = m[AT(f, i)];
        m[AT(f, j)] ^= m[AT(f, i)];
        m[AT(d, i)] ^= m[AT(d, j)];
        return reduce_all(m, rank + 1, cap, W, w);
    }
    return rank;
}

__device__ void copy_scheme(const u64 *src, u64 *dst, int cap, int W, int w) {
    for (int d = 0; d < 3; d++)
        for (int t = 0; t < cap; t++) dst[AT(d, t)] = src[AT(d, t)];
}

extern "C" __global__ void walk_gf2(
        u64 *m, u64 *bm, i64 *ranks, i64 *best_ranks, u64 *rng, i64 *counters,
        const int W, const int cap, const i64 n_flips, const i64 plateau,
        const int plus_band, const int target) {
    int w = blockIdx.x * blockDim.x + threadIdx.x;
    if (w >= W) return;
    u64 s = rng[w];
    int rank = (int)ranks[w], best = (int)best_ranks[w];
    i64 done = 0, pluses = 0, reductions = 0, since = counters[3 * (i64)W + w];
    while (done < n_flips && best > target) {
        int r = try_flip(m, rank, &s, cap, W, w);
        if (r >= 0) {
            done++; since++;
            if (r < rank) {
                reductions++; rank = r;
                if (rank < best) { best = rank; since = 0; copy_scheme(m, bm, cap, W, w); }
            }
        }
        if (r < 0 || since >= plateau) {
            since = 0;
            if (rank >= best + plus_band) { copy_scheme(bm, m, cap, W, w); rank = best; }
            int raised = 0;
            for (int a = 0; a < 16 && !raised && rank < best + plus_band; a++) {
                int p = try_plus(m, rank, &s, cap, W, w);
                raised = p > rank;
                rank = p;
            }
            pluses += raised;
            if (rank < best) { best = rank; copy_scheme(m, bm, cap, W, w); }
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
"""

_MODULES: dict = {}


def compile_kernels(cupy):
    """The ``walk_gf2`` RawKernel, compiled by NVRTC on first use and cached per device.

    CuPy also caches the binary on disk (``~/.cupy/kernel_cache``), so a new process
    skips the compilation.
    """
    key = cupy.cuda.Device().id
    if key not in _MODULES:
        module = cupy.RawModule(code=CUDA_SOURCE, options=("-std=c++11",))
        _MODULES[key] = module.get_function("walk_gf2")
    return _MODULES[key]


# ------------------------------------------------------------------ numba twin (CPU)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)


@njit(cache=True)
def _remove_term(m, t, rank, w):
    last = rank - 1
    for d in range(3):
        m[d, t, w] = m[d, last, w]
        m[d, last, w] = _ZERO
    return last


@njit(cache=True)
def _reduce_all(m, rank, w):
    t = 0
    while t < rank:
        if m[0, t, w] == _ZERO or m[1, t, w] == _ZERO or m[2, t, w] == _ZERO:
            rank = _remove_term(m, t, rank, w)
            t = 0
            continue
        merged = False
        k = t + 1
        while k < rank and not merged:
            for d3 in range(3):
                d1 = 1 if d3 == 0 else 0
                d2 = 1 if d3 == 2 else 2
                if m[d1, t, w] == m[d1, k, w] and m[d2, t, w] == m[d2, k, w]:
                    m[d3, t, w] ^= m[d3, k, w]
                    rank = _remove_term(m, k, rank, w)
                    merged = True
                    break
            k += 1
        if merged:
            t = 0
            continue
        t += 1
    return rank


@njit(cache=True)
def _shares_two(m, t, c, rank, w):
    o1 = (c + 1) % 3
    o2 = (c + 2) % 3
    for k in range(rank):
        if k == t or m[c, k, w] != m[c, t, w]:
            continue
        if m[o1, k, w] == m[o1, t, w] or m[o2, k, w] == m[o2, t, w]:
            return True
    return False


@njit(cache=True)
def _try_flip(m, rank, rng, w):
    if rank < 2:
        return -1
    for _ in range(8 * rank):
        i = _below(rng, w, rank)
        j = _below(rng, w, rank - 1)
        if j >= i:
            j += 1
        d0 = _below(rng, w, 3)
        d = -1
        for q in range(3):
            dd = (d0 + q) % 3
            if m[dd, i, w] == m[dd, j, w]:
                d = dd
                break
        if d < 0:
            continue
        bits = _next(rng, w)
        e = (d + 1) % 3
        f = (d + 2) % 3
        if bits & _ONE:
            e, f = f, e
        m[e, i, w] ^= m[e, j, w]
        m[f, j, w] ^= m[f, i, w]
        if (m[e, i, w] == _ZERO or m[f, j, w] == _ZERO
                or _shares_two(m, i, e, rank, w) or _shares_two(m, j, f, rank, w)):
            return _reduce_all(m, rank, w)
        return rank
    return -1


@njit(cache=True)
def _try_plus(m, rank, rng, w):
    if rank < 2 or rank >= m.shape[1]:
        return rank
    for _ in range(8):
        i = _below(rng, w, rank)
        j = (i + 1 + _below(rng, w, rank - 1)) % rank
        d = _below(rng, w, 3)
        if m[d, i, w] == m[d, j, w]:
            continue
        e = (d + 1) % 3
        f = (d + 2) % 3
        t = rank
        m[d, t, w] = m[d, j, w]
        m[e, t, w] = m[e, i, w] ^ m[e, j, w]
        m[f, t, w] = m[f, i, w]
        m[f, j, w] ^= m[f, i, w]
        m[d, i, w] ^= m[d, j, w]
        return _reduce_all(m, rank + 1, w)
    return rank


@njit(cache=True)
def _copy_scheme(src, dst, w):
    for d in range(3):
        for t in range(src.shape[1]):
            dst[d, t, w] = src[d, t, w]


@njit(cache=True)
def walk_gf2_twin(m, bm, ranks, best_ranks, rng, counters, n_flips, plateau, plus_band, target):
    """CPU twin of the CUDA ``walk_gf2`` kernel (same arrays, same moves, same draws).

    Parameters
    ----------
    m, bm : uint64 arrays (3, capacity, walkers)
        Current and best schemes, bit-packed, walker index last.
    ranks, best_ranks : int64 (walkers,)
    rng : uint64 (walkers,)
    counters : int64 (4, walkers)
    n_flips, plateau, plus_band, target : int
        As in :func:`._kernels.walk`.
    """
    for w in range(m.shape[2]):
        rank = ranks[w]
        best = best_ranks[w]
        done = 0
        pluses = 0
        reductions = 0
        since = counters[SINCE_IMPROVE, w]
        while done < n_flips and best > target:
            r = _try_flip(m, rank, rng, w)
            if r >= 0:
                done += 1
                since += 1
                if r < rank:
                    reductions += 1
                    rank = r
                    if rank < best:
                        best = rank
                        since = 0
                        _copy_scheme(m, bm, w)
            if r < 0 or since >= plateau:
                since = 0
                if rank >= best + plus_band:
                    _copy_scheme(bm, m, w)
                    rank = best
                raised = False
                a = 0
                while a < 16 and not raised and rank < best + plus_band:
                    p = _try_plus(m, rank, rng, w)
                    raised = p > rank
                    rank = p
                    a += 1
                if raised:
                    pluses += 1
                if rank < best:
                    best = rank
                    _copy_scheme(m, bm, w)
                if r < 0 and not raised:
                    break
        ranks[w] = rank
        best_ranks[w] = best
        counters[FLIPS, w] += done
        counters[PLUSES, w] += pluses
        counters[REDUCTIONS, w] += reductions
        counters[SINCE_IMPROVE, w] = since
