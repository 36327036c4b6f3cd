"""Naive breadth-first search used as the oracle of the generator tests.

Deliberately simple and independent of the library's BFS engines: a Python set of tuples,
states moved by gathering (``new_state = state[p]``), matrices by ``state @ M mod p``.
"""
from __future__ import annotations

import numpy as np


def _layers(start, moves, key) -> list[int]:
    """Layer sizes of a BFS from ``start``; ``moves(state)`` lists neighbours, ``key`` makes them hashable."""
    seen = {key(start)}
    layer = [start]
    sizes = [1]
    while True:
        nxt = []
        for state in layer:
            for t in moves(state):
                if key(t) not in seen:
                    seen.add(key(t))
                    nxt.append(t)
        if not nxt:
            return sizes
        sizes.append(len(nxt))
        layer = nxt


def perm_growth(perms: np.ndarray, start: tuple | None = None) -> list[int]:
    """Layer sizes of the Cayley/Schreier graph reached from ``start`` (default: identity)."""
    gens = [tuple(int(x) for x in p) for p in perms]
    state = tuple(range(len(gens[0]))) if start is None else tuple(start)
    return _layers(state, lambda s: [tuple(s[i] for i in p) for p in gens], key=lambda s: s)


def matrix_growth(matrices: np.ndarray, modulus: int) -> list[int]:
    """Layer sizes of the Cayley graph of a matrix group mod ``modulus``, from the identity."""
    identity = np.eye(matrices.shape[1], dtype=np.int64)
    return _layers(identity, lambda s: [s @ m % modulus for m in matrices], key=lambda s: s.tobytes())


def undirected_growth_numpy(perms: np.ndarray) -> list[int]:
    """The same BFS, vectorised with numpy, for inverse-closed permutation sets.

    Exact: a group element is determined by its images of a base of the group, so each
    state is keyed by its entries at the base points that sympy's Schreier-Sims returns
    (packed in 5-bit fields, so degree <= 32 and base length <= 12). Uses the rule of
    undirected graphs: next layer = neighbours(current) - current - previous.
    """
    from sympy.combinatorics import Permutation, PermutationGroup

    degree = perms.shape[1]
    base = PermutationGroup([Permutation(p.tolist()) for p in perms]).base
    assert degree <= 32 and len(base) <= 12

    def keys(columns: np.ndarray) -> np.ndarray:
        packed = np.zeros(len(columns), dtype=np.uint64)
        for j in range(columns.shape[1]):
            packed |= columns[:, j].astype(np.uint64) << np.uint64(5 * j)
        return packed

    current = np.arange(degree, dtype=np.uint8)[None, :]
    current_keys = keys(current[:, base])
    previous_keys = np.empty(0, dtype=np.uint64)
    sizes = [1]
    while True:
        # Candidate g * len(current) + row is current[row][perms[g]]; key it without building
        # it, and sort (key, candidate index) pairs packed in one uint64 (much faster than argsort).
        candidate_keys = np.concatenate([keys(current[:, p[base]]) for p in perms])
        index_bits = max(1, (len(candidate_keys) - 1).bit_length())
        assert 5 * len(base) + index_bits <= 64
        packed = np.sort((candidate_keys << np.uint64(index_bits)) | np.arange(len(candidate_keys), dtype=np.uint64))
        sorted_keys = packed >> np.uint64(index_bits)
        first = np.ones(len(packed), dtype=bool)
        first[1:] = sorted_keys[1:] != sorted_keys[:-1]
        distinct_keys = sorted_keys[first]
        distinct = (packed[first] & np.uint64((1 << index_bits) - 1)).astype(np.int64)
        old = np.sort(np.concatenate([current_keys, previous_keys]))
        at = np.minimum(np.searchsorted(old, distinct_keys), len(old) - 1)
        fresh = old[at] != distinct_keys
        if not fresh.any():
            return sizes
        sizes.append(int(fresh.sum()))
        generator, row = np.divmod(distinct[fresh], len(current))
        following = np.empty((len(row), degree), dtype=np.uint8)
        for g, p in enumerate(perms):
            chosen = generator == g
            following[chosen] = current[row[chosen]][:, p]
        previous_keys, current, current_keys = current_keys, following, distinct_keys[fresh]
