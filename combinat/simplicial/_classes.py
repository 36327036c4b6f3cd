"""Symmetry classes of interchangeable vertices, and count vectors over them.

Two active vertices with equal residual degree that lie in exactly the same live traces can
be swapped by an automorphism of the residual problem. A facet is therefore chosen as a
count per class (taking each class's first members), which enumerates every facet up to
these automorphisms.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numba import njit


@njit(cache=True)
def _class_kernel(residual, traces):
    """Members of the symmetry classes, concatenated class by class, and class start offsets.

    Two active vertices share a class when they have equal residual degree and lie in the
    same live traces (exact comparison of membership bit rows). Classes are ordered by
    residual degree (highest first), then by the number of traces they lie in (fewest
    first), then by their smallest vertex.
    """
    n = residual.shape[0]
    n_traces = traces.shape[0]
    sig_words = max(1, (n_traces + 63) // 64)
    vertices = np.flatnonzero(residual > 0)
    n_active = vertices.shape[0]
    signature = np.zeros((n_active, sig_words), dtype=np.uint64)
    in_traces = np.zeros(n_active, dtype=np.int64)
    for i in range(n_active):
        v = vertices[i]
        word, bit = v >> 6, np.uint64(1) << np.uint64(v & 63)
        for j in range(n_traces):
            if traces[j, word] & bit:
                signature[i, j >> 6] |= np.uint64(1) << np.uint64(j & 63)
                in_traces[i] += 1
    class_of = np.empty(n_active, dtype=np.int64)
    representative = np.empty(n_active, dtype=np.int64)
    n_classes = 0
    for i in range(n_active):
        found = -1
        for c in range(n_classes):
            rep = representative[c]
            if residual[vertices[rep]] != residual[vertices[i]] or in_traces[rep] != in_traces[i]:
                continue
            same = True
            for w in range(sig_words):
                if signature[rep, w] != signature[i, w]:
                    same = False
                    break
            if same:
                found = c
                break
        if found < 0:
            found = n_classes
            representative[n_classes] = i
            n_classes += 1
        class_of[i] = found
    max_residual = 0
    for v in vertices:
        max_residual = max(max_residual, residual[v])
    rank_key = np.empty(n_classes, dtype=np.int64)
    for c in range(n_classes):
        rep = representative[c]
        rank_key[c] = ((max_residual - residual[vertices[rep]]) * (n_traces + 1)
                       + in_traces[rep]) * (n + 1) + vertices[rep]
    order = np.argsort(rank_key)
    rank = np.empty(n_classes, dtype=np.int64)
    for position in range(n_classes):
        rank[order[position]] = position
    starts = np.zeros(n_classes + 1, dtype=np.int64)
    for i in range(n_active):
        starts[rank[class_of[i]] + 1] += 1
    for c in range(n_classes):
        starts[c + 1] += starts[c]
    fill = starts[:-1].copy()
    members = np.empty(n_active, dtype=np.int64)
    for i in range(n_active):
        c = rank[class_of[i]]
        members[fill[c]] = vertices[i]
        fill[c] += 1
    return members, starts


def symmetry_classes(residual: np.ndarray, traces: np.ndarray) -> list[np.ndarray]:
    """Classes of interchangeable active vertices (see :func:`_class_kernel`)."""
    members, starts = _class_kernel(residual, traces)
    return [members[starts[c]:starts[c + 1]] for c in range(starts.size - 1)]


def compositions(low: list[int], high: list[int], total: int) -> Iterator[list[int]]:
    """Count vectors ``c`` with ``low <= c <= high`` and ``sum(c) == total``, in
    lexicographically decreasing order (the greedy choice first). The yielded list is
    reused; read it before advancing."""
    k = len(low)
    suffix_low = [0] * (k + 1)
    suffix_high = [0] * (k + 1)
    for i in range(k - 1, -1, -1):
        suffix_low[i] = suffix_low[i + 1] + low[i]
        suffix_high[i] = suffix_high[i + 1] + high[i]
    if not suffix_low[0] <= total <= suffix_high[0]:
        return
    counts = [0] * k

    def fill(start: int, remaining: int) -> None:
        for j in range(start, k):
            counts[j] = min(high[j], remaining - suffix_low[j + 1])
            remaining -= counts[j]

    fill(0, total)
    while True:
        yield counts
        tail = 0
        i = k - 1
        while i >= 0 and not (counts[i] > low[i] and tail + 1 <= suffix_high[i + 1]):
            tail += counts[i]
            i -= 1
        if i < 0:
            return
        counts[i] -= 1
        fill(i + 1, tail + 1)
