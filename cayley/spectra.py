"""Spectra of Cayley and Schreier graphs: full spectra, extreme eigenvalues, spectral gap.

Large graphs never build a matrix: :func:`adjacency_operator` is a
``scipy.sparse.linalg.LinearOperator`` whose product unranks every vertex, applies the
generators and ranks the images (numba, parallel), so memory is a few vectors of the vertex
count. It needs a perfect hash of exactly the reachable states (see
:func:`cayley.explicit.vertex_numbering`); other graphs use the explicit sparse matrix.
Eigenvalues are of the adjacency matrix ``A`` unless said otherwise; for a k-regular graph
the Laplacian ``k I - A`` has eigenvalues ``k - lambda``. Computed eigenvalues carry rounding
errors that depend on the BLAS and the CPU, so a zero eigenvalue may come out as ``-0.0`` or
``1e-16``: the examples round, then add ``0.0``, which turns ``-0.0`` into ``0.0``.

Examples
--------
>>> from cayley import CayleyGraph
>>> from cayley.spectra import full_spectrum, spectral_gap
>>> g = CayleyGraph(["(1,2,3,4)", "(1,4,3,2)"])  # the 4-cycle
>>> (full_spectrum(g).round(6) + 0.0).tolist()
[-2.0, 0.0, 0.0, 2.0]
>>> round(spectral_gap(g), 6) + 0.0
2.0
"""
from __future__ import annotations

import warnings

import numpy as np
from numba import njit, prange

from cayley import _memory
from cayley.bfs import _ranked_cpu as kernels
from cayley.explicit import (
    DEFAULT_MAX_VERTICES,
    _check_graph,
    _image_ranks,
    adjacency,
    exact_ranked_space,
    explicit,
)
from cayley.graph import CayleyGraph

__all__ = [
    "add_spectrum_command",
    "adjacency_operator",
    "extreme_eigenvalues",
    "full_spectrum",
    "spectral_gap",
]

FULL_SPECTRUM_MAX_VERTICES = 6000
_KINDS = ("adjacency", "laplacian", "normalized_laplacian")
_WHICH = ("LA", "SA", "LM")
_METHODS = ("lanczos", "lobpcg")
_BLOCK = 4096


def _symmetric(graph: CayleyGraph) -> None:
    if not graph.inverse_closed:
        raise ValueError(
            "the generating set is not closed under inverses, so the adjacency matrix is not "
            "symmetric; add the inverse generators to study the undirected graph"
        )


def adjacency_operator(graph: CayleyGraph, memory_limit: int | None = None):
    """Matrix-free adjacency ``(A x)[r] = sum_g x[rank(g . state_r)]`` over rank-indexed vectors.

    Raises ValueError when no perfect hash covers exactly the reachable states.

    Examples
    --------
    >>> op = adjacency_operator(CayleyGraph.from_family("coxeter", 3))
    >>> op.shape, (op @ np.ones(6)).tolist()
    ((6, 6), [2.0, 2.0, 2.0, 2.0, 2.0, 2.0])
    """
    from scipy.sparse.linalg import LinearOperator

    _check_graph(graph)
    space = exact_ranked_space(graph)
    if space is None:
        raise ValueError(
            "matrix-free products need a perfect hash of exactly the reachable states (Cayley "
            "graphs of permutation groups from the identity, or generators of all of S_n); "
            "use cayley.explicit.adjacency for this graph"
        )
    _memory.require(space.size * 8 * 6, f"eigenvalue vectors over {space.size} vertices", memory_limit)
    gens = np.ascontiguousarray(graph.generators, dtype=np.int64)

    def matvec(x: np.ndarray) -> np.ndarray:
        x = np.ascontiguousarray(np.asarray(x, dtype=np.float64).reshape(-1))
        y = np.empty(space.size, dtype=np.float64)
        _pull_sum(x, y, gens, space.kind, space.tables)
        return y

    return LinearOperator((space.size, space.size), matvec=matvec, dtype=np.float64)


@njit(cache=True, parallel=True)
def _pull_sum(x, y, gens, kind, tables):
    """``y[r] = sum over generators g of x[rank(state_r[g])]``."""
    n = gens.shape[1]
    size = y.shape[0]
    for b in prange((size + _BLOCK - 1) // _BLOCK):
        t = kernels._thread_tables(tables)
        cache = kernels.new_cache(n)
        state = np.empty(n, dtype=np.int64)
        image = np.empty(n, dtype=np.int64)
        ranks = np.empty(gens.shape[0], dtype=np.int64)
        for r in range(b * _BLOCK, min(size, (b + 1) * _BLOCK)):
            _image_ranks(kind, r, gens, t, cache, state, image, ranks)
            total = 0.0
            for g in range(gens.shape[0]):
                total += x[ranks[g]]
            y[r] = total


def full_spectrum(graph: CayleyGraph, kind: str = "adjacency",
                  max_vertices: int = FULL_SPECTRUM_MAX_VERTICES) -> np.ndarray:
    """All eigenvalues, ascending, of a small undirected graph (dense ``eigvalsh``).

    Parameters
    ----------
    kind : {"adjacency", "laplacian", "normalized_laplacian"}
    max_vertices : int
        Refuse larger graphs (a dense matrix of V^2 doubles is built).

    Examples
    --------
    >>> (full_spectrum(CayleyGraph(["(1,2)", "(3,4)"]), "laplacian").round(6) + 0.0).tolist()  # square
    [0.0, 2.0, 2.0, 4.0]
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}")
    _symmetric(_check_graph(graph))
    table = explicit(graph, max_vertices=max_vertices)
    _memory.require(table.n_vertices**2 * 8 * 2, f"a dense {table.n_vertices}x{table.n_vertices} matrix")
    values = np.linalg.eigvalsh(adjacency(table, sparse=False))
    k = graph.n_generators
    if kind == "laplacian":
        return np.sort(k - values)
    if kind == "normalized_laplacian":
        return np.sort(1.0 - values / k)
    return values


def extreme_eigenvalues(graph: CayleyGraph, k: int = 6, which: str = "LA", matrix_free: bool | None = None,
                        method: str = "lanczos", tol: float = 1e-10,
                        max_vertices: int = DEFAULT_MAX_VERTICES) -> np.ndarray:
    """The ``k`` largest (``"LA"``), smallest (``"SA"``) or largest-magnitude (``"LM"``)
    adjacency eigenvalues, in descending order for ``"LA"``/``"LM"`` and ascending for ``"SA"``.

    Parameters
    ----------
    matrix_free : bool, optional
        Use :func:`adjacency_operator` (default: whenever a perfect hash applies), else the
        explicit sparse matrix.
    method : {"lanczos", "lobpcg"}
        ``"lanczos"`` (``scipy.sparse.linalg.eigsh``, fast) finds the distinct extreme
        eigenvalues reliably but may list a repeated eigenvalue fewer times than its
        multiplicity (Cayley graphs have many), then fills up with the next distinct ones.
        ``"lobpcg"`` iterates a block of ``k + 5`` vectors and counts multiplicities up to
        that block size; it is several times slower. (LA and SA only.)

    Examples
    --------
    >>> g = CayleyGraph.from_family("all_transpositions", 4)
    >>> (extreme_eigenvalues(g, k=3).round(6) + 0.0).tolist()  # content sums of Young diagrams
    [6.0, 2.0, 2.0]
    """
    from scipy.sparse.linalg import eigsh, lobpcg

    _symmetric(_check_graph(graph))
    if which not in _WHICH:
        raise ValueError(f"which must be one of {_WHICH}, got {which!r}")
    if method not in _METHODS or (method == "lobpcg" and which not in ("LA", "SA")):
        raise ValueError(f"method must be one of {_METHODS} (lobpcg with which LA or SA), got {method!r}")
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")
    if matrix_free is None:
        matrix_free = exact_ranked_space(graph) is not None
    operator = adjacency_operator(graph) if matrix_free else adjacency(graph, max_vertices=max_vertices)
    size = operator.shape[0]
    if k >= size:  # every eigenvalue: dense
        _memory.require(size**2 * 8 * 2, f"k={k} >= {size} vertices: every eigenvalue of a dense {size}x{size} matrix")
        values = np.linalg.eigvalsh(adjacency(graph, sparse=False, max_vertices=max_vertices))
    elif method == "lobpcg" and size > 5 * (k + 5):
        block = np.random.default_rng(0).standard_normal((size, k + 5))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # lobpcg warns about its tolerance
            values, _ = lobpcg(operator, block, largest=which == "LA", tol=max(tol, 1e-9), maxiter=5000)
    else:
        rng = np.random.default_rng(0)  # a fixed start vector makes results reproducible
        values = eigsh(operator, k=k, which=which, tol=tol, v0=rng.standard_normal(size),
                       ncv=min(size, max(2 * k + 1, 40)), return_eigenvectors=False)
    values = np.sort(values)
    if which == "SA":
        return values[:k]
    if which == "LM":
        return values[np.argsort(-np.abs(values), kind="stable")][:k]
    return values[::-1][:k]


def spectral_gap(graph: CayleyGraph, matrix_free: bool | None = None, tol: float = 1e-10,
                 max_vertices: int = DEFAULT_MAX_VERTICES) -> float:
    """``k - lambda_2``: the smallest non-zero Laplacian eigenvalue of a connected k-regular graph.

    The constant vector (eigenvalue ``k``) is projected out and ``A + k I`` is shifted to be
    positive semi-definite, so Lanczos only has to find one eigenvalue, ``lambda_2 + k``.

    Examples
    --------
    >>> round(spectral_gap(CayleyGraph.from_family("coxeter", 4)), 6)  # 2 (1 - cos(pi / 4))
    0.585786
    """
    from scipy.sparse.linalg import LinearOperator, eigsh

    _symmetric(_check_graph(graph))
    if matrix_free is None:
        matrix_free = exact_ranked_space(graph) is not None
    operator = adjacency_operator(graph) if matrix_free else adjacency(graph, max_vertices=max_vertices)
    size, k = operator.shape[0], graph.n_generators
    if size <= 64:
        values = np.linalg.eigvalsh(adjacency(graph, sparse=False))
        return float(k - values[-2])

    def shifted(x: np.ndarray) -> np.ndarray:
        x = x.reshape(-1) - x.mean()
        y = operator @ x + k * x
        return y - y.mean()

    projected = LinearOperator((size, size), matvec=shifted, dtype=np.float64)
    v0 = np.random.default_rng(0).standard_normal(size)
    top = eigsh(projected, k=1, which="LA", tol=tol, v0=v0, ncv=min(size - 1, 40), return_eigenvectors=False)
    return float(k - (top[0] - k))


# --------------------------------------------------------------------------- CLI
def add_spectrum_command(sub) -> None:
    """Register ``spectrum FAMILY N [--k 6]`` on an argparse sub-parsers object."""
    p = sub.add_parser("spectrum", help="largest adjacency eigenvalues and the spectral gap")
    p.add_argument("family", help="generator family, e.g. lrx, coxeter, all_transpositions")
    p.add_argument("n", type=int)
    p.add_argument("--k", type=int, default=6, help="number of largest eigenvalues (default 6)")
    p.add_argument("--explicit", action="store_true", help="use the explicit sparse matrix")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_run_spectrum)


def _run_spectrum(args) -> int:
    import json
    import time

    graph = CayleyGraph.from_family(args.family, args.n)
    t0 = time.perf_counter()
    values = extreme_eigenvalues(graph, k=args.k, matrix_free=False if args.explicit else None)
    gap = float(graph.n_generators - values[1]) if len(values) > 1 else float("nan")
    seconds = time.perf_counter() - t0
    if args.json:
        print(json.dumps({"eigenvalues": values.tolist(), "spectral_gap": gap, "seconds": seconds}))
    else:
        print(f"{graph!r}: largest adjacency eigenvalues")
        print("  " + "  ".join(f"{v:.6f}" for v in values))
        print(f"spectral gap (k - lambda_2) {gap:.6f}  ({seconds:.2f} s)")
    return 0
