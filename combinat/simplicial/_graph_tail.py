"""Exact end game of the search: every remaining facet is an edge.

The remaining facets then form a simple graph on the active vertices with degrees ``r``
that avoids every pair lying inside a placed facet: an ``f``-factor of the graph of allowed
pairs. Tutte's gadget turns that into a perfect matching (networkx's blossom algorithm):
each vertex ``v`` gets one port per allowed pair and ``deg(v) - r[v]`` slack nodes joined to
all its ports; a pair's two ports are joined. Perfect matchings correspond to ``f``-factors
(the matched port pairs are the edges).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

MAX_TAIL_VERTICES = 48
MIN_TAIL_EDGES = 4  # fewer edges: the plain search is cheaper than the matching


def edge_tail(residual: np.ndarray, traces: np.ndarray) -> list[tuple[int, int]] | None:
    """Edges of a simple graph with degrees ``residual`` avoiding pairs inside a trace, or
    None when there is none. ``traces`` are bit rows over the vertices."""
    import networkx as nx

    active = [int(v) for v in np.flatnonzero(residual > 0)]
    inside = [{v for v in active if (int(row[v >> 6]) >> (v & 63)) & 1} for row in traces]
    allowed = [(u, v) for u, v in combinations(active, 2)
               if not any(u in t and v in t for t in inside)]
    degree = dict.fromkeys(active, 0)
    for u, v in allowed:
        degree[u] += 1
        degree[v] += 1
    if any(degree[v] < residual[v] for v in active):
        return None
    gadget = nx.Graph()
    for u, v in allowed:
        gadget.add_edge(("port", u, v), ("port", v, u))
    for u, v in allowed:
        for a, b in ((u, v), (v, u)):
            for k in range(degree[a] - int(residual[a])):
                gadget.add_edge(("slack", a, k), ("port", a, b))
    matching = nx.max_weight_matching(gadget, maxcardinality=True)
    if 2 * len(matching) != gadget.number_of_nodes():
        return None
    edges = []
    for x, y in matching:
        if x[0] == "port" and y[0] == "port":
            edges.append((min(x[1], y[1]), max(x[1], y[1])))
    return edges
