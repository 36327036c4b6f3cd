"""Exact end game of the search: every remaining facet is an edge.

The remaining facets then form a simple graph on the active vertices with degrees ``r``
that avoids every pair lying inside a placed facet: an ``f``-factor (``f = r``) of the graph
of allowed pairs. A greedy Havel-Hakimi pass usually finds one at once, else one of a few
passes that break ties at random (seeded): on the 10 instances of the dense benchmark where
the first pass got stuck and the matching below took 0.4-3.7 s, a random pass found a graph
in milliseconds. Otherwise Tutte's reduction decides it exactly with a perfect matching
(networkx's blossom algorithm): every vertex ``v`` gets ``r[v]`` copies, every allowed pair
``uv`` two joined nodes ``e_u - e_v``, ``e_u`` joined to every copy of ``u``. In a perfect
matching the pair is used exactly when ``e_u`` and ``e_v`` are matched to copies, and each
vertex uses ``r[v]`` pairs.
"""
from __future__ import annotations

import random
from itertools import combinations

import numpy as np

MAX_TAIL_VERTICES = 48
MIN_TAIL_EDGES = 4  # fewer edges: the plain search is cheaper
MAX_GADGET_EDGES = 20_000  # larger matching problems are left to the search
GREEDY_TRIES = 32  # greedy passes with random ties after the first, before the matching


def allowed_pairs(residual: np.ndarray, traces: np.ndarray) -> tuple[list[int], list[tuple[int, int]]]:
    """Active vertices, and the pairs of them that lie inside no trace."""
    active = [int(v) for v in np.flatnonzero(residual > 0)]
    forbidden: set[tuple[int, int]] = set()
    for row in traces:
        members = np.flatnonzero(np.unpackbits(row.view(np.uint8), bitorder="little"))
        forbidden.update(combinations(members.tolist(), 2))
    allowed = [pair for pair in combinations(active, 2) if pair not in forbidden]
    return active, allowed


def _greedy(residual: np.ndarray, active: list[int], allowed: list[tuple[int, int]],
            rng: random.Random | None = None):
    """Havel-Hakimi on the allowed graph: join a vertex of largest residual degree to its
    allowed neighbours of largest residual degree. Ties go to the lowest vertex, or at random
    with ``rng``. Edges, or None if it gets stuck."""
    tie = {v: -v if rng is None else rng.random() for v in active}
    left = {v: int(residual[v]) for v in active}
    neighbours: dict[int, set[int]] = {v: set() for v in active}
    for u, v in allowed:
        neighbours[u].add(v)
        neighbours[v].add(u)
    edges = []
    while True:
        hub = max(left, key=lambda v: (left[v], tie[v]), default=None)
        if hub is None or left[hub] == 0:
            return edges
        partners = sorted((u for u in neighbours[hub] if left[u] > 0),
                          key=lambda u: (-left[u], -tie[u]))[:left[hub]]
        if len(partners) < left[hub]:
            return None
        for u in partners:
            left[u] -= 1
            neighbours[u].discard(hub)
            edges.append((min(hub, u), max(hub, u)))
        left[hub] = 0
        neighbours[hub].clear()


def edge_tail(residual: np.ndarray, traces: np.ndarray):
    """Decide the edge end game.

    Returns ``(True, edges)`` with a simple graph of degrees ``residual`` avoiding the pairs
    inside a trace (``traces``: bit rows over the vertices), ``(True, None)`` when there is
    none, or ``(False, None)`` when the exact test would be too large (left to the search).
    """
    active, allowed = allowed_pairs(residual, traces)
    degree = dict.fromkeys(active, 0)
    for u, v in allowed:
        degree[u] += 1
        degree[v] += 1
    if any(degree[v] < residual[v] for v in active) or int(residual.sum()) % 2:
        return True, None
    edges = _greedy(residual, active, allowed)
    rng = random.Random(0)
    for _ in range(GREEDY_TRIES):
        if edges is not None:
            return True, edges
        edges = _greedy(residual, active, allowed, rng)
    if edges is not None:
        return True, edges
    if len(allowed) + sum(degree[v] * int(residual[v]) for v in active) > MAX_GADGET_EDGES:
        return False, None
    return True, _tutte_matching(residual, active, allowed)


def _tutte_matching(residual, active, allowed):
    import networkx as nx

    gadget = nx.Graph()
    for u, v in allowed:
        gadget.add_edge(("pair", u, v), ("pair", v, u))
        for a, b in ((u, v), (v, u)):
            for copy in range(int(residual[a])):
                gadget.add_edge(("copy", a, copy), ("pair", a, b))
    gadget.add_nodes_from(("copy", v, c) for v in active for c in range(int(residual[v])))
    matching = nx.max_weight_matching(gadget, maxcardinality=True)
    if 2 * len(matching) != gadget.number_of_nodes():
        return None
    edges = set()
    for x, y in matching:
        for node in (x, y):
            if node[0] == "pair":
                other = y if node is x else x
                if other[0] == "copy":
                    edges.add((min(node[1], node[2]), max(node[1], node[2])))
    return sorted(edges)
