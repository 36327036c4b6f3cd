"""Perfect hashes of a graph's state space, as the ranked kernels want them."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cayley.bfs import _ranked_cpu as kernels
from cayley.ranking import tail_digits_cached, tail_parity_cached, tail_table_cached

LEHMER_MAX_DEGREE = 20  # 20! < 2**63
_TAIL = 8  # the Lehmer unranker reads the last 8 positions from a table of 8! rows


@dataclass(frozen=True)
class RankedSpace:
    """A bijection between ``range(size)`` and a set of states containing every reachable one.

    ``kind`` is one of the kernel constants; ``tables`` the arrays its kernels read.
    """

    kind: int
    size: int
    tables: kernels.RankTables
    description: str

    def rank(self, states: np.ndarray) -> np.ndarray:
        """Ranks of an ``(m, n)`` array of (relabelled) states."""
        return kernels.rank_states(np.ascontiguousarray(states, dtype=np.int64), self.kind, self.tables)


def rank_tables(**arrays: np.ndarray) -> kernels.RankTables:
    """:class:`~cayley.bfs._ranked_cpu.RankTables` with the given arrays and one-element
    placeholders of the right dtype and dimension for the others."""
    z1 = np.zeros(1, dtype=np.int64)
    placeholders = dict(
        fact=z1, tail=np.zeros((1, 1), dtype=np.uint8), counts=z1, factorial=z1, base=z1,
        position=np.zeros((1, 1), dtype=np.int64), inverse_by_point=np.zeros((1, 1, 1), dtype=np.uint8),
        scratch=np.zeros(64, dtype=np.int64), radix=z1, transversal=np.zeros((1, 1, 1), dtype=np.uint8),
        tail_parity=np.zeros(1, dtype=np.uint8), rotation_tail=np.zeros((1, 1, 1), dtype=np.int64),
        rotation_window=np.zeros((1, 1, 1), dtype=np.int64), tail_digits=np.zeros((1, 1), dtype=np.uint8),
    )
    unknown = set(arrays) - set(placeholders)
    if unknown:
        raise TypeError(f"unknown rank tables {sorted(unknown)}")
    return kernels.RankTables(**{**placeholders, **arrays})


def _lehmer_tables(n: int) -> dict:
    return dict(fact=np.asarray([math.factorial(k) for k in range(n + 1)], dtype=np.int64),
                tail=tail_table_cached(min(n, _TAIL)), tail_digits=tail_digits_cached(min(n, _TAIL)))


def lehmer_space(n: int) -> RankedSpace:
    """All permutations of ``0..n-1`` by lexicographic rank."""
    return RankedSpace(kernels.LEHMER, math.factorial(n), rank_tables(**_lehmer_tables(n)), f"Lehmer rank of S_{n}")


def alternating_space(n: int) -> RankedSpace:
    """The even permutations of ``0..n-1`` (n >= 2) by lexicographic rank among themselves."""
    tables = rank_tables(**_lehmer_tables(n), tail_parity=tail_parity_cached(min(n, _TAIL)))
    return RankedSpace(kernels.ALTERNATING, math.factorial(n) // 2, tables, f"halved Lehmer rank of A_{n}")


def signed_space(n: int) -> RankedSpace:
    """Signed permutations of ``n`` values on ``2n`` points (point ``i`` paired with ``n+i``),
    by the Lehmer rank of the underlying permutation times ``2^n`` plus the sign bits."""
    size = math.factorial(n) << n
    return RankedSpace(kernels.SIGNED, size, rank_tables(**_lehmer_tables(n)),
                       f"signed Lehmer rank of B_{n} (order 2^{n}*{n}!)")


def _is_hyperoctahedral(generators: np.ndarray, order: int) -> bool:
    """True when the generators generate all signed permutations of their pairs ``(i, n+i)``.

    Commuting with the pair swap ``x -> x+n mod 2n`` keeps the group inside B_n, and the
    order ``2^n n!`` makes it all of B_n. Ranks must fit in int64: n <= 16.
    """
    degree = generators.shape[1]
    n = degree // 2
    if degree % 2 or order != math.factorial(n) << n or order >= 2**62:
        return False
    swap = (np.arange(degree) + n) % degree
    return bool((generators[:, swap] == swap[generators]).all())


def multiset_space(counts: np.ndarray) -> RankedSpace:
    """All arrangements of a multiset of symbols by lexicographic rank."""
    n = int(counts.sum())
    tables = rank_tables(counts=counts.astype(np.int64),
                         factorial=np.asarray([math.factorial(k) for k in range(n + 1)], dtype=np.int64),
                         scratch=np.zeros(len(counts), dtype=np.int64))
    size = math.factorial(n) // math.prod(math.factorial(int(c)) for c in counts)
    return RankedSpace(kernels.MULTISET, size, tables, f"multiset rank of {counts.tolist()}")


def bsgs_space(group) -> RankedSpace:
    """Elements of a permutation group by mixed-radix rank over its stabilizer chain."""
    t = group.tables
    tables = rank_tables(base=t["base"], position=t["position"], inverse_by_point=t["inverse_by_point"],
                         scratch=np.zeros(max(group.degree, len(t["base"]), 1), dtype=np.int64),
                         radix=t["radix"], transversal=t["compact_transversal"])
    return RankedSpace(kernels.BSGS, group.order(), tables, f"stabilizer-chain rank of a group of order {group.order()}")


def has_rotation(graph) -> bool:
    """Whether a generator of ``graph`` is a rotation of positions (``(i + s) mod n``).

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> has_rotation(CayleyGraph.from_family("lrx", 5)), has_rotation(CayleyGraph.from_family("coxeter", 5))
    (True, False)
    """
    n = graph.degree
    gens = np.asarray(graph.generators, dtype=np.int64)
    positions = np.arange(n)
    return any(((positions + s) % n == gens).all(axis=1).any() for s in range(1, n))


def rotation_space_for(graph, space: RankedSpace) -> RankedSpace:
    """``space`` re-hashed by rotation offset and tail when that makes neighbours cheaper.

    Applies to Lehmer spaces (and alternating ones of odd degree) whose generating set holds
    a rotation of positions (``lrx``, ``top_spin``): see ``ROTATION`` in
    :mod:`cayley.bfs._ranked_cpu`. Returns ``space`` itself otherwise. Only the CPU ranked
    growth engine reads these hashes.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> g = CayleyGraph.from_family("lrx", 5)
    >>> rotation_space_for(g, ranked_space_for(g)).description
    'rotation offset and tail Lehmer rank of S_5'
    """
    n = graph.degree
    even = space.kind == kernels.ALTERNATING
    if not (space.kind == kernels.LEHMER or (even and n % 2 == 1)) or n < 3:
        return space
    if not has_rotation(graph):
        return space
    gens = np.asarray(graph.generators, dtype=np.int64)
    positions = np.arange(n)
    # State p with value 0 at k: canonical c[j] = p[(k + j) % n]. Its neighbour q = p[g] has
    # value 0 at k2 = g^-1[k] and canonical c2[j] = c[(g[(k2 + j) % n] - k) % n].
    inverse = np.argsort(gens, axis=1)
    tail = np.zeros((len(gens), n, n), dtype=np.int64)
    window = np.zeros((len(gens), n, 3), dtype=np.int64)
    for g, perm in enumerate(gens):
        for k in range(n):
            k2 = inverse[g, k]
            tail[g, k, : n - 1] = (perm[(k2 + positions[1:]) % n] - k) % n - 1
            window[g, k, 2] = k2
    window[:, :, :2] = kernels.moved_windows(tail[:, :, : n - 1].reshape(-1, n - 1)).reshape(len(gens), n, 2)
    parity = {"tail_parity": tail_parity_cached(min(n - 1, _TAIL))} if even else {}
    tables = rank_tables(**_lehmer_tables(n - 1), **parity, rotation_tail=tail, rotation_window=window)
    kind = kernels.ROTATION_EVEN if even else kernels.ROTATION
    group = f"A_{n}" if even else f"S_{n}"
    return RankedSpace(kind, space.size, tables, f"rotation offset and tail {'halved ' * even}Lehmer rank of {group}")


def ranked_space_for(graph) -> RankedSpace | None:
    """The best perfect hash for ``graph``'s states, or None when no ranked space applies.

    Lehmer for S_n, the halved Lehmer rank for A_n, the signed Lehmer rank for the
    hyperoctahedral group (burnt pancakes), the multiset rank for Schreier graphs of strings,
    the stabilizer-chain rank for any other group. The CUDA engine implements the first,
    multiset and stabilizer-chain ranks; ``gpu.device_space`` maps the others there.

    Examples
    --------
    >>> from cayley import CayleyGraph
    >>> ranked_space_for(CayleyGraph.from_family("top_spin", 7)).description
    'halved Lehmer rank of A_7'
    """
    if graph.is_matrix:
        return None
    n = graph.degree
    if graph.is_cayley:
        group = graph.group
        if n <= LEHMER_MAX_DEGREE and group.order() == math.factorial(n):
            return lehmer_space(n)
        if 2 <= n <= LEHMER_MAX_DEGREE and group.order() == math.factorial(n) // 2:
            return alternating_space(n)  # A_n is the only subgroup of index 2 in S_n
        if _is_hyperoctahedral(graph.generators, group.order()):
            return signed_space(n // 2)
        if group.order() < 2**62:
            return bsgs_space(group)
        return None
    if n <= 20 and graph.state_count_bound < 2**62:
        return multiset_space(graph.symbol_counts)
    return None
