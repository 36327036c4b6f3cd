"""A Cayley or Schreier graph written out: vertex states, edge lists and sparse matrices.

Vertex numbering
----------------
* **By rank** when a perfect hash covers exactly the reachable states (Cayley graphs of
  permutation groups started at the identity, Cayley and Schreier graphs whose generators
  generate all of S_n): vertex ``r`` is the state of rank ``r`` (lexicographic rank for S_n and
  for strings with repeated symbols, stabilizer-chain rank for other groups), the same ranks the
  growth engine uses.
* **In BFS order** otherwise (matrix groups, other Schreier graphs): vertex 0 is the start
  state, then the states in the order a breadth-first search that tries generators in order
  first reaches them.

:func:`vertex_numbering` says which applies. Every vertex has exactly one out-edge per
generator (loops and parallel edges included), so ``adjacency(graph)[u, v]`` counts the
generators that take ``u`` to ``v``. States of permutation graphs are written in relabelled
codes ``0..k-1`` (``graph.start_codes``); they equal the symbols for the identity start.

Examples
--------
>>> from cayley import CayleyGraph
>>> from cayley.explicit import adjacency, vertex_numbering
>>> g = CayleyGraph.from_family("coxeter", 3)
>>> vertex_numbering(g), adjacency(g).toarray().sum(axis=1).tolist()
('rank', [2.0, 2.0, 2.0, 2.0, 2.0, 2.0])
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from cayley import _memory
from cayley.bfs import _ranked_cpu as kernels
from cayley.bfs._state_space import RankedSpace
from cayley.graph import CayleyGraph

__all__ = [
    "EdgeList",
    "ExplicitGraph",
    "adjacency",
    "edges",
    "explicit",
    "exact_ranked_space",
    "laplacian",
    "to_networkx",
    "vertex_numbering",
]

DEFAULT_MAX_VERTICES = 20_000_000
_BLOCK = 4096


@dataclass(frozen=True)
class ExplicitGraph:
    """Every vertex of a graph with its state and its out-neighbour per generator.

    Attributes
    ----------
    states : ndarray
        ``(V, n)`` state codes (``(V, d, d)`` matrices for matrix groups), row ``v`` = vertex ``v``.
    neighbours : ndarray
        ``(V, k)`` int64; ``neighbours[v, i]`` is the vertex generator ``i`` takes ``v`` to.
    numbering : str
        ``"rank"`` or ``"bfs"`` (see the module docstring).
    names : list of str
        Generator names, the labels of the edges.
    """

    states: np.ndarray
    neighbours: np.ndarray
    numbering: str
    names: list[str]

    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return int(self.neighbours.shape[0])


@dataclass(frozen=True)
class EdgeList:
    """Directed edges ``source[j] -> target[j]`` made by generator number ``generator[j]``."""

    source: np.ndarray
    target: np.ndarray
    generator: np.ndarray
    names: list[str]

    def __len__(self) -> int:
        return int(self.source.shape[0])


def _check_graph(graph: object) -> CayleyGraph:
    if not isinstance(graph, CayleyGraph):
        raise TypeError(f"graph must be a CayleyGraph, got {type(graph).__name__}")
    return graph


def exact_ranked_space(graph: CayleyGraph) -> RankedSpace | None:
    """The perfect hash whose ranks are exactly the reachable states, or None.

    Examples
    --------
    >>> exact_ranked_space(CayleyGraph.from_family("lrx", 5)).size
    120
    """
    from cayley.bfs import _choose_engine

    _check_graph(graph)
    _, space = _choose_engine(graph, "auto")
    if space is None:
        return None
    if space.kind == kernels.BSGS and not np.array_equal(graph.start_codes, np.arange(graph.degree)):
        return None  # stabilizer-chain ranks name group elements; the start must be one
    return space


def vertex_numbering(graph: CayleyGraph) -> str:
    """``"rank"`` or ``"bfs"``: how :func:`explicit` numbers the vertices of ``graph``."""
    return "rank" if exact_ranked_space(graph) is not None else "bfs"


def _bytes_per_vertex(graph: CayleyGraph) -> int:
    state = graph.degree * (graph.degree if graph.is_matrix else 1) * 8
    return state + graph.n_generators * 8 * 4  # states, neighbours and a CSR matrix of edges


def _guard(graph: CayleyGraph, vertices: int, max_vertices: int, memory_limit: int | None,
           how: str = "") -> None:
    if vertices > max_vertices:
        raise ValueError(
            f"the graph has {how}{vertices} vertices; writing it out is limited to "
            f"max_vertices={max_vertices}. Use the matrix-free routines of cayley.spectra "
            f"or raise max_vertices"
        )
    _memory.require(vertices * _bytes_per_vertex(graph), f"an explicit graph of {vertices} vertices", memory_limit)


def explicit(
    graph: CayleyGraph, max_vertices: int = DEFAULT_MAX_VERTICES, memory_limit: int | None = None
) -> ExplicitGraph:
    """All vertices of ``graph`` with their states and out-neighbours.

    Parameters
    ----------
    graph : CayleyGraph
    max_vertices : int
        Refuse (ValueError) graphs with more vertices than this.
    memory_limit : int, optional
        Bytes it may use (default: the memory available now); MemoryBudgetError beyond it.

    Examples
    --------
    >>> e = explicit(CayleyGraph.from_family("lrx", 3))
    >>> e.n_vertices, e.numbering, e.neighbours.shape
    (6, 'rank', (6, 3))
    """
    _check_graph(graph)
    space = exact_ranked_space(graph)
    if space is not None:
        _guard(graph, space.size, max_vertices, memory_limit)
        return _ranked_explicit(graph, space)
    bound = graph.state_count_bound
    _memory.require(min(bound, max_vertices) * _bytes_per_vertex(graph),
                    f"an explicit graph of up to {min(bound, max_vertices)} vertices", memory_limit)
    return _bfs_explicit(graph, max_vertices, memory_limit)


def _ranked_explicit(graph: CayleyGraph, space: RankedSpace) -> ExplicitGraph:
    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)
    states = np.empty((space.size, graph.degree), dtype=np.int64)
    neighbours = np.empty((space.size, graph.n_generators), dtype=np.int64)
    _ranked_table(space.size, gens, space.kind, space.tables, states, neighbours)
    return ExplicitGraph(states, neighbours, "rank", list(graph.names))


@njit(cache=True, inline="always")
def _image_ranks(kind, r, gens, t, cache, state, image, ranks):
    """Unrank ``r`` into ``state`` and write the rank of its image under generator ``g`` into ``ranks[g]``."""
    kernels._unrank(kind, r, state, t, cache)
    for g in range(gens.shape[0]):
        for i in range(state.shape[0]):
            image[i] = state[gens[g, i]]
        ranks[g] = kernels._rank(kind, image, t)


@njit(cache=True, parallel=True)
def _ranked_table(size, gens, kind, tables, states, neighbours):
    """Unrank every vertex into ``states`` and rank each of its generator images."""
    n = gens.shape[1]
    for b in prange((size + _BLOCK - 1) // _BLOCK):
        t = kernels._thread_tables(tables)
        cache = kernels.new_cache(n)
        image = np.empty(n, dtype=np.int64)
        for r in range(b * _BLOCK, min(size, (b + 1) * _BLOCK)):
            _image_ranks(kind, r, gens, t, cache, states[r], image, neighbours[r])


def _bfs_explicit(graph: CayleyGraph, max_vertices: int, memory_limit: int | None) -> ExplicitGraph:
    start = graph.start if graph.is_matrix else graph.start_codes
    index = {start.tobytes(): 0}
    states = [start]
    rows: list[list[int]] = []
    v = 0
    while v < len(states):
        row = []
        for g in range(graph.n_generators):
            image = graph._act(states[v], g)
            key = image.tobytes()
            if key not in index:
                if len(states) == max_vertices:
                    _guard(graph, len(states) + 1, max_vertices, memory_limit, "at least ")
                index[key] = len(states)
                states.append(image)
            row.append(index[key])
        rows.append(row)
        v += 1
    return ExplicitGraph(np.stack(states), np.asarray(rows, dtype=np.int64), "bfs", list(graph.names))


def _table(graph: object, max_vertices: int) -> ExplicitGraph:
    if isinstance(graph, ExplicitGraph):
        return graph
    return explicit(_check_graph(graph), max_vertices)


def edges(graph: CayleyGraph | ExplicitGraph, max_vertices: int = DEFAULT_MAX_VERTICES) -> EdgeList:
    """Directed edges, one per vertex and generator, labelled by the generator's number.

    Examples
    --------
    >>> e = edges(CayleyGraph.from_family("coxeter", 3))
    >>> len(e), e.names
    (12, ['(0,1)', '(1,2)'])
    """
    table = _table(graph, max_vertices)
    v, k = table.neighbours.shape
    return EdgeList(
        source=np.repeat(np.arange(v, dtype=np.int64), k),
        target=table.neighbours.reshape(-1).copy(),
        generator=np.tile(np.arange(k, dtype=np.int64), v),
        names=list(table.names),
    )


def adjacency(graph: CayleyGraph | ExplicitGraph, sparse: bool = True, max_vertices: int = DEFAULT_MAX_VERTICES):
    """Adjacency matrix: entry ``[u, v]`` counts the generators taking ``u`` to ``v``.

    Symmetric when the generating set is closed under inverses. Returns a
    ``scipy.sparse.csr_array`` (float64), or a dense ndarray with ``sparse=False``.

    Examples
    --------
    >>> adjacency(CayleyGraph(["(1,2,3)", "(1,3,2)"]), sparse=False).tolist()
    [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
    """
    from scipy import sparse as sp

    table = _table(graph, max_vertices)
    v, k = table.neighbours.shape
    rows = np.repeat(np.arange(v, dtype=np.int64), k)
    matrix = sp.csr_array((np.ones(v * k), (rows, table.neighbours.reshape(-1))), shape=(v, v))
    matrix.sum_duplicates()
    return matrix if sparse else matrix.toarray()


def laplacian(graph: CayleyGraph | ExplicitGraph, normalized: bool = False, sparse: bool = True,
              max_vertices: int = DEFAULT_MAX_VERTICES):
    """Laplacian ``k I - A`` of the k-regular graph, or ``I - A / k`` when ``normalized``.

    Examples
    --------
    >>> laplacian(CayleyGraph(["(1,2,3)", "(1,3,2)"]), sparse=False).tolist()
    [[2.0, -1.0, -1.0], [-1.0, 2.0, -1.0], [-1.0, -1.0, 2.0]]
    """
    from scipy import sparse as sp

    table = _table(graph, max_vertices)
    v, k = table.neighbours.shape
    a = adjacency(table)
    lap = (sp.eye_array(v, format="csr") - a / k) if normalized else (k * sp.eye_array(v, format="csr") - a)
    lap = sp.csr_array(lap)
    return lap if sparse else lap.toarray()


def to_networkx(graph: CayleyGraph | ExplicitGraph, max_vertices: int = DEFAULT_MAX_VERTICES):
    """A ``networkx.MultiDiGraph``: nodes are vertex numbers with a ``state`` tuple attribute,
    and each edge carries its generator's ``name`` and number ``generator``.

    Examples
    --------
    >>> h = to_networkx(CayleyGraph.from_family("coxeter", 3))
    >>> h.number_of_nodes(), h.number_of_edges(), h.nodes[0]["state"]
    (6, 12, (0, 1, 2))
    """
    import networkx as nx

    table = _table(graph, max_vertices)
    out = nx.MultiDiGraph()
    for v, state in enumerate(table.states):
        out.add_node(v, state=tuple(int(x) for x in np.asarray(state).reshape(-1)))
    for v, row in enumerate(table.neighbours.tolist()):
        for g, w in enumerate(row):
            out.add_edge(v, w, generator=g, name=table.names[g])
    return out

