"""Every tuning constant of the growth engines, with where and when it was measured.

The values are speed settings, not correctness settings: any positive value gives the same
layers. They were fitted on the 2-core test machine (AMD EPYC, AVX2, 512 KiB L2 per core,
32 MiB L3, 24 GB) on 2026-12-05 unless said otherwise. ``python benchmarks/refit_tuning.py``
measures them again on the current machine and prints what it would set.

Constants that numba compiles into its kernels as literals stay in the kernel modules (a
cached kernel keeps the value it was compiled with, so they must live in the file whose
change invalidates the cache): ``_PENDING`` (512 neighbour ranks buffered before marking)
and ``_PULL_BATCH`` (64 unseen states ranked before any is read) in
:mod:`cayley.bfs._ranked_cpu`, ``_MASK_GROUP`` (128-byte groups of the byte-mask moves) in
:mod:`cayley.bfs._planes_cpu`.
"""
from __future__ import annotations

# ------------------------------------------------------------------ CPU ranked engine
# Blocks of 16 KiB: enough blocks to share a small layer between two threads (lrx 10
# 0.063 -> 0.057 s, coxeter 11 2.2 -> 2.1 s against 64 KiB blocks).
BLOCK_SHIFT = 14

# A layer goes plane by plane (cayley.bfs._planes_cpu) when more than a share of the states
# is current, and as many unseen, that this cost model sets from the moves (nanoseconds): a
# pass costs per byte of the whole space a base plus each move's share, the per-state
# kernels a base plus a part per generator for each current state, and a pass still ranks
# the turns state by state. Fits the measured best shares: lrx 11 about 1/250 (flat from
# 1/200 to 1/800), coxeter 11 about 1/64-1/128, pancake and stars about 1/128-1/512 (flat),
# all_transpositions 10 flat.
PASS_BASE_NS = 0.11
PASS_NS_BY_MOVE = {"rotate": 0.03, "sub_blocks": 0.14, "bytes": 0.35, "parity_bytes": 0.35, "byte_masks": 0.35}
STATE_NS = 50
NEIGHBOUR_NS = 15
TURN_NS = 10

# Layers of fewer states than SMALL_LAYER, over fewer blocks than SMALL_BLOCKS, run on one
# thread: a parallel call waits for its slowest thread, and on a loaded machine a thread
# that waits for a core costs more than the work (a few ms per layer of a few dozen states).
SMALL_LAYER = 4096
SMALL_BLOCKS = 128

# ------------------------------------------------------------------ GPU engines (H200, 2026-11)
GPU_THREADS_PER_BLOCK = 256
GPU_MAX_BLOCKS = 8192  # grid-stride loops: 2M threads cover any range
GPU_COLLECT_CHUNK = 1 << 24  # code words scanned per step when reading back the last layer
GPU_HASHED_CHUNK = 1 << 22  # frontier keys expanded per step by the GPU hashed engine

# ------------------------------------------------------------------ CPU ranked engine, two-bit codes
# Set on 2026-12-07 on the 2-core, 24 GB Intel Xeon test machine (loaded: load average 4-8).
# Only TWO_BIT_OUT_OF_CORE_SHARE was chosen from a measurement (lrx 14, below); the others are
# first choices that gave two-bit runs 1.07-2.2x faster than byte runs on every case of
# benchmarks/two_bit_vs_byte.py of 0.2 s or more, and are not yet refitted by
# benchmarks/refit_tuning.py.
# Chunks of 2**16 states (16 KiB of codes), the unit of the state-by-state layers' work and
# of the flags of which chunks hold current states (2**13 measured no faster on lrx 12).
TWO_BIT_CHUNK_SHIFT = 16
# Out of core: chunks of one 4 KiB page (2**14 states), the unit of the files' I/O.
TWO_BIT_PAGE_CHUNK_SHIFT = 14
# Out of core: plane passes from layers of more than 2**-17 of the states on (lrx 14: 665,000
# states; a state-by-state layer of 1 million took 42 s there, touching most pages).
TWO_BIT_OUT_OF_CORE_SHARE = 2.0**-17
# Out of core: bytes of codes per segment (pages released after each), at most.
TWO_BIT_SEGMENT_BYTES = 1 << 30
# A plane pass over two-bit codes moves a quarter of the bytes of a byte pass; its cost per
# state is the byte model's per byte times this factor.
TWO_BIT_PASS_SCALE = 0.5
# Out of core, undirected graphs (cayley.bfs._two_bit_frontier): a layer stays in memory as
# sorted ranks while its states times the generators are at most this share of all states
# (lrx 14: 21.3 million states; memory about 16 bytes per neighbour). Set 2026-12-08 on the
# Intel Xeon box: a sparse layer of 16 million lrx states took 17 s, a pass over the file of
# 14! states 60-70 s (both loaded, load average 10).
TWO_BIT_SPARSE_NEIGHBOURS = 3 * 2.0**-12

# ------------------------------------------------------------------ MPI engine sharded by planes
# Set on 2026-12-08 on the 2-core Intel Xeon test machine, quiet, 2 ranks of one thread
# (benchmarks/distributed_growth.py, seconds_per_rank). Summed over the dense layers, lrx 13's
# plane moves cost 2.9-3.9 s per destination plane and its turns (X with value 0 at position
# 0 or 1, ranked state by state) 10.2-11.7 s per plane they turn into; lrx 12's 0.23-0.26 s
# and 0.69 s. The turns' random writes cost relatively more once a plane's codes outgrow the
# caches, so a plane with turns into it weighs 1 + SHARD_TURN_WEIGHT when planes are dealt to
# ranks, 1 + SHARD_TURN_WEIGHT_CACHED while a plane holds at most SHARD_CACHED_PLANE_BYTES.
# Best of the layouts tried on 2 ranks: lrx 12 planes 0-3 and 4-11 (3.00 vs 3.70 s for 0-2
# and 3-11), lrx 13 planes 0-3 and 4-12 (51.7 s; 0-2 and 3-12 took 48.9-58 s with rank 0
# waiting 11 s).
SHARD_TURN_WEIGHT = 3.0
SHARD_TURN_WEIGHT_CACHED = 2.0
SHARD_CACHED_PLANE_BYTES = 32 << 20
