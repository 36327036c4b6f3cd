"""CUDA C kernels of the GPU ranked engine, and their host-side preparation.

The visited set holds **2 bits per state** in ``uint32`` words (16 states a word), Korf's
codes as on the CPU: 0 unseen, 1 current, 2 next, 3 visited. S_14 needs 21.8 GB.

* ``expand``: one thread per word (16 states; grid-stride loop). For each CURRENT state of
  its word, a thread unranks it, applies every generator, ranks the neighbour and marks it: it reads the
  neighbour's word and, when the 2 bits are UNSEEN, ``atomicOr``\\ s NEXT into them. The
  check-then-or is race-free because during ``expand`` the only transition is UNSEEN -> NEXT
  (idempotent); CURRENT and VISITED entries never change. A flag records that something was
  marked.
* ``advance``: one thread per word: CURRENT -> VISITED, NEXT -> CURRENT, and a warp-reduced
  ``atomicAdd`` of the new layer's size into one 64-bit counter. The host reads only that
  counter and the flag.

The kernels are compiled by NVRTC per (hash kind, degree, table shapes): ``N`` and the table
sizes are compile-time constants, so the Lehmer unranker divides by constants (no 64-bit
division instruction) and keeps a permutation of degree <= 16 packed in one ``uint64`` of
4-bit fields, in registers. The same source compiles as C++ on the host with
:data:`HOST_PRELUDE` (one "thread"), which is how the tests check the kernels' logic on
machines without a GPU.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from cayley.bfs import _tuning
from cayley.bfs._ranked_cpu import BSGS, LEHMER, MULTISET

STATES_PER_WORD = 16
LEHMER_GPU_MAX_DEGREE = 16  # 4-bit fields in one uint64; 16! states would need 5 TB anyway
_LEHMER_LOW = 12  # 12! < 2**32: the last 12 Lehmer digits come from 32-bit arithmetic

CUDA_PRELUDE = r"""
#define WARP_SUM(x) do { for (int o_ = 16; o_ > 0; o_ >>= 1) x += __shfl_down_sync(0xffffffffu, x, o_); } while (0)
#define IS_LANE0 ((threadIdx.x & 31) == 0)
"""

HOST_PRELUDE = r"""
#include <cstdint>
#define __global__
#define __device__ static inline
#define __forceinline__
struct dim3_ { long long x; };
static dim3_ blockIdx = {0}, threadIdx = {0}, blockDim = {1}, gridDim = {1};
static inline unsigned atomicOr(unsigned *p, unsigned v) { unsigned o = *p; *p |= v; return o; }
static inline unsigned long long atomicAdd(unsigned long long *p, unsigned long long v) { unsigned long long o = *p; *p += v; return o; }
#define __popc __builtin_popcount
#define __popcll __builtin_popcountll
#define __ffs __builtin_ffs
#define __ldg(p) (*(p))
#define WARP_SUM(x) do { } while (0)
#define IS_LANE0 1
"""

KERNEL_BODY = r"""
typedef long long i64;
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned char u8;

#define NEXT 2u
#define GRID_STRIDE_LOOP(i, count) \
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (count); i += (i64)blockDim.x * gridDim.x)

__device__ __forceinline__ void mark(u32 *codes, i64 rank, int *flag) {
    u32 *word = codes + (rank >> 4);
    u32 shift = (u32)(rank & 15) * 2u;
    if (((*(volatile u32 *)word >> shift) & 3u) == 0u) {  /* UNSEEN -> NEXT */
        atomicOr(word, NEXT << shift);
        *flag = 1;
    }
}

#if KIND == LEHMER_KIND
/* Permutations of 0..N-1 packed as 4-bit fields of a u64; lexicographic rank. */
__device__ __forceinline__ int field(u64 s, int i) { return (int)((s >> (4 * i)) & 15ull); }

__device__ __forceinline__ int nth_set_bit(u32 mask, int d) {
    for (int k = 0; k < d; ++k) mask &= mask - 1u;
    return __ffs(mask) - 1;
}

__device__ __forceinline__ u64 unrank(i64 r) {
    int digit[N];
    u32 low = (u32)((u64)r % LOW_FACT);  /* division by constants: multiply-high */
    u64 high = (u64)r / LOW_FACT;
#pragma unroll
    for (int i = N - 1; i >= N - LOW; --i) { digit[i] = (int)(low % (u32)(N - i)); low /= (u32)(N - i); }
#pragma unroll
    for (int i = N - LOW - 1; i >= 0; --i) { digit[i] = (int)(high % (u64)(N - i)); high /= (u64)(N - i); }
    u32 unused = (1u << N) - 1u;
    u64 s = 0;
#pragma unroll
    for (int i = 0; i < N; ++i) {
        int v = nth_set_bit(unused, digit[i]);
        unused &= ~(1u << v);
        s |= (u64)v << (4 * i);
    }
    return s;
}

__device__ __forceinline__ i64 rank(u64 s) {
    const i64 fact[21] = FACT_LIST;
    u32 used = 0;
    i64 r = 0;
#pragma unroll
    for (int i = 0; i < N; ++i) {
        int v = field(s, i);
        r += (i64)(v - __popc(used & ((1u << v) - 1u))) * fact[N - 1 - i];
        used |= 1u << v;
    }
    return r;
}

/* gens: one u64 per generator, entry i in bits 4i..4i+3 (see kernel_generators). */
__device__ __forceinline__ void expand_state(u32 *codes, i64 r, const u8 *gens, int n_gens,
                                             const i64 *t64, const u8 *t8, int *flag) {
    const u64 *packed = (const u64 *)gens;
    u64 s = unrank(r);
    for (int g = 0; g < n_gens; ++g) {
        u64 p = __ldg(packed + g), t = 0;
#pragma unroll
        for (int i = 0; i < N; ++i) t |= (u64)field(s, field(p, i)) << (4 * i);
        mark(codes, rank(t), flag);
    }
}
#else
/* Array states: multiset rank (KIND == MULTISET_KIND) or stabilizer-chain rank (BSGS_KIND).
   t64 = [factorial[0..N], counts[K]] or [base[D], radix[D], position[D*N]];
   t8  = unused, or [inverse_by_point[D*N*N], transversal[D*ROWS*N]]. */
#if KIND == MULTISET_KIND
__device__ __forceinline__ i64 arrangements(const int *remaining, int total, const i64 *t64) {
    i64 value = __ldg(t64 + total);
    for (int s = 0; s < K; ++s) value /= __ldg(t64 + remaining[s]);
    return value;
}

__device__ __forceinline__ i64 rank(const int *state, const i64 *t64, const u8 *t8) {
    int remaining[K];
    for (int s = 0; s < K; ++s) remaining[s] = (int)__ldg(t64 + N + 1 + s);
    i64 r = 0;
    for (int i = 0; i < N; ++i) {
        int v = state[i];
        for (int s = 0; s < v; ++s) {
            if (remaining[s] > 0) {
                remaining[s] -= 1;
                r += arrangements(remaining, N - i - 1, t64);
                remaining[s] += 1;
            }
        }
        remaining[v] -= 1;
    }
    return r;
}

__device__ __forceinline__ void unrank(i64 r, int *out, const i64 *t64, const u8 *t8) {
    int remaining[K];
    for (int s = 0; s < K; ++s) remaining[s] = (int)__ldg(t64 + N + 1 + s);
    i64 value = r;
    for (int i = 0; i < N; ++i) {
        for (int s = 0; s < K; ++s) {
            if (remaining[s] == 0) continue;
            remaining[s] -= 1;
            i64 block = arrangements(remaining, N - i - 1, t64);
            if (value < block) { out[i] = s; break; }
            value -= block;
            remaining[s] += 1;
        }
    }
}
#else
__device__ __forceinline__ i64 rank(const int *state, const i64 *t64, const u8 *t8) {
    int img[D];
    for (int level = 0; level < D; ++level) img[level] = state[__ldg(t64 + level)];
    i64 r = 0;
    for (int level = 0; level < D; ++level) {
        int point = img[level];
        r = r * __ldg(t64 + D + level) + __ldg(t64 + 2 * D + level * N + point);
        for (int k = level + 1; k < D; ++k)
            img[k] = __ldg(t8 + ((i64)level * N + point) * N + img[k]);
    }
    return r;
}

__device__ __forceinline__ void unrank(i64 r, int *out, const i64 *t64, const u8 *t8) {
    int digits[D];
    i64 value = r;
    for (int level = D - 1; level >= 0; --level) {
        i64 radix = __ldg(t64 + D + level);
        digits[level] = (int)(value % radix);
        value /= radix;
    }
    for (int x = 0; x < N; ++x) out[x] = x;
    const u8 *transversal = t8 + (i64)D * N * N;
    for (int level = D - 1; level >= 0; --level) {
        const u8 *u = transversal + ((i64)level * ROWS + digits[level]) * N;
        for (int x = 0; x < N; ++x) out[x] = __ldg(u + out[x]);
    }
}
#endif

/* gens: n_gens rows of N bytes. */
__device__ __forceinline__ void expand_state(u32 *codes, i64 r, const u8 *gens, int n_gens,
                                             const i64 *t64, const u8 *t8, int *flag) {
    int state[N], neighbour[N];
    unrank(r, state, t64, t8);
    for (int g = 0; g < n_gens; ++g) {
        for (int i = 0; i < N; ++i) neighbour[i] = state[__ldg(gens + g * N + i)];
        mark(codes, rank(neighbour, t64, t8), flag);
    }
}
#endif

/* One thread per word; it expands the word's CURRENT entries (low bit set, high bit clear). */
extern "C" __global__ void expand(u32 *codes, i64 n_words, const u8 *gens, int n_gens,
                                  const i64 *t64, const u8 *t8, int *flag) {
    GRID_STRIDE_LOOP(w, n_words) {
        u32 x = codes[w];  /* CURRENT entries do not change during expand */
        u32 current = x & ~(x >> 1) & 0x55555555u;
        while (current != 0u) {
            i64 r = w * 16 + (__ffs((int)current) - 1) / 2;
            current &= current - 1u;
            expand_state(codes, r, gens, n_gens, t64, t8, flag);
        }
    }
}

extern "C" __global__ void advance(u32 *codes, i64 n_words, u64 *count) {
    u64 found = 0;
    GRID_STRIDE_LOOP(w, n_words) {
        u32 x = codes[w];
        if (x == 0u) continue;
        u32 low = x & 0x55555555u, high = (x >> 1) & 0x55555555u;
        found += (u64)__popc(high & ~low);  /* NEXT entries */
        codes[w] = (low << 1) | (low | high);  /* 01 -> 11, 10 -> 01, 11 -> 11 */
    }
    WARP_SUM(found);
    if (IS_LANE0 && found) atomicAdd(count, found);
}
"""


def words_for(size: int) -> int:
    """Number of ``uint32`` words holding 2 bits for each of ``size`` states.

    Examples
    --------
    >>> words_for(17)
    2
    """
    return -(-size // STATES_PER_WORD)


def device_bytes(size: int) -> int:
    """Device bytes of the ranked engine over ``size`` states (codes plus small buffers).

    Examples
    --------
    >>> device_bytes(math.factorial(14)) / 1e9  # S_14
    21.794576896
    """
    return 4 * words_for(size) + 4096


def launch_config(items: int) -> tuple[tuple[int], tuple[int]]:
    """Grid and block of a grid-stride kernel over ``items`` (at least one block).

    Examples
    --------
    >>> launch_config(1000)
    ((4,), (256,))
    """
    blocks = max(1, min(_tuning.GPU_MAX_BLOCKS, -(-items // _tuning.GPU_THREADS_PER_BLOCK)))
    return (blocks,), (_tuning.GPU_THREADS_PER_BLOCK,)


def padded_last_word(size: int) -> int:
    """Initial value of the last code word: entries past ``size`` are VISITED (bits 11).

    Examples
    --------
    >>> hex(padded_last_word(17))  # one real state in the last word, 15 padding entries
    '0xfffffffc'
    """
    used = size - STATES_PER_WORD * (words_for(size) - 1)
    return (0xFFFFFFFF << (2 * used)) & 0xFFFFFFFF


def unsupported_reason(space, degree: int) -> str | None:
    """Why the kernels cannot take ``space`` (None when they can).

    Examples
    --------
    >>> from cayley.bfs._state_space import lehmer_space
    >>> unsupported_reason(lehmer_space(17), 17)
    'the GPU Lehmer kernel takes degree <= 16, got 17'
    """
    if space.kind == LEHMER and degree > LEHMER_GPU_MAX_DEGREE:
        return f"the GPU Lehmer kernel takes degree <= {LEHMER_GPU_MAX_DEGREE}, got {degree}"
    if degree > 256:
        return f"the GPU kernels store points in bytes and take degree <= 256, got {degree}"
    return None


def kernel_defines(space, degree: int) -> str:
    """The ``#define`` lines that specialise :data:`KERNEL_BODY` to a state space."""
    lines = [f"#define N {degree}", f"#define LEHMER_KIND {LEHMER}", f"#define MULTISET_KIND {MULTISET}",
             f"#define BSGS_KIND {BSGS}", f"#define KIND {space.kind}"]
    if (reason := unsupported_reason(space, degree)) is not None:
        raise ValueError(reason)
    if space.kind == LEHMER:
        low = min(degree, _LEHMER_LOW)
        facts = ", ".join(f"{math.factorial(k)}LL" for k in range(21))
        lines += [f"#define LOW {low}", f"#define LOW_FACT {math.factorial(low)}u", f"#define FACT_LIST {{{facts}}}"]
    elif space.kind == MULTISET:
        lines.append(f"#define K {space.tables.counts.shape[0]}")
    else:
        lines += [f"#define D {space.tables.base.shape[0]}", f"#define ROWS {space.tables.transversal.shape[1]}"]
    return "\n".join(lines) + "\n"


def kernel_generators(space, generators: np.ndarray) -> np.ndarray:
    """Generators as the kernels read them: Lehmer kernels one ``uint64`` per generator with
    entry ``i`` in bits ``4i..4i+3`` (viewed as bytes), the others ``(g, n)`` bytes.

    Examples
    --------
    >>> from cayley.bfs._state_space import lehmer_space
    >>> hex(kernel_generators(lehmer_space(3), np.array([[1, 2, 0]])).view(np.uint64)[0])
    '0x21'
    """
    generators = np.asarray(generators, dtype=np.uint64)
    if space.kind != LEHMER:
        return np.ascontiguousarray(generators, dtype=np.uint8)
    shifts = np.uint64(4) * np.arange(generators.shape[1], dtype=np.uint64)
    return np.bitwise_or.reduce(generators << shifts, axis=1).astype(np.uint64).view(np.uint8)


def kernel_tables(space) -> tuple[np.ndarray, np.ndarray]:
    """The flat ``int64`` and ``uint8`` tables the kernels read, in the layout of the source."""
    t = space.tables
    if space.kind == LEHMER:
        return np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.uint8)
    if space.kind == MULTISET:
        return np.concatenate([t.factorial, t.counts]).astype(np.int64), np.zeros(1, dtype=np.uint8)
    t64 = np.concatenate([t.base.ravel(), t.radix.ravel(), t.position.ravel()]).astype(np.int64)
    t8 = np.concatenate([t.inverse_by_point.ravel(), t.transversal.ravel()]).astype(np.uint8)
    return t64, t8


def kernel_source(space, degree: int, host: bool = False) -> str:
    """Complete source for NVRTC, or for a host C++ compiler when ``host`` is true."""
    return (HOST_PRELUDE if host else CUDA_PRELUDE) + kernel_defines(space, degree) + KERNEL_BODY


@functools.cache
def _compiled_module(source: str):
    import cupy

    module = cupy.RawModule(code=source)
    module.compile()
    return module


def compiled_kernels(space, degree: int):
    """``(expand, advance)`` cupy RawKernels for ``space``, compiled once per source and cached."""
    module = _compiled_module(kernel_source(space, degree))
    return module.get_function("expand"), module.get_function("advance")
